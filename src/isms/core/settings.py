"""The organization's settings (isms.yml) as plain values: people, roles, audiences, classification
levels and the options of each section, each with its default in one place."""

from __future__ import annotations

from dataclasses import dataclass

from isms.core.model import Level


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
    # The site's name (mkdocs.yml's site_name, in the header and every page's title) in other languages.
    names: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class HomeTask:
    """A task link on the staff home page: what people come to do, and the document that says how."""

    title: str
    document: str  # a document id, checked against the ISMS
    titles: tuple[tuple[str, str], ...] = ()  # (language, title)
    line: int = 0  # in isms.yml, for the diagnostic of an unknown document


@dataclass(frozen=True)
class HomeSettings:
    """The `home:` section of isms.yml: what the staff home page offers besides the must-read list."""

    incident: str = ""  # how to report an incident, in the default language
    incident_texts: tuple[tuple[str, str], ...] = ()  # (language, text)
    phone: str = ""
    email: str = ""
    tasks: tuple[HomeTask, ...] = ()

    def incident_in(self, language: str) -> str:
        return in_language(self.incident_texts, language) or self.incident


ROOT = "root"  # approvals.since: the repository's first commit, which brought the ISMS in (a copy of the example)


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
    # approvals before this commit or date (or ROOT: the first commit) were recorded before `isms approve`
    approvals_since: str = ""
    approvals_signed: bool = False  # approval commits must carry a good GPG or SSH signature
    approvals_settings: str = ""  # the role that approves changes to people, roles, audiences and approvals
    extra_fields: tuple[str, ...] = ()  # front-matter keys of another tool that are kept and shown
    exclude: tuple[str, ...] = ()  # glob patterns of files and folders in the source folders that are not documents
    pdf: PdfSettings = PdfSettings()
    site: SiteSettings = SiteSettings()
    home: HomeSettings = HomeSettings()

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
