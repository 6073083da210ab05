"""Atomic file output: a reader never sees a half-written file; inputs that are files.

Every file the toolkit writes goes through :func:`atomic_write` (temporary file
in the same folder, fsync, rename), so an interrupted or failed command leaves
the previous content in place. Every input it reads goes through
:func:`read_file`, which reads regular files only: a named pipe or a device
where a catalog belongs would otherwise make a build wait forever.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path


def read_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file; :class:`OSError` for anything else.

    The file is opened without blocking and checked on the open descriptor,
    so a named pipe neither blocks nor is replaced between check and read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file", os.fspath(path))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    finally:
        os.close(fd)


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
_TEMPORARY = iter(range(1 << 62))  # distinct names within a process; the pid across them


def atomic_write(path: Path, data: bytes, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically, keeping its permission bits.

    ``durable`` also flushes the data to disk before the rename (catalogs and
    content); build output, which can always be rebuilt, skips that cost. A
    new file gets mode 0644. The temporary file is created next to ``path``
    with its final mode (few system calls: a build writes thousands of pages).
    """
    try:
        mode = os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    made_folder = False
    while True:
        tmp = os.path.join(path.parent, f".{path.name}.{os.getpid()}.{next(_TEMPORARY)}.tmp")
        try:
            fd = os.open(tmp, _CREATE, mode)
            break
        except FileExistsError:  # left by a process that had this pid: take another name
            continue
        except FileNotFoundError:
            # No folder yet: make it (another worker may be making it too) and try again once.
            if made_folder:
                raise
            path.parent.mkdir(parents=True, exist_ok=True)
            made_folder = True
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
            fixed = os.fstat(fh.fileno()).st_mode & 0o777 != mode  # the umask took bits away
        if fixed:
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


class SpooledTransaction:
    """A :class:`Transaction` that keeps staged contents on disk, not in memory.

    For commands that may rewrite tens of thousands of catalogs (``update``
    of every locale): each staged content goes at once to a temporary file
    next to its target, :meth:`commit` renames them all, and an exception
    inside ``with`` (or :meth:`discard`) deletes them, leaving every target
    as it was.
    """

    def __init__(self) -> None:
        self._temps: dict[Path, str] = {}

    def __enter__(self) -> SpooledTransaction:
        return self

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        if kind is not None:
            self.discard()

    def stage(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        previous = self._temps.pop(path, None)
        if previous is not None:
            os.unlink(previous)
        self._temps[path] = tmp

    def commit(self) -> list[Path]:
        written = []
        for path in sorted(self._temps):
            os.replace(self._temps.pop(path), path)
            written.append(path)
        return written

    def discard(self) -> None:
        for tmp in self._temps.values():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        self._temps.clear()
