"""Which text of a document a version spec names: a version (1.3), a commit, or the working copy.

`isms diff ID [FROM] [TO]` compares two such texts. The specs are resolved against the document's
history read from git, so a version is found by the document's id wherever its file was then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from isms.core.errors import IsmsError
from isms.core.model import Document
from isms.core.revisions import History, Revision

WORKING = "working"
"""The spec that names the working copy of the document."""


class VersionSpecError(IsmsError):
    """A FROM or TO that names no version, commit or working copy of the document."""


@dataclass(frozen=True)
class VersionText:
    label: str  # for a heading: '1.3 (abcdef12)' or 'working copy'
    text: str  # the source file as it was


def default_specs(document_id: str, specs: Sequence[str], revisions: Sequence[Revision]) -> tuple[str, str]:
    """FROM and TO: both as given; TO missing is the latest version (the working copy when none is
    committed); both missing are the last two committed versions."""
    if len(specs) >= 2:
        return specs[0], specs[1]
    if len(specs) == 1:
        return specs[0], revisions[-1].version if revisions else WORKING
    if len(revisions) < 2:
        raise VersionSpecError(
            f"{document_id} has one committed version; compare it with: isms diff {document_id} 1.0 working"
        )
    return revisions[-2].version, revisions[-1].version


def version_text(
    spec: str, revisions: Sequence[Revision], history: History, root: Path, current: Document | None
) -> VersionText:
    """The text `spec` names: 'working', a version of `revisions`, or a commit (4 or more hex digits)
    that changed the document. VersionSpecError when it names none of them."""
    if spec == WORKING:
        if current is None:
            raise VersionSpecError("the document is not in the working tree")
        try:
            return VersionText("working copy", (root / current.path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise VersionSpecError(f"cannot read {current.path}: {error}") from None
    for revision in revisions:
        if revision.version == spec:
            return VersionText(f"{spec} ({revision.last.commit.short})", history.text(revision.last))
    if _is_commit(spec):
        for revision in revisions:
            for change in revision.changes:
                if change.commit.sha.startswith(spec.lower()):
                    return VersionText(f"{change.version} ({change.commit.short})", history.text(change))
    known = ", ".join(r.version for r in revisions) or "none"
    raise VersionSpecError(f"'{spec}' is not a version or commit of this document (versions: {known}; or 'working')")


def _is_commit(spec: str) -> bool:
    return len(spec) >= 4 and all(c in "0123456789abcdef" for c in spec.lower())
