"""Usage examples shown at the end of every command's ``--help``.

Commands may set their own ``epilog``; :func:`attach` gives every other registered command the
examples listed here (one place to keep them in step with the README).
"""

from __future__ import annotations

from typing import Any

EXAMPLES: dict[str, list[str]] = {
    "translate": [
        "jtrans translate post.md -o post.ja.md",
        "cat post.md | jtrans translate - > post.ja.md",
        "jtrans translate post.md --bilingual -o review.md",
        "jtrans translate a.md b.md --out-dir ja/",
    ],
    "segment": [
        "jtrans segment post.md",
        "cat post.md | jtrans segment - | head -3",
    ],
    "score": [
        "jtrans score post.ja.md reference.ja.md --source post.md",
        "jtrans score hyp.txt ref.txt --min-bleu 20 --json",
    ],
    "eval": [
        "jtrans eval examples/eval/digest-eval.tsv",
        "jtrans eval posts/ --model my-model --save-hyp out/ --json",
    ],
    "model list": ["jtrans model list", "jtrans model list --json"],
    "model info": ["jtrans model info default", "jtrans model info models/my-model --json"],
    "model convert": [
        "jtrans model convert ./opus-mt-en-jap --name opus-en-ja --quantization int8",
        "jtrans model convert --from-hub staka/fugumt-en-ja --name fugumt --set-default",
    ],
    "glossary list": ["jtrans glossary list", "jtrans glossary list --policy keep --json"],
    "glossary find": [
        'jtrans glossary find "fine-tuning"',
        'jtrans glossary find --text "We fine-tune a LoRA adapter."',
    ],
    "glossary add": [
        'jtrans glossary add "speculative decoding" 投機的デコーディング --policy translate',
        "jtrans glossary add RAG RAG --policy keep --file glossary/acronyms.tsv",
    ],
    "glossary remove": ['jtrans glossary remove "speculative decoding"'],
    "glossary lint": ["jtrans glossary lint", "jtrans glossary lint team-terms.tsv --json"],
    "glossary export": [
        "jtrans glossary export -o terms.tbx",
        "jtrans glossary export --format csv > terms.csv",
    ],
    "glossary import": [
        "jtrans glossary import terms.tbx",
        "cat terms.csv | jtrans glossary import - --format csv",
        "jtrans glossary import reviewed.csv --into glossary/team.tsv --replace",
    ],
    "glossary check": [
        "jtrans glossary check post.md post.ja.md",
        "jtrans glossary check post.md post.ja.md --json --min-accuracy 0.95",
    ],
    "glossary mine": [
        "jtrans glossary mine posts/*.md --uncovered --top 50",
    ],
    "tm stats": ["jtrans tm stats", "jtrans tm stats --json"],
    "tm export": [
        "jtrans tm export memory.tmx",
        "jtrans tm export - --origin human > reviewed.tmx",
    ],
    "tm import": ["jtrans tm import reviewed.tmx", "cat reviewed.tmx | jtrans tm import -"],
    "tm prune": ["jtrans tm prune --older-than 30", "jtrans tm prune --all"],
}


def epilog(lines: list[str]) -> str:
    """An ``Examples:`` block; blank lines keep rich from joining the commands."""
    return "Examples:\n\n" + "\n\n".join(f"  {line}" for line in lines) + "\n"


def attach(app: Any, prefix: str = "") -> None:
    """Give each command of ``app`` (and of its sub-apps) without an epilog its examples."""
    for info in app.registered_commands:
        name = info.name or (info.callback.__name__.replace("_", "-") if info.callback else "")
        key = f"{prefix}{name}"
        if not info.epilog and key in EXAMPLES:
            info.epilog = epilog(EXAMPLES[key])
    for group in app.registered_groups:
        attach(group.typer_instance, f"{prefix}{group.name} ")
