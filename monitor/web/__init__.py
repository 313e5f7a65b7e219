"""Web: the database in Datasette (`monitor serve`) and the plugin that shapes its pages and feed.

Reads the database through Datasette only. Imports: `monitor.errors`, and `monitor.output` for a
finding's values in words (as the reports write them).
"""
