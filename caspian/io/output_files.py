"""Output files that never destroy an input and never stay half-written.

Before a run: an output that is one of the run's inputs (the same file by any path:
relative, through a symbolic or a hard link), an existing file of an input folder, a
folder, or a file of the wrong kind is refused, before anything is written. During a run
every output is written under a `.partial` name; at the end all of them are renamed into
place together, and a run that fails or is interrupted removes them, leaving any
previous outputs as they were.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType


class OutputError(ValueError):
    """An output the run must not write; says which and why."""


def partial_path(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def require_suffix(path: Path, suffix: str, *, option: str) -> None:
    """`--output results.csv` would get JSON lines under a CSV name: refuse it."""
    if path.suffix.lower() != suffix:
        raise OutputError(
            f"{option} {path}: must end in {suffix} (it receives JSON lines); "
            "the CSV and the HTML report are written beside it"
            if suffix == ".jsonl"
            else f"{option} {path}: must end in {suffix}"
        )


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return False


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def check_outputs(outputs: Sequence[Path], inputs: Sequence[Path]) -> None:
    """Refuse outputs (and their `.partial` names) that would overwrite an input."""
    for output in outputs:
        if output.is_dir():
            raise OutputError(f"output {output} is a folder; expected a file name")
        if output.parent.exists() and not output.parent.is_dir():
            raise OutputError(f"output {output}: {output.parent} is a file, not a folder")
        for written in (output, partial_path(output)):
            for source in inputs:
                if source.is_dir():
                    clobbers = written.is_file() and _inside(written, source)
                else:
                    clobbers = _same_file(written, source)
                if clobbers:
                    what = "the input" if source.is_file() else f"a file of the input {source}"
                    raise OutputError(
                        f"output {written} would overwrite {what} ({source}); "
                        "choose another output name"
                    )


class StagedFiles:
    """Files written under `.partial` names, renamed into place together by `commit`.

    Leaving the `with` block on an exception (Ctrl-C included) removes every partial
    file; so does leaving it without `commit`.
    """

    def __init__(self, finals: Sequence[Path]) -> None:
        self.finals = list(finals)
        self.partials = [partial_path(p) for p in self.finals]
        self.committed = False

    def __enter__(self) -> StagedFiles:
        for path in self.finals:
            path.parent.mkdir(parents=True, exist_ok=True)
        return self

    def commit(self) -> None:
        for partial, final in zip(self.partials, self.finals, strict=True):
            partial.replace(final)
        self.committed = True

    def discard(self) -> None:
        for partial in self.partials:
            partial.unlink(missing_ok=True)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if not self.committed:
            self.discard()
