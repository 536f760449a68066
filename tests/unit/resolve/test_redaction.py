"""Redaction for an audience cannot be sidestepped by formatting: withheld ids and titles are found across
line breaks, emphasis and case, in Japanese and Chinese, under former titles and in every text field; the
placeholder is in the language of the text; translations inherit their original's classification history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from isms.core.model import Document, Level, Status, Version
from isms.resolve.audience import Redactor, find, restrict
from isms.resolve.view import open_view
from support.gitrepo import GitRepo
from support.paths import TODAY


def _document(document_id: str, title: str, path: str = "") -> Document:
    return Document(
        document_id, title, Level.PROCEDURE, Version(1, 0), Status.APPROVED, path or f"policies/{document_id}.md"
    )


@pytest.fixture
def redact() -> Redactor:
    withheld = [
        _document("PRO-IR-01", "Incident Response Procedure"),
        _document("PRO-IR-01-JA", "インシデント対応手順"),
    ]
    return Redactor(withheld, {"Security Incident Handling"}, "en")


@pytest.mark.parametrize(
    "text",
    [
        "see the Incident Response Procedure",
        "see the Incident Response\nProcedure",  # wrapped over two source lines
        "see the *Incident Response* Procedure",  # split by emphasis
        "see the **Incident** _Response_ `Procedure`",
        "see the INCIDENT RESPONSE PROCEDURE",  # in capitals
        "see the incident response procedure",
        "see the Incident <em>Response</em> Procedure",  # inline HTML
        "see pro-ir-01",  # a lower-case id
        "see the Security Incident Handling",  # a former title
    ],
)
def test_a_withheld_title_is_found_however_it_is_written(redact: Redactor, text: str) -> None:
    assert redact(text) == "see the restricted document" if "the" in text else redact(text) == "see restricted document"


def test_japanese_and_chinese_titles_across_line_breaks_and_localized_placeholders(redact: Redactor) -> None:
    assert redact("詳細はインシデント対応\n手順を参照。", "ja") == "詳細は非公開の文書を参照。"
    assert redact("详见 PRO-IR-01。", "zh-CN") == "详见 非公开文件。"
    assert redact("see PRO-IR-01", "fr") == "see restricted document"  # no word for it: English


def test_the_markup_around_a_redacted_name_stays_well_formed(redact: Redactor) -> None:
    assert redact("see *the Incident Response Procedure today*") == "see *the restricted document today*"
    assert redact("see *Incident Response Procedure*.") == "see restricted document."
    assert redact("see **the Incident** Response Procedure") == "see **the restricted document**"


def test_words_that_only_resemble_a_title_stay(redact: Redactor) -> None:
    text = "incident response is everyone's job; PRO-IR-010 and XPRO-IR-01 are other ids"
    assert redact(text) == text


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """The base ISMS with a public audience; the procedure renamed once, then reclassified confidential,
    with a Japanese translation that states no classification of its own."""
    repo = GitRepo.create(tmp_path / "isms")
    settings = repo.path("isms.yml")
    settings.write_text(
        settings.read_text() + "audiences:\n  public:\n    title: Public\n    clearance: public\n", encoding="utf-8"
    )
    for path in ("policies/POL-001-policy.md", "policies/STD-AC-01-access.md"):
        repo.edit(path, "classification: internal", "classification: public")
    repo.edit("policies/PRO-UA-01-user-access.md", "title: User Access Procedure", "title: Granting Access")
    assert repo.commit("Publish the policy and the standard", author="alice", add_all=True).code == 0
    repo.edit("policies/PRO-UA-01-user-access.md", "title: Granting Access", "title: User Access Procedure")
    repo.edit("policies/PRO-UA-01-user-access.md", "classification: internal", "classification: confidential")
    assert (
        repo.commit("The procedure names the privileged accounts: confidential", author="bob", add_all=True).code == 0
    )
    return repo


def test_every_text_field_and_former_titles_are_redacted(repo: GitRepo) -> None:
    standard = repo.path("policies/STD-AC-01-access.md")
    standard.write_text(
        standard.read_text(encoding="utf-8") + "\nAccess is granted as *Granting*\n*Access* describes.\n",
        encoding="utf-8",
    )
    soa = repo.path("policies/applicability.yml")
    text = soa.read_text(encoding="utf-8").replace("classification: internal", "classification: public")
    soa.write_text(
        text.replace("Needed by the fixture.", "Needed by the user access\n    procedure."), encoding="utf-8"
    )
    opened = open_view(repo.root, date.fromisoformat(TODAY), audience="public")
    assert opened.view is not None
    index = opened.view.index
    assert "PRO-UA-01" not in index.documents
    body = index.documents["STD-AC-01"].body
    assert "Access is granted as restricted document describes." in " ".join(body.split())
    soa_text = " ".join(d.justification for d in index.documents["SOA-001"].applicability.decisions)  # type: ignore[union-attr]
    assert "user access procedure" not in soa_text.lower() and "restricted document" in soa_text


def test_a_translation_inherits_its_originals_classification_history(repo: GitRepo) -> None:
    """The translation's first version was made while its original was internal: the public never sees it."""
    repo.path("policies/POL-001-ja.md").write_text(
        '---\nid: POL-001-JA\ntitle: 情報セキュリティ方針\ntranslation_of: POL-001\nlanguage: ja\nversion: "1.0"\n'
        "status: draft\n---\n\n経営者は方向性を示す。\n",
        encoding="utf-8",
    )
    assert repo.commit("Japanese translation of the policy", author="alice", add_all=True).code == 0
    opened = open_view(repo.root, date.fromisoformat(TODAY))
    assert opened.view is not None and opened.view.history is not None
    settings = opened.view.index.settings
    restricted = restrict(opened.view.index, opened.view.history, find(settings, "public"))
    policy = [r.version for r in restricted.history.of("POL-001")]
    assert policy == ["1.1"]  # 1.0 was internal
    assert restricted.history.of("POL-001-JA") != ()  # made after the original became public


def test_a_record_templates_description_links_to_no_withheld_document(repo: GitRepo) -> None:
    """Markdown with links, as a body: a link to a withheld document, by id or by its file, is left as its
    text in the audience's view, and a withheld id in its text is redacted."""
    record = repo.path("records-templates/REC-AQ-01-access-request.yml")
    text = record.read_text(encoding="utf-8").replace("classification: internal", "classification: public")
    description = (
        "description: |\n  Filled in as [the procedure](PRO-UA-01) and\n"
        "  [its steps](../policies/PRO-UA-01-user-access.md) say; see also [the standard](STD-AC-01).\n"
    )
    record.write_text(text.replace("evidences:", description + "evidences:"), encoding="utf-8")
    opened = open_view(repo.root, date.fromisoformat(TODAY), audience="public")
    assert opened.view is not None
    record_spec = opened.view.index.documents["REC-AQ-01"].record
    assert record_spec is not None
    assert " ".join(record_spec.description.split()) == (
        "Filled in as the procedure and its steps say; see also [the standard](STD-AC-01)."
    )
