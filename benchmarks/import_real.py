"""Import every English leaflet of shared/real-leaflets/en/ and score the importer.

    python benchmarks/import_real.py [--root ../shared/real-leaflets] [--quiet]

For each file: how many of the QRD slots present in the text were imported as a section
of the right kind, and how many of the source's words the imported content keeps (in order).

The truth is derived here, independently of the importer's heading table: a slot is
*present* where a line (list marker removed) starts with that slot's heading, recognised by
the regular expressions below, written from the EMA template wording
(formats/ema-epi-PL-section-codes.tsv) with the variants the QRD allows ("take"/"use"/"are
given"), matched only at the start of a line (never in its middle, where a false match
would be too easy), lower case. A numbered heading "N. …" counts once per section N: the
first one with the section's key words that is not part of a table of contents (a run of
numbered lines). The slot is *recognised* when the importer started a section at that
same line with the kind this file expects for the slot (the table KIND below, the mapping
asked for in issue 14).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from leaflet_i18n.sources.draft import draft_texts  # noqa: E402
from leaflet_i18n.sources.text import read_text  # noqa: E402

X = r"[\w][\w .,/®()-]{0,60}?"
NAME = r"[\w®/-]+(?: [\w®/-]+){0,3}"
VERB = (
    r"(?:take|use|are given|is given|be given|receive|inject|apply|have|get"
    r"|start taking|start using)"
)
EXCIPIENT = (
    r"(sodium|lactose|sucrose|glucose|sorbitol|potassium|alcohol|ethanol|benzyl|propylene"
    r"|polysorbate|aspartame|phenylalanine)"
)
SECTIONS = {
    1: r"what .* used for",
    2: r"(what you need to know before|before you)",
    3: r"how (to )?",
    4: r"possible side effects",
    5: r"how to store",
    6: r"(contents of the pack|further information)",
}
SUB = {
    "pl.2.donottake": (
        rf"(do not {VERB}|(you|your child) (must|should) not (be given|receive|take|use)) {NAME}"
    ),
    "pl.2.warnings": r"warnings and precautions\b",
    "pl.2.children": r"children( and adolescents)?\b",
    "pl.2.medicines": rf"other medicines and {X}",
    "pl.2.food": rf"{X} with (food|drink|alcohol)",
    "pl.2.pregnancy": r"(fertility, )?pregnancy(,| and) (breast-?feeding|fertility)",
    "pl.2.driving": r"driving and (using|use of) (tools or )?machines",
    "pl.2.excipients": rf"{X} contains? {EXCIPIENT}",
    "pl.3.toomuch": rf"if (you|your child) {VERB} more {X} than",
    "pl.3.forgotten": r"if (you|your child) (forget|forgot|miss|missed)\b",
    "pl.3.stopping": r"(if (you|your child) stops? (taking|using)|do not stop (taking|using))",
    "pl.4.reporting": r"reporting (of )?side effects",
    "pl.6.contents": rf"what {X} contains?\b",
    "pl.6.appearance": rf"what {X} looks? like and contents of the pack",
    "pl.6.holder": r"marketing authori[sz]ation holder",
    "pl.6.revised": r"this leaflet was last revised",
}
KIND = {
    "pl.1": "indications",
    "pl.2": "warnings",
    "pl.3": "dosage",
    "pl.4": "side_effects",
    "pl.5": "storage",
    "pl.6": "contents",
    "pl.2.donottake": "contraindications",
    "pl.2.warnings": "warnings",
    "pl.2.children": "children",
    "pl.2.medicines": "interactions",
    "pl.2.food": "food_drink",
    "pl.2.pregnancy": "pregnancy",
    "pl.2.driving": "driving",
    "pl.2.excipients": "excipients",
    "pl.3.toomuch": "overdose",
    "pl.3.forgotten": "missed_dose",
    "pl.3.stopping": "stopping",
    "pl.4.reporting": "reporting",
    "pl.6.contents": "contents",
    "pl.6.appearance": "contents",
    "pl.6.holder": "contents",
    "pl.6.revised": "revision",
}
_MARKER = re.compile(r"^\s*(?:[-*•·–→▪■◦➢►\uf0b7\uf0a7\uf0d8\uf076\uf0fc]|o(?=\s))\s+")
_INLINE_MARKER = re.compile(r"\s[•\uf0b7\uf0a7\uf0d8]\s")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def source_words(text: str) -> list[str]:
    out: list[str] = []
    for line in text.splitlines():
        out += words(_INLINE_MARKER.sub(" ", _MARKER.sub("", line)))
    return out


def truth(text: str) -> dict[tuple[str, int], str]:
    """(slot, line) → expected kind, for the QRD headings at the start of a line."""
    lines = text.splitlines()
    numbered = [bool(re.match(r"^[1-6]\.\s", ln)) for ln in lines]
    found: dict[tuple[str, int], str] = {}
    done: set[int] = set()
    for i, raw in enumerate(lines):
        line = _MARKER.sub("", raw).strip().casefold()
        number = re.match(r"^([1-6])\.\s+(.*)$", line)
        if number and i > 0:
            n = int(number.group(1))
            in_toc = (i + 1 < len(lines) and numbered[i + 1]) or (i > 0 and numbered[i - 1])
            if n not in done and not in_toc and re.match(SECTIONS[n], number.group(2)):
                found[(f"pl.{n}", i + 1)] = KIND[f"pl.{n}"]
                done.add(n)
            continue
        if not done:
            continue  # sub-headings count inside the numbered sections only
        original = _MARKER.sub("", raw).strip()
        for slot, pattern in SUB.items():
            if any(_heading_ends(original, m.end()) for m in _matches(pattern, original)):
                found[(slot, i + 1)] = KIND[slot]
                break
    return found


def _matches(pattern: str, line: str) -> list[re.Match[str]]:
    """Every length the heading pattern can match at the start of the line (shortest first)."""
    out = []
    for end in range(1, min(len(line), 160) + 1):
        found = re.fullmatch(pattern + r"\W*", line[:end], re.IGNORECASE)
        if found and (end == len(line) or not line[end].isalnum()):
            out.append(found)
    return out


def _heading_ends(line: str, end: int) -> bool:
    """A heading ends the line, or a new sentence (capital letter) follows it."""
    rest = line[end:].lstrip()
    return not rest or rest[0] in ":" or rest[0].isupper() or rest[0].isdigit()


@dataclass
class Score:
    name: str
    present: int
    recognised: int
    words: int
    kept: int
    missed: list[str]


def score(path: Path) -> Score:
    text = path.read_text(encoding="utf-8")
    draft, _ = read_text(text, path.name)
    expected = truth(text)
    got = {(s.line, s.kind) for s in draft.walk()}
    missed = [
        f"{slot}@{line}" for (slot, line), kind in expected.items() if (line, kind) not in got
    ]
    source = source_words(text)
    imported = [w for t, _ in draft_texts(draft) for w in words(t)]
    matcher = difflib.SequenceMatcher(None, source, imported, autojunk=False)
    kept = source == imported and len(source) or sum(b.size for b in matcher.get_matching_blocks())
    return Score(path.stem, len(expected), len(expected) - len(missed), len(source), kept, missed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT.parent / "shared" / "real-leaflets")
    parser.add_argument("--quiet", action="store_true", help="totals only")
    args = parser.parse_args()
    files = sorted((args.root / "en").glob("*.txt"))
    if not files:
        sys.exit(f"no leaflets in {args.root / 'en'}")
    scores = [score(f) for f in files]
    if not args.quiet:
        print(f"{'leaflet':32} {'slots':>11} {'words kept':>17}  missed")
        for s in scores:
            pct = 100 * s.recognised / s.present if s.present else 100.0
            print(
                f"{s.name:32} {s.recognised:3}/{s.present:3} {pct:4.0f}% "
                f"{s.kept:7}/{s.words:7}  {' '.join(s.missed)}"
            )
    present = sum(s.present for s in scores)
    recognised = sum(s.recognised for s in scores)
    total_words = sum(s.words for s in scores)
    kept = sum(s.kept for s in scores)
    print(
        f"total: {len(scores)} leaflets; QRD slots recognised with the right kind "
        f"{recognised}/{present} ({100 * recognised / present:.1f}%); "
        f"words kept {kept}/{total_words} ({100 * kept / total_words:.2f}%)"
    )


if __name__ == "__main__":
    main()
