"""The ISMS domain model: plain values, no I/O.

Documents of every level (policy, standard, procedure, record template and the Statement of
Applicability) share one `Document` type, because they share document control: id, version,
status, owner, approver, classification, review. What only record templates or the SoA carry
hangs off it as `record` and `applicability`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from isms.core.records import RecordSpec
from isms.core.soa import Applicability


class Level(str, Enum):
    POLICY = "policy"
    STANDARD = "standard"
    PROCEDURE = "procedure"
    RECORD = "record"
    SOA = "soa"

    @property
    def rank(self) -> int:
        """Position in the document pyramid, top first. The SoA sits with the policies."""
        return _RANK[self]

    @property
    def plural(self) -> str:
        return {"policy": "policies", "soa": "statements of applicability"}.get(self.value, self.value + "s")


_RANK = {Level.POLICY: 0, Level.SOA: 0, Level.STANDARD: 1, Level.PROCEDURE: 2, Level.RECORD: 3}

DOCUMENT_LEVELS = (Level.POLICY, Level.STANDARD, Level.PROCEDURE)

ID_PREFIXES = {
    Level.POLICY: "POL",
    Level.STANDARD: "STD",
    Level.PROCEDURE: "PRO",
    Level.RECORD: "REC",
    Level.SOA: "SOA",
}


class Status(str, Enum):
    DRAFT = "draft"
    IN_REVIEW = "in-review"
    APPROVED = "approved"
    SUPERSEDED = "superseded"
    RETIRED = "retired"

    @property
    def in_force(self) -> bool:
        return self is Status.APPROVED


_VERSION = re.compile(r"(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})\Z")


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> Version | None:
        match = _VERSION.match(text.strip())
        if not match:
            return None
        return cls(int(match[1]), int(match[2]))

    def next_minor(self) -> Version:
        return Version(self.major, self.minor + 1)

    def next_major(self) -> Version:
        return Version(self.major + 1, 0)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str = ""
    git: tuple[str, ...] = ()
    handle: str = ""
    signing_keys: tuple[str, ...] = ()  # SSH public keys or GPG fingerprints their approvals are signed with
    names: tuple[tuple[str, str], ...] = ()  # (language, the name as written there): ("ja", "森田 健二")


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    members: tuple[str, ...] = ()
    titles: tuple[tuple[str, str], ...] = ()  # (language, title): ("ja", "最高情報セキュリティ責任者")


@dataclass(frozen=True)
class Audience:
    """Who may read one published output, up to a classification level."""

    id: str
    title: str
    clearance: str
    titles: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Organization:
    name: str
    short_name: str = ""
    names: tuple[tuple[str, str], ...] = ()

    def name_in(self, language: str) -> str:
        return in_language(self.names, language) or self.name


def in_language(titles: tuple[tuple[str, str], ...], language: str) -> str:
    """The entry for a language, else for its base (`zh` for `zh-CN`), else for another variant of the
    base (`zh-CN` for `zh`); "" when there is none, so the caller falls back to the original value."""
    if not language:
        return ""
    found = dict(titles)
    base = language.split("-")[0]
    variants = sorted(code for code in found if code.split("-")[0] == base)
    for code in (language, base, *variants):
        if found.get(code):
            return found[code]
    return ""


TITLED_KINDS = ("organization", "role", "audience", "classification", "person")


@dataclass(frozen=True)
class PdfSettings:
    """The `pdf:` section of isms.yml: what controlled PDFs print besides the documents themselves."""

    # The "uncontrolled when printed" notice as (language, text); the language "" is every language
    # (`uncontrolled: TEXT`). Without an entry for a language the PDF prints the built-in wording.
    uncontrolled: tuple[tuple[str, str], ...] = ()

    def uncontrolled_notice(self, language: str) -> str:
        """The notice isms.yml sets for a language (exact, then its base `zh`, then `en`), or ""."""
        notices = dict(self.uncontrolled)
        base = language.split("-")[0]
        return notices.get(language) or notices.get(base) or notices.get("en") or notices.get("") or ""


@dataclass(frozen=True)
class RenderLimits:
    """What one output file may cost pandoc and Typst (isms.yml `limits:`): a document that would
    keep either busy for ever, or grow without bound, fails alone instead of stopping the build."""

    seconds: float = 60  # wall-clock, for each tool; a document of 100 pages renders in a few seconds
    memory_mib: int = 2048  # pandoc's heap; the address space Typst may add to its worker


@dataclass(frozen=True)
class SiteSettings:
    """The `site:` section of isms.yml: the published site as seen from outputs that travel alone."""

    url: str = ""  # where the site is published, ending in "/"; PDFs link to its pages when set
    # The languages the intranet is built in, the default language's version at the root and each
    # other in a folder of its own; empty: every language of `languages:`.
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    organization: Organization
    languages: tuple[str, ...] = ("en",)
    default_language: str = "en"
    documents_path: str = "policies"
    records_path: str = "records-templates"
    acknowledgements_path: str = "policies/acknowledgements"
    applicability_path: str = "policies/applicability.yml"
    classifications: tuple[str, ...] = ("public", "internal", "confidential", "restricted")
    # (classification, ((language, title), ...)): what readers of other languages call each level
    classification_titles: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    review_cycle: tuple[tuple[Level, int], ...] = ()
    people: tuple[Person, ...] = ()
    roles: tuple[Role, ...] = ()
    audiences: tuple[Audience, ...] = ()
    catalogs: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    max_file_bytes: int = 1_048_576
    render_limits: RenderLimits = RenderLimits()
    approvals_since: str = ""  # approvals before this commit or date were recorded before `isms approve`
    approvals_signed: bool = False  # approval commits must carry a good GPG or SSH signature
    approvals_settings: str = ""  # the role that approves changes to people, roles, audiences and approvals
    extra_fields: tuple[str, ...] = ()  # front-matter keys of another tool that are kept and shown
    exclude: tuple[str, ...] = ()  # glob patterns of files and folders in the source folders that are not documents
    pdf: PdfSettings = PdfSettings()
    site: SiteSettings = SiteSettings()

    @property
    def site_languages(self) -> tuple[str, ...]:
        """The languages of the intranet, the default language first."""
        chosen = self.site.languages or self.languages
        return (self.default_language, *(language for language in chosen if language != self.default_language))

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def person_by_email(self, email: str) -> Person | None:
        """The person a git identity belongs to (their e-mail or one of their git e-mails)."""
        wanted = email.strip().lower()
        for person in self.people:
            if wanted and wanted in (e.lower() for e in (person.email, *person.git) if e):
                return person
        return None

    def display_name(self, email: str, fallback: str) -> str:
        person = self.person_by_email(email)
        return person.name if person else fallback

    def role(self, role_id: str) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def role_title(self, role_id: str) -> str:
        """A role as people read it: its title, or its id when isms.yml does not define it."""
        role = self.role(role_id)
        return role.title if role else role_id

    def role_with_members(self, role_id: str) -> str:
        """'Title (Name, Name)' for people reading a report; the id when the role is unknown."""
        role = self.role(role_id)
        if role is None:
            return role_id
        names = [p.name for p in (self.person(m) for m in role.members) if p]
        return f"{role.title} ({', '.join(names)})" if names else role.title

    def localized_title(self, kind: str, key: str, language: str) -> str:
        """The title isms.yml gives a value in a language (or its base or a variant of it), or ""."""
        if kind == "organization":
            return in_language(self.organization.names, language)
        if kind == "role":
            role = self.role(key)
            return in_language(role.titles, language) if role else ""
        if kind == "audience":
            audience = next((a for a in self.audiences if a.id == key), None)
            return in_language(audience.titles, language) if audience else ""
        if kind == "person":
            person = self.person(key)
            return in_language(person.names, language) if person else ""
        if kind == "classification":
            return in_language(dict(self.classification_titles).get(key, ()), language)
        raise ValueError(f"'{kind}' is not one of {', '.join(TITLED_KINDS)}")

    def title_of(self, kind: str, key: str, language: str = "") -> str:
        """A value of isms.yml as readers of `language` see it: organization, role, audience, classification
        or person, in that language when isms.yml gives it, otherwise as written (its title, or its id)."""
        localized = self.localized_title(kind, key, language) if language else ""
        if localized:
            return localized
        if kind == "organization":
            return self.organization.name
        if kind == "role":
            return self.role_title(key)
        if kind == "person":
            person = self.person(key)
            return person.name if person else key
        if kind == "audience":
            audience = next((a for a in self.audiences if a.id == key), None)
            return audience.title if audience else key
        return key

    def is_member(self, person_id: str, role_id: str) -> bool:
        role = self.role(role_id)
        return role is not None and person_id in role.members

    def review_months(self, level: Level) -> int:
        return dict(self.review_cycle).get(level, 12)

    def classification_rank(self, name: str) -> int:
        return self.classifications.index(name) if name in self.classifications else len(self.classifications)


@dataclass(frozen=True)
class StatementRef:
    """A statement in a document body that cites controls or clauses: `... {A.5.15, 6.1.2}`."""

    ordinal: int
    line: int
    column: int
    ids: tuple[str, ...]
    text: str
    ranges: tuple[str, ...] = ()  # as written, `A.5.15–A.5.18`; their ids are in `ids`

    @property
    def anchor(self) -> str:
        return f"stmt-{self.ordinal}"


@dataclass(frozen=True)
class Requirement:
    """One numbered requirement of a standard written as YAML."""

    number: int
    text: str
    line: int
    controls: tuple[str, ...] = ()
    clauses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    level: Level
    version: Version
    status: Status
    path: str
    revised: date | None = None
    owner: str = ""
    approver: str = ""
    approved_by: str = ""
    approved_on: date | None = None
    classification: str = "internal"
    language: str = "en"
    effective: date | None = None
    review_cycle: int | None = None
    next_review: date | None = None
    implements: tuple[str, ...] = ()
    controls: tuple[str, ...] = ()
    clauses: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    translation_of: str = ""
    translates: Version | None = None  # the version of the original a translation renders
    audiences: tuple[str, ...] = ()
    exclude_audiences: tuple[str, ...] = ()
    acknowledge: tuple[str, ...] = ()  # roles whose members confirm they read each major version
    summary: str = ""
    body: str = ""
    body_line: int = 1
    source_format: str = "markdown"
    requirements: tuple[Requirement, ...] = ()
    statements: tuple[StatementRef, ...] = ()
    record: RecordSpec | None = None
    applicability: Applicability | None = None
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)
    spots: tuple[tuple[str, str, int, int], ...] = field(default=(), compare=False)
    invalid: frozenset[str] = field(default=frozenset(), compare=False)
    extras: tuple[tuple[str, str], ...] = ()  # foreign front-matter keys isms.yml allows, as written
    imported_from: str = ""  # the file `isms import` made it from, whose git history comes before its own

    def line_of(self, name: str) -> int:
        """The line of a front-matter field, or of the id when the field is absent."""
        lines = dict(self.lines)
        return lines.get(name) or lines.get("id") or 1

    def spot(self, name: str, value: str) -> tuple[int, int]:
        """(line, column) of one entry of a list field, e.g. one id in `controls`."""
        for field_name, entry, line, column in self.spots:
            if field_name == name and entry == value:
                return line, column
        return self.line_of(name), 1

    @property
    def is_translation(self) -> bool:
        return bool(self.translation_of)

    def currency(self, original: Document) -> str:
        """Whether a translation renders its original as it is now: "current", "behind" (the original
        has moved on since the version it translates) or "unknown" (it does not say which version)."""
        if self.translates is None:
            return "unknown"
        return "current" if self.translates >= original.version else "behind"

    @property
    def cited_ids(self) -> tuple[str, ...]:
        """Every control and clause id the document cites, front matter and statements."""
        seen = dict.fromkeys(self.controls + self.clauses)
        for statement in self.statements:
            seen.update(dict.fromkeys(statement.ids))
        for requirement in self.requirements:
            seen.update(dict.fromkeys(requirement.controls + requirement.clauses))
        return tuple(seen)

    def review_due(self, settings: Settings) -> date | None:
        """Next review: stated, or the effective date plus the review cycle."""
        if self.next_review:
            return self.next_review
        if not self.effective:
            return None
        months = self.review_cycle or settings.review_months(self.level)
        return add_months(self.effective, months)


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(f"cannot add {months} months to {start}")
