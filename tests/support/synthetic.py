"""A synthetic ISMS of any size, for benchmarks and scale tests.

The corpus is valid (`isms check --strict` passes) and shaped like a real one: a few policies,
standards under them, procedures under the standards, record templates produced by procedures,
statement-level control references, Japanese and Chinese bodies mixed in, and an SoA that is in
step with the documents.
"""

from __future__ import annotations

import random
from pathlib import Path

from isms.core.catalog import builtin_catalog

_EN = (
    "Access to information assets is granted on a need-to-know basis and reviewed every quarter.",
    "Suppliers that process personal data sign a data processing agreement before work starts.",
    "Backups are encrypted and a restore is tested at least once per quarter.",
    "Security events are reported to the service desk within thirty minutes of discovery.",
)
_JA = (
    "個人情報を取り扱う委託先は、契約前に情報資産の管理状況を確認する。",
    "情報資産の持ち出しは、部門長の承認を得た場合に限る。",
)
_ZH = (
    "所有供应商在处理个人信息前必须签署数据处理协议，并接受信息安全评估。",
    "加密密钥每年轮换一次，并由信息安全负责人保管。",
)
_MANDATORY = ["4.3", "5.2", "6.1.2", "6.1.3", "6.2", "7.2", "8.1", "8.2", "8.3", "9.1", "9.2.2", "9.3.3", "10.2"]


# For leak tests: a string per classification that appears in the id, file name, title and body
# of every document of that classification, and nowhere else.
MARKERS = {"internal": "ZQINTQ", "confidential": "ZQCONFQ", "restricted": "ZQRESQ"}


def write_corpus(
    root: Path,
    documents: int,
    seed: int = 7,
    classifications: bool = False,
    marked: bool = False,
    site_languages: bool = False,
) -> list[str]:
    """Write an ISMS with about `documents` controlled documents under root; return their ids.

    With classifications, documents are spread over all four classification levels and isms.yml
    defines an audience per level (for audience tests); otherwise all are internal. With marked,
    each document carries its classification's marker (MARKERS) in its id, file name, title and
    body, and names another document by id and title in its text. The documents are in English and
    the site is built in English only, unless `site_languages` asks for its Japanese and Chinese
    versions too (they render the same documents again, with other words around them).
    """
    classifications = classifications or marked
    rng = random.Random(seed)
    controls = [c.id for c in builtin_catalog().annex_a]
    root.mkdir(parents=True, exist_ok=True)
    site = "" if site_languages else "site:\n  languages: [en]\n"
    (root / "isms.yml").write_text(_SETTINGS + site + (_AUDIENCES if classifications else ""), encoding="utf-8")
    folder = root / "policies"
    records_folder = root / "records-templates"
    for sub in ("policy", "standard", "procedure"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    records_folder.mkdir(parents=True, exist_ok=True)

    policies = max(1, documents // 50)
    standards = max(1, documents // 5)
    records = max(1, documents // 10)
    procedures = max(1, documents - policies - standards - records)
    levels = ("public", "internal", "confidential", "restricted")
    ids: list[str] = []
    used_controls: set[str] = set()

    def classification(number: int) -> str:
        return levels[number % 4] if classifications else "internal"

    def mark(doc_id: str, number: int) -> str:
        return doc_id + MARKERS.get(classification(number), "") if marked else doc_id

    def titled(title: str, number: int) -> str:
        marker = MARKERS.get(classification(number), "") if marked else ""
        return f"{title} {marker}".strip()

    for number in range(1, policies + 1):
        doc_id = mark(f"POL-{number:03d}", number)
        clauses = _MANDATORY if number == 1 else []
        chosen = [controls[(number - 1) % len(controls)]]
        used_controls.update(chosen)
        implements = [] if number == 1 else [ids[0]]
        _write_markdown(
            folder / "policy" / f"{doc_id}.md",
            doc_id,
            "policy",
            titled(f"Topic policy {number}", number),
            implements,
            chosen,
            clauses,
            [],
            classification(number),
            rng,
        )
        ids.append(doc_id)
    for number in range(1, standards + 1):
        doc_id = mark(f"STD-S{number // 100:02d}-{number % 100:02d}", number)
        chosen = rng.sample(controls, 3)
        used_controls.update(chosen)
        parent = ids[rng.randrange(policies)]
        _write_markdown(
            folder / "standard" / f"{doc_id}.md",
            doc_id,
            "standard",
            titled(f"Standard {number}", number),
            [parent],
            chosen,
            [],
            [],
            classification(number),
            rng,
        )
        ids.append(doc_id)
    record_ids = [mark(f"REC-R{n // 100:02d}-{n % 100:02d}", n) for n in range(1, records + 1)]
    for number in range(1, procedures + 1):
        doc_id = mark(f"PRO-P{number // 100:02d}-{number % 100:02d}", number)
        chosen = rng.sample(controls, 2)
        used_controls.update(chosen)
        parent = ids[policies + rng.randrange(standards)]
        produced = [record_ids[(number - 1) % records]] if number <= records else []
        _write_markdown(
            folder / "procedure" / f"{doc_id}.md",
            doc_id,
            "procedure",
            titled(f"Procedure {number}", number),
            [parent],
            chosen,
            [],
            produced,
            classification(number),
            rng,
        )
        ids.append(doc_id)
    for number, doc_id in enumerate(record_ids, start=1):
        (records_folder / f"{doc_id}.yml").write_text(
            _RECORD.format(id=doc_id, title=titled(f"Record {number}", number), classification=classification(number)),
            encoding="utf-8",
        )
        ids.append(doc_id)
    if marked:
        _name_others(folder, ids, rng)
    decisions = []
    for control in controls:
        if control in used_controls:
            decisions.append(
                f"  {control}: {{applicable: true, reasons: [risk-treatment], justification: Needed.,"
                " status: implemented}"
            )
        else:
            decisions.append(f"  {control}: {{applicable: false, justification: Not relevant to the synthetic scope.}}")
    (folder / "applicability.yml").write_text(_SOA + "\n".join(decisions) + "\n", encoding="utf-8")
    return ids


def _name_others(folder: Path, ids: list[str], rng: random.Random) -> None:
    """Each Markdown document names another by id and title, and carries its own marker in its body."""
    paths = {path.stem: path for path in folder.rglob("*.md")}
    titles = {}
    for doc_id, path in paths.items():
        text = path.read_text(encoding="utf-8")
        titles[doc_id] = text.split("\ntitle: ", 1)[1].split("\n", 1)[0]
    for doc_id, path in paths.items():
        other = rng.choice(ids)
        own = next((m for m in MARKERS.values() if m in doc_id), "")
        other_title = titles.get(other, "")
        extra = f"\nThis text carries {own or 'no marker'}. See also {other}" + (
            f" ({other_title})" if other_title else ""
        )
        path.write_text(path.read_text(encoding="utf-8") + extra + ".\n", encoding="utf-8")


def _write_markdown(
    path: Path,
    doc_id: str,
    level: str,
    title: str,
    implements: list[str],
    controls: list[str],
    clauses: list[str],
    records: list[str],
    classification: str,
    rng: random.Random,
) -> None:
    language = rng.choice(("en", "en", "en", "ja", "zh-CN"))
    pool = {"en": _EN, "ja": _JA, "zh-CN": _ZH}[language]
    lines = []
    for section in range(1, 4):
        lines.append(f"## {section}. Section {section}\n")
        for item in range(1, 4):
            sentence = rng.choice(pool)
            reference = f" {{{rng.choice(controls)}}}" if item == 1 else ""
            lines.append(f"{item}. {sentence}{reference}")
        lines.append("")

    def listing(values: list[str]) -> str:
        return "[" + ", ".join(f'"{v}"' for v in values) + "]"

    path.write_text(
        f"""---
id: {doc_id}
title: {title}
level: {level}
version: "1.{rng.randint(0, 9)}"
status: approved
owner: ciso
approver: top-management
approved_by: alice
approved_on: 2026-06-01
classification: {classification}
language: {language}
effective: 2026-06-15
review_cycle: 24
implements: {listing(implements)}
controls: {listing(controls)}
clauses: {listing(clauses)}
records: {listing(records)}
---

"""
        + "\n".join(lines),
        encoding="utf-8",
    )


_AUDIENCES = """audiences:
  public: {title: The public, clearance: public}
  staff: {title: Staff, clearance: internal}
  auditors: {title: Auditors, clearance: confidential}
  isms-team: {title: ISMS team, clearance: restricted}
"""

_SETTINGS = """organization:
  name: Synthetic Corp.
languages: [en, ja, zh-CN]
people:
  - {id: alice, name: Alice Example, email: alice@example.com, git: [alice@example.com]}
  - {id: bob, name: Bob Example, email: bob@example.com, git: [bob@example.com]}
roles:
  top-management: {title: Top management, members: [alice]}
  ciso: {title: CISO, members: [bob]}
"""

_SOA = """id: SOA-001
title: Statement of Applicability
version: "1.0"
status: approved
owner: ciso
approver: top-management
approved_by: alice
approved_on: 2026-06-01
classification: internal
effective: 2026-06-15
controls:
"""

_RECORD = """id: {id}
title: {title}
version: "1.0"
status: approved
owner: ciso
approver: top-management
approved_by: alice
approved_on: 2026-06-01
classification: {classification}
effective: 2026-06-15
retention: 3 years
storage: Records archive
evidences:
  clauses: ["8.1"]
fields:
  - {{name: date, label: Date, type: date, required: true}}
  - {{name: details, label: Details, type: text}}
"""
