"""The review cache: what was decided about each page, keyed by its inputs.

A page's inputs are its content file, its catalog, the locale's template
catalog, the templates in effect, the settings and the toolkit version; each
file is represented by its size and modification time (as make and git do),
so an unchanged workspace is recognized without reading it. The cache is
JSON, never pickle: a cache folder that came with an untrusted repository
cannot run code. ``--no-cache`` (or deleting ``.leaflet-i18n-cache/``) forces
a full review.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from leaflet_i18n import __version__
from leaflet_i18n.fsutil import atomic_write

CACHE_DIR = ".leaflet-i18n-cache"
_FORMAT = 3  # bump when the cached data changes shape


def file_signature(path: Path) -> str:
    """``size:mtime_ns`` of a file, or ``-`` when it does not exist."""
    try:
        st = os.stat(path)
    except OSError:
        return "-"
    return f"{st.st_size}:{st.st_mtime_ns}"


RACY_SECONDS = 2  # a file changed this recently may change again without a new size:mtime


def racy(paths: list[Path], since_ns: int) -> bool:
    """True when a file changed so close to ``since_ns`` that its signature cannot be trusted.

    Timestamps are coarse (a few milliseconds); a file edited twice within
    that window, keeping its size, would look unchanged. As git does, results
    computed from such files are not reused.
    """
    for path in paths:
        try:
            if os.stat(path).st_mtime_ns > since_ns - RACY_SECONDS * 1_000_000_000:
                return True
        except OSError:
            continue
    return False


def combined(*parts: str) -> str:
    return hashlib.sha1(
        "\x00".join((__version__, str(_FORMAT), *parts)).encode("utf-8")
    ).hexdigest()


class Store:
    """JSON documents under ``<workspace>/.leaflet-i18n-cache/``; a disabled store forgets."""

    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.folder = root / CACHE_DIR
        self.enabled = enabled

    def load(self, name: str) -> Any:
        if not self.enabled:
            return None
        try:
            data = json.loads((self.folder / f"{name}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != combined():
            return None  # another version wrote it
        return data.get("value")

    def save(self, name: str, value: Any) -> None:
        if not self.enabled:
            return
        text = json.dumps(
            {"format": combined(), "value": value}, ensure_ascii=False, separators=(",", ":")
        )
        atomic_write(self.folder / f"{name}.json", text.encode("utf-8"))
