"""Signing keys as isms.yml lists them, and the fingerprints git reports for them: SHA256:… for an SSH public
key, the upper-case hex fingerprint for a GPG key."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re

_SSH_KEY = re.compile(r"(?:ssh-(?:ed25519|rsa|dss)|ecdsa-sha2-nistp(?:256|384|521)|sk-\S+)\s+([A-Za-z0-9+/=]+)")
_GPG_FINGERPRINT = re.compile(r"[0-9A-F]{40}|[0-9A-F]{64}")


def is_ssh_key(key: str) -> bool:
    return _SSH_KEY.match(key.strip()) is not None


def key_fingerprint(key: str) -> str | None:
    """The fingerprint git reports for a listed key: SHA256:… for an SSH public key, the upper-case hex
    fingerprint for a GPG key; None when the text is neither."""
    ssh = _SSH_KEY.match(key.strip())
    if ssh:
        try:
            blob = base64.b64decode(ssh[1], validate=True)
        except (binascii.Error, ValueError):
            return None
        return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
    compact = key.replace(" ", "").upper()
    return compact if _GPG_FINGERPRINT.fullmatch(compact) else None
