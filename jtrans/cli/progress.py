"""Progress on stderr for long runs: a rich bar with counts and an ETA, on a terminal only.

``Progress`` is the pipeline's ``progress(done, total)`` callback for one post (sentences).
``FilesProgress`` spans a ``--out-dir`` run: the bar counts characters of the inputs, so posts
served from the translation memory and posts translated by the model share one ETA, and the
label says how many files are done. Without a terminal neither draws anything (the batch run
prints a line per finished file instead).
"""

from __future__ import annotations

from typing import Any


def _columns(label: str) -> list[Any]:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return [
        SpinnerColumn(),
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("elapsed"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    ]


class Progress:
    """A progress bar shown only on a terminal and for posts with at least ``threshold``
    sentences; ``done/total`` counts and the time remaining."""

    def __init__(
        self,
        threshold: int = 30,
        console: Any = None,
        label: str = "translating {task.total} sentences",
    ) -> None:
        self.threshold = threshold
        self.console = console
        self.label = label
        self._bar: Any = None
        self._task: Any = None
        self._done = 0

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if total < self.threshold:
                return
            from rich.console import Console
            from rich.progress import Progress as Bar

            console = self.console or Console(stderr=True)
            if not console.is_terminal:
                return
            self._bar = Bar(*_columns(self.label), console=console, transient=True)
            self._bar.start()
            self._task = self._bar.add_task("translate", total=total)
        self._done = max(self._done, done)  # retries never move the bar back
        self._bar.update(self._task, completed=self._done, total=total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


class FilesProgress:
    """One bar for several files: ``start(chars)`` before the files are translated, the
    pipeline callback as they are, ``count(files)`` as they are written, ``finished(files)``."""

    def __init__(self, files: int, chars: int, console: Any = None) -> None:
        from rich.console import Console

        self.files = files
        self.console = console or Console(stderr=True)
        self._base = 0  # characters of the groups already done
        self._group = 0  # characters of the group being translated
        self._bar: Any = None
        if self.console.is_terminal and chars:
            from rich.progress import Progress as Bar

            label = "translating {task.fields[done]}/" + str(files) + " files"
            self._bar = Bar(*_columns(label), console=self.console, transient=True)
            self._bar.start()
            self._task = self._bar.add_task("files", total=chars, done=0)

    def start(self, chars: int) -> None:
        self._group = chars

    def __call__(self, done: int, total: int) -> None:
        if self._bar is not None and total:
            completed = self._base + self._group * min(done, total) // total
            self._bar.update(self._task, completed=completed)

    def partial(self, done: int, total: int) -> None:
        """Progress within the engine's current call (the group's main batch), never back."""
        if self._bar is not None and total:
            completed = self._base + self._group * min(done, total) // total
            task = self._bar.tasks[0]
            if completed > task.completed:
                self._bar.update(self._task, completed=completed)

    def count(self, files_done: int) -> None:
        """Files written so far (the bar itself moves with the pipeline)."""
        if self._bar is not None:
            self._bar.update(self._task, done=files_done)

    def finished(self, files_done: int) -> None:
        self._base += self._group
        self._group = 0
        if self._bar is not None:
            self._bar.update(self._task, completed=self._base, done=files_done)

    def print(self, line: str) -> None:
        """A line on stderr above the bar (plain when there is no bar)."""
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            import sys

            print(line, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
