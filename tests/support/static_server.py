"""A static folder served on a loopback port by the standard library, for the browser tests."""

from __future__ import annotations

import gzip
import io
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


class _QuietHandler(SimpleHTTPRequestHandler):
    """A handler that does not log every request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


def quiet_handler(folder: Path) -> type[SimpleHTTPRequestHandler]:
    """The http.server handler class for serving `folder`, without a log line per request."""
    return partial(_QuietHandler, directory=str(folder))  # type: ignore[return-value]


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """`folder` served on a loopback port until the block ends; yields its base URL."""
    with _served(ThreadingHTTPServer(("127.0.0.1", 0), quiet_handler(folder))) as base:
        yield base


# What the shipped nginx configuration compresses on the fly (`gzip on` covers text/html;
# `gzip_types` adds the rest), at nginx's default level.
COMPRESSED_TYPES = {"text/html", "text/css", "application/javascript", "text/javascript", "application/json"}
COMPRESSED_TYPES |= {"image/svg+xml"}
ON_THE_FLY_LEVEL = 1


class _GzipHandler(_QuietHandler):
    """Serves a file the way the shipped nginx configuration does: its `.gz` copy as it is when
    there is one and the client accepts gzip (`gzip_static on`), other text compressed on the fly.
    Compressed bodies are kept in memory, so repeated runs measure the browser, not this server."""

    cache: dict[Path, bytes]

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()  # redirects, 404s and clients without gzip as before
        kind = self.guess_type(str(path))
        static = path.with_name(path.name + ".gz")
        if static.is_file():
            body = static.read_bytes()
        elif kind in COMPRESSED_TYPES:
            body = self.cache.get(path) or gzip.compress(path.read_bytes(), compresslevel=ON_THE_FLY_LEVEL, mtime=0)
            self.cache[path] = body
        else:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serving_gzip(folder: Path) -> Iterator[str]:
    """`folder` served with gzip as by the shipped nginx configuration; yields its base URL."""
    handler = type("_Handler", (_GzipHandler,), {"cache": {}})
    with _served(ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))) as base:
        yield base


@contextmanager
def _served(server: ThreadingHTTPServer) -> Iterator[str]:
    """The server answering on its own thread until the block ends; yields its base URL."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def fetch(url: str) -> str:
    """The text at url, or "" when nothing answers (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""
