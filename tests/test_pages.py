"""Pages that read right: safety marks that keep their meaning, QRD order, every generated
string in the page's language, a status page that links what it reports."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT
from .helpers import cli, edit_entry, translated_workspace

EPOCH = "1795000000"  # 2026-11-18 11:06:40 UTC


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace built as HTML only, Italian refused (`build -l it`)."""
    ws = tmp_path_factory.mktemp("pages")
    for name in ("content", "locales", "templates"):
        shutil.copytree(ROOT / name, ws / name)
    settings = (ROOT / "leaflet-i18n.yaml").read_text(encoding="utf-8")
    (ws / "leaflet-i18n.yaml").write_text(re.sub(r"(?m)^outputs:.*\n", "", settings))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        assert cli(ws, "build")[0] == 0
        assert cli(ws, "build", "-l", "it")[0] == 1
    return ws / "site"


def sections(html: str) -> dict[str, str]:
    """Section id → its class attribute."""
    return dict(re.findall(r'<section id="([^"]+)"[^>]*class="([^"]*)"', html))


def test_important_sections_are_marked_strongly_the_others_quietly(demo: Path) -> None:
    html = (demo / "de/paracetamol.html").read_text(encoding="utf-8")
    classes = sections(html)
    important = sorted(k for k, v in classes.items() if "important" in v.split())
    quiet = sorted(k for k, v in classes.items() if "safety" in v.split())
    # who must not take it, the dose, an overdose
    assert important == ["before-you-take/do-not-take", "how-to-take", "how-to-take/overdose"]
    # once per critical top-level section, never inside one that says so already
    assert quiet == ["before-you-take", "header", "side-effects", "storage"]
    assert "critical" in classes["before-you-take/warnings"]  # critical, but not marked again
    assert html.count('<p class="important-label">') == 3
    # not by colour alone: a label says "important"; the quiet sign is read out too
    assert '<span aria-hidden="true">⚠</span> Wichtig</p>' in html
    assert '<span class="visually-hidden"> (Sicherheitsinformation)</span>' in html


def test_the_legend_is_at_the_top_and_the_revision_date_at_the_end(demo: Path) -> None:
    html = (demo / "de/paracetamol.html").read_text(encoding="utf-8")
    legend, toc = html.index('<ul class="legend"'), html.index('<nav class="toc"')
    first_section = html.index("<section ")
    assert legend < toc < first_section
    assert "Mit „Wichtig“ gekennzeichnete Abschnitte" in html[legend:toc]
    revised = html.index('<p class="revised">')
    assert revised > html.rindex("</section>")  # after section 6, as in the QRD template
    assert "26. November 2026" in html[revised:]


def test_the_contents_list_leaves_out_the_header_box(demo: Path) -> None:
    html = (demo / "de/paracetamol.html").read_text(encoding="utf-8")
    toc = html.split('<nav class="toc"')[1].split("</nav>")[0]
    links = re.findall(r'<a href="#([^"]+)">', toc)
    assert links == [
        "what-it-is",
        "before-you-take",
        "how-to-take",
        "side-effects",
        "storage",
        "contents",
    ]


def test_each_language_has_an_index_in_its_language(demo: Path) -> None:
    root = (demo / "index.html").read_text(encoding="utf-8")
    for locale in ("ar", "de", "en", "es", "fr", "pl"):
        assert f'href="{locale}/index.html"' in root
        assert (demo / locale / "index.html").exists()
    assert "Italiano" in root and not (demo / "it/index.html").exists()  # nothing published
    german = (demo / "de/index.html").read_text(encoding="utf-8")
    assert '<html lang="de" dir="ltr">' in german
    assert 'lang="en"' not in german.split("<main")[1].split('class="also"')[0]
    assert "<h1>Packungsbeilagen</h1>" in german
    assert (
        '<a href="paracetamol.html">Paracetamol <bdi dir="ltr">500\u00a0mg</bdi> Tabletten</a>'
        in german
    )
    # a leaflet published here links its page; its language switcher lists the other languages
    assert 'href="../fr/paracetamol.html"' not in german and "Auch verfügbar in:" not in german
    assert "Übersetzungsstand" in german and 'href="../index.html">Alle Sprachen' in german
    arabic = (demo / "ar/index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in arabic and "نشرات معلومات المريض" in arabic
    # every page's header leads to the index of its language
    assert '<a href="index.html">Packungsbeilagen</a>' in (demo / "de/paracetamol.html").read_text()


def test_a_refused_page_is_named_in_its_languages_index(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    other = (ws / "content/demo.yaml").read_text().replace("Demo 500 mg", "Other 500 mg")
    (ws / "content/other.yaml").write_text(other)
    cli(ws, "extract")
    cli(ws, "update", "-l", "de")  # the German title of 'other' is not translated: refused
    assert cli(ws, "build")[0] == 1
    german = (ws / "site/de/index.html").read_text(encoding="utf-8")
    [entry] = [e for e in german.split("<li>\n<h2>") if "Other <bdi" in e.split("</h2>")[0]]
    assert '<a href="../status.html#de-other">' in entry and 'href="../en/other.html"' in entry
    assert '<span class="fallback" lang="en" dir="ltr">Other' in entry  # its title, marked
    edit_entry(ws / "locales/de/LC_MESSAGES/demo.po", "Do not take Demo", "blank")
    assert cli(ws, "build")[0] == 1
    assert not (ws / "site/de/index.html").exists()  # German has no page left
    assert 'href="de/index.html"' not in (ws / "site/index.html").read_text()


def test_the_status_page_links_pages_and_reasons_and_says_when_it_was_built(demo: Path) -> None:
    status = (demo / "status.html").read_text(encoding="utf-8")
    assert '<time datetime="2026-11-18T11:06:40Z">2026-11-18 11:06 UTC</time>' in status
    assert '<a href="index.html">' in status
    assert '<a href="de/paracetamol.html">' in status  # a published page
    assert 'href="it/paracetamol.html"' not in status  # a refused one is not online
    refused = status.split('<h2 id="refused">')[1].split("</ul>\n</li>")[0]
    anchors = re.findall(r'href="#(it-baclofen-\d+)"', refused)
    assert anchors == ["it-baclofen-1", "it-baclofen-2"]
    for anchor in anchors:
        assert f'<li id="{anchor}">' in status


def test_a_leaflet_cannot_be_called_index(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    shutil.copy(ws / "content/demo.yaml", ws / "content/index.yaml")
    code, output = cli(ws, "build")
    assert code == 1 and "content/index.yaml: error: a leaflet cannot be called 'index'" in output
    assert "[build.name]" in output and "Traceback" not in output
