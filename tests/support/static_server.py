"""A static folder served on a loopback port by the standard library, for the browser tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


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
    server = ThreadingHTTPServer(("127.0.0.1", 0), quiet_handler(folder))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
