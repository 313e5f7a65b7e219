"""Feeds: parsing RSS 2.0 / RSS 1.0 / Atom fixtures, topic filtering, URL canonicalisation."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from server import LoopbackServer

from monitor.fetching.feeds import (
    FeedEntry,
    FeedError,
    canonicalize_url,
    matches_topic,
    parse_feed,
)
from monitor.fetching.http import Fetcher
from monitor.model import FetchPolicy

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
TOPIC = ["OpenAI", "Microsoft", "société à mission", "public benefit corporation"]


def entries(name: str, base_url: str = "https://news.example.com/feeds/tech.xml") -> list[FeedEntry]:
    return parse_feed((FIXTURES / name).read_bytes(), base_url)


def test_rss2_entries_are_resolved_canonical_and_dated():
    found = entries("business-rss2.xml")
    assert [e.url for e in found] == [
        "https://news.example.com/tech/2025/10/28/microsoft-openai-agreement?id=42",
        "https://news.example.com/tech/2025/10/29/chip-results",
        "https://news.example.com/tech/2025/10/29/pbc-explainer?page=2&ref=home",
        "https://news.example.com/audio/markets-wrap",
    ]  # the entry without a link is skipped
    first = found[0]
    assert first.title == "Microsoft and OpenAI sign a new definitive agreement"
    assert first.published == "2025-10-28T13:05:00Z"
    assert first.summary.startswith("Under the revised terms, Microsoft keeps a stake of roughly 27 % in")
    assert "<" not in first.summary
    assert found[2].published == "2025-10-29T07:00:00Z"  # dc:date with +01:00, in UTC
    assert (found[3].published, found[3].summary) == (None, None)


def test_relative_rss_links_resolve_against_the_feed_url():
    found = entries("business-rss2.xml", base_url="https://mirror.example.net/feeds/tech.xml")
    assert found[0].url == "https://mirror.example.net/tech/2025/10/28/microsoft-openai-agreement?id=42"


def test_atom_entries_use_xml_base_and_prefer_published():
    found = entries("economie-atom.xml")
    assert [e.url for e in found] == [
        "https://journal.example.fr/economie/articles/openai-societe-a-mission.html",
        "https://journal.example.fr/economie/articles/ble-marche.html",
        "https://journal.example.fr/economie/articles/fondation-130-milliards.html",
    ]
    assert found[0].published == "2025-10-28T14:12:00Z"  # published, not updated
    assert found[1].published == "2025-10-29T07:45:00Z"  # only updated


def test_rss1_in_latin1_is_decoded_from_its_declaration():
    (entry,) = entries("rss1-rdf.xml")
    assert entry.url == "https://blog.example.org/2025/accord-revise"
    assert entry.title == "Accord révisé entre les deux partenaires"
    assert entry.published == "2025-10-30T06:00:00Z"


def test_google_news_links_are_kept_as_redirect_urls():
    found = entries("google-news.xml")
    assert [e.url for e in found] == [
        "https://news.google.com/rss/articles/CBMiTestFixtureArticleOne?oc=5",
        "https://news.google.com/rss/articles/CBMiTestFixtureArticleTwo?oc=5",
    ]
    assert "<" not in found[0].summary and "Example Daily" in found[0].summary


def test_duplicate_links_after_canonicalisation_give_one_entry():
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
      <item><title>one</title><link>https://a.example/x?utm_source=rss</link></item>
      <item><title>two</title><link>https://A.example/x#top</link></item></channel></rss>"""
    assert [e.title for e in parse_feed(rss, "https://a.example/feed")] == ["one"]


@pytest.mark.parametrize("content", [b"", b"<html><body><p>not a feed</p></body></html>", b"plain words"])
def test_non_feed_raises_feed_error(content):
    with pytest.raises(FeedError, match="not a feed"):
        parse_feed(content, "https://a.example/feed")


def test_topic_filter_keeps_english_and_french_entries_on_topic():
    found = entries("business-rss2.xml") + entries("economie-atom.xml") + entries("google-news.xml")
    kept = [e.title for e in found if matches_topic(e, TOPIC)]
    assert kept == [
        "Microsoft and OpenAI sign a new definitive agreement",
        "Public benefit corporation: what changes for the nonprofit",
        "OpenAI devient une société à mission, Microsoft conserve 27 % du capital",
        "Intelligence artificielle : la Fondation OpenAI détiendrait environ 130 milliards de dollars",
        "Microsoft's stake in OpenAI set at about 27 percent - Example Daily",
    ]


def entry(title: str, summary: str | None = None) -> FeedEntry:
    return FeedEntry(url="https://a.example/x", title=title, published=None, summary=summary)


@pytest.mark.parametrize(
    "keyword, title, expected",
    [
        ("societe", "Une SOCIÉTÉ à mission", True),  # accents and case ignored
        ("Société", "une societe a mission", True),
        ("fondation", "Le montant de la Fondation", True),
        ("AI", "The firm said so", False),  # whole words only
        ("AI", "AI groups raise funds", True),
        ("non profit", "the non-profit board", True),  # phrase words: spaces or hyphens between
        ("nonprofit", "the non-profit board", False),
        ("public benefit", "a Public   Benefit corporation", True),
        ("benefit public", "a public benefit corporation", False),  # order matters in a phrase
        ("invest*", "Investment plans", True),
        ("invest", "Investment plans", False),
        ("oeuvre", "la main-d'œuvre", True),  # ligature spelled out
        ("Microsoft", "Microsoft’s share", True),
    ],
)
def test_keyword_matching(keyword, title, expected):
    assert matches_topic(entry(title), [keyword]) is expected


def test_topic_looks_in_summary_and_empty_topic_matches_all():
    assert matches_topic(entry("Market wrap", "A note on OpenAI's valuation"), ["openai"])
    assert not matches_topic(entry("Market wrap", None), ["openai"])
    assert matches_topic(entry("Market wrap"), [])


@pytest.mark.parametrize(
    "url, canonical",
    [
        ("https://ex.com/a?utm_source=x&utm_medium=y", "https://ex.com/a"),
        ("https://ex.com/a?id=3&fbclid=Z&page=2&gclid=Q", "https://ex.com/a?id=3&page=2"),
        ("https://ex.com/a?mc_cid=1&mc_eid=2&xtor=RSS-3208#section", "https://ex.com/a"),
        ("HTTPS://WWW.Ex.COM:443/Path/Case", "https://www.ex.com/Path/Case"),
        ("http://ex.com:80", "http://ex.com/"),
        ("http://ex.com:8080/a", "http://ex.com:8080/a"),
        ("https://ex.com/a?b=2&a=1&UTM_Campaign=z", "https://ex.com/a?b=2&a=1"),
        ("https://ex.com/search?q=caf%C3%A9+cr%C3%A8me", "https://ex.com/search?q=caf%C3%A9+cr%C3%A8me"),
    ],
)
def test_canonicalize_url(url, canonical):
    assert canonicalize_url(url) == canonical


query_names = st.sampled_from(["id", "page", "q", "utm_source", "utm_term", "fbclid", "gclid", "lang"])
query_pieces = st.lists(st.tuples(query_names, st.text("abc123", min_size=0, max_size=4)), max_size=6)


@given(query_pieces, st.sampled_from(["", "#frag"]))
def test_canonicalisation_is_idempotent_and_keeps_other_params_in_order(pieces, fragment):
    query = "&".join(f"{name}={value}" for name, value in pieces)
    url = f"https://Ex.com/a?{query}{fragment}"
    canonical = canonicalize_url(url)
    assert canonicalize_url(canonical) == canonical
    kept = [f"{n}={v}" for n, v in pieces if not n.startswith("utm_") and n not in ("fbclid", "gclid")]
    assert canonical == "https://ex.com/a" + ("?" + "&".join(kept) if kept else "")


def test_feed_fetched_over_http_then_parsed():
    policy = replace(FetchPolicy(), per_host_delay=0.0, backoff=0.01)

    async def fetch_feed(url):
        async with Fetcher(policy) as fetcher:
            return await fetcher.fetch(url, expect="feed")

    with LoopbackServer() as server:
        server.serve("/feed.atom", (FIXTURES / "economie-atom.xml").read_bytes(), content_type="application/atom+xml")
        result = asyncio.run(fetch_feed(server.url("/feed.atom")))
    assert result.outcome == "ok"
    assert len(parse_feed(result.body, result.final_url)) == 3
