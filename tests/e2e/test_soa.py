"""An SoA still being assessed: `not-assessed` decisions are one warning, and shown as such."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

from isms.host.site_build import build_site
from support.cli import run_cli
from support.paths import REPOSITORY, TODAY

NOT_ASSESSED = ("A.5.2", "A.5.3", "A.5.4", "A.5.5", "A.5.6")


def _assessing(root: Path) -> None:
    soa = root / "policies" / "applicability.yml"
    text = soa.read_text(encoding="utf-8")
    for control in NOT_ASSESSED:
        text = text.replace(
            f"  {control}: {{applicable: false, justification: Outside the fixture's scope.}}",
            f"  {control}: not-assessed",
        )
    soa.write_text(text, encoding="utf-8")
    shutil.copy(REPOSITORY / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir(exist_ok=True)


def _text(html: Path) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.read_text(encoding="utf-8")).split())


def test_citing_a_control_not_assessed_is_no_error_and_the_site_says_not_assessed(base_tree: Path) -> None:
    _assessing(base_tree)
    standard = base_tree / "policies" / "STD-AC-01-access.md"
    standard.write_text(
        standard.read_text(encoding="utf-8")
        .replace("{A.5.15}", "{A.5.15, A.5.2}")
        .replace("[A.5.15]", "[A.5.15, A.5.2]"),
        encoding="utf-8",
    )
    check = run_cli("--root", str(base_tree), "check", "--today", TODAY)
    assert check.exit_code == 0
    assert [line for line in check.stdout.splitlines() if "[isms." in line] == [
        "policies/applicability.yml:11:1: warning[isms.soa.not-assessed]: 5 of the 93 Annex A controls are not"
        " assessed yet (A.5.2, A.5.3, A.5.4 …)"
    ]

    site = build_site(base_tree, date.fromisoformat(TODAY), site_dir=base_tree / "out").site_dir
    soa = _text(next(site.rglob("soa/index.html")))
    assert "A.5.2 Information security roles and responsibilities not assessed" in soa
    dashboard = _text(site / "registers" / "dashboard" / "index.html")
    assert "2 of 93 controls applicable, 5 not assessed yet" in dashboard
    assert "Applicable Implemented Partial Planned Not implemented Excluded Not assessed 2 2 0 0 0 86 5" in dashboard
    coverage = _text(next(site.rglob("coverage/index.html")))
    assert "5 Annex A controls are still not-assessed" in coverage
    listed = coverage.split("Controls not assessed yet")[-1].split("Documents that cite excluded controls")[0]
    assert [control for control in NOT_ASSESSED if f"{control} " in listed] == list(NOT_ASSESSED)
    control = _text(next(path for path in site.rglob("index.html") if path.parent.name.lower() == "a.5.2"))
    assert "Not assessed yet" in control


def test_a_site_whose_audience_may_not_see_the_soa_says_so_instead_of_missing_decisions(base_tree: Path) -> None:
    settings = base_tree / "isms.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "audiences:\n  public: {title: Customers, clearance: public}\n",
        encoding="utf-8",
    )
    shutil.copy(REPOSITORY / "mkdocs.yml", base_tree / "mkdocs.yml")
    (base_tree / "docs").mkdir(exist_ok=True)
    site = build_site(base_tree, date.fromisoformat(TODAY), site_dir=base_tree / "out", audience="public").site_dir
    page = next(site.rglob("soa/index.html")).read_text(encoding="utf-8")
    article = " ".join(re.sub(r"<[^>]+>", " ", page.split("<article", 1)[1].split("</article>")[0]).split())
    assert "The Statement of Applicability is not published on this site" in article
    assert "missing" not in article and "A.5.1 " not in article
