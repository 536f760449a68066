"""One diagnostic type for every problem the tool reports.

Each diagnostic has a stable code that users can silence one by one, a severity, a location
(`path:line:col`, 1-based) and an optional hint. The registry below is the single list of codes:
the CLI reference in the README is checked against it by a test.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum

from isms.core.bidi import one_line


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Code:
    name: str
    severity: Severity
    summary: str


_CODES: dict[str, Code] = {}


def _code(name: str, severity: Severity, summary: str) -> str:
    _CODES[name] = Code(name, severity, summary)
    return name


E, W = Severity.ERROR, Severity.WARNING

# Files and syntax
FILE_UNREADABLE = _code("isms.file.unreadable", E, "a source file cannot be read")
FILE_TOO_LARGE = _code("isms.file.too-large", E, "a source file is larger than the configured limit")
FILE_BINARY = _code("isms.file.binary", E, "a source file contains binary data")
FILE_ENCODING = _code("isms.file.encoding", E, "a source file is not valid UTF-8")
FILE_SYMLINK = _code("isms.file.symlink", E, "a source path is a symbolic link")
FILE_UNKNOWN_TYPE = _code("isms.file.unknown-type", W, "a file in a source folder is not Markdown or YAML")
YAML_SYNTAX = _code("isms.yaml.syntax", E, "YAML syntax error")
YAML_TAB = _code("isms.yaml.tab", E, "a tab character where YAML allows only spaces")
YAML_DUPLICATE_KEY = _code("isms.yaml.duplicate-key", E, "the same key appears twice in one mapping")
YAML_ALIAS = _code("isms.yaml.alias", E, "YAML anchors, aliases and tags are not accepted")
YAML_TOO_DEEP = _code("isms.yaml.too-deep", E, "YAML nesting deeper than the limit")
YAML_TOO_BIG = _code("isms.yaml.too-big", E, "YAML with more nodes than the limit")
YAML_MULTIPLE = _code("isms.yaml.multiple-documents", E, "a file holds more than one YAML document")
YAML_NOT_MAPPING = _code("isms.yaml.not-mapping", E, "the top level of a source is not a mapping")
FRONT_MATTER_MISSING = _code("isms.frontmatter.missing", E, "a Markdown source has no front matter")
FRONT_MATTER_UNCLOSED = _code("isms.frontmatter.unclosed", E, "front matter has no closing '---' line")

# Fields
FIELD_UNKNOWN = _code("isms.field.unknown", E, "a field that the format does not define")
FIELD_MISSING = _code("isms.field.missing", E, "a required field is missing")
FIELD_TYPE = _code("isms.field.type", E, "a field has the wrong type")
FIELD_VALUE = _code("isms.field.value", E, "a field has a value outside its allowed set")
FIELD_DATE = _code("isms.field.date", E, "a date is not a valid YYYY-MM-DD date")
FIELD_VERSION = _code("isms.field.version", E, "a version is not major.minor")
FIELD_EMPTY = _code("isms.field.empty", E, "a required text field is empty")

# Identity
ID_INVALID = _code("isms.id.invalid", E, "a document id does not have the required form")
ID_PREFIX = _code("isms.id.prefix", E, "a document id does not start with its level's prefix")
ID_DUPLICATE = _code("isms.id.duplicate", E, "two sources declare the same id")

# Links
LINK_UNKNOWN_DOCUMENT = _code("isms.link.unknown-document", E, "a link names a document that does not exist")
LINK_WRONG_LEVEL = _code("isms.link.wrong-level", E, "an implements link points to a level that may not be above")
LINK_CYCLE = _code("isms.link.cycle", E, "implements links form a cycle")
LINK_SELF = _code("isms.link.self", E, "a document implements itself")
LINK_UNKNOWN_CONTROL = _code("isms.link.unknown-control", E, "a control id not in any catalog")
LINK_UNKNOWN_CLAUSE = _code("isms.link.unknown-clause", E, "an ISO/IEC 27001 clause id that does not exist")
LINK_BAD_RANGE = _code("isms.link.bad-range", E, "a range of control or clause ids that is not one existing series")
LINK_UNKNOWN_RECORD = _code(
    "isms.link.unknown-record", E, "a records entry names a record template that does not exist"
)
LINK_NOT_RECORD = _code("isms.link.not-record", E, "a records entry names a document that is not a record template")
LINK_UNKNOWN_ID = _code(
    "isms.link.unknown-id", E, "a link in a document's text names a document id that does not exist"
)
LINK_MISSING_FILE = _code(
    "isms.link.missing-file", E, "a link in a document's text names a repository file that does not exist"
)
LINK_NOT_DOCUMENT = _code(
    "isms.link.not-document", W, "a link in a document's text names a repository file that is not a document"
)
LINK_UNKNOWN_ANCHOR = _code(
    "isms.link.unknown-anchor", E, "a link names a heading or anchor that the linked document does not have"
)
STATEMENT_UNDECLARED = _code(
    "isms.statement.undeclared", W, "a statement cites a control or clause missing from the front matter"
)

# Roles, people, approval
ROLE_UNKNOWN = _code("isms.role.unknown", E, "a role not defined in isms.yml")
PERSON_UNKNOWN = _code("isms.person.unknown", E, "a person not defined in isms.yml")
APPROVAL_NO_APPROVER = _code("isms.approval.no-approver", E, "an approved document names no approver role")
APPROVAL_NO_EFFECTIVE = _code("isms.approval.no-effective", E, "an approved document has no effective date")
APPROVAL_NOT_IN_ROLE = _code("isms.approval.not-in-role", E, "approved_by is not a member of the approver role")
APPROVAL_AFTER_EFFECTIVE = _code("isms.approval.after-effective", W, "approved_on is later than the effective date")
APPROVAL_INCOMPLETE = _code("isms.approval.incomplete", W, "an approved document lacks approved_by or approved_on")
VERIFY_UNRECORDED = _code(
    "isms.verify.unrecorded", E, "status set to approved without an approval commit (isms approve) for that version"
)
VERIFY_ROLE = _code("isms.verify.role", E, "the approval was made by someone outside the approver role at that time")
VERIFY_AUTHOR = _code("isms.verify.author", E, "the approver wrote part of the version they approved")
VERIFY_IDENTITY = _code(
    "isms.verify.identity", E, "the approval commit's author is not the person named in approved_by"
)
VERIFY_UNSIGNED = _code(
    "isms.verify.unsigned", E, "isms.yml requires signed approvals and the commit has no good signature"
)
VERIFY_SIGNER = _code(
    "isms.verify.signer", E, "a signed approval was not signed with one of the approver's own keys in isms.yml"
)
VERIFY_SHALLOW = _code(
    "isms.verify.shallow", E, "the clone is shallow: approvals before its oldest commit cannot be verified"
)
VERIFY_BASELINE = _code("isms.verify.baseline", E, "approvals.since names a commit this repository does not have")
VERIFY_CHANGED = _code(
    "isms.verify.changed", E, "the text of an approved version changed after its approval, without a new version"
)
VERIFY_SETTINGS = _code(
    "isms.verify.settings", E, "a change to people, roles, audiences or approvals in isms.yml was not approved"
)
ACK_INVALID = _code("isms.ack.invalid", E, "an acknowledgement file or row that cannot be read")
ACK_UNKNOWN = _code("isms.ack.unknown", W, "an acknowledgement for a person or document that does not exist")
VERIFY_REVIEW = _code(
    "isms.verify.review", E, "a next review date moved without a review by a member of the approver role"
)
CODEOWNERS_STALE = _code(
    "isms.codeowners.stale", W, "a CODEOWNERS file does not match the documents' approver roles (isms codeowners)"
)

# Statement of Applicability and coverage
SOA_MISSING = _code("isms.soa.missing", E, "there is no Statement of Applicability file")
SOA_MISSING_CONTROL = _code("isms.soa.missing-control", E, "an Annex A control has no SoA decision")
SOA_UNKNOWN_CONTROL = _code("isms.soa.unknown-control", E, "an SoA decision for a control not in any catalog")
SOA_NO_JUSTIFICATION = _code("isms.soa.no-justification", E, "an SoA decision has no justification")
SOA_NO_STATUS = _code("isms.soa.no-status", E, "an applicable control has no implementation status")
SOA_STATUS_EXCLUDED = _code("isms.soa.status-excluded", E, "an excluded control has an implementation status")
SOA_NOT_ASSESSED = _code("isms.soa.not-assessed", W, "Annex A controls whose applicability is not assessed yet")
SOA_EXCLUDED_CITED = _code("isms.soa.excluded-cited", E, "a document cites a control that the SoA excludes")
COVERAGE_UNIMPLEMENTED = _code(
    "isms.coverage.unimplemented", W, "an applicable control that no approved document implements"
)
COVERAGE_MANDATORY = _code(
    "isms.coverage.mandatory", W, "mandatory documented information that no document or record provides"
)
ORPHAN_DOCUMENT = _code("isms.orphan.document", W, "a standard or procedure that implements nothing")
ORPHAN_RECORD = _code("isms.orphan.record", W, "a record template that no document produces")

# Reviews, translations, records
REVIEW_OVERDUE = _code("isms.review.overdue", W, "the next review date has passed")
TRANSLATION_NO_ORIGINAL = _code("isms.translation.no-original", E, "a translation whose original does not exist")
TRANSLATION_LANGUAGE = _code("isms.translation.language", W, "a translation in the same language as its original")
TRANSLATION_CHAIN = _code("isms.translation.chain", E, "a translation of a translation")
TRANSLATION_OUTDATED = _code(
    "isms.translation.outdated", W, "a translation of a version of its original that is no longer the current one"
)
# Warnings the published pages and PDFs state to their readers themselves (a translation behind its
# original carries a notice): a site build reports them without counting them, and --strict leaves them
# warnings, so an ISMS whose translations lag publishes, as it should, while `isms check` names each one.
STATED_TO_READERS = frozenset({TRANSLATION_OUTDATED})
TRANSLATION_AHEAD = _code("isms.translation.ahead", E, "a translation of a version its original has not reached")
RECORD_RETENTION = _code("isms.record.retention", E, "a retention period that cannot be read")
RECORD_FIELD = _code("isms.record.field", E, "a form field that is malformed")

# Content
HTML_REMOVED = _code("isms.html.removed", W, "raw HTML that the site removes (script, event handlers, iframes …)")
HTML_UNKNOWN_TAG = _code(
    "isms.html.unknown-tag", W, "text in angle brackets read as an HTML tag that no page or PDF shows (<system name>)"
)

EMBED_OUTSIDE = _code(
    "isms.embed.outside",
    E,
    "an image or media file from outside the repository (another host, an absolute path, ../ or a symbolic link)",
)
EMBED_MISSING = _code("isms.embed.missing", E, "an image or media file that does not exist")
EMBED_UNREADABLE = _code("isms.embed.unreadable", E, "an image whose content is not the format its name says")
EMBED_UNSAFE_SVG = _code("isms.embed.unsafe-svg", E, "an SVG image with scripts, event handlers or outside references")

# Publishing
PDF_FAILED = _code("isms.pdf.failed", E, "a document could not be rendered as a PDF")

# Settings
SETTINGS_MISSING = _code("isms.settings.missing", E, "isms.yml is missing")
SETTINGS_REFERENCE = _code("isms.settings.reference", E, "isms.yml refers to something it does not define")
CATALOG_INVALID = _code("isms.catalog.invalid", E, "an organization catalog is malformed")
CATALOG_DUPLICATE = _code("isms.catalog.duplicate", E, "an organization catalog defines an id that exists already")


def code_info(name: str) -> Code:
    return _CODES[name]


def all_codes() -> list[Code]:
    return sorted(_CODES.values(), key=lambda code: code.name)


@dataclass(frozen=True, order=True)
class Location:
    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{max(self.column, 1)}"


@dataclass(frozen=True)
class Diagnostic:
    code: str
    location: Location
    message: str
    hint: str = ""
    severity: Severity = field(default=Severity.ERROR)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.code, self.message)

    def format(self) -> str:
        text = one_line(f"{self.location}: {self.severity.value}[{self.code}]: {self.message}")
        if self.hint:
            text += f"\n  hint: {one_line(self.hint)}"
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "message": self.message,
            "hint": self.hint,
        }


# Line breaks and terminal controls quoted from a source (a key written as "a\nb", a file name)
# are shown escaped, so a diagnostic stays one line and cannot pass for another; so are bidi
# controls, which would turn the rest of the line around in a terminal or a CI log.
class Report:
    """Collects diagnostics from every stage of a run.

    Stages add diagnostics by code; the code's registered severity applies, so a check never
    decides on its own whether something is an error.
    """

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []

    def add(self, code: str, location: Location, message: str, hint: str = "") -> None:
        severity = _CODES[code].severity
        self._items.append(Diagnostic(code, location, message, hint, severity))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self._items.extend(diagnostics)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def finalize(self, ignore: Iterable[str] = (), strict: bool = False) -> list[Diagnostic]:
        """The diagnostics to show, in stable order, without silenced codes.

        With strict, warnings become errors, except those the published outputs state to their readers
        (STATED_TO_READERS): a translation that lags its original is a fact to publish, not a fault.
        """
        ignored = set(ignore)
        unique = {(d.sort_key(), d.hint): d for d in self._items if d.code not in ignored}
        result = sorted(unique.values(), key=Diagnostic.sort_key)
        if strict:
            result = [
                d if d.code in STATED_TO_READERS else Diagnostic(d.code, d.location, d.message, d.hint, Severity.ERROR)
                for d in result
            ]
        return result


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def to_json(diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    payload = {
        "diagnostics": [d.to_json() for d in diagnostics],
        "errors": errors,
        "warnings": len(diagnostics) - errors,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def summary_line(diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
