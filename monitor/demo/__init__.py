"""Demo: `monitor demo` replays a developing story that ships with the package, offline.

`story.py` serves the story's pages (`site/`: our own texts, as an OpenAI statement, its
Foundation's fund page and four outlets in English, French and German would publish them) on a
loopback port, and runs real passes of the pipeline over them into a fresh database, one pass
per moment of the story, with the clock set to that moment. `facts.toml` is the shipped fact
catalogue (the `# ── Facts` part of the project's sources.toml, kept equal by a test).

A top-level consumer, like the command line: imports config, pipeline, findings, storage and
model; the `demo` command in `monitor.cli` prints what it did.
"""
