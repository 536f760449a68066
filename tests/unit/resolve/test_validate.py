"""Cross-checks over the resolved ISMS (isms.resolve.validate), one broken value at a time.

Each case changes one line of a copy of the valid fixture ISMS, loads and indexes it, runs
`validate` alone and compares every diagnostic as the CLI prints it: location, severity, code,
message and hint. The loader must have nothing to say, so that what is compared is validation's.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from isms.core.diagnostics import Report
from isms.resolve.validate import validate
from support.paths import TODAY
from support.trees import indexed, replace_once

POLICY = "policies/POL-001-policy.md"
STANDARD = "policies/STD-AC-01-access.md"
PROCEDURE = "policies/PRO-UA-01-user-access.md"
SOA = "policies/applicability.yml"


def validated(root: Path, today: str = TODAY) -> list[str]:
    """What validate reports on the ISMS at root, each diagnostic as `isms check` prints it."""
    report = Report()
    validate(indexed(root), report, date.fromisoformat(today))
    return [d.format() for d in report.finalize()]


def test_the_valid_fixture_has_nothing_to_report(base_tree: Path) -> None:
    assert validated(base_tree) == []


CASES = {
    "approver-not-in-role": (
        PROCEDURE,
        "approved_by: bob",
        "approved_by: alice",
        [
            f"{PROCEDURE}:9:1: error[isms.approval.not-in-role]: alice approved PRO-UA-01 but is not a member of its"
            " approver role 'ciso'\n  hint: the approval must come from a member of the approver role (isms.yml roles)"
        ],
    ),
    "approved-after-effective": (
        PROCEDURE,
        "approved_on: 2026-06-01",
        "approved_on: 2026-07-01",
        [
            f"{PROCEDURE}:10:1: warning[isms.approval.after-effective]: PRO-UA-01 was approved on 2026-07-01, after"
            " it became effective on 2026-06-15"
        ],
    ),
    "approval-incomplete": (
        POLICY,
        "approved_by: alice\n",
        "",
        [
            f"{POLICY}:6:1: warning[isms.approval.incomplete]: POL-001 is approved but has no approved_by\n"
            "  hint: record who approved this version and when"
        ],
    ),
    "cycle-through-a-wrong-level": (
        STANDARD,
        "implements: [POL-001]",
        "implements: [POL-001, PRO-UA-01]",
        [
            f"{PROCEDURE}:13:1: error[isms.link.cycle]: implements links form a cycle: PRO-UA-01 → STD-AC-01 →"
            " PRO-UA-01\n  hint: a document cannot sit both above and below another; remove one link",
            f"{STANDARD}:13:23: error[isms.link.wrong-level]: a standard cannot implement PRO-UA-01, a procedure\n"
            "  hint: a document implements documents above it: procedure → standard or policy, standard → policy",
        ],
    ),
    "implements-itself": (
        PROCEDURE,
        "implements: [STD-AC-01]",
        "implements: [STD-AC-01, PRO-UA-01]",
        [f"{PROCEDURE}:13:25: error[isms.link.self]: PRO-UA-01 lists itself in implements"],
    ),
    "unknown-record": (
        PROCEDURE,
        "records: [REC-AQ-01]",
        "records: [REC-AQ-02]",
        [
            f"{PROCEDURE}:15:11: error[isms.link.unknown-record]: produces record REC-AQ-02, which is not defined\n"
            "  hint: did you mean 'REC-AQ-01'?"
        ],
    ),
    "unknown-control-in-a-statement": (
        STANDARD,
        "named person. {A.5.15}",
        "named person. {A.5.15, A.5.99}",
        [
            f"{STANDARD}:18:47: error[isms.link.unknown-control]: A.5.99 is not a control in any catalog\n"
            "  hint: A.5 has controls A.5.1 to A.5.37; did you mean A.5.37?"
        ],
    ),
    "range-written-backwards": (
        STANDARD,
        "named person. {A.5.15}",
        "named person. {A.5.15–A.5.1}",
        [
            f"{STANDARD}:18:47: error[isms.link.bad-range]: A.5.15–A.5.1 is not a range: both ends must be in one"
            " theme or clause, lowest first\n  hint: write the lower id first: {A.5.1–A.5.15}"
        ],
    ),
    "classification-and-owner-not-in-isms-yml": (
        POLICY,
        "owner: ciso\napprover: top-management\napproved_by: alice\napproved_on: 2026-06-01\nclassification: internal",
        "owner: cisoo\napprover: top-management\napproved_by: alice\napproved_on: 2026-06-01\nclassification: secret",
        [
            f"{POLICY}:7:1: error[isms.role.unknown]: owner 'cisoo' is not a role in isms.yml\n"
            "  hint: did you mean 'ciso'?",
            f"{POLICY}:11:1: error[isms.field.value]: classification 'secret' is not one of those in isms.yml\n"
            "  hint: use one of: public, internal, confidential, restricted",
        ],
    ),
    "control-characters-in-a-value-are-shown-escaped": (
        POLICY,
        "owner: ciso",
        'owner: "ciso\\u202e"',
        [
            f"{POLICY}:7:1: error[isms.role.unknown]: owner 'ciso\\u202e' is not a role in isms.yml\n"
            "  hint: did you mean 'ciso'?"
        ],
    ),
    "procedure-implementing-nothing": (
        PROCEDURE,
        "implements: [STD-AC-01]\n",
        "",
        [
            f"{PROCEDURE}:2:1: warning[isms.orphan.document]: PRO-UA-01 (procedure) implements no document above it\n"
            "  hint: add implements: [the policy or standard it carries out]"
        ],
    ),
    "excluded-control-cited-and-undeclared": (
        STANDARD,
        "named person. {A.5.15}",
        "named person. {A.5.15, A.5.2}",
        [
            f"{STANDARD}:18:47: error[isms.soa.excluded-cited]: STD-AC-01 cites A.5.2, which the Statement of"
            f" Applicability excludes\n  hint: remove the citation, or make A.5.2 applicable in {SOA}",
            f"{STANDARD}:18:47: warning[isms.statement.undeclared]: a statement cites A.5.2, which is not in the"
            " document's controls\n  hint: add A.5.2 to controls in the front matter",
        ],
    ),
    "applicable-control-nobody-implements": (
        SOA,
        "A.5.2: {applicable: false, justification: Outside the fixture's scope.}",
        "A.5.2: {applicable: true, reasons: [risk-treatment], justification: Needed., status: planned}",
        [
            f"{SOA}:13:3: warning[isms.coverage.unimplemented]: A.5.2 (Information security roles and"
            " responsibilities) is applicable but no document implements it\n"
            "  hint: add A.5.2 to the controls of the document that implements it"
        ],
    ),
    "soa-without-a-decision": (
        SOA,
        "  A.5.2: {applicable: false, justification: Outside the fixture's scope.}\n",
        "",
        [
            f"{SOA}:11:1: error[isms.soa.missing-control]: no decision for A.5.2 (Information security roles and"
            " responsibilities)\n  hint: add A.5.2: with applicable, justification and status"
        ],
    ),
    "soa-applicable-without-status": (
        SOA,
        "justification: Needed by the fixture., status: implemented}\n  A.5.2:",
        "justification: Needed by the fixture.}\n  A.5.2:",
        [
            f"{SOA}:12:3: error[isms.soa.no-status]: A.5.1 is applicable but has no implementation status\n"
            "  hint: add status: implemented, partial, planned or not-implemented"
        ],
    ),
}


@pytest.mark.parametrize(("path", "old", "new", "expected"), list(CASES.values()), ids=list(CASES))
def test_one_broken_value_gives_exactly_its_diagnostics(
    base_tree: Path, path: str, old: str, new: str, expected: list[str]
) -> None:
    replace_once(base_tree, path, old, new)
    assert validated(base_tree) == expected


def test_reviews_fall_due_a_review_cycle_after_the_effective_date(base_tree: Path) -> None:
    hint = "\n  hint: review it: approve a new version, or record a review with no change"
    assert validated(base_tree, today="2027-06-15") == []
    assert validated(base_tree, today="2027-06-16") == [
        f"{POLICY}:12:1: warning[isms.review.overdue]: POL-001 was due for review on 2027-06-15{hint}",
        f"{PROCEDURE}:12:1: warning[isms.review.overdue]: PRO-UA-01 was due for review on 2027-06-15{hint}",
        f"{STANDARD}:12:1: warning[isms.review.overdue]: STD-AC-01 was due for review on 2027-06-15{hint}",
        f"{SOA}:10:1: warning[isms.review.overdue]: SOA-001 was due for review on 2027-06-15{hint}",
        "records-templates/REC-AQ-01-access-request.yml:10:1: warning[isms.review.overdue]: REC-AQ-01 was due for"
        f" review on 2027-06-15{hint}",
    ]


def test_an_overdue_review_is_counted_from_next_review_when_the_document_names_it(base_tree: Path) -> None:
    replace_once(base_tree, POLICY, "review_cycle: 12\n", "review_cycle: 12\nnext_review: 2026-11-01\n")
    assert validated(base_tree, today="2026-11-02") == [
        f"{POLICY}:14:1: warning[isms.review.overdue]: POL-001 was due for review on 2026-11-01\n"
        "  hint: review it: approve a new version, or record a review with no change"
    ]


def test_a_translation_in_the_language_of_its_original_is_named(base_tree: Path) -> None:
    (base_tree / "policies" / "POL-001-policy.ja.md").write_text(
        "---\nid: POL-001-JA\ntitle: 情報セキュリティ方針\ntranslation_of: POL-001\nlanguage: en\n"
        'version: "1.0"\nstatus: approved\napproved_by: alice\napproved_on: 2026-06-01\neffective: 2026-06-15\n'
        "---\n\n経営者は情報セキュリティの方向性を定める。 {A.5.1}\n",
        encoding="utf-8",
    )
    assert validated(base_tree) == [
        "policies/POL-001-policy.ja.md:5:1: warning[isms.translation.language]: POL-001-JA and its original"
        " POL-001 are both in 'en'\n  hint: set language: to the language of the translation"
    ]


def _translation(root: Path, translates: str) -> None:
    (root / "policies" / "POL-001-policy.ja.md").write_text(
        "---\nid: POL-001-JA\ntitle: 情報セキュリティ方針\ntranslation_of: POL-001\nlanguage: ja\n"
        f'version: "1.0"\n{translates}status: draft\n---\n\n本文。\n',
        encoding="utf-8",
    )


def test_a_translation_of_an_older_version_of_its_original_is_outdated(base_tree: Path) -> None:
    replace_once(base_tree, POLICY, 'version: "1.0"', 'version: "1.1"')
    _translation(base_tree, 'translates: "1.0"\n')
    assert validated(base_tree) == [
        "policies/POL-001-policy.ja.md:7:1: warning[isms.translation.outdated]: POL-001-JA translates version 1.0"
        " of POL-001, which is now at version 1.1\n"
        '  hint: bring the translation up to version 1.1 and set translates: "1.1"'
    ]


def test_a_translation_of_the_current_version_or_of_an_unstated_one_is_not_reported(base_tree: Path) -> None:
    _translation(base_tree, 'translates: "1.0"\n')
    assert validated(base_tree) == []
    _translation(base_tree, "")
    assert validated(base_tree) == []


def test_a_translation_of_a_version_the_original_has_not_reached_is_an_error(base_tree: Path) -> None:
    _translation(base_tree, 'translates: "1.2"\n')
    assert validated(base_tree) == [
        "policies/POL-001-policy.ja.md:7:1: error[isms.translation.ahead]: POL-001-JA translates version 1.2"
        " of POL-001, which is only at version 1.0\n"
        '  hint: set translates: to the version of POL-001 the text renders, at most "1.0"'
    ]


def test_translates_on_a_document_that_is_no_translation_is_an_error(base_tree: Path) -> None:
    replace_once(base_tree, POLICY, 'version: "1.0"\n', 'version: "1.0"\ntranslates: "1.0"\n')
    assert validated(base_tree) == [
        "policies/POL-001-policy.md:6:1: error[isms.field.value]: POL-001 is not a translation, so it translates"
        " no version of another document\n"
        "  hint: remove translates:, or add translation_of: with the id of the original"
    ]


def test_a_record_templates_description_is_checked_as_a_body_is(base_tree: Path) -> None:
    """Markdown, as its page and its PDF show it: an image from another host, a script and a link to a
    document that does not exist are named at their own lines of the YAML."""
    record = "records-templates/REC-AQ-01-access-request.yml"
    description = (
        "description: |\n"
        "  Raised for every access right.\n"
        "\n"
        "  - Approved by the owner. ![logo](https://evil.example/logo.png)\n"
        "  - Done <script>alert(1)</script> in two days, as [PRO-UA-99](PRO-UA-99) says.\n"
        "evidences:"
    )
    replace_once(base_tree, record, "evidences:", description)
    line = (base_tree / record).read_text(encoding="utf-8").split("\n").index("description: |") + 1
    # lines of the file; columns, as in a YAML document's introduction, of the text inside the block
    assert validated(base_tree) == [
        f"{record}:{line + 3}:34: error[isms.embed.outside]: 'https://evil.example/logo.png' is not inside the"
        " repository; it would not be published\n  hint: put the file next to the document and refer to it by a"
        " relative path",
        f"{record}:{line + 4}:8: warning[isms.html.removed]: '<script' is removed when the document is published\n"
        "  hint: documents may not carry scripts, event handlers, frames, forms, javascript:/data: links, or ids"
        " and data-md- attributes of the site's own elements",
        f"{record}:{line + 4}:62: error[isms.link.unknown-id]: PRO-UA-99 is not the id of a document\n"
        "  hint: did you mean 'PRO-UA-01'?",
    ]
