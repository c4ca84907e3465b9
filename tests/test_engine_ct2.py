"""The ct2 engine on a tiny random Marian model (the committed ``tests/fixtures/tiny-ct2``,
converted with ``jtrans model convert``; ``tests/tiny_marian.py`` regenerates it)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

pytest.importorskip("ctranslate2")

from jtrans import engines, models  # noqa: E402
from jtrans.engines.ct2 import CT2Engine, _surrogate_pattern  # noqa: E402

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tiny-ct2"

SENTENCES = [
    "the model uses attention to learn a new task.",
    "we show that scaling improves reasoning ⟦0⟧ on benchmarks",
    "data",
    "tokens for training large language models with ⟦1⟧ and ⟦2⟧",
    "a new model",
]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the fixture model (some tests edit the card of their own copy)."""
    return Path(shutil.copytree(FIXTURE, tmp_path_factory.mktemp("ct2") / "tiny"))


class Recorder:
    """Wraps a ctranslate2.Translator and records what translate_batch receives."""

    def __init__(self, translator: object) -> None:
        self.translator = translator
        self.calls: list[tuple[list[list[str]], object, dict]] = []

    def translate_batch(self, source, target_prefix=None, **kw):  # noqa: ANN001
        self.calls.append(([list(s) for s in source], target_prefix, kw))
        return self.translator.translate_batch(source, target_prefix=target_prefix, **kw)


def test_registered_and_defaults(model_dir: Path) -> None:
    engine = engines.get("ct2", model=str(model_dir))
    assert isinstance(engine, CT2Engine)
    assert engine.name == "ct2" and engine.target_lang == "ja"
    assert engine.device == "cpu" and engine.compute_type in {"int8", "default"}
    assert engine.placeholders_atomic
    assert engine.source_suffix == ["</s>"]


@pytest.mark.slow
def test_one_string_per_input_in_order(model_dir: Path) -> None:
    engine = CT2Engine(model_dir, beam_size=2)
    out = engine.translate_batch(SENTENCES + ["", "   "])
    assert len(out) == len(SENTENCES) + 2
    assert all(isinstance(o, str) for o in out)
    assert all(o for o in out[: len(SENTENCES)])
    assert out[-2:] == ["", ""]
    assert engine.translate_batch([]) == []
    assert engine.stats.segments == len(SENTENCES) + 2 and engine.stats.target_tokens > 0


def test_unicode_hyphens_reach_the_model_as_ascii_ones(model_dir: Path) -> None:
    """A real week wrote its compounds with U+2011 (Two‑stage), a piece the model had hardly
    seen; the model reads them as the ASCII hyphen, the input it learned from."""
    engine = CT2Engine(model_dir, beam_size=1)
    ascii_ = "A two-stage recipe with step-by-step reasoning."
    for hyphen in ("\u2010", "\u2011"):
        text = ascii_.replace("-", hyphen)
        assert engine.chunks(text) == engine.chunks(ascii_)
        assert engine.translate_batch([text]) == engine.translate_batch([ascii_])
    # and the tilde operator as the ASCII tilde ("(∼128 tokens)" came back as 例:128), the
    # minus sign as the ASCII minus ("−5 points" came back as -1 5ポイント)
    for ascii_, sign in (("A short segment (~128 tokens).", "~"), ("It fell to -5 points.", "-")):
        text = ascii_.replace(sign, {"~": "\u223c", "-": "\u2212"}[sign])
        assert engine.chunks(text) == engine.chunks(ascii_)


@pytest.mark.slow  # the random model decodes to the length limit
def test_batch_equals_one_by_one_greedy(model_dir: Path) -> None:
    engine = CT2Engine(model_dir, beam_size=1, max_batch_tokens=16)
    batched = engine.translate_batch(SENTENCES)
    single = [engine.translate_batch([s])[0] for s in SENTENCES]
    assert batched == single
    # the random model does look at its input
    assert len(set(batched)) > 1


def test_long_input_is_split_not_truncated(model_dir: Path) -> None:
    engine = CT2Engine(model_dir, beam_size=1, max_input_tokens=12)
    recorder = Recorder(engine.translator)
    engine.translator = recorder  # type: ignore[assignment]
    sentence = " ".join(SENTENCES[:2] + SENTENCES[3:]) + ", " + SENTENCES[0]
    out = engine.translate_batch(["data", sentence])
    assert len(out) == 2
    sources = [s for batch, _, _ in recorder.calls for s in batch]
    assert len(sources) > 2
    for src in sources:
        assert src[-1] == "</s>"
        assert len(src) - 1 <= engine.max_input_tokens
    assert all(kw["max_input_length"] == 0 for _, _, kw in recorder.calls)
    # every source piece is translated exactly once, in order
    pieces = [p for chunk in engine.chunks(sentence) for p in chunk]
    encoded = engine.source_spm.encode(sentence, out_type=str)
    assert "".join(pieces).replace("▁", "") == "".join(encoded).replace("▁", "")
    assert "⟦0⟧" in pieces and "⟦2⟧" in pieces


class UnkFirst:
    """A translator whose answer for ``SENTENCES[1]`` holds <unk> unless it is disabled."""

    def __init__(self, translator: object, unk_source: list[str]) -> None:
        self.translator = translator
        self.unk_source = unk_source
        self.calls: list[tuple[list[list[str]], dict]] = []

    def translate_batch(self, source, target_prefix=None, **kw):  # noqa: ANN001
        self.calls.append(([list(s) for s in source], kw))
        results = self.translator.translate_batch(source, target_prefix=target_prefix, **kw)
        if kw.get("disable_unk"):
            return results
        out = []
        for s, r in zip(source, results, strict=True):
            hyps = [list(h) for h in r.hypotheses]
            if list(s) == self.unk_source:
                hyps = [["▁a", "<unk>"] for _ in hyps]
            elif len(hyps) > 1:  # a later hypothesis with <unk>: left out, no new search
                hyps[-1] = ["▁b", "<unk>"]
            out.append(SimpleNamespace(hypotheses=hyps, scores=r.scores))
        return out


@pytest.mark.slow
def test_a_source_decoded_to_unk_is_decoded_again_without_it(model_dir: Path) -> None:
    """<unk> renders as ⁇, which the guard rejects: such a sentence fell back to English."""
    engine = CT2Engine(model_dir, beam_size=1)
    bad = engine.chunks(SENTENCES[1])[0] + engine.source_suffix
    fake = UnkFirst(engine.translator, bad)
    engine.translator = fake  # type: ignore[assignment]
    out = engine.translate_batch(SENTENCES[:3])
    assert len(out) == 3 and all("⁇" not in o for o in out)
    assert len(fake.calls) == 2
    assert fake.calls[1][0] == [bad] and fake.calls[1][1]["disable_unk"] is True
    assert "disable_unk" not in fake.calls[0][1]  # the other sources decode as before
    lists = engine.translate_batch_with_options(SENTENCES[1:2], num_hypotheses=2)
    assert all("⁇" not in h.text for h in lists[0])
    fake.calls.clear()
    lists = engine.translate_batch_with_options(SENTENCES[2:3], num_hypotheses=3)
    assert len(fake.calls) == 1 and len(lists[0]) == 2
    assert all("⁇" not in h.text for h in lists[0])


def test_one_call_can_cut_sentences_into_smaller_chunks(model_dir: Path) -> None:
    """``max_input_tokens`` of a call cuts at clauses and commas for that call only; it never
    goes past the engine's own limit."""
    engine = CT2Engine(model_dir, beam_size=1, max_input_tokens=64, max_output_tokens=8)
    recorder = Recorder(engine.translator)
    engine.translator = recorder  # type: ignore[assignment]
    sentence = f"{SENTENCES[0][:-1]}, {SENTENCES[4]}, and {SENTENCES[2]}; {SENTENCES[1]}"
    assert len(engine.chunks(sentence)) == 1
    small = engine.chunks(sentence, 12)
    assert len(small) > 1 and all(len(c) <= 12 for c in small)
    assert engine.chunks(sentence, 1000) == engine.chunks(sentence)
    out = engine.translate_batch_with_options([sentence], max_input_tokens=12)
    assert len(out) == 1 and isinstance(out[0], str)
    sources = recorder.calls[-1][0]
    assert len(sources) == len(small) and all(len(s) - 1 <= 12 for s in sources)
    engine.translate_batch([sentence])  # the next call is whole again
    assert len(recorder.calls[-1][0]) == 1
    for bad in (0, 2.5, True):
        with pytest.raises(ValueError, match="max_input_tokens"):
            engine.translate_batch_with_options([sentence], max_input_tokens=bad)


class ClauseSentences:
    """A translator that closes every chunk it gets with 。 (as the model does)."""

    def translate_batch(self, source, target_prefix=None, **kw):  # noqa: ANN001
        n = kw.get("num_hypotheses", 1)
        return [
            SimpleNamespace(hypotheses=[[f"節{len(s)}です。"]] * n, scores=[-0.1] * n)
            for s in source
        ]


def test_a_chunk_cut_mid_sentence_goes_on_with_a_comma(model_dir: Path) -> None:
    """Chunks cut at a clause or a comma are one sentence: the 。 the model closed each with
    becomes 、 (です。 → で、), except where the English chunk ended a sentence and at the
    very end."""
    engine = CT2Engine(model_dir, beam_size=1, max_input_tokens=64)
    engine.translator = ClauseSentences()  # type: ignore[assignment]
    assert engine.placeholders_atomic  # (read with the real target vocabulary)
    engine.target_spm = SimpleNamespace(  # type: ignore[misc]
        decode=lambda toks: "".join(toks), unk_id=lambda: 0, id_to_piece=lambda i: "<unk>"
    )
    sentence = f"{SENTENCES[0]} {SENTENCES[4]}, and {SENTENCES[2]}, {SENTENCES[0]}"
    chunks = engine.chunks(sentence, 12)
    ends = [c[-1].endswith(".") for c in chunks[:-1]]
    assert True in ends and False in ends  # both kinds of cut
    out = engine.translate_batch_with_options([sentence], max_input_tokens=12)[0]
    stops = re.findall("です。|で、", out)
    assert stops == ["です。" if end else "で、" for end in ends] + ["です。"]
    assert out.count("節") == len(chunks)
    whole = engine.translate_batch([sentence])[0]  # one chunk: nothing to go on
    assert whole.endswith("です。") and whole.count("。") == 1


def test_split_prefers_sentence_boundaries(model_dir: Path) -> None:
    engine = CT2Engine(model_dir, max_input_tokens=16)
    text = " ".join(SENTENCES[0] for _ in range(4))
    chunks = engine.chunks(text)
    assert len(chunks) >= 2
    assert all(c[-1] == "." for c in chunks)


def test_unbreakable_word_uses_token_windows(model_dir: Path) -> None:
    engine = CT2Engine(model_dir, beam_size=1, max_input_tokens=5)
    word = "attention" * 12
    chunks = engine.chunks(word)
    assert len(chunks) > 1 and all(len(c) <= 5 for c in chunks)
    assert "".join(p for c in chunks for p in c).replace("▁", "") == word
    assert len(engine.translate_batch([word])) == 1


@pytest.mark.slow  # the random model decodes to the length limit
def test_translate_batch_with_options(model_dir: Path) -> None:
    engine = CT2Engine(model_dir)
    recorder = Recorder(engine.translator)
    engine.translator = recorder  # type: ignore[assignment]
    out = engine.translate_batch_with_options(
        SENTENCES, sampling_temperature=0.7, repetition_penalty=1.3, no_repeat_ngram_size=2
    )
    assert len(out) == len(SENTENCES) and all(isinstance(o, str) for o in out)
    kw = recorder.calls[-1][2]
    assert kw["beam_size"] == 1 and kw["sampling_topk"] == 10 and kw["sampling_temperature"] == 0.7
    assert kw["repetition_penalty"] == 1.3 and kw["no_repeat_ngram_size"] == 2
    assert kw["batch_type"] == "tokens" and kw["max_batch_size"] == engine.max_batch_tokens
    # without sampling arguments the search stays deterministic with the engine's beam
    engine.translate_batch_with_options(SENTENCES[:1], no_repeat_ngram_size=3)
    kw = recorder.calls[-1][2]
    assert kw["beam_size"] == engine.beam_size and "sampling_topk" not in kw
    assert kw["no_repeat_ngram_size"] == 3
    # sampled outputs differ from the greedy ones for at least one input
    greedy = engine.translate_batch_with_options(SENTENCES, beam_size=1)
    assert greedy != out


def test_nbest_lists_with_length_normalised_scores(model_dir: Path) -> None:
    engine = CT2Engine(model_dir, max_input_tokens=6)  # long inputs are cut into chunks
    best = engine.translate_batch(SENTENCES)
    lists = engine.translate_batch_with_options(SENTENCES, num_hypotheses=3, return_scores=True)
    assert len(lists) == len(SENTENCES)
    for one, hyps in zip(best, lists, strict=True):
        assert 1 <= len(hyps) <= 3 and all(isinstance(h, engines.Hypothesis) for h in hyps)
        assert hyps[0].text == one  # the first hypothesis is the plain translation
        assert all(h.score is not None and h.score <= 0 for h in hyps)
    # scores only: one hypothesis each; the per-token score does not depend on the penalty
    a = engine.translate_batch_with_options(SENTENCES[:2], return_scores=True, beam_size=1)
    b = engine.translate_batch_with_options(
        SENTENCES[:2], return_scores=True, beam_size=1, length_penalty=0.0
    )
    assert [len(h) for h in a] == [1, 1]
    for x, y in zip(a, b, strict=True):
        assert x[0].text == y[0].text and abs(x[0].score - y[0].score) < 1e-3
    with pytest.raises(ValueError, match="num_hypotheses"):
        engine.translate_batch_with_options(SENTENCES[:1], num_hypotheses=0)


@pytest.mark.slow  # the random model decodes to the length limit
def test_language_prefixes_from_card(model_dir: Path, tmp_path: Path) -> None:
    multi = tmp_path / "multi"
    shutil.copytree(model_dir, multi)
    card = models.load_card(multi)
    card["source_prefix"] = ["⟦7⟧"]
    card["target_prefix"] = ["⟦5⟧"]
    models.write_card(multi, card)
    engine = CT2Engine(multi, beam_size=1)
    recorder = Recorder(engine.translator)
    engine.translator = recorder  # type: ignore[assignment]
    out = engine.translate_batch(["a new model", "data"])
    batch, prefix, _ = recorder.calls[0]
    assert all(src[0] == "⟦7⟧" and src[-1] == "</s>" for src in batch)
    assert prefix == [["⟦5⟧"], ["⟦5⟧"]]
    plain = CT2Engine(multi, beam_size=1)
    raw = plain.translator.translate_batch([batch[0]], target_prefix=[["⟦5⟧"]], beam_size=1)
    assert raw[0].hypotheses[0][0] == "⟦5⟧"  # ctranslate2 returns the prefix ...
    assert len(out) == 2  # ... and the engine strips it before decoding
    assert engine.stats.target_tokens == sum(
        len(r.hypotheses[0]) - 1
        for r in plain.translator.translate_batch(
            batch,
            target_prefix=prefix,
            beam_size=1,
            max_decoding_length=engine.max_output_tokens + 1,
        )
    )


def test_surrogate_pattern_tolerates_spaces() -> None:
    pattern = _surrogate_pattern("ZX{n}ZX")
    assert pattern.sub(lambda m: f"<{m.group('n')}>", "a Z X 12 ZX b ZX3ZX") == "a <12> b <3>"


def test_missing_model_is_model_not_found(tmp_path: Path) -> None:
    with pytest.raises(models.ModelNotFound, match="does not exist"):
        CT2Engine(tmp_path / "nope")
    with pytest.raises(ValueError):
        CT2Engine(tmp_path, beam_size=0)


@pytest.mark.slow  # the random model decodes to the length limit
def test_lengths_fit_position_encodings(model_dir: Path, tmp_path: Path) -> None:
    assert models.load_card(model_dir)["max_positions"] == 512
    engine = CT2Engine(model_dir, max_input_tokens=1000, max_output_tokens=2000)
    assert engine.max_input_tokens == 511 and engine.max_output_tokens == 512
    # a card without max_positions: the limit is learnt from CTranslate2's error, then it works
    bare = tmp_path / "bare"
    shutil.copytree(model_dir, bare)
    card = models.load_card(bare)
    del card["max_positions"]
    models.write_card(bare, card)
    engine = CT2Engine(bare, beam_size=1, max_output_tokens=600)
    assert engine.max_positions is None
    out = engine.translate_batch(["a new model", "data"])
    assert len(out) == 2 and engine.max_positions == 512 and engine.max_output_tokens == 512
    assert engine.stats.segments == 2


@pytest.mark.slow  # the random model decodes to the length limit
def test_throughput_benchmark(model_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from benchmark_script import load

    bench = load("engine_throughput")
    args = ["--model", str(model_dir), "--beam", "1", "--limit", "4", "--json"]
    assert bench.main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["segments"] == 4 and report["batch_speedup"] > 0
    # greedy search: both modes produce the same translations, hence the same token count
    assert report["batch"]["target_tokens"] == report["per-segment"]["target_tokens"] > 0
    assert bench.main(["--model", str(model_dir / "nope")]) == 2
    assert "engine_throughput: error:" in capsys.readouterr().err


def test_card_decoding_settings_reach_ctranslate2_unless_overridden(
    model_dir: Path, tmp_path: Path
) -> None:
    local = tmp_path / "tiny"
    shutil.copytree(model_dir, local)
    card = models.load_card(local)
    card["decoding"] = {"repetition_penalty": 1.2, "no_repeat_ngram_size": 3}
    models.write_card(local, card)

    engine = CT2Engine(local, beam_size=1)
    rec = Recorder(engine.translator)
    engine.translator = rec
    engine.translate_batch(SENTENCES[:2])
    assert rec.calls[-1][2]["repetition_penalty"] == 1.2
    assert rec.calls[-1][2]["no_repeat_ngram_size"] == 3
    engine.translate_batch_with_options(SENTENCES[:1], no_repeat_ngram_size=4)
    assert rec.calls[-1][2]["no_repeat_ngram_size"] == 4
    assert rec.calls[-1][2]["repetition_penalty"] == 1.2

    plain = CT2Engine(local, beam_size=1, repetition_penalty=1.0, no_repeat_ngram_size=0)
    assert plain.decoding == {"repetition_penalty": 1.0, "no_repeat_ngram_size": 0}


def test_long_batches_report_progress_per_group(model_dir: Path) -> None:
    engine = CT2Engine(model_dir, beam_size=1, max_batch_tokens=4)  # small groups
    seen: list[tuple[int, int]] = []
    engine.on_progress = lambda done, total: seen.append((done, total))
    engine.translate_batch(SENTENCES)
    assert len(seen) > 1 and seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


DEFAULT = Path(__file__).resolve().parents[1] / "models" / "jtrans-small-enja"


@pytest.mark.skipif(not DEFAULT.is_dir(), reason="the default model is not in this checkout")
def test_a_lost_placeholder_goes_where_the_model_scores_it_best_never_after_the_stop() -> None:
    engine = CT2Engine(DEFAULT)
    sent = "We evaluate ⟦0⟧ on ⟦1⟧ and report the results."
    output = "⟦1⟧で評価し、結果を報告します。"
    hyps = engine.insert_placeholders(sent, output, [0])
    assert len(hyps) > 1 and all(h.score is not None and h.score < 0 for h in hyps)
    first = hyps[0].text
    # 1. the output itself with the placeholder put in, once, and not glued after the stop
    assert first.count("⟦0⟧") == 1 and first.replace("⟦0⟧", "") == output
    assert not first.endswith("⟦0⟧")
    # ... at the position the model scores best of all positions before the stop
    pieces = engine.target_spm.encode(output, out_type=str)
    source = engine.source_suffix and engine.chunks(sent)[0] + engine.source_suffix
    candidates = [pieces[:k] + ["⟦0⟧"] + pieces[k:] for k in range(len(pieces))]
    totals = [
        sum(r.log_probs)
        for r in engine.translator.score_batch([source] * len(candidates), candidates)
    ]
    chosen = engine.target_spm.encode(first, out_type=str)
    assert sum(engine.translator.score_batch([source], [chosen])[0].log_probs) == pytest.approx(
        max(totals), abs=1e-4
    )
    # ... then at its next best places, the output itself each time
    placed = [h.text for h in hyps if h.text.replace("⟦0⟧", "") == output]
    assert 1 < len(placed) <= engine.insert_places and len(set(placed)) == len(placed)
    assert hyps[: len(placed)] == [h for h in hyps if h.text in placed]
    # 2. the model's continuations keep the text up to the placeholder in one of those places
    starts = [text[: text.index("⟦0⟧") + 3] for text in placed]
    assert all(any(h.text.startswith(u) for u in starts) for h in hyps)
    # with one place, every continuation starts from the best
    engine.insert_places = 1
    upto = first[: first.index("⟦0⟧") + 3]
    assert all(h.text.startswith(upto) for h in engine.insert_placeholders(sent, output, [0]))
    engine.insert_places = 3
    # a sentence translated in several chunks is left alone
    assert engine.insert_placeholders("We evaluate ⟦0⟧ on it. " * 60, output, [0]) == []


@pytest.mark.skipif(not DEFAULT.is_dir(), reason="the default model is not in this checkout")
def test_a_lost_placeholder_is_never_put_right_next_to_its_twin() -> None:
    """``apart`` names placeholders that render the same text; the best position beside one
    of them (spaces between count as beside) is skipped for the best one elsewhere."""
    engine = CT2Engine(DEFAULT)
    sent = "Both ⟦0⟧ and ⟦1⟧ models are trained."
    output = "⟦1⟧ モデルの両方が学習されます。"  # the model puts ⟦0⟧ first, glued: ⟦0⟧⟦1⟧
    kept = engine.insert_placeholders(sent, output, [0], apart={0: {1}})
    assert kept and all(h.text.count("⟦0⟧") == 1 for h in kept)
    first = kept[0].text
    assert first.replace("⟦0⟧", "") == output
    assert not re.search(r"⟦0⟧\s*⟦1⟧|⟦1⟧\s*⟦0⟧", first)
    pieces = engine.target_spm.encode(output, out_type=str)
    source = engine.chunks(sent)[0] + engine.source_suffix
    candidates = [pieces[:k] + ["⟦0⟧"] + pieces[k:] for k in range(len(pieces))]
    texts = ["".join(c).replace("▁", " ").strip() for c in candidates]
    allowed = [
        c
        for c, t in zip(candidates, texts, strict=True)
        if not re.search(r"⟦0⟧\s*⟦1⟧|⟦1⟧\s*⟦0⟧", t)
    ]
    totals = [
        sum(r.log_probs) for r in engine.translator.score_batch([source] * len(allowed), allowed)
    ]
    chosen = engine.target_spm.encode(first, out_type=str)
    assert sum(engine.translator.score_batch([source], [chosen])[0].log_probs) == pytest.approx(
        max(totals), abs=1e-4
    )


@pytest.mark.skipif(not DEFAULT.is_dir(), reason="the default model is not in this checkout")
def test_inserting_never_scores_past_the_model_positions() -> None:
    """A translation at the length limit plus a placeholder and the end of sentence is longer
    than the model's position encodings: CTranslate2 raised (a traceback on WMT22); now such
    candidates are never scored nor returned."""
    engine = CT2Engine(DEFAULT)
    sent = "We evaluate ⟦0⟧ on ⟦1⟧ and report the results."
    output = "⟦1⟧で評価し、結果を報告します。"
    pieces = len(engine.target_spm.encode(output, out_type=str))
    engine.max_positions = pieces + 1  # room for the output and its end, not one piece more
    assert engine.insert_placeholders(sent, output, [0]) == []
    engine.max_positions = pieces + 3  # the placeholder fits; long continuations do not
    hyps = engine.insert_placeholders(sent, output, [0])
    assert hyps and all(
        len(engine.target_spm.encode(h.text, out_type=str)) + 1 <= engine.max_positions
        for h in hyps
    )
