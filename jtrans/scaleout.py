"""Scale-out: translate many posts with a pool of Ray actors (``jtrans translate … --ray``).

The driver (this process) runs the same :class:`~jtrans.pipeline.Pipeline` as a local run and
only hands the decoding out:

1. ``Pipeline.plan`` prepares every post of the run at once (segment, protect, glossary), looks
   every unit up in the translation memory and cuts the rest into the groups of ~512 sentences
   a local run uses (``--out-dir`` plans all posts at once locally too);
2. each group goes to one actor of a pool (:class:`Worker`: one engine, i.e. one CTranslate2
   model loaded once, ``threads`` threads), which runs ``Pipeline.run_task`` on it: decoding,
   placeholder checks and retries, post-processing. Units from many posts share a batch;
3. the driver takes the groups back *in order* (``Pipeline.accept``): it alone writes the
   memory (one transaction per group; workers never open it), shows progress and collects the
   warnings, then ``Pipeline.results`` reassembles the posts, written by the caller a group of
   posts at a time, as soon as the groups holding their units are in
   (:func:`jtrans.file_groups.by_file_group`).
   Up to ``IN_FLIGHT_PER_ACTOR`` groups per actor are in flight, so no actor waits.

Same groups, same engine settings, same code: the bytes are those of a local run (on CPUs with
the same instruction set; CTranslate2's int8 kernels differ between AVX2 and AVX-512). Each
worker reports its jtrans code version and a mismatch is refused, since the memory context
(computed on the driver) would otherwise label another version's output.

The model reaches the workers through Ray's object store: the driver puts the files of the
model folder there once; each actor writes them to a folder of its node's temp dir (named by
their hash, so restarted actors reuse it). A test engine or an engine object is sent pickled.

Failures: Ray restarts a dead actor and retries its task (``retries``), exceptions included. A
group that still fails is split into its posts' units, each retried on its own; posts with a
part that still fails are returned as failures (with the error) and every other post is done.

Configuration: ``[tool.jtrans.ray]`` (``address``, ``actors``, ``threads``, ``retries``);
command-line flags win. Ray itself is an optional extra (``pip install 'jtrans[ray]'``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import socket
import tempfile
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from jtrans.config import Config, ConfigError
from jtrans.file_groups import by_file_group
from jtrans.pipeline import Batch, Done, Pipeline, Result, Task
from jtrans.protocols import Engine, LoadingEngine

INSTALL_HINT = "--ray needs Ray: pip install 'jtrans[ray]' (or pip install ray)"
LOCAL = "local"
IN_FLIGHT_PER_ACTOR = 2  # a second task waits on the actor, so it never idles between tasks
_ADDRESS_RE = re.compile(r"^(local|auto|ray://\S+|[\w.-]+:\d+)$")
_CT2_SETTINGS = ("device", "compute_type", "beam_size", "length_penalty", "max_batch_tokens")


class RayMissing(ImportError):
    """``--ray`` without Ray installed (the CLI says how to install it, exit 2)."""


@dataclass(frozen=True)
class RayOptions:
    """Where and how wide to run: ``address`` (``local`` starts a Ray on this machine, ``auto``
    joins the cluster this machine belongs to, ``ray://HOST:10001`` connects a client),
    ``actors`` (engines, one model each), ``threads`` (CPU threads per actor) and ``retries``
    (Ray's restarts of a dead actor and retries of a failed task)."""

    address: str = LOCAL
    actors: int = 2
    threads: int = 1
    retries: int = 2

    @classmethod
    def from_config(cls, cfg: Config, **flags: Any) -> RayOptions:
        """``[tool.jtrans.ray]`` with the flags that are not ``None`` applied on top;
        ``ConfigError`` for an unknown key or a bad value."""
        where = f" in {cfg.path}" if cfg.path else ""
        prefix = "" if cfg.path is not None and cfg.path.name == "jtrans.toml" else "tool.jtrans."
        known = {f.name: f.type for f in fields(cls)}
        unknown = sorted(set(cfg.ray) - set(known))
        if unknown:
            raise ConfigError(
                f"unknown setting {prefix}ray.{unknown[0]}{where} (known: {', '.join(known)})"
            )
        values = {**cfg.ray, **{k: v for k, v in flags.items() if v is not None}}
        options = replace(cls(), **values)
        options.check(where)
        return options

    def check(self, where: str = "") -> None:
        if not isinstance(self.address, str) or not _ADDRESS_RE.match(self.address):
            raise ConfigError(
                f"bad Ray address {self.address!r}{where}: use local, auto, ray://HOST:PORT "
                "or HOST:PORT"
            )
        for name, low in (("actors", 1), ("threads", 1), ("retries", 0)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ConfigError(f"ray {name} must be a whole number >= {low}{where}")


@dataclass
class Outcome:
    """What a scale-out run gives: one result per post (``None`` for a failed one) and the
    failed posts' errors by index."""

    results: list[Result | None]
    failures: dict[int, BaseException] = field(default_factory=dict)
    actors: int = 0
    tasks: int = 0


def import_ray() -> Any:
    """The ``ray`` module, or :class:`RayMissing`."""
    try:
        import ray
    except ImportError:
        raise RayMissing(INSTALL_HINT) from None
    return ray


def translate_many(
    pipeline: Pipeline, sources: list[str], options: RayOptions, *, verbose: bool = False
) -> Outcome:
    """Translate ``sources`` like ``pipeline.translate_many`` does, the groups on Ray actors.

    Joins (or starts, for ``local``) Ray unless it is already initialised, and shuts down only
    a Ray it started.
    """
    (outcome,) = translate_groups(pipeline, [sources], options, verbose=verbose)
    return outcome


def translate_groups(
    pipeline: Pipeline, posts: list[list[str]], options: RayOptions, *, verbose: bool = False
) -> Iterator[Outcome]:
    """The outcome of each group of posts, in order, as soon as its posts are done
    (``--out-dir`` writes a group at a time): all posts are planned at once, as
    ``Pipeline.translate_many`` of all of them would, so every engine group can be in flight."""
    ray = import_ray()
    started = connect(ray, options, verbose=verbose)
    pool: _Pool | None = None
    try:
        # look-ups before dispatch: the driver's memory only
        batch = pipeline.plan([source for sources in posts for source in sources])
        failures: dict[int, BaseException] = {}
        sent = [0]
        accepted: Iterator[int] = iter(())
        if batch.groups:
            pool = _Pool(ray, pipeline, options)
            pool.check()
            accepted = _accepting(ray, pool, pipeline, batch, failures, sent)
        for results, failed in by_file_group(pipeline, batch, posts, accepted, failures):
            actors = len(pool.actors) if pool is not None else 0
            yield Outcome(results, failed, actors, sent[0])
    finally:
        if pool is not None:
            pool.close()  # a cluster's resources go back as soon as the run is over
        if started:
            ray.shutdown()


def connect(ray: Any, options: RayOptions, *, verbose: bool = False) -> bool:
    """Initialise Ray for ``options.address``; ``True`` when this call started it."""
    if ray.is_initialized():
        return False
    kwargs: dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": verbose,
        "logging_level": logging.INFO if verbose else logging.WARNING,
    }
    if options.address == LOCAL:  # room for every actor, even beyond the cores
        kwargs["num_cpus"] = max(os.cpu_count() or 1, options.actors * options.threads)
    else:
        kwargs["address"] = options.address
    try:
        ray.init(**kwargs)
    except Exception as exc:  # noqa: BLE001 - Ray raises bare Exceptions for start-up time-outs
        ray.shutdown()
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigError(f"cannot join the Ray cluster at {options.address}: {first}") from None
    return True


# -- workers --------------------------------------------------------------------------------


@dataclass
class EngineSpec:
    """How a worker builds its engine: a ct2 model's files (an object-store reference) and
    settings, or an engine object sent as it is (test engines, library users' engines)."""

    files: Any = None  # ray.ObjectRef of {name: bytes}
    digest: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    engine: Any = None

    def build(self) -> Any:
        if self.engine is not None:
            return self.engine
        import ray

        from jtrans.engines.ct2 import CT2Engine

        model = materialise(ray.get(self.files), self.digest)
        return CT2Engine(model=model, **self.settings)


def engine_spec(ray: Any, engine: Engine, threads: int) -> EngineSpec:
    """The driver's engine as workers rebuild it (a ct2 model goes into the object store)."""
    if engine.name != "ct2":
        return EngineSpec(engine=engine)
    from jtrans.engines.ct2 import CT2Engine

    if not isinstance(engine, CT2Engine):
        return EngineSpec(engine=engine)
    files = {p.name: p.read_bytes() for p in sorted(engine.path.iterdir()) if p.is_file()}
    digest = hashlib.sha256()
    for name, data in files.items():
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    settings = {key: getattr(engine, key) for key in _CT2_SETTINGS}
    settings |= {
        "max_input_tokens": engine.requested_input_tokens,
        "max_output_tokens": engine.requested_output_tokens,
        "threads": threads,
        **engine.decoding,  # repetition_penalty, no_repeat_ngram_size
    }
    return EngineSpec(ray.put(files), digest.hexdigest()[:16], settings)


def materialise(files: Mapping[str, bytes], digest: str) -> Path:
    """Write a model's files to ``$TMPDIR/jtrans-ray-models/DIGEST`` (once per node)."""
    root = Path(tempfile.gettempdir()) / "jtrans-ray-models"
    target = root / digest
    if target.is_dir():
        return target
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{digest}-", dir=root))
    for name, data in files.items():
        (staging / name).write_bytes(data)
    try:
        staging.rename(target)
    except OSError:  # another actor of this node was first
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
    return target


class Worker:
    """A Ray actor's state: one engine and a memory-less pipeline around it."""

    def __init__(self, spec: EngineSpec, config: Config, glossary: list[Any], postprocess: bool):
        import ray

        from jtrans import api

        self.error: Exception | None = None  # raised by every call: Ray would only keep its text
        try:
            fetched: Any = ray.get(glossary[0])  # nested references: fetched here, not by Ray
            engine = spec.build()
            if isinstance(engine, LoadingEngine):
                engine.load()  # a broken model fails here, once, not in every task
            japanese = engine.target_lang == "ja"
            post = api.make_postprocessor(config, fetched) if japanese and postprocess else None
            self.pipeline = Pipeline(engine, glossary=fetched, postprocessor=post, config=config)
        except Exception as exc:  # noqa: BLE001 - handed to the driver by ready()
            self.error = exc

    def ready(self) -> tuple[str, str]:
        """``(host:pid, jtrans code version)``, checked against the driver's; the error of a
        worker that could not build its engine (a broken model: ``ModelError``)."""
        from jtrans.fingerprint import code_version

        if self.error is not None:
            raise self.error
        return f"{socket.gethostname()}:{os.getpid()}", code_version()

    def run(self, task: Task) -> Done:
        if self.error is not None:
            raise self.error
        return self.pipeline.run_task(task)


class _Pool:
    """``options.actors`` :class:`Worker` actors, checked to run the driver's jtrans code."""

    def __init__(self, ray: Any, pipeline: Pipeline, options: RayOptions) -> None:
        spec = engine_spec(ray, pipeline.engine, options.threads)
        actor = ray.remote(Worker).options(
            num_cpus=options.threads,
            max_restarts=options.retries,
            max_task_retries=options.retries,
        )
        glossary = [ray.put(pipeline.glossary)]  # the actor fetches it (kept for restarts)
        postprocess = pipeline.postprocessor is not None
        self.actors = [
            actor.remote(spec, pipeline.config, glossary, postprocess)
            for _ in range(options.actors)
        ]
        # the driver holds the references for the pool's life: a restarted actor runs its
        # constructor again and must still find the glossary (and model files) in the store
        self.refs = (spec, glossary)
        self.retries = options.retries
        self.ray = ray
        self.load = {id(a): 0 for a in self.actors}

    def check(self) -> None:
        """Wait for every actor to have its engine; refuse workers running other jtrans code.
        An actor that cannot start raises its own error (a broken model: ``ModelError``)."""
        from jtrans.fingerprint import code_version

        mine = code_version()
        try:  # (exceptions are not retried here: no retry_exceptions)
            ready = self.ray.get([a.ready.remote() for a in self.actors])
        except Exception as exc:  # noqa: BLE001 - Ray wraps the constructor's error
            raise _cause(exc) from None
        for where, version in ready:
            if version != mine:
                raise ConfigError(
                    f"the Ray worker {where} runs other jtrans code ({version}, here {mine}): "
                    "install the same jtrans version on every node"
                )

    def close(self) -> None:
        for actor in self.actors:
            self.ray.kill(actor)

    def submit(self, task: Task) -> tuple[Any, Any]:
        actor = min(self.actors, key=lambda a: self.load[id(a)])
        self.load[id(actor)] += 1
        ref = actor.run.options(retry_exceptions=True, max_task_retries=self.retries).remote(task)
        return ref, actor

    def done(self, actor: Any) -> None:
        self.load[id(actor)] -= 1

    def drop(self, actor: Any) -> None:
        """Forget an actor Ray could not bring back."""
        if actor in self.actors and len(self.actors) > 1:
            self.actors.remove(actor)

    @property
    def free(self) -> bool:
        return any(self.load[id(a)] < IN_FLIGHT_PER_ACTOR for a in self.actors)


def _dispatch(
    ray: Any, pool: _Pool, pipeline: Pipeline, batch: Batch
) -> tuple[dict[int, BaseException], int]:
    """Run every group of ``batch`` on the pool; accept them in group order. Returns the failed
    documents' errors and the number of tasks sent."""
    failures: dict[int, BaseException] = {}
    sent = [0]
    for _ in _accepting(ray, pool, pipeline, batch, failures, sent):
        pass
    return failures, sent[0]


def _accepting(
    ray: Any,
    pool: _Pool,
    pipeline: Pipeline,
    batch: Batch,
    failures: dict[int, BaseException],
    sent: list[int],
) -> Iterator[int]:
    """Run every group of ``batch`` on the pool, as many in flight as the pool takes; accept
    them in group order, yielding each one's index once accepted. The failed documents' errors
    go into ``failures`` as they happen, the number of tasks sent into ``sent[0]``."""
    queue: deque[tuple[int, list[int]]] = deque(enumerate(batch.groups))
    parts: list[dict[int, tuple[list[int], Done | None]]] = [{} for _ in batch.groups]
    waiting = [1] * len(batch.groups)  # parts of each group not back yet
    in_flight: dict[Any, tuple[int, list[int], Any]] = {}
    accepted = 0
    while queue or in_flight:
        while queue and pool.free:
            g, units = queue.popleft()
            ref, actor = pool.submit(batch.task(units))
            in_flight[ref] = (g, units, actor)
            sent[0] += 1
        [ref], _ = ray.wait(list(in_flight), num_returns=1)
        g, units, actor = in_flight.pop(ref)
        pool.done(actor)
        waiting[g] -= 1
        try:
            parts[g][units[0]] = (units, ray.get(ref))
        except Exception as exc:  # noqa: BLE001 - Ray wraps the worker's error (or its death)
            if isinstance(exc, ray.exceptions.RayActorError):
                pool.drop(actor)
            docs = batch.documents(units)
            if len(docs) > 1:  # one post may be to blame: each post's units on their own
                starts = [batch.bounds[d][0] for d in docs] + [len(batch.prepared)]
                for d0, d1 in zip(starts, starts[1:], strict=False):
                    queue.appendleft((g, [k for k in units if d0 <= k < d1]))
                    waiting[g] += 1
            else:
                parts[g][units[0]] = (units, None)
                failures.setdefault(docs[0], _cause(exc))
        while accepted < len(batch.groups) and not waiting[accepted]:
            for _, (done_units, done) in sorted(parts[accepted].items()):
                if done is not None:
                    pipeline.accept(batch, done_units, done)
            parts[accepted].clear()
            accepted += 1
            yield accepted - 1


def _cause(exc: BaseException) -> BaseException:
    """The worker's own exception behind Ray's wrapper (``RayTaskError.cause``)."""
    cause = getattr(exc, "cause", None)
    return cause if isinstance(cause, BaseException) else exc


def runner(options: RayOptions, *, verbose: bool = False) -> Any:
    """A ``jtrans.cli.batch`` runner: ``run(pipeline, groups) -> (results, failures)`` of each
    group of posts, in order."""

    def run(pipeline: Pipeline, groups: list[list[str]]) -> Iterator[tuple[list[Any], dict]]:
        for outcome in translate_groups(pipeline, groups, options, verbose=verbose):
            yield outcome.results, outcome.failures

    return run
