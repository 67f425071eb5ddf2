"""Multi-step workflows across capabilities (intake, stop-payment, measures, lists);
they receive ``Services`` and know nothing of HTTP."""
