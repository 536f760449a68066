"""The one base of every exception the tool raises on purpose: a message for the user and what to do next.

Anything else that escapes is a bug; the shell catches IsmsError once (cli.main) and prints it without a
traceback, while any other exception is reported as an internal error.
"""

from __future__ import annotations


class IsmsError(Exception):
    """A problem the user can act on. `hint` says what to do; it is printed on its own line when given."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message
