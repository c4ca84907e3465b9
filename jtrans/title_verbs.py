"""A title's opening verb (Auditing, Mitigating, Rethinking) rendered as a Japanese noun.

A paper title that opens with a verb in -ing is an action on what follows; Japanese digests
write it as a noun phrase, ``XのY`` (``Mitigating Hallucination in LLMs`` →
``LLMにおけるハルシネーションの緩和``). The small model mistranslated such verbs (in
../shared/digests: Auditing → 補足 and 変換, Rethinking → 減少, Demystifying → 構造, Advancing →
活用, Eliciting → 適用, Revisiting → 修正). So the verb is
taken off before decoding (:func:`split`: only a verb of :data:`NOUNS`, in a Title Case title
of one phrase) and its noun joined after the translation of the rest (:func:`attach`).

A title "X Meets Y" is written ``XとYの融合`` the same way (the rest decoded is ``X and Y``): the
model read the verb as 満たす or 指標 (``Retrieval meets Long Context LLMs`` →
検索が長コンテキストLLMを満たしています, ``Long-Context LLMs Meet RAG`` →
長コンテキストのLLM指標RAG).

A title "X Is Not Enough" (or "… Not All You Need") is ``Xだけでは不十分`` (the rest decoded is
``X``): the model wrote ``Agents Are Not Enough`` as エージェントが不十分ではない, a double
negation that says the opposite, and ``Scaling Is Not Enough`` as スケーリングが確実ではない.

A title "On X" is ``Xについて`` (``On the Overthinking of LLMs``: the model wrote …では and
…で for "On"); "On" before a verb in -ing (``On Bringing Robots Home``) is left to the model.

Left to the model: verbs that are also nouns or adjectives in titles (Reasoning Models, Scaling
Laws, Thinking Machines, Learning to …), a verb with an infinitive or "into" after its object
(Training LLMs to Reason; Distilling Reasoning into Small Models, which the model wrote as
…に蒸留します), titles with a colon, ``?`` or ``!`` (two phrases) and titles that are a
sentence (Optimizing Data Mixtures Speeds Up Pretraining).
"""

from __future__ import annotations

import re

from jtrans.placeholders import strip
from jtrans.postprocess.chars import HIRAGANA
from jtrans.truecase import is_title

# the verb → the noun a Japanese digest titles the action with
NOUNS: dict[str, str] = {
    "Accelerating": "高速化", "Advancing": "進展", "Aligning": "アライメント", "Analysing": "分析",
    "Analyzing": "分析", "Assessing": "評価", "Attacking": "攻撃", "Auditing": "監査",
    "Augmenting": "拡張", "Automating": "自動化", "Benchmarking": "ベンチマーク評価",
    "Boosting": "向上", "Building": "構築", "Characterizing": "特徴付け", "Compressing": "圧縮",
    "Demystifying": "解明", "Designing": "設計", "Detecting": "検出", "Discovering": "発見",
    "Distilling": "蒸留", "Eliciting": "引き出し", "Enhancing": "強化", "Evaluating": "評価",
    "Explaining": "説明", "Exploring": "探求", "Extending": "拡張", "Extracting": "抽出",
    "Forecasting": "予測", "Improving": "改善", "Interpreting": "解釈", "Investigating": "調査",
    "Jailbreaking": "ジェイルブレイク", "Measuring": "測定", "Mitigating": "緩和",
    "Monitoring": "監視", "Optimizing": "最適化", "Predicting": "予測", "Quantifying": "定量化",
    "Redefining": "再定義", "Reducing": "削減", "Rethinking": "再考", "Revisiting": "再考",
    "Simplifying": "簡素化", "Stealing": "窃取", "Steering": "ステアリング",
    "Synthesizing": "合成", "Tracing": "追跡", "Training": "学習", "Understanding": "理解",
    "Unifying": "統合",
}  # fmt: skip
_VERB_RE = re.compile(r"(?P<verb>[A-Z][a-z]+ing) (?P<rest>(?:[A-Z0-9]|\u27e6\d+\u27e7)\S*.*)")
# "X Meets Y" (one phrase each side) → "X and Y", then の融合
_MEETS_RE = re.compile(r"(?P<x>\S.*?) (?:[Mm]eets?) (?P<y>\S.*)")
MEETS_NOUN = "融合"
# "On X": a title about X (not "On Bringing …", a gerund)
_ON_RE = re.compile(r"On (?:the |(?![A-Za-z]+ing\b))(?P<rest>(?:[A-Z0-9]|\u27e6\d+\u27e7)\S*.*)")
ABOUT = "について"
# "X Is Not Enough", "X Are Not All You Need": X (one phrase, no clause) is not sufficient
_NOT_ENOUGH_RE = re.compile(
    r"(?P<x>\S.*?) (?:[Ii]s|[Aa]re) [Nn]ot (?:[Ee]nough|[Aa]ll [Yy]ou [Nn]eed)(?P<stop>\.)?"
)
NOT_ENOUGH = "だけでは不十分"
_NAMED_START_RE = re.compile(r"[A-Z0-9]|\u27e6\d+\u27e7")
_CLAUSE_RE = re.compile(r"\b(?i:that|which|who|when|where|how|what|it|this)\b")
# a rest that is no object: "Searching for …", "Scaling up …" (lower case: excluded above)
_PREPOSITION_RE = re.compile(r"(?:For|In|On|With|To|From|Of|As|Through|Via|By|At|Into)\b")
_TWO_PHRASES_RE = re.compile(r"[:?!;]|\b(?:to|To|into|Into)\b")
# a title that is a sentence, its verb opening the subject ("Optimizing Data Mixtures Speeds Up
# Language Model Pretraining")
_SENTENCE_VERB_RE = re.compile(
    r"\b(?:Is|Are|Was|Can|Could|Does|Do|Helps?|Makes?|Improves|Boosts|Enables|Speeds|Outperforms"
    r"|Matters|Works|Yields|Leads|Beats|Reduces|Increases|Needs|Requires|Scales|Generalizes)\b"
)
# the rest's translation ends in a noun (not a verb or particle: 推論を…にします)
_NOUN_END_RE = re.compile(rf"[^{HIRAGANA}\s、。，．！？」』]\Z")


def split(sent: str) -> tuple[str, str] | None:
    """``(rest, noun)`` when the engine input ``sent`` is a title that opens with a verb of
    :data:`NOUNS` (``Auditing ⟦0⟧ for Hidden Objectives`` → ``⟦0⟧ for Hidden Objectives``,
    ``監査``), reads "X Meets Y" (``X and Y``, ``融合``), "X Is Not Enough" (``X``,
    ``だけでは不十分``) or "On X" (``X``, ``について``); None otherwise."""
    meets = _MEETS_RE.fullmatch(sent.strip())
    if meets and not _TWO_PHRASES_RE.search(strip(sent, " ")):
        x, y = meets.group("x"), meets.group("y")
        named = all(_NAMED_START_RE.match(side) for side in (x, y))  # Vision meets ⟦0⟧
        named = named and not _CLAUSE_RE.search(x)  # not "Methods That Meet Demand"
        if named and (is_title(sent) or len(sent.split()) <= 4):
            if not _SENTENCE_VERB_RE.search(strip(f"{x} {y}", " ")) and " meet" not in y.lower():
                return f"{x} and {y}", MEETS_NOUN
    enough = _NOT_ENOUGH_RE.fullmatch(sent.strip())
    if enough and _NAMED_START_RE.match(enough.group("x")):
        x = enough.group("x")
        if not _CLAUSE_RE.search(x) and not _TWO_PHRASES_RE.search(strip(x, " ")):
            if len(x.split()) <= 6 and not _SENTENCE_VERB_RE.search(strip(x, " ")):
                return x + (enough.group("stop") or ""), NOT_ENOUGH  # a sentence keeps its stop
    on = _ON_RE.fullmatch(sent.strip())
    # a short one that is no clause either (On the … of o1-like LLMs; not "On X, Y reaches 76%")
    short = len(sent.split()) <= 10 and not sent.rstrip().endswith(".") and "," not in sent
    if on and (is_title(sent) or short) and not _TWO_PHRASES_RE.search(strip(sent, " ")):
        if not _SENTENCE_VERB_RE.search(strip(on.group("rest"), " ")):
            return on.group("rest"), ABOUT
    m = _VERB_RE.fullmatch(sent.strip())
    if m is None or m.group("verb") not in NOUNS or not is_title(sent):
        return None
    rest = m.group("rest")
    plain = strip(rest, " ")
    if _PREPOSITION_RE.match(rest) or _TWO_PHRASES_RE.search(plain):
        return None
    if _SENTENCE_VERB_RE.search(plain):
        return None
    return rest, NOUNS[m.group("verb")]


def attach(text: str, noun: str) -> str:
    """The title: the translation ``text`` of the rest, then ``の`` and ``noun``
    (``隠れた目的のためのLLMの監査``); where the translation does not end in a noun, the noun
    leads (``監査: …を監査します``); where it has the noun already, it stands."""
    body = text.rstrip().rstrip("。.")
    if noun in (ABOUT, NOT_ENOUGH):  # after a noun; else the rest's translation as it is
        stop = "。" if text.rstrip().endswith(("。", ".")) else ""
        return f"{body}{noun}{stop}" if _NOUN_END_RE.search(body) and noun not in body else text
    if noun in body:  # the model wrote it after all
        return text
    if not body:
        return noun
    if _NOUN_END_RE.search(body):
        return f"{body}の{noun}"
    return f"{noun}: {body}"
