"""Atomic file output: a reader never sees a half-written file.

Every file the toolkit writes goes through :func:`atomic_write` (temporary file
in the same folder, fsync, rename), so an interrupted or failed command leaves
the previous content in place.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def atomic_write(path: Path, data: bytes, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically, keeping its permission bits.

    ``durable`` also flushes the data to disk before the rename (catalogs and
    content); build output, which can always be rebuilt, skips that cost.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_if_changed(path: Path, data: bytes, durable: bool = True) -> bool:
    """Write ``data`` atomically unless the file already holds exactly it."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    atomic_write(path, data, durable)
    return True


class Transaction:
    """Stage several file writes and apply them only when all were prepared.

    A command that fails half-way (a bad catalog found after two good ones)
    must leave every file as it was: callers stage the new contents, and
    :meth:`commit` writes them at the end, each atomically.
    """

    def __init__(self) -> None:
        self._pending: dict[Path, bytes] = {}

    def stage(self, path: Path, data: bytes) -> None:
        self._pending[path] = data

    @property
    def staged(self) -> int:
        return len(self._pending)

    def changes(self) -> Iterator[tuple[Path, bytes]]:
        """Staged writes whose content differs from what is on disk."""
        for path, data in sorted(self._pending.items()):
            try:
                if path.read_bytes() == data:
                    continue
            except FileNotFoundError:
                pass
            yield path, data

    def commit(self) -> list[Path]:
        written = []
        for path, data in list(self.changes()):
            atomic_write(path, data)
            written.append(path)
        return written
