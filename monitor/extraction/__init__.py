"""Extraction: a page's HTML → `Article` (title, dates, language, main text without furniture).

Pure: no network, no disk. Imports: `monitor.model` only.
"""
