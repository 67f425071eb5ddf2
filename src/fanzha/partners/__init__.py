"""Partners (警企, 警银, 警邮): banks, telecoms, platforms and gold sellers.

``registry`` knows who a partner is and what it may do; ``signing`` proves a
request came from it and was not replayed; ``checks`` answer a driver, courier
or clerk in milliseconds; ``webhooks`` push warnings back, retrying with backoff.
"""
