"""Atomic writes and transactions: a failed command leaves every file as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from leaflet_i18n.util.fs import (
    SpooledTransaction,
    Transaction,
    atomic_write,
    read_file,
    write_if_changed,
)


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_atomic_write_keeps_permissions_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.po"
    target.write_bytes(b"old")
    os.chmod(target, 0o600)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new" and target.stat().st_mode & 0o777 == 0o600
    assert listing(tmp_path) == {"a.po": b"new"}


def test_a_new_file_is_0644_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        atomic_write(tmp_path / "new.html", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "new.html").stat().st_mode & 0o777 == 0o644
    assert listing(tmp_path) == {"new.html": b"x"}


def test_a_folder_another_process_makes_meanwhile_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two build workers write the first pages of a locale: both find no folder, one makes it
    # before the other looks again. The second must write its page, not fail.
    real_open = os.open
    calls = []

    def racing_open(path: str, flags: int, mode: int = 0o777) -> int:
        calls.append(path)
        if len(calls) == 1:
            os.mkdir(tmp_path / "de")  # the other worker
            raise FileNotFoundError(2, "No such file or directory", path)
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", racing_open)
    atomic_write(tmp_path / "de" / "page.html", b"x", durable=False)
    assert (tmp_path / "de" / "page.html").read_bytes() == b"x" and len(calls) == 2


def test_read_file_reads_regular_files_only(tmp_path: Path) -> None:
    (tmp_path / "a.po").write_bytes(b"data")
    os.symlink("a.po", tmp_path / "link.po")
    assert read_file(tmp_path / "a.po") == read_file(tmp_path / "link.po") == b"data"
    os.mkfifo(tmp_path / "pipe.po")  # no writer: a plain open() would wait forever
    with pytest.raises(OSError, match="not a regular file"):
        read_file(tmp_path / "pipe.po")
    with pytest.raises(IsADirectoryError):
        read_file(tmp_path)
    with pytest.raises(FileNotFoundError):
        read_file(tmp_path / "missing.po")


def test_write_if_changed_leaves_identical_files_alone(tmp_path: Path) -> None:
    target = tmp_path / "a.html"
    assert write_if_changed(target, b"x")
    before = target.stat().st_mtime_ns
    assert not write_if_changed(target, b"x")
    assert target.stat().st_mtime_ns == before


def test_transaction_writes_only_changed_files_on_commit(tmp_path: Path) -> None:
    (tmp_path / "same.po").write_bytes(b"same")
    txn = Transaction()
    txn.stage(tmp_path / "same.po", b"same")
    txn.stage(tmp_path / "new.po", b"new")
    assert listing(tmp_path) == {"same.po": b"same"}  # nothing before commit
    assert txn.commit() == [tmp_path / "new.po"]
    assert listing(tmp_path) == {"same.po": b"same", "new.po": b"new"}


def test_spooled_transaction_is_invisible_until_commit(tmp_path: Path) -> None:
    (tmp_path / "a.po").write_bytes(b"old a")
    os.chmod(tmp_path / "a.po", 0o640)
    with SpooledTransaction() as spool:
        spool.stage(tmp_path / "a.po", b"first try")
        spool.stage(tmp_path / "a.po", b"new a")  # staged again: the last content wins
        spool.stage(tmp_path / "sub" / "b.po", b"new b")
        assert (tmp_path / "a.po").read_bytes() == b"old a"
        assert not (tmp_path / "sub" / "b.po").exists()
        assert spool.commit() == [tmp_path / "a.po", tmp_path / "sub" / "b.po"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.po", "sub"]  # no temporary left
    assert (tmp_path / "a.po").read_bytes() == b"new a"
    assert (tmp_path / "a.po").stat().st_mode & 0o777 == 0o640
    assert listing(tmp_path / "sub") == {"b.po": b"new b"}


def test_spooled_transaction_failure_leaves_everything_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "a.po").write_bytes(b"old a")
    with pytest.raises(RuntimeError), SpooledTransaction() as spool:
        spool.stage(tmp_path / "a.po", b"new a")
        spool.stage(tmp_path / "b.po", b"new b")
        raise RuntimeError("a catalog could not be read")
    assert listing(tmp_path) == {"a.po": b"old a"}  # no target changed, no temporary left
