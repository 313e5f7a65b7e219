"""Facts: an article's text → the tracked facts it states, set against their baseline.

One module per stage: `catalogue` (the fact definitions of sources.toml), `sentences`,
`quantities` (figures in base units), `attribution` (which figure or claim is which fact, says
who), `compare` (statements as intervals, and their relation to the baseline), `wording` (a
value in words). Pure: no network, no disk. Imports: `monitor.model`, `monitor.errors`.
"""
