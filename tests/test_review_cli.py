"""``leaflet-i18n review``: the terminal session, the sheet, approval lists and counts."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.cli import main
from leaflet_i18n.sources.approvals import load_record

from .test_review import approve_everything, build_de, review_workspace, set_msgstr

OVERDOSE = "Do not take more than 8 tablets (4 g) in 24 hours."
RECORD = "locales/de/reviews/demo.yaml"


def run(ws: Path, *args: str, input: str | None = None, width: int = 80) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["-C", str(ws), *args], input=input, env={"COLUMNS": str(width)}
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def session(ws: Path, keys: str, role: str = "medical", *extra: str) -> tuple[int, str]:
    return run(
        ws,
        "review", "-l", "de", "--leaflet", "demo", "--reviewer", "A. Reviewer", "--role", role,
        *extra,
        input=keys,
    )  # fmt: skip


def approvals(ws: Path) -> list[tuple[str | None, str, str]]:
    record = load_record(ws / RECORD, RECORD, "demo", "de")
    return [(a.msgctxt, a.msgid, a.role) for a in record.approvals]


def test_an_interactive_session_writes_each_decision(tmp_path: Path) -> None:
    ws = review_workspace(tmp_path)
    code, output = session(ws, "a\nr\nThe lead-in must say 'if you'.\ns\nq\n")
    assert code == 0, output
    # the first message: where it is, its section, source and translation
    assert "[1/11] demo: _title (critical), locales/de/LC_MESSAGES/demo.po:" in output
    assert "  en  Demo 500 mg tablets\n  de  Demo 500 mg Tabletten\n" in output
    assert "a approve · r reject · s skip · q quit: a\n" in output
    assert f"approved as medical: wrote {RECORD}" in output
    assert "1 approved, 1 rejected, 1 skipped; 9 left to review as medical in de" in output
    assert approvals(ws) == [("_title", "Demo 500 mg tablets", "medical")]
    # the rejected entry: the translator sees why, and it is fuzzy
    catalog = read_catalog(ws / "locales/de/LC_MESSAGES/demo.po")
    rejected = [e for e in catalog.messages() if any("review:" in c for c in e.comments)]
    [entry] = rejected
    assert entry.fuzzy
    assert entry.comments[-1] == (
        "review: rejected by A. Reviewer (medical) on "
        f"{entry.comments[-1].split(' on ')[1].split(':')[0]}: The lead-in must say 'if you'."
    )
    # the next session starts where this one stopped; the rejected one waits for the translator
    code, output = session(ws, "q\n")
    assert "[1/9]" in output and "1 more wait for the translator" in output


def test_the_session_ends_at_the_end_of_its_input(tmp_path: Path) -> None:
    ws = review_workspace(tmp_path)
    code, output = session(ws, "a\n")
    assert code == 0 and "1 approved, 0 rejected, 0 skipped; 10 left" in output
    code, output = session(ws, "x\nq\n")
    assert "answer a, r, s or q" in output


def test_re_review_shows_a_word_diff_against_the_approved_text(tmp_path: Path) -> None:
    ws = review_workspace(tmp_path)
    approve_everything(ws)
    set_msgstr(ws, OVERDOSE, "Nehmen Sie in 24 Stunden höchstens 8 Tabletten (4 g) ein.")
    code, output = session(ws, "a\n")
    assert "[1/1] demo: how-to-take (critical)" in output
    assert "changed since review (translation changed; approved by A. Reviewer (medical, " in output
    assert "  de  Nehmen Sie [-nicht mehr als-] {+in 24 Stunden höchstens+} 8 Tabletten" in output
    assert "[-innerhalb von 24 Stunden-] ein." in output
    assert code == 0
    code, page = build_de(ws)
    assert code == 1  # the linguist has not approved the new text yet
    code, output = session(ws, "a\n", "linguistic")
    assert build_de(ws)[0] == 0


def test_wide_terminals_show_source_and_translation_side_by_side(tmp_path: Path) -> None:
    ws = review_workspace(tmp_path)
    _, output = run(
        ws,
        "review", "start", "-l", "de", "--reviewer", "X", "--role", "medical",
        input="q\n",
        width=140,
    )  # fmt: skip
    line = next(x for x in output.splitlines() if "Demo 500 mg tablets" in x)
    assert re.fullmatch(r"  Demo 500 mg tablets +Demo 500 mg Tabletten", line)


def test_unknown_roles_and_locales_are_usage_errors(tmp_path: Path) -> None:
    ws = review_workspace(tmp_path)
    code, output = session(ws, "q\n", "pharmacist")
    assert code == 2 and "unknown role 'pharmacist'" in output
    code, output = run(ws, "review", "-l", "en", "--reviewer", "X", "--role", "medical")
    assert code == 2 and "source locale" in output
    code, output = run(ws, "review", "-l", "de", "--leaflet", "nope", "--reviewer", "X", "--role", "medical")  # fmt: skip
    assert code == 2 and "no leaflet named nope" in output


# ---------------------------------------------------------------- the sheet and approval lists


def sheet(ws: Path, tmp_path: Path) -> str:
    target = tmp_path / "sheet.html"
    code, output = run(ws, "review", "sheet", "-l", "de", "--leaflet", "demo", "-o", str(target))
    assert code == 0, output
    assert output.startswith(f"wrote {target}: 15 messages of demo; approvals:")
    return target.read_text(encoding="utf-8")


def test_the_sheet_is_printable_html_with_ids_approve_accepts(tmp_path: Path) -> None:
    from lxml import html as lxml_html

    ws = review_workspace(tmp_path)
    set_msgstr(ws, OVERDOSE, "<script>alert(1)</script> 8 (4 g) 24")
    text = sheet(ws, tmp_path)
    assert text.startswith("<!DOCTYPE html>") and "<script>alert" not in text  # autoescaped
    assert "@page { size: A4" in text and "break-inside: avoid" in text
    doc = lxml_html.fromstring(text)
    sources = doc.xpath("//td[@lang='en']")
    translations = doc.xpath("//td[@lang='de']")
    assert len(sources) == len(translations) == 15
    assert len(doc.xpath("//table[contains(@class, 'signature')]")) == 5  # per section to sign
    ids = [code.text for code in doc.xpath("//td[@class='id']/code")]
    assert len(ids) == 15 and all(re.fullmatch(r"r[0-9a-f]{10}", i) for i in ids)
    listing = tmp_path / "approved.txt"
    listing.write_text("# signed on paper\n" + "\n".join(ids) + "\n")
    code, output = run(
        ws, "review", "approve", "-l", "de", "--reviewer", "B. Doctor", "--role", "medical",
        "--from", str(listing),
    )  # fmt: skip
    assert code == 0, output
    assert output.count("approved r") == 15
    assert (
        "15 approved as medical by B. Doctor, 0 refused; wrote locales/de/reviews/demo.yaml"
        in output
    )
    # an id stands for the text printed: after a change it approves nothing
    set_msgstr(ws, OVERDOSE, "Nehmen Sie in 24 Stunden höchstens 8 Tabletten (4 g) ein.")
    code, output = run(
        ws, "review", "approve", "-l", "de", "--reviewer", "C", "--role", "linguistic",
        "--from", str(listing),
    )  # fmt: skip
    assert code == 1
    assert re.search(r"approved\.txt:\d+: error: no message has the id r[0-9a-f]{10} now", output)
    assert "14 approved as linguistic by C, 1 refused" in output


@pytest.mark.skipif(shutil.which("java") is None, reason="needs Java for the Nu Html Checker")
def test_the_sheet_is_valid_html5(tmp_path: Path) -> None:
    from .test_browser import vnu_jar

    jar = vnu_jar()
    if jar is None:
        pytest.skip("Nu Html Checker (vnu.jar) not installed")
    ws = review_workspace(tmp_path)
    approve_everything(ws)
    set_msgstr(ws, OVERDOSE, "Nehmen Sie in 24 Stunden höchstens 8 Tabletten (4 g) ein.")
    sheet(ws, tmp_path)
    out = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", str(tmp_path / "sheet.html")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr


def test_approve_refuses_what_is_not_translated_and_names_its_line(tmp_path: Path) -> None:
    ws = review_workspace(tmp_path)
    set_msgstr(ws, OVERDOSE, "")
    path = ws / "locales/de/LC_MESSAGES/demo.po"
    catalog = read_catalog(path)
    [fuzzy] = [e for e in catalog.messages() if e.msgid == "Do not take Demo"]
    listing = "\n".join(
        [
            "how-to-take: Do not take more than 8 tablets (4 g) in 24 hours.",
            "before-you-take/do-not-take: Do not take Demo",
            "contents: Contents of the pack",
            "nowhere: Nothing",
        ]
    )
    from .helpers import edit_entry

    edit_entry(path, fuzzy.msgid, "fuzzy")
    code, output = run(
        ws, "review", "approve", "-l", "de", "--reviewer", "X", "--role", "linguistic",
        "--from", "-",
        input=listing,
    )  # fmt: skip
    assert code == 1
    assert re.search(
        r"locales/de/LC_MESSAGES/demo.po:\d+: error: how-to-take: not translated: cannot be "
        r"approved \(named in <stdin>:1\) \[review.untranslated\]",
        output,
    )
    assert re.search(r"demo.po:\d+: error: before-you-take/do-not-take: marked fuzzy", output)
    assert "<stdin>:4: error: names no message: 'nowhere: Nothing'" in output
    assert "approved r" in output and "contents: “Contents of the pack”" in output
    assert approvals(ws) == [("contents", "Contents of the pack", "linguistic")]


def test_review_status_counts_per_locale_leaflet_section_and_role(tmp_path: Path) -> None:
    ws = review_workspace(tmp_path)
    approve_everything(ws)
    set_msgstr(ws, OVERDOSE, "Nehmen Sie in 24 Stunden höchstens 8 Tabletten (4 g) ein.")
    code, output = run(ws, "review", "status")
    assert code == 1
    lines = output.splitlines()
    assert re.fullmatch(r"de +demo +\(all\) +medical +10/11 +0 +1", lines[3])
    assert re.fullmatch(r"de +demo +! how-to-take +medical +2/3 +0 +1", lines[4])
    code, output = run(ws, "review", "status", "--format", "json")
    data = json.loads(output)
    [locale] = data["locales"]
    demo = next(p for p in locale["leaflets"] if p["leaflet"] == "demo")
    assert locale["enforced"] and demo["roles"]["linguistic"] == {
        "approved": 10, "missing": 0, "outdated": 1,
    }  # fmt: skip
    section = next(s for s in demo["sections"] if s["path"] == "how-to-take")
    assert section["roles"]["medical"]["outdated"] == 1


def test_commands_without_review_settings(tmp_path: Path) -> None:
    from .helpers import translated_workspace

    ws = translated_workspace(tmp_path)
    assert run(ws, "review", "status") == (
        0,
        "no review required (review: required: in leaflet-i18n.yaml)\n",
    )
    code, output = run(ws, "build", "-l", "de")
    assert code == 0  # existing workspaces keep working
