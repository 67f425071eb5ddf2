"""Partners (警企, 警银, 警邮): banks, telecoms, platforms and gold sellers.

``registry`` knows who a partner is and what it may do; ``signing`` proves a
request came from it and was not replayed; ``checks`` answer a driver, courier
or clerk in milliseconds; ``webhooks`` push warnings back, retrying with backoff.

The services, one job each, over one ``repository.PartnersRepository``:
``auth`` (keys, addresses, rate limits, signatures, replays), ``checking``
(scope and decision of a check), ``writer`` (log rows after the answer),
``reports`` (clues, feedback, counts), ``outbox`` (whom to tell, deliveries);
``service.PartnerService`` wires them for the routes. ``sql`` holds every
query, ``memory`` the same in dicts for tests. No HTTP, typer or SQL elsewhere.
"""
