"""Controlled PDFs checked as a reader would: pdftotext, pdffonts, bytes and hashes."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest

from isms.core.cache_use import DAY, PRUNED, Pruned
from isms.render.pdf import publish
from isms.resolve.view import View, open_view
from support.cli import run_cli
from support.images import png
from support.paths import REPOSITORY, TODAY


def text_of(pdf: Path, *options: str) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", *options, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def fonts_of(pdf: Path) -> list[list[str]]:
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    return [line.split() for line in lines[2:]]


def _view(root: Path) -> View:
    opened = open_view(root, date.fromisoformat(TODAY), history=False)
    assert opened.ok and opened.view is not None
    return opened.view


def test_every_document_has_a_pdf_with_the_controlled_copy_fields(example_site: Path) -> None:
    pdf_dir = example_site / "pdf"
    policy = pdf_dir / "POL-001-v2.2.pdf"
    text = text_of(policy)
    first_page = text.split("\f")[0]
    pages = text.count("\f")
    for expected in (
        "Aozora Bridge Software Co., Ltd.",
        "PUBLIC",
        "Information Security Policy",
        "POL-001",
        "Version 2.2",
        "Approved",
        f"Page 1 of {pages}",
        "Uncontrolled when printed",
        "Approved by",
        "Kenji Morita",
        "Effective",
        "2026-12-02",
        "Next review",
        "2027-12-02",
        "Annex A controls",
        "A.5.1",
        "ISO/IEC 27001 clauses",
        "Revision history",
    ):
        assert expected in first_page, expected
    for number in range(1, pages + 1):
        page = text.split("\f")[number - 1]
        assert f"Page {number} of {pages}" in page and "POL-001 · Version 2.2 · Approved" in page
        assert "Information Security Policy" in page and "PUBLIC" in page
    published = {p.name for p in pdf_dir.glob("*.pdf")}
    assert len(published) == 49 + 3
    assert {"SOA-001-v1.2.pdf", "REC-IR-01-v1.1.pdf", "STD-CR-01-ZH-v1.1.pdf", "document-register.pdf"} <= published
    assert len(list(pdf_dir.glob("REC-*.docx"))) == 13


def test_a_translation_s_revision_history_names_people_as_its_language_does(example_site: Path) -> None:
    """The revision table of the Japanese and Chinese policies: authors and approvers by the names
    isms.yml gives them in that language, never the English ones."""
    for document, morita in (("POL-001-JA", "森田 健二"), ("POL-001-ZH", "森田健二")):
        text = " ".join(text_of(next((example_site / "pdf").glob(f"{document}-v*.pdf"))).split())
        history = text[text.index("2.2") :]
        assert morita in history, document
        assert "Kenji Morita" not in text and "Zhang Min" not in text, document


def test_fonts_are_embedded(example_site: Path) -> None:
    current = [
        next((example_site / "pdf").glob(f"{document}-v*.pdf")).name for document in ("POL-001-JA", "POL-001-ZH")
    ]
    for name in ("POL-001-v2.2.pdf", *current, "SOA-001-v1.2.pdf"):
        fonts = fonts_of(example_site / "pdf" / name)
        assert fonts, name
        assert all(row[-5] == "yes" for row in fonts), (name, fonts)


def test_japanese_and_chinese_extract_correctly(example_site: Path) -> None:
    japanese = text_of(example_site / "pdf" / "POL-001-JA-v2.2.pdf")
    assert "情報セキュリティ基本方針" in japanese and "個人情報" in japanese and "情報資産" in japanese
    assert "印刷物は管理対象外" in japanese
    assert "ソ フトウェア" not in japanese  # no space where a source line was wrapped
    japanese_fonts = {row[0].split("+")[1] for row in fonts_of(example_site / "pdf" / "POL-001-JA-v2.2.pdf")}
    assert any("CJKjp" in name and "Bold" in name for name in japanese_fonts)
    chinese = text_of(example_site / "pdf" / "POL-001-ZH-v2.1.pdf")
    assert "信息安全方针" in chinese and "打印件为非受控文件" in chinese and "第1页/共" in chinese
    chinese_fonts = {row[0].split("+")[1] for row in fonts_of(example_site / "pdf" / "POL-001-ZH-v2.1.pdf")}
    assert any("CJKsc" in name for name in chinese_fonts)


def test_hashes_and_manifest(example_site: Path) -> None:
    pdf_dir = example_site / "pdf"
    sums = (pdf_dir / "SHA256SUMS").read_text().splitlines()
    current = [line for line in sums if "  archive/" not in line and "  redline/" not in line]
    assert len(current) == 49 + 3 + 13 + 3 * 3  # PDFs; registers and manual; forms; workbooks in en, ja, zh-CN
    redlines = [line.split("  ")[1] for line in sums if "  redline/" in line]
    # one per approved version with an approved version before it: the translations approved since add six
    assert len(redlines) == 20
    assert "redline/POL-001-JA-v2.1-redline.pdf" in redlines and "redline/POL-001-v2.2-redline.pdf" in redlines
    archived = [line.split("  ")[1] for line in sums if "  archive/" in line]
    assert "archive/PRO-SA-01-v1.1.pdf" in archived  # approved, then replaced by 1.2 and 1.3
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((pdf_dir / name).read_bytes()).hexdigest() == digest
    manifest = json.loads((pdf_dir / "manifest.json").read_text())
    entry = next(e for e in manifest["documents"] if e["id"] == "STD-AC-01")
    assert entry["version"] == "2.1" and entry["status"] == "approved" and entry["file"] == "STD-AC-01-v2.1.pdf"
    assert len(entry["commit"]) >= 8
    page = (example_site / "standards" / "STD-AC-01" / "index.html").read_text()
    assert 'href="../../pdf/STD-AC-01-v2.1.pdf"' in page and entry["sha256"] in page


def _draft_tree(base_tree: Path) -> Path:
    standard = base_tree / "policies" / "STD-AC-01-access.md"
    standard.write_text(standard.read_text().replace("status: approved", "status: draft"))
    return base_tree


def test_watermark_on_what_is_not_in_force(base_tree: Path, tmp_path: Path) -> None:
    view = _view(_draft_tree(base_tree))
    publish(view, tmp_path / "out", tmp_path / "cache")
    draft = text_of(tmp_path / "out" / "STD-AC-01-v1.0.pdf", "-raw")
    assert "DRAFT" in draft.replace(" ", "").replace("\n", "")
    approved = text_of(tmp_path / "out" / "POL-001-v1.0.pdf", "-raw")
    assert "DRAFT" not in approved.replace(" ", "").replace("\n", "")


def test_identical_inputs_give_identical_bytes(base_tree: Path, tmp_path: Path) -> None:
    view = _view(base_tree)
    publish(view, tmp_path / "a", tmp_path / "cache-a")
    publish(view, tmp_path / "b", tmp_path / "cache-b")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_one_change_renders_one_pdf(base_tree: Path, tmp_path: Path) -> None:
    first = publish(_view(base_tree), tmp_path / "out", tmp_path / "cache")
    assert sorted(first.rendered) == [
        "POL-001",
        "PRO-UA-01",
        "REC-AQ-01",
        "SOA-001",
        "STD-AC-01",
        "document-register",
        "isms-manual",
        "records-register",
    ]
    again = publish(_view(base_tree), tmp_path / "out", tmp_path / "cache")
    assert again.rendered == [] and len(again.reused) == 8
    procedure = base_tree / "policies" / "PRO-UA-01-user-access.md"
    procedure.write_text(procedure.read_text() + "\n2. Access is removed on the last working day. {A.5.15}\n")
    changed = publish(_view(base_tree), tmp_path / "out", tmp_path / "cache")
    assert sorted(changed.rendered) == ["PRO-UA-01", "isms-manual"]  # the document and the bundle holding it


def test_a_manual_assembled_after_one_change_is_the_manual_rendered_from_nothing(
    base_tree: Path, tmp_path: Path
) -> None:
    """The manual's parts kept from the build before give the same bytes as a build with an empty cache,
    and the changed document's new text is in it."""
    publish(_view(base_tree), tmp_path / "out", tmp_path / "cache")
    kept = sorted(p.name for p in (tmp_path / "cache" / "parts").iterdir())
    # a part per approved document (POL-001, STD-AC-01, PRO-UA-01, REC-AQ-01, SOA-001): its body, which
    # is the Typst of the document's own PDF; chapter heads are Typst written without pandoc, never kept
    assert len(kept) == 5
    procedure = base_tree / "policies" / "PRO-UA-01-user-access.md"
    procedure.write_text(procedure.read_text() + "\n2. Revoked badges are shredded within a week. {A.5.15}\n")
    view = _view(base_tree)
    changed = publish(view, tmp_path / "out", tmp_path / "cache")
    assert sorted(changed.rendered) == ["PRO-UA-01", "isms-manual"]
    now_kept = sorted(p.name for p in (tmp_path / "cache" / "parts").iterdir())
    assert len(set(now_kept) - set(kept)) == 1  # the changed document's part, the only one converted again
    clean = publish(view, tmp_path / "clean", tmp_path / "clean-cache")
    assert "isms-manual" in clean.rendered
    manual = (tmp_path / "out" / "isms-manual.pdf").read_bytes()
    assert manual == (tmp_path / "clean" / "isms-manual.pdf").read_bytes()
    text = " ".join(text_of(tmp_path / "out" / "isms-manual.pdf").split())
    assert "2. Revoked badges are shredded within a week." in text
    assert "PRO-UA-01 User Access Procedure" in text


def test_pdfa(base_tree: Path, tmp_path: Path) -> None:
    publish(_view(base_tree), tmp_path / "out", tmp_path / "cache", ids=["POL-001"], pdfa=True)
    data = (tmp_path / "out" / "POL-001-v1.0.pdf").read_bytes()
    assert b"pdfaid:part" in data and b"pdfaid:conformance" in data


def test_pdf_command(base_tree: Path) -> None:
    result = run_cli("--root", str(base_tree), "pdf", "POL-001", "STD-AC-01", "--out", str(base_tree / "p"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("isms pdf: 2 files in ")
    assert sorted(p.name for p in (base_tree / "p").iterdir()) == [
        "POL-001-v1.0.pdf",
        "SHA256SUMS",
        "STD-AC-01-v1.0.pdf",
        "manifest.json",
    ]
    unknown = run_cli("--root", str(base_tree), "pdf", "POL-404")
    assert (unknown.exit_code, unknown.stderr) == (2, "isms: unknown document id: POL-404\n")


@pytest.mark.parametrize(
    "name",
    ["STD-CR-01-v1.1.pdf", "REC-IR-01-v1.1.pdf", "SOA-001-v1.2.pdf", "document-register.pdf", "records-register.pdf"],
)
def test_yaml_standard_record_form_and_soa(example_site: Path, name: str) -> None:
    text = text_of(example_site / "pdf" / name)
    expected = {
        "STD-CR-01-v1.1.pdf": "Requirements",
        "REC-IR-01-v1.1.pdf": "Form",
        "SOA-001-v1.2.pdf": "A.8.34",
        "document-register.pdf": "STD-AC-01",
        "records-register.pdf": "REC-IR-01",
    }[name]
    assert expected in text


def test_pdf_layout_is_rendered_for_people_to_look_at(example_site: Path) -> None:
    artifacts = REPOSITORY / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    for name in ("POL-001-v2.2.pdf", "POL-001-JA-v2.2.pdf", "REC-IR-01-v1.1.pdf"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                "1",
                str(example_site / "pdf" / name),
                str(artifacts / name.removesuffix(".pdf")),
            ],
            check=True,
        )
    assert shutil.which("pdftoppm")


def test_record_template_as_docx(example_site: Path) -> None:
    import zipfile

    with zipfile.ZipFile(example_site / "pdf" / "REC-IR-01-v1.1.docx") as docx:
        document = docx.read("word/document.xml").decode("utf-8")
    assert "Incident Report" in document and "Severity" in document


def test_isms_manual_bundles_approved_documents_with_contents_and_bookmarks(base_tree: Path, tmp_path: Path) -> None:
    publish(_view(_draft_tree(base_tree)), tmp_path / "out", tmp_path / "cache")
    manual = tmp_path / "out" / "isms-manual.pdf"
    text = text_of(manual)
    contents = text.split("\f")[0]
    assert "Contents" in contents
    assert [
        line.split()[0] for line in contents.splitlines() if line.strip().startswith(("POL-", "PRO-", "REC-", "SOA-"))
    ] == ["POL-001", "PRO-UA-01", "REC-AQ-01", "SOA-001"]
    assert "STD-AC-01 Access Control Standard" not in text  # a draft is not in the manual
    assert "Purpose" not in contents  # a document's own headings sit below its chapter, outside the contents
    assert "1. Purpose" in text
    assert b"/Outlines" in manual.read_bytes()


def test_a_document_that_cannot_be_rendered_names_itself_and_the_rest_are_written(
    base_tree: Path, tmp_path: Path
) -> None:
    standard = base_tree / "policies" / "STD-AC-01-access.md"
    standard.write_text(standard.read_text() + "\n![Network diagram](diagrams/network.png)\n")
    (base_tree / "policies" / "diagrams").mkdir()
    # A PNG by its structure (chunks and checksums), so isms check lets it through; its pixel data
    # is not compressed image data, so it cannot be decoded.
    (base_tree / "policies" / "diagrams" / "network.png").write_bytes(png(pixels=b"not a picture"))
    result = publish(_view(base_tree), tmp_path / "out", tmp_path / "cache")
    assert [f.document_id for f in result.failures] == ["STD-AC-01", "isms-manual"]
    message = result.failures[0].format()
    assert message.startswith(
        "policies/STD-AC-01-access.md:20: error[isms.pdf.failed]: STD-AC-01 could not be rendered: typst:"
    )
    assert "network.png" in message
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert "STD-AC-01-v1.0.pdf" not in written and "POL-001-v1.0.pdf" in written
    assert not [name for name in written if name.startswith(".")]  # no half-written file
    cli = run_cli("--root", str(base_tree), "pdf", "--out", str(tmp_path / "cli"))
    assert cli.exit_code == 1 and "STD-AC-01 could not be rendered" in cli.stderr


def test_an_at_name_in_text_is_text_not_a_citation(base_tree: Path) -> None:
    policy = base_tree / "policies" / "POL-001-policy.md"
    policy.write_text(
        policy.read_text(encoding="utf-8") + "\nPing @chenhao and [@liwei; @kmorita, p. 3] about it.\n",
        encoding="utf-8",
    )
    result = run_cli("--root", str(base_tree), "pdf", "POL-001", "--out", str(base_tree / "p"))
    assert result.exit_code == 0, result.stderr
    text = " ".join(text_of(base_tree / "p" / "POL-001-v1.0.pdf").split())
    assert "Ping @chenhao and [@liwei; @kmorita, p. 3] about it." in text


@pytest.mark.parametrize("umask", [0o022, 0o027], ids=["umask-022", "umask-027"])
def test_pdf_command_gives_its_files_the_permissions_of_the_users_umask(base_tree: Path, umask: int) -> None:
    previous = os.umask(umask)
    try:
        result = run_cli("--root", str(base_tree), "pdf", "POL-001", "--out", str(base_tree / "p"))
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.stderr
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (base_tree / "p").iterdir()}
    expected = 0o666 & ~umask
    assert modes == {"POL-001-v1.0.pdf": expected, "SHA256SUMS": expected, "manifest.json": expected}


def test_emoji_print_in_colour_not_as_empty_boxes(base_tree: Path, tmp_path: Path) -> None:
    standard = base_tree / "policies" / "STD-AC-01-access.md"
    rule = "1. Every account belongs to one named person."
    text = standard.read_text(encoding="utf-8").replace(rule, f"## 🔒 Rules\n\n{rule[:-1]} ✅.")
    standard.write_text(text, encoding="utf-8")
    publish(_view(base_tree), tmp_path / "out", tmp_path / "cache", ids=["STD-AC-01"])
    pdf = tmp_path / "out" / "STD-AC-01-v1.0.pdf"
    assert "🔒 Rules" in text_of(pdf)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Type 3" in fonts  # Noto Color Emoji's glyphs, drawn in colour


def test_pandoc_is_bounded_and_the_bracket_bomb_is_text() -> None:
    """33 nested brackets kept pandoc's citation reader busy for ever; without citations they are text.
    Whatever else makes pandoc run too long fails its job with the document's line, not the build."""
    import time

    from isms.core.settings import RenderLimits
    from isms.render.engine import PdfJob, pandoc
    from isms.render.pandoc_run import RenderError

    job = PdfJob(
        document_id="STD-AC-01", source_path="policies/STD-AC-01-access.md", filename="STD-AC-01-v1.0.pdf",
        markdown="A paragraph.\n\n" + "[" * 33 + "\n", meta="{}", timestamp=0, pdfa=False, key="k", title="t",
        version="1.0", status="approved", commit="", first_line=18,
    )  # fmt: skip
    started = time.monotonic()
    assert "[" * 33 in pandoc(job, "typst", [], limits=RenderLimits(seconds=20)).decode().replace("\\", "")
    assert time.monotonic() - started < 5
    with pytest.raises(RenderError) as failure:
        pandoc(
            job, "typst", [], limits=RenderLimits(seconds=0.001)
        )  # no pandoc starts and converts within a millisecond
    assert str(failure.value).startswith("pandoc: stopped after 0.001 s (deeply nested brackets")
    assert failure.value.line == 18


def test_a_damaged_cache_entry_is_rendered_again_not_published(base_tree: Path, tmp_path: Path) -> None:
    first = publish(_view(base_tree), tmp_path / "a", tmp_path / "cache", ids=["STD-AC-01"])
    assert first.rendered == ["STD-AC-01"]
    good = (tmp_path / "a" / "STD-AC-01-v1.0.pdf").read_bytes()
    (entry,) = (tmp_path / "cache").glob("*.pdf")
    entry.write_bytes(b"%PDF-1.7 damaged on disk")
    again = publish(_view(base_tree), tmp_path / "b", tmp_path / "cache", ids=["STD-AC-01"])
    assert again.rendered == ["STD-AC-01"]
    assert (tmp_path / "b" / "STD-AC-01-v1.0.pdf").read_bytes() == good
    sums = (tmp_path / "b" / "SHA256SUMS").read_text()
    assert hashlib.sha256(good).hexdigest() in sums


def test_cached_files_no_build_used_for_30_days_are_removed_and_those_a_build_uses_stay(
    base_tree: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    publish(_view(base_tree), tmp_path / "out", cache)
    entries = [p for p in cache.glob("*") if p.is_file() and not p.name.startswith(".")]
    parts = sorted((cache / "parts").iterdir())
    parts_size = sum(p.stat().st_size for p in parts)
    assert len(entries) == 2 * 12 and len(parts) == 5  # 8 PDFs, a form, 3 workbooks: each with its digest
    month_ago = time.time() - 31 * DAY
    stale = cache / f"{'0' * 64}.pdf"  # the manual of a commit no build asks for any more
    stale.write_bytes(b"%PDF-1.7 an old manual")
    for path in [*entries, *parts, stale, cache / PRUNED]:
        os.utime(path, (month_ago, month_ago))
    again = publish(_view(base_tree), tmp_path / "out", cache)
    assert again.rendered == []  # every entry found, so each marked as used
    # the stale PDF and the manual's parts: they are used when the manual is rendered, not copied
    assert again.pruned == Pruned(6, len(b"%PDF-1.7 an old manual") + parts_size)
    assert all(path.exists() for path in entries) and not stale.exists()
    assert not list((cache / "parts").glob("*.typ"))
    assert again.summary() == (
        "12 PDFs, 0 rendered, 8 unchanged; removed 6 cached files (0.0 MB) that no build used for 30 days"
        " from the cache"
    )


def test_the_manual_and_registers_carry_the_highest_classification_of_what_they_hold(example_site: Path) -> None:
    """The manual holds confidential procedures: every one of its pages says CONFIDENTIAL, not INTERNAL."""
    manual = text_of(example_site / "pdf" / "isms-manual.pdf").split("\f")
    pages = [page for page in manual if page.strip()]
    assert len(pages) > 50
    assert all("CONFIDENTIAL" in page[:600] for page in pages)  # the header of every page
    head = re.search(
        r"PRO-IR-01 Incident Response Procedure\n\s*(Version 2\.1 ·[^\n]*(?:\n[^\n]*)?)", "\f".join(manual)
    )
    assert head is not None and "CONFIDENTIAL" in head[1]  # its chapter head names its own classification
    for register in ("document-register.pdf", "records-register.pdf"):
        first = text_of(example_site / "pdf" / register).split("\f")[0]
        assert "CONFIDENTIAL" in first, register


def test_a_document_too_large_for_the_memory_limit_fails_alone_and_names_itself(
    base_tree: Path, tmp_path: Path
) -> None:
    """A 4,000-row table needs more memory in Typst than `limits.render_memory_mib: 128` allows: its
    worker ends, the document fails with its file and line, and every other document is published."""
    with (base_tree / "isms.yml").open("a", encoding="utf-8") as settings:
        settings.write("limits:\n  render_memory_mib: 128\n")
    standard = base_tree / "policies" / "STD-AC-01-access.md"
    rows = "".join(f"| cell {i} | some words in cell number {i} of the big table |\n" for i in range(4000))
    standard.write_text(standard.read_text() + "\n| big | table |\n|---|---|\n" + rows)
    result = publish(_view(base_tree), tmp_path / "out", tmp_path / "cache")
    assert [f.format() for f in result.failures if f.document_id == "STD-AC-01"] == [
        "policies/STD-AC-01-access.md:18: error[isms.pdf.failed]: STD-AC-01 could not be rendered: typst: its"
        " worker was ended, most likely needing more than 128 MiB of memory (limits.render_memory_mib in"
        " isms.yml); split the document or simplify its largest tables and images"
    ]
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert "STD-AC-01-v1.0.pdf" not in written
    assert {"POL-001-v1.0.pdf", "PRO-UA-01-v1.0.pdf", "document-register.pdf"} <= set(written)


def test_render_limits_are_checked_in_isms_yml(base_tree: Path) -> None:
    with (base_tree / "isms.yml").open("a", encoding="utf-8") as settings:
        settings.write("limits:\n  render_seconds: 0\n  render_memory_mib: lots\n")
    last = base_tree.joinpath("isms.yml").read_text().count("\n")
    result = run_cli("--root", str(base_tree), "check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        f"isms.yml:{last - 1}:19: error[isms.field.type]: 'render_seconds' is '0', not a number of seconds (1 to 3600)",
        f"isms.yml:{last}:22: error[isms.field.type]: 'render_memory_mib' is 'lots', not a number of MiB (1 to 65536)",
    ]
