"""Small image files written by the tests: sound PNGs, and one whose pixel data cannot be decoded."""

from __future__ import annotations

import struct
import zlib


def png(
    width: int = 1, height: int = 1, colour: tuple[int, int, int] = (200, 60, 40), pixels: bytes | None = None
) -> bytes:
    """A PNG of one colour, sound chunk by chunk; `pixels` replaces its compressed image data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes(colour) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = zlib.compress(rows) if pixels is None else pixels
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
