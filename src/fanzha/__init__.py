"""fanzha (反诈): an open-source platform for anti-telecom-fraud centers."""

__version__ = "0.1.0"
