"""The commit-msg hook, and what the pre-commit hook leaves for it.

`commit_msg` refuses a message without a description (taking back the pre-commit hook's stamps), adds a
`Document: ID VERSION` trailer for every document whose content or version the commit changes, and names
the documents it changes without a change summary.

The pre-commit hook has read the staged documents already. It leaves the trailers and the documents
that need a summary in `isms/commit.json` in the git folder, with the tree and HEAD it saw; while the
index is still that tree on that HEAD, this hook takes them from there and imports nothing that reads
documents. Otherwise (a merge commit, which runs no pre-commit hook, or an index changed in between) it
reads the staged documents itself (`hooks.staged_message_facts`).

This module imports only git and the standard library, so the hook starts in a few tens of milliseconds.
"""

from __future__ import annotations

import base64
import hashlib
import json
import stat
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from isms.change import HookError
from isms.core.files import replace_file
from isms.core.trailers import DOCUMENT_TRAILER, SUMMARY_FIELD, SUMMARY_TRAILER, summary_target
from isms.git.run import GitError, NotARepository, run

HOW = (
    f"add a trailer to the commit message, after a blank line: `{SUMMARY_TRAILER}: what changed and why`"
    f" (or `{SUMMARY_TRAILER}: ID: …` for one document of several), or set `{SUMMARY_FIELD}:` in the"
    " front matter; without it the history shows the commit's subject instead"
)
"""How to give the change summary the history shows for a version."""

NO_DESCRIPTION = (
    "the commit message has no description of the change. Say what changed and why:"
    " its first line becomes the change summary in each document's revision history."
)


class MessageFacts(NamedTuple):
    """What the message of a commit of the staged documents must carry, and what may be asked of it."""

    trailers: list[str]  # "Document: ID VERSION" for each document whose content or version changes
    unsummarized: list[str]  # ids whose text changes and whose front matter gives no new change summary
    merging: bool  # a merge: its sides said what they changed


class CommitMessage(NamedTuple):
    trailers: list[str]  # the trailers added
    missing_summaries: list[str]  # ids of changed documents the message gives no change summary for


class GitPlace(NamedTuple):
    """The work tree a hook runs in, what it commits on, and where the hooks keep their notes (per
    worktree, in git's own folder)."""

    top: Path  # the top of the work tree
    head: str | None  # the commit HEAD names; None before the first commit
    merging: bool  # a merge is being committed (MERGE_HEAD)
    journal: Path  # the pre-commit hook's stamps, to take back when the commit is refused
    prepared: Path  # what the pre-commit hook prepared for this hook


def git_place(root: Path) -> GitPlace:
    """All of GitPlace from one git process (two before the first commit)."""
    paths = ["--show-toplevel", "--git-path", "isms-stamps.json", "--git-path", "isms", "--git-path", "MERGE_HEAD"]
    try:
        lines = run(root, "rev-parse", *paths, "--verify", "-q", "HEAD^{commit}").decode("utf-8").splitlines()
    except GitError:
        try:
            lines = [*run(root, "rev-parse", *paths).decode("utf-8").splitlines()[:4], ""]
        except GitError:
            raise NotARepository(f"{root} is not inside a git repository; run git init first") from None
    top = Path(lines[0]).resolve()
    # git gives the paths relative to the folder it ran in
    journal, folder, merge_head = ((root / path).resolve() for path in lines[1:4])
    return GitPlace(top, lines[4] or None, merge_head.is_file(), journal, folder / "commit.json")


def commit_msg(root: Path, message_file: Path, read_staged: Callable[[Path], MessageFacts]) -> CommitMessage:
    """Check the message, add the trailers; HookError when it has no description. `read_staged` gives the
    facts of the staged documents when the pre-commit hook prepared none for this index."""
    place = git_place(root)
    try:
        message = message_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise HookError(f"cannot read the commit message {message_file}: {error}") from None
    if not description(message, _comment_char(place.top)):
        undo_stamps(place)
        raise HookError(NO_DESCRIPTION)
    place.journal.unlink(missing_ok=True)
    facts = _prepared(place)
    if facts is None:
        facts = read_staged(root)
    if facts.trailers:
        arguments = ["interpret-trailers", "--in-place", "--if-exists", "addIfDifferent"]
        for trailer in facts.trailers:
            arguments += ["--trailer", trailer]
        run(place.top, *arguments, str(message_file.resolve()))
    given = summaries_named(message)
    # A merge brings summaries with its commits; a repository's first commit brings every document in
    # (a new ISMS, a copy of the example, an adoption), and its subject says so for all of them
    brought_in = facts.merging or place.head is None
    missing = [] if brought_in or "" in given else [i for i in facts.unsummarized if i not in given]
    return CommitMessage(facts.trailers, missing)


def prepare(place: GitPlace, facts: MessageFacts) -> None:
    """Leave the facts of the staged documents for the commit-msg hook, for the index as it is now."""
    state = _index_state(place)
    if state is None:
        return
    place.prepared.parent.mkdir(parents=True, exist_ok=True)
    record = {"state": state, **facts._asdict()}
    replace_file(place.prepared, json.dumps(record).encode("utf-8"))


def forget_prepared(place: GitPlace) -> None:
    place.prepared.unlink(missing_ok=True)


def _prepared(place: GitPlace) -> MessageFacts | None:
    """What the pre-commit hook prepared, when the index is still what it saw."""
    try:
        record = json.loads(place.prepared.read_text(encoding="utf-8"))
        facts = MessageFacts(list(record["trailers"]), list(record["unsummarized"]), bool(record["merging"]))
        state = record["state"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    finally:
        place.prepared.unlink(missing_ok=True)
    return facts if state == _index_state(place) else None


def _index_state(place: GitPlace) -> list[str] | None:
    """HEAD and the staged tree: what a commit's trailers depend on. None before the first commit."""
    if place.head is None:
        return None
    try:
        tree = run(place.top, "write-tree").decode().strip()
    except GitError:
        return None
    return [place.head, tree]


def document_trailer(document_id: str, version: str) -> str:
    return f"{DOCUMENT_TRAILER}: {document_id} {version}"


def _comment_char(top: Path) -> str:
    try:
        value = run(top, "config", "--get", "core.commentChar").decode().strip()
    except GitError:
        return "#"
    return value if len(value) == 1 else "#"


def description(message: str, comment: str) -> str:
    """The message as git will store it, without comments, the verbose diff and trailers."""
    kept = []
    for line in message.splitlines():
        if line.startswith(f"{comment} ------------------------ >8"):
            break
        if not line.startswith(comment):
            kept.append(line)
    paragraphs = "\n".join(kept).strip().split("\n\n")
    last = paragraphs[-1].splitlines()
    keys = [line.split(":", 1)[0].strip() for line in last if ":" in line]
    trailers = len(keys) == len(last) and all(key and " " not in key for key in keys)
    if trailers and (len(paragraphs) > 1 or all(key.lower() in _KNOWN_TRAILERS for key in keys)):
        paragraphs = paragraphs[:-1]
    text = "\n\n".join(paragraphs).strip()
    return text if any(ch.isalnum() for ch in text) else ""


_KNOWN_TRAILERS = {"document", "approved", "reviewed", "signed-off-by", "co-authored-by", "change-id"}


def summaries_named(message: str) -> set[str]:
    """The documents the message's Change-Summary trailers name ("" for a trailer that names none)."""
    found = set()
    for line in message.splitlines():
        key, colon, value = line.partition(":")
        if not colon or key.strip().lower() != SUMMARY_TRAILER.lower() or not value.strip():
            continue
        found.add(summary_target(value)[0])
    return found


# The pre-commit hook's journal of stamps


def write_journal(place: GitPlace, entries: list[dict[str, str]]) -> None:
    place.journal.write_text(json.dumps(entries), encoding="utf-8")


def undo_stamps(place: GitPlace) -> None:
    """Take back the stamps of the pre-commit hook of this commit, where nobody changed them since."""
    try:
        entries = json.loads(place.journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    restore = []
    current = dict(index_entries(place.top, [e["path"] for e in entries]))
    for entry in entries:
        if current.get(entry["path"], ("", ""))[1] == entry["new"] and entry["old"]:
            restore.append(f"{entry['mode']} {entry['old']}\t{entry['path']}")
        if "original" in entry:
            path = place.top / entry["path"]
            try:
                if hashlib.sha256(path.read_bytes()).hexdigest() == entry["stamped"]:
                    replace_file(path, base64.b64decode(entry["original"]), stat.S_IMODE(path.stat().st_mode))
            except OSError:
                continue
    if restore:
        run(place.top, "update-index", "-z", "--index-info", data="\0".join(restore).encode() + b"\0")
    place.journal.unlink(missing_ok=True)


def index_entries(top: Path, paths: list[str]) -> list[tuple[str, tuple[str, str]]]:
    """(path, (mode, blob)) of each of these paths in the index."""
    if not paths:
        return []
    listing = run(top, "ls-files", "-s", "-z", "--", *paths).decode("utf-8", "replace")
    entries = []
    for line in listing.split("\0"):
        if line:
            meta, entry_path = line.split("\t", 1)
            entry_mode, entry_sha, _ = meta.split()
            entries.append((entry_path, (entry_mode, entry_sha)))
    return entries
