"""Decompress an HTTP body piece by piece without ever inflating more than a cap.

httpx 0.28 inflates a gzip body in one go, so a few kilobytes from a hostile or broken server
can become gigabytes in memory before any size check runs. Here every call to zlib passes
``max_length``, so at most ``limit + 1`` bytes are ever produced: the extra byte is how we know
the cap was crossed.

Supported codings: identity, gzip (several members too), deflate (zlib-wrapped or raw, as
servers disagree). Brotli is not supported: its Python bindings cannot bound their output,
and we do not advertise it in Accept-Encoding.
"""

from __future__ import annotations

import zlib

SUPPORTED_CODINGS = ("gzip", "deflate")


class BodyTooLarge(Exception):
    """The decompressed body would exceed the cap."""


class BadEncoding(Exception):
    """The body is not valid for its Content-Encoding, or the coding is unknown."""


class BoundedInflater:
    """Feed raw body chunks in; get decompressed bytes out, never more than ``limit`` in total."""

    def __init__(self, content_encoding: str | None, limit: int):
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            raise BadEncoding(f"stacked Content-Encoding not supported: {content_encoding}")
        self.coding = codings[0] if codings else None
        if self.coding == "x-gzip":
            self.coding = "gzip"
        if self.coding not in (None, *SUPPORTED_CODINGS):
            raise BadEncoding(f"unsupported Content-Encoding: {self.coding}")
        self.limit = limit
        self.produced = 0
        self._decompressor = self._new_decompressor()
        self._raw_deflate_tried = False

    def _new_decompressor(self):
        if self.coding == "gzip":
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        if self.coding == "deflate":
            return zlib.decompressobj(zlib.MAX_WBITS)
        return None

    def feed(self, chunk: bytes) -> bytes:
        """Decompress one chunk; raise BodyTooLarge as soon as the total would pass the limit."""
        if self._decompressor is None:
            return self._count(chunk)
        try:
            return self._inflate(chunk)
        except zlib.error as exc:
            if self.coding == "deflate" and self.produced == 0 and not self._raw_deflate_tried:
                # Some servers send raw deflate (no zlib header) under "deflate".
                self._raw_deflate_tried = True
                self._decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
                return self.feed(chunk)
            raise BadEncoding(f"invalid {self.coding} data: {exc}") from exc

    def finish(self) -> bytes:
        """Flush what the decompressor still holds; call once the raw stream has ended."""
        if self._decompressor is None:
            return b""
        try:
            return self._count(self._decompressor.flush())
        except zlib.error as exc:
            raise BadEncoding(f"truncated {self.coding} data: {exc}") from exc

    def _inflate(self, data: bytes) -> bytes:
        pieces = []
        while data:
            room = self.limit + 1 - self.produced  # always >= 1 here: max_length=0 means "no limit"
            piece = self._decompressor.decompress(data, room)
            pieces.append(self._count(piece))
            data = self._decompressor.unconsumed_tail
            if self._decompressor.eof and self._decompressor.unused_data:
                if self.coding != "gzip":
                    break  # trailing junk after a deflate stream: ignore it
                data = self._decompressor.unused_data  # the next gzip member
                self._decompressor = self._new_decompressor()
        return b"".join(pieces)

    def _count(self, piece: bytes) -> bytes:
        self.produced += len(piece)
        if self.produced > self.limit:
            raise BodyTooLarge(f"body larger than {self.limit} bytes once decompressed")
        return piece
