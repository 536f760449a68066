"""Redaction that formatting cannot sidestep: withheld titles are planted in visible documents and
fields the way people really write them, and every audience's whole output is scanned.

Every withheld title and id carries its classification's marker (synthetic.MARKERS), so a mention
the redactor missed, in whatever form, leaves the marker in the output. The planted forms: a title
wrapped over two source lines, split by emphasis, in other case; a lower-case id; a title a document
had before it was renamed; the id and title of a deleted document; a withheld document's translated
title wrapped between two CJK lines; SoA justifications, record field labels and `storage`; commit
messages. A public document's translation whose original was confidential when it was first written
must not show that version to lower audiences. The scan normalizes whitespace and case.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.audience_scan import CLEARANCE, build_all, markers_for, texts
from support.gitrepo import GitRepo
from support.synthetic import write_corpus

_MENTIONS = """
Read Standard 2
ZQCONFQ before you start, then **Standard 3** ZQRESQ and *Procedure* 6 ZQCONFQ.
In other case: STANDARD 3 zqresq, std-s00-03zqresq and **PRO-P00-02ZQCONFQ**.
The former title: the Vault key
ceremony ZQRESQ. The deleted procedure: Procedure 7 ZQRESQ (PRO-P00-07ZQRESQ).
Its translation: アクセス管理規程
ZQCONFQ を参照。
"""

_TRANSLATION = """---
id: STD-S00-02ZQCONFQ-JA
title: アクセス管理規程 ZQCONFQ
translation_of: STD-S00-02ZQCONFQ
language: ja
version: "1.0"
status: approved
approved_by: alice
approved_on: 2026-06-01
effective: 2026-06-15
---

## 1. 目的

この規程は ZQCONFQ を含む。
"""

_PUBLIC_TRANSLATION = """---
id: STD-S00-04-JA
title: 公開規程
translation_of: STD-S00-04
language: ja
version: "{version}"
status: approved
approved_by: alice
approved_on: 2026-06-01
effective: 2026-06-15
---

## 1. 目的

{body}
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("leaks") / "isms"
    write_corpus(root, 24, marked=True, site_languages=True)  # the language versions are scanned too
    repo = GitRepo(root)
    repo.add_site(pdf=True)
    standards, procedures = root / "policies" / "standard", root / "policies" / "procedure"
    # The first commit: a procedure under its former title, a document that will be deleted, the public
    # standard still confidential with a Japanese translation of that era.
    _edit(procedures / "PRO-P00-03ZQRESQ.md", "title: Procedure 3 ZQRESQ", "title: Vault key ceremony ZQRESQ")
    _edit(standards / "STD-S00-04.md", "classification: public", "classification: confidential")
    (standards / "STD-S00-04-JA.md").write_text(
        _PUBLIC_TRANSLATION.format(version="1.0", body="機密だった頃の本文 ZQCONFQ。"), encoding="utf-8"
    )
    (standards / "STD-S00-02ZQCONFQ-JA.md").write_text(_TRANSLATION, encoding="utf-8")
    repo.git("init", "-q", "-b", "main")
    repo.commit("Synthetic ISMS", add_all=True)
    # The second: renamed, reclassified public, the translation made public with new text.
    _edit(procedures / "PRO-P00-03ZQRESQ.md", "title: Vault key ceremony ZQRESQ", "title: Procedure 3 ZQRESQ")
    _edit(standards / "STD-S00-04.md", "classification: confidential", "classification: public")
    (standards / "STD-S00-04-JA.md").write_text(
        _PUBLIC_TRANSLATION.format(version="1.1", body="公開された本文。"), encoding="utf-8"
    )
    repo.commit("Rename the Vault key ceremony ZQRESQ; publish STD-S00-04", add_all=True)
    # The third: a withheld procedure deleted, and the mentions planted in visible documents and fields.
    (procedures / "PRO-P00-07ZQRESQ.md").unlink()
    for public in (procedures / "PRO-P00-04.md", standards / "STD-S00-04.md", procedures / "PRO-P00-01ZQINTQ.md"):
        public.write_text(public.read_text(encoding="utf-8") + _MENTIONS, encoding="utf-8")
    soa = root / "policies" / "applicability.yml"
    text = soa.read_text(encoding="utf-8")
    first = re.search(r"justification: Needed\.", text)
    assert first is not None
    soa.write_text(
        text[: first.start()]
        + "justification: 'Covered by Standard 3 ZQRESQ and\n    procedure 2 zqconfq.'"
        + text[first.end() :],
        encoding="utf-8",
    )
    record = root / "records-templates" / "REC-R00-01ZQINTQ.yml"
    _edit(record, "storage: Records archive", "storage: The safe named in PRO-P00-11ZQRESQ")
    _edit(record, "label: Details", "label: 'Steps of **Procedure** 2 ZQCONFQ'")
    repo.commit("Retire PRO-P00-07ZQRESQ (Procedure 7 ZQRESQ), mentions of Standard 2 ZQCONFQ", add_all=True)
    out = root / "out"
    build_all(root, out)
    return out


def _normalized(text: str) -> str:
    return re.sub(r"\s+", " ", text).lower()


@pytest.mark.parametrize("audience", sorted(CLEARANCE))
def test_no_planted_mention_above_the_clearance_survives(outputs: Path, audience: str) -> None:
    allowed, forbidden = markers_for(audience)
    hits, seen = [], set()
    for where, text in texts(outputs / audience).items():
        normal = _normalized(text)
        hits += [f"{where}: {m}" for m in sorted(forbidden) if m.lower() in normal]
        seen.update(m for m in allowed if m.lower() in normal)
    assert hits == []
    assert seen == allowed


def test_the_mentions_are_there_for_those_cleared_and_replaced_for_the_others(outputs: Path) -> None:
    """The scan above cannot pass by the planted text going missing: the top audience reads every
    mention as written, and the public reads the sentence around each one."""
    top = _normalized((outputs / "isms-team" / "procedures" / "PRO-P00-04" / "index.html").read_text())
    for mention in ("vault key ceremony zqresq", "procedure 7 zqresq", "アクセス管理規程 zqconfq", "std-s00-03zqresq"):
        assert mention in top
    public = _normalized((outputs / "public" / "procedures" / "PRO-P00-04" / "index.html").read_text())
    assert "read restricted document before you start" in public
    assert "the former title: the restricted document." in public
    history = (outputs / "public" / "history" / "STD-S00-04-JA" / "index.html").read_text(encoding="utf-8")
    assert "1.1" in history and "機密だった頃" not in history
