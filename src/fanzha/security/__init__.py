"""Who may see and do what: roles, jurisdiction, masking, passwords, the audit chain.

Kept free of HTTP and of the database so every capability and both engines can
apply the same rules; the service wires these into its routes and tables.
"""
