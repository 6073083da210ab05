"""Align every translation of shared/real-leaflets/parallel/ to its English leaflet.

    python benchmarks/align_real.py [--root ../shared/real-leaflets] [--quiet]

For each product and language: how many of the English leaflet's messages were aligned
with a translated text, and how many of those pairs agree in their numbers (digit strings
compared after removing ".", "," and spaces between digits, as parallel/INDEX.tsv does;
pairs without numbers on either side agree trivially, so the pairs *with* numbers are
counted separately). The English is imported with `leaflet-i18n import`'s text importer,
the translation with the same importer and the QRD table of its language.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from leaflet_i18n.sources.content import load_leaflet  # noqa: E402
from leaflet_i18n.sources.text import read_text  # noqa: E402
from leaflet_i18n.sources.yaml_writer import dump_draft  # noqa: E402
from leaflet_i18n.steps.align import align, numbers_of  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT.parent / "shared" / "real-leaflets")
    parser.add_argument("--quiet", action="store_true", help="totals only")
    args = parser.parse_args()
    products = sorted(d for d in (args.root / "parallel").iterdir() if d.is_dir())
    if not products:
        sys.exit(f"no parallel leaflets in {args.root / 'parallel'}")
    totals = [0, 0, 0, 0, 0]  # messages, aligned, agreeing, with numbers, with numbers agreeing
    if not args.quiet:
        print(f"{'product':20} lang {'aligned':>13} {'numbers agree':>14} {'(with numbers)':>16}")
    with tempfile.TemporaryDirectory() as tmp:
        for product in products:
            draft, _ = read_text((product / "en.txt").read_text(encoding="utf-8"), "en.txt", "en")
            content = Path(tmp) / f"{product.name}.yaml"
            content.write_text(dump_draft(draft), encoding="utf-8")
            leaflet = load_leaflet(content, f"content/{product.name}.yaml")
            messages = sum(1 for _ in leaflet.messages())
            for translated in sorted(product.glob("*.txt")):
                if translated.stem == "en":
                    continue
                text = translated.read_text(encoding="utf-8")
                target, _ = read_text(text, translated.name, translated.stem)
                result = align(leaflet, target)
                pairs = result.pairs
                numbered = [
                    p for p in pairs if numbers_of(p.message.msgid) or numbers_of(p.translation)
                ]
                row = [
                    messages,
                    len(pairs),
                    result.agreeing,
                    len(numbered),
                    sum(p.numbers_agree for p in numbered),
                ]
                totals = [a + b for a, b in zip(totals, row, strict=True)]
                if not args.quiet:
                    print(
                        f"{product.name:20} {translated.stem:4} {row[1]:5}/{row[0]:5} "
                        f"{row[2]:6} ({100 * row[2] / max(1, row[1]):3.0f}%) "
                        f"{row[4]:6}/{row[3]:<5} ({100 * row[4] / max(1, row[3]):3.0f}%)"
                    )
    messages, aligned_count, agreeing, with_numbers, numbered_agree = totals
    print(
        f"total: {aligned_count}/{messages} messages aligned "
        f"({100 * aligned_count / messages:.1f}%); "
        f"{agreeing} of them agree in their numbers ({100 * agreeing / aligned_count:.1f}%); "
        f"of the {with_numbers} with numbers, {numbered_agree} agree "
        f"({100 * numbered_agree / max(1, with_numbers):.1f}%)"
    )


if __name__ == "__main__":
    main()
