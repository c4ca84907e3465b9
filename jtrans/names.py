"""Coined names → placeholders: paper, model and benchmark names the glossary cannot know.

Every digest week introduces names (``BudgetVerify``, ``LongMix``, ``WebArena``, ``Qwen2.5-7B``,
``GSM8K``, ``RULER``) and sizes (``128K``, ``1.5B``). A small model "translates" them into
unrelated Japanese words (``LongMix`` became 小規模) or stutters on them (``128KBB``), while a
Japanese digest keeps them exactly as written. So, after the glossary has taken the terms it
knows, what is left of these shapes is kept verbatim behind a placeholder:

- inner capitals: ``LongMix``, ``WebArena``, ``DeepSeek``, ``vLLM`` (a capital after a lower-case
  letter inside one word), with a slashed part (``AgentA/B``: the model wrote エージェントA/B);
- a method named in capitals around "of" (``Chain-of-Verification``,
  ``Chain-of-Associated-Thoughts``: the model wrote chain-of-検証 and チェーンオブディストリ
  ビューション); those the glossary knows (``Chain-of-Thought``) are its terms, and English
  compounds (``Out-of-Distribution``, ``Proof-of-Concept``) are left to the model;
- capitals with digits or several capitals: ``GSM8K``, ``Qwen2.5-7B``, ``GPT-4o-mini``,
  ``Llama-3.2-1B``, ``RULER``, ``AWQ``, ``TÜLU`` (hyphenated parts are taken along when they
  hold a digit or a capital, or are a size word such as ``mini``/``instruct``; ``RLHF-trained``
  is left to the model as a whole);
- model sizes and context lengths: ``7B``, ``1.5B``, ``128K``, ``16k``, ``turbo-16k`` (the model
  wrote ``tur-16k``), and a mixture's ``8x22B``
  (``**Mixtral 8x22B**`` came back as ``Mixtral 8x22Bは``);
- a tier word after such a name: ``ScreenSpot Pro``, ``DBRX Instruct``, ``Qwen2.5 Max`` (the
  model copied ``Pro.`` and ``Pro and MMLU`` as English); after an acronym only a model tier
  (``MMLU Pro``, not ``CNN Max pooling``); after a name the glossary keeps too (``LLaMA Pro``:
  the model wrote LLaMAプロジェクト), and a capitalised part hyphenated to one (``GNN-RAG``: the
  model wrote GNN-XML), also after a joining word (``SFT-then-RL``: SFT-thja-RL);
- a Greek letter hyphenated to a name: ``PanGu-Σ``, ``β-VAE`` (the model wrote ``PanGu--1``), or
  with a number (``α1``);
- the capitalised expansion of an acronym defined beside it: ``Diagram of Thought (DoT)``,
  ``Algorithm-of-Thoughts (AoT+)``,
  ``Optimization by PROmpting (OPRO)`` (Japanese digests keep them in English; the model wrote
  思考の対話), also where the glossary keeps the acronym (``American Invitational Mathematics
  Examination (AIME)``: the model wrote アメリカの招待的マリゼーション), and before the glossary
  takes a word of one (``Self-Challenging Agent (SCA)`` came back as 自己Challengingエージェント;
  an expansion the glossary knows whole, ``Chain-of-Thought (CoT)``, is still its term), and
  after it (``GRPO (Group Relative Policy Optimization)``: the model wrote Group Relative
  方策最適化 once the glossary had taken two of its words);
- a metric at a cut-off: ``pass@1``, ``pass@k``, ``maj@32``, ``Recall@10`` (the model wrote
  ``パス@1``);
- one lower-case letter and a version: ``o1``, ``o1-preview``, ``o3-mini``, ``k1.5``, ``s1K``
  (the model wrote ``o1-プレビュー`` and ``ス1K``); ``o1-like`` and a bare ``v2`` are left to
  the model;
- a capitalised word hyphenated to a coined name or acronym: ``Quiet-STaR``, ``Self-MoA``,
  ``Med-PaLM``, ``Discuss-RAG``, ``Search-R1`` (the model wrote ``Qiet-STaR``, ``検索-R1``);
- an organisation after "researchers from" / "a team at" (``Sesame``, ``Johns Hopkins``,
  ``Tsinghua University``: the model wrote セラム for Sesame), and a name as it is introduced
  (``presents Vizier, an algorithm``: the model wrote ベスト; also ``Proposes Alita, a …``,
  ``release CodeScientist, a …`` and ``how Muon, a …``, which lost the name; ``a method called
  Retrieval Interleaved Generation``);
- capitalised words in quotes (``“Thought Assessor”``, ``“Seeking Support”``: the model wrote
  Thimt Assessor and dropped the other);
- the one word before the colon of a title in title case (``Tracr: Compiled Transformers as a
  Laboratory…``, ``Chameleon: Plug-and-Play…``: the model wrote トレーサー and 課題); all 62
  such titles of ../shared/digests are names;
- a title of two to four capitalised words that the item repeats (``**Astute RAG** - … Astute
  RAG adaptively elicits …``: the model wrote RAGの準備; ``Agent Laboratory``: エージェント);
- a name, version and size written apart (``Llama 3 8B``, ``Gemma 2 9B``: the model wrote
  ``Llama 38B`` and ``Gemma 2つの9B``), a version and tier (``Gemini 1.5 Flash``, ``1.0 Ultra``:
  the model wrote ``Gemini 1.5 256``), and capitalised words before a ``v`` version
  (``Common Pile v0.1``: the model wrote よくあるPile; ``Something-Something v2``, also
  hyphenated: SOmething-Something).

Ordinary capitalised words (``The``, ``Transformer``) and words joined to lower-case English by a
hyphen are left to the model.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from jtrans.placeholders import MAX_PLACEHOLDERS, PLACEHOLDER_RE, make, substitute
from jtrans.postprocess.chars import HIRAGANA, JA_CHAR_RE, NOT_A_NOUN, is_latin
from jtrans.quantities import is_amount

_SUFFIX = r"(?:mini|nano|tiny|small|medium|base|large|instruct|chat|turbo|pro|preview|flash|lite)"
# capitals with an accent: TÜLU 3 (the model wrote T-1LU 3)
_LATIN1_UPPER = "\u00c0-\u00d6\u00d8-\u00de"
_GREEK = "\u0391-\u03a9\u03b1-\u03c9"  # PanGu-Σ, β-VAE (the model wrote PanGu--1)
_PART = (
    r"(?:-(?:(?=[A-Za-z0-9.]*[A-Z0-9])[A-Za-z0-9]+(?:\.[0-9]+)*|" + _SUFFIX + r"(?![A-Za-z])"
    rf"|[{_GREEK}][A-Za-z0-9]*))"
)
# the tier after a model's version (the model wrote Gemini 1.5 256 and Gemini 1.0プロジェクト)
_TIER = r"(?:Flash|Pro|Ultra|Turbo|Sonnet|Opus|Haiku|Nano|Mini|Instruct|Vision|Lite|Max|Plus)"
# a tier word after a coined name is part of it (ScreenSpot Pro, DBRX Instruct: the model
# copied "Pro." and "Pro and MMLU" as English)
_NAME_END = r"(?![\w⟦@/-]|\.[A-Za-z0-9])"  # where a name stops (not inside a word or path)
_WITH_TIER = r"(?: (?:" + _TIER + r"|Large|Medium|Small)" + _NAME_END + r")?"
# after an acronym only a model tier: "CNN Max pooling" and "AWQ Small models" are prose
_ACRONYM_TIER = r"(?: (?:Pro|Instruct|Lite|Turbo|Mini|Flash|Ultra|Vision|Nano)" + _NAME_END + r")?"
_STOP = r"(?!(?:The|A|An|This|That|Our|We|In|On|For|With|And|Or|By|From|To|Of)\b)"
NAME_RE = re.compile(
    r"(?<![\w⟧./@#$%&=-])"
    r"(?:"
    r"[A-Z][a-z]+ [0-9]+(?:\.[0-9]+)? [0-9]+(?:\.[0-9]+)?[KMBT]"  # Llama 3 8B, Llama 3.1 405B
    # Gemini 1.5 Flash, Claude 3 Sonnet, or the version and tier after a glossary name
    r"|(?:" + _STOP + r"[A-Z][A-Za-z]+ )?[0-9]{1,2}(?:\.[0-9]+)? " + _TIER + r"(?![A-Za-z])"
    r"|(?:"
    + _STOP
    + r"[A-Z][a-z]+ ){0,2}"
    + _STOP  # Common Pile v0.1, Comma v0.1-1T, Something-Something v2 (SOmething-Something)
    + r"[A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)* v[0-9]+(?:\.[0-9]+)*"
    + _PART
    + r"*"
    r"|"
    r"[A-Za-z]*[a-z][A-Z][A-Za-z0-9]*(?:\.[0-9]+)*(?:/[A-Z][A-Za-z0-9]*)?"
    + _PART
    + r"*"
    + _WITH_TIER  # LongMix, vLLM, AgentA/B (the model wrote エージェントA/B)
    + r"|[A-Z][A-Za-z]*[0-9][A-Za-z0-9]*(?:\.[0-9]+[A-Za-z0-9]*)*"  # GSM8K, Qwen2.5
    + _PART
    + r"*"
    + _WITH_TIER
    + r"|[A-Z"
    + _LATIN1_UPPER
    + r"]{2,}[A-Za-z0-9"
    + _LATIN1_UPPER
    + r"]*"  # TÜLU too
    + _PART
    + r"*"
    + _ACRONYM_TIER  # RULER, GPT-4o-mini, AWQ
    + r"|[A-Z][a-z]+(?=-[0-9])"
    + _PART
    + r"+"  # Llama-3.2-1B, Phi-3
    + r"|[A-Z][a-z]+(?=-(?:[A-Z]{2}|[A-Z][0-9]|[A-Za-z]*[a-z][A-Z]))"
    + _PART
    + r"+"  # Quiet-STaR, Self-MoA, Med-PaLM, Search-R1 (the model wrote Qiet-STaR, 検索-R1)
    r"|(?!v[0-9])[a-z][0-9]+(?:\.[0-9]+)?[KMB]?" + _PART + r"*"  # o1-preview, k1.5, s1K; not v2
    r"|(?:[0-9]+x)?[0-9]+(?:\.[0-9]+)?(?:[KMBT]|k(?=[\s,.;:)]|$))"  # 7B, 1.5B, 128K, 8x22B, 16k
    r"|[a-z]+-[0-9]+(?:\.[0-9]+)?[kKMB]"  # turbo-16k (the model wrote tur-16k)
    r"|[A-Za-z]+@(?:[0-9]+|k)"  # pass@1, maj@32, Recall@10 (the model wrote パス@1)
    rf"|[{_GREEK}]+-[A-Za-z0-9]+" + _PART + r"*"  # β-VAE, α-Geometry
    rf"|[{_GREEK}][0-9]+(?:\.[0-9]+)?"  # α1 (the model wrote 普遍的フレームワーク for it)
    # a method named "X-of-Y" in capitals that the glossary does not know (the model wrote
    # chain-of-検証 for Chain-of-Verification), not an English compound (Out-of-Distribution)
    r"|(?!(?:Out|Proof|Bag|Point|Line|State|End|Time|Quality|Rule|Right|Sense|Cost)-)"
    r"[A-Z][a-z]+-of-[A-Z][a-z]+(?:-[A-Z][a-z]+)*"
    # a capitalised word with a possessive inside a sentence: a person or company (the model
    # wrote Srassen for Strassen's, Erd if for Erdős's)
    r"|(?<=[a-z,;] )[A-Z][^\W\d_]+(?=[’']s\b)"
    r")" + _NAME_END
)


# an organisation the glossary does not know, after "researchers from" (the model wrote セラム
# and 分離 for Sesame): capitalised words, "of" between them. "researchers" itself is a
# glossary term, so a placeholder before "from" counts too (data from Wikipedia: a name too),
# but not a table or figure (results from Table 2)
_ORG_CONTEXT_RE = re.compile(
    r"(?:\b(?:[Rr]esearchers|[Tt]eams?|[Ee]ngineers|[Ss]cientists|[Aa]uthors)|\u27e6\d+\u27e7)"
    r" (?:from|at) (?:the )?"
    r"(?!(?:The|A|An|This|These|Our|Table|Tables|Figure|Fig|Section|Appendix|Eq)\b)(?P<org>[A-Z])"
)
# more organisations: "from the National University of Singapore and the Chinese Academy of
# Sciences" (the model wrote 中国学科学学部), "from Tsinghua University, Nanyang Technological
# University, and ShengShu" (難解技術大学)
_AND_ORG_RE = re.compile(
    r"(?:,? and |, )(?:[Tt]he )?(?=[A-Z])(?!(?:The|A|An|This|These|Our|Table)\b)"
)  # "and The Chinese University of Hong Kong" (the model wrote Hong Kongの中国大型研究者)
_ORG_RE = re.compile(
    r"[A-Z][A-Za-z&-]*[A-Za-z](?: (?:of )?[A-Z][A-Za-z&-]*[A-Za-z]){0,3}" + _NAME_END
)
# a name as it is introduced: "presents Vizier, an algorithm" (the model wrote ベスト), "a
# method called Retrieval Interleaved Generation": capitalised words, at most four
_TITLE_WORDS = (
    r"[A-Z][A-Za-z0-9'.+-]*[A-Za-z0-9](?: [A-Z][A-Za-z0-9'.+-]*[A-Za-z0-9]){0,3}"
    r"(?: [0-9]+(?:\.[0-9]+)*(?![\w.]))?"  # and a version: introduces V-JEPA 2, a … (the 2 lost)
)
_INTRODUCED_RES = (
    re.compile(
        # also opening a sentence ("Proposes Alita, a generalist agent framework": the model
        # dropped Alita), in the plural ("Researchers at AI2 release CodeScientist, a system")
        # and after "how" ("Discusses how Muon, a simple second-order optimizer, outperforms":
        # Muon dropped)
        r"\b(?:[Pp]resents?|[Ii]ntroduces?|[Pp]roposes?|[Rr]eleases?|[Oo]pen-sources?"
        r"|[Uu]nveils?|[Ll]aunch(?:es)?|[Aa]nnounce[sd]?|how) "
        + _STOP
        # "…, a method", or what it does: "proposes Self-Route, leveraging self-reflection" (the
        # model wrote Self-Rorans); an expansion may come between: "presents Coconut (Chain
        # of Continuous Thought), a novel paradigm" (the model wrote 現在)
        + rf"(?P<name>{_TITLE_WORDS})"
        + r"(?=(?: \([^()]{1,80}\))?(?:, (?:an?|the|which) |, [a-z]+ing ))"
    ),
    re.compile(r"\b(?:called|named|dubbed) " + _STOP + rf"(?P<name>{_TITLE_WORDS})" + _NAME_END),
)


def introduced(text: str) -> list[str]:
    """The names ``text`` introduces ("presents Vizier, an algorithm", "a method called …"),
    longest first, at most :data:`MAX_KNOWN`. A digest item's title repeats them (``Vizier
    Gaussian Process Bandit Algorithm``, which came back as ベストガウス過程…), where nothing
    says they are names."""
    found = {m.group("name") for pattern in _INTRODUCED_RES for m in pattern.finditer(text)}
    return sorted(found, key=lambda name: (-len(name), name))[:MAX_KNOWN]


def defined(text: str) -> list[str]:
    """The capitalised expansions of the acronyms ``text`` defines (``Self-Challenging Agent
    (SCA)``), to be kept before the glossary takes a word of one (the model wrote 自己Challenging
    エージェント once the glossary had taken Agent); the caller leaves out those the glossary
    knows whole (``Chain-of-Thought (CoT)`` stays 思考の連鎖)."""
    return sorted({m.group(0) for m in _expansions(text, 0, len(text))})


def organisations(text: str) -> list[str]:
    """The organisations after "researchers from", "a team at" …, to be kept before the
    glossary takes a word of one ("A team at ByteDance AI Lab unveiled …" came back as AI Lab
    unveiled OmniHuman-1のByteDance once the glossary had taken AI)."""
    return sorted({m.group(0) for m in _organisation_matches(text)})


def _organisation_matches(text: str) -> Iterator[re.Match[str]]:
    """The organisations after "researchers from", "a team at" …, and those listed after each
    (joined by "and" or commas)."""
    for context in _ORG_CONTEXT_RE.finditer(text):
        org = _ORG_RE.match(text, context.start("org"))
        while org:
            yield org
            more = _AND_ORG_RE.match(text, org.end())
            org = _ORG_RE.match(text, more.end()) if more else None


# a coined name in quotes: capitalised words, short joining words between ("Combines multiple
# “Thought Generators” with a “Thought Assessor”": the model wrote Thimt Assessor; "“Pet Name,”
# “Seeking Support”": the second was dropped); one word in quotes ("Thinking") is left to it
_QUOTED_WORD = r"[A-Z][A-Za-z0-9'+-]*[A-Za-z0-9]"
_QUOTED_RE = re.compile(
    r"(?:“|(?<![^\s(])\")(?P<name>"
    + _QUOTED_WORD
    + r"(?: (?:(?:of|and|for|the|in|on|to|a|an|with|by|as|is) )?"
    + _QUOTED_WORD
    + r"){1,5})(?=[,.]?[”\"])"
)


def quoted(text: str) -> list[str]:
    """The names in quotes in ``text`` (``“Thought Assessor”``), to be kept as written before
    the glossary takes a word of one."""
    return sorted({m.group("name") for m in _QUOTED_RE.finditer(text)})


def leads(pieces: list[str]) -> list[str]:
    """The title lead words of ``pieces`` (``Syntriever: Training Retrievers…``), to be kept
    in the rest of the unit too ("Syntriever presents a two-stage framework" came back as
    構文は…)."""
    return sorted({m.group(0) for m in map(_title_lead, pieces) if m})


_TITLE_PHRASE_RE = re.compile(_TITLE_WORDS)


def repeated_titles(pieces: list[str]) -> list[str]:
    """The pieces of a unit that are a title of two to four capitalised words which the rest
    of the unit repeats as written: a digest item named after its method (``**Astute RAG** -
    proposes … Astute RAG adaptively elicits …`` came back as RAGの準備 and RAGは; ``Agent
    Laboratory`` as エージェント and エージェントLaboratory). A title the text does not repeat
    (``Leave No Context Behind``) is left to the model."""
    found = []
    for i, piece in enumerate(pieces):
        title = piece.strip()
        if " " not in title or not _TITLE_PHRASE_RE.fullmatch(title):
            continue
        rest = " ".join(pieces[:i] + pieces[i + 1 :])
        if re.search(rf"(?<![\w-]){re.escape(title)}(?![\w-])", rest):
            found.append(title)
    return found


MAX_KNOWN = 16  # names per unit (a digest item introduces one to three): bounds the pattern


def known_pattern(known: list[str]) -> re.Pattern[str] | None:
    """One pattern for the ``known`` names as whole words, also in the plural (the title "Inner
    Thinking Transformers" of an item defining "Inner Thinking Transformer (ITT)" came back as
    ナーの思考はTransformer); None when there are none."""
    if not known:
        return None
    return re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, known))})s?{_NAME_END}")


def protect_known(
    text: str, next_index: int, known: re.Pattern[str] | None, limit: int = MAX_PLACEHOLDERS
) -> tuple[str, dict[int, str]]:
    """Replace each occurrence of a name of ``known`` (:func:`known_pattern` of the names the
    whole unit introduces) by a placeholder numbered from ``next_index``; the pipeline runs it
    before the glossary, so that a term inside a name (``Meta Agent Search``) stays part of it."""
    if known is None:
        return text, {}
    return substitute(known, lambda m: m.group(0), text, next_index, limit)


# an acronym defined in parentheses after its expansion: Diagram of Thought (DoT), and one with
# a plus (Algorithm-of-Thoughts (AoT+): the model wrote アルゴリズム・オファット)
_DEFINED_RE = re.compile(
    r"(?<=[A-Za-z]) ?\((?=[A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*[A-Z])[A-Za-z0-9-]+\+?s?\)"
)
# an acronym followed by its capitalised expansion in brackets (two words or more)
_DEFINED_AFTER_RE = re.compile(
    r"(?<![\w-])(?P<acronym>(?=[A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*[A-Z])[A-Za-z0-9-]+?)s? \("
    r"(?P<words>[A-Z][A-Za-z'-]*(?:(?: |-)[A-Za-z][A-Za-z'-]*){1,8})\)"
)
_WORDS_BEFORE_RE = re.compile(r"(?:[A-Za-z][A-Za-z'-]* +)*[A-Za-z][A-Za-z'-]*\Z")
_FUNCTION_WORDS = frozenset({"of", "for", "by", "to", "the", "and", "in", "with", "on", "via"})
_SPAN_RE = re.compile(r".+", re.S)


def _expansions(text: str, pos: int, end: int) -> list[re.Match[str]]:
    """The capitalised expansions of the acronyms defined in ``text[pos:end]``: words whose
    capitals spell the acronym, function words between them (``Diagram of Thought (DoT)``,
    ``Optimization by PROmpting (OPRO)``). A Japanese digest keeps a coined method's name in
    English beside its acronym (``Chain-of-Noting (CoN)``, ``Retrieval-Enhanced Transformer
    (RETRO)`` in ../shared/seeds); the model wrote 思考の対話 and 不規則 for Diagram of Thought.
    Terms the glossary knows (``supervised fine-tuning (SFT)``) are placeholders by now."""
    found = []
    for m in _DEFINED_RE.finditer(text, pos, end):
        span = _expansion(text, pos, m.start(), m.group(0))
        if span:
            found.append(span)
    # the other way round: "GRPO (Group Relative Policy Optimization)" came back as GRPO (Group
    # Relative方策最適化) once the glossary had taken its last two words
    for m in _DEFINED_AFTER_RE.finditer(text, pos, end):
        words = [w for w in re.split(r"[ -]", m.group("words")) if w.lower() not in _FUNCTION_WORDS]
        capitals = [c for word in words for c in word if c.isupper()]
        if capitals == [c for c in m.group("acronym") if c.isupper()]:
            span = _SPAN_RE.match(text, m.start("words"), m.end("words"))
            if span:
                found.append(span)
    return found


def _expansion(text: str, pos: int, at: int, acronym: str) -> re.Match[str] | None:
    """The words of ``text[pos:at]`` that end at ``at`` and whose capitals spell
    ``acronym``'s (two words or more), or None."""
    # an expansion is a few words: looking back 200 characters bounds the work per acronym
    words_m = _WORDS_BEFORE_RE.search(text, max(pos, at - 200), at)
    if not words_m:
        return None
    need = [c for c in acronym if c.isupper()]
    words = words_m.group(0).split(" ")
    offsets, offset = [], words_m.start()
    for word in words:
        offsets.append(offset)
        offset += len(word) + 1
    start = None
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if word.lower() in _FUNCTION_WORDS and start is not None and need:
            continue
        capitals = [c for c in word if c.isupper()]
        if not capitals or capitals != need[len(need) - len(capitals) :]:
            break
        need = need[: len(need) - len(capitals)]
        start = offsets[i]
        if not need:
            break
    if start is not None and not need and re.search("[ -]", text[start : words_m.end()]):
        return _SPAN_RE.match(text, start, words_m.end())
    return None


# an acronym the glossary has taken: the expansion before "(⟦k⟧)" is found by its letters
_ACRONYM_VALUE_RE = re.compile(r"(?=[A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*[A-Z])[A-Za-z0-9-]+s?")
_OPEN_BEFORE_RE = re.compile(r" ?\(\Z")


def _defined_by_placeholder(
    text: str, pos: int, ph: re.Match[str], restore: Mapping[int, str]
) -> re.Match[str] | None:
    """The expansion before ``(⟦k⟧)`` (``ph``) where ``⟦k⟧`` stands for an acronym: the
    glossary keeps ``AIME``, and the model wrote アメリカの招待的マリゼーション for the American
    Invitational Mathematics Examination before it."""
    acronym = restore.get(int(ph.group(1)), "")
    if not text.startswith(")", ph.end()) or not _ACRONYM_VALUE_RE.fullmatch(acronym):
        return None
    open_m = _OPEN_BEFORE_RE.search(text, max(pos, ph.start() - 2), ph.start())
    return _expansion(text, pos, open_m.start(), acronym) if open_m else None


# a title's lead word before its colon: "**Tracr: Compiled Transformers as a Laboratory for
# Interpretability**" (the model wrote トレーサー; Chameleon came back as 課題): in a digest's
# "X: Title Case" title the one word before the colon is the paper's name
_TITLE_LEAD_RE = re.compile(r"[A-Z][A-Za-z0-9+]*(?:-[A-Za-z0-9+]+)*(?=: \S)")
_TITLE_PREFIX_RE = re.compile(r"[\s|()\d.⟦⟧#*>-]*")
_TITLE_WORD_RE = re.compile(r"[A-Za-z][a-z]{3,}")
_NOT_A_TITLE_NAME = frozenset(
    """note example update summary abstract overview background introduction conclusion
    warning tip key part step chapter section paper code link links tweet result results
    method methods source title authors motivation idea problem solution contribution
    contributions finding findings insight insights limitation limitations takeaway takeaways
    highlights bonus disclaimer edit important definition theorem proof lemma input output
    prompt response user assistant system human today why how what when where who which
    survey review tutorial position case report""".split()
)


def _title_lead(text: str) -> re.Match[str] | None:
    """The one word before the colon that starts a title in title case, or None."""
    prefix = _TITLE_PREFIX_RE.match(text)
    m = _TITLE_LEAD_RE.match(text, prefix.end() if prefix else 0)
    if not m or len(m.group(0)) < 3 or m.group(0).lower() in _NOT_A_TITLE_NAME:
        return None
    gap = text.find("  ", m.end())  # "N) Title  Description" (newer weeks): the title only
    words = _TITLE_WORD_RE.findall(text, m.end(), gap if gap >= 0 else len(text))
    capitalised = sum(w[0].isupper() for w in words)
    return m if len(words) >= 2 and capitalised >= 0.6 * len(words) else None


# a tier word after a name the glossary keeps: LLaMA Pro (the model wrote LLaMAプロジェクト)
_TIER_WORD_RE = re.compile(r"(?:" + _TIER + r")" + _NAME_END)


# a version after a name the glossary keeps without one: "outperforming GPT-4 by 31%, Claude
# 3.5 by 11%" (the model wrote Claude 3.5×11%); not an amount (Claude 2 times, 3%)
_VERSION_RE = re.compile(
    r"[0-9]{1,2}(?:\.[0-9]+)?(?![\w%×⟦@/-]|\.[0-9A-Za-z])(?! (?:times|points?|pts|percent|fold)\b)"
)
# a capitalised part hyphenated to a name the glossary took: GNN-RAG (the model wrote GNN-XML),
# also after a joining word: SFT-then-RL, SFT-to-RL (a real week's came back as SFT-thja-RL)
_HYPHEN_PART_RE = re.compile(
    r"(?<=-)(?:(?:then|to|and|or|vs|via)-)?[A-Z][A-Za-z0-9]*(?:\.[0-9]+)*" + _NAME_END
)


def is_latin_text(value: str) -> bool:
    """Whether a placeholder's ``value`` is Latin text (a name or a term kept in English, or a
    size range such as ``800M～8B``), not Japanese."""
    return any(c.isalpha() and is_latin(c) for c in value) and not JA_CHAR_RE.search(value)


def _tier_after(
    text: str, pos: int, end: int, ph: re.Match[str] | None, restore: Mapping[int, str] | None
) -> re.Match[str] | None:
    """The tier word (``Pro``, ``Instruct``, ``Flash`` …) or the version (``⟦0⟧ 3.5``, where
    the name has none) right after placeholder ``ph``, or the capitalised part hyphenated to
    it (``⟦0⟧-RAG``), where ``ph`` stands for a Latin name; or None."""
    if ph is None or not restore or not text.startswith((" ", "-"), pos):
        return None
    value = restore.get(int(ph.group(1)), "")
    if not is_latin_text(value):
        return None
    if text.startswith("-", pos):
        return _HYPHEN_PART_RE.match(text, pos + 1, end)
    tier = _TIER_WORD_RE.match(text, pos + 1, end)
    if tier or any(c.isdigit() for c in value):
        return tier
    return _VERSION_RE.match(text, pos + 1, end)


def find(text: str, restore: Mapping[int, str] | None = None) -> list[re.Match[str]]:
    """The coined names in ``text`` (outside existing placeholders; ``restore``: what the
    placeholders already in it stand for: an acronym's expansion before one, a tier word
    after a name)."""
    orgs: list[re.Match[str] | None] = list(_organisation_matches(text))
    orgs += [
        _SPAN_RE.match(text, m.start("name"), m.end("name"))
        for pattern in _INTRODUCED_RES
        for m in pattern.finditer(text)
    ]
    lead = _title_lead(text)
    found: list[re.Match[str]] = []
    pos, before = 0, None
    for ph in [*PLACEHOLDER_RE.finditer(text), None]:
        end = ph.start() if ph else len(text)
        names = list(NAME_RE.finditer(text, pos, end))
        if lead and pos <= lead.start() and lead.end() <= end:  # a title's lead word
            if not any(n.start() < lead.end() and lead.start() < n.end() for n in names):
                names.append(lead)
        tier = _tier_after(text, pos, end, before, restore)
        if tier and not any(n.start() == tier.start() for n in names):
            names.insert(0, tier)
        before = ph
        spans = _expansions(text, pos, end)
        if ph and restore:
            spans += filter(None, [_defined_by_placeholder(text, pos, ph, restore)])
        for span in spans:  # replaces the names inside it
            names = [n for n in names if not (n.start() < span.end() and span.start() < n.end())]
            names.append(span)
        for org in orgs:
            if not org or not pos <= org.start() < org.end() <= end:
                continue
            if not any(n.start() < org.end() and org.start() < n.end() for n in names):
                names.append(org)
        found.extend(sorted(names, key=lambda m: m.start()))
        if ph:
            pos = ph.end()
    return found


def protect(
    text: str,
    next_index: int,
    limit: int = MAX_PLACEHOLDERS,
    restore: Mapping[int, str] | None = None,
) -> tuple[str, dict[int, str]]:
    """Replace coined names in ``text`` by placeholders numbered from ``next_index``; return
    the new text and ``restore`` (placeholder index → the name as written). ``restore`` in:
    what ``text``'s placeholders stand for (an acronym the glossary took)."""
    out: list[str] = []
    kept: dict[int, str] = {}
    index, pos = next_index, 0
    for m in find(text, restore):
        if index >= limit:
            break
        out.append(text[pos : m.start()])
        out.append(make(index))
        kept[index] = m.group(0)
        index += 1
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), kept


# two placeholders glued (the second a lookahead: in ⟦0⟧⟦1⟧⟦2⟧ both pairs are seen)
_GLUED_RE = re.compile(r"⟦(\d+)⟧(?=⟦(\d+)⟧)")
_COLON_GLUED_RE = re.compile(r"⟦(\d+)⟧:(?=[^\s/])")
_ENUMERATOR_RE = re.compile(r"\s*\|?\s*\d{1,3}\) ")
_ENUMERATOR_GLUED_RE = re.compile(r"^(\s*\|?\s*\d{1,3}\))(?=[A-Za-z0-9⟦])")
_BEFORE_WORD_RE = re.compile(r"⟦(\d+)⟧(?=([0-9A-Za-z][0-9A-Za-z.]*))")
# (also the last part of a compound after a name: ⟦1⟧-brained⟦2⟧, LLM-brained GUIエージェント)
_WORD_START = r"(?:(?<![0-9A-Za-z.+-])|(?<=⟧-))"
_AFTER_WORD_RE = re.compile(_WORD_START + r"([0-9A-Za-z][0-9A-Za-z.+-]*)⟦(\d+)⟧")
# one hiragana between two (the second a lookahead: in ⟦3⟧は⟦1⟧の⟦4⟧ both pairs are seen)
_PARTICLE_RE = re.compile(rf"⟦(\d+)⟧[{HIRAGANA}](?=⟦(\d+)⟧)")


def _no_particle(m: re.Match[str], source: str, restore: dict[int, str]) -> str:
    """``m`` (two placeholders with a particle between) as the one name the input had: a
    glossary name and the version and tier after it (Claude 3 Haiku came back as Claudeな3
    Haiku, Gemini 1.0 Pro as Geminiの1.0 Pro)."""
    a, b = make(int(m.group(1))), make(int(m.group(2)))
    first, version = restore.get(int(m.group(1)), ""), restore.get(int(m.group(2)), "")
    name = first.isascii() and first[-1:].isalnum() and version[:1].isdigit()
    return f"{a} " if name and f"{a} {b}" in source else m.group(0)


def _space_before(m: re.Match[str], source: str, restore: dict[int, str]) -> str:
    """``m`` (a placeholder glued to the Latin word after it) with the space the engine input
    had between them, when the placeholder stands for Latin text."""
    value, word = restore.get(int(m.group(1)), ""), m.group(2).rstrip(".")
    apart = re.search(re.escape(f"{m.group(0)} {word}") + "(?![0-9A-Za-z])", source)
    return f"{m.group(0)} " if apart and value.isascii() and value[-1:].isalnum() else m.group(0)


def _space_after(m: re.Match[str], source: str, restore: dict[int, str]) -> str:
    """``m`` (a Latin word glued to the placeholder after it) with the space the engine input
    had between them, when the placeholder stands for Latin text or a rendering that starts
    in Latin letters (LLM-brained GUI Agents came back as LLM-brainedGUIエージェント)."""
    word, token = m.group(1), make(int(m.group(2)))
    value = restore.get(int(m.group(2)), "")
    apart = re.search(_WORD_START + re.escape(f"{word} {token}"), source)
    return f"{word} {token}" if apart and _latin_start(value) else m.group(0)


def _colon_space(m: re.Match[str], source: str) -> str:
    """``⟦k⟧:`` with the space after the colon that the engine input had."""
    return m.group(0) + " " if f"{make(int(m.group(1)))}: " in source else m.group(0)


def _latin_start(value: str) -> bool:
    return value[:1].isascii() and value[:1].isalnum()


def keep_spacing(text: str, source: str, restore: dict[int, str]) -> str:
    """Put back the space between two placeholders that the model glued together when both
    stand for Latin text and the engine input had them apart (``⟦0⟧ ⟦1⟧``, Gemini and 1.5
    Flash, came back as ``⟦0⟧⟦1⟧``: Gemini1.5 Flash), or when the glue joins two Latin
    letters or digits into one word that the input never wrote (Meta's … AI systems came back
    as MetaAIシステム: neither name reads, nor counts as the term, glued), or when the second
    is a rendering that starts in Latin letters (RL AI agents came back as RLAIエージェント);
    each pair is seen, also one after another (GPT-4 APIs after 新しい came back as
    新しいGPT-4API); and the space
    between a Latin placeholder and the Latin word the input had after it (Claude 3.5 came
    back as ``⟦0⟧3.5``: Claude3.5), or before it (Flan-U-PaLM 540B came back as
    ``Flan-U-PaLM⟦0⟧``); a particle the model put inside a name and its version goes
    (Claudeな3 Haiku); and the space after an item's number and after a name's colon
    (``5) ⟦0⟧: …`` came back as ``5)⟦0⟧:``)."""

    def repl(m: re.Match[str]) -> str:
        a, b = int(m.group(1)), int(m.group(2))
        if make(a) + make(b) in source:  # glued in the input too
            return m.group(0)
        values = [restore.get(i, "") for i in (a, b)]
        latin = all(v and v.isascii() and v.strip() == v for v in values)
        apart = f"{make(a)} {make(b)}" in source
        one_word = latin and values[0][-1].isalnum() and values[1][0].isalnum()
        # a Latin name before a rendering that starts in Latin letters (RL AI agents came back
        # as RLAIエージェント, RL + AIエージェント)
        joins = values[0].isascii() and values[0][-1:].isalnum() and _latin_start(values[1])
        return (
            m.group(0) + " " if (latin and (apart or one_word)) or (apart and joins) else m.group(0)
        )

    text = _GLUED_RE.sub(repl, text)
    text = _PARTICLE_RE.sub(lambda m: _no_particle(m, source, restore), text)
    # a name and its colon as the English has them ("MemLoop: Recurrent …" came back as
    # MemLoop:長コンテキスト…, where Japanese digests keep "MemLoop: ")
    text = _COLON_GLUED_RE.sub(lambda m: _colon_space(m, source), text)
    # an item's number and the name after it ("5) Syntriever: …" came back as 5)Syntriever)
    if _ENUMERATOR_RE.match(source):
        text = _ENUMERATOR_GLUED_RE.sub(r"\1 ", text, count=1)
    # a Latin name the model glued to the Latin word after it (Claude3.5 for Claude 3.5), or
    # before it (Flan-U-PaLM540B for Flan-U-PaLM 540B)
    text = _BEFORE_WORD_RE.sub(lambda m: _space_before(m, source, restore), text)
    return _AFTER_WORD_RE.sub(lambda m: _space_after(m, source, restore), text)


# a particle after a placeholder, before a noun (きめ細かなの専門家: see no_passive)
_NA_PARTICLE_RE = re.compile(rf"⟦(\d+)⟧[のな](?=[^{NOT_A_NOUN}])")
# a placeholder the model wrote as a verb's participle before a noun (Anthropicされた研究者)
_PASSIVE_RE = re.compile(rf"⟦(\d+)⟧(?:された|済みの?)(?=[^{NOT_A_NOUN}])")


def no_passive(
    text: str, source: str, restore: dict[int, str], adjectives: frozenset[int] = frozenset()
) -> str:
    """``text`` with ``⟦k⟧された`` before a noun as ``⟦k⟧の`` where ``⟦k⟧`` stands for Latin
    text (a name, or a term kept in English) that the English (``source``, the engine input)
    puts before a word as its modifier: "Anthropic researchers", "BERT embeddings", "CoT
    reasoning" came back as Anthropicされた研究者, BERTされた埋め込み, CoTされた推論 in real weeks
    (and "SoTA LLMs" as SOTA済みLLM); an amount too ("800M to 8B parameters" came back as
    800M～8B済みパラメータ, "at least 90% accuracy" as 90%以上された精度).
    So is a glossary adjective (``adjectives``: the placeholders that stand for one):
    "step-by-step verified trajectories" came back as ステップバイステップ済みの検証済み…,
    "zero-shot online" as ゼロショット済みのオンライン.
    A name is no verb; "LLM-generated text" (a hyphen) is left alone. A glossary adjective
    that ends in な takes no の or second な before its noun ("fine-grained expert
    segmentation" came back as きめ細かなの専門家分割)."""

    def repl(m: re.Match[str]) -> str:
        token, value = make(int(m.group(1))), restore.get(int(m.group(1)), "")
        modifier = re.search(re.escape(token) + r" (?:[A-Za-z]|⟦)", source)
        named = is_latin_text(value) or is_amount(value) or int(m.group(1)) in adjectives
        return token + "の" if named and modifier else m.group(0)

    def attributive(m: re.Match[str]) -> str:
        index = int(m.group(1))
        na = index in adjectives and restore.get(index, "").endswith("な")
        return make(index) if na else m.group(0)

    return _NA_PARTICLE_RE.sub(attributive, _PASSIVE_RE.sub(repl, text))
