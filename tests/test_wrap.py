"""Line breaking agrees with libunistring, the library GNU msgcat wraps with."""

from __future__ import annotations

import ctypes
import ctypes.util
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leaflet_i18n.formats import wrap


def _libunistring() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("unistring")
    if not name:
        return None
    try:
        lib = ctypes.CDLL(name)
        lib.u8_width_linebreaks.argtypes = [
            ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
            ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
        ]  # fmt: skip
        return lib
    except (OSError, AttributeError):
        return None


LIB = _libunistring()
needs_libunistring = pytest.mark.skipif(LIB is None, reason="libunistring is not installed")


def oracle(text: str, width: int, start: int) -> list[int]:
    """Break positions (character indices) that libunistring chooses."""
    assert LIB is not None
    data = text.encode("utf-8")
    out = ctypes.create_string_buffer(len(data))
    LIB.u8_width_linebreaks(data, len(data), width, start, 0, None, b"UTF-8", out)
    result, offset = [], 0
    for index, ch in enumerate(text):
        if out.raw[offset] == 2:  # UC_BREAK_POSSIBLE
            result.append(index)
        offset += len(ch.encode("utf-8"))
    return result


POOLS = [
    "abc def ghi-jkl/mno (pqr) [x] 12,5 mg 1.000 % $ ! ? ; : \" ' « » – — … ",
    "日本語の文章、テキスト。「かぎ」ひらがなカタカナ漢字 ー ッ ",
    "العربية نص طويل، مع ٣٫٥ ملغ؛ ",
    "עברית טקסט-ארוך ־ מילים ",
    "ភាសាខ្មែរ \u200b ",
    "\u0300\u0301\u200d\u200b\u2060\u00a0\u2028\U0001f1e6\U0001f1e8\U0001f44d\U0001f3fb ",
    "Zażółć gęślą jaźń. Приём, пожалуйста. ",
]


@needs_libunistring
def test_breaks_equal_libunistring_on_mixed_scripts() -> None:
    rng = random.Random(20261126)
    for _ in range(3000):
        pool = rng.choice(POOLS) + rng.choice(POOLS)
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 120)))
        width, start = rng.randint(5, 80), rng.randint(0, 10)
        assert wrap.width_breaks(text, width, start, [0] * len(text)) == oracle(
            text, width, start
        ), text


@needs_libunistring
def test_breaks_equal_libunistring_on_any_code_point() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(
            chr(rng.choice([rng.randint(32, 0xD7FF), rng.randint(0xE000, 0x10FFFF), 32]))
            for _ in range(rng.randint(1, 60))
        )
        width, start = rng.randint(5, 80), rng.randint(0, 10)
        assert wrap.width_breaks(text, width, start, [0] * len(text)) == oracle(text, width, start)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a", 1),
        ("日", 2),
        ("e\u0301", 1),
        ("\x1b", 0),
        ("abc日本", 7),
    ],
)
def test_text_width(text: str, expected: int) -> None:
    assert wrap.text_width(text) == expected


def test_no_wrap_keeps_one_line() -> None:
    long = "word " * 40
    assert wrap.format_string("msgid", long, wrap=False) == [f'msgid "{long}"']
    assert len(wrap.format_string("msgid", long)) > 2


def test_obsolete_prefix_counts_towards_width() -> None:
    lines = wrap.format_string("msgstr", "x " * 60, prefix="#~ ")
    assert lines[0] == '#~ msgstr ""'
    assert all(len(line) <= 79 for line in lines)
    assert all(line.startswith('#~ "') for line in lines[1:])


def test_run_based_breaks_equal_the_character_algorithm() -> None:
    rng = random.Random(3)
    checked = 0
    for _ in range(4000):
        pool = rng.choice(POOLS[:3] + POOLS[6:]) + "(1,5)/-–—…%$ «»“”‘’!?;:"
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 150)))
        fast = wrap._simple_breaks(text)
        if fast is None:
            continue
        slow = [i for i, mark in enumerate(wrap.possible_breaks(text)) if mark == wrap._POSSIBLE]
        assert list(fast) == slow, text
        checked += 1
    assert checked > 3000


# One character of every line-break class the expression decides, and spaces, so that most
# drawn strings take the expression rather than the character algorithm.
_ONE_PER_CLASS = sorted(
    {
        cls: chr(cp)
        for cp in range(0x20, 0x3000)
        if ord(cls := wrap._class_table()[cp]) - 0x100 not in wrap._COMPLEX
    }.values()
)


@settings(max_examples=1500, deadline=None)
@given(
    st.text(
        st.one_of(
            *[st.sampled_from(_ONE_PER_CLASS + [" "] * 8)] * 7,  # mostly decidable classes
            st.characters(max_codepoint=0xFFFF),
        ),
        max_size=120,
    )
)
def test_expression_breaks_equal_the_character_algorithm_on_any_bmp_text(text: str) -> None:
    fast = wrap._simple_breaks(text)
    slow = [i for i, mark in enumerate(wrap.possible_breaks(text)) if mark == wrap._POSSIBLE]
    assert fast is None or list(fast) == slow


@settings(max_examples=1000, deadline=None)
@given(
    st.sampled_from(["msgid", "msgstr", "msgctxt", "msgstr[0]"]),
    st.text(st.sampled_from('ab 1(-/."\\\t\né'), max_size=90),
    st.sampled_from(["", "#~ ", "#| "]),
    st.booleans(),
)
def test_the_one_line_shortcut_writes_what_the_full_layout_writes(
    keyword: str, value: str, prefix: str, wrap_lines: bool
) -> None:
    assert wrap.format_string(keyword, value, prefix, wrap_lines) == wrap._format_lines(
        keyword, value, prefix, wrap_lines, wrap.PAGE_WIDTH
    )


@pytest.mark.parametrize("prefix", ["", "#~ ", "#| "])
@pytest.mark.parametrize("keyword", ["msgid", "msgstr[1]"])
def test_the_one_line_shortcut_ends_where_msgcat_starts_wrapping(prefix: str, keyword: str) -> None:
    fits = wrap.PAGE_WIDTH - len(prefix) - len(keyword) - 3  # the longest value on one line
    for length in range(fits - 2, fits + 3):
        value = ("take one " * 20)[:length]
        lines = wrap.format_string(keyword, value, prefix)
        assert lines == wrap._format_lines(keyword, value, prefix, True, wrap.PAGE_WIDTH)
        assert (len(lines) == 1) == (length <= fits), (length, lines)
