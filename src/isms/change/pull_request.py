"""The documents a branch changes against its target: what a pull request asks approvers to approve.

The target side is read from git at the merge base (one `ls-tree`, one `cat-file --batch`); the
branch side is the working tree, so the list is right before the last commit too. Documents are
matched by id, so a moved file is one change, not a removal and an addition.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from isms.core.labels import Labels
from isms.core.settings import Settings
from isms.git.history import read_history, source_paths
from isms.git.run import GitError, run, toplevel
from isms.git.tree import contents, entries
from isms.read.frontmatter import ScalarFields, scalar_fields
from isms.read.labels import labels_in
from isms.read.load import Corpus
from isms.render.exports import ExportWords
from isms.render.links import md

Side = tuple[str, ScalarFields]  # a source's path and what it says
CHANGED_AFTER_APPROVAL = "changed after approval"  # the text of an approved version, changed in the same version


@dataclass(frozen=True)
class Changed:
    id: str
    title: str
    kind: str  # new, revised, changed after approval, approved, reviewed, control fields, moved, removed
    old_version: str
    new_version: str
    status: str
    approver: str  # role id
    path: str

    @property
    def needs_approval(self) -> bool:
        return self.kind == CHANGED_AFTER_APPROVAL or (self.kind != "removed" and self.status != "approved")

    @property
    def versions(self) -> str:
        if self.kind == "new":
            return f"new {self.new_version}"
        if self.kind == "removed":
            return f"{self.old_version} → removed"
        if self.old_version == self.new_version:
            return self.new_version
        return f"{self.old_version} → {self.new_version}"


@dataclass(frozen=True)
class Comparison:
    base: str
    merge_base: str
    documents: tuple[Changed, ...]


def compare(root: Path, corpus: Corpus, base: str) -> Comparison:
    """Changed documents of the working tree against the merge base of HEAD and `base`."""
    top = toplevel(root)
    if top is None:
        raise GitError(f"{root} is not in a git repository")
    try:
        merge_base = run(root, "merge-base", base, "HEAD").decode().strip()
    except GitError:
        raise GitError(
            f"'{base}' is not a commit that shares history with HEAD here; fetch it first"
            f" (e.g. git fetch origin main) or check the name"
        ) from None
    old = _documents_at(root, corpus.settings, merge_base)
    new: dict[str, Side] = {}
    by_id = {d.id: d for d in corpus.documents}
    for document in corpus.documents:
        try:
            text = (root / document.path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found = scalar_fields(document.path, text)
        if found is not None:
            new[document.id] = (document.path, found)
    documents = []
    for document_id in sorted(set(old) | set(new), key=lambda i: ((new.get(i) or old[i])[0], i)):
        change = _changed(document_id, old.get(document_id), new.get(document_id))
        resolved = by_id.get(document_id)
        if change is not None and resolved is not None:  # translations take the original's roles
            change = replace(change, approver=resolved.approver or resolved.owner)
        if change is not None:
            documents.append(change)
    return Comparison(base, merge_base, tuple(_after_approval(root, corpus, merge_base, documents)))


def _after_approval(root: Path, corpus: Corpus, merge_base: str, documents: list[Changed]) -> list[Changed]:
    """The documents whose approved version the branch's commits changed afterwards, marked so: comparing the
    two ends alone would show them approved (their version and status are as the approver left them)."""
    branch = set(run(root, "rev-list", f"{merge_base}..HEAD").decode().split())
    history = read_history(root, corpus.settings)
    marked = []
    for change in documents:
        revision = history.revision(change.id, change.new_version) if change.status == "approved" else None
        later = history.changed_after_approval(revision) if revision is not None else ()
        if any(c.commit.sha in branch for c in later):
            change = replace(change, kind=CHANGED_AFTER_APPROVAL)
        marked.append(change)
    return marked


def _documents_at(root: Path, settings: Settings, commit: str) -> dict[str, Side]:
    listed = [e for e in entries(root, commit, source_paths(settings)) if not e.is_link]
    texts = contents(root, [e for e in listed if e.path.endswith((".md", ".yml", ".yaml"))])
    result: dict[str, Side] = {}
    for path, data in texts.items():
        found = scalar_fields(path, data.decode("utf-8", "replace"))
        document_id = dict(found.values).get("id", "") if found else ""
        if found is not None and document_id:
            result[document_id] = (path, found)
    return result


def _changed(document_id: str, old: Side | None, new: Side | None) -> Changed | None:
    if new is None and old is None:
        return None
    side = new or old
    assert side is not None
    path, found = side
    values = dict(found.values)
    old_values = dict(old[1].values) if old else {}
    if old is None:
        kind = "new"
    elif new is None:
        kind = "removed"
    elif old[1].key != found.key:
        same = old_values.get("version") == values.get("version") and values.get("status") == "approved"
        kind = CHANGED_AFTER_APPROVAL if same else "revised"
    elif old_values != values:
        if values.get("status") == "approved" and old_values.get("status") != "approved":
            kind = "approved"
        elif values.get("next_review") != old_values.get("next_review"):
            kind = "reviewed"
        else:
            kind = "control fields"
    elif old[0] != path:
        kind = "moved"
    else:
        return None
    return Changed(
        id=document_id,
        title=values.get("title", ""),
        kind=kind,
        old_version=old_values.get("version", ""),
        new_version=values.get("version", "") if new else "",
        status=values.get("status", "") if new else "",
        approver=values.get("approver", "") or values.get("owner", ""),
        path=path,
    )


def diff_link(change: Changed, site_url: str) -> str:
    """Where the rendered differences are: a URL, or the path in the built site.

    A version page shows the differences from the version before it; when the branch went through
    several versions (one per commit), the document's history page lists each step.
    """
    if change.kind == "removed":
        return ""
    one_step = change.kind == "new" or _next_versions(change.old_version) & {change.new_version}
    path = f"history/{change.id}/{change.new_version}/" if one_step else f"history/{change.id}/"
    return site_url.rstrip("/") + "/" + path if site_url else path


def _next_versions(version: str) -> set[str]:
    major, _, minor = version.partition(".")
    if not (major.isdigit() and minor.isdigit()):
        return set()
    return {version, f"{major}.{int(minor) + 1}", f"{int(major) + 1}.0"}


def markdown(comparison: Comparison, settings: Settings, site_url: str = "") -> str:
    """The pull or merge request's comment, in the ISMS's default language."""
    words = labels_in(settings.default_language)
    roles = ExportWords(settings, words.language)
    lines = [f"### {words('changes.heading', base=f'`{comparison.base}`')}", ""]
    if not comparison.documents:
        return "\n".join([*lines, words("changes.none"), ""])
    columns = words.columns("changes.columns")
    lines += ["| " + " | ".join(columns) + " |", "|---" * len(columns) + "|"]
    for change in comparison.documents:
        link = diff_link(change, site_url)
        versions = _versions(change, words)
        if link and site_url:
            link = f"[{md(versions)}]({link})"
        elif link:
            link = f"`site/{link}`"
        status = words(f"statuses.{change.status}") if words.has(f"statuses.{change.status}") else change.status
        cells = [
            f"`{change.id}`",
            md(change.title),
            md(versions),
            md(status or "—"),
            md(words(f"changes.kinds.{change.kind.replace(' ', '_')}")),
            md(roles.role_with_members(change.approver)) if change.approver else "—",
            link or "—",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    pending = [c for c in comparison.documents if c.needs_approval]
    count = len(comparison.documents)
    one = "_one" if count == 1 else ""
    lines += ["", words(f"changes.count{one}", count=count, merge_base=f"`{comparison.merge_base[:8]}`")]
    if pending:
        command = f"`isms approve {' '.join(c.id for c in pending)}`"
        one = "_one" if len(pending) == 1 else ""
        lines.append(words(f"changes.pending{one}", count=len(pending), command=command))
    else:
        lines.append(words("changes.approved"))
    if not site_url:
        lines.append(words("changes.artifact"))
    return "\n".join(lines) + "\n"


def _versions(change: Changed, words: Labels) -> str:
    """The versions a change goes between, in the comment's language."""
    if change.kind == "new":
        return words("changes.new_version", version=change.new_version)
    if change.kind == "removed":
        return words("changes.removed_version", version=change.old_version)
    return change.versions


def to_json(comparison: Comparison, settings: Settings, site_url: str = "") -> str:
    documents = [
        {**asdict(c), "needs_approval": c.needs_approval, "approver_role": settings.role_with_members(c.approver)}
        | {"diff": diff_link(c, site_url)}
        for c in comparison.documents
    ]
    payload = {"base": comparison.base, "merge_base": comparison.merge_base, "documents": documents}
    return json.dumps(payload, ensure_ascii=False, indent=2)
