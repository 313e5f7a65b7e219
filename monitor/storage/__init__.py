"""Storage: the SQLite file — schema and migrations, one transaction per check, status queries,
and the plain sqlite3 connection that reads an up-to-date file without loading sqlite-utils.

Knows no findings rule. Imports: `monitor.model`, `monitor.errors`, and `facts.compare` for the
interval a stored observation allows (a migration fills it in).
"""
