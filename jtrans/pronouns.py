"""Pronoun subjects as Japanese ML digests write them: the authors' "we" and "our", "they".

An abstract's "We propose …" is literally 私たちは、…を提案します; Japanese ML digests and
abstract translations open such a sentence with 本研究では (../shared/seeds: 本研究では 15
times, most of them where the English has "In this work, we …" or "We propose/present …"), and
drop the possessive of "Our experiments/results show …" (実験の結果、結果から: 私たちの実験は
reads as a translation). Only a sentence that opens this way in English is touched, and only
when the Japanese opens with the literal rendering; everything else is left to the model.

A 私たち the English never wrote goes: a digest's "It proposes …" / "It introduces …" came back
as 私たちは、…を提案し (all three 私たち in 16 real weeks); the subject is left out, as Japanese
leaves it out, and an invented 私たちの is dropped. A sentence that opens with "They" loses
the 彼らは the model opens it with: Japanese digests leave the subject out (digest-eval's and
digest-dev's references never write 彼ら; the model wrote it 12 times in 33 real weeks).

A digest item without a subject that names its contribution in apposition ("Introduces
ComfyUI-R1, a 7B-parameter reasoning model …") came back as ComfyUI-R1を導入すると、… (a
condition) or with the verb left in English (Introduces DeepRareは); with the subject the
digest leaves out ("This paper introduces X, a …") the model wrote この論文では、…であるXを紹介
します for all nine such items of the real weeks tried. :func:`subject` gives the engine that
input, and :func:`house` drops the この論文では the English did not write (digest-eval's
reference: トークンが動的に層をスキップする手法、DepthRouterを提案しています).
"""

from __future__ import annotations

import re

# "We propose", "In this work, we introduce": the sentence presents the paper's contribution
_WE_PRESENT_RE = re.compile(
    r"(?:In this (?:work|paper|study), )?[Ww]e (?:propose|present|introduce|revisit|develop"
    r"|design|describe)\b(?! that\b)"  # not "We propose that X occurs" (a hypothesis)
)
# "Our experiments show": the authors' results, no possessive in Japanese
_OUR_RESULTS_RE = re.compile(
    r"Our (?:experiments?|experimental results|results?|findings|analys[ie]s|evaluations?)"
    r" (?:also |further |clearly )?(?:show|indicate|suggest|reveal|demonstrate|confirm)"
)  # not "Our findings are applicable …", whose 私たちの says whose findings


_FIRST_PERSON_RE = re.compile(r"\b(?:we|our|ours|us|ourselves)\b", re.IGNORECASE)


def house(text: str, source: str) -> str:
    """``text`` (the Japanese of the English ``source``) with 私たちは opening it as 本研究では
    where ``source`` opens with "We propose/present/introduce …", and 私たちの dropped where
    it opens with "Our experiments/results/findings …"; 私たちは/私たちの dropped where
    ``source`` has no we/our/us; 彼らは dropped where ``source`` opens with "They"; the
    この論文では of the subject :func:`subject` gave the engine dropped."""
    english = source.lstrip()
    if _NO_SUBJECT_RE.match(english) and not _PAPER_RE.search(english):  # see subject()
        text = re.sub(r"(?:この|本)(?:論文|研究|⟦\d+⟧)(?:では|は)、?", "", text, count=1)
    if english.startswith(("They ", "they ")):
        text = re.sub(r"\A(\s*)彼らは、?", r"\1", text)
    if not _FIRST_PERSON_RE.search(english):  # a 私たち the English never wrote
        return re.sub(r"私たちの(?=[^\s、。])", "", re.sub(r"\A(\s*)私たちは、?", r"\1", text))
    if _WE_PRESENT_RE.match(english):
        return re.sub(r"\A(\s*)私たちは、?", r"\1本研究では、", text)
    if _OUR_RESULTS_RE.match(english):
        return re.sub(r"\A(\s*)私たちの(?=[^\s、。])", r"\1", text)
    return text


# a digest item's opening verb without a subject, its contribution named in apposition:
# "Introduces ComfyUI-R1, a …", "- proposes Alita, a …" (after a bold title and its dash: a
# placeholder pair in the engine input, ** in the English)
_NO_SUBJECT_RE = re.compile(
    r"\A(?P<lead>\s*(?:(?:⟦\d+⟧[^⟦]{0,200}⟦\d+⟧|\*\*[^*]{1,200}\*\*)\s*[-–—:]\s*)?)"
    r"(?P<verb>(?i:introduces|proposes|presents|releases|develops|unveils))"
    r"(?= [^,;.]{1,60}, an? )"
)


_PAPER_RE = re.compile(r"\b(?:paper|work|study)\b", re.IGNORECASE)


def subject(sent: str) -> str:
    """``sent`` (an engine input) with "This paper" before a digest item's opening verb where
    the item names its contribution in apposition ("Introduces X, a …"); else as it is."""
    return _NO_SUBJECT_RE.sub(lambda m: f"{m['lead']}This paper {m['verb'].lower()}", sent, 1)
