"""Text as a reader sees it: what is invisible, what overlays, what only changes the display.

Every check compares the *displayed* text (:func:`displayed`: NFC, invisible
characters removed, line separators as spaces), so a hidden character can
make a translation neither differ from its source nor pass as different.
:func:`check_invisible` reports the characters themselves: in critical text
a format character, a line or paragraph separator, a tag character, a
variation selector outside an emoji, or a combining overlay (a
strike-through over a word) is an error, unless the language needs it
(the zero-width non-joiner of Persian and Indic scripts) and it is not inside
a number or a protected term. Blank-looking default-ignorable letters
(Hangul fillers) count as invisible. :func:`check_unshowable` reports
private-use characters, the replacement character and noncharacters.
Bidirectional controls and marks are
:func:`leaflet_i18n.checks.translation.check_bidi`'s: they are never accepted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from leaflet_i18n.checks.context import CheckContext
from leaflet_i18n.checks.spec import Code, Problem

CODES = (
    Code("text.invisible", "a character that is not shown, or changes how text is shown: "
         "format characters (zero-width space, soft hyphen, word joiner), line and paragraph "
         "separators, tag characters, variation selectors outside emoji, combining overlays "
         "(strike-through); the zero-width (non-)joiner is accepted in the languages that need "
         "it, never inside a number or a protected term", elsewhere="warning"),
    Code("text.unshowable", "a character fonts do not show alike, or that stands for lost text: "
         "private-use characters, the replacement character U+FFFD (a conversion lost what was "
         "there), noncharacters", elsewhere="warning"),
)  # fmt: skip

_BIDI = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_JOINERS = frozenset("\u200c\u200d")
# Languages whose spelling uses the zero-width non-joiner or joiner (Persian, Kurdish, Indic
# scripts, Sinhala), after Unicode's chapter on cursive joining.
_JOINER_LANGUAGES = frozenset(
    "fa ckb ps ur ks sd hi mr ne sa bn as gu pa or ta te kn ml si".split()
)
_VARIATION = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_TAG = re.compile("[\U000e0000-\U000e007f]")
_SEPARATOR = re.compile("[\u2028\u2029]")
_DIGIT_TOUCH = re.compile(r"\d[\u200b-\u200d\u2060\u00ad\ufeff]+\d")


# Drawn as nothing, or as a blank that is no space: the default-ignorable code points of
# Unicode (DerivedCoreProperties.txt) that are not format characters or selectors (the
# combining grapheme joiner, the Hangul fillers, the Khmer inherent vowels), and the
# blank Braille pattern.
_BLANKS = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0\u2800")
# Shown differently by every font, or standing for text lost in a conversion.
_UNSHOWABLE = frozenset("\ufffd") | frozenset(map(chr, range(0xFDD0, 0xFDF0)))


def _hidden(char: str) -> bool:
    """Not drawn: format characters (but bidi ones, which check_bidi reports), tags, selectors."""
    code = ord(char)
    return (
        unicodedata.category(char) == "Cf"
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0000 <= code <= 0xE01EF
        or char in _BLANKS
    )


def _unshowable(char: str) -> bool:
    """Private use, the replacement character, a noncharacter."""
    return char in _UNSHOWABLE or unicodedata.category(char) == "Co" or ord(char) & 0xFFFE == 0xFFFE


@lru_cache(maxsize=65536)
def displayed(text: str) -> str:
    """``text`` as a reader sees it: NFC, hidden characters removed, separators as spaces."""
    if text.isascii():
        return text
    hidden = [c for c in set(text) if c > "\x7f" and _hidden(c)]  # each character once
    shown = "".join(c for c in text if c not in hidden) if hidden else text
    shown = _SEPARATOR.sub(" ", shown)
    return unicodedata.normalize("NFC", shown)


def _is_emoji(char: str) -> bool:
    return unicodedata.category(char) == "So" or 0x1F000 <= ord(char) <= 0x1FAFF


def invisible_characters(text: str, language: str) -> list[str]:
    """The code points of ``text`` a reader cannot see, or that overlay other characters."""
    # Each distinct character is looked at once (ASCII has none of these), and the
    # findings are listed in the order they first occur.
    found: dict[int, str] = {}
    for char in set(text):
        if char <= "\x7f" or char in _BIDI:
            continue
        if char in _JOINERS and language in _JOINER_LANGUAGES:
            continue
        overlay = unicodedata.combining(char) == 1
        if not (overlay or _hidden(char) or _SEPARATOR.match(char) or _TAG.match(char)):
            continue
        first = text.index(char)
        if _VARIATION.match(char):  # after an emoji it is how the emoji is drawn: not hidden
            after_text = (
                i for i, c in enumerate(text) if c == char and not (i and _is_emoji(text[i - 1]))
            )
            first = next(after_text, -1)
            if first < 0:
                continue
        found[first] = f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}"
    return [found[i] for i in sorted(found)]


def check_invisible(cx: CheckContext, source: str, target: str) -> Iterator[Problem]:
    if target.isascii():
        return
    language = cx.locale.split("_")[0]
    found = [c for c in invisible_characters(target, language)]
    known = set(invisible_characters(source, language))
    new = [c for c in found if c not in known]
    if new:
        yield (
            "text.invisible",
            f"the translation has characters a reader does not see or that change the text "
            f"shown: {', '.join(new)}",
        )
    elif _DIGIT_TOUCH.search(target) or _in_term(cx, target):
        yield (
            "text.invisible",
            "a joiner or an invisible character inside a number or a protected term",
        )


def _in_term(cx: CheckContext, target: str) -> bool:
    if "\u200c" not in target and "\u200d" not in target:  # _JOINERS: most texts have none
        return False
    stripped = "".join(c for c in target if c not in _JOINERS)
    return any(t in stripped and t not in target for t in cx.protected_terms)


def check_unshowable(cx: CheckContext, source: str, target: str) -> Iterator[Problem]:
    if target.isascii():
        return
    seen = set(source)
    new = sorted({c for c in target if c > "\x7f" and c not in seen and _unshowable(c)})
    if new:
        names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'private use')}" for c in new)
        yield (
            "text.unshowable",
            f"the translation has characters fonts do not show alike or that stand for lost "
            f"text: {names}",
        )
