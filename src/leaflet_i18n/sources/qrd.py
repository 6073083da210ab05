"""The QRD template's headings: slots, their section kinds, and matching them in real text.

A *slot* is a place in the EU package-leaflet template (``pl.2.donottake`` = "Do not take X"
in section 2). The shipped tables (``data/qrd-headings.tsv``, ``data/ema-pl-section-codes.tsv``)
give each slot's wordings per language and its EMA heading code. Matching works on words
(letters and digits, case and accents ignored), so ``Do NOT use Humalog Mix50:`` matches
``Do not <take|use> {X}``; the product name ``{X}`` is one of the names learnt from the leaflet,
or any 1-5 words when the caller allows it.

>>> table = heading_table("en")
>>> [m.slot for m in table.matches(words_of("Warnings and precautions Talk to your doctor"), 0)]
['pl.2.warnings']
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

# slot -> section kind (the content model's vocabulary)
SLOT_KINDS: dict[str, str] = {
    "pl.title": "header",
    "pl.root": "header",
    "pl.contents": "header",
    "pl.1": "indications",
    "pl.2": "warnings",
    "pl.2.donottake": "contraindications",
    "pl.2.warnings": "warnings",
    "pl.2.children": "children",
    "pl.2.medicines": "interactions",
    "pl.2.food": "food_drink",
    "pl.2.pregnancy": "pregnancy",
    "pl.2.driving": "driving",
    "pl.2.excipients": "excipients",
    "pl.3": "dosage",
    "pl.3.children": "children",
    "pl.3.toomuch": "overdose",
    "pl.3.forgotten": "missed_dose",
    "pl.3.stopping": "stopping",
    "pl.4": "side_effects",
    "pl.4.children": "side_effects",
    "pl.4.reporting": "reporting",
    "pl.5": "storage",
    "pl.6": "contents",
    "pl.6.contents": "contents",
    "pl.6.appearance": "contents",
    "pl.6.holder": "contents",
    "pl.6.names": "contents",
    "pl.6.revised": "revision",
    "pl.6.othersources": "contents",
    "pl.6.professionals": "dosage",
}
# slot -> the section id an importer gives it (stable across leaflets, so msgctxt is too)
SLOT_IDS: dict[str, str] = {
    "pl.title": "header",
    "pl.root": "header",
    "pl.contents": "in-this-leaflet",
    "pl.1": "what-it-is-for",
    "pl.2": "before-you-take",
    "pl.2.donottake": "do-not-take",
    "pl.2.warnings": "warnings",
    "pl.2.children": "children",
    "pl.2.medicines": "other-medicines",
    "pl.2.food": "food-and-drink",
    "pl.2.pregnancy": "pregnancy",
    "pl.2.driving": "driving",
    "pl.2.excipients": "excipients",
    "pl.3": "how-to-take",
    "pl.3.children": "use-in-children",
    "pl.3.toomuch": "overdose",
    "pl.3.forgotten": "missed-dose",
    "pl.3.stopping": "stopping",
    "pl.4": "side-effects",
    "pl.4.children": "side-effects-in-children",
    "pl.4.reporting": "reporting",
    "pl.5": "storage",
    "pl.6": "contents",
    "pl.6.contents": "what-it-contains",
    "pl.6.appearance": "appearance",
    "pl.6.holder": "holder",
    "pl.6.names": "names",
    "pl.6.revised": "revised",
    "pl.6.othersources": "other-sources",
    "pl.6.professionals": "professionals",
}
SECTION_SLOTS = tuple(f"pl.{n}" for n in range(1, 7))
_WORD = re.compile(r"\w+")
_MAX_ANY = 8
_MAX_NAME = 5
_MAX_WHOLE_NAME = 16


def slot_number(slot: str) -> int | None:
    """``pl.2.warnings`` → 2; ``pl.title`` → None."""
    parts = slot.split(".")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


def is_section_slot(slot: str) -> bool:
    return slot in SECTION_SLOTS


def fold(word: str) -> str:
    """Case and accents folded: ``Børn`` → ``børn``, ``Comunicação`` → ``comunicacao``."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Word:
    """A word of a text with its place: ``text[start:end]``."""

    folded: str
    start: int
    end: int
    capital: bool  # starts with an upper-case letter or a digit


def words_of(text: str) -> list[Word]:
    return [
        Word(fold(m.group()), m.start(), m.end(), m.group()[0].isupper() or m.group()[0].isdigit())
        for m in _WORD.finditer(text)
    ]


# ---------------------------------------------------------------- patterns

Sequence_ = tuple["Element", ...]


@dataclass(frozen=True)
class Element:
    """One element of a heading pattern (see the syntax in data/qrd-headings.tsv)."""

    kind: str  # word, alt, rep, name, any, excipient
    word: str = ""
    options: tuple[Sequence_, ...] = ()


def _tokens(pattern: str) -> list[str]:
    return re.findall(r"<[^>]*>\+?|\*|\{[^}]*\}|\w+", pattern)


def _words_only(text: str) -> Sequence_:
    return tuple(Element("word", fold(w)) for w in _WORD.findall(text))


def compile_pattern(pattern: str, verbs: dict[str, tuple[str, ...]]) -> Sequence_:
    out: list[Element] = []
    for token in _tokens(pattern):
        if token.startswith("<"):
            rep = token.endswith("+")
            body = token.rstrip("+")[1:-1]
            options = tuple(_expand(alt, verbs) for alt in body.split("|"))
            out.append(Element("rep" if rep else "alt", options=options))
        elif token == "*":
            out.append(Element("repstar"))
        elif token == "{X}":
            out.append(Element("name"))
        elif token == "{*}":
            out.append(Element("any"))
        elif token == "{E}":
            out.append(Element("excipient"))
        elif token.startswith("{"):
            name = token[1:-1]
            out.append(Element("alt", options=tuple(_words_only(v) for v in verbs[name])))
        else:
            out.append(Element("word", fold(token)))
    # "<a|b>*": zero or more (the tokenizer reads the star separately)
    merged: list[Element] = []
    for element in out:
        if element.kind == "repstar" and merged and merged[-1].kind == "alt":
            last = merged.pop()
            merged.append(Element("star", options=last.options))
        else:
            merged.append(element)
    return tuple(merged)


def _expand(alternative: str, verbs: dict[str, tuple[str, ...]]) -> Sequence_:
    return compile_pattern(alternative, verbs) if "{" in alternative else _words_only(alternative)


@dataclass(frozen=True)
class HeadingRow:
    """One wording of a slot in one language, as written in the table."""

    lang: str
    slot: str
    pattern: str
    source: str
    elements: Sequence_

    @property
    def kind(self) -> str:
        return SLOT_KINDS[self.slot]

    @property
    def shown(self) -> str:
        """The wording as a reader knows it: ``Do not take X``, ``1. What X is and …``."""
        text = re.sub(r"<([^>|]*)[^>]*>[+*]?", lambda m: m.group(1), self.pattern)
        text = text.replace("{X}", "X").replace("{E}", "<excipient>").replace("{*}", "…")
        text = re.sub(r"\{(\w+)\}", lambda m: m.group(1), text)
        text = re.sub(r"^([1-9]) ", r"\1. ", " ".join(text.split()))
        return text

    def first_words(self) -> set[str] | None:
        """Words a match can start with; None when it may start with any word (a name)."""
        return _first(self.elements)


def _first(elements: Sequence_) -> set[str] | None:
    out: set[str] = set()
    for element in elements:
        if element.kind == "word":
            out.add(element.word)
            return out
        if element.kind in ("name", "any", "excipient"):
            return None
        for option in element.options:
            sub = _first(option)
            if sub is None:
                return None
            out |= sub
        optional = element.kind == "star" or any(not o for o in element.options)
        if not optional:
            return out
    return out


@dataclass(frozen=True)
class HeadingMatch:
    row: HeadingRow
    start: int  # word index
    end: int  # word index after the match
    name: tuple[int, int] | None = None  # word span of the product name

    @property
    def slot(self) -> str:
        return self.row.slot

    @property
    def kind(self) -> str:
        return self.row.kind


@dataclass
class Names:
    """Product names known for a leaflet (folded word tuples), longest first."""

    known: list[tuple[str, ...]] = field(default_factory=list)
    generic: bool = True  # may {X} be any words (up to ``longest``)?
    longest: int = _MAX_NAME

    def add(self, words: Sequence[str]) -> None:
        name = tuple(fold(w) for w in words)
        if name and name not in self.known and len(name) <= 8:
            self.known.append(name)
            self.known.sort(key=len, reverse=True)


class HeadingTable:
    """The heading patterns of one language."""

    def __init__(self, lang: str, rows: list[HeadingRow], excipients: tuple[str, ...]) -> None:
        self.lang = lang
        self.rows = rows
        self.excipients = excipients
        self._by_word: dict[str, list[HeadingRow]] = {}
        self._anywhere: list[HeadingRow] = []
        for row in rows:
            first = row.first_words()
            if first is None:
                self._anywhere.append(row)
            else:
                for word in first:
                    self._by_word.setdefault(word, []).append(row)

    def candidates(self, word: str) -> list[HeadingRow]:
        return self._by_word.get(word, []) + self._anywhere

    def matches(
        self, words: Sequence[Word], start: int, names: Names | None = None
    ) -> list[HeadingMatch]:
        """Every way a heading of the table begins at word ``start`` (longest first per row)."""
        if start >= len(words):
            return []
        names = names or Names()
        folded = [w.folded for w in words]
        found: list[HeadingMatch] = []
        matcher = _Matcher(folded, names, self.excipients)
        for row in self.candidates(folded[start]):
            ends: dict[int, Span] = {}
            for end, span in matcher.run(row.elements, start):
                if end > start:
                    ends.setdefault(end, span)
            found.extend(HeadingMatch(row, start, e, ends[e]) for e in sorted(ends, reverse=True))
        return found

    def whole(self, text: str, names: Names | None = None) -> HeadingMatch | None:
        """The heading that ``text`` is, all of it, or None."""
        words = words_of(text)
        names = names or Names()
        # a whole line may name the product in full ("Remsima 100 mg powder for concentrate …")
        whole = Names(names.known, names.generic, _MAX_WHOLE_NAME)
        # a question mark does not make a sentence: German QRD headings are questions
        ends_sentence = text.rstrip()[-1:] in ".!"
        best = [
            m
            for m in self.matches(words, 0, whole)
            if m.end == len(words) and _plausible(m, words, names, ends_sentence)
        ]
        return _best(best)


def _plausible(match: HeadingMatch, words: Sequence[Word], names: Names, ends: bool) -> bool:
    """A whole line is a heading, not a sentence that begins like one."""
    if ends and "{*}" not in match.row.pattern:
        return False
    if match.name is None:
        return True
    start, end = match.name
    if tuple(w.folded for w in words[start:end]) in names.known:
        return True
    # an unknown name: long only in a numbered section heading, never a sentence inside
    if is_section_slot(match.slot):
        return True
    return end - start <= 3


def _best(matches: list[HeadingMatch]) -> HeadingMatch | None:
    if not matches:
        return None
    # a section heading beats a sub-heading; a row without wildcards beats one with them
    return min(matches, key=lambda m: (not is_section_slot(m.slot), "{*}" in m.row.pattern))


Span = tuple[int, int] | None


class _Matcher:
    """Backtracking over pattern elements; yields (end, name span) for every way to match."""

    def __init__(self, words: list[str], names: Names, excipients: tuple[str, ...]) -> None:
        self.words = words
        self.names = names
        self.excipients = excipients

    def run(self, elements: Sequence_, i: int, span: Span = None) -> Iterator[tuple[int, Span]]:
        if not elements:
            yield i, span
            return
        head, rest = elements[0], elements[1:]
        for j, found in self.step(head, i, span):
            yield from self.run(rest, j, found)

    def step(self, element: Element, i: int, span: Span) -> Iterator[tuple[int, Span]]:
        words = self.words
        if element.kind == "word":
            if i < len(words) and words[i] == element.word:
                yield i + 1, span
        elif element.kind == "alt":
            for option in element.options:
                yield from self.run(option, i, span)
        elif element.kind in ("rep", "star"):
            yield from self._repeat(element, i, span, element.kind == "star", 0)
        elif element.kind == "any":
            for j in range(i, min(len(words), i + _MAX_ANY) + 1):
                yield j, span
        elif element.kind == "excipient":
            for n in range(1, 7):
                if i + n > len(words):
                    break
                if any(w.startswith(self.excipients) for w in words[i : i + n]):
                    yield i + n, span
        elif element.kind == "name":
            for j in self._name_ends(i):
                yield j, (i, j)

    def _repeat(
        self, element: Element, i: int, span: Span, zero: bool, depth: int
    ) -> Iterator[tuple[int, Span]]:
        if zero or depth > 0:
            yield i, span
        if depth > 6:
            return
        for option in element.options:
            for j, found in self.run(option, i, span):
                if j > i:
                    yield from self._repeat(element, j, found, zero, depth + 1)

    def _name_ends(self, i: int) -> list[int]:
        ends = [
            i + len(name)
            for name in self.names.known
            if tuple(self.words[i : i + len(name)]) == name
        ]
        if self.names.generic:
            ends += [i + n for n in range(1, self.names.longest + 1) if i + n <= len(self.words)]
        return list(dict.fromkeys(ends))


# ---------------------------------------------------------------- tables


def _read_tsv(name: str) -> list[dict[str, str]]:
    text = (
        resources.files("leaflet_i18n").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    )
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def _all_rows() -> tuple[dict[str, str], ...]:
    return tuple(_read_tsv("qrd-headings.tsv"))


def languages() -> tuple[str, ...]:
    """Languages the shipped heading table covers, in table order (English first)."""
    seen: dict[str, None] = {}
    for row in _all_rows():
        seen.setdefault(row["lang"], None)
    return tuple(seen)


@cache
def heading_table(lang: str) -> HeadingTable:
    """The table of ``lang`` (``pt_BR`` falls back to ``pt``); English when none is shipped."""
    base = lang.replace("-", "_").split("_")[0].lower()
    if base not in languages():
        base = "en"
    rows = [r for r in _all_rows() if r["lang"] == base]
    verbs = {r["slot"][1:]: tuple(r["pattern"].split("|")) for r in rows if r["slot"][0] == "@"}
    excipients = tuple(fold(e) for e in verbs.pop("excipient", ()))
    compiled = [
        HeadingRow(base, r["slot"], r["pattern"], r["source"], compile_pattern(r["pattern"], verbs))
        for r in rows
        if r["slot"][0] != "@"
    ]
    return HeadingTable(base, compiled, excipients)


@dataclass(frozen=True)
class SectionCode:
    code: str
    slot: str
    display: str

    @property
    def kind(self) -> str:
        return SLOT_KINDS[self.slot]


@cache
def section_codes() -> dict[str, SectionCode]:
    """EMA heading codes (list 200000029659) → slot."""
    return {
        r["code"]: SectionCode(r["code"], r["slot"], r["display"])
        for r in _read_tsv("ema-pl-section-codes.tsv")
    }


def detect_language(lines: Sequence[str], candidates: Sequence[str] | None = None) -> str:
    """The language whose section headings (1-6) match most lines; English on a tie."""
    scores: dict[str, int] = {}
    sample = [line for line in lines if len(line) < 200][:2000]
    for lang in candidates or languages():
        table = heading_table(lang)
        if table.lang != lang:
            continue
        scores[lang] = sum(1 for line in sample if table.whole(line) is not None)
    best = max(scores.items(), key=lambda kv: (kv[1], kv[0] == "en"), default=("en", 0))
    return best[0] if best[1] else "en"
