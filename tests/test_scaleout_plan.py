"""The driver/worker split behind ``--ray``, without Ray: groups translated by another pipeline
from pickled tasks, returned out of order, give the bytes and memory entries of
``Pipeline.translate_many``; a group that fails is split by post and only that post fails;
up to two groups per actor are in flight at once, accepted in order."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

from jtrans import api, file_groups, pipeline, scaleout
from jtrans.engines.simple import UpperEngine
from jtrans.tm import TranslationMemory

FIXTURES = Path(__file__).parent / "fixtures"
POSTS = [
    (FIXTURES / "digest_week.md").read_text(encoding="utf-8"),
    (FIXTURES / "digest_bullets.md").read_text(encoding="utf-8"),
    "# A short post\n\nIt has `code` and [a link](https://example.org).\n",
    (FIXTURES / "structure.md").read_text(encoding="utf-8"),
]


class Poisoned(UpperEngine):
    name = "upper"

    def translate_batch(self, sentences: list[str]) -> list[str]:
        if any("POISON" in s for s in sentences):
            raise RuntimeError("cannot decode a POISON sentence")
        return super().translate_batch(sentences)


class Ref:
    def __init__(self, value: Any = None, error: BaseException | None = None) -> None:
        self.value, self.error = value, error


class FakeRay:
    """``ray.wait`` / ``ray.get`` over refs resolved at once; the newest ref comes back first."""

    class exceptions:  # noqa: N801 - mirrors ray.exceptions
        RayActorError = type("RayActorError", (Exception,), {})

    def wait(self, refs: list[Ref], num_returns: int = 1) -> tuple[list[Ref], list[Ref]]:
        return [refs[-1]], refs[:-1]

    def get(self, ref: Ref) -> Any:
        if ref.error is not None:
            raise ref.error
        return ref.value


class FakePool:
    """Workers as in :class:`jtrans.scaleout.Worker`: a memory-less pipeline fed pickled tasks."""

    def __init__(self, engine: Any) -> None:
        self.worker = pipeline.Pipeline(engine)
        self.free, self.sent = True, 0

    def submit(self, task: pipeline.Task) -> tuple[Ref, None]:
        self.sent += 1
        try:
            done = self.worker.run_task(pickle.loads(pickle.dumps(task)))
        except RuntimeError as exc:
            return Ref(error=exc), None
        return Ref(pickle.loads(pickle.dumps(done))), None

    def done(self, actor: Any) -> None: ...

    def drop(self, actor: Any) -> None: ...


@pytest.fixture(autouse=True)
def small_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "TM_COMMIT_SENTENCES", 5)


def entries(path: Path) -> list[tuple[Any, ...]]:
    with TranslationMemory(path) as tm:
        return tm._read("SELECT source, context, target, origin, flags FROM entries ORDER BY 1, 2")


def test_pickled_groups_back_out_of_order_give_the_local_bytes_and_memory(tmp_path: Path) -> None:
    local = api.build_pipeline(engine="upper", start=tmp_path, tm=tmp_path / "local.sqlite")
    expected = local.translate_many(POSTS)
    driver = api.build_pipeline(engine="upper", start=tmp_path, tm=tmp_path / "split.sqlite")
    batch = driver.plan(POSTS)
    assert len(batch.groups) > 3
    pool = FakePool(UpperEngine())
    failures, sent = scaleout._dispatch(FakeRay(), pool, driver, batch)
    results = driver.results(batch)
    assert not failures and sent == len(batch.groups)
    assert [r.text for r in results] == [r.text for r in expected]
    assert [[f.as_dict() for f in r.flags] for r in results] == [
        [f.as_dict() for f in r.flags] for r in expected
    ]
    assert [r.report() for r in results] == [r.report() for r in expected]
    local.tm.close(), driver.tm.close()
    assert entries(tmp_path / "split.sqlite") == entries(tmp_path / "local.sqlite")


def test_a_failing_group_is_split_by_post_and_only_that_post_fails(tmp_path: Path) -> None:
    posts = [POSTS[2], "A POISON sentence.\n\nA clean one.\n", POSTS[1]]
    driver = api.build_pipeline(engine="upper", start=tmp_path, tm=tmp_path / "tm.sqlite")
    batch = driver.plan(posts)
    failures, _ = scaleout._dispatch(FakeRay(), FakePool(Poisoned()), driver, batch)
    assert list(failures) == [1] and "POISON" in str(failures[1])
    ok = driver.results(batch, [0, 2])
    assert [r.text for r in ok] == [api.text(posts[d], engine="upper") for d in (0, 2)]
    driver.tm.close()
    stored = {row[0] for row in entries(tmp_path / "tm.sqlite")}
    assert "A clean one." not in stored  # the failed post's group left nothing half-done
    assert any("short post" in s for s in stored)


class FakeActor:
    """An actor handle whose ``run.options(...).remote(task)`` decodes at once (pickled)."""

    def __init__(self, engine: Any) -> None:
        self.worker, self.run, self.tasks = pipeline.Pipeline(engine), self, 0

    def options(self, **_: Any) -> FakeActor:
        return self

    def remote(self, task: pipeline.Task) -> Ref:
        self.tasks += 1
        return Ref(
            pickle.loads(pickle.dumps(self.worker.run_task(pickle.loads(pickle.dumps(task)))))
        )


class CountingRay(FakeRay):
    """Records how many tasks were in flight at each wait (the oldest comes back first)."""

    def __init__(self) -> None:
        self.in_flight: list[int] = []

    def wait(self, refs: list[Ref], num_returns: int = 1) -> tuple[list[Ref], list[Ref]]:
        self.in_flight.append(len(refs))
        return [refs[0]], refs[1:]


def test_groups_are_dispatched_concurrently_up_to_two_per_actor(tmp_path: Path) -> None:
    local = api.build_pipeline(engine="upper", start=tmp_path, tm=tmp_path / "local.sqlite")
    expected = [r.text for r in local.translate_many(POSTS)]
    driver = api.build_pipeline(engine="upper", start=tmp_path, tm=tmp_path / "ray.sqlite")
    batch = driver.plan(POSTS)
    assert len(batch.groups) > 2 * scaleout.IN_FLIGHT_PER_ACTOR
    ray = CountingRay()
    pool = object.__new__(scaleout._Pool)  # the real pool's book-keeping, fake actors
    pool.actors = [FakeActor(UpperEngine()), FakeActor(UpperEngine())]
    pool.load, pool.retries, pool.ray = {id(a): 0 for a in pool.actors}, 0, ray
    failures, sent = scaleout._dispatch(ray, pool, driver, batch)
    assert not failures and sent == len(batch.groups)
    assert max(ray.in_flight) == 2 * scaleout.IN_FLIGHT_PER_ACTOR  # never more, and not 1
    assert all(a.tasks > 1 for a in pool.actors)
    assert [r.text for r in driver.results(batch)] == expected
    local.tm.close(), driver.tm.close()
    assert entries(tmp_path / "ray.sqlite") == entries(tmp_path / "local.sqlite")


def test_groups_of_posts_come_out_as_soon_as_their_units_are_in(tmp_path: Path) -> None:
    local = api.build_pipeline(engine="upper", start=tmp_path, tm=tmp_path / "local.sqlite")
    expected = [r.text for r in local.translate_many(POSTS)]
    driver = api.build_pipeline(engine="upper", start=tmp_path, tm=tmp_path / "tm.sqlite")
    groups = [POSTS[:2], POSTS[2:3], POSTS[3:]]
    batch = driver.plan([p for g in groups for p in g])
    taken: list[int] = []

    def accepted():
        for g, units in enumerate(batch.groups):
            driver.accept(batch, units, driver.run_task(batch.task(units)))
            taken.append(g)
            yield g

    out = [
        (len(taken), [r.text for r in results], failed)
        for results, failed in file_groups.by_file_group(driver, batch, groups, accepted(), {})
    ]
    assert [texts for _, texts, _ in out] == [expected[:2], expected[2:3], expected[3:]]
    assert not any(failed for _, _, failed in out)
    assert out[0][0] < len(batch.groups)  # the first posts were out before the last group
    assert [n for n, _, _ in out] == sorted(n for n, _, _ in out)
