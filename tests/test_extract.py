"""monitor.extraction.article on fixture pages written for these tests (tests/fixtures/pages/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.extraction.article import (
    detect_language,
    extract,
    extract_plain_text,
    text_hash,
)
from monitor.model import Block

PAGES = Path(__file__).parent / "fixtures" / "pages"
NNBSP = "\u202f"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


# ── metadata ───────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("name", "url", "title", "published", "language", "canonical"),
    [
        ("news-en-furniture.html", "https://ledger.example/b/1",
         "OpenAI and Microsoft seal the deal that reshapes their partnership",
         "2025-10-28T16:05:00+00:00", "en", "https://ledger.example/business/2025/10/28/openai-microsoft-deal"),
        ("press-release-en.html", "https://newsroom.example/next",
         "The next chapter of the Microsoft and OpenAI partnership",
         "2025-10-28T13:00:00+00:00", "en", "https://newsroom.example/2025/10/28/next-chapter"),
        ("article-fr.html", "https://courrier.example/eco/a",
         "Accord OpenAI-Microsoft : la fondation détiendra 130 milliards de dollars",
         "2025-10-29", "fr", "https://courrier.example/economie/accord-openai-microsoft"),
        ("blog-fr-undeclared.html", "https://carnet.example/2025/10/30/accord-fondation/",
         "Ce que l'accord change vraiment pour la fondation", "2025-10-30", "fr", None),
    ],
)
def test_metadata(name, url, title, published, language, canonical):
    article = extract(page(name), url)
    assert article.url == url
    assert article.title == title
    assert article.published == published
    assert article.language == language
    assert article.canonical_url == canonical


def test_title_falls_back_to_title_tag_without_site_suffix():
    html = "<html><head><title>Microsoft keeps 27 % of OpenAI | The Daily Example</title></head><body></body></html>"
    assert extract(html).title == "Microsoft keeps 27 % of OpenAI"


@pytest.mark.parametrize(
    ("head", "body", "url", "expected"),
    [
        ('<meta itemprop="datePublished" content="2025-10-28T09:00:00Z">', "", None, "2025-10-28T09:00:00+00:00"),
        ('<meta name="date" content="Tue, 28 Oct 2025 14:00:00 GMT">', "", None, "2025-10-28T14:00:00+00:00"),
        ("", '<p>Posted <time datetime="2025-10-28">Tuesday</time></p>', None, "2025-10-28"),
        ("", "<p>No date anywhere.</p>", "https://x.example/news/2025/10/28/deal.html", "2025-10-28"),
        ("", "<p>No date anywhere.</p>", "https://x.example/news/deal", None),
        ('<meta property="article:published_time" content="last Tuesday">', "", None, None),
    ],
)
def test_published_sources(head, body, url, expected):
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    assert extract(html, url).published == expected


def test_language_declared_by_page_wins_over_detection_and_option_wins_over_page():
    html = '<html lang="de-DE"><body><p>OpenAI et Microsoft ont signé un accord définitif avec la fondation.</p></body></html>'
    assert extract(html).language == "de"
    assert extract(html, language="fr").language == "fr"
    assert extract('<html><head><meta property="og:locale" content="es_ES"></head><body></body></html>').language == "es"


# ── main text ──────────────────────────────────────────────────────────────────────────────

FURNITURE = [
    "Accept all cookies", "We use cookies", "World", "Technology", "Advertisement", "Updated 3 minutes ago",
    "Jane Doe", "Share on X", "1.2k shares", "Photo: Ledger archive", "Related", "non-binding memorandum",
    "Sign up to our newsletter", "Subscribe", "Topics:", "Comments (14)", "Great piece", "skeptic42",
    "Most read", "Markets slide", "chip shortage", "All rights reserved", "enable JavaScript", "dataLayer",
    "Tuesday 28 October 2025",
]


def test_news_page_keeps_article_and_drops_furniture():
    article = extract(page("news-en-furniture.html"))
    text = article.text
    assert text.startswith("OpenAI and Microsoft have signed a definitive agreement")
    for sentence in (
        "now called the OpenAI Foundation, holds equity in the new public benefit corporation valued at about $130 billion",
        "Microsoft keeps roughly 27 % of OpenAI Group PBC",
        "building on a $50 million grant fund",
        "“This gives both companies the room to keep building,” one person close to the talks said.",
    ):
        assert sentence in text
    for furniture in FURNITURE:
        assert furniture not in text, furniture
    assert Block("h", "What changes for Azure") in article.blocks
    assert Block("quote", "“This gives both companies the room to keep building,” one person close to the talks said.") in article.blocks
    assert Block("li", "Microsoft's intellectual-property rights now run through 2032.") in article.blocks


def test_inline_markup_never_splits_numbers_or_words():
    html = "<html><body><article><p>OpenAI's stake is $<span>4</span>.2bn, up from <b>3</b>,<i>9</i>bn in <em>Sept</em>ember.</p></article></body></html>"
    assert extract(html).text == "OpenAI's stake is $4.2bn, up from 3,9bn in September."
    assert "OpenAI's stake is $4.2bn larger" in extract(page("news-en-furniture.html")).text


def test_whitespace_rule_no_break_spaces_become_plain_spaces():
    text = extract(page("article-fr.html")).text
    assert "130 milliards de dollars" in text
    assert "27 % du capital" in text
    assert NNBSP not in text and "\u00a0" not in text
    html = "<p>one\u00a0two\u202fthree \n\t four\u200bfive<br>six</p>"
    assert extract(html).text == "one two three fourfive six"


def test_double_br_splits_text_in_divs_into_paragraphs():
    article = extract(page("blog-fr-undeclared.html"))
    paragraphs = [block.text for block in article.blocks if block.kind == "p"]
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Mardi, OpenAI et Microsoft ont enfin signé leur accord définitif.")
    assert "sa participation est estimée à 130 milliards de dollars" in paragraphs[0]
    assert not any(word in article.text for word in ("Accueil", "Archives", "commentaires", "Publié dans"))


def test_french_page_drops_french_furniture():
    text = extract(page("article-fr.html")).text
    assert text.startswith("OpenAI et Microsoft ont conclu mardi un accord définitif")
    assert "Elle avait déjà lancé un fonds de 50 millions de dollars destiné aux associations." in text
    for furniture in ("cookies", "Tout accepter", "Accueil", "Claire Martin", "Mis à jour", "Partager", "Publicité",
                      "Lire aussi", "Nvidia", "Les plus lus", "Mentions légales"):
        assert furniture not in text, furniture


def test_press_release_keeps_lists_and_headings_but_not_sidebar():
    article = extract(page("press-release-en.html"))
    assert Block("li", "OpenAI has contracted an incremental $250 billion of Azure services.") in article.blocks
    assert "valued at approximately $135 billion, representing roughly 27 percent" in article.text
    for furniture in ("Skip to main content", "Newsroom home", "4 min read", "Share on LinkedIn", "Latest releases",
                      "Quarterly results", "Privacy"):
        assert furniture not in article.text, furniture


def test_furniture_only_changes_keep_the_text_hash():
    original = page("news-en-furniture.html")
    changes = {
        "Updated 3 minutes ago": "Updated 1 hour ago",
        "1.2k shares": "4.8k shares",
        "Markets slide as rate fears return to the trading floor": "Pension funds pile into bonds",
        'data-slot="top-1730127"': 'data-slot="top-1730991"',
        "Comments (14)": "Comments (15)",
        "Tuesday 28 October 2025": "Wednesday 29 October 2025",
    }
    variant = original
    for before, after in changes.items():
        assert before in variant
        variant = variant.replace(before, after)
    assert text_hash(extract(variant).text) == text_hash(extract(original).text)

    edited = original.replace("roughly 27&nbsp;%", "roughly 26&nbsp;%")
    assert edited != original
    assert text_hash(extract(edited).text) != text_hash(extract(original).text)


def test_select_overrides_the_generic_search():
    html = page("news-en-furniture.html")
    box = extract(html, select=".newsletter-signup")
    assert box.text == ("Sign up to our newsletter\n\n"
                        "The week's business news, every Friday morning, straight to your inbox. Enter your email address below.")
    both = extract(html, select="h1, .story-body > p:first-child")
    assert [block.kind for block in both.blocks] == ["h", "p"]
    assert extract(html, select="main .story-body p:first-child").text.startswith("OpenAI and Microsoft have signed")


def test_exclude_drops_boxes_the_generic_search_keeps():
    html = page("news-en-furniture.html")
    assert "What changes for Azure" in extract(html).text
    trimmed = extract(html, exclude=["h2", "ul:not(.nothing) li:last-child"])
    assert "What changes for Azure" not in trimmed.text
    assert "independent expert panel" not in trimmed.text
    assert "intellectual-property rights now run through 2032" in trimmed.text
    selected = extract(html, select=".story-body", exclude=["blockquote"])
    assert "room to keep building" not in selected.text
    assert "$250 billion of Azure" in selected.text


def test_empty_and_textless_pages_give_no_blocks():
    assert extract("").blocks == ()
    assert extract("<html><body><nav><a href='/'>Home</a></nav></body></html>").text == ""


# ── plain text, language, hash ───────────────────────────────────────────────────────────────


def test_plain_text_splits_on_blank_lines_and_takes_a_short_first_line_as_title():
    text = ("OpenAI and Microsoft sign definitive agreement\n\n"
            "The two companies signed the agreement on October 28, 2025.\nIt replaces the memorandum.\n\n\n"
            "  The nonprofit holds a stake of about\u00a0$130 billion.  \n")
    article = extract_plain_text(text, "https://x.example/deal.txt")
    assert article.title == "OpenAI and Microsoft sign definitive agreement"
    assert [block.text for block in article.blocks] == [
        "OpenAI and Microsoft sign definitive agreement",
        "The two companies signed the agreement on October 28, 2025. It replaces the memorandum.",
        "The nonprofit holds a stake of about $130 billion.",
    ]
    assert article.language == "en"
    assert article.url == "https://x.example/deal.txt"


def test_plain_text_without_blank_lines_splits_on_newlines():
    article = extract_plain_text("Première ligne\r\nLa fondation détient une participation de 130 milliards de dollars dans la société.\r\n")
    assert [block.text for block in article.blocks] == [
        "Première ligne", "La fondation détient une participation de 130 milliards de dollars dans la société."]
    assert article.language == "fr"
    assert extract_plain_text("x" * 300).title is None
    assert extract_plain_text("Short", language="de").language == "de"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OpenAI and Microsoft signed a definitive agreement on Tuesday, which gives the nonprofit a stake.", "en"),
        ("OpenAI et Microsoft ont signé mardi un accord définitif qui donne à la fondation une participation.", "fr"),
        ("OpenAI und Microsoft haben am Dienstag eine Vereinbarung unterzeichnet, die der Stiftung einen Anteil gibt.", "de"),
        ("OpenAI y Microsoft firmaron el martes un acuerdo definitivo que da a la fundación una participación.", "es"),
        ("OpenAI e Microsoft hanno firmato martedì un accordo definitivo che dà alla fondazione una quota.", "it"),
        ("A Microsoft ficará com cerca de 27% da nova empresa, segundo o acordo assinado com a OpenAI.", "pt"),
        ("Microsoft krijgt een belang van ongeveer 27 procent in het nieuwe bedrijf van OpenAI.", "nl"),
        ("Microsoft będzie miał około 27 proc. udziałów w nowej spółce, a OpenAI jest wyceniane wysoko.", "pl"),
        ("Microsoft, yeni şirkette yüzde 27 hisseye sahip olacak ve bu anlaşma için çok önemli.", "tr"),
        ("Компания Microsoft получит около 27% акций новой структуры OpenAI.", "ru"),
        ("Компанія Microsoft отримає близько 27% акцій нової структури OpenAI, і це її частка.", "uk"),
        ("OpenAIとマイクロソフトは新しい契約を結び、マイクロソフトは約27%を保有する。", "ja"),
        ("微软与OpenAI达成新的协议，微软将持有约27%的股份。", "zh"),
        ("微軟與OpenAI達成新的協議，微軟將持有約27%的股份。", "zh"),
        ("마이크로소프트는 새 회사의 지분 약 27%를 보유하게 된다.", "ko"),
        # a few words of another script quoted in a Latin text do not decide
        ("Microsoft, known in China as 微软公司, holds about 27% of the new company, and that is the deal for it.", "en"),
        ("OpenAI Microsoft 130 27 2032", None),
        ("", None),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_text_hash_is_sha256_of_normalised_text():
    assert text_hash("a  b\u202fc\n") == text_hash("a b c")
    assert text_hash("a b c") != text_hash("a b d")
    assert len(text_hash("")) == 64 and int(text_hash(""), 16) >= 0


def test_one_line_furniture_inside_the_body_is_dropped():
    sentence = "OpenAI and Microsoft signed a definitive agreement, the companies said, on Tuesday."
    lines = ["Advertisement", "Updated 5 minutes ago", "Mis à jour il y a 3 heures", "vor 2 Stunden", "Read more"]
    html = "<article>" + "".join(f"<p>{line}</p><p>{sentence}</p>" for line in lines) + "</article>"
    assert extract(html).text == "\n\n".join([sentence] * len(lines))


def test_long_comment_thread_does_not_outscore_the_article():
    article_paragraphs = [
        "OpenAI and Microsoft signed a definitive agreement on Tuesday, ending months of talks.",
        "The OpenAI Foundation holds equity worth about $130 billion, the companies said.",
    ]
    comment = ("I have read every word of this, and honestly, I think the valuation is absurd, "
               "the governance is unclear, and the whole thing will be renegotiated within a year.")
    html = ("<body><div class='story'>" + "".join(f"<p>{p}</p>" for p in article_paragraphs) + "</div>"
            "<div id='comments'><ol class='comment-list'>"
            + "".join(f"<li class='comment'><div class='comment-body'><p>{comment}</p><p>{comment}</p></div></li>"
                      for _ in range(8))
            + "</ol></div></body>")
    assert extract(html).text == "\n\n".join(article_paragraphs)


def test_article_split_across_sibling_boxes_is_kept_whole():
    # Some sites cut one story into several column boxes, each holding a few paragraphs.
    facts = ["Microsoft holds about 27 percent of the new company, worth roughly $135 billion",
             "the nonprofit, renamed the OpenAI Foundation, holds equity valued at about $130 billion",
             "OpenAI has committed, separately, to buy an extra $250 billion of Azure cloud services",
             "Microsoft's rights to the models and products, in turn, now run through 2032",
             "an independent panel of experts, not OpenAI alone, will verify any claim of AGI",
             "the foundation, for its part, plans to commit $25 billion to health and AI resilience"]
    paragraphs = [f"In part {n} of the agreement, as the two companies explained on Tuesday, {fact}, "
                  f"a point that analysts, investors and rivals had been waiting on for months, and which, "
                  f"according to people familiar with the talks, took weeks of drafting to settle." for n, fact in
                  enumerate(facts, 1)]
    boxes = [paragraphs[0:3], paragraphs[3:5], paragraphs[5:6]]
    html = ("<body><nav><a href='/'>Home</a></nav><section class='metered'>"
            + "".join("<div class='column'><div class='c1'>" + "".join(f"<p>{p}</p>" for p in box) + "</div>"
                      "<div class='c2'><a href='/x'>Newsletter</a></div></div>" for box in boxes)
            + "</section><footer><p>About us, contact, careers, and our privacy policy, in full.</p></footer></body>")
    assert extract(html).text == "\n\n".join(paragraphs)


def test_nested_selected_nodes_are_taken_once():
    html = "<body><div class='a'><p>The deal was signed on Tuesday.</p></div><p>Unrelated footer line.</p></body>"
    assert extract(html, select="div.a, div.a p").text == "The deal was signed on Tuesday."
