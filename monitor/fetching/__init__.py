"""Fetching: the polite HTTP client, the headless-browser fetcher, Google News link decoding and
RSS/Atom feeds — bytes and article URLs from the web.

The only wing that talks to the network. It returns plain results (`FetchResult`, `FeedEntry`)
and writes nothing: what is kept is storage's business. Imports: `monitor.model`, `monitor.errors`.
"""
