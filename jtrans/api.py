"""Public library API: translate a Markdown string or file.

>>> import jtrans
>>> jtrans.text("| **Title** - does X; does Y |\\n|---|\\n", engine="identity")
'| **Title** - does X; does Y |\\n|---|\\n'

Options (all keyword, all optional; defaults come from the configuration, see
:mod:`jtrans.config`):

``engine``           engine name (``ct2``, ``identity``, ``upper``) or an engine object
``model``            model name or directory (ct2)
``glossary``         glossary paths (list), a loaded glossary object, or ``None`` = default
``no_glossary``      ``True`` disables the glossary
``postprocess``      ``False`` disables Japanese post-processing
``translate_link_labels``  translate the label of ``[label](url)`` (default ``True``)
``translate_link_lists``   … also in cells made only of links (default from config)
``config``           a :class:`jtrans.config.Config` (default: searched from the input/cwd)
``progress``         ``callable(done, total)``
``tm``               a translation memory (:class:`jtrans.tm.TranslationMemory` or a path):
                     units found in it are not translated again (default: none)
``retry_fallbacks``  translate again the units the memory holds as English fallbacks
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jtrans import config as config_mod
from jtrans.pipeline import Pipeline, Result

_BOM = "\ufeff"


class InputError(ValueError):
    """The input cannot be read as a UTF-8 text file."""


def text(src: str, **opts: Any) -> str:
    """Translate the Markdown string ``src``; every byte outside translated text is kept."""
    return translate(src, **opts).text


def file(path: str | os.PathLike[str], **opts: Any) -> str:
    """Translate the Markdown file at ``path`` (the file itself is never modified)."""
    p = Path(path)
    opts.setdefault("start", p)
    return text(read_text(p), **opts)


def translate(src: str, **opts: Any) -> Result:
    """Like :func:`text` but return the full :class:`~jtrans.pipeline.Result` (flags, pairs)."""
    bom = src.startswith(_BOM)
    pipeline = build_pipeline(**opts)
    result = pipeline.translate(src[1:] if bom else src)
    if bom:
        result.text = _BOM + result.text
    return result


def build_pipeline(
    *,
    engine: Any = None,
    model: str | None = None,
    glossary: Any = None,
    no_glossary: bool = False,
    postprocess: bool = True,
    translate_link_labels: bool | None = None,
    translate_link_lists: bool | None = None,
    config: config_mod.Config | None = None,
    progress: Any = None,
    start: Path | None = None,
    tm: Any = None,
    retry_fallbacks: bool = False,
) -> Pipeline:
    """A :class:`Pipeline` for the options documented in this module."""
    cfg = config or config_mod.load(start)
    cfg = cfg.with_overrides(
        model=model,
        translate_link_labels=translate_link_labels,
        translate_link_lists=translate_link_lists,
        engine=engine if isinstance(engine, str) else None,
    )
    eng = engine if engine is not None and not isinstance(engine, str) else make_engine(cfg)
    japanese = getattr(eng, "target_lang", None) == "ja"
    gloss = None
    if japanese and not no_glossary:
        gloss = load_glossary(glossary, cfg)
    post = make_postprocessor(cfg, gloss) if japanese and postprocess else None
    if isinstance(tm, (str, os.PathLike)):
        from jtrans.tm import TranslationMemory

        tm = TranslationMemory(tm)
    return Pipeline(
        eng,
        glossary=gloss,
        postprocessor=post,
        config=cfg,
        progress=progress,
        tm=tm or None,
        retry_fallbacks=retry_fallbacks,
    )


def make_engine(cfg: config_mod.Config) -> Any:
    """Build the configured engine (raises ``ValueError`` for an unknown name)."""
    from jtrans import engines

    options = dict(cfg.engine_options)
    if cfg.engine == "ct2":
        options.setdefault("model", cfg.model)
    try:
        return engines.get(cfg.engine, **options)
    except TypeError as exc:  # a typo in [tool.jtrans.engine] reaches the constructor
        where = f" in {cfg.path}" if cfg.path else ""
        raise ValueError(f"bad [tool.jtrans.engine] option{where}: {exc}") from None


def load_glossary(glossary: Any, cfg: config_mod.Config) -> Any:
    """``glossary`` as a loaded glossary: paths, an object, or ``None`` for the configured one."""
    if glossary is not None and not isinstance(glossary, (str, os.PathLike, Sequence)):
        return glossary
    from jtrans import glossary as glossary_mod

    if isinstance(glossary, (str, os.PathLike)):
        extra: list[Path] = [Path(glossary)]
    else:
        extra = [Path(p) for p in glossary or ()]
    # layered: shipped default → [tool.jtrans.glossary] paths → --glossary; later layers win
    paths = glossary_mod.resolve_paths(
        extra,
        configured=cfg.glossary.get("paths", ()),
        base=cfg.path.parent if cfg.path else Path.cwd(),
        use_default=cfg.glossary.get("default", True),
    )
    return glossary_mod.load(paths)


def make_postprocessor(cfg: config_mod.Config, glossary: Any = None) -> Any:
    """``postprocess.run`` bound to the configured ``[tool.jtrans.postprocess]`` settings (and
    the glossary's katakana spellings, when a glossary is in use)."""
    from jtrans import postprocess

    pp_config = postprocess.PostprocessConfig.from_mapping(cfg.postprocess)
    if glossary is not None and hasattr(pp_config, "with_glossary"):
        pp_config = pp_config.with_glossary(glossary)

    def run(ja: str, source: str, restore: dict[int, str]) -> tuple[str, list[Any]]:
        return postprocess.run(ja, source, pp_config, restore=restore)

    return run


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """Read a text file exactly (no newline translation); refuse binary files.

    ``encoding`` (default UTF-8) is any Python codec name; the text is returned decoded."""
    return decode(read_bytes(path), str(path), encoding)


def read_bytes(path: Path, what: str = "a Markdown file") -> bytes:
    """The bytes of ``path``; ``InputError`` for a folder, a missing or unreadable file."""
    if path.is_dir():
        raise InputError(f"{path} is a directory, not {what}")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def decode(data: bytes, name: str, encoding: str = "utf-8") -> str:
    """``data`` as text; ``InputError`` for binary input or bytes invalid in ``encoding``
    (the message names the byte offset)."""
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    utf8 = codec.name == "utf-8"
    if utf8 and b"\0" in data:
        raise InputError(f"{name} looks like a binary file (it contains NUL bytes)")
    try:
        text = data.decode(codec.name)
    except UnicodeDecodeError as exc:
        label = "UTF-8" if utf8 else encoding
        bad = data[exc.start : exc.start + 1].hex()
        hint = "; pass --encoding ENC if it uses another encoding" if utf8 else ""
        raise InputError(f"{name} is not {label} text (byte {exc.start}: 0x{bad}){hint}") from None
    if "\0" in text:
        raise InputError(f"{name} looks like a binary file (it contains NUL characters)")
    return text
