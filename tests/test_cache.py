"""The build cache never serves a stale result: change any input and the affected pages change."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.formats.po_writer import dumps
from leaflet_i18n.steps import cache as cache_module
from leaflet_i18n.steps import records as records_module

from .helpers import cli, edit_entry, translated_workspace
from .helpers import shown as as_shown


def age(root: Path, seconds: int = 3600) -> None:
    """Make every file look old, as after a checkout (signatures must not depend on it)."""
    past = time.time() - seconds
    for path in root.rglob("*"):
        if path.is_file() and ".leaflet-i18n-cache" not in path.parts and "site" not in path.parts:
            os.utime(path, (past, past))


def build(ws: Path) -> dict[str, object]:
    code, output = cli(ws, "build", "--format", "json")
    report: dict[str, object] = json.loads(output)
    report["exit"] = code
    return report


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    workspace = translated_workspace(tmp_path)
    age(workspace)
    first = build(workspace)
    assert first["exit"] == 0 and first["summary"]["up_to_date"] == 0  # type: ignore[index]
    return workspace


def test_nothing_changed_means_nothing_rebuilt(ws: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in (ws / "site").rglob("*.html")}
    report = build(ws)
    assert report["summary"]["up_to_date"] == 2  # type: ignore[index]
    assert {p: p.stat().st_mtime_ns for p in (ws / "site").rglob("*.html")} == before


def test_fresh_files_are_recognized_at_once(tmp_path: Path) -> None:
    workspace = translated_workspace(tmp_path)  # just written: no timestamp to trust
    assert build(workspace)["summary"]["up_to_date"] == 0  # type: ignore[index]
    assert build(workspace)["summary"]["up_to_date"] == 2  # type: ignore[index]


def same_size_edit(path: Path, old: str, new: str) -> None:
    """Replace text by text of the same length and put the timestamps back."""
    assert len(old.encode()) == len(new.encode())
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


@pytest.mark.parametrize(
    ("relative", "old", "new", "shown"),
    [
        (
            "locales/de/LC_MESSAGES/demo.po",
            "Inhalt der Packung",
            "Inhalt des Kartons",
            "Inhalt des Kartons",
        ),
        ("content/demo.yaml", "more than 8 tablets", "more than 6 tablets", None),
    ],
)
def test_same_size_edit_with_restored_mtime_is_rebuilt(
    ws: Path, relative: str, old: str, new: str, shown: str | None
) -> None:
    same_size_edit(ws / relative, old, new)
    report = build(ws)
    # a catalog edit leaves the English page as it was; a content edit changes both
    expected = 1 if relative.startswith("locales/") else 0
    assert report["summary"]["up_to_date"] == expected  # type: ignore[index]
    if shown is not None:
        assert shown in (ws / "site/de/demo.html").read_text()
    else:  # the German dose text no longer matches its source: refused, copy removed
        assert report["exit"] == 1 and not (ws / "site/de/demo.html").exists()
        assert as_shown("more than 6 tablets", "en") in (ws / "site/en/demo.html").read_text()


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A clock ten seconds ahead, so that every file looks settled and its digest is recorded;
    and the list of the files read to be hashed."""
    monkeypatch.setattr(cache_module, "_now", lambda: time.time_ns() + 10_000_000_000)
    read: list[str] = []
    digest = cache_module.file_digest

    def counted(path: str | Path) -> str:
        read.append(str(path))
        return digest(path)

    monkeypatch.setattr(cache_module, "file_digest", counted)
    return read


def test_a_recorded_file_is_not_read_again(ws: Path, settled: list[str]) -> None:
    build(ws)  # records the digests
    settled.clear()
    report = build(ws)
    assert report["summary"]["up_to_date"] == 2  # type: ignore[index]
    assert not [p for p in settled if p.endswith((".po", "demo.yaml"))]


@pytest.mark.parametrize(
    ("relative", "old", "new"),
    [
        ("locales/de/LC_MESSAGES/demo.po", "Inhalt der Packung", "Inhalt des Kartons"),
        ("content/demo.yaml", "more than 8 tablets", "more than 6 tablets"),
    ],
)
def test_a_recorded_file_edited_with_its_size_and_mtime_kept_is_read_again(
    ws: Path, settled: list[str], relative: str, old: str, new: str
) -> None:
    build(ws)
    time.sleep(0.05)  # past the clock tick of the first write on any file system tested here
    same_size_edit(ws / relative, old, new)
    settled.clear()
    report = build(ws)
    assert str(ws / relative) in settled
    expected = 1 if relative.startswith("locales/") else 0
    assert report["summary"]["up_to_date"] == expected  # type: ignore[index]


def test_a_file_changed_in_the_last_seconds_is_not_recorded(ws: Path) -> None:
    build(ws)  # the real clock: the files were written moments ago
    recorded = cache_module.Store(ws).load(cache_module.DIGESTS) or {}
    assert not [p for p in recorded if p.endswith(".po")]


@pytest.mark.parametrize("field", range(5))
def test_any_difference_in_a_files_identity_means_reading_it(tmp_path: Path, field: int) -> None:
    path = tmp_path / "x.po"
    path.write_text("x")
    identity = cache_module._identity(path.stat())
    known: list[object] = [*identity, "digest"]
    assert cache_module._unchanged(known, path.stat())
    identity[field] += 1
    assert not cache_module._unchanged([*identity, "digest"], path.stat())
    assert not cache_module._unchanged(known[:5], path.stat())


@pytest.mark.parametrize("kind", ["html", "pdf", "epi"])
def test_a_published_file_changed_after_the_build_is_written_again(ws: Path, kind: str) -> None:
    (ws / "leaflet-i18n.yaml").write_text("outputs: [html, pdf, epi]\n")
    assert build(ws)["exit"] == 0
    page = ws / "site/de" / {"html": "demo.html", "pdf": "demo.pdf", "epi": "demo.epi.json"}[kind]
    good = page.read_bytes()
    stat = page.stat()
    page.write_bytes(good.replace(b"6", b"8", 1) if b"6" in good else good + b" ")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the edit hides its time
    report = build(ws)
    assert report["exit"] == 0 and page.read_bytes() == good
    assert report["summary"]["up_to_date"] == 1  # type: ignore[index]  # only English kept


def test_changed_catalog_rebuilds_its_page(ws: Path) -> None:
    path = ws / "locales/de/LC_MESSAGES/demo.po"
    path.write_text(path.read_text().replace("Inhalt der Packung", "Packungsinhalt"))
    report = build(ws)
    assert report["summary"]["up_to_date"] == 1  # type: ignore[index]  # en untouched
    assert "Packungsinhalt" in (ws / "site/de/demo.html").read_text()


def test_damaged_catalog_refuses_the_page_although_it_was_cached(ws: Path) -> None:
    path = ws / "locales/de/LC_MESSAGES/demo.po"
    catalog = read_catalog(path)
    [entry] = [e for e in catalog.messages() if e.msgid == "How to take Demo"]
    entry.fuzzy = True
    path.write_bytes(dumps(catalog))
    report = build(ws)
    assert report["exit"] == 1 and not (ws / "site/de/demo.html").exists()


def test_changed_template_rebuilds_every_page(ws: Path) -> None:
    (ws / "templates").mkdir(exist_ok=True)
    (ws / "templates/brand.html").write_text(
        '<p class="brand">{{ _("Patient information leaflets") }} · ACME</p>\n'
    )
    report = build(ws)
    assert report["summary"]["up_to_date"] == 0  # type: ignore[index]
    assert "· ACME" in (ws / "site/de/demo.html").read_text()
    assert "· ACME" in (ws / "site/en/demo.html").read_text()


def test_changed_content_rebuilds_and_regates(ws: Path) -> None:
    content = ws / "content/demo.yaml"
    content.write_text(
        content.read_text().replace(
            "have severe liver disease.", "have severe liver or kidney disease."
        )
    )
    report = build(ws)
    assert report["exit"] == 1  # the German page lacks the new critical text now
    assert "kidney" in (ws / "site/en/demo.html").read_text()
    assert not (ws / "site/de/demo.html").exists()


def test_changed_settings_rebuild(ws: Path) -> None:
    catalog_path = ws / "locales/de/LC_MESSAGES/demo.po"
    catalog = read_catalog(catalog_path)
    [entry] = [e for e in catalog.messages() if e.msgid == "Contents of the pack"]
    entry.msgstr = ""
    catalog_path.write_bytes(dumps(catalog))
    assert build(ws)["exit"] == 0  # fallback policy: published with the English heading
    age(ws)
    (ws / "leaflet-i18n.yaml").write_text("policy:\n  fallback: block\n")
    assert build(ws)["exit"] == 1  # same files, stricter settings: refused
    assert not (ws / "site/de/demo.html").exists()


def test_no_cache_gives_the_same_site(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # the status page's build date
    (ws / "site/status.html").unlink()
    build(ws)
    cached = {p.relative_to(ws / "site"): p.read_bytes() for p in (ws / "site").rglob("*.html")}
    code, _ = cli(ws, "build", "--no-cache", "-o", str(tmp_path / "fresh"))
    assert code == 0
    fresh = {
        p.relative_to(tmp_path / "fresh"): p.read_bytes()
        for p in (tmp_path / "fresh").rglob("*.html")
    }
    assert fresh == cached


def test_cache_is_json_not_code(ws: Path) -> None:
    files = list((ws / ".leaflet-i18n-cache").iterdir())
    assert files and all(f.suffix == ".json" for f in files)
    for f in files:
        json.loads(f.read_text())


def test_sharded_builds_merge_into_one_site(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    second = (
        (ws / "content/demo.yaml")
        .read_text()
        .replace("Demo 500 mg tablets", "Other 500 mg tablets")
    )
    (ws / "content/other.yaml").write_text(second)
    cli(ws, "extract")
    cli(ws, "update", "-l", "de")
    one, two = tmp_path / "site-1", tmp_path / "site-2"
    assert cli(ws, "build", "--leaflets", "d*", "-o", str(one))[0] == 0
    assert (
        cli(ws, "build", "--leaflets", "o*", "-o", str(two))[0] == 1
    )  # German 'other' lacks its title
    assert "other.html" not in (one / "index.html").read_text()
    merged = ws / "site"
    shutil.copytree(one, merged, dirs_exist_ok=True)
    shutil.copytree(two, merged, dirs_exist_ok=True)
    code, output = cli(ws, "build", "--merge")
    assert code == 0 and "from 4 page records" in output
    index = (merged / "index.html").read_text()
    assert 'href="de/index.html"' in index and 'href="en/index.html"' in index
    assert 'href="demo.html"' in (merged / "de/index.html").read_text()
    english = (merged / "en/index.html").read_text()
    assert 'href="other.html"' in english and 'href="demo.html"' in english
    german = (merged / "de/index.html").read_text().split(as_shown("Other 500 mg tablets", "en"))[1]
    entry = german.split("</li>\n</ul></div>")[0]
    assert 'href="../status.html#de-other"' in entry  # not published in German: why,
    assert 'href="../en/other.html"' in entry  # and where to read it (the other shard's page)
    status = (merged / "status.html").read_text()
    assert "2 pages" in status and "1 publishable" in status


def test_large_sites_rewrite_only_the_status_of_changed_locales(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records_module, "DETAIL_LIMIT", 0)  # one status page per locale
    cli(ws, "init", "-l", "fr")  # nothing translated: the French page is refused
    age(ws)
    assert build(ws)["exit"] == 1
    site = ws / "site"
    overview = (site / "status.html").read_text()
    assert 'href="status/de.html#locale-de"' in overview
    assert "fr/demo" in overview and "de/demo" not in overview.split("Refused pages")[1]
    french = (site / "status/fr.html").stat().st_mtime_ns
    assert "✓ publishable" in (site / "status/de.html").read_text()

    edit_entry(ws / "locales/de/LC_MESSAGES/demo.po", "How to take Demo", "fuzzy")
    assert build(ws)["exit"] == 1
    overview = (site / "status.html").read_text()
    assert "de/demo" in overview.split("Refused pages")[1]
    assert "✗ blocked" in (site / "status/de.html").read_text()
    assert (site / "status/fr.html").stat().st_mtime_ns == french  # French did not change


def test_a_deleted_leaflet_leaves_the_site(ws: Path) -> None:
    other = (ws / "content/demo.yaml").read_text().replace("Demo 500 mg", "Other 500 mg")
    (ws / "content/other.yaml").write_text(other)
    cli(ws, "extract")
    cli(ws, "update", "-l", "de")
    build(ws)
    assert as_shown("Other 500 mg tablets", "en") in (ws / "site/en/index.html").read_text()
    assert (ws / "site/en/other.html").exists()
    (ws / "content/other.yaml").unlink()
    report = build(ws)
    pages: list[dict[str, object]] = report["pages"]  # type: ignore[assignment]
    assert [p["leaflet"] for p in pages] == ["demo", "demo"]
    assert "other.html" not in (ws / "site/en/index.html").read_text()
    assert "other" not in (ws / "site/status.html").read_text()
    assert not (ws / "site/en/other.html").exists()  # no page of a withdrawn leaflet stays online


def test_lost_build_records_are_rebuilt(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # the status page's build date
    (ws / "site/status.html").unlink()
    build(ws)
    assert (ws / "site/status.html").exists()
    before = {p.relative_to(ws / "site"): p.read_bytes() for p in (ws / "site").rglob("*.html")}
    shutil.rmtree(ws / "site/.leaflet-i18n")
    (ws / "site/status.html").unlink()
    report = build(ws)
    assert report["exit"] == 0
    after = {p.relative_to(ws / "site"): p.read_bytes() for p in (ws / "site").rglob("*.html")}
    assert after == before
    assert (ws / "site/.leaflet-i18n/all/summary.json").exists()


def test_a_locale_removed_from_the_workspace_goes_offline(ws: Path) -> None:
    assert 'hreflang="de"' in (ws / "site/en/demo.html").read_text()
    shutil.rmtree(ws / "locales/de")
    assert build(ws)["exit"] == 0
    assert not (ws / "site/de/demo.html").exists()
    assert 'hreflang="de"' not in (ws / "site/en/demo.html").read_text()  # switcher updated
    assert "Deutsch" not in (ws / "site/index.html").read_text()
    assert not (ws / "site/.leaflet-i18n/all/de.json").exists()
