"""`caspian lists update`: download each configured official list and store it atomically.

A source's files are fetched into a temporary folder, checked (HTTP status, content
type, length), parsed, and only then stored in one transaction. Anything that fails
leaves that source's previous snapshot active and says why.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx

from caspian import __version__, data
from caspian.lists.base import ListFormatError
from caspian.lists.detect import read_paths
from caspian.lists.store import LoadOutcome, Store

SOURCES_FILE = "sources.toml"

# Content types a list file may come with, by suffix. An HTML page is never a list:
# it is what a server sends instead of a file it cannot give.
ACCEPTED_TYPES = {
    ".csv": {
        "text/csv",
        "text/plain",
        "application/csv",
        "application/octet-stream",
        "application/vnd.ms-excel",
        "text/comma-separated-values",
    },
    ".xml": {"application/xml", "text/xml", "application/octet-stream", "text/plain"},
    ".txt": {"text/plain", "text/tab-separated-values", "application/octet-stream", "text/csv"},
    ".json": {
        "application/json",
        "application/x-ndjson",
        "application/jsonl",
        "application/octet-stream",
        "text/plain",
    },
}


class DownloadError(RuntimeError):
    """A file that could not be fetched whole."""


@dataclass(frozen=True, slots=True)
class SourceConfig:
    key: str
    title: str
    files: dict[str, str]  # local file name -> URL


@dataclass(frozen=True, slots=True)
class UpdateResult:
    source: str
    ok: bool
    message: str
    outcome: LoadOutcome | None = None


def sources_path(data_dir: Path, explicit: Path | None = None) -> Path:
    """Which sources file is in force: explicit, CASPIAN_SOURCES, data dir, packaged."""
    if explicit:
        return explicit
    env = os.environ.get("CASPIAN_SOURCES")
    if env:
        return Path(env)
    local = data_dir / SOURCES_FILE
    return local if local.is_file() else data.path(SOURCES_FILE)


def load_sources(path: Path) -> list[SourceConfig]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ListFormatError(path, f"cannot read sources file: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ListFormatError(path, f"not valid TOML: {exc}") from None
    table = raw.get("sources")
    if not isinstance(table, dict) or not table:
        raise ListFormatError(
            path, "no [sources.NAME] tables", expected="[sources.NAME] with files"
        )
    out = []
    for key, spec in table.items():
        files = spec.get("files") if isinstance(spec, dict) else None
        if (
            not isinstance(files, dict)
            or not files
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
        ):
            raise ListFormatError(
                path, f"source {key!r} has no files", expected='files = { "name.csv" = "URL" }'
            )
        title = spec.get("title") if isinstance(spec.get("title"), str) else key
        out.append(SourceConfig(key=key, title=str(title), files=dict(files)))
    return out


def _check_type(name: str, content_type: str) -> None:
    mime = content_type.split(";")[0].strip().lower()
    accepted = ACCEPTED_TYPES.get(Path(name).suffix.lower())
    if mime in {"text/html", "application/xhtml+xml"}:
        raise DownloadError(
            f"wrong content type {mime} (the server sent a web page, not the list file)"
        )
    if accepted and mime and mime not in accepted:
        raise DownloadError(
            f"wrong content type {mime}; expected one of {', '.join(sorted(accepted))}"
        )


def fetch(client: httpx.Client, url: str, dest: Path) -> str | None:
    """Download `url` to `dest` whole; return the server's Last-Modified date (ISO) if any."""
    try:
        with client.stream("GET", url) as response:
            if response.status_code != 200:
                raise DownloadError(f"HTTP {response.status_code} from {url}")
            _check_type(dest.name, response.headers.get("content-type", ""))
            expected = response.headers.get("content-length")
            received = 0
            with dest.open("wb") as fh:
                for chunk in response.iter_bytes():
                    fh.write(chunk)
                    received += len(chunk)
            if expected is not None and expected.isdigit() and received != int(expected):
                raise DownloadError(f"truncated: received {received} of {expected} bytes")
            if received == 0:
                raise DownloadError("empty response")
            modified = response.headers.get("last-modified")
    except httpx.RemoteProtocolError as exc:
        raise DownloadError(f"truncated: connection closed early ({exc})") from None
    except httpx.HTTPError as exc:
        raise DownloadError(f"download failed: {exc}") from None
    if not modified:
        return None
    try:
        return parsedate_to_datetime(modified).date().isoformat()
    except (TypeError, ValueError):
        return None


def update_source(store: Store, source: SourceConfig, client: httpx.Client) -> UpdateResult:
    """Fetch, parse and store one source; on any failure the store is left as it was."""
    with tempfile.TemporaryDirectory(prefix=f"caspian-{source.key}-") as tmp:
        folder = Path(tmp)
        server_dates: list[str] = []
        try:
            for name, url in source.files.items():
                day = fetch(client, url, folder / name)
                if day:
                    server_dates.append(day)
            result = read_paths([folder / name for name in source.files])
            if len(result.lists) != 1:
                raise ListFormatError(
                    folder,
                    f"the files of {source.key} read as {len(result.lists)} lists",
                    expected="exactly one list per source",
                )
            listdata = result.lists[0]
        except (DownloadError, ListFormatError) as exc:
            message = str(exc).replace(str(folder) + "/", "")
            store.log_failure(source.key, "update", message)
            return UpdateResult(source.key, False, f"previous snapshot kept: {message}")
        listdata.source = source.key
        listdata.title = source.title
        if listdata.published_from == "mtime":
            # No date inside the list: the server's date is the best official one.
            if server_dates:
                listdata.published, listdata.published_from = max(server_dates), "http"
            else:
                listdata.published_from = "download"
        origin = " ".join(source.files.values())
        outcome = store.add(listdata, origin=origin)
        return UpdateResult(source.key, True, outcome.message, outcome)


def update(
    store: Store,
    sources: Sequence[SourceConfig],
    *,
    timeout: float = 60.0,
    on_result: Callable[[UpdateResult], None] | None = None,
) -> list[UpdateResult]:
    results = []
    headers = {"User-Agent": f"caspian/{__version__} (sanctions list update)"}
    with httpx.Client(timeout=timeout, follow_redirects=True, headers=headers) as client:
        for source in sources:
            result = update_source(store, source, client)
            results.append(result)
            if on_result:
                on_result(result)
    return results
