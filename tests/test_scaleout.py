"""``--ray``: the same posts on local Ray actors give the same bytes and memory entries as a
single-process run, survive a killed worker, and name a post that keeps failing.

Needs Ray (in the ``test`` extra); one local Ray (``num_cpus=2``) for the module. A Ray that
cannot start (a machine too busy for its start-up deadlines) skips them, except in CI.
Groups are made small (``TM_COMMIT_SENTENCES``) so that a few short posts make several tasks.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason="Ray not installed (pip install 'jtrans[ray]')")

from clirun import run_cli  # noqa: E402

from jtrans import api, pipeline, scaleout  # noqa: E402
from jtrans.cli import batch  # noqa: E402
from jtrans.engines import register  # noqa: E402
from jtrans.engines.simple import UpperEngine  # noqa: E402
from jtrans.models import ModelError, resolve  # noqa: E402
from jtrans.tm import TranslationMemory  # noqa: E402

pytestmark = pytest.mark.slow  # starts a local Ray

FIXTURES = Path(__file__).parent / "fixtures"
POSTS = {
    "week.md": (FIXTURES / "digest_week.md").read_text(encoding="utf-8"),
    "bullets.md": (FIXTURES / "digest_bullets.md").read_text(encoding="utf-8"),
    "structure.md": (FIXTURES / "structure.md").read_text(encoding="utf-8"),
    "short.md": "# A short post\n\nIt has `code` and [a link](https://example.org).\n",
}
# the test engines below reach the workers pickled by value (this module is not importable there)
ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])


class KillOnce(UpperEngine):
    """``upper``, except that the first process to decode a batch dies (SIGKILL) mid-task."""

    name = "upper"  # the same memory context as the plain ``upper`` engine

    def __init__(self, marker: str = "") -> None:
        self.marker = marker

    def fingerprint(self) -> dict[str, object]:
        return UpperEngine().fingerprint()  # its output is upper's: the same memory context

    def translate_batch(self, sentences: list[str]) -> list[str]:
        if not os.path.exists(self.marker):
            Path(self.marker).write_text(str(os.getpid()), encoding="utf-8")
            os.kill(os.getpid(), signal.SIGKILL)
        return super().translate_batch(sentences)


class Poisoned(UpperEngine):
    """``upper`` that fails on every batch holding the word POISON."""

    name = "poisoned"

    def translate_batch(self, sentences: list[str]) -> list[str]:
        if any("POISON" in s for s in sentences):
            raise RuntimeError("cannot decode a POISON sentence")
        return super().translate_batch(sentences)


register("poisoned")(Poisoned)


@pytest.fixture(scope="module", autouse=True)
def local_ray() -> object:
    """One local Ray for the module (each test starts its own actors on it)."""
    for attempt in range(3):  # a busy machine can miss Ray's fixed 30 s start-up deadline
        try:
            ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
            break
        except Exception as exc:  # noqa: BLE001 - Ray raises a bare Exception on time-outs
            ray.shutdown()
            if attempt == 2:
                if os.environ.get("CI") == "true":  # CI installs Ray (`test` extra): must run
                    raise
                pytest.skip(f"a local Ray could not start on this machine: {exc}")
    yield ray
    ray.shutdown()


@pytest.fixture(autouse=True)
def small_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "TM_COMMIT_SENTENCES", 6)


def entries(path: Path) -> list[tuple[str, str, str, str, str]]:
    """Every memory entry with its stored warnings (timestamps and use counts left out)."""
    with TranslationMemory(path) as tm:
        rows = tm._read("SELECT source, context, target, origin, flags FROM entries ORDER BY 1, 2")
    return [tuple(r) for r in rows]


def write_posts(folder: Path, posts: dict[str, str]) -> list[str]:
    for name, text in posts.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return [str(folder / name) for name in posts]


def run_both(
    tmp_path: Path,
    posts: dict[str, str],
    options: scaleout.RayOptions,
    ray_engine: object = None,
    **build: object,
) -> dict[str, object]:
    """Local and Ray outputs, memory entries and the Ray outcome of the same posts (the Ray
    side's engine object ``ray_engine`` when given)."""
    inputs = write_posts(tmp_path / "en", posts)
    out: dict[str, object] = {}
    for side in ("local", "ray"):
        memory = TranslationMemory(tmp_path / f"{side}.sqlite")
        outcome: list[scaleout.Outcome] = []

        def run(p, groups, side=side, outcome=outcome):
            if side == "local":
                yield from batch.run_here(p, groups)
                return
            for one in scaleout.translate_groups(p, groups, options):
                outcome.append(one)
                yield one.results, one.failures

        batch.translate_files(
            inputs,
            tmp_path / side,
            lambda progress, memory=memory, side=side: api.build_pipeline(
                start=Path(inputs[0]),
                tm=memory,
                **(build | ({"engine": ray_engine} if side == "ray" and ray_engine else {})),
            ),
            quiet=True,
            run=run,
        )
        memory.close()
        out[side] = {n: (tmp_path / side / n).read_bytes() for n in posts}
        out[f"{side}_tm"] = entries(tmp_path / f"{side}.sqlite")
        out[f"{side}_outcome"] = outcome[0] if outcome else None
    return out


def test_test_engine_on_two_actors_gives_the_local_bytes_and_memory(tmp_path: Path) -> None:
    posts = dict(POSTS, **{"guide/short.md": "A second post of the same name.\n"})
    out = run_both(tmp_path, posts, scaleout.RayOptions(actors=2), engine="upper")
    assert out["ray"] == out["local"]  # the tree is mirrored: ray/guide/short.md
    second = api.text(posts["guide/short.md"], engine="upper")
    assert out["ray"]["guide/short.md"] == second.encode() and second != posts["guide/short.md"]
    assert out["ray"]["short.md"] == api.text(POSTS["short.md"], engine="upper").encode()
    assert out["ray_tm"] == out["local_tm"] and len(out["ray_tm"]) > 10
    outcome = out["ray_outcome"]
    assert outcome.actors == 2 and outcome.tasks > 2 and not outcome.failures


def test_second_run_takes_units_from_the_drivers_memory(tmp_path: Path) -> None:
    memory = tmp_path / "tm.sqlite"
    p = api.build_pipeline(engine="upper", start=tmp_path, tm=memory)
    first = scaleout.translate_many(p, list(POSTS.values()), scaleout.RayOptions(actors=2))
    again = scaleout.translate_many(p, list(POSTS.values()), scaleout.RayOptions(actors=2))
    assert [r.text for r in again.results] == [r.text for r in first.results]
    assert again.tasks == 0 and all(r.reused for r in again.results)  # nothing dispatched


def test_a_killed_worker_is_restarted_and_the_run_completes_identically(tmp_path: Path) -> None:
    marker = tmp_path / "killed"
    options = scaleout.RayOptions(actors=2, retries=2)
    out = run_both(tmp_path, POSTS, options, ray_engine=KillOnce(str(marker)), engine="upper")
    assert marker.exists()  # a worker process did die mid-task
    assert int(marker.read_text()) != os.getpid()
    assert out["ray"] == out["local"]
    assert out["ray_tm"] == out["local_tm"]
    assert not out["ray_outcome"].failures


def test_a_post_that_keeps_failing_is_named_and_the_others_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    posts = dict(POSTS, **{"bad.md": "A POISON sentence.\n\nAnd a clean one.\n"})
    inputs = write_posts(tmp_path / "en", posts)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "jtrans.toml").write_text("[ray]\nactors = 2\nretries = 1\n", encoding="utf-8")
    code, _, err = run_cli(
        monkeypatch, capsys,
        "translate", *inputs, "--engine", "poisoned", "--out-dir", "ja",
        "--ray", "--tm", "t.sqlite",
    )  # fmt: skip
    assert code == 70, err
    assert err.strip().splitlines()[-1] == (
        f"jtrans: error: {inputs[-1]}: cannot decode a POISON sentence"
    )
    assert not (tmp_path / "ja" / "bad.md").exists()
    for name in POSTS:
        expected = api.text(posts[name], engine="upper")
        assert (tmp_path / "ja" / name).read_text(encoding="utf-8") == expected


def test_broken_model_on_the_workers_is_a_model_error(tmp_path: Path) -> None:
    class Broken(UpperEngine):
        def load(self) -> None:
            raise ModelError("model.bin is truncated")

    p = api.build_pipeline(engine=Broken(), start=tmp_path)
    with pytest.raises(ModelError, match="truncated"):
        scaleout.translate_many(p, ["Some text.\n"], scaleout.RayOptions(actors=1, retries=0))


try:
    DEFAULT_MODEL = resolve("default")
except ModelError:  # pragma: no cover - the default model is committed
    DEFAULT_MODEL = None


@pytest.mark.skipif(DEFAULT_MODEL is None, reason="no default model under models/")
def test_default_model_on_two_actors_gives_the_local_bytes_and_memory(tmp_path: Path) -> None:
    posts = {
        "a.md": "# Sparse routing\n\nWe propose a new method for efficient inference. "
        "It reduces memory use.\n",
        "b.md": "| 1) **Model X** - a small language model; strong reasoning "
        "| [Paper](https://x.org) |\n|---|---|\n\nThe dataset is open.\n",
    }
    out = run_both(tmp_path, posts, scaleout.RayOptions(actors=2, threads=1))
    assert out["ray"] == out["local"]
    assert any("\u3040" <= c <= "\u30ff" for c in out["ray"]["a.md"].decode())  # Japanese
    assert out["ray_tm"] == out["local_tm"] and out["ray_tm"]
    assert out["ray_outcome"].tasks >= 2
