"""The review cache: what was decided about each page, keyed by its inputs.

A page's inputs are its content file, its catalog, the locale's template
catalog, the templates in effect, the settings and the toolkit version; each
file is represented by a hash of its content, never by its timestamp. The cache is
JSON, never pickle: a cache folder that came with an untrusted repository
cannot run code. ``--no-cache`` (or deleting ``.leaflet-i18n-cache/``) forces
a full review.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from leaflet_i18n import __version__
from leaflet_i18n.util.fs import atomic_write, read_file

CACHE_DIR = ".leaflet-i18n-cache"
_FORMAT = 4  # bump when the cached data changes shape


def file_digest(path: str | Path) -> str:
    """The SHA-1 of a file's bytes, or ``-`` when it cannot be read.

    Content, not size and modification time: an edit that keeps the size and
    restores the timestamp (or lands within the clock's resolution) still
    changes the signature, so no outdated page is ever taken as current.
    """
    try:
        return hashlib.sha1(read_file(path)).hexdigest()
    except OSError:
        return "-"


def file_digests(paths: Iterable[str], store: Store | None = None) -> dict[str, str]:
    """:func:`file_digest` of many files, read and hashed on a few threads.

    Reading and hashing release the GIL, so threads overlap the disk and use
    every core, which a workspace of tens of thousands of catalogs needs.

    With an enabled ``store``, a file is read again only when it may have
    changed since its digest was recorded there (see :func:`_unchanged`): a
    build in which nothing changed then reads no catalog.
    """
    unique = list(dict.fromkeys(paths))
    recorded: dict[str, list[Any]] = {}
    if store is not None and store.enabled:
        loaded = store.load(DIGESTS)
        recorded = loaded if isinstance(loaded, dict) else {}
    found: dict[str, str] = {}
    stats: dict[str, os.stat_result] = {}
    todo: list[str] = []
    for path in unique:
        try:
            stat = os.stat(path)
        except OSError:
            found[path] = "-"
            continue
        stats[path] = stat
        known = recorded.get(path)
        if known is not None and _unchanged(known, stat):
            found[path] = known[-1]
        else:
            todo.append(path)
    if len(todo) < 64:
        found.update((path, file_digest(path)) for path in todo)
    else:
        with ThreadPoolExecutor(max_workers=min(8, (os.cpu_count() or 1) + 2)) as pool:
            found.update(zip(todo, pool.map(file_digest, todo, chunksize=256), strict=True))
    if store is not None and store.enabled and todo:
        now = _now()
        for path in todo:
            stat = stats[path]
            # A file changed within the last seconds may change again within the same tick of
            # the file system's clock, leaving its times as recorded: it is not recorded yet.
            if found[path] != "-" and now - max(stat.st_mtime_ns, stat.st_ctime_ns) > _SETTLED_NS:
                recorded[path] = [*_identity(stat), found[path]]
        store.save(DIGESTS, recorded)
    return {path: found[path] for path in unique}


DIGESTS = "digests"
_now = time.time_ns  # the clock files are compared with (tests move it)
_SETTLED_NS = 2_000_000_000  # FAT's clock ticks every 2 s; ext4, XFS and APFS far more often


def _identity(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev]


def _unchanged(known: list[Any], stat: os.stat_result) -> bool:
    """Whether a file is the one whose digest was recorded, without reading it.

    Its size, modification time, status-change time, inode and device must all
    be as recorded. The status-change time (ctime) is what makes this safe: the
    kernel sets it to the current time on every write, rename or ``utime``
    call, and no unprivileged program can set it back, so an edit that keeps
    the size and restores the modification time still shows. A file is only
    recorded once it had not changed for two seconds, longer than any file
    system's clock tick, so no later write can leave both times as they were.
    """
    return len(known) == 6 and known[:5] == _identity(stat) and isinstance(known[5], str)


@functools.lru_cache(maxsize=1)
def toolkit_signature() -> str:
    """A hash of the toolkit's own files: any change to the code or the built-in templates
    (an upgrade, or an edit in a development checkout) makes every cached result stale."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha1(__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".css", ".tsv"):
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def combined(*parts: str) -> str:
    """One signature for ``parts`` and the toolkit that judged them."""
    return hashlib.sha1(
        "\x00".join((toolkit_signature(), str(_FORMAT), *parts)).encode("utf-8")
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
