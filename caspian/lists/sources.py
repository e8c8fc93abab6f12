"""The sources file (`sources.toml`): which official lists `lists update` downloads, from where.

It is read whole and checked before anything is downloaded: a list key or a local file
name that could leave the download folder, a URL that is not http(s), a `format` no
reader has, an unknown key (a typo in `max_bytes` would silently lift a limit) are
refused with the file and the source named.

Per source, beside its files: `format` (the reader format its files must read as),
`max_bytes` (cap per file), `max_shrink` (share of the active list's entities a new
snapshot may lose and still be activated) and `deadline` (seconds per file); each of the
last three wins over the run's option (see guards.py).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import urlsplit

from caspian import data
from caspian.lists.base import ListFormatError
from caspian.lists.detect import FORMATS
from caspian.lists.guards import parse_seconds, parse_share

SOURCES_FILE = "sources.toml"
DEFAULT_MAX_BYTES = 512 * 1024 * 1024  # per file; the largest official file is ~120 MB
SOURCE_KEYS = ("title", "files", "format", "max_bytes", "max_shrink", "deadline")
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_SIZE = re.compile(r"(\d+)\s*(?:([KMG])(?:i?B)?|B)?", re.IGNORECASE)
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


@dataclass(frozen=True, slots=True)
class SourceConfig:
    key: str
    title: str
    files: dict[str, str]  # local file name -> URL
    format: str | None = None  # the reader format the files are expected in
    max_bytes: int | None = None  # cap per downloaded file; None: the run's default
    max_shrink: float | None = None  # share of entities a snapshot may lose; None: the run's
    deadline: float | None = None  # seconds per downloaded file; None: the run's default

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "title": self.title,
            "format": self.format,
            "files": dict(self.files),
            "max_bytes": self.max_bytes,
            "max_shrink": self.max_shrink,
            "deadline": self.deadline,
        }


def parse_size(text: str) -> int:
    """Bytes from `1048576`, `512M`, `512 MiB`, `2G`, `64KB` (K, M, G count in 1024s)."""
    match = _SIZE.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a size; expected bytes, or a number with K, M or G")
    value = int(match.group(1)) * _UNITS[(match.group(2) or "").upper()]
    if value <= 0:
        raise ValueError(f"{text!r}: the size must be more than 0 bytes")
    return value


def human_size(n: int) -> str:
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if n >= factor:
            return f"{n / factor:.4g} {unit}"
    return f"{n} bytes"


def file_name_problem(name: str) -> str | None:
    """Why a local file name from the sources file is refused, or None if it is safe.

    The name is where the download lands inside a temporary folder: it must be one
    plain file name there on every system (no separator of POSIX or Windows, no drive,
    no `.`/`..`, no control characters).
    """
    if not name.strip():
        return "is empty"
    if name in {".", ".."} or name.strip(". ") == "":
        return "is not a file name"
    if any(ord(ch) < 32 for ch in name):
        return "holds a control character"
    if PurePosixPath(name).name != name or PureWindowsPath(name).name != name:
        return "is a path, not a file name (no folders, separators or drives)"
    return None


def _url_problem(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"is not a URL ({exc})"
    if parts.scheme.lower() not in {"http", "https"}:
        return "is not an http or https URL"
    if not parts.hostname:
        return "has no host"
    return None


def sources_path(data_dir: Path, explicit: Path | None = None) -> Path:
    """Which sources file is in force: explicit, CASPIAN_SOURCES, data dir, packaged."""
    if explicit:
        return explicit
    env = os.environ.get("CASPIAN_SOURCES")
    if env:
        return Path(env)
    local = data_dir / SOURCES_FILE
    return local if local.is_file() else data.path(SOURCES_FILE)


def _source(path: Path, key: object, spec: object) -> SourceConfig:
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise ListFormatError(
            path,
            f"source key {key!r} is refused",
            expected="letters, digits, '.', '_' or '-', starting with a letter or digit",
        )
    if not isinstance(spec, dict):
        raise ListFormatError(path, f"source {key!r} is not a table", expected="[sources.NAME]")
    unknown = sorted(set(spec) - set(SOURCE_KEYS))
    if unknown:
        raise ListFormatError(
            path,
            f"source {key!r} has unknown key(s) {', '.join(map(repr, unknown))}",
            expected="only " + ", ".join(SOURCE_KEYS),
        )
    files = spec.get("files")
    if (
        not isinstance(files, dict)
        or not files
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
    ):
        raise ListFormatError(
            path, f"source {key!r} has no files", expected='files = { "name.csv" = "URL" }'
        )
    seen: dict[str, str] = {}
    for name, url in files.items():
        problem = file_name_problem(name)
        if problem:
            raise ListFormatError(
                path, f"source {key!r}: file name {name!r} {problem}", expected="a plain file name"
            )
        if name.lower() in seen:
            raise ListFormatError(
                path, f"source {key!r}: file names {seen[name.lower()]!r} and {name!r} differ "
                "only in case (one file on Windows and macOS)",
            )  # fmt: skip
        seen[name.lower()] = name
        problem = _url_problem(url)
        if problem:
            raise ListFormatError(path, f"source {key!r}: the URL of {name!r} {problem}: {url!r}")
    title = spec.get("title", key)
    fmt = spec.get("format")
    if not isinstance(title, str) or not title.strip():
        raise ListFormatError(path, f"source {key!r}: title must be a non-empty string")
    if fmt is not None and (not isinstance(fmt, str) or not fmt.strip()):
        raise ListFormatError(
            path, f"source {key!r}: format must be a reader format name", expected='"ofac-csv"'
        )
    if fmt is not None and fmt not in FORMATS:
        raise ListFormatError(
            path, f"source {key!r}: format {fmt!r} is not a format Caspian reads",
            expected="one of " + ", ".join(sorted(FORMATS)),
        )  # fmt: skip
    return SourceConfig(
        key, title, dict(files), fmt, _max_bytes(path, key, spec.get("max_bytes")),
        _guard(path, key, "max_shrink", spec.get("max_shrink"), parse_share, '"10%" or 0.1'),
        _guard(path, key, "deadline", spec.get("deadline"), parse_seconds, '600 or "10m"'),
    )  # fmt: skip


def _guard(
    path: Path, key: str, name: str, value: object,
    parse: Callable[[str | float], float], example: str,
) -> float | None:  # fmt: skip
    if value is None:
        return None
    try:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError(f"{value!r} is not a number or a string")
        return parse(value)
    except ValueError as exc:
        raise ListFormatError(path, f"source {key!r}: {name} {exc}", expected=example) from None


def _max_bytes(path: Path, key: str, value: object) -> int | None:
    if value is None:
        return None
    try:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError(f"{value!r} is not a size")
        size = parse_size(str(value))
    except ValueError as exc:
        raise ListFormatError(
            path, f"source {key!r}: max_bytes {exc}", expected='bytes, or "200M" or "1G"'
        ) from None
    return size


def load_sources(path: Path) -> list[SourceConfig]:
    """Every source of the file, checked; ListFormatError names the file and the source."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ListFormatError(path, f"cannot read sources file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ListFormatError(path, f"not UTF-8 text: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ListFormatError(path, f"not valid TOML: {exc}") from None
    unknown = sorted(set(raw) - {"sources"})
    if unknown:
        raise ListFormatError(
            path, f"unknown top-level key(s) {', '.join(map(repr, unknown))}",
            expected="only [sources.NAME] tables",
        )  # fmt: skip
    table = raw.get("sources")
    if not isinstance(table, dict) or not table:
        raise ListFormatError(
            path, "no [sources.NAME] tables", expected="[sources.NAME] with files"
        )
    return [_source(path, key, spec) for key, spec in table.items()]
