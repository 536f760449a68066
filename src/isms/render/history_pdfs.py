"""The PDFs of a document's history beside its controlled PDF: a redline of each approved version
against the approved version before it, and what an archived (superseded) copy says about when it
went out of force.

A redline PDF is the new version's text with what the change removed struck through in red and what
it added underlined in green (the template colours `strike` and `underline` when the metadata says
`redline`), watermarked REDLINE: it shows a change, it is not the controlled text.
"""

from __future__ import annotations

from dataclasses import dataclass

from isms.core.model import Document
from isms.core.revisions import History, Revision, SourceCommit
from isms.read.labels import labels_in
from isms.render.markdown import document_markdown
from isms.render.redline import PANDOC_MARKS, redline
from isms.render.revision_rows import RevisionRow
from isms.resolve.archive import Archive
from isms.resolve.index import Index


@dataclass(frozen=True)
class Redline:
    """One redline PDF to render: the new version against the old one."""

    document: Document  # the new version, as approved
    old_version: str
    markdown: str
    source: SourceCommit  # the approval of the new version: the PDF's date

    @property
    def filename(self) -> str:
        return redline_file(self.document.id, str(self.document.version))


def redline_file(document_id: str, version: str) -> str:
    return f"redline/{document_id}-v{version}-redline.pdf"


def redlines(index: Index, document: Document, history: History, archive: Archive) -> list[Redline]:
    """A redline for each approved version of a document that has an approved version before it."""
    found = []
    previous: tuple[Revision, Document] | None = None
    for revision in history.of(document.id):
        approval = revision.approval
        if approval is None:
            continue
        new = archive.version(document, approval)
        if new is None:
            continue
        if previous is not None:
            old_revision, old = previous
            text = redline(document_markdown(index, old), document_markdown(index, new), PANDOC_MARKS)
            source = SourceCommit(approval.commit.sha, int(approval.commit.committed.timestamp()))
            found.append(Redline(new, old_revision.version, text, source))
        previous = (revision, new)
    return found


def redline_meta(meta: dict[str, object], old_version: str, new_version: str) -> dict[str, object]:
    """The metadata of a redline: marked as one, in the status, the watermark and the control block."""
    meta = dict(meta)
    region = str(meta.get("region") or "")
    words = labels_in(str(meta.get("lang") or "en") + (f"-{region}" if region else ""))
    versions = {"old": old_version, "new": new_version}
    meta["redline"] = True
    meta["show_history"] = False  # the version pages and the controlled PDFs carry the history
    meta["watermark"] = words("pdf.redline_watermark")
    meta["status_label"] = words("pdf.redline_status", **versions)
    meta["document_title"] = f"{meta.get('title', '')} (redline {old_version} → {new_version})"  # as the manifest
    control = list(meta.get("control", []))  # type: ignore[call-overload]
    control.append(
        [
            words("pdf.redline"),
            words("pdf.redline_of", **versions),
            words("pdf.redline_marks"),
            words("pdf.redline_marks_text"),
        ]
    )
    meta["control"] = control
    return meta


def superseded_meta(meta: dict[str, object], row: RevisionRow | None) -> dict[str, object]:
    """An archived copy's control block says when the version went out of force and what replaced it."""
    if row is None or not row.effective_to:
        return meta
    meta = dict(meta)
    control = list(meta.get("control", []))  # type: ignore[call-overload]
    replaced = f"version {row.superseded_by}" if row.superseded_by else "retired"
    control.append(["In force", f"{row.effective_from} – {row.effective_to}", "Superseded by", replaced])
    meta["control"] = control
    return meta
