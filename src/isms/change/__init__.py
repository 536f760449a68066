"""Layer 7, change: what alters the repository: hooks, version bumps, approvals, new and imported documents."""

from isms.core.errors import IsmsError


class HookError(IsmsError):
    """A hook (or a command that writes as one does) cannot go on; the message says what to do. Nothing was
    changed."""
