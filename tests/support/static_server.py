"""A static folder served on a loopback port by the standard library, for the browser tests."""

from __future__ import annotations

from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path


class _QuietHandler(SimpleHTTPRequestHandler):
    """A handler that does not log every request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


def quiet_handler(folder: Path) -> type[SimpleHTTPRequestHandler]:
    """The http.server handler class for serving `folder`, without a log line per request."""
    return partial(_QuietHandler, directory=str(folder))  # type: ignore[return-value]
