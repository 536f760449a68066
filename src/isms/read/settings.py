"""Reading `isms.yml`, the organization settings."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from pathlib import PurePosixPath

from isms.core import diagnostics as codes
from isms.core.diagnostics import Location, Report
from isms.core.keys import key_fingerprint
from isms.core.model import Level
from isms.core.settings import Audience, Organization, PdfSettings, Person, RenderLimits, Role, Settings, SiteSettings
from isms.read.fields import Reader, did_you_mean, kind_of
from isms.read.home_settings import read_home
from isms.read.sources import KNOWN_FIELDS
from isms.read.titles import entry_titles, read_classifications, read_titles
from isms.read.yamltree import Mapping, Node, Scalar, Sequence, parse

SETTINGS_FILE = "isms.yml"
MAX_FILE_KIB = 65_536  # the highest limits.max_file_kib: a file is read whole, so memory stays bounded
MAX_RENDER_SECONDS = 3_600
MAX_RENDER_MIB = 65_536

TOP_LEVEL = (
    "organization", "languages", "default_language", "paths", "classifications", "review_cycle",
    "people", "roles", "audiences", "catalogs", "diagnostics", "limits", "pdf", "site", "approvals",
    "extra_fields", "home",
)  # fmt: skip
# The defaults of every setting are those of the model's dataclasses; a key that is absent or empty
# takes the value from here, never from a second copy.
DEFAULT = Settings(organization=Organization(name=""))
PDF_KEYS = tuple(field.name for field in fields(PdfSettings))
SITE_KEYS = tuple(field.name for field in fields(SiteSettings))


def read_settings(text: str, report: Report, path: str = SETTINGS_FILE) -> Settings | None:
    root, problems = parse(text.removeprefix("\ufeff"), path)
    report.extend(problems)
    if root is None and not problems:  # empty: report what is missing, as for any incomplete isms.yml
        root = Mapping((), 1, 1)
    if root is None:
        return None
    reader = Reader(path, report)
    top = reader.mapping(root, "isms.yml")
    if top is None:
        return None
    reader.check_keys(top, TOP_LEVEL, "isms.yml")

    languages = reader.text_list(top.get("languages"), "languages") or DEFAULT.languages
    organization = _organization(top, reader, languages)
    default_language = reader.text(top.get("default_language"), "default_language") or languages[0]
    if default_language not in languages and top.get("default_language") is not None:
        reader.error(
            codes.SETTINGS_REFERENCE,
            top.get("default_language") or top,
            f"default_language '{default_language}' is not in languages",
        )
    paths = reader.mapping(top.get("paths"), "paths") or Mapping((), 0, 0)
    reader.check_keys(paths, ("documents", "records", "applicability", "acknowledgements", "exclude"), "paths")
    exclude = reader.text_list(paths.get("exclude"), "exclude")
    documents_path = _inside(paths.get("documents"), "documents", reader) or DEFAULT.documents_path
    records_path = _inside(paths.get("records"), "records", reader) or DEFAULT.records_path
    applicability_path = _inside(paths.get("applicability"), "applicability", reader) or DEFAULT.applicability_path
    acknowledgements_path = (
        _inside(paths.get("acknowledgements"), "acknowledgements", reader) or DEFAULT.acknowledgements_path
    )
    catalogs = tuple(_inside(node, "catalogs", reader) for node in reader.located_list(top.get("catalogs"), "catalogs"))
    listed, classification_titles = read_classifications(top.get("classifications"), reader, languages)
    classifications = listed or DEFAULT.classifications
    people = _people(top, reader, languages)
    roles = _roles(top, reader, {p.id for p in people}, languages)
    audiences = _audiences(top, reader, classifications, languages)
    review_cycle = _review_cycle(top, reader)
    diagnostics = reader.mapping(top.get("diagnostics"), "diagnostics") or Mapping((), 0, 0)
    reader.check_keys(diagnostics, ("ignore",), "diagnostics")
    limits = reader.mapping(top.get("limits"), "limits") or Mapping((), 0, 0)
    reader.check_keys(limits, ("max_file_kib", "render_seconds", "render_memory_mib"), "limits")
    max_kib = (
        reader.positive_int(limits.get("max_file_kib"), "max_file_kib", "KiB", MAX_FILE_KIB)
        if limits.get("max_file_kib")
        else None
    )
    render_limits = _render_limits(limits, reader)
    approvals = reader.mapping(top.get("approvals"), "approvals") or Mapping((), 0, 0)
    reader.check_keys(approvals, ("since", "signed", "settings"), "approvals")
    approvals_since = reader.text(approvals.get("since"), "since") or ""
    approvals_signed = bool(reader.boolean(approvals.get("signed"), "signed")) if approvals.get("signed") else False
    approvals_settings = reader.text(approvals.get("settings"), "settings") or ""
    if approvals_settings and approvals_settings not in {role.id for role in roles}:
        reader.error(
            codes.SETTINGS_REFERENCE,
            approvals.get("settings") or approvals,
            f"approvals: settings: '{approvals_settings}' is not a role defined under roles:",
        )
    extra_fields = _extra_fields(top, reader)
    pdf = _pdf(top, reader, languages)
    site = _site(top, reader, languages)
    home = read_home(top, reader, languages)
    if reader.failed:
        return None
    return Settings(
        organization=organization,
        languages=languages,
        default_language=default_language,
        documents_path=documents_path,
        records_path=records_path,
        applicability_path=applicability_path,
        acknowledgements_path=acknowledgements_path,
        classifications=classifications,
        classification_titles=classification_titles,
        review_cycle=review_cycle,
        people=people,
        roles=roles,
        audiences=audiences,
        catalogs=tuple(path for path in catalogs if path),
        ignore=reader.text_list(diagnostics.get("ignore"), "ignore"),
        max_file_bytes=(max_kib * 1024 if max_kib else DEFAULT.max_file_bytes),
        render_limits=render_limits,
        pdf=pdf,
        home=home,
        approvals_since=approvals_since,
        approvals_signed=approvals_signed,
        approvals_settings=approvals_settings,
        extra_fields=extra_fields,
        exclude=exclude,
        site=site,
    )


_UNSAFE_PATH = re.compile(r"[\x00-\x1f\x7f]|^[A-Za-z]:")


def _inside(node: Node | None, name: str, reader: Reader) -> str | None:
    """A path from isms.yml, which must stay inside the repository: sources are read from it."""
    value = reader.text(node, name)
    if not value or node is None:
        return value
    if PurePosixPath(value).is_absolute() or ".." in PurePosixPath(value).parts or _UNSAFE_PATH.search(value):
        reader.error(
            codes.FIELD_VALUE,
            node,
            f"'{name}' is '{value}', which is not a path inside the repository",
            "write a path relative to the folder of isms.yml, without '..'",
        )
        return None
    return value


def _render_limits(limits: Mapping, reader: Reader) -> RenderLimits:
    """What pandoc and Typst may spend on one output file; the defaults suit documents of hundreds of pages."""
    default = DEFAULT.render_limits
    seconds = limits.get("render_seconds")
    memory = limits.get("render_memory_mib")
    return RenderLimits(
        seconds=(reader.positive_int(seconds, "render_seconds", "seconds", MAX_RENDER_SECONDS) if seconds else None)
        or default.seconds,
        memory_mib=(reader.positive_int(memory, "render_memory_mib", "MiB", MAX_RENDER_MIB) if memory else None)
        or default.memory_mib,
    )


def _pdf(top: Mapping, reader: Reader, languages: tuple[str, ...]) -> PdfSettings:
    """The `pdf:` section; a key it does not hold is a typo that would otherwise change nothing."""
    pdf = PdfSettings()
    section = reader.mapping(top.get("pdf"), "pdf")
    if section is None:
        return pdf
    reader.check_keys(section, PDF_KEYS, "pdf")
    node = section.get("uncontrolled")
    if node is not None:
        pdf = replace(pdf, uncontrolled=_uncontrolled(node, reader, languages))
    return pdf


def _uncontrolled(node: Node, reader: Reader, languages: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """`uncontrolled: TEXT` for every language, or a mapping of languages to their wording."""
    if isinstance(node, Scalar):
        text = reader.text(node, "uncontrolled")
        return (("", text),) if text else ()
    if not isinstance(node, Mapping):
        reader.error(
            codes.FIELD_TYPE,
            node,
            f"'uncontrolled' must be text or a mapping of languages to text, not {kind_of(node)}",
            "write uncontrolled: {en: Uncontrolled when printed, ja: 印刷物は管理対象外}",
        )
        return ()
    # A notice applies to its language, to regional variants of it (`zh` to `zh-CN`), and `en` to the rest.
    known = {"en", *languages, *(language.split("-")[0] for language in languages)}
    notices: list[tuple[str, str]] = []
    for key, value in node.entries:
        if key.text not in known:
            hint = did_you_mean(key.text, sorted(known), f"the languages of isms.yml are: {', '.join(languages)}")
            reader.error(codes.FIELD_UNKNOWN, key, f"unknown language '{key.text}' in pdf.uncontrolled", hint)
            continue
        text = reader.text(value, f"uncontrolled.{key.text}")
        if text:
            notices.append((key.text, text))
    return tuple(notices)


_SITE_URL = re.compile(r"https?://[^\s/?#]+(?:/[^\s?#]*)?\Z")


def _site(top: Mapping, reader: Reader, languages: tuple[str, ...]) -> SiteSettings:
    site = SiteSettings()
    section = reader.mapping(top.get("site"), "site")
    if section is None:
        return site
    reader.check_keys(section, SITE_KEYS, "site")
    node = section.get("url")
    url = _site_url(node, reader) if node is not None else ""
    chosen: list[str] = []
    for entry in reader.located_list(section.get("languages"), "languages"):
        if entry.text not in languages:
            hint = did_you_mean(entry.text, list(languages), f"the languages of isms.yml are: {', '.join(languages)}")
            reader.error(codes.FIELD_VALUE, entry, f"site language '{entry.text}' is not in languages", hint)
        elif entry.text not in chosen:
            chosen.append(entry.text)
    names = read_titles(section.get("names"), reader, languages, "names of the site")
    return replace(site, url=url, languages=tuple(chosen), names=names)


def _site_url(node: Node, reader: Reader) -> str:
    """Where the site is published, so that a PDF, which travels alone, can link to pages on it."""
    value = reader.text(node, "url") or ""
    if value and not _SITE_URL.match(value):
        reader.error(
            codes.FIELD_VALUE,
            node,
            f"site url '{value}' is not an http or https address",
            "write the address readers open the site at, e.g. https://isms.example.com/",
        )
        return ""
    return value.rstrip("/") + "/" if value else ""


def _extra_fields(top: Mapping, reader: Reader) -> tuple[str, ...]:
    """Front-matter keys from another tool that documents may keep (`slug`, `weight` …)."""
    names: list[str] = []
    for node in reader.located_list(top.get("extra_fields"), "extra_fields"):
        name = node.text.strip()
        if name in KNOWN_FIELDS:
            reader.error(
                codes.FIELD_VALUE,
                node,
                f"'{name}' is a field of the ISMS format itself, not an extra field",
                f"remove '{name}' from extra_fields",
            )
        elif name:
            names.append(name)
    return tuple(names)


def _organization(top: Mapping, reader: Reader, languages: tuple[str, ...]) -> Organization:
    node = top.get("organization")
    if node is None:
        reader.error(codes.FIELD_MISSING, top, "isms.yml has no 'organization'", "add organization: {name: …}")
        return Organization(name="")
    mapping = reader.mapping(node, "organization")
    if mapping is None:
        return Organization(name="")
    reader.check_keys(mapping, ("name", "short_name", "names"), "organization")
    name = reader.text(mapping.get("name"), "name", required=True) or ""
    names = read_titles(mapping.get("names"), reader, languages, "names of the organization")
    return Organization(name, reader.text(mapping.get("short_name"), "short_name") or name, names)


def _people(top: Mapping, reader: Reader, languages: tuple[str, ...]) -> tuple[Person, ...]:
    node = top.get("people")
    if node is None:
        return ()
    if not isinstance(node, Sequence):
        reader.error(codes.FIELD_TYPE, node, "'people' must be a list of persons")
        return ()
    people: list[Person] = []
    seen: set[str] = set()
    for item in node.items:
        entry = reader.mapping(item, "person")
        if entry is None:
            continue
        reader.check_keys(entry, ("id", "name", "names", "email", "git", "handle", "signing_keys"), "a person")
        person_id = reader.text(entry.get("id"), "id", required=True)
        if not person_id:
            if entry.get("id") is None:
                reader.error(codes.FIELD_MISSING, entry, "a person has no 'id'")
            continue
        if person_id in seen:
            reader.error(codes.ID_DUPLICATE, entry.get("id") or entry, f"person '{person_id}' is defined twice")
        seen.add(person_id)
        people.append(
            Person(
                id=person_id,
                name=reader.text(entry.get("name"), "name") or person_id,
                email=reader.text(entry.get("email"), "email") or "",
                git=reader.text_list(entry.get("git"), "git"),
                handle=reader.text(entry.get("handle"), "handle") or "",
                signing_keys=_signing_keys(entry, reader),
                names=read_titles(entry.get("names"), reader, languages, f"names of person '{person_id}'"),
            )
        )
    return tuple(people)


def _signing_keys(entry: Mapping, reader: Reader) -> tuple[str, ...]:
    """A person's signing keys: SSH public keys ("ssh-ed25519 AAAA…") or GPG fingerprints (40 or 64 hex)."""
    keys = []
    for node in reader.located_list(entry.get("signing_keys"), "signing_keys"):
        text = reader.text(node, "signing_keys") or ""
        if key_fingerprint(text) is None:
            reader.error(
                codes.FIELD_VALUE,
                node,
                f"signing key '{text[:40]}' is neither an SSH public key nor a GPG fingerprint",
                "paste the public key line (ssh-ed25519 AAAA…) or the fingerprint (gpg --fingerprint)",
            )
            continue
        keys.append(text.strip())
    return tuple(keys)


def _roles(top: Mapping, reader: Reader, people: set[str], languages: tuple[str, ...]) -> tuple[Role, ...]:
    mapping = reader.mapping(top.get("roles"), "roles")
    if mapping is None:
        return ()
    roles: list[Role] = []
    for key, value in mapping.entries:
        entry = reader.mapping(value, key.text)
        if entry is None:
            continue
        reader.check_keys(entry, ("title", "titles", "members"), f"role '{key.text}'")
        members = reader.located_list(entry.get("members"), "members")
        for member in members:
            if member.text not in people:
                reader.report.add(
                    codes.SETTINGS_REFERENCE,
                    Location(reader.path, member.line, member.column),
                    f"role '{key.text}' names '{member.text}', who is not in people",
                    "add the person under people:, or correct the id",
                )
        title = reader.text(entry.get("title"), "title") or key.text
        titles = entry_titles(entry, reader, languages, f"role '{key.text}'")
        roles.append(Role(key.text, title, tuple(m.text for m in members), titles))
    return tuple(roles)


def _audiences(
    top: Mapping, reader: Reader, classifications: tuple[str, ...], languages: tuple[str, ...]
) -> tuple[Audience, ...]:
    mapping = reader.mapping(top.get("audiences"), "audiences")
    if mapping is None:
        return ()
    audiences: list[Audience] = []
    for key, value in mapping.entries:
        entry = reader.mapping(value, key.text)
        if entry is None:
            continue
        reader.check_keys(entry, ("title", "titles", "clearance"), f"audience '{key.text}'")
        clearance = reader.choice(entry.get("clearance"), "clearance", classifications)
        if entry.get("clearance") is None:
            reader.error(codes.FIELD_MISSING, key, f"audience '{key.text}' has no clearance")
        titles = entry_titles(entry, reader, languages, f"audience '{key.text}'")
        if clearance:
            title = reader.text(entry.get("title"), "title") or key.text
            audiences.append(Audience(key.text, title, clearance, titles))
    return tuple(audiences)


def _review_cycle(top: Mapping, reader: Reader) -> tuple[tuple[Level, int], ...]:
    mapping = reader.mapping(top.get("review_cycle"), "review_cycle")
    if mapping is None:
        return ()
    result: list[tuple[Level, int]] = []
    reader.check_keys(mapping, [level.value for level in Level], "review_cycle")
    for key, value in mapping.entries:
        months = reader.positive_int(value, key.text, "months")
        if months and key.text in {level.value for level in Level}:
            result.append((Level(key.text), months))
    return tuple(result)
