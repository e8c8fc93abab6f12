"""Where an unexpected error's traceback goes: a bounded folder of log files.

The command line shows one line and exits 2 (never 1, which tells a scheduler that
orders await review); the traceback, the command and the versions go to
`<data-dir>/logs/caspian-<UTC time>-<pid>.log`, so the operator can send it on. Only the
newest files are kept, each cut to a bounded size.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from caspian import __version__

LOG_FOLDER = "logs"
LOG_PATTERN = "caspian-*.log"


@dataclass(frozen=True, slots=True)
class LogLimits:
    """Bounds on what crashes may leave on disk (a crash loop in a scheduler included)."""

    keep_files: int = 20  # older logs are removed when a new one is written
    max_chars: int = 256 * 1024  # a traceback of a huge value is cut, head and tail kept


LOG_LIMITS = LogLimits()


def report(exc: BaseException, argv: list[str]) -> str:
    """The log's text: what ran, with which versions, and the traceback."""
    lines = [
        f"at: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"command: {' '.join(argv)}",
        f"caspian {__version__}, python {platform.python_version()}, "
        f"sqlite {sqlite3.sqlite_version}, {platform.platform()}",
        "",
        *traceback.format_exception(exc),
    ]
    return "\n".join(line.rstrip("\n") for line in lines) + "\n"


def _bounded(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]}\n[... {len(text) - 2 * half:,} characters cut ...]\n{text[-half:]}"


def write(
    data_dir: Path, exc: BaseException, argv: list[str] | None = None,
    limits: LogLimits | None = None,
) -> Path | None:  # fmt: skip
    """Write the log under the data directory; None if it cannot be written there."""
    limits = limits or LOG_LIMITS
    folder = data_dir / LOG_FOLDER
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    path = folder / f"caspian-{stamp}-{os.getpid()}.log"
    text = _bounded(report(exc, argv if argv is not None else sys.argv), limits.max_chars)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(text)
    except OSError:
        return None
    _prune(folder, limits.keep_files)
    return path


def _prune(folder: Path, keep: int) -> None:
    try:
        logs = sorted(folder.glob(LOG_PATTERN), key=lambda p: (p.stat().st_mtime, p.name))
        for old in logs[:-keep] if keep else logs:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a log that cannot be removed is no reason to hide the error at hand
