"""What an auditor samples: each version's period in force and its successor, the author's change summary,
the in-force page in a browser, rendered redlines on the site and as PDFs, and isms.yml on "What changed"."""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from datetime import date
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from isms.host.site_build import build_site
from support.browser import open_page, wait_for
from support.gitrepo import GitRepo
from support.html_structure import without_unbreakable_spans
from support.static_server import quiet_handler

POLICY = "policies/POL-001-policy.md"
RULES = "\n\n## 2. Review\n\n- The owner reviews the policy yearly.\n- Top management approves each new version.\n"


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, Path, dict[str, str]]:
    """POL-001 adopted at 1.0, revised and approved twice (1.1 on 2026-07-01, 1.2 on 2026-09-01), a draft
    1.3 without a summary, and a change to isms.yml's roles nobody approved; the site built with PDFs."""
    repo = GitRepo.create(tmp_path_factory.mktemp("audited") / "isms")
    repo.add_site(pdf=True)
    repo.record_approvals_from_now(settings="top-management")
    outputs: dict[str, str] = {}
    text = repo.path(POLICY).read_text(encoding="utf-8")
    repo.path(POLICY).write_text(text.rstrip("\n") + RULES, encoding="utf-8")
    result = repo.commit("Add the review rules\n\nChange-Summary: Review rules listed", author="bob", add_all=True)
    assert result.code == 0, result.output
    outputs["with summary"] = result.output
    repo.approve_on("POL-001", "2026-07-01")
    repo.edit(POLICY, "reviews the policy yearly.", "reviews the policy every six months.")
    result = repo.commit("Review more often\n\nChange-Summary: Review every six months", author="bob", add_all=True)
    assert result.code == 0, result.output
    repo.approve_on("POL-001", "2026-09-01")
    repo.edit(POLICY, "Top management approves", "Top management signs and approves")
    result = repo.commit("Wording", author="bob", add_all=True)
    assert result.code == 0, result.output
    outputs["without summary"] = result.output
    repo.edit("isms.yml", "top-management: {title: Top management, members: [alice]}",
              "top-management: {title: Top management, members: [alice, bob]}")  # fmt: skip
    result = repo.commit("Bob joins top management", author="bob", add_all=True)
    assert result.code == 0, result.output
    site = tmp_path_factory.mktemp("audited-site") / "site"
    build_site(repo.root, date(2026, 11, 21), site_dir=site)
    return repo, site, outputs


def page(site: Path, uri: str) -> str:
    return without_unbreakable_spans((site / uri / "index.html").read_text(encoding="utf-8"))


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def test_the_hook_asks_for_a_change_summary_and_says_how(audited: tuple[GitRepo, Path, dict[str, str]]) -> None:
    _, _, outputs = audited
    assert "no change summary" not in outputs["with summary"]
    assert (
        "isms: no change summary for POL-001: add a trailer to the commit message, after a blank line:"
        " `Change-Summary: what changed and why`" in outputs["without summary"]
    )


def test_history_page_shows_periods_successors_and_the_authors_summaries(
    audited: tuple[GitRepo, Path, dict[str, str]],
) -> None:
    _, site, _ = audited
    html = page(site, "history/POL-001")
    rows = html[html.index("<tbody>") : html.index("</tbody>")].split("<tr>")[1:]
    assert [row.split("</a>")[0].rsplit(">", 1)[1] for row in rows] == ["1.3", "1.2", "1.1", "1.0"]
    assert "never in force" in rows[0] and "draft" in rows[0] and "Wording&nbsp;†" in rows[0]
    assert "since 2026-09-01" in rows[1] and "in force" in rows[1] and "Review every six months" in rows[1]
    assert "2026-07-01 – 2026-09-01, superseded by" in rows[2] and ">1.2</a>" in rows[2]
    assert "Review rules listed" in rows[2] and "Alice Example, 2026-07-01" in rows[2]
    # before approvals.since, but committed by one of the ISMS's people: their change, not an adoption
    assert "Initial ISMS&nbsp;†" in rows[3] and "Alice Example" in rows[3] and "Adopted" not in html


def test_a_superseded_version_says_so_with_its_end_and_its_approval(
    audited: tuple[GitRepo, Path, dict[str, str]],
) -> None:
    _, site, _ = audited
    html = page(site, "history/POL-001/1.1")
    assert "Superseded on 2026-09-01" in html
    assert "in force from 2026-07-01 to 2026-09-01, superseded by" in html
    assert "1.1 · Superseded on 2026-09-01" in html
    assert "Alice Example, 2026-07-01" in html  # who approved it, and when, still stated
    assert "approved" not in html.split("1.1 · ")[1].split("</dd>")[0].lower()
    archived = pdf_text(site / "pdf" / "archive" / "POL-001-v1.1.pdf")
    assert "POL-001 · Version 1.1 · Superseded" in archived
    assert "In force 2026-07-01 – 2026-09-01 Superseded by version 1.2" in archived
    assert "Approved by Alice Example" in archived


def test_the_redline_marks_exactly_the_changed_words_of_the_list_item(
    audited: tuple[GitRepo, Path, dict[str, str]],
) -> None:
    _, site, _ = audited
    html = page(site, "history/POL-001/1.2")
    redline = html[html.index('class="isms-redline"') : html.index("isms-raw-diff")]
    assert (
        '<li>The owner reviews the policy <del class="isms-del" title="deleted">yearly</del>'
        '<ins class="isms-ins" title="inserted">every six months</ins>.</li>'
    ) in redline
    assert redline.count("<ins ") == 1 and redline.count("<del ") == 1
    cell = '<td class="isms-nowrap">'  # short cells never wrap (site/tables.py)
    assert f"{cell}Version</td>\n{cell}1.1</td>\n{cell}→</td>\n{cell}1.2</td>" in html
    assert 'href="../../../pdf/redline/POL-001-v1.2-redline.pdf"' in html


def test_the_redline_pdf_shows_the_inserted_and_deleted_words_and_is_in_the_manifest(
    audited: tuple[GitRepo, Path, dict[str, str]],
) -> None:
    _, site, _ = audited
    text = pdf_text(site / "pdf" / "redline" / "POL-001-v1.2-redline.pdf")
    assert "The owner reviews the policy yearly every six months." in text
    assert "Redline version 1.2 against 1.1" in text
    manifest = json.loads((site / "pdf" / "manifest.json").read_text(encoding="utf-8"))
    files = {entry["file"] for entry in manifest["documents"]}
    assert {"redline/POL-001-v1.1-redline.pdf", "redline/POL-001-v1.2-redline.pdf"} <= files
    assert "redline/POL-001-v1.3-redline.pdf" not in files  # a draft gets none
    sums = (site / "pdf" / "SHA256SUMS").read_text(encoding="utf-8")
    assert "  redline/POL-001-v1.2-redline.pdf\n" in sums


def test_what_changed_lists_the_isms_yml_change_field_by_field_not_approved(
    audited: tuple[GitRepo, Path, dict[str, str]],
) -> None:
    _, site, _ = audited
    html = page(site, "registers/changes")
    row = html[html.index("roles.top-management.members: + bob") :].split("</tr>")[0]
    assert "Bob Example" in row and "<td>not approved</td>" in row
    revised = html[html.index("Review every six months") :].split("</tr>")[0]
    assert "<td>Bob Example</td>" in revised and "<td>Alice Example, 2026-09-01</td>" in revised
    draft = html[html.index("Wording&nbsp;†") :].split("</tr>")[0]
    assert "<td>not approved</td>" in draft


@pytest.fixture(scope="module")
def served(audited: tuple[GitRepo, Path, dict[str, str]]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), quiet_handler(audited[1]))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _answer(browser: Any, base: str, day: str) -> dict[str, Any]:
    open_page(browser, f"{base}/registers/in-force/?date={day}")
    wait_for(browser, lambda: browser.execute_script("return !!document.querySelector('[data-isms-summary]')"))
    return dict(
        browser.execute_script(
            "var row = document.querySelector('tr[data-document=\"POL-001\"]');"
            "return {summary: document.querySelector('[data-isms-summary]').textContent,"
            " version: row.getAttribute('data-version'), cells: [...row.cells].map(c => c.textContent),"
            " links: [...row.querySelectorAll('a')].map(a => a.getAttribute('href'))};"
        )
    )


def test_in_force_page_answers_a_date_between_two_versions_with_the_older_one(browser: Any, served: str) -> None:
    found = _answer(browser, served, "2026-08-15")
    assert found["version"] == "1.1"
    assert found["cells"] == [
        "POL-001 Information Security Policy",
        "1.1",
        "2026-07-01 – 2026-09-01 (superseded by 1.2)",
        "Alice Example, 2026-07-01",
        "PDF",
    ]
    assert found["links"] == ["../../history/POL-001/1.1/", "../../pdf/archive/POL-001-v1.1.pdf"]
    assert found["summary"].startswith("On 2026-08-15, ")


def test_in_force_page_says_none_before_the_first_approval(browser: Any, served: str) -> None:
    found = _answer(browser, served, "2026-01-10")
    assert found["version"] is None
    assert found["cells"][1] == "none in force"
    assert found["summary"] == "On 2026-01-10, no version of any document was in force."


def test_in_force_data_lists_approved_versions_only(audited: tuple[GitRepo, Path, dict[str, str]]) -> None:
    data = json.loads((audited[1] / "registers" / "in-force.json").read_text(encoding="utf-8"))
    policy = next(d for d in data["documents"] if d["id"] == "POL-001")
    assert [(v["version"], v["from"], v["to"]) for v in policy["versions"]] == [
        ("1.0", "2026-06-15", "2026-07-01"),
        ("1.1", "2026-07-01", "2026-09-01"),
        ("1.2", "2026-09-01", ""),
    ]


def test_an_audience_sees_only_its_documents_in_force_and_no_withheld_name_in_isms_yml_changes(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "isms")
    repo.add_site(pdf=False)
    settings = repo.path("isms.yml")
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "audiences:\n  staff: {title: Staff, clearance: internal}\n  team: {title: Team, clearance: confidential}\n",
        encoding="utf-8",
    )
    repo.edit("policies/STD-AC-01-access.md", "classification: internal", "classification: confidential")
    assert repo.commit("Audiences; the access standard is confidential", add_all=True).code == 0
    repo.edit("isms.yml", "ciso: {title: CISO,", "ciso: {title: CISO and owner of STD-AC-01,")
    assert repo.commit("The CISO owns the access standard", author="bob", add_all=True).code == 0
    for audience in ("staff", "team"):
        build_site(repo.root, date(2026, 11, 21), site_dir=tmp_path / audience, audience=audience)
    staff = json.loads((tmp_path / "staff" / "registers" / "in-force.json").read_text(encoding="utf-8"))
    team = json.loads((tmp_path / "team" / "registers" / "in-force.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in staff["documents"]] == ["POL-001", "PRO-UA-01", "REC-AQ-01", "SOA-001"]
    assert [d["id"] for d in team["documents"]] == ["POL-001", "STD-AC-01", "PRO-UA-01", "REC-AQ-01", "SOA-001"]
    changes = page(tmp_path / "staff", "registers/changes")
    assert "roles.ciso.title: CISO → CISO and owner of restricted document" in changes
    assert "STD-AC-01" not in changes and "STD-AC-01" not in page(tmp_path / "staff", "registers/in-force")
    assert "roles.ciso.title: CISO → CISO and owner of STD-AC-01" in page(tmp_path / "team", "registers/changes")


def test_isms_history_json_carries_the_periods_and_summaries(audited: tuple[GitRepo, Path, dict[str, str]]) -> None:
    repo, _, _ = audited
    result = repo.isms("history", "POL-001", "--format", "json")
    assert result.code == 0, result.output
    data = {r["version"]: r for r in json.loads(result.stdout)}
    assert {k: data["1.1"][k] for k in ("effective_from", "effective_to", "superseded_by", "state")} == {
        "effective_from": "2026-07-01",
        "effective_to": "2026-09-01",
        "superseded_by": "1.2",
        "state": "superseded",
    }
    assert (data["1.1"]["change_summary"], data["1.1"]["summary_source"]) == ("Review rules listed", "author")
    assert (data["1.3"]["change_summary"], data["1.3"]["summary_source"]) == ("Wording", "commit")


def test_the_example_reads_like_a_company_s_history_not_this_tool_s(example_site: Path) -> None:
    changes = page(example_site, "registers/changes")
    assert "maintainers" not in changes and "fixture suite" not in changes
    assert changes.count('</td>\n<td class="isms-nowrap">adopted</td>') == 1  # one line for how the ISMS came in
    history = page(example_site, "history/POL-001")
    assert "maintainers" not in history
    adopted = history[history.index('<a href="2.0/">2.0</a>') :].split("</tr>")[0]
    assert '<td class="isms-nowrap">2026-06-24</td>' in adopted  # dated by its approval, not by the commit
    assert "2026-07-01 – 2026-11-21, superseded by" in adopted and "Kenji Morita, 2026-06-24" in adopted
    version = page(example_site, "history/POL-001/2.0")
    assert "Superseded on 2026-11-21" in version and "(recorded in the repository on 2026-11-21)" in version


def test_an_approved_isms_yml_change_names_its_approver_on_what_changed(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "isms")
    repo.add_site(pdf=False)
    repo.record_approvals_from_now(settings="top-management")
    repo.edit("isms.yml", "ciso: {title: CISO, members: [bob]}", "ciso: {title: CISO, members: [bob, alice]}")
    assert repo.commit("Alice joins the CISO role", author="bob", add_all=True).code == 0
    repo.act_as("alice")
    approved = repo.isms("approve", "isms.yml")
    assert approved.code == 0, approved.output
    day = repo.git("log", "-1", "--format=%as").strip()
    build_site(repo.root, date(2026, 11, 21), site_dir=tmp_path / "site")
    changes = page(tmp_path / "site", "registers/changes")
    row = changes[changes.index("roles.ciso.members: + alice") :].split("</tr>")[0]
    assert "<td>Bob Example</td>" in row and f"<td>Alice Example, {day}</td>" in row
