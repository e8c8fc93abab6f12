"""A local HTTP server that serves the shared list files, and breaks them on request.

Routes: /ok/<path> serves a file under the shared lists folder with a proper content
type and Last-Modified; /html/<path> answers 200 with an HTML page; /trunc/<path> promises
the whole length and sends half; /missing/<path> answers 404.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TYPES = {".csv": "text/csv", ".xml": "application/xml", ".txt": "text/plain",
         ".json": "application/json"}  # fmt: skip
LAST_MODIFIED = "Tue, 03 Nov 2026 10:00:00 GMT"


def _handler(root: Path) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            mode, _, rel = self.path.lstrip("/").partition("/")
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
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Last-Modified", LAST_MODIFIED)
            self.end_headers()
            if mode == "trunc":
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body)

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
