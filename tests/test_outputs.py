"""PDF and EU ePI outputs: written for every published page and none for a refused one, read
back (the PDF's text, the FHIR Bundle validated with fhir.resources, the ePI imported again)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from leaflet_i18n.model.leaflet import Leaflet
from leaflet_i18n.render.html import plain
from leaflet_i18n.render.pdf import engine_problem
from leaflet_i18n.sources.content import load_leaflet
from leaflet_i18n.sources.workspace import Workspace
from leaflet_i18n.steps.review import Reviewer

from .conftest import ROOT
from .helpers import cli, edit_entry, translated_workspace

NO_PDF = engine_problem()
needs_pdf = pytest.mark.skipif(NO_PDF is not None, reason=f"no PDF engine: {NO_PDF}")
PUBLISHED = ["ar", "de", "en", "es", "fr", "pl"]
LTR = [loc for loc in PUBLISHED if loc != "ar"]
SLUGS = ["baclofen", "paracetamol"]


def demo_copy(root: Path) -> Path:
    for name in ("content", "locales", "templates"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "leaflet-i18n.yaml", root)
    return root


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace, built with its settings (HTML, PDF and ePI), Italian refused."""
    if NO_PDF is not None:
        pytest.skip(f"no PDF engine: {NO_PDF}")
    ws = demo_copy(tmp_path_factory.mktemp("outputs"))
    code, output = cli(ws, "build")
    assert code == 0, output
    code, output = cli(ws, "build", "-l", "it")
    assert code == 1
    return ws


_AFTER_BREAK = re.compile(r"(?<=[-‐–/])\s+")  # a line may end after a hyphen, dash or slash


def texts_of(pdf: Path) -> list[str]:
    """The text of each page of a PDF, every run of spaces one space (none after a hyphen)."""
    from pypdf import PdfReader

    return [one_line(page.extract_text()) for page in PdfReader(pdf).pages]


def one_line(text: str) -> str:
    return _AFTER_BREAK.sub("", " ".join(plain(text).split()))


def shown_messages(ws: Path, slug: str, locale: str) -> list[tuple[bool, str, str]]:
    """(critical, role, text as the page shows it) of every message of a page, in order."""
    page = Reviewer(Workspace.open(ws)).page(slug, locale)
    return [
        (r.message.critical, r.message.role, r.translation or r.message.msgid)
        for r in page.messages
    ]


# ---------------------------------------------------------------- every output, behind the gate


def test_every_published_page_has_its_html_pdf_and_epi_and_a_refused_one_none(demo: Path) -> None:
    site = demo / "site"
    for locale in PUBLISHED:
        for slug in SLUGS:
            for suffix in (".html", ".pdf", ".epi.json"):
                assert (site / locale / f"{slug}{suffix}").is_file(), f"{locale}/{slug}{suffix}"
    assert not (site / "it").exists() or not any((site / "it").iterdir())


@needs_pdf
def test_a_refused_page_loses_every_output(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    (ws / "leaflet-i18n.yaml").write_text("outputs: [html, pdf, epi]\n")
    assert cli(ws, "build")[0] == 0
    files = [ws / f"site/de/demo{s}" for s in (".html", ".pdf", ".epi.json")]
    assert all(f.exists() for f in files)
    edit_entry(ws / "locales/de/LC_MESSAGES/demo.po", "Do not take Demo", "blank")
    code, output = cli(ws, "build")
    assert code == 1 and "refused de/demo.html" in output
    assert not any(f.exists() for f in files)  # the PDF and ePI went with the page
    assert (ws / "site/en/demo.pdf").exists() and (ws / "site/en/demo.epi.json").exists()


@needs_pdf
def test_a_dropped_output_or_locale_or_leaflet_leaves_no_file(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    (ws / "leaflet-i18n.yaml").write_text("outputs: [html, pdf, epi]\n")
    assert cli(ws, "build")[0] == 0
    (ws / "leaflet-i18n.yaml").write_text("outputs: [html, epi]\n")
    assert cli(ws, "build")[0] == 0
    assert not (ws / "site/de/demo.pdf").exists() and (ws / "site/de/demo.epi.json").exists()
    shutil.rmtree(ws / "locales/de")
    assert cli(ws, "build")[0] == 0
    assert not list((ws / "site/de").glob("demo.*"))
    shutil.copy(ws / "content/demo.yaml", ws / "content/other.yaml")
    assert cli(ws, "build")[0] == 0 and (ws / "site/en/other.epi.json").exists()
    (ws / "content/other.yaml").unlink()
    assert cli(ws, "build")[0] == 0
    assert not list((ws / "site/en").glob("other.*"))


def test_outputs_must_be_known_and_include_html(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    (ws / "leaflet-i18n.yaml").write_text("outputs: [html, pfd]\n")
    code, output = cli(ws, "build")
    assert code != 0 and "unknown output 'pfd' (did you mean 'pdf'?)" in output
    assert "[settings.outputs]" in output
    (ws / "leaflet-i18n.yaml").write_text("outputs: [pdf]\n")
    code, output = cli(ws, "build")
    assert code != 0 and "leaflet-i18n.yaml:1:" in output and "must include html" in output


def test_without_weasyprint_pdf_output_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leaflet_i18n.render import pdf

    def missing() -> None:
        raise ImportError("No module named 'weasyprint'")

    monkeypatch.setattr(pdf, "_engine", missing)
    ws = translated_workspace(tmp_path)
    (ws / "leaflet-i18n.yaml").write_text("source_locale: en\noutputs: [html, pdf]\n")
    code, output = cli(ws, "build", "--jobs", "1")
    assert code == 1
    assert "leaflet-i18n.yaml:2: error: outputs include pdf, but WeasyPrint is not installed" in (
        output
    )
    assert "pip install 'leaflet-i18n[pdf]'" in output and "[build.pdf]" in output
    assert "Traceback" not in output and not (ws / "site/de/demo.html").exists()


def test_an_html_build_never_loads_weasyprint(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from leaflet_i18n.sources.workspace import Workspace\n"
        "from leaflet_i18n.steps.build import build_site\n"
        f"ws = Workspace.open(Path({str(ws)!r}))\n"
        "build_site(ws, ws.output_dir)\n"
        "print('weasyprint' in sys.modules, 'pydyf' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]


# ---------------------------------------------------------------- the PDF


@needs_pdf
@pytest.mark.parametrize("locale", LTR)
@pytest.mark.parametrize("slug", SLUGS)
def test_the_pdf_has_every_critical_translation_in_order(
    demo: Path, locale: str, slug: str
) -> None:
    text = " ".join(texts_of(demo / f"site/{locale}/{slug}.pdf"))
    position = 0
    for critical, _, shown in shown_messages(demo, slug, locale):
        if not critical:
            continue
        needle = one_line(shown)
        found = text.find(needle, position)
        assert found >= 0, (locale, shown, text[position : position + 200])
        position = found + len(needle)


@needs_pdf
def test_the_arabic_pdf_is_laid_out_right_to_left_with_its_quantities(demo: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(demo / "site/ar/paracetamol.pdf")
    assert reader.metadata is not None and reader.metadata.title == "أقراص باراسيتامول 500 ملغ"
    text = " ".join(texts_of(demo / "site/ar/paracetamol.pdf"))
    for needle in ("25 °C", "500", "باراسيتامول"):
        assert needle in text


@needs_pdf
def test_every_page_names_the_product_the_revision_and_its_number(demo: Path) -> None:
    pages = texts_of(demo / "site/de/paracetamol.pdf")
    count = len(pages)
    assert count >= 3
    for number, text in enumerate(pages, 1):
        assert f"Seite {number} von {count}" in text  # "page X of Y", translated
        if number > 1:  # the running header; the first page has the title itself
            assert "Paracetamol 500 mg Tabletten" in text
            assert "Stand der Information: 26. November 2026" in text


def pages_of(pages: list[str], texts: list[str]) -> list[int]:
    """The page each of ``texts`` is on, found one after the other."""
    joined, starts = "", []
    for page in pages:
        starts.append(len(joined))
        joined += page + " "
    out, position = [], 0
    for text in texts:
        needle = one_line(text)
        found = joined.find(needle, position)
        assert found >= 0, text
        out.append(max(i for i, start in enumerate(starts) if start <= found))
        position = found + len(needle)
    return out


@needs_pdf
@pytest.mark.parametrize("locale", LTR)
@pytest.mark.parametrize("slug", SLUGS)
def test_headings_stay_with_their_text_and_short_critical_sections_stay_whole(
    demo: Path, locale: str, slug: str
) -> None:
    pages = texts_of(demo / f"site/{locale}/{slug}.pdf")
    leaflet = Reviewer(Workspace.open(demo)).leaflet(slug)
    shown = shown_messages(demo, slug, locale)
    where = pages_of(pages, [text for _, _, text in shown])
    by_section: dict[str, list[int]] = {}
    for message, page in zip(leaflet.messages(), where, strict=True):
        by_section.setdefault(message.context, []).append(page)
    for section in leaflet.walk():
        found = by_section.get(section.path, [])
        if not section.heading or len(found) < 2:
            continue
        assert found[0] == found[1], (section.path, "heading parted from its text")
        length = sum(len(m.msgid) for m in _section_messages(section))
        if section.critical and not section.sections and length <= 1200:
            assert set(found) == {found[0]}, (section.path, "a short critical section split")


def _section_messages(section: Any) -> list[Any]:
    from leaflet_i18n.model.leaflet import section_messages

    return list(section_messages(section))


@needs_pdf
def test_pdfs_are_deterministic_and_a_build_with_nothing_changed_rewrites_none(
    demo: Path, tmp_path: Path
) -> None:
    site = demo / "site"
    pdfs = sorted(site.rglob("*.pdf"))
    assert len(pdfs) == 12
    before = {p: p.stat().st_mtime_ns for p in pdfs}
    code, output = cli(demo, "build")
    assert code == 0 and "12 up to date" in output
    assert {p: p.stat().st_mtime_ns for p in pdfs} == before
    code, _ = cli(demo, "build", "--no-cache", "-o", str(tmp_path / "again"))
    assert code == 0
    for pdf in pdfs:
        assert (tmp_path / "again" / pdf.relative_to(site)).read_bytes() == pdf.read_bytes()


@needs_pdf
def test_a_new_language_relinks_the_pages_without_making_their_pdfs_again(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    (ws / "leaflet-i18n.yaml").write_text("outputs: [html, pdf]\ntarget_locales: [de]\n")
    assert cli(ws, "build")[0] == 0
    pdf = ws / "site/de/demo.pdf"
    stamp = pdf.stat().st_mtime_ns
    html = (ws / "site/de/demo.html").read_text()
    shutil.copytree(ws / "locales/de", ws / "locales/de_AT")
    for po in (ws / "locales/de_AT/LC_MESSAGES").glob("*.po"):
        po.write_text(po.read_text().replace('"Language: de\\n"', '"Language: de_AT\\n"'))
    (ws / "leaflet-i18n.yaml").write_text("outputs: [html, pdf]\ntarget_locales: [de, de_AT]\n")
    code, output = cli(ws, "build")
    assert code == 0, output
    assert (ws / "site/de/demo.html").read_text() != html  # its switcher names de_AT now
    assert pdf.stat().st_mtime_ns == stamp and (ws / "site/de_AT/demo.pdf").exists()


# ---------------------------------------------------------------- the EU ePI


def bundle_of(ws: Path, locale: str, slug: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (ws / f"site/{locale}/{slug}.epi.json").read_text(encoding="utf-8")
    )
    return data


@pytest.mark.parametrize("locale", PUBLISHED)
@pytest.mark.parametrize("slug", SLUGS)
def test_the_epi_is_a_valid_fhir_document(demo: Path, locale: str, slug: str) -> None:
    from fhir.resources.bundle import Bundle
    from fhir.resources.composition import Composition
    from fhir.resources.medicinalproductdefinition import MedicinalProductDefinition

    data = bundle_of(demo, locale, slug)
    bundle = Bundle.model_validate(data)
    assert bundle.type == "document" and bundle.identifier is not None and bundle.entry
    composition, product = bundle.entry[0].resource, bundle.entry[1].resource
    assert isinstance(composition, Composition)  # the first entry, as a document needs
    assert isinstance(product, MedicinalProductDefinition)
    assert composition.language == locale and composition.status == "final"
    assert composition.type is not None and composition.type.coding
    [coding] = composition.type.coding
    assert (coding.code, coding.display) == ("100000155538", "Package Leaflet")
    assert str(composition.date) == "2026-11-26" and str(bundle.timestamp).startswith("2026-11-26")
    assert composition.subject and composition.subject[0].reference == bundle.entry[1].fullUrl
    assert product.name[0].productName == composition.title
    page = Reviewer(Workspace.open(demo)).page(slug, locale)
    [title] = [r for r in page.messages if r.message.role == "title"]
    assert composition.title == plain(title.translation or title.message.msgid)

    def walk(sections: list[Any]) -> None:
        for section in sections:
            assert section.code is not None and section.code.coding
            if section.text is not None:
                assert section.text.div.startswith('<div xmlns="http://www.w3.org/1999/xhtml">')
            walk(section.section or [])

    walk(composition.section or [])


def test_the_epi_codes_each_qrd_section_with_its_ema_heading_code(demo: Path) -> None:
    composition = bundle_of(demo, "de", "paracetamol")["entry"][0]["resource"]
    codes = {}

    def walk(sections: list[dict[str, Any]]) -> None:
        for section in sections:
            ema = [c["code"] for c in section["code"]["coding"] if "200000029659" in c["system"]]
            codes[section["id"]] = ema[0] if ema else None
            walk(section.get("section", []))

    walk(composition["section"])
    assert codes == {
        "header": "200000029894",
        "what-it-is": "200000029895",
        "before-you-take": "200000029896",
        "before-you-take/do-not-take": "200000029897",
        "before-you-take/warnings": "200000029898",
        "before-you-take/children": "200000029899",
        "before-you-take/other-medicines": "200000029900",
        "before-you-take/alcohol": "200000029901",
        "before-you-take/pregnancy": "200000029902",
        "before-you-take/driving": "200000029903",
        "before-you-take/sodium": "200000029904",
        "how-to-take": "200000029905",
        "how-to-take/overdose": "200000029907",
        "how-to-take/missed-dose": "200000029908",
        "side-effects": "200000029910",
        "side-effects/reporting": "200000029912",
        "storage": "200000029913",
        "contents": "200000029914",
    }


def test_the_epi_narrative_has_the_pages_text_and_no_clock(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = (demo / "site/de/paracetamol.epi.json").read_text(encoding="utf-8")
    assert "<p>Nicht über 25 °C lagern.</p>" in data  # as translated: no presentation markup
    assert "<bdi" not in data and "\u00a0" not in data
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")
    assert cli(demo, "build", "--no-cache", "-o", str(tmp_path / "later"))[0] == 0
    assert (tmp_path / "later/de/paracetamol.epi.json").read_text(encoding="utf-8") == data


def test_emphasis_and_fallbacks_in_the_epi_narrative(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    (ws / "leaflet-i18n.yaml").write_text("outputs: [html, epi]\n")
    edit_entry(ws / "locales/de/LC_MESSAGES/demo.po", "Contents of the pack", "blank")
    assert cli(ws, "build")[0] == 0
    data = (ws / "site/de/demo.epi.json").read_text(encoding="utf-8")
    assert "<strong>mehr als 4 g</strong>" in data
    bundle = json.loads(data)
    titles = [s.get("title") for s in bundle["entry"][0]["resource"]["section"]]
    assert "Contents of the pack" in titles  # the heading falls back to the source text


def test_a_leaflet_without_a_revision_date_has_no_epi_and_is_refused(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    content = ws / "content/demo.yaml"
    content.write_text(re.sub(r"(?m)^revised:.*\n", "", content.read_text()))
    (ws / "leaflet-i18n.yaml").write_text("outputs: [html, epi]\n")
    code, output = cli(ws, "build")
    assert code == 1 and "an ePI needs the leaflet's revision date" in output
    assert "[render.epi]" in output and not (ws / "site/de/demo.html").exists()


@pytest.mark.parametrize("locale", ["de", "ar", "en"])
@pytest.mark.parametrize("slug", SLUGS)
def test_importing_the_epi_gives_back_the_same_content(
    demo: Path, tmp_path: Path, locale: str, slug: str
) -> None:
    target = tmp_path / f"{slug}.yaml"
    source = demo / f"site/{locale}/{slug}.epi.json"
    code, output = cli(demo, "import", str(source), "-o", str(target))
    assert code == 0, output
    imported = load_leaflet(target, target.name)
    original = Reviewer(Workspace.open(demo)).leaflet(slug)

    def outline(leaflet: Leaflet) -> list[tuple[str, str, int, list[str]]]:
        return [
            (s.path, s.kind, s.depth, [type(b).__name__ for b in s.blocks]) for s in leaflet.walk()
        ]

    assert outline(imported) == outline(original)  # same sections, ids, kinds and blocks
    expected = [plain(text) if role in ("title", "heading") else text for _, role, text in
                shown_messages(demo, slug, locale)]  # fmt: skip
    assert [m.msgid for m in imported.messages()] == [" ".join(t.split()) for t in expected]
    assert imported.revised == original.revised
    assert imported.source_locale == locale
