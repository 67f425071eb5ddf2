"""The simulated desk, officers and banks of ``fanzha demo`` and ``fanzha replay``."""
