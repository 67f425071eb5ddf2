"""An examiner's city: events and truth written without knowledge of the detector (issue 17)."""
