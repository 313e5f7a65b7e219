"""Turn body bytes into text, choosing the charset the way browsers broadly do.

Order: byte-order mark; charset of the Content-Type header; the document's own declaration
(``<?xml encoding>`` for XML, ``<meta charset>`` / ``<meta http-equiv>`` for HTML); strict
UTF-8; UTF-8 text with a few broken bytes (decoded with replacement characters); then detection with charset-normalizer.

A declared charset is used only if the bytes decode under it without error: servers often
declare UTF-8 for pages written in windows-1252, and trusting the label would garble every
accent. Detection ties are broken towards windows-1252 (the WHATWG fallback for Western
locales), because short French or German texts decode identically under several Central
European code pages and the detector's first pick is then arbitrary.

When nothing yields sensible text (control bytes, or no charset fits), ``DecodeFailed`` is raised rather than
returning text full of replacement characters.

Only the charsets of the WHATWG Encoding Standard (what browsers decode) may be named by a page.
A label of anything else is treated like an unknown label: Python's binary and text transforms
(``base64``, ``hex``, ``rot13``, ``zlib``), ``punycode``, ``idna``, ``unicode_escape`` would raise
or turn the page into something else, and UTF-7, which browsers refuse because it hides markup
(``+ADw-script+AD4-``), would let a page smuggle tags past every text filter.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from charset_normalizer import from_bytes

# Labels that browsers treat as windows-1252, which is a superset of what they name.
_WINDOWS_1252_LABELS = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819"}
# The WHATWG Encoding Standard's charsets, as Python codec names: nothing else is ever decoded.
_WEB_CHARSETS = frozenset(codecs.lookup(name).name for name in (
    "utf-8", "cp866", "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-5", "iso8859-6", "iso8859-7",
    "iso8859-8", "iso8859-9", "iso8859-10", "iso8859-13", "iso8859-14", "iso8859-15", "iso8859-16", "koi8-r", "koi8-u",
    "mac-roman", "mac-cyrillic", "cp874", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255",
    "cp1256", "cp1257", "cp1258", "gbk", "gb18030", "big5", "big5hkscs", "euc_jp", "iso2022_jp",
    "shift_jis", "cp932", "euc_kr", "cp949", "utf-16-le", "utf-16-be", "utf-16", "utf-8-sig",
))
# WHATWG labels Python spells otherwise.
_WHATWG_ALIASES = {"windows-874": "cp874", "x-mac-cyrillic": "mac-cyrillic", "windows-31j": "cp932",
                   "iso-8859-8-i": "iso8859-8", "csiso88598i": "iso8859-8", "x-sjis": "shift_jis"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# Bytes that never occur in text documents (WHATWG MIME sniffing's "binary data bytes").
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_PRESCAN_BYTES = 4096  # how far into the document a declaration is looked for
_STRAY_BYTES_PER_MILLION = 1000  # more invalid UTF-8 than this: the page is not UTF-8


class DecodeFailed(Exception):
    """The bytes do not look like text in any charset."""


class Decoded(NamedTuple):
    text: str
    charset: str
    # The body is valid UTF-8 without a byte-order mark, so `text` is exactly what a UTF-8 reader
    # makes of the bytes themselves (the HTML parser may then take them as they are).
    plain_utf8: bool = False


def decode_text(body: bytes, header_charset: str | None) -> Decoded:
    """Return ``(text, charset, plain_utf8)`` for ``body``; raise DecodeFailed for binary data."""
    for bom, charset in _BOMS:
        if body.startswith(bom):
            return Decoded(body.decode(charset, errors="replace"), charset.removesuffix("-sig"))
    if _BINARY_BYTES.search(body[:_PRESCAN_BYTES]):
        raise DecodeFailed("control bytes found: this is binary data, not text")
    for label in (header_charset, declared_charset(body), "utf-8"):
        charset = _codec_name(label)
        if charset:
            try:
                return Decoded(body.decode(charset), charset, charset == "utf-8")
            except (UnicodeError, LookupError, ValueError):  # a codec's own error must never escape
                continue
    if _mostly_utf8(body):
        return Decoded(body.decode("utf-8", errors="replace"), "utf-8")
    charset = _detect(body)
    if charset is None:
        raise DecodeFailed("bytes do not decode as text in any known charset")
    return Decoded(body.decode(charset, errors="replace"), charset)


def declared_charset(body: bytes) -> str | None:
    """The charset a document declares about itself, if any (XML declaration or meta tag)."""
    head = body[:_PRESCAN_BYTES]
    match = _XML_DECLARATION.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _codec_name(label: str | None) -> str | None:
    """Python's codec name for a charset label, or None for unknown or missing labels."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        name = codecs.lookup(_WHATWG_ALIASES.get(label, label)).name
    except (LookupError, ValueError):  # ValueError: a label with a NUL byte
        return None
    if name not in _WEB_CHARSETS:
        return None  # a transform (base64, rot13), punycode, UTF-7…: not a charset a page may name
    # A document cannot really be UTF-16 if its declaration was readable as ASCII (WHATWG).
    return "utf-8" if name.startswith("utf-16") else name


def _mostly_utf8(body: bytes) -> bool:
    """True for UTF-8 text with a few broken bytes (a bad paste, a cut sequence).

    It must also contain valid multi-byte sequences: a windows-1252 page with a few curly
    quotes has stray bytes too, but never real UTF-8 by accident.
    """
    valid = body.decode("utf-8", errors="ignore")
    stray = len(body) - len(valid.encode("utf-8"))
    return not valid.isascii() and 0 < stray * 1_000_000 <= len(body) * _STRAY_BYTES_PER_MILLION


def _detect(body: bytes) -> str | None:
    matches = from_bytes(body)
    best = matches.best()
    if best is None:
        return None
    tied = [m for m in matches if m.chaos <= best.chaos]
    if any("cp1252" in m.could_be_from_charset for m in tied):
        return "cp1252"
    return best.encoding
