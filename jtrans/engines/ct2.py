"""The ``ct2`` engine: a CTranslate2 model directory plus its sentencepiece models.

Segments are encoded to pieces with the model's ``source.spm``, split when longer than
``max_input_tokens`` (sentence, clause, comma, word boundaries, then token windows as a last
resort — never truncated), sorted by length, translated in token-bounded batches and decoded with
``target.spm``; the pieces of a split segment are joined again.

Placeholders: the default model has ``⟦0⟧``…``⟦39⟧`` as single user-defined pieces and copies them.
For a converted third-party model whose vocabulary lacks them (``placeholders_atomic`` is False),
the engine substitutes the card's ``placeholder_surrogate`` (e.g. ``"ZX{n}ZX"``), something that
model is known to copy, and maps it back after decoding. Without a surrogate the placeholders are
passed through as ordinary text; if the model mangles them the pipeline's placeholder check notices
and retries or falls back (the engine never invents or drops them on its own).

Lengths: inputs longer than ``max_input_tokens`` pieces are split and outputs are capped at
``max_output_tokens`` (default ``2 * max_input_tokens + 16``); both are clipped to the model's
position encodings, read from the card's ``max_positions`` (written by ``jtrans model convert``)
or, when the card lacks it, learnt from CTranslate2's first out-of-range error.

Titles: a Title Case title, and a list item's label before its colon or dash, is put in
sentence case before it is encoded (the words the model's vocabulary knows, and those of the
model's ``words.txt`` when it has one: the ordinary English words of its training data;
``sentence_case_titles = false`` turns it off), since a model reads a capitalised word as a name
and copies it.

Multilingual models (NLLB, M2M100) get the card's ``source_prefix`` before the source pieces and
``target_prefix`` as the forced start of the output (e.g. ``eng_Latn`` / ``jpn_Jpan``).

Start-up: building the engine reads only the card and checks the files; ``ctranslate2``,
``sentencepiece``, the device, the compute type and the weights are loaded on first use, so a run
whose units all come from the translation memory pays for none of them. :meth:`CT2Engine.load`
loads everything now.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jtrans import models
from jtrans.engines import BaseEngine, Hypothesis, describe, register
from jtrans.engines.chunking import split_text, token_windows
from jtrans.placeholders import MAX_PLACEHOLDERS, PLACEHOLDER_RE, make
from jtrans.sentences import TERMINAL_JA
from jtrans.truecase import WORDS_FILE, sentence_case

_POSITION_ERROR = re.compile(r"No position encodings are defined for positions >= (\d+)")
UNSPACED_LANGS = {"ja", "zh", "th", "lo", "km", "my", "jpn", "zho"}

if TYPE_CHECKING:
    import sentencepiece as spm


def _ctranslate2() -> Any:
    """The ``ctranslate2`` module, imported on first use (start-up time)."""
    import ctranslate2

    return ctranslate2


@dataclass(frozen=True)
class _Decoded:
    """One chunk's hypothesis: text, target pieces and per-token log-probability."""

    text: str
    length: int
    score: float | None


@dataclass
class EngineStats:
    """Running totals, for benchmarks and logs."""

    calls: int = 0
    segments: int = 0
    chunks: int = 0
    source_tokens: int = 0
    target_tokens: int = 0


def pick_device(device: str = "auto") -> str:
    """``cuda`` when ``device`` is auto and a GPU is visible, else the given device."""
    if device == "auto":
        return "cuda" if _ctranslate2().get_cuda_device_count() > 0 else "cpu"
    return device


def pick_compute_type(device: str, compute_type: str | None = None) -> str:
    """int8 on CPU, int8_float16 on CUDA, unless the hardware lacks it (then ``default``)."""
    if compute_type:
        return compute_type
    wanted = "int8_float16" if device == "cuda" else "int8"
    try:
        supported = _ctranslate2().get_supported_compute_types(device)
    except (RuntimeError, ValueError):
        return "default"
    return wanted if wanted in supported else "default"


def _load_problem(path: Path, exc: BaseException) -> str:
    """A one-line message naming the file CTranslate2 could not load."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "json" in text.lower() or "config" in text.lower():
        return f"{path / 'config.json'} is not a valid CTranslate2 config: {text}"
    if "vocabulary" in text.lower():
        return f"the vocabulary in {path} cannot be read: {text}"
    return f"{path / 'model.bin'} is truncated or corrupt (CTranslate2: {text})"


def _load_spm(path: Path | None) -> spm.SentencePieceProcessor:
    """A sentencepiece model; a missing or corrupt file is a ``ModelError`` naming it."""
    if path is None or not path.is_file():
        raise models.ModelError(f"sentencepiece model {path} is missing")
    import sentencepiece as spm

    try:
        return spm.SentencePieceProcessor(model_file=str(path))
    except (RuntimeError, OSError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise models.ModelError(f"{path} is not a sentencepiece model ({first})") from None


def _as_tokens(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


class CT2Engine(BaseEngine):
    """English→Japanese translation with a CTranslate2 model directory."""

    name = "ct2"
    target_lang = "ja"
    scores = True  # n-best lists with scores: see translate_batch_with_options
    insert_places = 3  # a lost placeholder's best places continued from (insert_placeholders)

    def __init__(
        self,
        model: str | Path = "default",
        device: str = "auto",
        compute_type: str | None = None,
        beam_size: int = 4,
        length_penalty: float = 1.0,
        max_batch_tokens: int = 2048,
        threads: int = 0,
        max_input_tokens: int = 200,
        max_output_tokens: int | None = None,
        repetition_penalty: float | None = None,
        no_repeat_ngram_size: int | None = None,
        sentence_case_titles: bool = True,
    ) -> None:
        if not isinstance(sentence_case_titles, bool):
            raise ValueError(
                f"engine option sentence_case_titles must be true or false, not "
                f"{sentence_case_titles!r}"
            )
        whole = dict(
            beam_size=beam_size,
            max_batch_tokens=max_batch_tokens,
            threads=threads,
            max_input_tokens=max_input_tokens,
            max_output_tokens=max_output_tokens,
            no_repeat_ngram_size=no_repeat_ngram_size,
        )
        real = dict(length_penalty=length_penalty, repetition_penalty=repetition_penalty)
        _check_types(whole=whole, real=real)  # types first: a range check needs numbers
        _check_ranges(**whole, **real)
        _check_device(device, compute_type)
        self.path = models.resolve(model)
        problems = models.validate(self.path, card=False)
        if problems:
            raise models.ModelError(f"model {self.path} is unusable: {'; '.join(problems)}")
        self.card: dict[str, Any] = (
            models.load_card(self.path) if (self.path / models.CARD).is_file() else {}
        )
        if self.card:
            models.check_card(self.path, self.card)
        self.requested_device = device
        self.requested_compute_type = compute_type
        self.beam_size = beam_size
        self.length_penalty = length_penalty
        self.sentence_case_titles = sentence_case_titles
        self._known: dict[str, bool] = {}
        self.max_batch_tokens = max_batch_tokens
        self.requested_input_tokens = max_input_tokens
        self.requested_output_tokens = max_output_tokens or 2 * max_input_tokens + 16
        self.stats = EngineStats()
        self.threads = threads
        self._translator: Any = None  # loaded on first use (see ``translator``)
        # ``on_progress(done, total)`` chunks of the current call, after each token-bounded group
        self.on_progress: Any = None
        self._spm_paths = models.spm_files(self.path) or (None, None)
        for spm_path in self._spm_paths:  # missing: an error now; corrupt: on first use
            if spm_path is None or not spm_path.is_file():
                raise models.ModelError(f"sentencepiece model {spm_path} is missing")
        try:
            config = json.loads((self.path / "config.json").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise models.ModelError(
                f"{self.path / 'config.json'} is not valid JSON: {exc}"
            ) from None
        eos = config.get("eos_token", "</s>")
        self.source_prefix = _as_tokens(self.card.get("source_prefix"))
        self.source_suffix = _as_tokens(self.card.get("source_suffix", [eos]))
        self.target_prefix = _as_tokens(self.card.get("target_prefix"))
        target = (models.card_languages(self.card)[1] or "ja").split("_")[0]
        self.joiner = "" if target.lower() in UNSPACED_LANGS else " "
        # a chunk cut mid-sentence that the model closed with 。 goes on with 、 (one sentence)
        self.clause_comma = "、" if target.lower() in ("ja", "jpn") else None
        # anti-loop search settings: the model card's recommendation unless given explicitly
        card_decoding = self.card.get("decoding")
        decoding = card_decoding if isinstance(card_decoding, dict) else {}
        self.decoding: dict[str, Any] = {
            "repetition_penalty": float(
                repetition_penalty
                if repetition_penalty is not None
                else decoding.get("repetition_penalty", 1.0)
            ),
            "no_repeat_ngram_size": int(
                no_repeat_ngram_size
                if no_repeat_ngram_size is not None
                else decoding.get("no_repeat_ngram_size", 0)
            ),
        }
        positions = self.card.get("max_positions")
        self.max_positions: int | None = positions if isinstance(positions, int) else None
        self._apply_position_limit()

    @cached_property
    def device(self) -> str:
        """The device the weights run on (``auto`` is resolved on first use)."""
        return pick_device(self.requested_device)

    @cached_property
    def compute_type(self) -> str:
        """The compute type the weights run with (picked for the hardware on first use)."""
        return pick_compute_type(self.device, self.requested_compute_type)

    @cached_property
    def words(self) -> frozenset[str]:
        """The model's ordinary English words (``words.txt``, one lower-case word a line; written
        by ``jtrans.train.prepare``), or none when the model has no such file."""
        path = self.path / WORDS_FILE
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return frozenset()
        except (OSError, UnicodeDecodeError) as exc:
            raise models.ModelError(f"{path} cannot be read: {exc}") from None
        return frozenset(w for w in text.split() if w.isascii())

    @cached_property
    def source_spm(self) -> spm.SentencePieceProcessor:
        return _load_spm(self._spm_paths[0])

    @cached_property
    def target_spm(self) -> spm.SentencePieceProcessor:
        return _load_spm(self._spm_paths[1])

    @cached_property
    def placeholders_atomic(self) -> bool:
        """Whether every ``⟦n⟧`` is one source piece and decodes back unchanged."""
        for i in range(MAX_PLACEHOLDERS):
            token = make(i)
            pieces = [p for p in self.source_spm.encode(token, out_type=str) if p != "▁"]
            if pieces != [token] or self.target_spm.piece_to_id(token) == self.target_spm.unk_id():
                return False
        return True

    @cached_property  # BaseEngine's plain attribute, here worked out on first use
    def surrogate(self) -> str | None:  # type: ignore[override]
        """The card's ``placeholder_surrogate`` when the placeholders are not atomic pieces."""
        surrogate = self.card.get("placeholder_surrogate")
        return None if self.placeholders_atomic or not surrogate else str(surrogate)

    @cached_property
    def _surrogate_re(self) -> re.Pattern[str] | None:
        return _surrogate_pattern(self.surrogate) if self.surrogate else None

    @property
    def translator(self) -> Any:
        """The ``ctranslate2.Translator``, loaded on first use: a run whose units all come from
        the translation memory never pays for loading the weights."""
        if self._translator is None:
            try:
                self._translator = _ctranslate2().Translator(
                    str(self.path),
                    device=self.device,
                    compute_type=self.compute_type,
                    intra_threads=self.threads,
                )
            except Exception as exc:  # noqa: BLE001 - CTranslate2 raises Runtime/Index/ValueError
                raise models.ModelError(_load_problem(self.path, exc)) from None
        return self._translator

    @translator.setter
    def translator(self, value: Any) -> None:
        self._translator = value

    def load(self) -> CT2Engine:
        """Load the tokenizers and the weights now (a broken ``model.bin`` or ``.spm`` fails
        here rather than mid-run)."""
        _ = self.placeholders_atomic, self.translator
        return self

    def _apply_position_limit(self) -> None:
        """Fit the input/output lengths into the model's position encodings (when known)."""
        self.max_input_tokens = self.requested_input_tokens
        self.max_output_tokens = self.requested_output_tokens
        if self.max_positions:
            room = self.max_positions - len(self.source_prefix) - len(self.source_suffix)
            self.max_input_tokens = max(1, min(self.max_input_tokens, room))
            room = self.max_positions - len(self.target_prefix)
            self.max_output_tokens = max(1, min(self.max_output_tokens, room))

    # -- public API -------------------------------------------------------------------------

    def fingerprint(self) -> dict[str, Any]:
        """The model by the content of its files (two copies of one model are one model, see
        :func:`jtrans.fingerprint.model_digest`) and every setting that changes the output.
        Computed without loading anything: the settings as requested (``compute_type`` None is
        the hardware's pick) and the card's surrogate (whether it is used follows from the
        model's files, which the digest covers)."""
        from jtrans.fingerprint import model_digest

        settings = {
            "beam_size": self.beam_size,
            "length_penalty": self.length_penalty,
            "device": self.requested_device,
            "compute_type": self.requested_compute_type,
            "decoding": self.decoding,
            "requested_input_tokens": self.requested_input_tokens,
            "requested_output_tokens": self.requested_output_tokens,
            "surrogate": self.card.get("placeholder_surrogate"),
        }
        return {**describe(self), "model": model_digest(self.path), **settings}

    def translate_batch(self, sentences: list[str]) -> list[str]:
        """Translate each sentence (one output per input, in order) with the engine's settings."""
        return [h[0].text for h in self._translate(sentences, dict(self.decoding))]

    def translate_batch_with_options(
        self,
        sentences: list[str],
        beam_size: int | None = None,
        sampling_temperature: float | None = None,
        repetition_penalty: float | None = None,
        no_repeat_ngram_size: int | None = None,
        sampling_topk: int | None = None,
        length_penalty: float | None = None,
        num_hypotheses: int | None = None,
        return_scores: bool = False,
        max_input_tokens: int | None = None,
    ) -> list[str] | list[list[Hypothesis]]:
        """Re-decode with other search settings (the pipeline's fallback for bad outputs).

        Giving ``sampling_temperature`` or ``sampling_topk`` switches to random sampling: top-k
        (default 10; 0 = whole vocabulary) at the temperature (default 1.0), with greedy
        expansion (``beam_size`` 1) unless a beam size is given. (Not repeatable:
        CTranslate2 samples in its worker threads, which ``set_random_seed`` does not reach.)
        Otherwise the search is deterministic (the engine's beam unless ``beam_size`` is given).
        ``repetition_penalty`` > 1 and ``no_repeat_ngram_size`` > 0 fight loops.

        With ``num_hypotheses`` (the beam is widened to at least that many) or
        ``return_scores``, each sentence gets a list of :class:`Hypothesis` (best first) with
        the model's length-normalised log-probability instead of one string. A sentence cut
        into chunks gets the chunks' k-th hypotheses joined (a chunk with fewer repeats its
        last) and their scores averaged by target length. ``max_input_tokens`` below the
        engine's cuts sentences into smaller chunks for this call (clauses, then commas).
        """
        options: dict[str, Any] = dict(self.decoding)
        if repetition_penalty is not None:
            options["repetition_penalty"] = repetition_penalty
        if no_repeat_ngram_size is not None:
            options["no_repeat_ngram_size"] = no_repeat_ngram_size
        if sampling_temperature is not None or sampling_topk is not None:
            options["sampling_topk"] = 10 if sampling_topk is None else sampling_topk
            options["sampling_temperature"] = sampling_temperature or 1.0
            options["beam_size"] = 1
        if beam_size is not None:
            options["beam_size"] = beam_size
        if length_penalty is not None:
            options["length_penalty"] = length_penalty
        nbest = num_hypotheses is not None or return_scores
        if num_hypotheses is not None:
            if isinstance(num_hypotheses, bool) or not isinstance(num_hypotheses, int):
                raise ValueError(f"num_hypotheses must be a whole number, not {num_hypotheses!r}")
            if num_hypotheses < 1:
                raise ValueError("num_hypotheses must be at least 1")
            options["num_hypotheses"] = num_hypotheses
            if "sampling_topk" not in options:
                options["beam_size"] = max(options.get("beam_size", self.beam_size), num_hypotheses)
        if max_input_tokens is not None and (
            isinstance(max_input_tokens, bool)
            or not isinstance(max_input_tokens, int)
            or max_input_tokens < 1
        ):
            raise ValueError(f"max_input_tokens must be a whole number ≥ 1: {max_input_tokens!r}")
        hyps = self._translate(sentences, options, max_input_tokens)
        return hyps if nbest else [h[0].text for h in hyps]

    def insert_placeholders(
        self,
        sentence: str,
        output: str,
        missing: Sequence[int],
        apart: Mapping[int, Collection[int]] | None = None,
    ) -> list[Hypothesis]:
        """Translations of ``sentence`` built from ``output`` that hold the placeholders of
        ``missing`` (which the model left out), best guess first:

        1. ``output`` with each one put back where the model scores it best: every position
           between two target pieces is scored with ``score_batch`` (not the end, after the
           final stop: a term glued to the end of a sentence is what this replaces), one
           placeholder at a time in ``missing``'s order, never right next to one of
           ``apart[i]`` (placeholders that render the same text: ``AI`` put back beside the
           ``AI`` the model kept reads ``AIAI``);
        2. the model's own continuations (n-best) of 1.'s text up to the last placeholder put
           back, so the words after it can change ("⟦0⟧評価し" → "⟦0⟧を評価し"); for the last
           placeholder, from each of its :attr:`insert_places` best places, so a place the
           model scores a little lower but continues well can win (a real week's
           ``研究者⟦0⟧は``, the term between a noun and its particle, was the best place).

        Each has its log-probability per token as its score. Empty when ``sentence`` is
        translated in several chunks, or when no placement fits the model's positions.
        """
        try:
            return self._insert(sentence, output, missing, apart or {})
        except RuntimeError as exc:  # a card without max_positions: learn it, insert nothing
            m = _POSITION_ERROR.search(str(exc))
            if not m:
                raise
            self.max_positions = int(m.group(1))
            self._apply_position_limit()
            return []

    def _insert(
        self,
        sentence: str,
        output: str,
        missing: Sequence[int],
        apart: Mapping[int, Collection[int]],
    ) -> list[Hypothesis]:
        chunks = self.chunks(sentence)
        if len(chunks) != 1:
            return []
        source = self.source_prefix + chunks[0] + self.source_suffix
        target = list(self.target_spm.encode(self._to_model(output).strip(), out_type=str))
        cut = 0  # end of the last placeholder put back
        placed: list[tuple[list[str], int]] = []  # (target, cut) of the last one's best places
        for n, i in enumerate(missing, 1):
            token = self._placeholder_pieces(i)
            twins = [self._placeholder_pieces(j) for j in apart.get(i, ())]
            end = len(target)
            if end and target[-1].strip("▁") in set(TERMINAL_JA):  # not after the final stop
                end -= 1
            places = [k for k in range(end + 1) if not _beside(target, k, twins)]
            candidates = [target[:k] + token + target[k:] for k in places]
            if not candidates:
                return []
            scores = self._score(source, candidates)
            ranked = sorted(range(len(candidates)), key=lambda j: (-sum(scores[j]), j))
            ranked = [j for j in ranked if sum(scores[j]) > -math.inf]
            if not ranked:  # longer than the model's positions allow
                return []
            keep = ranked[: self.insert_places if n == len(missing) else 1]
            placed = [
                (candidates[j], cut + len(token) if places[j] < cut else places[j] + len(token))
                for j in keep
            ]
            target, cut = placed[0]
        prefix = list(self.target_prefix)
        options = {**self.decoding, "beam_size": self.beam_size}
        results = self.translator.translate_batch(
            [source] * len(placed),
            target_prefix=[prefix + t[:c] for t, c in placed],
            num_hypotheses=self.beam_size,
            max_input_length=0,
            max_decoding_length=self.max_output_tokens + len(prefix),
            disable_unk=True,
            **options,
        )
        self.stats.calls += 1
        found = [t for t, _ in placed]
        for result in results:
            for hyp in result.hypotheses:
                pieces = list(hyp)[len(prefix) :]
                if pieces not in found:
                    found.append(pieces)
        return [
            Hypothesis(self._from_model(self.target_spm.decode(t).strip()), sum(lp) / len(lp))
            for t, lp in zip(found, self._score(source, found), strict=True)
            if sum(lp) > -math.inf
        ]

    def _score(self, source: list[str], targets: list[list[str]]) -> list[list[float]]:
        """The log-probability of each target piece (and the end) of ``targets``; ``[-inf]``
        for a target longer than the model's positions (it cannot be scored, nor published:
        a continuation that ran to the length limit plus its end of sentence, seen on WMT22)."""
        prefix = list(self.target_prefix)
        limit = self.max_positions
        fits = [not limit or len(prefix) + len(t) + 1 <= limit for t in targets]
        results = iter(
            self.translator.score_batch(
                [source] * sum(fits),
                [prefix + t for t, ok in zip(targets, fits, strict=True) if ok],
                max_batch_size=self.max_batch_tokens,
                batch_type="tokens",
                max_input_length=0,
                offset=len(prefix),
            )
            if any(fits)
            else []
        )
        return [list(next(results).log_probs) or [0.0] if ok else [-math.inf] for ok in fits]

    def chunks(self, sentence: str, limit: int | None = None) -> list[list[str]]:
        """The source pieces of each chunk ``sentence`` is translated as (no prefix/suffix),
        each at most ``max_input_tokens`` pieces (or ``limit`` when smaller); a Title Case
        title is put in sentence case first (:mod:`jtrans.truecase`)."""
        if self.sentence_case_titles:
            sentence = sentence_case(sentence, self.knows_word)
        text = self._to_model(sentence).strip()
        if not text:
            return []
        size = self.max_input_tokens if limit is None else min(limit, self.max_input_tokens)
        out: list[list[str]] = []
        for part in split_text(text, self._count, size):
            pieces = self._encode(part.strip())
            if pieces:
                out.extend(token_windows(pieces, size))
        return out

    def knows_word(self, word: str) -> bool:
        """Whether the model knows the lower-case ``word`` as an ordinary word: listed in its
        ``words.txt``, or held by its source vocabulary as one piece (``▁kernel``) or a stem and
        an English ending (``▁align`` + ``ed``); names it has not seen break into fragments
        (``▁so`` + ``ra``)."""
        known = self._known.get(word)
        if known is None:
            pieces = self.source_spm.encode(word, out_type=str)
            known = (
                word in self.words
                or pieces == ["▁" + word]
                or (
                    len(pieces) == 2
                    and pieces[0].startswith("▁")
                    and len(pieces[0]) >= 4
                    and pieces[1] in _ENDINGS
                )
            )
            self._known[word] = known
        return known

    # -- internals --------------------------------------------------------------------------

    def _translate(
        self, sentences: list[str], overrides: dict[str, Any], limit: int | None = None
    ) -> list[list[Hypothesis]]:
        if isinstance(sentences, str):
            raise TypeError("translate_batch expects a list of strings, not a string")
        saved = replace(self.stats)
        try:
            return self._translate_once(sentences, overrides, limit)
        except RuntimeError as exc:
            # A card without ``max_positions``: learn the limit from CTranslate2 and redo once.
            m = _POSITION_ERROR.search(str(exc))
            if not m or self.max_positions is not None:
                raise
            self.stats = saved
            self.max_positions = int(m.group(1))
            self._apply_position_limit()
            return self._translate_once(sentences, overrides, limit)

    def _translate_once(
        self, sentences: list[str], overrides: dict[str, Any], limit: int | None = None
    ) -> list[list[Hypothesis]]:
        chunk_owner: list[int] = []
        sources: list[list[str]] = []
        for i, sentence in enumerate(sentences):
            for pieces in self.chunks(sentence, limit):
                chunk_owner.append(i)
                sources.append(self.source_prefix + pieces + self.source_suffix)
        results = self._run(sources, overrides)
        parts: list[list[list[_Decoded]]] = [[] for _ in sentences]
        for j, (owner, hyps) in enumerate(zip(chunk_owner, results, strict=True)):
            last = j + 1 == len(chunk_owner) or chunk_owner[j + 1] != owner
            parts[owner].append(
                [
                    _Decoded(self._from_model(self.target_spm.decode(toks).strip()), len(toks), sc)
                    for toks, sc in hyps
                ]
            )
            if not last:
                parts[owner][-1] = self._go_on(parts[owner][-1], sources[j])
        self.stats.calls += 1
        self.stats.segments += len(sentences)
        self.stats.chunks += len(sources)
        return [self._combine(p) for p in parts]

    def _go_on(self, hyps: list[_Decoded], source: list[str]) -> list[_Decoded]:
        """A chunk's hypotheses when another chunk of its sentence follows: where its English
        ends mid-sentence (at a clause or a comma) and the model closed it with 。, with 、
        instead (です。 → で、), so that the joined translation reads as the one sentence it
        is (特に8桁の乗算です。微積分ツールを… → 特に8桁の乗算で、微積分ツールを…)."""
        pieces = source[len(self.source_prefix) : len(source) - len(self.source_suffix)]
        if self.clause_comma is None or not pieces or pieces[-1].endswith((".", "!", "?")):
            return hyps
        return [replace(d, text=self._comma(d.text)) if d.text.endswith("。") else d for d in hyps]

    def _comma(self, text: str) -> str:
        """``text`` (a clause the model closed with 。) going on: です。 → で、, else 。 → 、."""
        text = text[:-1]
        return (text[:-2] + "で" if text.endswith("です") else text) + str(self.clause_comma)

    def _combine(self, chunks: list[list[_Decoded]]) -> list[Hypothesis]:
        """The sentence's hypotheses from its chunks' (k-th with k-th; scores by length)."""
        if not chunks:
            return [Hypothesis("", None)]
        out = []
        for k in range(max(len(c) for c in chunks)):
            picked = [c[min(k, len(c) - 1)] for c in chunks]
            text = self.joiner.join(d.text for d in picked)
            scores = [d.score for d in picked if d.score is not None]
            if len(scores) < len(picked):
                out.append(Hypothesis(text, None))
                continue
            weight = sum(d.length + 1 for d in picked)
            score = sum(s * (d.length + 1) for s, d in zip(scores, picked, strict=True)) / weight
            out.append(Hypothesis(text, score))
        return out

    def _run(
        self, sources: list[list[str]], overrides: dict[str, Any]
    ) -> list[list[tuple[list[str], float | None]]]:
        """Translate token lists, longest first in bounded groups; results in input order."""
        order = sorted(range(len(sources)), key=lambda k: len(sources[k]), reverse=True)
        results: list[list[tuple[list[str], float | None]]] = [[] for _ in sources]
        group_limit = self.max_batch_tokens * 8
        start = 0
        while start < len(order):
            end, tokens = start, 0
            while end < len(order):
                size = len(sources[order[end]])
                if end > start and tokens + size > group_limit:
                    break
                tokens += size
                end += 1
            idx = order[start:end]
            hyps = self._call([sources[k] for k in idx], overrides)
            for k, hyp in zip(idx, hyps, strict=True):
                results[k] = hyp
            start = end
            if self.on_progress is not None:  # a long batch reports as it goes
                self.on_progress(end, len(order))
        return results

    def _call(
        self, batch: list[list[str]], overrides: dict[str, Any]
    ) -> list[list[tuple[list[str], float | None]]]:
        """Each source's hypotheses as (target pieces, log-probability per token)."""
        options: dict[str, Any] = {
            "beam_size": self.beam_size,
            "length_penalty": self.length_penalty,
            "max_batch_size": self.max_batch_tokens,
            "batch_type": "tokens",
            "max_input_length": 0,  # never truncate: chunks are already within the limit
            "max_decoding_length": self.max_output_tokens + len(self.target_prefix),
            "return_scores": True,
        }
        options.update(overrides)
        prefix = [list(self.target_prefix) for _ in batch] if self.target_prefix else None
        results = list(self.translator.translate_batch(batch, target_prefix=prefix, **options))
        # <unk> renders as ⁇, which the guard rejects, so the sentence fell back to English (all
        # 38 fallbacks of 300 WMT22 lines): a source whose best hypothesis holds it is decoded
        # again without it, and n-best hypotheses that hold it are left out. Only those: banning
        # it in every search changes other beams too (two digest-eval lines, BLEU -0.03).
        unk = self.target_spm.id_to_piece(self.target_spm.unk_id())
        redo = [i for i, res in enumerate(results) if unk in (res.hypotheses or [[]])[0]]
        if redo and not options.get("disable_unk"):
            again = self.translator.translate_batch(
                [batch[i] for i in redo],
                target_prefix=[prefix[i] for i in redo] if prefix else None,
                **{**options, "disable_unk": True},
            )
            for i, res in zip(redo, again, strict=True):
                results[i] = res
        penalty = float(options.get("length_penalty") or 0.0)
        out = []
        n = len(self.target_prefix)
        for src, res in zip(batch, results, strict=True):
            scores = list(getattr(res, "scores", None) or [])
            hyps: list[tuple[list[str], float | None]] = []
            for k, raw in enumerate(res.hypotheses or [[]]):
                if k and unk in raw:
                    continue
                hyp = list(raw)
                if n and hyp[:n] == self.target_prefix:
                    hyp = hyp[n:]
                score = scores[k] if k < len(scores) else None
                if score is not None:
                    # CTranslate2 divides the summed log-probability by (length + 1) ** penalty
                    # (no end of sentence when the length limit stopped it); make it per token
                    steps = len(raw) + (1 if len(raw) < options["max_decoding_length"] else 0)
                    score = float(score) * steps**penalty / steps
                hyps.append((hyp, score))
            self.stats.source_tokens += len(src)
            self.stats.target_tokens += len(hyps[0][0])
            out.append(hyps)
        return out

    def _encode(self, text: str) -> list[str]:
        return list(self.source_spm.encode(text.translate(_HYPHENS), out_type=str))

    def _count(self, text: str) -> int:
        return len(self.source_spm.encode(text.translate(_HYPHENS)))

    def _placeholder_pieces(self, i: int) -> list[str]:
        """The target pieces of placeholder ``i`` (its model form, without a lone ``▁``)."""
        return [
            p for p in self.target_spm.encode(self._to_model(make(i)), out_type=str) if p != "▁"
        ]

    def _to_model(self, text: str) -> str:
        if not self.surrogate:
            return text
        surrogate = self.surrogate
        return PLACEHOLDER_RE.sub(lambda m: surrogate.format(n=m.group(1)), text)

    def _from_model(self, text: str) -> str:
        if self._surrogate_re is None:
            return text
        return self._surrogate_re.sub(lambda m: make(int(m.group("n"))), text)


# Unicode hyphens (U+2010, non-breaking U+2011) the model reads as the ASCII one: a real week
# wrote every compound with U+2011 (Two‑stage, d1‑LLaDA), one rare piece the model had hardly
# seen, and its sentences came back with English left in them (diffu‑GRPO beats SFT); and the
# tilde operator (U+223C) it reads as the ASCII tilde: "(∼128 tokens)" came back as 例:128; the
# minus sign (U+2212) as the ASCII one: "shrinks to −5 points" came back as -1 5ポイント
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2212": "-", "\u223c": "~"})


def _beside(target: list[str], k: int, tokens: list[list[str]]) -> bool:
    """Whether position ``k`` of the ``target`` pieces touches one of ``tokens`` (spaces
    between them do not part them)."""
    left = list(target[:k])
    while left and left[-1] == "▁":
        left.pop()
    right = list(target[k:])
    while right and right[0] == "▁":
        right.pop(0)
    return any(
        t and ((len(left) >= len(t) and left[-len(t) :] == t) or right[: len(t)] == t)
        for t in tokens
    )


def _surrogate_pattern(template: str) -> re.Pattern[str]:
    """A regex matching ``template`` with ``{n}`` as digits, tolerant of inserted spaces."""
    before, _, after = template.partition("{n}")

    def loose(s: str) -> str:
        return r"\s*".join(re.escape(c) for c in s)

    return re.compile(loose(before) + r"\s*(?P<n>\d+)\s*" + loose(after))


register("ct2")(CT2Engine)


_ENDINGS = frozenset(
    "s es ed d ing er ers ive ion ions ly al ment ments ness ity able".split()
)  # English endings a known stem may take and still be an ordinary word


def _check_types(whole: dict[str, Any], real: dict[str, Any]) -> None:
    """Engine options as a config file may give them (``beam_size = "4"``): a clear
    ``ValueError`` naming the option instead of a comparison error deep inside."""
    for name, value in whole.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValueError(f"engine option {name} must be a whole number, not {value!r}")
    for name, value in real.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise ValueError(f"engine option {name} must be a number, not {value!r}")


# What an engine option may be: beyond these CTranslate2 runs out of memory (beam_size 10**6
# took 23 GB), crashes (threads 100000: a segfault) or fails mid-run (threads 1000).
RANGES: dict[str, tuple[float, float]] = {
    "beam_size": (1, 64),
    "max_batch_tokens": (1, 1 << 16),
    "threads": (0, 256),
    "max_input_tokens": (1, 4096),
    "max_output_tokens": (1, 8192),
    "no_repeat_ngram_size": (0, 64),
    "length_penalty": (-10.0, 10.0),
    "repetition_penalty": (0.01, 10.0),
}
DEVICES = ("auto", "cpu", "cuda")
# CTranslate2's compute type names (a type the hardware lacks is converted by CTranslate2)
COMPUTE_TYPES = (
    "default", "auto", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16",
    "float16", "bfloat16", "float32",
)  # fmt: skip


def _check_ranges(**values: float | None) -> None:
    """Every given option within :data:`RANGES`; a ``ValueError`` naming the option and its
    range otherwise (``threads`` 0 means one per core)."""
    for name, value in values.items():
        low, high = RANGES[name]
        if value is not None and not low <= value <= high:
            raise ValueError(
                f"engine option {name} = {value!r} is out of range ({low:g} to {high:g})"
            )


def _check_device(device: Any, compute_type: Any) -> None:
    """A known device that exists here and a known compute type (CTranslate2 would otherwise
    fail on first use with a message that looks like a corrupt model)."""
    if device not in DEVICES:
        raise ValueError(f"engine option device = {device!r} must be one of {', '.join(DEVICES)}")
    if compute_type is not None and compute_type not in COMPUTE_TYPES:
        raise ValueError(
            f"engine option compute_type = {compute_type!r} is not a CTranslate2 compute type "
            f"({', '.join(COMPUTE_TYPES)})"
        )
    if device == "cuda" and _ctranslate2().get_cuda_device_count() == 0:
        raise ValueError(
            'engine option device = "cuda", but CTranslate2 finds no usable CUDA GPU here '
            '(use "auto" or "cpu")'
        )
