"""``jtrans completion SHELL``: print the shell completion script (bash, zsh, fish, powershell).

``jtrans --install-completion`` installs it for the current shell; this command prints it for
any shell, to put in a dotfile or a package: ``eval "$(jtrans completion bash)"``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from jtrans.cli import app
from jtrans.cli.errors import UsageError

SHELLS = ("bash", "zsh", "fish", "powershell")
COMPLETE_VAR = "_JTRANS_COMPLETE"
EXAMPLES = """\
Examples:

  eval "$(jtrans completion bash)"

  jtrans completion zsh > ~/.zfunc/_jtrans

  jtrans completion fish > ~/.config/fish/completions/jtrans.fish
"""


def script(shell: str) -> str:
    """The completion script of ``shell`` for the ``jtrans`` command (Typer's own scripts)."""
    if shell not in SHELLS:
        raise UsageError(f"unknown shell {shell!r} (choose from {', '.join(SHELLS)})")
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name="jtrans", complete_var=COMPLETE_VAR, shell=shell)


@app.command("completion", epilog=EXAMPLES)
def completion_cmd(
    shell: Annotated[str, typer.Argument(help="bash, zsh, fish or powershell.")],
) -> None:
    """Print the shell completion script for SHELL (commands, options, file names)."""
    typer.echo(script(shell))
