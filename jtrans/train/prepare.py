"""Data preparation for the default model: clean, deduplicate, hold out, mix and encode.

Reads ``../shared/corpus`` (never copied into the repo) and writes, under the work folder
(``work/data`` by default, git-ignored):

* ``train.en`` / ``train.ja`` — cleaned, deduplicated, domain-weighted training pairs,
* ``dev.en`` / ``dev.ja`` — an in-domain held-out split used to pick checkpoints,
* ``dev-abstracts.tsv`` — its paper-abstract pairs as written (English TAB Japanese), which
  ``jtrans.train.choose`` scores through the full pipeline beside digest-dev,
* ``spm.model`` — one shared sentencepiece model whose vocabulary reserves ``⟦0⟧…⟦39⟧``,
* ``words.txt`` — the ordinary English words of the sources (shipped with the model, for
  sentence-casing titles),
* ``train.npz`` / ``dev.npz`` — the pairs as sentencepiece ids (compressed; this is what a GPU
  machine gets carried, since ``../shared`` does not travel there).

Held out from training: ``eval/digest-dev.tsv``, the Coursera dev/test splits, WMT22 and NTREX
(exact English matches are dropped from every training file).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from jtrans import sentence_rules
from jtrans.placeholders import PLACEHOLDER_RE, find, make, renumber, symbols
from jtrans.postprocess import era
from jtrans.postprocess.chars import KATAKANA
from jtrans.protect import protect_unit

JA_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
JA_SPACE = re.compile(
    r"(?<=[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]) +(?=[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef])"
)
JA_LATIN_SPACE = re.compile(
    r"(?<=[\u3000-\u30ff\u3400-\u9fff]) +(?=[\w(])|(?<=[\w)]) +(?=[\u3000-\u30ff\u3400-\u9fff])"
)

# (file or folder, weight): in-domain ML prose is repeated (paper abstracts, the register of
# digest descriptions, most), programming/web API docs and the encyclopedic corpus subsampled
# (the likely source of メソッド/参照/子要素 where a digest writes 手法).
MIX: list[tuple[str, float]] = [
    ("ml-abstracts-acl2022.tsv", 4.0),
    ("ml-abstracts-hf-model-doc.tsv", 4.0),
    ("ml-cheatsheets.tsv", 4.0),
    ("japanese-llm-list.tsv", 2.0),
    ("tensorflow-docs.tsv", 2.0),
    ("huggingface-docs.tsv", 2.0),
    ("llm-courses.tsv", 2.0),
    ("d2l/aligned.tsv", 3.0),
    ("coursera", 1.0),
    ("python-docs.tsv", 0.5),
    ("web-docs.tsv", 0.4),
    ("kyoto-wiki.tsv", 0.35),
]
# a short in-domain phase after the main run (--mix digest): the same files in the same order
# (so every held-out dev split is the same pairs), weighted towards paper abstracts, the register
# of digest descriptions and of the dev lines that choose checkpoints, with the docs kept in
# smaller shares so the model does not forget them (session 17 gave the general files 0.1 /
# 0.05 / 0.05 / 0.03 and lost WMT22 news; session 18 these, see models/README.md)
DIGEST_MIX: list[tuple[str, float]] = [
    ("ml-abstracts-acl2022.tsv", 4.0),
    ("ml-abstracts-hf-model-doc.tsv", 4.0),
    ("ml-cheatsheets.tsv", 4.0),
    ("japanese-llm-list.tsv", 2.0),
    ("tensorflow-docs.tsv", 0.5),
    ("huggingface-docs.tsv", 0.5),
    ("llm-courses.tsv", 0.5),
    ("d2l/aligned.tsv", 0.5),
    ("coursera", 0.3),
    ("python-docs.tsv", 0.15),
    ("web-docs.tsv", 0.15),
    ("kyoto-wiki.tsv", 0.1),
]
MIXES = {"default": MIX, "digest": DIGEST_MIX}
# the held-out split that picks checkpoints: ML docs plus paper abstracts (digest register)
DEV_FROM = {
    "tensorflow-docs.tsv": 150,
    "huggingface-docs.tsv": 150,
    "llm-courses.tsv": 150,
    "ml-abstracts-acl2022.tsv": 150,
}
# held-out dev pairs also written as text (dev-abstracts.tsv), for choosing checkpoints by BLEU
# through the full pipeline: paper abstracts are the register of digest descriptions
DEV_RAW = {"ml-abstracts-acl2022.tsv"}
DEV_RAW_FILE = "dev-abstracts.tsv"
# files whose Japanese is ML prose: house wording of Japanese ML digests applied to the target
HOUSE_FROM = {
    "ml-abstracts-acl2022.tsv",
    "ml-abstracts-hf-model-doc.tsv",
    "ml-cheatsheets.tsv",
    "tensorflow-docs.tsv",
    "huggingface-docs.tsv",
    "llm-courses.tsv",
    "d2l/aligned.tsv",
    "coursera",
}
# katakana loans where Japanese ML digests (../shared/seeds) write the kanji word
HOUSE_WORDING = (
    ("パフォーマンス", "性能"),
    ("トレーニング", "学習"),
    ("メソッド", "手法"),
)
EN_SENT = re.compile(r"(?<=[A-Za-z0-9)\]][.!?])\s+(?=[A-Z\[(])")
JA_SENT = re.compile(r"(?<=[。！？])\s*(?=\S)")


def shared_dir() -> Path:
    return Path(__file__).resolve().parents[2].parent / "shared"


def detok_ja(text: str) -> str:
    """Undo word segmentation in tokenised Japanese (the Coursera corpus is space-separated)."""
    text = JA_SPACE.sub("", text)
    text = JA_LATIN_SPACE.sub("", text)
    return text.replace(" 。", "。").replace(" 、", "、")


def read_pairs(shared: Path, name: str) -> Iterator[tuple[str, str]]:
    path = shared / "corpus" / name
    if path.is_dir():  # coursera: line-aligned train files
        with (
            open(path / "train.en.txt", encoding="utf-8") as fe,
            open(path / "train.ja.txt", encoding="utf-8") as fj,
        ):
            for en, ja in zip(fe, fj, strict=True):
                yield en.strip(), detok_ja(ja.strip())
        return
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                yield parts[0].strip(), parts[1].strip()


def protect_pair(en: str, ja: str) -> tuple[str, str]:
    """Protect both sides with the pipeline's own ``protect`` stage and align the spans: an
    English span gets the same placeholder as the first unused Japanese span with the same
    bytes (code, URLs, math, link targets, ``**`` markers, HTML …); spans without a partner are
    put back as text. Placeholders are numbered in order of appearance, as at run time."""
    pe, pj = protect_unit(en), protect_unit(ja)
    if not pe.spans or not pj.spans:
        return en, ja
    free: dict[str, list[int]] = {}
    for span in pj.spans:
        free.setdefault(span.text, []).append(span.index)
    pairs: dict[int, int] = {}  # en index → ja index
    for span in pe.spans:
        if free.get(span.text):
            pairs[span.index] = free[span.text].pop(0)
    if not pairs or len(pairs) > 30:
        return en, ja
    order = [i for i in find(pe.text) if i in pairs]
    new_of = {i: n for n, i in enumerate(order)}
    en_map = {sp.index: sp.text for sp in pe.spans}
    ja_map = {sp.index: sp.text for sp in pj.spans}
    ja_new = {pairs[i]: n for i, n in new_of.items()}

    return renumber(pe.text, new_of, en_map), renumber(pj.text, ja_new, ja_map)


def glossary_pair(glossary, en: str, ja: str) -> tuple[str, str]:
    """Protect glossary terms as the pipeline does at run time, where the Japanese side really
    uses the glossary's rendering (or keeps the English): the model then sees the same
    placeholder-rich input in training as in use. Other hits are put back as text."""
    glossary.reset()
    start = len(find(en))
    text, restore, hits = glossary.protect(en, start)
    if not restore:
        return en, ja
    kept: list[int] = []
    for hit in hits:
        if hit.index is None:
            continue
        value = restore[hit.index]
        placed = replace_word(ja, value, make(hit.index)) if value else None
        if placed is not None and make(hit.index) in text:
            ja = placed
            kept.append(hit.index)
        else:
            text = text.replace(make(hit.index), hit.surface, 1)
    return _dense(text, ja)


def _word_class(ch: str) -> str | None:
    """The characters that continue a word ending (or starting) in ``ch``: katakana, Latin."""
    for cls in (KATAKANA, "A-Za-z0-9"):
        if ch and re.match(f"[{cls}]", ch):
            return cls
    return None


def replace_word(ja: str, value: str, placeholder: str) -> str | None:
    """``ja`` with the first whole-word ``value`` replaced by ``placeholder``, or None: a
    katakana or Latin rendering must not be the front or back of a longer word (パラメータ in
    パラメーター left ⟦0⟧ー behind, 1,873 training targets, and the model wrote 推論ー)."""
    left, right = _word_class(value[:1]), _word_class(value[-1:])
    before = f"(?<![{left}])" if left else ""
    after = f"(?![{right}])" if right else ""
    m = re.search(before + re.escape(value) + after, ja)
    if m is None:
        return None
    return ja[: m.start()] + placeholder + ja[m.end() :]


def _dense(text: str, ja: str) -> tuple[str, str]:
    """Renumber both sides' placeholders 0, 1, … in the English order (undone hits leave
    gaps); the run-time order is kept: text spans first."""
    order = sorted(set(find(text)))
    if order == list(range(len(order))):
        return text, ja
    mapping = {old: new for new, old in enumerate(order)}
    return renumber(text, mapping), renumber(ja, mapping)


def rule_pair(rule, en: str, ja: str) -> tuple[str, str]:
    """Apply a run-time rule module (``dates``, ``quantities``, ``names``: ``protect(text,
    start)`` → text, restore) to ``en`` and keep each placeholder only where ``ja`` has its
    rendering, as :func:`glossary_pair` does for glossary terms; the others are put back. A
    rule that rephrases the English around its spans (``quantities.rephrase``: "twice as fast
    as" → "2x faster than") does so first, as at run time."""
    en = getattr(rule, "rephrase", str)(en)
    start = len(find(en))
    text, restore = rule.protect(en, start)
    if not restore:
        return en, ja
    surfaces = replaced_spans(en, text, set(restore))
    for index, value in sorted(restore.items()):
        placed = replace_word(ja, value, make(index))
        if placed is not None:
            ja = placed
        else:
            text = text.replace(make(index), surfaces[index], 1)
    return _dense(text, ja)


def replaced_spans(before: str, after: str, new: set[int]) -> dict[int, str]:
    """The text of ``before`` that each placeholder of ``new`` stands for in ``after`` (a rule
    replaced spans of ``before`` by them, left to right, and changed nothing else)."""
    pattern, order, pos = [], [], 0
    for m in PLACEHOLDER_RE.finditer(after):
        index = int(m.group(1))
        if index not in new:
            continue
        pattern.append(re.escape(after[pos : m.start()]))
        pattern.append("(.+?)")
        order.append(index)
        pos = m.end()
    pattern.append(re.escape(after[pos:]))
    m = re.fullmatch("".join(pattern), before, re.DOTALL)
    if m is None:  # pragma: no cover - a rule that changed more than its spans
        raise ValueError("a rule changed text outside the spans it replaced")
    return dict(zip(order, m.groups(), strict=True))


def house(ja: str) -> str:
    """House wording of Japanese ML digests (性能, 学習, 手法) on an ML-prose target."""
    for old, new in HOUSE_WORDING:
        ja = ja.replace(old, new)
    return ja


_ERA_LEFT = re.compile(r"[\u4e00-\u9fff]{2}(\d{1,2}|元)年")
_EN_YEAR = re.compile(r"\b(1\d{3}|20\d{2})\b")


def without_era(en: str, ja: str) -> str | None:
    """The target without the Japanese era years its English lacks (the run-time ``era`` rule:
    ``1888年（明治21年）`` → ``1888年``), or None when an era year still stands for a year the
    English writes (``In 1998`` ↔ ``平成10年``): kept, such pairs teach the model to invent
    eras on news and digests."""
    ja = era.apply(ja, en)
    if era.ERA_EN.search(en):
        return ja
    numbers = set(re.findall(r"\d+", en))
    years_lost = any(y not in ja for y in _EN_YEAR.findall(en))
    if years_lost and any(m.group(1) not in numbers for m in _ERA_LEFT.finditer(ja)):
        return None
    return ja


def split_long(en: str, ja: str, limit: int = 300) -> list[tuple[str, str]]:
    """A long pair as sentence pairs when both sides split into the same number of sentences
    (abstracts, d2l paragraphs), instead of losing it to the length filter; else as it is."""
    if len(en) <= limit:
        return [(en, ja)]
    es = [x for x in EN_SENT.split(en) if x.strip()]
    js = [x for x in JA_SENT.split(ja) if x.strip()]
    if len(es) < 2 or len(es) != len(js):
        return [(en, ja)]
    return list(zip(es, js, strict=True))


def keep(en: str, ja: str) -> bool:
    if not en or not ja or en == ja:
        return False
    if not JA_CHAR.search(ja) or JA_CHAR.search(en):
        return False
    le, lj = len(en), len(ja)
    if le < 3 or lj < 2 or le > 500 or lj > 400:
        return False
    ratio = lj / le
    if ratio < 0.12 or ratio > 2.0:
        return False
    letters = sum(c.isalpha() for c in en)
    return letters >= 0.4 * le


def norm_key(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).lower()).strip()


def holdout_keys(shared: Path) -> set[str]:
    keys: set[str] = set()
    for name in ("digest-dev.tsv", "wmt22-general.tsv", "ntrex128.tsv"):
        p = shared / "eval" / name
        if p.exists():
            for line in p.read_text(encoding="utf-8").splitlines():
                keys.add(norm_key(line.split("\t")[0]))
    for split in ("dev", "test"):
        p = shared / "corpus" / "coursera" / f"{split}.en.txt"
        if p.exists():
            keys.update(norm_key(x) for x in p.read_text(encoding="utf-8").splitlines())
    return keys


def build_text(
    shared: Path,
    out: Path,
    seed: int = 13,
    glossary=None,
    rules: bool = True,
    mix: list[tuple[str, float]] | None = None,
    self_pairs: list[tuple[str, str]] | None = None,
    self_weight: int = 2,
) -> dict[str, int]:
    """Write ``out/{train,dev}.{en,ja}`` and the raw dev split; ``self_pairs``: engine-level
    pairs of :mod:`jtrans.train.distill`, added ``self_weight`` times each to the training
    pairs (already protected: they do not go through the filters and rules)."""
    rng = random.Random(seed)
    held = holdout_keys(shared)
    seen: set[str] = set()
    train: list[tuple[str, str]] = []
    dev: list[tuple[str, str]] = []
    stats: dict[str, int] = {}
    raw_dev: list[tuple[str, str]] = []
    for name, weight in MIX if mix is None else mix:
        pairs = []
        raw: list[tuple[str, str]] = []  # the same pairs as written (for the raw dev split)
        for whole_en, whole_ja in read_pairs(shared, name):
            whole_en, whole_ja = " ".join(whole_en.split()), " ".join(whole_ja.split())
            if name in HOUSE_FROM:
                whole_ja = house(whole_ja)
            cleaned = without_era(whole_en, whole_ja)
            if cleaned is None:
                continue
            whole_ja = cleaned
            for en, ja in split_long(whole_en, whole_ja):
                pair = _clean_pair(en, ja, held, seen, glossary, rules)
                if pair is not None:
                    pairs.append(pair)
                    raw.append((en, ja))
        order = list(range(len(pairs)))
        rng.shuffle(order)
        pairs, raw = [pairs[i] for i in order], [raw[i] for i in order]
        if name in DEV_FROM:
            n = DEV_FROM[name]
            dev.extend(pairs[:n])
            if name in DEV_RAW:
                raw_dev.extend(raw[:n])
            pairs = pairs[n:]
        whole, frac = int(weight), weight - int(weight)
        chosen = pairs * whole + pairs[: int(len(pairs) * frac)]
        stats[name] = len(chosen)
        train.extend(chosen)
    if self_pairs:
        stats["self"] = len(self_pairs) * self_weight
        train.extend(list(self_pairs) * self_weight)
    rng.shuffle(train)
    out.mkdir(parents=True, exist_ok=True)
    for split, rows in (("train", train), ("dev", dev)):
        for side, idx in (("en", 0), ("ja", 1)):
            (out / f"{split}.{side}").write_text(
                "".join(r[idx] + "\n" for r in rows), encoding="utf-8"
            )
    (out / DEV_RAW_FILE).write_text(
        "".join(f"{en}\t{ja}\n" for en, ja in raw_dev), encoding="utf-8"
    )
    stats["train"], stats["dev"] = len(train), len(dev)
    return stats


def _clean_pair(
    en: str, ja: str, held: set[str], seen: set[str], glossary, rules: bool
) -> tuple[str, str] | None:
    """One pair filtered, deduplicated and protected as at run time (None when dropped)."""
    if not keep(en, ja):
        return None
    k = norm_key(en)
    if k in held:
        return None
    h = hashlib.md5((k + "\t" + norm_key(ja)).encode()).hexdigest()
    if h in seen:
        return None
    seen.add(h)
    en, ja = protect_pair(en, ja)
    for rule in sentence_rules.ORDER:  # the run-time rules, in the pipeline's order
        if rule == sentence_rules.GLOSSARY:
            if glossary is not None:
                en, ja = glossary_pair(glossary, en, ja)
        elif rules:
            en, ja = rule_pair(sentence_rules.MODULES[rule], en, ja)
    return en, ja


def train_spm(out: Path, vocab_size: int = 16000) -> None:
    import sentencepiece as spm

    # one unique copy of each side for the vocabulary (repeats would skew piece frequencies)
    sample = out / "spm_input.txt"
    lines = set()
    for side in ("en", "ja"):
        lines.update((out / f"train.{side}").read_text(encoding="utf-8").splitlines())
    sample.write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(sample),
        model_prefix=str(out / "spm"),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=0.9995,
        input_sentence_size=600000,
        shuffle_input_sentence=True,
        eos_id=0,
        unk_id=1,
        bos_id=-1,
        pad_id=-1,
        user_defined_symbols=symbols(),
        num_threads=2,
        minloglevel=2,
    )
    sample.unlink()


def encode(out: Path) -> None:
    import numpy as np
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(out / "spm.model"))
    for split in ("train", "dev"):
        arrays = {}
        for side in ("en", "ja"):
            lines = (out / f"{split}.{side}").read_text(encoding="utf-8").splitlines()
            ids = sp.encode(lines)
            lengths = np.array([len(x) for x in ids], dtype=np.int32)
            flat = np.fromiter(
                (t for x in ids for t in x), dtype=np.int16, count=int(lengths.sum())
            )
            arrays[f"{side}_ids"], arrays[f"{side}_len"] = flat, lengths
        np.savez_compressed(out / f"{split}.npz", **arrays)


def write_words(out: Path) -> Path:
    """``out/words.txt``: the ordinary English words of the training sources, which export
    ships with the model for sentence-casing titles (:func:`jtrans.truecase.ordinary_words`)."""
    from jtrans.truecase import WORDS_FILE, ordinary_words

    with (out / "train.en").open(encoding="utf-8") as f:
        words = ordinary_words(f)
    path = out / WORDS_FILE
    path.write_text("".join(w + "\n" for w in words), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=shared_dir())
    ap.add_argument("--out", type=Path, default=Path("work/data"))
    ap.add_argument("--vocab-size", type=int, default=16000)
    ap.add_argument(
        "--mix",
        choices=sorted(MIXES),
        default="default",
        help="corpus weights: default (the main run) or digest (a short in-domain phase after "
        "it, with the same held-out dev pairs)",
    )
    ap.add_argument(
        "--spm",
        type=Path,
        help="reuse this sentencepiece model (e.g. the committed "
        "checkpoint's) instead of training one, so a resumed model keeps its vocabulary",
    )
    ap.add_argument(
        "--no-glossary",
        action="store_true",
        help="do not turn glossary terms into placeholders in the training data",
    )
    ap.add_argument(
        "--no-rules",
        action="store_true",
        help="do not protect dates, percentages/multipliers and coined names as the pipeline "
        "does (data as prepared for the step-3217 checkpoint)",
    )
    ap.add_argument(
        "--skip-spm",
        action="store_true",
        help="keep the existing spm.model in --out (re-encode only)",
    )
    ap.add_argument(
        "--self",
        type=Path,
        dest="self_pairs",
        help="add the self-distillation pairs of this TSV (python -m jtrans.train.distill) to "
        "the training pairs",
    )
    ap.add_argument("--self-weight", type=int, default=2, help="copies of each --self pair")
    args = ap.parse_args(argv)
    if not (args.shared / "corpus").is_dir():
        raise SystemExit(f"prepare: no corpus under {args.shared}")
    glossary = None
    if not args.no_glossary:
        from jtrans.glossary import load

        glossary = load()
    self_pairs = None
    if args.self_pairs:
        if not args.self_pairs.is_file():
            raise SystemExit(f"prepare: no such file: {args.self_pairs}")
        lines = args.self_pairs.read_text(encoding="utf-8").splitlines()
        self_pairs = [(en, ja) for en, _, ja in (line.partition("\t") for line in lines) if ja]
    stats = build_text(
        args.shared,
        args.out,
        glossary=glossary,
        rules=not args.no_rules,
        mix=MIXES[args.mix],
        self_pairs=self_pairs,
        self_weight=args.self_weight,
    )
    print(json.dumps(stats, indent=1))
    write_words(args.out)
    if args.spm:
        shutil.copy(args.spm, args.out / "spm.model")
    elif not args.skip_spm:
        train_spm(args.out, args.vocab_size)
    encode(args.out)
    (args.out / "stats.json").write_text(json.dumps(stats, indent=1), encoding="utf-8")
    print("prepared", args.out)


if __name__ == "__main__":
    main()
