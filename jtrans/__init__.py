"""jtrans: offline English→Japanese translation for ML digest posts.

Public API (kept small, mdformat-style): :func:`text` translates a Markdown string,
:func:`file` translates a Markdown file. The CLI (``jtrans.cli``) is a thin layer on top.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "file", "text"]


def __getattr__(name: str):  # lazy, so `import jtrans` stays cheap for the CLI
    if name in ("text", "file"):
        from jtrans import api

        return getattr(api, name)
    raise AttributeError(name)
