"""Storage: the SQLite file — schema and migrations, one transaction per check, status queries.

Knows no findings rule. Imports: `monitor.model`, `monitor.errors`, and `facts.compare` for the
interval a stored observation allows (a migration fills it in).
"""
