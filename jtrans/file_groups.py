"""Posts in groups: each group of posts' outcome as soon as the engine groups holding its units
are accepted (shared by the local runner in :mod:`jtrans.api` and the Ray runner)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jtrans.pipeline import Batch, Pipeline, Result


def by_file_group(
    pipeline: Pipeline,
    batch: Batch,
    groups: list[list[str]],
    accepted: Iterable[int],
    failures: dict[int, BaseException],
) -> Iterator[tuple[list[Result | None], dict[int, BaseException]]]:
    """Each group of posts' outcome as soon as every engine group holding their units is in:
    ``accepted`` yields the index of each engine group taken back (in order); ``failures``
    (post index → error, filled as they happen) holds posts that could not be translated."""
    last = [-1] * len(batch.sources)  # per post: the last engine group holding its units
    for g, units in enumerate(batch.groups):
        for d in batch.documents(units):
            last[d] = g
    spans: list[tuple[int, int]] = []
    for sources in groups:
        start = spans[-1][1] if spans else 0
        spans.append((start, start + len(sources)))
    ready = iter(spans)
    span = next(ready, None)
    for upto in itertools.chain([-1], accepted):
        while span is not None and max(last[span[0] : span[1]], default=-1) <= upto:
            docs = range(*span)
            ok = [d for d in docs if d not in failures]
            done = dict(zip(ok, pipeline.results(batch, ok), strict=True))
            yield (
                [done.get(d) for d in docs],
                {d - span[0]: failures[d] for d in docs if d in failures},
            )
            span = next(ready, None)
