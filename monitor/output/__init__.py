"""Output: findings and facts for people and programs — terminal tables, JSON, Markdown.

Reads what the findings wing returns; decides nothing. Imports: config, facts, findings,
`monitor.model`, `monitor.serialize`.
"""
