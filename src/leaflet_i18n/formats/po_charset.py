"""Decode PO file bytes as GNU gettext does: the charset the header names, else UTF-8.

GNU reads most charsets byte-wise, so the reader works on text decoded as
that charset; for a few multibyte charsets whose trail bytes can look like
ASCII quotes or backslashes, GNU reads character-wise, and so do we.
"""

from __future__ import annotations

import codecs
import re

from leaflet_i18n.model.catalog import header_charset
from leaflet_i18n.model.diagnostics import Finding, Location, POError

# Codecs whose trail bytes can be ASCII but which GNU does not read character-wise.
_BYTEWISE_MULTIBYTE = {"cp932", "cp936", "cp949", "cp950"}
_CHARSET_ALIASES = {"charset": None, "ascii": "ascii", "ansi_x3.4-1968": "ascii"}


def _python_codec(charset: str) -> str | None:
    name = charset.strip().lower()
    if name in _CHARSET_ALIASES:
        return _CHARSET_ALIASES[name]
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _header_charset_raw(data: bytes) -> str | None:
    """The charset named by the header, found before the file is decoded."""
    text = data[:65536].decode("latin-1")
    match = re.search(r'^msgid\s+""\s*\n(?:[^\n]*\n)*?msgstr\b', text, re.MULTILINE)
    if not match:
        return None
    block = text[match.end() : match.end() + 8192].split("\n\n", 1)[0]
    block = re.sub(r'"\s*\n\s*"', "", block)
    return header_charset(block)


def _offset_to_location(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace")) + 1


def decode_po(data: bytes, path: str) -> tuple[str, str, str | None, list[Finding]]:
    """Decode file bytes as GNU would: returns (text, charset, transcode, warnings)."""
    warnings: list[Finding] = []
    declared = _header_charset_raw(data)
    codec = _python_codec(declared) if declared else None
    if declared and codec is None:
        if declared.upper() != "CHARSET":
            warnings.append(
                Finding(
                    "warning",
                    "po.charset-unknown",
                    Location(path, 1),
                    f"charset {declared!r} is not a known encoding; reading as UTF-8",
                )
            )
    if codec is None or codec == "ascii":
        try:
            return data.decode("utf-8"), "utf-8", None, warnings
        except UnicodeDecodeError:
            codec = "latin-1"
    if codec in _BYTEWISE_MULTIBYTE:
        return data.decode("latin-1"), codec, codec, warnings
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line, col = _offset_to_location(data, exc.start)
        raise POError(
            f"column {col}: invalid multibyte sequence for charset {declared or 'UTF-8'}"
            f" (is the file really {declared or 'UTF-8'}?)",
            path=path,
            line=line,
            code="po.encoding",
        ) from exc
    return text, codec, None, warnings
