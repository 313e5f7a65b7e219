"""Google News article links decoded to the publisher's URL, against a loopback server that plays
Google's part: the article page with its signature and timestamp, and the ``batchexecute``
endpoint answering in Google's format (made-up ids, signatures and URLs).
"""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs

import pytest
from fixture_site import write_config
from server import LoopbackServer, Reply

from monitor.config import load_config
from monitor.fetching.google_news import (
    garturl_response,
    is_article_link,
    url_inside_id,
)
from monitor.pipeline import run_pass


def article_id(inner: str) -> str:
    """An id as Google writes it: a small protobuf (field 4: ``inner``) in URL-safe base64."""
    raw = inner.encode()
    length = bytes([len(raw)]) if len(raw) < 128 else bytes([len(raw) & 0x7F | 0x80, len(raw) >> 7])
    return base64.urlsafe_b64encode(b"\x08\x13\x22" + length + raw + b"\xd2\x01\x00").decode().rstrip("=")


OPAQUE = article_id("AU_yqLmadeUpIdentifierForTheGrantStoryOfExampleLab0123456789")
UNKNOWN = article_id("AU_yqLanotherMadeUpIdentifierThatTheServiceDoesNotKnow98765")
SIGNATURES = {OPAQUE: "AZ5r3eQmadeUpSignatureOne", UNKNOWN: "AZ5r3eQmadeUpSignatureTwo"}
TIMESTAMP = "1764750000"


def link(identifier: str) -> str:
    return f"https://news.google.com/rss/articles/{identifier}?oc=5&hl=en-GB&gl=GB&ceid=GB:en"


def batchexecute_answer(rpc_payload) -> str:
    """An answer in batchexecute's framing: the guard line, then chunks each after its length."""
    rows = [["wrb.fr", "Fbv4je", None if rpc_payload is None else json.dumps(rpc_payload), None, None, None,
             "generic"], ["di", 17], ["af.httprm", 16, "-2750123456789", 4]]
    first, last = json.dumps(rows), json.dumps([["e", 4, None, None, 201]])
    return f")]}}'\n\n{len(first)}\n{first}\n{len(last)}\n{last}\n"


class PlaysGoogle:
    """The two requests of Google's decoding, answered from a table of made-up articles."""

    def __init__(self, google: LoopbackServer, publisher_urls: dict[str, str]):
        self.publisher_urls = publisher_urls
        self.asked: list[list] = []
        google.answer("/_/DotsSplashUi/data/batchexecute", self.batchexecute)
        for identifier in SIGNATURES:
            google.answer(f"/rss/articles/{identifier}", self.article_page)

    def article_page(self, request) -> Reply:
        identifier = request.path.split("?")[0].rsplit("/", 1)[1]
        page = (f'<!doctype html><html><body><c-wiz><div jscontroller="aLI87" data-n-a-id="{identifier}" '
                f'data-n-a-ts="{TIMESTAMP}" data-n-a-sg="{SIGNATURES[identifier]}"></div></c-wiz></body></html>')
        return Reply(page, headers={"Content-Type": "text/html; charset=utf-8"})

    def batchexecute(self, request) -> Reply:
        (envelope,) = json.loads(parse_qs(request.body.decode())["f.req"][0])[0]
        inner = json.loads(envelope[1])
        self.asked.append(inner)
        _, context, identifier, stamp, signature = inner
        known = self.publisher_urls.get(identifier)
        if envelope[0] != "Fbv4je" or context[1] != "en-GB" or stamp != int(TIMESTAMP) or known is None \
                or signature != SIGNATURES[identifier]:
            return Reply(batchexecute_answer(None), headers={"Content-Type": "application/json; charset=utf-8"})
        payload = ["garturlres", known, 1]
        return Reply(batchexecute_answer(payload), headers={"Content-Type": "application/json; charset=utf-8"})


def article(title: str, sentence: str, canonical: str | None = None) -> str:
    head = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{head}</head><body>'
            f"<main><article><h1>{title}</h1><p>{sentence}</p><p>The programme takes applications until "
            "the end of January, and the first grants follow in spring.</p></article></main></body></html>")


def feed(*links: str) -> str:
    items = "".join(f"<item><title>Story {number}</title><link>{url}</link>"
                    "<pubDate>Wed, 02 Dec 2026 08:00:00 GMT</pubDate></item>" for number, url in enumerate(links))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Search</title>{items}</channel></rss>'


def test_google_news_links_are_filed_under_the_publishers_url(tmp_path, server, db):
    offline_target = server.url("/wire/2026/12/02/grant-round")
    server.serve("/press/grants?utm_source=google", article("Grant round", "A grant fund of $50 million opens.",
                                                             canonical=server.url("/press/grants")))
    server.serve("/wire/2026/12/02/grant-round", article("Grant round, wire", "The fund holds $50 million."))
    offline = article_id(offline_target)  # an id of the older form holds its URL
    links = [link(OPAQUE), link(offline), link(UNKNOWN)]
    server.serve("/search.rss", feed(*links), content_type="application/rss+xml")
    with LoopbackServer() as google:
        plays = PlaysGoogle(google, {OPAQUE: server.url("/press/grants?utm_source=google")})
        config = load_config(write_config(tmp_path / "sources.toml", [
            {"name": "google-news", "url": server.url("/search.rss"), "kind": "feed"}],
            google_news_url=google.url("/")))

        first = run_pass(config, db)
        asked_in_first = len(plays.asked)
        second = run_pass(config, db)

    assert first.new_snapshots == 2 and first.errors == {"google_news": 1}
    documents = [url for (url,) in db.execute("SELECT url FROM documents WHERE current_snapshot_id IS NOT NULL ORDER BY url")]
    assert documents == [server.url("/press/grants"), offline_target]
    aliases = {url for (url,) in db.execute("SELECT url FROM document_aliases")}
    assert {link(OPAQUE), link(offline)} <= aliases
    ((error,),) = db.execute("SELECT error FROM fetches WHERE error_class = 'google_news'").fetchall()
    assert "cannot decode the Google News link" in error and "no publisher URL" in error
    # The older id was read without asking Google; the opaque ones asked once each, in the link's edition.
    assert sorted(inner[2] for inner in plays.asked[:asked_in_first]) == sorted([OPAQUE, UNKNOWN])
    assert not [inner for inner in plays.asked[asked_in_first:] if inner[2] == OPAQUE]  # known now: never decoded again
    assert second.new_snapshots == 0


def test_a_decoding_service_that_does_not_answer_is_a_google_news_error(tmp_path, server, db):
    server.serve("/search.rss", feed(link(OPAQUE)), content_type="application/rss+xml")
    with LoopbackServer() as google:  # answers 404 to everything
        config = load_config(write_config(tmp_path / "sources.toml", [
            {"name": "google-news", "url": server.url("/search.rss"), "kind": "feed"}],
            google_news_url=google.url("/")))
        summary = run_pass(config, db)

    assert summary.errors == {"google_news": 1}
    ((error,),) = db.execute("SELECT error FROM fetches WHERE error_class = 'google_news'").fetchall()
    assert "answered HTTP 404" in error


@pytest.mark.parametrize("url, expected", [
    ("https://news.google.com/rss/articles/CBMiAbc?oc=5", True),
    ("https://news.google.com/articles/CBMiAbc", True),
    ("https://news.google.com/rss/search?q=openai", False),
    ("https://example.org/rss/articles/CBMiAbc", False),
])
def test_which_links_are_google_news_articles(url, expected):
    assert is_article_link(url) is expected


def test_an_id_of_the_older_form_holds_its_url_and_an_opaque_one_does_not():
    long_url = "https://example.org/" + "section/" * 20 + "story"  # a length of two varint bytes
    assert url_inside_id(article_id(long_url)) == long_url
    assert url_inside_id(OPAQUE) is None
    assert url_inside_id("not*base64") is None


def test_the_answer_is_read_whatever_its_framing():
    url = "https://example.org/story"
    assert garturl_response(batchexecute_answer(["garturlres", url, 1])) == url
    unframed = ")]}'\n" + json.dumps([["wrb.fr", "Fbv4je", json.dumps(["garturlres", url, 1]), None, None, None, "1"]])
    assert garturl_response(unframed) == url
    assert garturl_response(batchexecute_answer(None)) is None
    assert garturl_response("<html>Sorry…</html>") is None
