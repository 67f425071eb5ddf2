"""The exam pages: a third page generator, written apart from the patrol classifier.

Its author never read the classifier or the two older generators, so the
pages it makes are a fair test of whether page verdicts generalise (issue 21).
``fanzha.sim.captures_exam`` is the only entry point; the modules here hold
the page model and renderers (``page``), shared vocabulary (``words``), the
harmful pages (``fraud``, ``gambling``, ``porn``), ordinary and look-alike
benign pages (``ordinary``, ``lookalike``) and the SEO injections (``hijack``).
"""
