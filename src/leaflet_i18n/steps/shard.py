"""Which leaflets one CI job builds: ``--leaflets PATTERN`` and an even ``--shard K/N``."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

_SHARD = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


@dataclass(frozen=True)
class Shard:
    """Job ``index`` (1-based) of ``count`` jobs."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """Read ``K/N``, e.g. ``2/8``; raise :class:`ValueError` otherwise."""
        match = _SHARD.fullmatch(text)
        if not match:
            raise ValueError(f"{text!r} is not K/N, e.g. 1/4")
        index, count = int(match[1]), int(match[2])
        if not 1 <= index <= count:
            raise ValueError(f"{text!r}: K must be between 1 and N")
        return cls(index, count)

    def take(self, slugs: Iterable[str]) -> set[str]:
        """This job's share of ``slugs``: every N-th name in sorted order, so shard sizes
        differ by at most one and the N shards together hold every name exactly once."""
        return {
            slug
            for position, slug in enumerate(sorted(set(slugs)))
            if position % self.count == self.index - 1
        }


def selector(
    slugs: Iterable[str], pattern: str | None, shard: Shard | None
) -> Callable[[str], bool] | None:
    """A test of whether this job builds a leaflet, or ``None`` for every leaflet.

    The pattern is applied first, so ``--leaflets 'a*' --shard 1/2`` takes half of the
    leaflets whose name starts with ``a``.
    """
    if pattern is None and shard is None:
        return None
    chosen = [s for s in slugs if pattern is None or fnmatch.fnmatchcase(s, pattern)]
    if shard is None:
        wanted = set(chosen)
    else:
        wanted = shard.take(chosen)
    return wanted.__contains__
