"""A local HTTP server that serves the shared list files, and breaks them on request.

It binds a loopback address only (127.0.0.1 unless told another 127.x one), and every
route that could run long (the drip) stops by itself.

Routes, each followed by a path under the served folder:
- /ok/<path>: the file, with a proper content type, Content-Length and Last-Modified;
- /octet/<path>: the same as application/octet-stream (what fits any list file);
- /html/<path>: 200 with an HTML page instead; /missing/<path>: 404;
- /html-as-list/<path>: 200 with an HTML page labelled with the file's own content type;
- /trunc/<path>: promises the whole length and sends half;
- /nolength/<path>: the file with no Content-Length, the end told by closing;
- /close-cut/<path>: no Content-Length, the first half cut at a line end, then closed:
  to HTTP a whole response;
- /chunked-cut/<path>: chunked, the first half cut at a line end, the last chunk sent:
  to HTTP a whole response too;
- /chunked-abort/<path>: chunked, the first half, then closed without the last chunk;
- /gzip/<path>: the file gzip-encoded (Content-Length counts the compressed bytes);
- /future/<path>: the file with a Last-Modified in 2099;
- /drip/<path>: the file a few bytes at a time, DRIP_BYTES every DRIP_PAUSE seconds, with
  no Content-Length; it gives up after DRIP_LIMIT seconds or when the client leaves;
- /drip-headers/<path>: the response's headers themselves, one byte every DRIP_PAUSE;
- /redirect/<n>/<route>/<path>: n redirects (302, relative Location), then <route>;
- /loop/<path>: redirects to itself for ever.
And /redirect-to?url=<URL>: one redirect to any URL (https, ftp, file, another host...);
/bomb?mib=<n>: a gzip body that unpacks to n MiB of zeros (about 1 KiB per MiB sent).
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

TYPES = {".csv": "text/csv", ".xml": "application/xml", ".txt": "text/plain",
         ".json": "application/json"}  # fmt: skip
LAST_MODIFIED = "Tue, 03 Nov 2026 10:00:00 GMT"
FUTURE_MODIFIED = "Thu, 01 Jan 2099 10:00:00 GMT"
HTML_PAGE = b"<html><body>Service temporarily unavailable</body></html>"
DRIP_BYTES, DRIP_PAUSE, DRIP_LIMIT = 16, 0.25, 30.0


def cut_at_line_end(body: bytes) -> bytes:
    """The body up to the first line end at or after its middle: a cut no line shows."""
    end = body.find(b"\n", len(body) // 2)
    return body if end < 0 else body[: end + 1]


def gzip_bomb(mib: int) -> bytes:
    """A gzip stream of `mib` MiB of zeros, compressed about a thousand to one."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1024 * 1024)
    return b"".join(packer.compress(block) for _ in range(mib)) + packer.flush()


def _handler(root: Path) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # chunked encoding needs 1.1

        def log_message(self, format: str, *args: object) -> None:
            pass

        def handle(self) -> None:
            # A client that hung up (a deadline, a refused file) is not a failure.
            with contextlib.suppress(ConnectionError):
                super().handle()

        def _redirect(self, location: str) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _page(self, body: bytes, content_type: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _chunked(self, body: bytes, *, finish: bool) -> None:
            for start in range(0, len(body), 8192):
                part = body[start : start + 8192]
                self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
            if finish:
                self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
            self.close_connection = True

        def _drip(self, body: bytes, size: int = DRIP_BYTES) -> None:
            ends = time.monotonic() + DRIP_LIMIT
            try:
                for start in range(0, len(body), size):
                    if time.monotonic() > ends:
                        break
                    self.wfile.write(body[start : start + size])
                    self.wfile.flush()
                    time.sleep(DRIP_PAUSE)
            except OSError:
                pass  # the client gave up: what a deadline is for
            self.close_connection = True

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = parse_qs(url.query)
            if url.path == "/redirect-to":
                self._redirect(query["url"][0])
                return
            if url.path == "/bomb":
                body = gzip_bomb(int(query.get("mib", ["64"])[0]))
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            mode, _, rel = url.path.lstrip("/").partition("/")
            if mode == "redirect":
                hops, _, rest = rel.partition("/")
                left = int(hops) - 1
                self._redirect(f"/redirect/{left}/{rest}" if left > 0 else f"/{rest}")
                return
            if mode == "loop":
                self._redirect(url.path)
                return
            file = (root / rel).resolve()
            if mode == "missing" or not file.is_file() or root not in file.parents:
                self.send_error(404)
                return
            content_type = TYPES.get(file.suffix.lower(), "application/octet-stream")
            if mode == "octet":
                content_type, mode = "application/octet-stream", "ok"
            body = file.read_bytes()
            if mode == "html":
                self._page(HTML_PAGE, "text/html; charset=utf-8")
                return
            if mode == "html-as-list":
                self._page(HTML_PAGE, content_type)
                return
            if mode == "drip-headers":
                # The status line and headers themselves, a byte at a time, never done.
                self._drip(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"x" * 100_000, size=1)
                return
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            modified = FUTURE_MODIFIED if mode == "future" else LAST_MODIFIED
            self.send_header("Last-Modified", modified)
            if mode in {"chunked-cut", "chunked-abort"}:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                cut = cut_at_line_end(body) if mode == "chunked-cut" else body[: len(body) // 2]
                self._chunked(cut, finish=mode == "chunked-cut")
                return
            if mode == "gzip":
                body = gzip.compress(body)
                self.send_header("Content-Encoding", "gzip")
            if mode not in {"nolength", "close-cut", "drip"}:
                self.send_header("Content-Length", str(len(body)))
            else:
                self.send_header("Connection", "close")
            self.end_headers()
            if mode == "drip":
                self._drip(body)
                return
            if mode == "trunc":
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(cut_at_line_end(body) if mode == "close-cut" else body)
            if mode in {"nolength", "close-cut"}:
                self.close_connection = True

    return Handler


@contextmanager
def serve(root: Path, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve `root` on a free port of a loopback address; yields the base URL."""
    if not host.startswith("127."):
        raise ValueError(f"{host}: the test server binds loopback addresses only")
    server = ThreadingHTTPServer((host, 0), _handler(root.resolve()))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
