"""The history of every document, read from git in one pass.

Two git processes read everything, however many documents and commits there are: one
`git log --raw` lists every commit that touched a source and the blob each file had after it, and
one `git cat-file --batch` returns those blobs. A document is followed by its id, not its path, so
a file that is renamed or moved keeps its history.

The history read at a commit is kept (git/history_cache.py). A read at the same commit takes it; a
read at a commit with new commits on top of it, one after another, reads only those and assembles
them on top (git/assembly.py); anything else (a merge, a reset, another branch) reads the whole log.

A `Change` is one commit's effect on one document; consecutive changes with the same version form
a `Revision`. An approval or a review changes only control fields, so it joins the revision it
approves instead of starting a new one.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import pairwise
from pathlib import Path

from isms.core.revisions import Commit, History
from isms.core.settings import ROOT, Settings
from isms.git.assembly import Assembly
from isms.git.field_cache import FieldCache
from isms.git.history_cache import Kept, history_key, keep_history, kept_history
from isms.git.run import GitError, cat_files, prefix_of, run, toplevel
from isms.read.settings import SETTINGS_FILE

_FIELDS = ("H", "P", "an", "ae", "aI", "cn", "ce", "cI", "B")
_FORMAT = "%x1e" + "%x1f".join(f"%{name}" for name in _FIELDS) + "%x1f"


def read_history(root: Path, settings: Settings, rev: str = "HEAD") -> History:
    """The history of every source under root, as of `rev`. Never raises for git trouble."""
    top = toplevel(root)
    if top is None:
        return History(available=False, warnings=("not a git repository: no revision history is shown",))
    try:
        head = run(root, "rev-parse", "--verify", "-q", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        return History(available=False, warnings=(f"no commit '{rev}' yet: no revision history is shown",))
    prefix = prefix_of(root, top)
    paths = source_paths(settings)
    # One process for both: whether the clone is shallow, and the git folder the field cache lives in.
    shallowness, common = run(root, "rev-parse", "--is-shallow-repository", "--git-common-dir").decode().split("\n")[:2]
    shallow = shallowness.strip() == "true"
    folder = (root / common.strip()).resolve() / "isms"
    base = history_key(prefix, *paths, settings.approvals_since or "", str(shallow))
    kept = kept_history(folder, base, head)
    if kept is not None and kept.head == head:
        return kept.history
    assembly: Assembly | None = kept.assembly if kept is not None else None
    if kept is not None and assembly is not None and not shallow and _on_top(root, kept.head, head):
        texts, since = kept.history.texts, f"{kept.head}..{head}"  # only the new commits are read
    else:
        assembly, texts, since = Assembly(), {}, head
    log = run(
        root,
        "-c",
        "core.quotepath=false",
        "log",
        "-z",
        f"--format={_FORMAT}",
        "--raw",
        "--diff-merges=first-parent",  # what a merge brings into its line, resolutions included
        "--no-abbrev",
        "--no-renames",
        "--topo-order",
        "--reverse",
        since,
        "--",
        *(f":(top,literal){prefix}{path}" for path in paths),
    ).decode("utf-8", "replace")
    commits, entries = _parse_log(log, prefix)
    cache = FieldCache(folder)
    # The blobs whose fields are not cached yet; the texts a history keeps are fetched after.
    unknown = [blob for _, path, blob in entries if blob and path != SETTINGS_FILE and not cache.holds(blob, path)]
    if unknown:  # one git process either way: with the sources to parse, or (all cached) with the texts kept
        unknown += [blob for _, path, blob in entries if blob and path == SETTINGS_FILE]
    blobs = cat_files(root, unknown) if unknown else {}
    assembly.add(commits, entries, cache, blobs)
    history = assembly.history(blobs, texts, lambda more: cat_files(root, more))
    cache.save()
    history.head = head
    history.shallow = shallow
    history.before = _before_import(root, head, history)
    history.before_baseline = before_baseline(root, settings, history)
    history.parallel = _parallel(root, history)
    if shallow:
        oldest = min((c.committed for c in commits.values()), default=None)
        since = f" before {oldest.date()}" if oldest else ""
        history.warnings += (
            f"this is a shallow clone: revisions{since} are missing and the oldest shown may be incomplete;"
            " run `git fetch --unshallow` for the full history",
        )
    keep_history(folder, base, Kept(head, history, assembly))
    return history


def _on_top(root: Path, kept: str, head: str) -> bool:
    """Whether head is kept with commits on top, one after another: no merge among them, which would
    bring in commits the kept history's log did not have where a log of head has them."""
    try:
        lines = run(root, "rev-list", "--parents", f"{kept}..{head}").decode().split("\n")
    except GitError:
        return False
    chain = [line.split() for line in lines if line.strip()]
    if not chain or any(len(shas) != 2 for shas in chain):
        return False
    return all(shas[1] == older[0] for shas, older in pairwise(chain)) and chain[-1][1] == kept


def before_baseline(root: Path, settings: Settings, history: History) -> frozenset[str]:
    """Commits made before approvals were recorded with isms approve (approvals.since: a date, a commit,
    or `root`: the repository's first commit, which brought the ISMS in, as in a copy of the example)."""
    since = settings.approvals_since
    if not since:
        return frozenset()
    if since == ROOT:
        try:
            return frozenset(run(root, "rev-list", "--max-parents=0", "HEAD").decode().split())
        except GitError:  # no commit yet
            return frozenset()
    try:
        day = date.fromisoformat(since)
    except ValueError:
        try:
            return frozenset(run(root, "rev-list", since).decode().split())
        except GitError:
            return frozenset()
    return frozenset(sha for sha, commit in history.commits.items() if commit.committed.date() < day)


def _before_import(root: Path, head: str, history: History) -> dict[str, tuple[Commit, ...]]:
    """For each imported document, the commits of the file it was imported from, renames followed.

    One `git log --follow` per imported document (git follows one path at a time); documents that
    were not imported cost nothing.
    """
    found: dict[str, tuple[Commit, ...]] = {}
    for document_id, revisions in history.revisions.items():
        source = revisions[-1].last.value("imported_from")
        if not source or source.startswith(("/", "-")) or ".." in source.split("/"):
            continue
        try:
            log = run(
                root, "-c", "core.quotepath=false", "log", "-z", f"--format={_FORMAT}", "--follow", head, "--", source
            )
        except GitError:
            continue
        commits, _ = _parse_log(log.decode("utf-8", "replace"), "")
        first = revisions[0].first.commit.sha
        found[document_id] = tuple(c for sha, c in reversed(commits.items()) if sha != first)
    return found


def source_paths(settings: Settings) -> tuple[str, ...]:
    paths = (SETTINGS_FILE, settings.documents_path, settings.records_path, settings.applicability_path)
    return tuple(dict.fromkeys(paths))


def _parallel(root: Path, history: History) -> frozenset[tuple[str, str]]:
    """(approval, change) pairs where the change of an approved version's text does not descend from
    the approval: two branches that each stamped the same next version (both 1.1) hold two texts of it,
    and the one approved on one branch is not changed by the other's. Asked of git only for such
    changes, which are rare: a real change after approval always descends from it."""
    pairs = set()
    for revisions in history.revisions.values():
        for revision in revisions:
            approval = revision.approval
            if approval is None:
                continue
            for change in revision.changed_after_approval:
                try:
                    run(root, "merge-base", "--is-ancestor", approval.commit.sha, change.commit.sha)
                except GitError:
                    pairs.add((approval.commit.sha, change.commit.sha))
    return frozenset(pairs)


def _parse_log(log: str, prefix: str) -> tuple[dict[str, Commit], list[tuple[str, str, str]]]:
    """Commits by sha, and (commit, path relative to root, new blob or '' when deleted) in order."""
    commits: dict[str, Commit] = {}
    entries: list[tuple[str, str, str]] = []
    for chunk in log.split("\x1e")[1:]:
        parts = chunk.split("\x1f", len(_FIELDS))
        sha, parents, author, email, authored, committer, committer_email, committed, message = parts[:9]
        commits[sha] = Commit(
            sha,
            tuple(parents.split()),
            author,
            email,
            datetime.fromisoformat(authored),
            committer,
            committer_email,
            datetime.fromisoformat(committed),
            message,
        )
        raw = parts[9].lstrip("\0\n").split("\0") if len(parts) > 9 else []
        for meta, path in zip(raw[0::2], raw[1::2], strict=False):
            if not meta.startswith(":") or not path.startswith(prefix):
                continue
            fields = meta[1:].split()
            new_mode, new_blob, status = fields[1], fields[3], fields[4]
            relative = path[len(prefix) :]
            if status == "D" or new_mode.startswith("12") or new_mode == "160000":
                entries.append((sha, relative, ""))
            else:
                entries.append((sha, relative, new_blob))
    return commits, entries


SETTINGS_APPROVAL = "isms.yml"  # the id in an `Approved: isms.yml DIGEST` trailer


def settings_approvals(root: Path, head: str) -> tuple[list[Commit], dict[str, int]]:
    """The commits that approve isms.yml (an `Approved: isms.yml …` trailer; they change no file, so the
    history of the sources does not list them), and the position of every commit up to head, oldest first."""
    log = run(root, "log", "-z", f"--format={_FORMAT}", "-E", f"--grep=^Approved: {SETTINGS_APPROVAL} ", head).decode(
        "utf-8", "replace"
    )
    commits, _ = _parse_log(log, "")
    order = run(root, "rev-list", "--topo-order", "--reverse", head).decode().split()
    return list(commits.values()), {sha: position for position, sha in enumerate(order)}
