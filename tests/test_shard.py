"""Sharding a build across CI jobs: even shares, and a merged site equal to one build."""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path

import pytest

from leaflet_i18n.steps.shard import Shard, selector

from .conftest import ROOT
from .helpers import cli

sys.path.insert(0, str(ROOT / "benchmarks"))
generate = importlib.import_module("generate")

NAMES = [f"leaflet-{i:02}" for i in range(11)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1/1", Shard(1, 1)), ("2/8", Shard(2, 8)), (" 3 / 4 ", Shard(3, 4))],
)
def test_shards_are_read_as_k_of_n(text: str, expected: Shard) -> None:
    assert Shard.parse(text) == expected


@pytest.mark.parametrize("text", ["0/4", "5/4", "1/0", "1", "a/b", "1/2/3", "-1/2", ""])
def test_a_shard_that_is_not_k_of_n_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Shard.parse(text)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 11, 12])
def test_shards_hold_every_leaflet_once_and_differ_by_at_most_one(count: int) -> None:
    shares = [Shard(k, count).take(reversed(NAMES)) for k in range(1, count + 1)]
    assert sorted(name for share in shares for name in share) == NAMES
    sizes = [len(share) for share in shares]
    assert max(sizes) - min(sizes) <= 1


def test_the_pattern_narrows_the_leaflets_before_they_are_shared() -> None:
    first = selector(NAMES, "leaflet-0*", Shard(1, 2))
    second = selector(NAMES, "leaflet-0*", Shard(2, 2))
    assert first is not None and second is not None
    assert [n for n in NAMES if first(n)] == [
        "leaflet-00",
        "leaflet-02",
        "leaflet-04",
        "leaflet-06",
        "leaflet-08",
    ]
    assert [n for n in NAMES if second(n)] == [
        "leaflet-01",
        "leaflet-03",
        "leaflet-05",
        "leaflet-07",
        "leaflet-09",
    ]
    assert selector(NAMES, None, None) is None


def test_the_cli_refuses_a_bad_shard_as_a_usage_error(tmp_path: Path) -> None:
    code, output = cli(tmp_path, "build", "--shard", "3/2")
    assert code == 2 and "K must be between 1 and N" in output


def _tree(folder: Path) -> dict[str, bytes]:
    """Every published file; the per-shard verdict records are build internals."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".leaflet-i18n" not in p.relative_to(folder).parts
    }


def test_a_sharded_build_merges_into_the_site_one_build_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # the status page's build date
    ws = tmp_path / "ws"
    generate.generate(ws, leaflets=20, locales=6)  # the benchmarks' `small` size
    (ws / "locales/pl/LC_MESSAGES/medicol-0004.po").unlink()  # one refused page (2nd shard)
    single, merged = tmp_path / "single", ws / "site"
    one_code, _ = cli(ws, "build", "--no-cache", "-o", str(single))
    codes = []
    for k in (1, 2, 3):
        code, _ = cli(
            ws, "build", "--no-cache", "--shard", f"{k}/3", "-o", str(tmp_path / f"job-{k}")
        )
        codes.append(code)
        shutil.copytree(tmp_path / f"job-{k}", merged, dirs_exist_ok=True)
    code, output = cli(ws, "build", "--merge")
    assert code == 0 and "from 120 page records" in output
    assert one_code == 1 and codes == [0, 1, 0]  # each job fails as the whole build would
    want, got = _tree(single), _tree(merged)
    assert sorted(want) == sorted(got)
    assert len([name for name in want if name.endswith(".html")]) > 100
    assert [name for name in want if want[name] != got[name]] == []
