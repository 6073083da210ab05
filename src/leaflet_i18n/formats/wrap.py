"""Lay out a PO string exactly as GNU gettext 0.21 (``msgcat``) does.

GNU writes ``msgid "..."`` lines at most 79 columns wide, breaking long
strings at Unicode line-break opportunities (UAX #14, as implemented by
libunistring) measured in display columns, so CJK text breaks between
characters and a wide character counts two columns. Strings containing a
newline start with an empty ``""`` line and break after every ``\\n``.

This module re-implements gettext's ``wrap()`` (write-po.c) and libunistring's
``u8_width_linebreaks`` over the class and width tables in :mod:`_unidata`,
which are generated from the very library msgcat uses; tests compare the
result with ``msgcat`` and with libunistring itself.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from leaflet_i18n.formats import _unidata

PAGE_WIDTH = 79
_UNLIMITED = 1 << 30  # a no-wrap string is never broken, however long

# libunistring's break codes (unilbrk.h).
_UNDEFINED, _PROHIBITED, _POSSIBLE, _MANDATORY = 0, 1, 2, 3

# libunistring 1.0 line-break classes (lbrktables.h); >= 33 are resolved at run time.
_WJ, _GL, _BA, _HY, _AL, _ID1, _HL, _RI, _ZWJ = 0, 1, 3, 5, 20, 23, 28, 29, 30
_BK, _CR, _LF, _CM, _ZW, _SP, _CB, _AI, _SA, _XX = 33, 34, 35, 36, 37, 38, 39, 40, 41, 42
_HL_BA = 100  # Hebrew letter followed by hyphen or break-after (LB21a)
_D, _I, _P = 1, 2, 3  # direct, indirect (only after spaces), prohibited

_ESCAPES = {
    "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
    "\\": "\\\\", '"': '\\"',
}  # fmt: skip


def _expand(runs: tuple[int, ...]) -> tuple[bytes, list[int], list[int]]:
    """A direct table for the BMP plus bisectable runs for the rest."""
    starts, values = list(runs[0::2]), list(runs[1::2])
    bmp = bytearray(0x10000)
    for i, start in enumerate(starts):
        if start >= 0x10000:
            break
        end = min(starts[i + 1] if i + 1 < len(starts) else 0x10000, 0x10000)
        bmp[start:end] = bytes([(values[i] + 1) & 0xFF]) * (end - start)
    return bytes(bmp), starts, values


_LB_BMP, _LB_STARTS, _LB_VALUES = _expand(_unidata.LINEBREAK_RUNS)
_W_BMP, _W_STARTS, _W_VALUES = _expand(_unidata.WIDTH_RUNS)
_TABLE = _unidata.PAIR_TABLE
_N = _unidata.PAIR_TABLE_SIZE


def _lookup(cp: int, bmp: bytes, starts: list[int], values: list[int]) -> int:
    if cp < 0x10000:
        return bmp[cp] - 1
    return values[bisect_right(starts, cp) - 1]


def line_break_class(ch: str) -> int:
    """libunistring's line-break class of one character."""
    return _lookup(ord(ch), _LB_BMP, _LB_STARTS, _LB_VALUES)


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Display columns of one character: 0 for combining marks, 2 for wide, -1 for controls."""
    return _lookup(ord(ch), _W_BMP, _W_STARTS, _W_VALUES)


def text_width(text: str) -> int:
    """Display columns of ``text``, ignoring control characters, as gettext counts them."""
    if text.isascii():
        return sum(1 for c in text if " " <= c <= "~")
    return sum(w for w in map(char_width, text) if w > 0)


def possible_breaks(text: str) -> list[int]:
    """Break opportunities before each character (UAX #14 as libunistring 1.0 does it)."""
    out = [_PROHIBITED] * len(text)
    prev_prop = last_prop = _BK
    seen_space = False
    ri_count = 0
    for i, ch in enumerate(text):
        prop = line_break_class(ch)
        if prop in (_BK, _LF, _CR):
            out[i] = _MANDATORY
            prev_prop, last_prop, seen_space = prop, _BK, False
        else:
            if prop == _AI or prop in (_SA, _XX):
                prop = _AL  # ambiguous is alphabetic outside CJK encodings
            elif prop == _CB:
                prop = _ID1
            if prop == _SP:
                seen_space = True
            elif prop == _ZW:
                last_prop, seen_space = _ZW, False
            elif prop in (_CM, _ZWJ):
                if last_prop == _BK:
                    last_prop, seen_space = _AL, False
                elif last_prop == _ZW or seen_space:
                    out[i] = _POSSIBLE
                    last_prop, seen_space = _AL, False
            else:
                out[i] = _pair_break(prev_prop, last_prop, prop, seen_space, ri_count)
                last_prop, seen_space = prop, False
            prev_prop = _HL_BA if prev_prop == _HL and prop in (_HY, _BA) else prop
        ri_count = ri_count + 1 if prop == _RI else 0
    return out


def _pair_break(prev_prop: int, last_prop: int, prop: int, seen_space: bool, ri_count: int) -> int:
    if last_prop == _BK or prev_prop == _ZWJ or prev_prop == _HL_BA:
        return _PROHIBITED
    if last_prop == _ZW:
        return _POSSIBLE
    if last_prop == _RI and prop == _RI:
        return _POSSIBLE if seen_space or ri_count % 2 == 0 else _PROHIBITED
    rule = _TABLE[last_prop * _N + prop]
    if rule == _D or (rule == _I and seen_space):
        return _POSSIBLE
    return _PROHIBITED


# Classes whose rules need the character-by-character algorithm (context beyond one pair).
_COMPLEX = {_BK, _CR, _LF, _CM, _ZW, _ZWJ, _RI, _HL}
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CLASS_CHARS: dict[int, str] | None = None
_PAIR_BREAKS: tuple[re.Pattern[str], re.Pattern[str]] | None = None


def _class_char(cls: int) -> str:
    return chr(0x100 + cls)


def _class_table() -> dict[int, str]:
    """BMP code point → one character naming its resolved class (for str.translate)."""
    global _CLASS_CHARS
    if _CLASS_CHARS is None:
        table = {}
        for cp in range(0x10000):
            cls = _LB_BMP[cp] - 1
            if cls in (_AI, _SA, _XX):
                cls = _AL
            elif cls == _CB:
                cls = _ID1
            table[cp] = _class_char(cls)
        _CLASS_CHARS = table
    return _CLASS_CHARS


def _pair_breaks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a pattern over class strings whose every match ends at a break opportunity,
    a pattern that finds a class the pair table alone cannot decide).

    For each class ``L`` (grouped by identical rows of the pair table) the
    pattern matches ``L`` followed either by spaces and a class that may
    follow ``L`` after spaces (rules *direct* and *indirect*), or directly by
    a class that may follow it without them (rule *direct*). Matches never
    overlap wrongly: the following class is only looked at, so it can start
    the next match.
    """
    global _PAIR_BREAKS
    if _PAIR_BREAKS is None:
        simple = [c for c in range(_N) if c != _SP and c not in _COMPLEX]

        def chars(classes: list[int]) -> str:
            return "".join(re.escape(_class_char(c)) for c in classes)

        rows: dict[tuple[tuple[int, ...], tuple[int, ...]], list[int]] = {}
        for last in simple:
            direct = tuple(c for c in simple if _TABLE[last * _N + c] == _D)
            spaced = tuple(c for c in simple if _TABLE[last * _N + c] in (_D, _I))
            rows.setdefault((direct, spaced), []).append(last)
        space = re.escape(_class_char(_SP))
        branches = []
        for (direct, spaced), lasts in rows.items():
            ways = []
            if spaced:
                ways.append(f"{space}+(?=[{chars(list(spaced))}])")
            if direct:
                ways.append(f"(?=[{chars(list(direct))}])")
            if ways:
                branches.append(f"[{chars(lasts)}](?:{'|'.join(ways)})")
        complex_classes = re.compile(f"[{chars(sorted(_COMPLEX))}]")
        _PAIR_BREAKS = re.compile("|".join(branches)), complex_classes
    return _PAIR_BREAKS


@lru_cache(maxsize=64)  # a string that needs wrapping is laid out twice (see format_string)
def _simple_breaks(text: str) -> tuple[int, ...] | None:
    """Break opportunities found by one expression over the text's classes, or None for
    complex text.

    Without combining marks, joiners, regional indicators, Hebrew letters or
    mandatory breaks, the pair table decides every opportunity from the last
    class before it that is not a space and whether spaces came between, so
    one compiled expression finds them all (in C, not a loop over characters).
    Same result as :func:`possible_breaks` (tested).
    """
    if _ASTRAL.search(text):
        return None
    pattern, complex_classes = _pair_breaks()
    classes = text.translate(_class_table())
    if complex_classes.search(classes):
        return None
    return tuple(map(re.Match.end, pattern.finditer(classes)))


def width_breaks(text: str, width: int, start_column: int, overrides: list[int]) -> list[int]:
    """Indices where a line must break so no line exceeds ``width`` columns.

    libunistring's ``u8_width_linebreaks``: keep each piece between break
    opportunities whole, and break at the last opportunity before the piece
    that would overflow.
    """
    opportunities = _simple_breaks(text)
    if opportunities is not None:
        return _greedy(text, width, start_column, [i for i in opportunities if not overrides[i]])
    marks = possible_breaks(text)
    breaks: list[int] = []
    last_p = -1
    last_column = start_column
    piece_width = 0
    for i, ch in enumerate(text):
        mark = overrides[i] or marks[i]
        if mark in (_POSSIBLE, _MANDATORY) and last_p >= 0 and last_column + piece_width > width:
            breaks.append(last_p)
            last_column = 0
        if mark == _MANDATORY:
            last_p, last_column, piece_width = -1, 0, 0
            continue
        if mark == _POSSIBLE:
            last_p = i
            last_column += piece_width
            piece_width = 0
        w = char_width(ch)
        if w > 0:
            piece_width += w
    if last_p >= 0 and last_column + piece_width > width:
        breaks.append(last_p)
    return breaks


def _greedy(text: str, width: int, start_column: int, opportunities: list[int]) -> list[int]:
    """The width step of ``u8_width_linebreaks`` over precomputed opportunities."""
    if text.isascii() and text.isprintable():
        widths = None
    else:
        widths = [0]
        for ch in text:
            w = char_width(ch)
            widths.append(widths[-1] + (w if w > 0 else 0))
    breaks: list[int] = []
    last_p = -1
    last_column = start_column
    previous = 0
    for position in [*opportunities, len(text)]:
        piece = position - previous if widths is None else widths[position] - widths[previous]
        if last_p >= 0 and last_column + piece > width:
            breaks.append(last_p)
            last_column = 0
        if position == len(text):
            break
        last_p = position
        last_column += piece
        previous = position
    return breaks


def _escape_portion(portion: str) -> tuple[str, list[int]]:
    """C-escape one portion; forbid breaks inside an escape and before a final ``\\n``."""
    if portion.isascii() and portion.isprintable() and "\\" not in portion and '"' not in portion:
        return portion, [_UNDEFINED] * len(portion)
    chars: list[str] = []
    overrides: list[int] = []
    for ch in portion:
        esc = _ESCAPES.get(ch)
        if esc is None:
            chars.append(ch)
            overrides.append(_UNDEFINED)
        else:
            chars.append(esc)
            overrides.extend((_UNDEFINED, _PROHIBITED))
    text = "".join(chars)
    if portion.endswith("\n"):
        overrides[-2] = _PROHIBITED
    return text, overrides


def _portions(value: str) -> list[str]:
    """Split after every newline, as gettext's loop over ``\\n``-terminated portions."""
    if not value:
        return [""]
    parts = value.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def format_string(
    keyword: str, value: str, prefix: str = "", wrap: bool = True, page_width: int = PAGE_WIDTH
) -> list[str]:
    """Lines (without newline) that write ``keyword "value"`` as msgcat would.

    ``prefix`` is ``"#~ "`` for obsolete entries and ``"#| "`` for previous
    strings; ``wrap=False`` honours the ``no-wrap`` flag.
    """
    if (
        "\n" not in value
        and value.isascii()
        and value.isprintable()
        and '"' not in value
        and "\\" not in value
        and (not wrap or len(prefix) + len(keyword) + len(value) + 3 <= page_width)
    ):
        return [f'{prefix}{keyword} "{value}"']  # one line that fits and needs no escape
    return _format_lines(keyword, value, prefix, wrap, page_width)


def _format_lines(keyword: str, value: str, prefix: str, wrap: bool, page_width: int) -> list[str]:
    """:func:`format_string` for any value: escapes, portions, widths and line breaks."""
    lines: list[str] = []
    portions = _portions(value)
    after_break = len(prefix) + 1
    first_line = True
    for index, portion in enumerate(portions):
        text, overrides = _escape_portion(portion)
        width = page_width - 1 - after_break if wrap else _UNLIMITED
        more_follows = index + 1 < len(portions)
        breaks = _layout(text, overrides, width, len(prefix), keyword, first_line, after_break)
        if first_line and text and (more_follows or breaks):
            lines.append(f'{prefix}{keyword} ""')
            first_line = False
            breaks = _layout(text, overrides, width, len(prefix), keyword, False, after_break)
        head = f'{prefix}{keyword} "' if first_line else f'{prefix}"'
        first_line = False
        pieces = [text[a:b] for a, b in zip([0, *breaks], [*breaks, len(text)], strict=True)]
        lines.append(head + pieces[0] + '"')
        lines.extend(f'{prefix}"{piece}"' for piece in pieces[1:])
    return lines


def _layout(
    text: str,
    overrides: list[int],
    width: int,
    prefix_len: int,
    keyword: str,
    first_line: bool,
    after_break: int,
) -> list[int]:
    start = prefix_len + (len(keyword) + 1 if first_line else 0) + 1 - after_break
    if start + len(text) <= width and (text.isascii() or start + text_width(text) <= width):
        return []  # fits: no break can be needed
    return width_breaks(text, width, start, overrides)
