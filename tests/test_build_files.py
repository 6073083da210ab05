"""File-system problems: every one is a `file: error` line, and no refused page stays online."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from leaflet_i18n.steps import build as build_module

from .helpers import cli, edit_entry, translated_workspace


def build(ws: Path, *args: str) -> tuple[int, Any, str]:
    code, output = cli(ws, "build", "--jobs", "1", "--format", "json", *args)
    start = output.index("{")
    report, end = json.JSONDecoder().raw_decode(output, start)
    return code, report, output[:start] + output[end:]


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    workspace = translated_workspace(tmp_path)
    assert build(workspace)[0] == 0
    return workspace


def test_a_refused_page_that_cannot_be_removed_is_an_error_naming_it(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_entry(ws / "locales/de/LC_MESSAGES/demo.po", "Do not take Demo", "blank")
    original = Path.unlink

    def refuse(self: Path, missing_ok: bool = False) -> None:
        if self.name == "demo.html" and self.parent.name == "de":
            raise PermissionError(13, "Permission denied")
        original(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse)
    code, report, _ = build(ws)
    assert code == 1
    [error] = report["errors"]
    assert error["code"] == "build.online" and error["file"] == "site/de/demo.html"
    assert "STILL ONLINE" in error["message"]
    code, output = cli(ws, "build", "--jobs", "1")
    assert code == 1 and "site/de/demo.html: error: cannot remove this page" in output
    assert "Traceback" not in output


def test_a_page_that_cannot_be_written_is_refused_and_the_others_are_built(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (ws / "content/demo.yaml").write_text(
        (ws / "content/demo.yaml").read_text().replace("Packs of 16", "Packs of 16")
        + "\n"  # a change, so that the pages are written again
    )
    original = build_module.write_if_changed  # type: ignore[attr-defined]

    def fail(path: Path, data: bytes, durable: bool = True) -> bool:
        if path.parent.name == "de":
            raise OSError(28, "No space left on device")
        return original(path, data, durable)

    monkeypatch.setattr(build_module, "write_if_changed", fail)
    code, report, _ = build(ws)
    assert code == 1
    pages = {p["locale"]: p for p in report["pages"]}
    assert pages["en"]["published"] and not pages["de"]["published"]
    [reason] = pages["de"]["blocking"]
    assert reason["code"] == "build.write" and "No space left on device" in reason["message"]
    assert not (ws / "site/de/demo.html").exists()  # the old copy went offline


def test_an_output_folder_under_a_file_is_an_error(ws: Path) -> None:
    (ws / "afile").write_text("x")
    code, output = cli(ws, "build", "-o", str(ws / "afile/site"))
    assert code == 1
    assert (
        "afile/site: error: cannot use this as the output folder: Not a directory [build.output]"
        in output
    )
    assert "Traceback" not in output


@pytest.mark.parametrize("damage", ["symlink-loop", "folder", "dangling-symlink", "named-pipe"])
def test_an_unreadable_catalog_refuses_its_page_only(ws: Path, damage: str) -> None:
    catalog = ws / "locales/de/LC_MESSAGES/demo.po"
    catalog.unlink()
    if damage == "symlink-loop":
        os.symlink("loop", catalog)
        os.symlink("demo.po", catalog.with_name("loop"))
    elif damage == "folder":
        catalog.mkdir()
    elif damage == "named-pipe":  # reading it would wait for a writer forever
        os.mkfifo(catalog)
    else:
        os.symlink("nowhere.po", catalog)
    code, report, _ = build(ws)
    assert code == 1
    pages = {p["locale"]: p for p in report["pages"]}
    assert pages["en"]["published"] and not pages["de"]["published"]
    [reason] = pages["de"]["blocking"]
    assert reason["code"] == "io.read" and reason["file"] == "locales/de/LC_MESSAGES/demo.po"
    assert not (ws / "site/de/demo.html").exists()


def test_a_content_file_that_is_a_folder_is_an_error_not_ignored(ws: Path) -> None:
    (ws / "content/other.yaml").mkdir()
    code, output = cli(ws, "lint")
    assert (
        code == 1
        and "content/other.yaml: error: cannot read file: Is a directory [io.read]" in output
    )
    code, report, _ = build(ws)
    assert code == 1
    other = [p for p in report["pages"] if p["leaflet"] == "other"]
    assert other and not any(p["published"] for p in other)
    assert (ws / "site/de/demo.html").exists()  # the readable leaflet is still built


def test_a_content_file_that_is_a_named_pipe_refuses_its_leaflet(ws: Path) -> None:
    os.mkfifo(ws / "content/other.yaml")
    code, report, _ = build(ws)
    other = [p for p in report["pages"] if p["leaflet"] == "other"]
    assert code == 1 and other and not any(p["published"] for p in other)
    reasons = {(r["file"], r["code"], r["message"]) for p in other for r in p["blocking"]}
    assert reasons == {("content/other.yaml", "io.read", "cannot read file: not a regular file")}
    assert (ws / "site/de/demo.html").exists()


@pytest.mark.parametrize("kind", ["folder", "named-pipe"])
@pytest.mark.parametrize("command", ["build", "check", "extract"])
def test_a_template_that_is_no_file_is_an_error(ws: Path, kind: str, command: str) -> None:
    template = ws / "templates/leaflet.html"
    template.parent.mkdir(exist_ok=True)
    if kind == "folder":
        template.mkdir()
    else:
        os.mkfifo(template)
    code, output = cli(ws, command)
    assert code == 1 and "Traceback" not in output
    assert "templates/leaflet.html: error: cannot read template: not a regular file" in output


def test_a_refused_page_of_a_locale_not_rendered_now_goes_offline(ws: Path) -> None:
    # Dutch writes numbers as German does: the German catalogs serve as Dutch ones here
    cli(ws, "init", "-l", "nl")
    for name in ("demo.po", "templates.po"):
        german = (ws / "locales/de/LC_MESSAGES" / name).read_text()
        (ws / "locales/nl/LC_MESSAGES" / name).write_text(
            german.replace("Language: de", "Language: nl")
        )
    (ws / "leaflet-i18n.yaml").write_text("target_locales: [de, nl]\n")
    assert build(ws)[0] == 0
    assert (ws / "site/nl/demo.html").exists()
    edit_entry(ws / "locales/nl/LC_MESSAGES/demo.po", "Do not take Demo", "blank")
    code, _, _ = build(ws, "-l", "de")  # only German is rendered; Dutch is still reviewed
    assert code == 0  # the German page, the one built, is published
    assert not (ws / "site/nl/demo.html").exists()


MACROS = (
    Path(__file__).resolve().parent.parent / "src/leaflet_i18n/templates/macros.html"
).read_text()
PARAGRAPH = "<p>{{ text(block.text) }}</p>"


@pytest.mark.parametrize(
    ("replacement", "refused"),
    [
        ("<!-- <p>{{ text(block.text) }}</p> -->", True),
        ("<p hidden>{{ text(block.text) }}</p>", True),
        ('<p aria-hidden="true">{{ text(block.text) }}</p>', True),
        ('<p style="color: red; display : none">{{ text(block.text) }}</p>', True),
        ('<div style="visibility:hidden"><p>{{ text(block.text) }}</p></div>', True),
        ("<template><p>{{ text(block.text) }}</p></template>", True),
        ("<details><summary>More</summary><p>{{ text(block.text) }}</p></details>", True),
        ('<p style="opacity:0">{{ text(block.text) }}</p>', True),
        ('<p style="font-size: 0">{{ text(block.text) }}</p>', True),
        ('<p style="position: absolute; left: -9999px">{{ text(block.text) }}</p>', True),
        ("<details open><summary>More</summary><p>{{ text(block.text) }}</p></details>", False),
        ('<p class="plain">{{ text(block.text) }}</p>', False),
        ('<p style="color: #333">{{ text(block.text) }}</p>', False),
    ],
)
def test_a_template_that_hides_critical_text_is_refused(
    ws: Path, replacement: str, refused: bool
) -> None:
    assert PARAGRAPH in MACROS
    (ws / "templates").mkdir(exist_ok=True)
    (ws / "templates/macros.html").write_text(MACROS.replace(PARAGRAPH, replacement))
    code, report, _ = build(ws)
    pages = {p["locale"]: p for p in report["pages"]}
    assert (not pages["de"]["published"]) is refused
    assert (not pages["en"]["published"]) is refused  # the source's page shows it too, or not
    if refused:
        assert code == 1 and pages["de"]["blocking"][0]["code"] == "render.verify"
        assert "not shown on the page" in pages["de"]["blocking"][0]["message"]
        assert not (ws / "site/de/demo.html").exists()
