"""Reading one source file (Markdown with front matter, or YAML) into a draft document.

A draft holds what the file states, typed and located. Turning drafts into `Document`s needs the
whole set (a translation takes fields from its original), which `documents.py` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from isms.core import diagnostics as codes
from isms.core.diagnostics import Location, Report
from isms.core.model import Level, Requirement, StatementRef, Status
from isms.core.records import FORM_FIELD_TYPES, FormField, RecordSpec, Retention
from isms.core.soa import NOT_ASSESSED, Applicability, Decision, Implementation, Reason
from isms.read.fields import Reader, kind_of
from isms.read.statements import REFERENCE, find_statements, split_ids
from isms.read.yamltree import Mapping, Node, Scalar, Sequence, parse

COMMON_FIELDS = (
    "id", "title", "level", "version", "revised", "status", "owner", "approver", "approved_by", "approved_on",
    "classification", "language", "effective", "review_cycle", "next_review", "audiences",
    "exclude_audiences", "summary", "acknowledge", "imported_from", "change_summary",
)  # fmt: skip
LINK_FIELDS = ("implements", "controls", "clauses", "records", "translation_of", "translates")
YAML_BODY_FIELDS = ("introduction", "requirements")
RECORD_FIELDS = ("retention", "storage", "evidences", "description", "fields")
INHERITED_FIELDS = ("level", "owner", "approver", "classification", "implements", "controls", "clauses", "records")
LIST_FIELDS = ("implements", "controls", "clauses", "records", "audiences", "exclude_audiences", "acknowledge")
KNOWN_FIELDS = frozenset((*COMMON_FIELDS, *LINK_FIELDS, *YAML_BODY_FIELDS, *RECORD_FIELDS))


@dataclass
class Draft:
    """What one file says, before translations are resolved."""

    path: str
    kind: str  # "document", "record" or "soa"
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    spots: list[tuple[str, str, int, int]] = field(default_factory=list)
    invalid: set[str] = field(default_factory=set)
    body: str = ""
    body_line: int = 1
    source_format: str = "markdown"
    requirements: tuple[Requirement, ...] = ()
    statements: tuple[StatementRef, ...] = ()  # the statements the body numbers, for citations
    record: RecordSpec | None = None
    applicability: Applicability | None = None
    extras: list[tuple[str, str]] = field(default_factory=list)  # allowed foreign keys, as written


def split_front_matter(text: str) -> tuple[str, int, str, int] | None:
    """(yaml, yaml's first line, body, body's first line), or None when there is no front matter.

    Raises ValueError when the front matter is not closed.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r") != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r") in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return front, 2, body, index + 2
    raise ValueError("front matter is not closed")


def read_source(path: str, text: str, kind: str, report: Report, extra_fields: tuple[str, ...] = ()) -> Draft | None:
    """Parse one source; None when it is too broken to take part in cross-checks.

    `extra_fields` are front-matter keys of another tool that isms.yml allows: they are kept as
    text and published as further facts of the document, never interpreted.
    """
    text = text.removeprefix("\ufeff")
    draft = Draft(path=path, kind=kind)
    if path.endswith(".md"):
        try:
            split = split_front_matter(text)
        except ValueError:
            report.add(
                codes.FRONT_MATTER_UNCLOSED,
                Location(path, 1, 1),
                "front matter starts with '---' on line 1 but is never closed",
                "add a line with only '---' after the last front-matter field",
            )
            return None
        if split is None:
            report.add(
                codes.FRONT_MATTER_MISSING,
                Location(path, 1, 1),
                "no front matter: a controlled document starts with a '---' line",
                "start the file with front matter (id, title, level, version, status …) between '---' lines;"
                " `isms new` writes a valid skeleton",
            )
            return None
        front, front_line, draft.body, draft.body_line = split
    else:
        front, front_line = text, 1
        draft.source_format = "yaml"
    root, problems = parse(front, path, front_line)
    report.extend(problems)
    if root is None and not problems:  # empty: report the missing fields like any other omission
        root = Mapping((), front_line, 1)
    if root is None:
        return None
    if not isinstance(root, Mapping):
        report.add(
            codes.YAML_NOT_MAPPING,
            Location(path, root.line, root.column),
            "the source must be a mapping of fields (id: …, title: …)",
        )
        return None
    reader = Reader(path, report)
    _read_fields(draft, root, reader, extra_fields)
    if any(p.code == codes.YAML_DUPLICATE_KEY for p in problems):
        reader.failed = True
    draft.statements = find_statements(draft.body, draft.body_line)
    return draft


def _allowed_fields(draft: Draft) -> tuple[str, ...]:
    if draft.kind == "soa":
        return (*COMMON_FIELDS, "controls")
    allowed: tuple[str, ...] = COMMON_FIELDS + LINK_FIELDS
    if draft.kind == "record":
        allowed += RECORD_FIELDS
    elif draft.source_format == "yaml":
        allowed += YAML_BODY_FIELDS
    return allowed


_WHAT = {"soa": "the Statement of Applicability", "record": "a record template", "document": "a controlled document"}


def _read_fields(draft: Draft, root: Mapping, reader: Reader, extra_fields: tuple[str, ...]) -> None:
    allowed = _allowed_fields(draft)
    reader.check_keys(root, (*allowed, *extra_fields), _WHAT[draft.kind])
    values = draft.values
    for key, node in root.entries:
        name = key.text
        if name in extra_fields and name not in allowed:
            draft.extras.append((name, _as_text(node)))
            continue
        if name not in allowed:
            continue
        draft.lines[name] = key.line
        problems = len(reader.report)
        value = _read_value(draft, name, node, reader)
        if value is not None:
            values[name] = value
        if len(reader.report) > problems:
            draft.invalid.add(name)
    if draft.kind == "record" and draft.source_format == "markdown" and "description" not in values:
        values["description"] = draft.body.strip()
    if draft.source_format == "yaml" and draft.kind == "document":
        draft.body = str(values.pop("introduction", "") or "")
        draft.body_line = draft.lines.get("introduction", 1) + 1
    if draft.kind == "record":
        draft.record = _record_spec(draft, root, reader)


def _as_text(node: Node) -> str:
    """A foreign value as one line of text: a scalar as written, a list joined by commas."""
    if isinstance(node, Scalar):
        return node.text
    if isinstance(node, Sequence):
        return ", ".join(_as_text(item) for item in node.items)
    return ", ".join(f"{key.text}: {_as_text(value)}" for key, value in node.entries)


def _read_value(draft: Draft, name: str, node: Node, reader: Reader) -> Any:
    if name in ("id", "translation_of"):
        return reader.document_id(node, name)
    if name in (
        "title", "summary", "owner", "approver", "approved_by", "classification", "language", "storage",
        "imported_from",
    ):  # fmt: skip
        return reader.text(node, name, required=name == "title")
    if name in ("introduction", "description"):
        return reader.text(node, name)
    if name == "level":
        return reader.choice(node, name, [level.value for level in Level])
    if name == "status":
        return reader.choice(node, name, [status.value for status in Status])
    if name in ("version", "translates"):  # translates: the version of the original a translation renders
        return reader.version(node, name)
    if name in ("revised", "approved_on", "effective", "next_review"):
        return reader.date(node, name)
    if name == "review_cycle":
        return reader.positive_int(node, name, "months")
    if name in LIST_FIELDS:
        if name == "controls" and draft.kind == "soa":
            draft.applicability = _read_decisions(node, reader)
            return None
        entries = reader.located_list(node, name)
        for entry in entries:
            draft.spots.append((name, entry.text.strip(), entry.line, entry.column))
        return tuple(entry.text.strip() for entry in entries)
    if name == "requirements":
        draft.requirements = _read_requirements(node, reader)
        return None
    return None  # record fields are read as a whole in _record_spec


def _read_requirements(node: Node, reader: Reader) -> tuple[Requirement, ...]:
    if not isinstance(node, Sequence):
        reader.error(codes.FIELD_TYPE, node, f"'requirements' must be a list, not {kind_of(node)}")
        return ()
    result: list[Requirement] = []
    for number, item in enumerate(node.items, start=1):
        if isinstance(item, Scalar):
            text = item.text.strip()
            ids = tuple(i for m in REFERENCE.finditer(text) for i in split_ids(m[1]))
            controls = tuple(i for i in ids if not i[0].isdigit())
            clauses = tuple(i for i in ids if i[0].isdigit())
            text = REFERENCE.sub("", text).strip()
            result.append(Requirement(number, text, item.line, controls, clauses))
            continue
        entry = reader.mapping(item, "requirement")
        if entry is None:
            continue
        reader.check_keys(entry, ("text", "controls", "clauses"), "a requirement")
        statement = reader.text(entry.get("text"), "text", required=True)
        if entry.get("text") is None:
            reader.error(codes.FIELD_MISSING, entry, "requirement has no 'text'")
        result.append(
            Requirement(
                number,
                statement or "",
                entry.line,
                reader.text_list(entry.get("controls"), "controls"),
                reader.text_list(entry.get("clauses"), "clauses"),
            )
        )
    return tuple(result)


def _record_spec(draft: Draft, root: Mapping, reader: Reader) -> RecordSpec:
    retention = None
    retention_text = reader.text(root.get("retention"), "retention")
    retention_node = root.get("retention")
    if retention_text and retention_node is not None:
        retention = Retention.parse(retention_text)
        if retention is None:
            reader.error(
                codes.RECORD_RETENTION,
                retention_node,
                f"retention '{retention_text}' cannot be read",
                "write a period and optionally what it counts from: '3 years', '18 months after contract end',"
                " '3年', '契約終了後 5 年', '合同终止后5年'",
            )
    evidences = reader.mapping(root.get("evidences"), "evidences")
    controls: tuple[str, ...] = ()
    clauses: tuple[str, ...] = ()
    if evidences is not None:
        reader.check_keys(evidences, ("controls", "clauses"), "evidences")
        for name in ("controls", "clauses"):
            for entry in reader.located_list(evidences.get(name), name):
                draft.spots.append((f"evidences.{name}", entry.text.strip(), entry.line, entry.column))
        controls = reader.text_list(evidences.get("controls"), "controls")
        clauses = reader.text_list(evidences.get("clauses"), "clauses")
    return RecordSpec(
        retention=retention,
        storage=str(draft.values.get("storage", "")),
        description=str(draft.values.get("description", "")),
        fields=_read_form_fields(root.get("fields"), reader),
        evidences_controls=controls,
        evidences_clauses=clauses,
    )


def _read_form_fields(node: Node | None, reader: Reader) -> tuple[FormField, ...]:
    if node is None:
        return ()
    if not isinstance(node, Sequence):
        reader.error(codes.RECORD_FIELD, node, "'fields' must be a list of form fields")
        return ()
    result: list[FormField] = []
    names: set[str] = set()
    for item in node.items:
        entry = reader.mapping(item, "form field")
        if entry is None:
            continue
        reader.check_keys(entry, ("name", "label", "type", "required", "options", "help"), "a form field")
        name = reader.text(entry.get("name"), "name") or ""
        label = reader.text(entry.get("label"), "label") or ""
        kind = reader.choice(entry.get("type"), "type", FORM_FIELD_TYPES) if entry.get("type") else "text"
        kind = kind or "text"
        options = reader.text_list(entry.get("options"), "options")
        if not name or not label:
            reader.error(codes.RECORD_FIELD, entry, "a form field needs a 'name' and a 'label'")
            continue
        if name in names:
            reader.error(codes.RECORD_FIELD, entry, f"form field '{name}' is defined twice")
        if kind == "choice" and not options:
            reader.error(codes.RECORD_FIELD, entry, f"form field '{name}' is a choice without 'options'")
        names.add(name)
        result.append(
            FormField(
                name=name,
                label=label,
                type=kind,
                required=bool(reader.boolean(entry.get("required"), "required")),
                options=options,
                help=reader.text(entry.get("help"), "help") or "",
            )
        )
    return tuple(result)


def _read_decisions(node: Node, reader: Reader) -> Applicability:
    mapping = reader.mapping(node, "controls")
    if mapping is None:
        return Applicability(())
    decisions: list[Decision] = []
    for key, value in mapping.entries:
        if isinstance(value, Scalar) and value.text.strip() == NOT_ASSESSED:
            decisions.append(
                Decision(control=key.text.strip(), applicable=False, justification="", line=key.line, assessed=False)
            )
            continue
        entry = reader.mapping(value, key.text)
        if entry is None:
            continue
        reader.check_keys(entry, ("applicable", "reasons", "justification", "status"), f"the decision on {key.text}")
        applicable = reader.boolean(entry.get("applicable"), "applicable")
        if entry.get("applicable") is None:
            reader.error(
                codes.FIELD_MISSING,
                key,
                f"the decision on {key.text} does not say whether it applies",
                "add 'applicable: true' or 'applicable: false'",
            )
        reasons = tuple(
            Reason(r)
            for r in (
                reader.choice(node_item, "reasons", [x.value for x in Reason])
                for node_item in reader.located_list(entry.get("reasons"), "reasons")
            )
            if r
        )
        status = reader.choice(entry.get("status"), "status", [x.value for x in Implementation])
        decisions.append(
            Decision(
                control=key.text.strip(),
                applicable=bool(applicable),
                justification=reader.text(entry.get("justification"), "justification") or "",
                line=key.line,
                reasons=reasons,
                status=Implementation(status) if status else None,
            )
        )
    return Applicability(tuple(decisions))
