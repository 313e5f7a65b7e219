"""Facts: an article's text → the tracked facts it states, set against their baseline.

One module per stage: `catalogue` (the fact definitions of sources.toml), `grammar` (the grammar
words of each language), `lexicon` (all of them found in one scan), `sentences`, `quantities`
(figures in base units), `discourse` (the party a pronoun or "the company" stands for),
`clauses` (a sentence cut into clauses, with its figures and phrases), `parties` (who each of
them is said of), `attribution` (which figure or claim is which fact, says who),
`reported_speech`, `compare` (statements as intervals, and their relation to the baseline),
`wording` (a value in words). Pure: no network, no disk. Imports: `monitor.model`, `monitor.errors`.
"""
