"""Read acknowledgements: records per document, the `isms acks` report, imports, major versions, the site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.gitrepo import GitRepo

POLICY = "policies/POL-001-policy.md"
ACKS = "policies/acknowledgements/POL-001.csv"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "isms")
    repo.edit(
        "isms.yml",
        "roles:\n",
        "  - {id: carol, name: Carol Outsider, email: carol@example.com}\n"
        "roles:\n  staff: {title: Staff, members: [alice, bob, carol]}\n",
    )
    repo.edit(POLICY, "classification: internal", "classification: internal\nacknowledge: [staff]")
    repo.path("policies/acknowledgements").mkdir()
    repo.path(ACKS).write_text("person,version,date\nalice,1.0,2026-06-20\nbob@example.com,0.9,2026-01-10\n")
    result = repo.commit("Staff acknowledge the policy", add_all=True)
    assert result.code == 0, result.output
    return repo


def test_report_per_version_and_role(repo: GitRepo) -> None:
    # adding who must acknowledge is not a new version of the policy
    assert 'version: "1.0"' in repo.path(POLICY).read_text()
    result = repo.isms("acks")
    assert result.code == 0, result.output
    assert result.stdout.splitlines() == [
        "Document  Version  Role   Acknowledged  Not yet",
        "POL-001   1.x      Staff  1 of 3 (33%)  Bob Example, Carol Outsider; again after 1.0: Bob Example",
    ]
    data = json.loads(repo.isms("acks", "--format", "json").stdout)
    assert data == [
        {
            "id": "POL-001",
            "version": "1.0",
            "major": 1,
            "roles": [
                {
                    "role": "staff",
                    "members": 3,
                    "acknowledged": ["alice"],
                    "missing": ["bob", "carol"],
                    "acknowledged_earlier_major_only": ["bob"],
                    "percent": 33,
                }
            ],
        }
    ]


def test_import_from_an_export_appends_and_is_idempotent(repo: GitRepo, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "\ufeffEmail,Policy,Policy version,Completion time\n"
        "bob@example.com,POL-001,1.0,2026/11/02 09:14\n"
        "Carol Outsider,POL-001,1.0,2026-11-03T10:00:00Z\n"
        "alice@example.com,POL-001,1.0,2026-11-04\n",
        encoding="utf-8",
    )
    before = repo.read(ACKS)
    result = repo.isms("acks", "--import", str(export))
    assert result.code == 0, result.output
    assert result.stdout.splitlines() == [
        "isms acks: POL-001: 2 acknowledgements added",
        "isms acks: 2 added, 1 already recorded",
    ]
    assert repo.read(ACKS) == before + b"bob,1.0,2026-11-02\ncarol,1.0,2026-11-03\n"
    again = repo.isms("acks", "--import", str(export))
    assert again.stdout.splitlines()[-1] == "isms acks: 0 added, 3 already recorded"
    assert "3 of 3 (100%)" in repo.isms("acks").stdout


def test_an_import_with_a_bad_row_writes_nothing(repo: GitRepo, tmp_path: Path) -> None:
    export = tmp_path / "form.csv"
    export.write_text("user,date\nbob,2026-11-02\ndave@example.com,2026-11-02\nalice,yesterday\n")
    before = repo.read(ACKS)
    result = repo.isms("acks", "--import", str(export), "--document", "POL-001", "--version", "1.0")
    assert result.code == 1
    assert result.stderr.splitlines() == [
        f"{export}: line 3: 'dave@example.com' is not a person in isms.yml",
        f"{export}: line 4: 'yesterday' is not a date",
        "isms acks: nothing was imported; fix the rows above (or remove them) and import again",
    ]
    assert repo.read(ACKS) == before
    missing = repo.isms("acks", "--import", str(export))
    assert "no document column; give --document ID" in missing.stderr


def test_a_major_version_must_be_acknowledged_again(repo: GitRepo) -> None:
    assert repo.isms("bump", "--major", "POL-001").code == 0
    repo.edit(POLICY, "sets the direction", "sets the direction and the objectives")
    assert repo.commit("New objectives", author="bob", add_all=True).code == 0
    result = repo.isms("acks", "POL-001")
    assert result.stdout.splitlines()[1] == (
        "POL-001   2.x      Staff  0 of 3 (0%)   Alice Example, Bob Example, Carol Outsider;"
        " again after 2.0: Alice Example, Bob Example"
    )


def test_broken_records_are_diagnostics_with_file_and_line(repo: GitRepo) -> None:
    repo.path(ACKS).write_text("person,version,date\nalice,1,2026-06-20\nzed,1.0,2026-06-20\nbob,1.0\n")
    repo.path("policies/acknowledgements/POL-404.csv").write_text("person,version,date\n")
    result = repo.isms("check")
    assert result.code == 1
    assert [line for line in result.stdout.splitlines() if "isms.ack" in line] == [
        "policies/acknowledgements/POL-001.csv:2:1: error[isms.ack.invalid]: version '1' is not major.minor",
        "policies/acknowledgements/POL-001.csv:3:1: warning[isms.ack.unknown]: 'zed' is not a person in isms.yml",
        "policies/acknowledgements/POL-001.csv:4:1: error[isms.ack.invalid]: 2 columns; expected person,version,date",
        "policies/acknowledgements/POL-404.csv: warning[isms.ack.unknown]: acknowledgements for POL-404,"
        " which is not a document",
    ]


def test_the_site_shows_coverage_on_the_document_page(repo: GitRepo) -> None:
    repo.add_site(pdf=False)
    built = repo.isms("build")
    assert built.code == 0, built.output
    page = repo.path("site/policies/POL-001/index.html").read_text(encoding="utf-8")
    assert (  # a term of the document's facts, not nested in the one before it
        "<dt>Language</dt>\n<dd>English</dd>\n"
        "<dt>Read by</dt>\n<dd>Staff: 1 of 3 (33 %) — acknowledged version 1.x</dd>"
    ) in page
    other = repo.path("site/standards/STD-AC-01/index.html").read_text(encoding="utf-8")
    assert "Read by" not in other
