"""A local HTTP server that serves the shared list files, and breaks them on request.

Routes, each followed by a path under the shared lists folder:
- /ok/<path>: the file, with a proper content type, Content-Length and Last-Modified;
- /html/<path>: 200 with an HTML page instead; /missing/<path>: 404;
- /trunc/<path>: promises the whole length and sends half;
- /nolength/<path>: the file with no Content-Length, the end told by closing;
- /gzip/<path>: the file gzip-encoded (Content-Length counts the compressed bytes);
- /redirect/<n>/<route>/<path>: n redirects (302, relative Location), then <route>;
- /loop/<path>: redirects to itself for ever.
And /redirect-to?url=<URL>: one redirect to any URL (https, ftp, file...).
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

TYPES = {".csv": "text/csv", ".xml": "application/xml", ".txt": "text/plain",
         ".json": "application/json"}  # fmt: skip
LAST_MODIFIED = "Tue, 03 Nov 2026 10:00:00 GMT"


def _handler(root: Path) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def _redirect(self, location: str) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/redirect-to":
                self._redirect(parse_qs(url.query)["url"][0])
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
            body = file.read_bytes()
            if mode == "html":
                page = b"<html><body>Service temporarily unavailable</body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)
                return
            self.send_response(200)
            self.send_header("Content-Type", TYPES.get(file.suffix, "application/octet-stream"))
            self.send_header("Last-Modified", LAST_MODIFIED)
            if mode == "gzip":
                body = gzip.compress(body)
                self.send_header("Content-Encoding", "gzip")
            if mode != "nolength":
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if mode == "trunc":
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body)
            if mode == "nolength":
                self.close_connection = True

    return Handler


@contextmanager
def serve(root: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(root.resolve()))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
