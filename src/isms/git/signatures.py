"""Who signed a commit: git's verdict on each signature and the fingerprint of the key that made it.

SSH signatures are checked against an allowed-signers file written from the keys listed in isms.yml, so
git trusts exactly the keys the ISMS names, not whatever the machine running the check trusts. GPG
signatures are checked by the keyring as usual; the fingerprint then says whose key it was.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from isms.core.keys import is_ssh_key
from isms.core.settings import Person
from isms.git.run import GitError, run


@dataclass(frozen=True)
class Signature:
    # git's %G?: G good, U good (validity unknown), B bad, N none, E cannot check, X/Y/R expired or revoked
    status: str
    fingerprints: tuple[str, ...]  # of the signing key and, for GPG, its primary key

    @property
    def good(self) -> bool:
        return self.status in ("G", "U")


def signatures(root: Path, shas: list[str], people: tuple[Person, ...]) -> dict[str, Signature]:
    """The signature of each commit, SSH keys trusted only when isms.yml lists them for a person."""
    if not shas:
        return {}
    lines = [f"{person.email or person.id} {key.strip()}" for person in people for key in person.signing_keys]
    with tempfile.NamedTemporaryFile("w", suffix=".allowed-signers", encoding="utf-8") as allowed:
        allowed.write("".join(f"{line}\n" for line in lines if is_ssh_key(line.split(" ", 1)[1])))
        allowed.flush()
        try:
            output = run(
                root,
                "-c",
                f"gpg.ssh.allowedSignersFile={allowed.name}",
                "log",
                "--no-walk=unsorted",
                "--format=%H %G? %GF %GP",
                *shas,
            ).decode()
        except GitError:
            return {}
    found = {}
    for line in output.splitlines():
        sha, status, *keys = line.split()
        found[sha] = Signature(status, tuple(k.upper() if not k.startswith("SHA256:") else k for k in keys))
    return found
