"""`caspian lists update`: download each configured official list and store it atomically.

A source's files are fetched into a folder of the data directory (`downloads/`, never the
system's temporary folder), checked, parsed, and only then stored in one transaction:

- transport: HTTP status, content type (a web page is never a list), Content-Length
  against the bytes on the wire, a size cap on what is received (gzip included), a
  deadline per file over redirects and body (`--timeout` bounds each read only);
- content: each file of the format the source names, whole (completeness.py), read as
  exactly one list, of that format and, when a reader gives the source's key, of that
  key (the ofac-sdn URL returning the UN list fails, saying so);
- date: a date inside the file more than a day ahead refuses the list; a list without
  one is dated by Last-Modified, and a future Last-Modified refuses it too;
- activation: Store.add's rule (a list that loses more than `max_shrink` of the active
  list's entities is stored, not activated, unless `--force`).

Anything that fails leaves that source's previous snapshot active and says why.

Redirects are followed one by one, by this module and not by httpx, so that each hop is
checked: only to https (never from https down to http, never to another scheme), unless
a run allows an http start to go on to http (local test servers). Every hop is in the
update message and in the snapshot's origin.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from caspian import __version__
from caspian.freshness import future_problem, in_future, today_utc
from caspian.lists.base import ListData, ListFormatError
from caspian.lists.detect import format_name, owned_key, read_paths, sniff
from caspian.lists.guards import DEFAULT_GUARDS, UpdateGuards
from caspian.lists.sources import (
    DEFAULT_MAX_BYTES,
    SOURCES_FILE,
    SourceConfig,
    human_size,
    load_sources,
    sources_path,
)
from caspian.lists.store import LoadOutcome, Store, StoreError

__all__ = [
    "ACCEPTED_TYPES",
    "DEFAULT_MAX_BYTES",
    "MAX_REDIRECTS",
    "SOURCES_FILE",
    "Download",
    "DownloadError",
    "SourceConfig",
    "UpdateResult",
    "check_redirect",
    "fetch",
    "load_sources",
    "open_client",
    "redirect_guard",
    "sources_path",
    "update",
    "update_source",
]

MAX_REDIRECTS = 10

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


@dataclass(frozen=True, slots=True)
class Download:
    """One file fetched: where it was asked for, every hop it took, what it weighed."""

    name: str
    url: str
    final_url: str
    size: int
    modified: str | None  # the server's Last-Modified day (ISO), if it sent one
    hops: tuple[str, ...] = ()  # every URL requested, the first and the final included

    @property
    def chain(self) -> tuple[str, ...]:
        if self.hops:
            return self.hops
        return (self.url,) if self.final_url == self.url else (self.url, self.final_url)

    @property
    def origin(self) -> str:
        """What the snapshot's origin records: every hop, in order."""
        return " -> ".join(self.chain)

    def describe(self) -> str:
        if len(self.chain) == 1:
            return f"{self.name} from {self.url}"
        return f"{self.name} from {self.final_url} (redirected: {self.origin})"


def _scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return ""


def check_redirect(current: str, target: str, *, allow_http: bool = False) -> None:
    """Refuse a redirect that leaves https, or leads anywhere but http(s).

    https is always followed; http only when the run allows it and the hop starts from
    http already (a local server): a step down from https to http never is.
    """
    here, there = (_scheme(url) for url in (current, target))
    if there == "https":
        return
    if there != "http":
        raise DownloadError(f"redirect refused: {current} -> {target} (not an http or https URL)")
    if here == "https":
        raise DownloadError(f"redirect refused: {current} -> {target} (https to http, a downgrade)")
    if not allow_http:
        raise DownloadError(
            f"redirect refused: {current} -> {target} (only redirects to https are followed)"
        )


def redirect_guard(allow_http: bool) -> Callable[[httpx.Response], Awaitable[None]]:
    """A response hook that checks a redirect's Location as the server sent it.

    httpx builds the next request from a Location before handing the response back, and
    rewrites (`file:///x` gains a host) or chokes on (`data:`) odd ones; checked here
    first, every refusal says plainly where the server tried to send us.
    """

    async def check(response: httpx.Response) -> None:
        if response.has_redirect_location:
            here = str(response.request.url)
            location = response.headers["location"].strip()
            try:
                there = urljoin(here, location)
            except ValueError:
                raise DownloadError(f"redirect refused: {here} -> {location} (not a URL)") from None
            check_redirect(here, there, allow_http=allow_http)

    return check


def open_client(
    *, timeout: float = 60.0, allow_http_redirects: bool = False
) -> httpx.AsyncClient:
    """The client updates use: no automatic redirects (fetch follows them, checked).

    Asynchronous so that a deadline can end a download wherever it stands: connecting,
    reading headers dripped a byte at a time, or reading the body (`--timeout` bounds
    each read only, which a server sending a byte now and then never trips).
    """
    headers = {
        "User-Agent": f"caspian/{__version__} (sanctions list update)",
        # Only the encodings httpx always decodes, and whose bombs the cap bounds.
        "Accept-Encoding": "gzip, deflate",
    }
    return httpx.AsyncClient(
        timeout=timeout,
        follow_redirects=False,
        headers=headers,
        event_hooks={"response": [redirect_guard(allow_http_redirects)]},
    )


def _too_large(url: str, what: str, limit: int) -> DownloadError:
    return DownloadError(
        f"too large: {url} {what}, over the limit of {limit:,} bytes ({human_size(limit)}); "
        "raise max_bytes for this source in sources.toml, or --max-bytes"
    )


async def _receive(response: httpx.Response, url: str, dest: Path, max_bytes: int) -> int:
    """Write a 200 response's body to `dest`, whole and within the cap; its size in bytes."""
    if response.status_code != 200:
        raise DownloadError(f"HTTP {response.status_code} from {url}")
    _check_type(dest.name, response.headers.get("content-type", ""))
    declared = response.headers.get("content-length")
    expected = int(declared) if declared is not None and declared.isdigit() else None
    if expected is not None and expected > max_bytes:
        raise _too_large(url, f"declares {expected:,} bytes", max_bytes)
    received = 0
    with dest.open("wb") as fh:
        # Decoded bytes count against the cap: a small gzip body may unpack to a lot.
        async for chunk in response.aiter_bytes():
            received += len(chunk)
            if received > max_bytes:
                raise _too_large(url, f"sent more than {max_bytes:,} bytes", max_bytes)
            fh.write(chunk)
    # Content-Length counts the bytes on the wire, which gzip makes fewer than received.
    if expected is not None and response.num_bytes_downloaded != expected:
        raise DownloadError(
            f"truncated: received {response.num_bytes_downloaded} of {expected} bytes"
        )
    if received == 0:
        raise DownloadError("empty response")
    return received


def _day(http_date: str | None) -> str | None:
    if not http_date:
        return None
    try:
        return parsedate_to_datetime(http_date).date().isoformat()
    except (TypeError, ValueError):
        return None


async def _follow(
    client: httpx.AsyncClient, url: str, dest: Path, max_bytes: int,
    allow_http_redirects: bool, hops: list[str],
) -> Download:  # fmt: skip
    current = httpx.URL(url)
    for _ in range(MAX_REDIRECTS + 1):
        response = await client.send(client.build_request("GET", current), stream=True)
        try:
            if response.next_request is not None:
                target = response.next_request.url
                check_redirect(str(current), str(target), allow_http=allow_http_redirects)
                current = target
                hops.append(str(target))
                continue
            size = await _receive(response, str(current), dest, max_bytes)
            modified = _day(response.headers.get("last-modified"))
            return Download(dest.name, url, str(current), size, modified, tuple(hops))
        finally:
            await response.aclose()
    raise DownloadError(f"too many redirects: more than {MAX_REDIRECTS} from {url}")


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    dest: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_http_redirects: bool = False,
    deadline: float = DEFAULT_GUARDS.deadline,
) -> Download:
    """Download `url` to `dest` whole, following only redirects that check_redirect allows,
    within `deadline` seconds in all, redirects and body included."""
    hops = [url]
    try:
        async with asyncio.timeout(deadline):
            return await _follow(client, url, dest, max_bytes, allow_http_redirects, hops)
    except TimeoutError:
        got = dest.stat().st_size if dest.exists() else 0
        raise DownloadError(
            f"too slow: {hops[-1]} took more than {deadline:g} s ({got:,} bytes received); "
            "the deadline is per file: raise deadline for this source in sources.toml, or "
            "--deadline"
        ) from None
    except httpx.RemoteProtocolError as exc:
        raise DownloadError(f"truncated: connection closed early ({exc})") from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise DownloadError(f"download failed: {exc or type(exc).__name__}") from None


async def _fetch_all(
    source: SourceConfig, folder: Path, downloads: list[Download], *, timeout: float,
    max_bytes: int, allow_http_redirects: bool, deadline: float,
) -> None:  # fmt: skip
    async with open_client(timeout=timeout, allow_http_redirects=allow_http_redirects) as client:
        for name, url in source.files.items():
            try:
                downloads.append(await fetch(client, url, folder / name, max_bytes=max_bytes,
                                             allow_http_redirects=allow_http_redirects,
                                             deadline=deadline))  # fmt: skip
            except DownloadError as exc:
                raise DownloadError(f"{name}: {exc}") from None


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """One source's update: `ok` only when its list is now the active one (or already was)."""

    source: str
    ok: bool
    message: str
    outcome: LoadOutcome | None = None
    downloads: tuple[Download, ...] = ()

    @property
    def held(self) -> bool:
        """Stored, not activated: the new snapshot waits for --force."""
        return self.outcome is not None and self.outcome.status == "held"


# Where downloads land: a folder of the data directory, never the system's temporary
# folder (which may be small, shared, or a RAM disk), removed when the update ends.
DOWNLOADS_DIR = "downloads"
_STALE_SECONDS = 24 * 3600


def downloads_root(data_dir: Path) -> Path:
    root = data_dir / DOWNLOADS_DIR
    root.mkdir(parents=True, exist_ok=True)
    return root


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # no cheap check elsewhere: age alone decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clear_stale_downloads(root: Path) -> list[Path]:
    """Remove the folders of updates that died (kill -9, a power cut): their process is
    gone, or they are more than a day old. Returns the folders removed."""
    removed = []
    now = time.time()
    for folder in root.glob("update-*"):
        pid = folder.name.split("-")[1]
        try:
            old = now - folder.stat().st_mtime > _STALE_SECONDS
        except OSError:
            continue
        dead = pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid))
        if folder.is_dir() and (old or dead):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _expected(source: SourceConfig) -> str | None:
    """Why a source cannot be checked against what it downloads, or None."""
    if source.format is None and not owned_key(source.key):
        return (
            f"the key {source.key!r} is no list Caspian's readers give, so the list it "
            "downloads cannot be checked: add format = \"...\" to this source in "
            "sources.toml (`caspian lists sources` shows the formats)"
        )
    return None


def _check_file(source: SourceConfig, path: Path) -> None:
    """A downloaded file of another format than the source's names what came instead."""
    fmt = sniff(path)
    if fmt is None or source.format is None:
        return  # read_paths says what it is not; the list key is checked after reading
    if fmt.partition(":")[0] != source.format:
        raise DownloadError(
            f"{path.name}: the {source.key} URL returned {format_name(fmt)}, not "
            f"{format_name(source.format)}"
        )


def _check_list(source: SourceConfig, listdata: ListData) -> None:
    if source.format is not None and listdata.format != source.format:
        got = f"{listdata.title} ({listdata.format})"
        raise DownloadError(
            f"the {source.key} URL returned {got}, not {format_name(source.format)}"
        )
    if owned_key(source.key) and listdata.source != source.key:
        raise DownloadError(
            f"the {source.key} URL returned {listdata.title} ({listdata.format}, list "
            f"{listdata.source}), not the {source.key} list"
        )


def _date(listdata: ListData, downloads: Sequence[Download], today: date) -> list[str]:
    """Settle the list's date; notes for the message. A date from inside the file counts;
    a list without one is dated by the servers' Last-Modified, else the download day.

    A future date inside the file refuses the list. A future Last-Modified refuses a
    list it would date (a server that dates its file in the future is not trusted to
    date a list that cannot date itself: it could be old content labelled as new, and
    displace a newer active list); beside a date of the list's own it is only noted.
    """
    notes = []
    if listdata.published_from == "file":
        problem = future_problem(listdata.published, today, "the file says it was published")
        if problem:
            raise DownloadError(f"refused: {problem}")
        for d in downloads:
            if in_future(d.modified, today):
                notes.append(f"{d.name}: the server's Last-Modified {d.modified} is in the "
                             "future; ignored (the list's own date counts)")  # fmt: skip
        return notes
    for d in downloads:
        problem = future_problem(d.modified, today, f"the server dates {d.name} (Last-Modified)")
        if problem:
            raise DownloadError(
                f"refused: {problem}; the list carries no date of its own, so nothing "
                "else can date it"
            )
    server_dates = [d.modified for d in downloads if d.modified]
    if server_dates:
        listdata.published, listdata.published_from = max(server_dates), "http"
    else:
        listdata.published, listdata.published_from = today.isoformat(), "download"
    return notes


def update_source(
    store: Store,
    source: SourceConfig,
    *,
    timeout: float = 60.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_http_redirects: bool = False,
    guards: UpdateGuards = DEFAULT_GUARDS,
    force: bool = False,
) -> UpdateResult:
    """Fetch, check, parse and store one source; on any failure the store is left as it was.

    The source's own `max_bytes`, `max_shrink` and `deadline` (sources.toml) win over the
    run's. The list must be the one the source names (its `format`, and its key when a
    reader gives that key), whole (completeness.py), dated no later than tomorrow, and
    lose no more than `max_shrink` of the active list's entities (else it is stored, not
    activated, unless `force`).
    """
    cap = source.max_bytes or max_bytes
    deadline = source.deadline or guards.deadline
    max_shrink = guards.max_shrink if source.max_shrink is None else source.max_shrink
    unchecked = _expected(source)
    if unchecked:
        store.log_failure(source.key, "update", unchecked)
        return UpdateResult(source.key, False, f"previous snapshot kept: {unchecked}")
    root = downloads_root(store.data_dir)
    clear_stale_downloads(root)
    label = f"update-{os.getpid()}-{source.key}-"
    with tempfile.TemporaryDirectory(prefix=label, dir=root) as tmp:
        folder = Path(tmp)
        downloads: list[Download] = []
        try:
            asyncio.run(_fetch_all(source, folder, downloads, timeout=timeout, max_bytes=cap,
                                   allow_http_redirects=allow_http_redirects,
                                   deadline=deadline))  # fmt: skip
            for name in source.files:
                _check_file(source, folder / name)
            result = read_paths([folder / name for name in source.files])
            if len(result.lists) != 1:
                raise ListFormatError(
                    folder,
                    f"the files of {source.key} read as {len(result.lists)} lists",
                    expected="exactly one list per source",
                )
            listdata = result.lists[0]
            _check_list(source, listdata)
            notes = _date(listdata, downloads, today_utc())
            listdata.source = source.key
            listdata.title = source.title
            outcome = store.add(listdata, origin=" ".join(d.origin for d in downloads),
                                max_shrink=max_shrink, force=force,
                                action="update")  # fmt: skip
        except (DownloadError, ListFormatError, StoreError) as exc:
            message = str(exc)
            for prefix in (str(folder) + "/", str(folder) + "\\", str(folder)):
                message = message.replace(prefix, "")
            store.log_failure(source.key, "update", message)
            return UpdateResult(source.key, False, f"previous snapshot kept: {message}",
                                downloads=tuple(downloads))  # fmt: skip
    parts = [outcome.message, *notes, *(d.describe() for d in downloads)]
    if outcome.status == "held":
        active = store.active_version(source.key)
        kept = f"the active snapshot #{active.snapshot_id} stays" if active else "nothing active"
        parts.insert(1, kept)
        return UpdateResult(source.key, False, "; ".join(parts), outcome, tuple(downloads))
    return UpdateResult(source.key, True, "; ".join(parts), outcome, tuple(downloads))


def update(
    store: Store,
    sources: Sequence[SourceConfig],
    *,
    timeout: float = 60.0,
    on_result: Callable[[UpdateResult], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_http_redirects: bool = False,
    guards: UpdateGuards = DEFAULT_GUARDS,
    force: bool = False,
) -> list[UpdateResult]:
    results = []
    for source in sources:
        result = update_source(store, source, timeout=timeout, max_bytes=max_bytes,
                               allow_http_redirects=allow_http_redirects, guards=guards,
                               force=force)  # fmt: skip
        results.append(result)
        if on_result:
            on_result(result)
    return results
