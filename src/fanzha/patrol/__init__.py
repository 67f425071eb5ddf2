"""Network patrol: the blocklist store, look-alike domains and page verdicts.

What other packages call (detect in particular)::

    from fanzha.patrol.indicators import PatrolIndicators
    lookup = PatrolIndicators.open(path=None, clock=None)  # FANZHA_DATA_DIR/patrol/blocklist
    lookup.is_blocked_domain(url_or_domain) -> Entry | None   # parents count, allowlist wins
    lookup.is_blocked_url(url) -> Entry | None
    lookup.is_blocked_app(app_id) -> Entry | None
    lookup.is_blocked_phone(number) -> Entry | None
    lookup.lookalike_score(url_or_domain) -> LookalikeScore   # .score 0..1, .brand, .reasons

    from fanzha.patrol.classify import classify_page  # html -> PageVerdict(verdict, score, reasons)

Bulk callers use ``Blocklist.domains_blocked(list_of_domains, now)`` (numpy bool array).
"""
