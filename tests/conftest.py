"""Shared fixtures: the real-world corpus, GNU gettext, and a scratch workspace."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CORPUS = Path(os.environ.get("LEAFLET_I18N_CORPUS", ROOT.parent / "shared" / "corpus"))

HAVE_GETTEXT = all(shutil.which(tool) for tool in ("msgfmt", "msgcat", "msgmerge"))

needs_gettext = pytest.mark.skipif(not HAVE_GETTEXT, reason="GNU gettext is not installed")
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS}")


def manifest(folder: str) -> list[dict[str, str]]:
    """Rows of a corpus MANIFEST.tsv; empty when the corpus is absent."""
    path = CORPUS / folder / "MANIFEST.tsv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def corpus_id(value: object) -> str:
    """A test id for a corpus row or name; also for pytest's placeholder when the corpus is absent."""
    if isinstance(value, dict):
        return str(value.get("file", "row"))
    return str(value)


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def msgcat(path: Path, *args: str) -> bytes:
    return subprocess.run(["msgcat", *args, str(path)], capture_output=True, check=True).stdout
