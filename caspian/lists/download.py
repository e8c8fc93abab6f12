"""`caspian lists update`: download each configured official list and store it atomically.

A source's files are fetched into a temporary folder, checked (HTTP status, content
type, length, size cap, where redirects lead), parsed, and only then stored in one
transaction. Anything that fails leaves that source's previous snapshot active and
says why.

Redirects are followed one by one, by this module and not by httpx, so that each hop is
checked: only to https (never from https down to http, never to another scheme), unless
a run allows an http start to go on to http (local test servers). Where a file came from
after its redirects is in the update message and in the snapshot's origin.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from caspian import __version__
from caspian.lists.base import ListFormatError
from caspian.lists.detect import read_paths
from caspian.lists.sources import (
    DEFAULT_MAX_BYTES,
    SOURCES_FILE,
    SourceConfig,
    human_size,
    load_sources,
    sources_path,
)
from caspian.lists.store import LoadOutcome, Store

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
    """One file fetched: where it was asked for, where it came from, what it weighed."""

    name: str
    url: str
    final_url: str
    size: int
    modified: str | None  # the server's Last-Modified day (ISO), if it sent one

    @property
    def origin(self) -> str:
        return self.url if self.final_url == self.url else f"{self.url} -> {self.final_url}"

    def describe(self) -> str:
        if self.final_url == self.url:
            return f"{self.name} from {self.url}"
        return f"{self.name} from {self.final_url} (redirected from {self.url})"


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


def redirect_guard(allow_http: bool) -> Callable[[httpx.Response], None]:
    """A response hook that checks a redirect's Location as the server sent it.

    httpx builds the next request from a Location before handing the response back, and
    rewrites (`file:///x` gains a host) or chokes on (`data:`) odd ones; checked here
    first, every refusal says plainly where the server tried to send us.
    """

    def check(response: httpx.Response) -> None:
        if response.has_redirect_location:
            here = str(response.request.url)
            location = response.headers["location"].strip()
            try:
                there = urljoin(here, location)
            except ValueError:
                raise DownloadError(f"redirect refused: {here} -> {location} (not a URL)") from None
            check_redirect(here, there, allow_http=allow_http)

    return check


def open_client(*, timeout: float = 60.0, allow_http_redirects: bool = False) -> httpx.Client:
    """The client updates use: no automatic redirects (fetch follows them, checked)."""
    headers = {
        "User-Agent": f"caspian/{__version__} (sanctions list update)",
        # Only the encodings httpx always decodes, and whose bombs the cap bounds.
        "Accept-Encoding": "gzip, deflate",
    }
    return httpx.Client(
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


def _receive(response: httpx.Response, url: str, dest: Path, max_bytes: int) -> int:
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
        for chunk in response.iter_bytes():
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


def fetch(
    client: httpx.Client,
    url: str,
    dest: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_http_redirects: bool = False,
) -> Download:
    """Download `url` to `dest` whole, following only redirects that check_redirect allows."""
    try:
        current = httpx.URL(url)
        for _ in range(MAX_REDIRECTS + 1):
            response = client.send(client.build_request("GET", current), stream=True)
            try:
                if response.next_request is not None:
                    target = response.next_request.url
                    check_redirect(str(current), str(target), allow_http=allow_http_redirects)
                    current = target
                    continue
                size = _receive(response, str(current), dest, max_bytes)
                modified = _day(response.headers.get("last-modified"))
                return Download(dest.name, url, str(current), size, modified)
            finally:
                response.close()
    except httpx.RemoteProtocolError as exc:
        raise DownloadError(f"truncated: connection closed early ({exc})") from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise DownloadError(f"download failed: {exc}") from None
    raise DownloadError(f"too many redirects: more than {MAX_REDIRECTS} from {url}")


@dataclass(frozen=True, slots=True)
class UpdateResult:
    source: str
    ok: bool
    message: str
    outcome: LoadOutcome | None = None
    downloads: tuple[Download, ...] = ()


def update_source(
    store: Store,
    source: SourceConfig,
    client: httpx.Client,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_http_redirects: bool = False,
) -> UpdateResult:
    """Fetch, parse and store one source; on any failure the store is left as it was.

    The source's own `max_bytes` (sources.toml) wins over the run's `max_bytes`.
    """
    cap = source.max_bytes or max_bytes
    with tempfile.TemporaryDirectory(prefix=f"caspian-{source.key}-") as tmp:
        folder = Path(tmp)
        downloads: list[Download] = []
        try:
            for name, url in source.files.items():
                try:
                    downloads.append(fetch(client, url, folder / name, max_bytes=cap,
                                           allow_http_redirects=allow_http_redirects))  # fmt: skip
                except DownloadError as exc:
                    raise DownloadError(f"{name}: {exc}") from None
            result = read_paths([folder / name for name in source.files])
            if len(result.lists) != 1:
                raise ListFormatError(
                    folder,
                    f"the files of {source.key} read as {len(result.lists)} lists",
                    expected="exactly one list per source",
                )
            listdata = result.lists[0]
        except (DownloadError, ListFormatError) as exc:
            message = str(exc)
            for prefix in (str(folder) + "/", str(folder) + "\\", str(folder)):
                message = message.replace(prefix, "")
            store.log_failure(source.key, "update", message)
            return UpdateResult(source.key, False, f"previous snapshot kept: {message}",
                                downloads=tuple(downloads))  # fmt: skip
        listdata.source = source.key
        listdata.title = source.title
        if listdata.published_from == "mtime":
            # No date inside the list: the server's date is the best official one.
            server_dates = [d.modified for d in downloads if d.modified]
            if server_dates:
                listdata.published, listdata.published_from = max(server_dates), "http"
            else:
                listdata.published_from = "download"
        outcome = store.add(listdata, origin=" ".join(d.origin for d in downloads))
        message = "; ".join([outcome.message, *(d.describe() for d in downloads)])
        return UpdateResult(source.key, True, message, outcome, tuple(downloads))


def update(
    store: Store,
    sources: Sequence[SourceConfig],
    *,
    timeout: float = 60.0,
    on_result: Callable[[UpdateResult], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_http_redirects: bool = False,
) -> list[UpdateResult]:
    results = []
    with open_client(timeout=timeout, allow_http_redirects=allow_http_redirects) as client:
        for source in sources:
            result = update_source(store, source, client, max_bytes=max_bytes,
                                   allow_http_redirects=allow_http_redirects)  # fmt: skip
            results.append(result)
            if on_result:
                on_result(result)
    return results
