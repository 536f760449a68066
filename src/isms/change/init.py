"""`isms init`: the files of a new ISMS repository, or those an existing folder lacks.

Planning is separate from writing: `plan` returns every file with its text, and `write` creates
only those that do not exist, so running it again, or in a repository that already has some of
the files, adds what is missing and never changes what a user wrote.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from importlib import resources
from pathlib import Path

from isms import __version__
from isms.change.scaffold import yaml_string
from isms.core.catalog import Catalog
from isms.core.errors import IsmsError
from isms.core.settings import ROOT
from isms.core.soa import NOT_ASSESSED
from isms.read.labels import labels_in
from isms.read.yamltree import Mapping, Scalar, parse

# Material's theme language for the default language of the ISMS.
_THEME_LANGUAGES = {"zh-CN": "zh", "zh-TW": "zh-TW", "zh": "zh"}
_ROLES = ("top-management", "ciso", "isms-manager", "all-staff")


class InitError(IsmsError):
    """The folder cannot take an ISMS (e.g. a file stands where a folder must go)."""


@dataclass(frozen=True)
class Founder:
    """The first person of the ISMS, who holds every role until colleagues are added."""

    name: str
    email: str

    @property
    def id(self) -> str:
        ascii_name = unicodedata.normalize("NFKD", self.name).encode("ascii", "ignore").decode()
        derived = re.sub(r"[^a-z0-9]", "", ascii_name.lower()) or re.sub(r"[^a-z0-9]", "", self.email.split("@")[0])
        return derived or "founder"


@dataclass(frozen=True)
class Options:
    organization: str
    founder: Founder
    languages: tuple[str, ...] = ("en",)
    short_name: str = ""
    github: bool = True
    gitlab: bool = True


@dataclass(frozen=True)
class PlannedFile:
    path: str  # relative, with forward slashes
    text: str


def plan(options: Options, catalog: Catalog, today: date) -> list[PlannedFile]:
    """Every file a new ISMS repository gets, in the order they are reported."""
    organization = options.organization.strip()
    words = labels_in(options.languages[0])  # what people read first is in the ISMS's default language
    files = [
        PlannedFile("isms.yml", settings_text(options, today)),
        PlannedFile("policies/applicability.yml", applicability_text(catalog, words("levels.soa"))),
        PlannedFile("records-templates/README.md", _RECORDS_README),
        PlannedFile(
            "mkdocs.yml",
            _template(
                "mkdocs.yml",
                SITE_NAME=yaml_string(f"{options.short_name or organization} ISMS"),
                SITE_DESCRIPTION=yaml_string(words("starter.site_description", organization=organization)),
                THEME_LANGUAGE=_THEME_LANGUAGES.get(options.languages[0], options.languages[0]),
            ),
        ),
        PlannedFile("docs/about.md", _template(_about_page(options.languages[0]), ORGANIZATION=_text(organization))),
        PlannedFile("README.md", _template("README.md", ORGANIZATION=_text(organization))),
        PlannedFile("requirements.txt", f"isms-docs=={__version__}\n"),
        PlannedFile(".gitignore", _template("gitignore")),
    ]
    if options.github:
        files += [
            PlannedFile(".github/workflows/isms.yml", workflow("github")),
            PlannedFile(".github/pull_request_template.md", _template("change-request-template.md")),
        ]
    if options.gitlab:
        files += [
            PlannedFile(".gitlab-ci.yml", workflow("gitlab")),
            PlannedFile(".gitlab/merge_request_templates/Document change.md", _template("change-request-template.md")),
        ]
    return files


EXAMPLE_FILES = ("isms.yml", "mkdocs.yml", "policies/", "records-templates/", "docs/")


def with_example(planned: list[PlannedFile]) -> list[PlannedFile]:
    """The example ISMS in place of a new one: its settings, documents and pages, with the same
    repository files around them (CI, templates, requirements, README)."""
    example = example_folder()
    if example is None:
        raise InitError("this installation has no copy of the example ISMS (it is in the wheel on PyPI)")
    own = [item for item in planned if not item.path.startswith(EXAMPLE_FILES)]
    files = sorted(path for path in example.rglob("*") if path.is_file() and "__pycache__" not in path.parts)
    copied = [
        PlannedFile(path.relative_to(example).as_posix(), path.read_text(encoding="utf-8"))
        for path in files
        if path.relative_to(example).as_posix().startswith(EXAMPLE_FILES)
    ]
    return [replace(item, text=adopted_here(item.text)) if item.path == "isms.yml" else item for item in copied] + own


ADOPTED_HERE = "  # this repository's first commit, which brought the ISMS in: approvals before it stand as written"


def adopted_here(settings: str) -> str:
    """The example's isms.yml for a copy in a repository of its own. Its approvals.since names the commit
    that brought the example into the example's repository, which a copy does not have (isms verify would
    take no approval as recorded): the copy's baseline is its own first commit, `root`. The rest of the
    file, comments included, stays as it is."""
    tree, _ = parse(settings, "isms.yml")
    approvals = tree.get("approvals") if isinstance(tree, Mapping) else None
    since = approvals.get("since") if isinstance(approvals, Mapping) else None
    if not isinstance(since, Scalar) or not since.plain or since.text == ROOT:
        return settings
    lines = settings.split("\n")
    line, start = lines[since.line - 1], since.column - 1
    end = start + len(since.text)
    if line[start:end] != since.text:  # not written as read: left to the user
        return settings
    rest = line[end:]
    lines[since.line - 1] = line[:start] + ROOT + (rest if rest.strip() else ADOPTED_HERE)
    return "\n".join(lines)


def example_folder() -> Path | None:
    """The example ISMS: package data in a wheel, or the top of the source checkout it came from."""
    packaged = Path(str(resources.files("isms") / "data" / "example"))
    if (packaged / "isms.yml").is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[3]
    if (checkout / "isms.yml").is_file() and (checkout / "policies").is_dir() and (checkout / "src" / "isms").is_dir():
        return checkout
    return None


def check_room(root: Path, planned: list[PlannedFile]) -> None:
    """Refuse, before anything is written, when a file stands where a planned folder must go."""
    for item in planned:
        for parent in (root / item.path).parents:
            if parent == root or root not in parent.parents:
                break
            if parent.is_symlink() or (parent.exists() and not parent.is_dir()):
                where = parent.relative_to(root).as_posix()
                raise InitError(f"cannot create {item.path}: {where} is a file, where a folder must be")


def write(root: Path, planned: list[PlannedFile]) -> tuple[list[str], list[str]]:
    """Create each planned file that does not exist yet: (created, kept) relative paths."""
    check_room(root, planned)
    created: list[str] = []
    kept: list[str] = []
    for item in planned:
        target = root / item.path
        if target.exists() or target.is_symlink():
            kept.append(item.path)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(target, "x", encoding="utf-8", newline="\n") as handle:
                handle.write(item.text)
        except FileExistsError:
            kept.append(item.path)
            continue
        created.append(item.path)
    return created, kept


def workflow(platform: str, requirement: str = "-r requirements.txt", cache_key: str = "requirements.txt") -> str:
    """The CI definition for GitHub or GitLab, installing isms-docs with `pip install REQUIREMENT`.

    This repository's own workflows are the same files installing the working tree (`.`); a test
    keeps them identical, so there is one definition of the pipeline.
    """
    name = {"github": "github-workflow.yml", "gitlab": "gitlab-ci.yml"}[platform]
    return _template(name, REQUIREMENT=requirement, CACHE_KEY=cache_key)


def settings_text(options: Options, today: date) -> str:
    founder = options.founder
    organization = options.organization.strip()
    languages = ", ".join(options.languages)
    roles = "\n".join(
        f"  {role}:\n{_titles(f'starter.roles.{role}', options.languages)}    members: [{founder.id}]"
        for role in _ROLES
    )
    return f"""# Organization settings for the ISMS, written by isms init on {today.isoformat()}.
# Everything the documents refer to by name (people, roles, classification levels) is defined here once.
organization:
  name: {yaml_string(organization)}
  short_name: {yaml_string(options.short_name or organization)}

languages: [{languages}]
default_language: {options.languages[0]}

# Where the sources live, relative to this file.
paths:
  documents: policies
  records: records-templates
  applicability: policies/applicability.yml

# Classification levels, lowest first.
classifications: [public, internal, confidential, restricted]

# Who reads which published output, and the highest classification each may see
# (isms build --all-audiences builds one site per audience).
audiences:
  staff:
{_titles("starter.audience_staff", options.languages)}    clearance: internal

# Review cycle in months, per document level, when a document gives neither review_cycle nor next_review.
review_cycle:
  policy: 12
  standard: 12
  procedure: 12
  record: 24
  soa: 12

# Everyone who owns, writes or approves documents. `git` lists every address they commit with;
# `handle` is their GitHub or GitLab user name, for CODEOWNERS.
people:
  - id: {founder.id}
    name: {yaml_string(founder.name)}
    email: {yaml_string(founder.email)}
    git: [{yaml_string(founder.email)}]

# Roles own and approve documents. Give each its real members: an approver may not approve
# a change they wrote themselves.
roles:
{roles}
"""


def applicability_text(catalog: Catalog, title: str) -> str:
    """The SoA with every Annex A control not assessed yet, grouped by theme, under its title in the ISMS's
    default language."""
    lines = [
        "# The Statement of Applicability: one decision per Annex A control. Replace not-assessed by",
        "#   A.5.1: {applicable: true, reasons: [risk-treatment], justification: Why., status: implemented}",
        "# or",
        "#   A.5.1: {applicable: false, justification: Why it does not apply.}",
        "# isms check counts the controls still to decide; the implementing documents are derived from the documents.",
        "id: SOA-001",
        f"title: {yaml_string(title)}",
        'version: "0.1"',
        "status: draft",
        "owner: isms-manager",
        "approver: top-management",
        "classification: internal",
        "review_cycle: 12",
        "controls:",
    ]
    for theme in catalog.themes.values():
        members = sorted(catalog.theme_controls(theme.id), key=lambda control: control.sort_key)
        if not members:
            continue
        lines.append(f"  # {theme.id} {theme.name}")
        lines += [f"  {control.id}: {NOT_ASSESSED}  # {control.title}" for control in members]
    return "\n".join(lines) + "\n"


def _titles(key: str, languages: tuple[str, ...]) -> str:
    """The `title:` line of a role or audience in English, and a `titles:` line with its title in each other
    language of the ISMS that has its own word for it (the label catalog's), indented for isms.yml."""
    english = labels_in("en")(key)
    own = {language: labels_in(language) for language in languages if language != "en"}
    titles = {language: words(key) for language, words in own.items() if key in words.own}
    line = f"    title: {yaml_string(english)}\n"
    if titles:
        pairs = ", ".join(f"{language}: {yaml_string(title)}" for language, title in titles.items())
        line += f"    titles: {{{pairs}}}\n"
    return line


def _about_page(language: str) -> str:
    """The site's first hand-written page in the ISMS's default language, or in English."""
    for candidate in (language, language.split("-")[0]):
        if (resources.files("isms") / "data" / "init" / f"about.{candidate}.md").is_file():
            return f"about.{candidate}.md"
    return "about.md"


def _template(name: str, **values: str) -> str:
    text = (resources.files("isms") / "data" / "init" / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    return text


# What Markdown would read as markup in a name: a tag or an entity, and the marks of emphasis, code and links
_MARKUP = re.compile(r"<(?=[A-Za-z/!?])|&(?=#?\w+;)|[\\`*_\[\]]")


def _text(name: str) -> str:
    """A name as text in a Markdown file people go on editing: "Kite & Co <Ltd>" is written
    "Kite & Co &lt;Ltd>", so every reader sees it as given, and "AT&T" stays "AT&T"."""
    return _MARKUP.sub(lambda m: "&lt;" if m[0] == "<" else "&amp;" if m[0] == "&" else "\\" + m[0], name)


_RECORDS_README = """Record templates (forms) go here, one YAML file each; `isms new record "Title"` writes one.
"""
