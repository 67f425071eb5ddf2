"""The enforcement ledger (打击台账): rings taken down and risk notices to gold merchants.

What the center reports at the end of the year — gangs broken, cash seized, gold
recovered, notices served — is recorded here, one takedown or notice at a time,
by the officers who did it. A takedown names the ring (``ring_id``, the rings
package's id: a plain string, so this package needs none of its code) and the
cases it solves, which are then closed (破案) with a link back to it.
"""
