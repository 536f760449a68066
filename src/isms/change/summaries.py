"""Asking authors for a change summary: the commit-msg hook names each controlled document whose text a
commit changes without a `Change-Summary:` trailer (or a changed `change_summary` field), and says how
to give one. The summary is what the document's history, "What changed" and its PDFs show for the
version; without one they fall back to the commit's subject and say so.
"""

from __future__ import annotations

from pathlib import Path

from isms.core.revisions import SUMMARY_FIELD, SUMMARY_TRAILER, summary_target
from isms.git.run import GitError
from isms.git.staging import Repository
from isms.read.frontmatter import scalar_fields

HOW = (
    f"add a trailer to the commit message, after a blank line: `{SUMMARY_TRAILER}: what changed and why`"
    f" (or `{SUMMARY_TRAILER}: ID: …` for one document of several), or set `{SUMMARY_FIELD}:` in the"
    " front matter; without it the history shows the commit's subject instead"
)


def without_summary(root: Path, message: str) -> list[str]:
    """The ids of the documents whose text this commit changes and for which the message gives no summary."""
    given = _summaries(message)
    if "" in given:
        return []  # one summary for every document of the commit
    repo = Repository.open(root)
    try:
        repo.git("rev-parse", "-q", "--verify", "MERGE_HEAD")
        return []  # a merge: its sides said what they changed
    except GitError:
        pass
    missing = []
    for item in repo.staged():
        if item.new is None:
            continue
        new = scalar_fields(item.path, item.new)
        old = scalar_fields(item.old_path, item.old) if item.old is not None else None
        if new is None or (old is not None and old.key == new.key):
            continue
        values = dict(new.values)
        document_id = values.get("id", "")
        stated = values.get(SUMMARY_FIELD, "")
        if not document_id or document_id in given:
            continue
        if stated and stated != dict(old.values if old else ()).get(SUMMARY_FIELD):
            continue  # the summary is in the front matter
        missing.append(document_id)
    return missing


def _summaries(message: str) -> set[str]:
    """The documents the message's Change-Summary trailers name ("" for a trailer that names none)."""
    found = set()
    for line in message.splitlines():
        key, colon, value = line.partition(":")
        if not colon or key.strip().lower() != SUMMARY_TRAILER.lower() or not value.strip():
            continue
        found.add(summary_target(value)[0])
    return found
