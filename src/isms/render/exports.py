"""The SoA, the registers, acknowledgements and due reviews as tables, in any language of the catalog.

Auditors and ISMS managers work in spreadsheets. Each export is a list of `Table`s built from the
resolved ISMS only (the same rows the site shows); sheet names, headers and fixed values come from
the `export` words of the label catalog, people, roles and classification levels from isms.yml in
the same language. English keeps each value as the sources write it (`approved`, `risk-treatment`),
so that the English exports are what they were before there were others. The writers in
`spreadsheets` are deterministic, so exports are checked like the PDFs (manifest, SHA256SUMS).
"""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Iterable
from dataclasses import astuple, replace
from datetime import date
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from isms.core.cache_use import mark_used
from isms.core.catalog import ATTRIBUTE_TITLES, Catalog, Control
from isms.core.code_digest import code_digest
from isms.core.files import replace_file, user_mode
from isms.core.labels import FALLBACK
from isms.core.model import Document, Level
from isms.core.settings import Settings
from isms.core.soa import Decision
from isms.read.acks import coverage
from isms.read.labels import labels_in
from isms.render import spreadsheets
from isms.render.outputs import Published
from isms.render.spreadsheets import Table, to_xlsx
from isms.resolve.index import Index
from isms.resolve.reviews import review_rows

KINDS = ("soa", "registers", "acks", "due")


class ExportWords:
    """The words of one export language, and isms.yml's values as that language's readers see them."""

    def __init__(self, settings: Settings, language: str = FALLBACK) -> None:
        self.settings = settings
        self.words = labels_in(language)
        self.english = labels_in(FALLBACK)

    def __call__(self, key: str, **values: object) -> str:
        return self.words(f"export.{key}", **values)

    def table(
        self, sheet: str, rows: Iterable[tuple[str, ...]], widths: tuple[int, ...] = (), **values: object
    ) -> Table:
        """A sheet named and headed in this language, keeping its English name and headers for JSON."""
        columns = f"export.{sheet}.columns"
        return Table(
            self(f"sheets.{sheet}", **values),
            self.words.columns(columns),
            tuple(rows),
            widths,
            key=self.english(f"export.sheets.{sheet}", **values),
            keys=self.english.columns(columns),
        )

    def value(self, group: str, value: str) -> str:
        """A fixed value (a status, level, reason, implementation state) in this language; "" stays ""."""
        return self(f"{group}.{value}") if value else ""

    def join(self, items: list[str]) -> str:
        return self("separator").join(items)

    def person(self, person_id: str) -> str:
        return self.settings.title_of("person", person_id, self.words.language)

    def role(self, role_id: str) -> str:
        return self.settings.title_of("role", role_id, self.words.language)

    def role_with_members(self, role_id: str) -> str:
        """'Title (Name, Name)' for people reading a report; the id when the role is unknown."""
        role = self.settings.role(role_id)
        if role is None:
            return role_id
        names = [self.person(member) for member in role.members if self.settings.person(member)]
        title = self.role(role_id)
        return self("role_members", role=title, members=self.join(names)) if names else title

    def classification(self, level: str) -> str:
        return self.words.value(self.settings, "classification", level) if level else ""

    def organization(self) -> str:
        return self.settings.title_of("organization", "", self.words.language)

    def title(self, index: Index, document: Document) -> str:
        """A document's title as readers of this language see it: its translation's, when there is one."""
        return index.in_language(document, self.words.language).title


def soa_tables(index: Index, commit: str = "", words: ExportWords | None = None) -> list[Table]:
    """Document control, Annex A and clauses 4–10 sheets of the Statement of Applicability."""
    w = words or ExportWords(index.settings)
    soa = index.soa
    fields = {
        "document": soa.id if soa else "",
        "title": soa.title if soa else w("titles.soa"),
        "version": str(soa.version) if soa else "",
        "status": w.value("statuses", soa.status.value) if soa else "",
        "owner": w.role_with_members(soa.owner) if soa else "",
        "approver": w.role_with_members(soa.approver) if soa else "",
        "approved_by": w.person(soa.approved_by) if soa else "",
        "approved_on": _date(soa.approved_on) if soa else "",
        "effective": _date(soa.effective) if soa else "",
        "classification": w.classification(soa.classification) if soa else "",
        "organization": w.organization(),
        "source": soa.path if soa else "",
        "commit": commit,
        "source_sha256": _source_digest(index, soa),
    }
    control = [(w(f"document_control.{field}"), value) for field, value in fields.items()]
    catalog = index.catalog_in(w.words.language)
    annex = [_annex_row(index, c, w, catalog) for c in sorted(catalog.annex_a, key=lambda c: c.sort_key)]
    clauses = [
        (
            clause.id,
            clause.title,
            "; ".join(item.what for item in clause.mandatory),  # the catalog's own words
            w.join([f"{d.id} {w.title(index, d)}" for d in index.clause_providers(clause.id)]),
        )
        for clause in catalog.clauses.values()
    ]
    return [
        w.table("document_control", control, (24, 80)),
        w.table("annex_a", annex),
        w.table("clauses", clauses),
    ]


def applies(decision: Decision | None, words: ExportWords | None = None) -> str:
    """The SoA's answer for a control, as the SoA page words it (in English unless `words` say otherwise)."""
    if decision is None:
        answer = "missing"
    elif not decision.assessed:
        answer = "not_assessed"
    else:
        answer = "yes" if decision.applicable else "no"
    return words(f"applicable.{answer}") if words else labels_in(FALLBACK)(f"export.applicable.{answer}")


def register_tables(index: Index, words: ExportWords | None = None) -> list[Table]:
    """The document register (every column of the site's) and the records register."""
    w = words or ExportWords(index.settings)
    settings = index.settings
    documents = [
        (
            d.id,
            w.title(index, d),
            w.value("levels", d.level.value),
            str(d.version),
            w.value("statuses", d.status.value),
            w.role(d.owner),
            w.role(d.approver),
            w.person(d.approved_by),
            _date(d.approved_on),
            _date(d.effective),
            _date(d.review_due(settings)),
            w.classification(d.classification),
            w.join([d.language, *(t.language for t in index.translations.get(d.id, []))]),
        )
        for d in index.originals
        if d.level is not Level.RECORD
    ]
    records = [
        (
            d.id,
            w.title(index, d),
            w.role(d.owner),
            str(d.record.retention) if d.record and d.record.retention else "",
            d.record.storage if d.record else "",
            w.join([p.id for p in index.producers.get(d.id, [])]),
            str(d.version),
            w.value("statuses", d.status.value),
            w.classification(d.classification),
        )
        for d in index.by_level(Level.RECORD)
    ]
    return [w.table("document_register", documents), w.table("records_register", records)]


def acks_table(index: Index, words: ExportWords | None = None) -> Table:
    """Who has acknowledged reading each document version that asks for it, one person per row."""
    w = words or ExportWords(index.settings)
    settings = index.settings
    rows = []
    for document in index.originals:
        records = index.corpus.acknowledgements.get(document.id, ())
        state = coverage(settings, document, records)
        if state is None:
            continue
        latest = {ack.person: ack for ack in records if ack.major == state.major}
        for role in state.roles:
            for member in role.members:
                if member in role.acknowledged:
                    answer, when = "yes", _date(latest[member].on) if member in latest else ""
                else:
                    answer, when = ("earlier" if member in role.earlier else "no"), ""
                rows.append(
                    (
                        document.id,
                        w.title(index, document),
                        w("acks.version", major=state.major),
                        w.role(role.role),
                        w.person(member),
                        w(f"acknowledged.{answer}"),
                        when,
                    )
                )
    return w.table("acks", rows)


def due_table(index: Index, today: date, window_days: int = 30, words: ExportWords | None = None) -> Table:
    """Reviews overdue or due within the window, with owner and approver."""
    w = words or ExportWords(index.settings)
    rows = [
        (
            row.document_id,
            w.title(index, index.documents[row.document_id]),
            row.next_review.isoformat(),
            w(f"states.{row.state}"),
            str(row.days),
            w.role_with_members(index.documents[row.document_id].owner),
            w.role_with_members(index.documents[row.document_id].approver),
        )
        for row in review_rows(index, today, window_days)
    ]
    return w.table("due", rows, date=today.isoformat())


def export_tables(
    index: Index, kind: str, words: ExportWords, today: date, commit: str = "", window_days: int = 30
) -> tuple[list[Table], str, str]:
    """The tables of one kind of export (KINDS), its title in the export language and its classification."""
    if kind == "soa":
        soa = index.soa
        return soa_tables(index, commit, words), words("titles.soa"), soa.classification if soa else ""
    if kind == "registers":
        return register_tables(index, words), words("titles.registers"), highest_classification(index)
    if kind == "acks":
        return [acks_table(index, words)], words("titles.acks"), ""
    if kind == "due":
        return [due_table(index, today, window_days, words)], words("titles.due"), ""
    raise ValueError(f"'{kind}' is not one of {', '.join(KINDS)}")


def publish_exports(
    index: Index, out_dir: Path, commits: dict[str, str], newest: str, cache_dir: Path | None = None
) -> list[Published]:
    """The SoA workbook and the register workbooks beside the PDFs, each listed like a PDF: in the
    default language (`SOA-001-v1.2.xlsx`), and once more in each other language of the site
    (`SOA-001-v1.2-ja.xlsx`).

    `commits` gives the commit label of each source path and `newest` that of the newest source,
    as the PDFs of the same build have them. With `cache_dir`, a workbook whose tables did not change
    is taken from there instead of being written again (the 1,000-document registers take a while).
    """
    published = []
    settings = index.settings
    soa = index.soa
    for language in settings.site_languages:
        words = ExportWords(settings, language)
        other = "" if language == settings.default_language else language
        suffix = f"-{other}" if other else ""
        if soa is not None:
            commit = commits.get(soa.path, "")
            name = f"{soa.id}-v{soa.version}{suffix}.xlsx"
            data = _workbook(cache_dir, soa_tables(index, commit, words), soa.title, soa.classification)
            entry = Published(soa.id, soa.title, str(soa.version), soa.status.value, commit, name, "", other)
            published.append(_written(out_dir, data, entry))
        for table in register_tables(index, words):
            register_id = table.stable_name.lower().replace(" ", "-")
            data = _workbook(cache_dir, [table], table.name, highest_classification(index, table))
            name = f"{register_id}{suffix}.xlsx"
            entry = Published(register_id, table.name, newest, "generated", newest, name, "", other)
            published.append(_written(out_dir, data, entry))
    return published


def highest_classification(index: Index, table: Table | None = None) -> str:
    """The highest classification among the documents a combined output holds (a table's first column ids)."""
    ids = {row[0] for row in table.rows} if table is not None else set(index.documents)
    return index.highest_classification(d for d in index.originals if d.id in ids)


def _written(out_dir: Path, data: bytes, entry: Published) -> Published:
    """The file written (unless it holds these bytes already), and its entry with their digest."""
    path = out_dir / entry.filename
    try:
        unchanged = stat.S_IMODE(path.stat().st_mode) == user_mode() and path.read_bytes() == data
    except OSError:
        unchanged = False
    if not unchanged:
        replace_file(path, data)
    return replace(entry, sha256=hashlib.sha256(data).hexdigest())


def _workbook(cache_dir: Path | None, tables: list[Table], title: str, classification: str) -> bytes:
    """to_xlsx's workbook, kept in cache_dir under a digest of its tables, title and classification and
    of the writer (its code and openpyxl's version); a kept file is used only while it has the digest
    written with it."""
    if cache_dir is None:
        return to_xlsx(tables, title, classification)
    made_from = json.dumps([_writer(), [astuple(t) for t in tables], title, classification], ensure_ascii=False)
    kept = cache_dir / f"{hashlib.sha256(made_from.encode('utf-8')).hexdigest()}.xlsx"
    try:
        data, digest = kept.read_bytes(), kept.with_name(f"{kept.name}.sha256")
        if hashlib.sha256(data).hexdigest() == digest.read_text(encoding="ascii"):
            mark_used(kept, digest)
            return data
    except (OSError, UnicodeDecodeError):
        pass
    data = to_xlsx(tables, title, classification)
    cache_dir.mkdir(parents=True, exist_ok=True)
    replace_file(kept, data)
    replace_file(kept.with_name(f"{kept.name}.sha256"), hashlib.sha256(data).hexdigest().encode("ascii"))
    return data


@lru_cache(maxsize=1)
def _writer() -> str:
    """What the workbook bytes depend on besides their content: the writer's code and openpyxl's version,
    read from its installed metadata: importing openpyxl takes a tenth of a second, needed only to write."""
    return code_digest(spreadsheets) + metadata.version("openpyxl")


def _annex_row(index: Index, control: Control, w: ExportWords, catalog: Catalog) -> tuple[str, ...]:
    decision = index.decision(control.id)
    citing = index.implementers(control.id)
    implemented = [d for d in citing if d.level is not Level.RECORD]
    evidence = [
        d for d in index.by_level(Level.RECORD) if d.record is not None and control.id in d.record.evidences_controls
    ]
    theme = catalog.themes.get(control.theme)
    return (
        control.id,
        control.title,
        f"{theme.id} {theme.name}" if theme else control.theme,
        *("; ".join(control.attribute(name)) for name in ATTRIBUTE_TITLES),  # as the catalog writes them
        applies(decision, w),
        w.join([w.value("reasons", r.value) for r in decision.reasons]) if decision else "",
        decision.justification if decision else "",
        w.value("implementation", decision.status.value) if decision and decision.status else "",
        "\n".join(_document_line(index, d, w) for d in implemented),
        "\n".join(f"{d.id} {w.title(index, d)}" for d in evidence),
        w.join(list(dict.fromkeys(w.role(d.owner) for d in implemented))),
    )


def _document_line(index: Index, document: Document, w: ExportWords) -> str:
    effective = w("annex_a.effective", date=document.effective) if document.effective else ""
    status = w.value("statuses", document.status.value)
    values = {"id": document.id, "title": w.title(index, document), "version": document.version, "status": status}
    return w("annex_a.document", **values, effective=effective)


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""


def _source_digest(index: Index, document: Document | None) -> str:
    if document is None:
        return ""
    try:
        return hashlib.sha256((index.corpus.root / document.path).read_bytes()).hexdigest()
    except OSError:
        return ""
