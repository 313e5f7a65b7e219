"""Findings: observations × baseline × history → what `monitor diff` reports.

`rules` holds the pure rules (baseline findings, edits, fact changes, reverts, conflicts);
`recording` is their database side (what each new snapshot adds, re-extraction); `queries`
reads them back for `monitor diff`, the notifier and the demo (SQLite only, so a report starts
at once). Imports: facts, extraction, fetching (decoding stored raw pages),
storage, `monitor.model`, `monitor.serialize`.
"""
