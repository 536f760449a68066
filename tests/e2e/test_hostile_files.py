"""Hostile inputs that are better made by the test than committed: huge files and symbolic links."""

from __future__ import annotations

import os
from pathlib import Path

from support.cli import run_cli
from support.images import png
from support.paths import TODAY


def check(root: Path) -> tuple[int, str]:
    result = run_cli("--root", str(root), "check", "--today", TODAY)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout


def test_huge_file_is_refused_without_reading_it(base_tree: Path) -> None:
    huge = base_tree / "policies" / "POL-002-huge.md"
    with open(huge, "wb") as handle:
        handle.write(b"---\nid: POL-002\n---\n")
        handle.truncate(50 * 1024 * 1024)
    code, out = check(base_tree)
    assert code == 1
    assert out.splitlines()[0] == (
        "policies/POL-002-huge.md: error[isms.file.too-large]: the file is 52,428,800 bytes; the limit is 1,048,576"
    )


def test_file_size_limit_is_configurable(base_tree: Path) -> None:
    settings = base_tree / "isms.yml"
    settings.write_text(settings.read_text() + "limits:\n  max_file_kib: 1\n")
    code, out = check(base_tree)
    assert code == 1
    assert "policies/applicability.yml: error[isms.file.too-large]" in out


def test_size_hint_names_a_limit_that_the_setting_accepts_and_that_admits_the_file(base_tree: Path) -> None:
    big = base_tree / "policies" / "POL-002-big.md"
    text = (base_tree / "policies" / "POL-001-policy.md").read_text().replace("POL-001", "POL-002")
    big.write_text(text + "\n" + "Padding text for a large policy.\n" * 70_000)
    size = big.stat().st_size
    code, out = check(base_tree)
    assert code == 1
    assert out.splitlines()[:2] == [
        f"policies/POL-002-big.md: error[isms.file.too-large]: the file is {size:,} bytes; the limit is 1,048,576",
        f"  hint: split the document, or raise limits.max_file_kib in isms.yml to {-(-size // 1024)} or more",
    ]
    settings = base_tree / "isms.yml"
    settings.write_text(settings.read_text() + f"limits:\n  max_file_kib: {-(-size // 1024)}\n")
    code, out = check(base_tree)
    assert "isms.file.too-large" not in out and "isms.field.type" not in out
    assert code == 0, out


def test_size_hint_for_a_file_no_limit_admits(base_tree: Path) -> None:
    huge = base_tree / "policies" / "POL-002-huge.md"
    with open(huge, "wb") as handle:
        handle.truncate(64 * 1024 * 1024 + 1)
    code, out = check(base_tree)
    assert out.splitlines()[:2] == [
        "policies/POL-002-huge.md: error[isms.file.too-large]: the file is 67,108,865 bytes; the limit is 1,048,576",
        "  hint: split the document: no limit admits it (limits.max_file_kib is at most 65536)",
    ]
    settings = base_tree / "isms.yml"
    settings.write_text(settings.read_text() + "limits:\n  max_file_kib: 65537\n")
    code, out = check(base_tree)
    assert code == 1
    assert out.splitlines()[0] == (
        "isms.yml:15:17: error[isms.field.type]: 'max_file_kib' is '65537', not a number of KiB (1 to 65536)"
    )


def test_symlink_pointing_outside_the_repository(base_tree: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\nid: POL-099\ntitle: Outside\n---\n")
    os.symlink(secret, base_tree / "policies" / "POL-099-link.md")
    code, out = check(base_tree)
    assert code == 1
    assert out.splitlines()[0] == (
        f"policies/POL-099-link.md: error[isms.file.symlink]: 'policies/POL-099-link.md' is a symbolic link to"
        f" '{secret}' (outside the repository); links are not followed"
    )
    assert "POL-099" not in out.split("links are not followed")[1]


def test_symlinked_folder_is_not_followed(base_tree: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "STD-ZZ-01.md").write_text("---\nid: STD-ZZ-01\n---\n")
    os.symlink(outside, base_tree / "policies" / "linked")
    code, out = check(base_tree)
    assert code == 1
    assert "policies/linked: error[isms.file.symlink]" in out
    assert "STD-ZZ-01" not in out


def test_symlinked_isms_yml_is_refused(base_tree: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.yml"
    (base_tree / "isms.yml").rename(real)
    os.symlink(real, base_tree / "isms.yml")
    code, out = check(base_tree)
    assert code == 1
    assert out.startswith("isms.yml: error[isms.file.symlink]")


def test_many_errors_in_one_file_are_all_reported_in_line_order(base_tree: Path) -> None:
    path = base_tree / "policies" / "STD-AC-01-access.md"
    text = path.read_text().replace("owner: top-management", "owner: nobody").replace("status: approved", "status: x")
    text = text.replace("controls: [A.5.15]", "controls: [A.5.15, A.5.99]\ncolour: blue")
    path.write_text(text)
    code, out = check(base_tree)
    lines = [line for line in out.splitlines() if not line.startswith(("  hint", "isms check"))]
    assert code == 1
    assert [line.split(": ")[1].split("[")[1].rstrip("]") for line in lines] == [
        "isms.field.value",
        "isms.field.unknown",
    ]


def test_crlf_and_bom_sources_are_read(base_tree: Path) -> None:
    path = base_tree / "policies" / "STD-AC-01-access.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    code, out = check(base_tree)
    assert (code, out) == (0, "isms check: 0 errors, 0 warnings in 5 documents\n")


def test_organization_catalog_adds_citable_controls(base_tree: Path) -> None:
    (base_tree / "catalogs").mkdir()
    (base_tree / "catalogs" / "client.yml").write_text(
        "id: CLIENT\ntitle: Client security schedule\ncontrols:\n"
        "  - {id: CLIENT.1, title: Client data stays in Japan}\n"
        "  - {id: CLIENT.2, title: Incidents reported within 24 hours}\n"
        "  - {id: A.5.1, title: Clash with Annex A}\n"
        "  - {id: client-3, title: Badly formed}\n"
    )
    settings = base_tree / "isms.yml"
    settings.write_text(settings.read_text() + "catalogs: [catalogs/client.yml]\n")
    standard = base_tree / "policies" / "STD-AC-01-access.md"
    standard.write_text(
        standard.read_text()
        .replace("controls: [A.5.15]", "controls: [A.5.15, CLIENT.1, CLIENT.9]")
        .replace("named person. {A.5.15}", "named person. {A.5.15, CLIENT.1}")
    )
    code, out = check(base_tree)
    assert code == 1
    assert out.splitlines() == [
        "catalogs/client.yml:6:5: error[isms.catalog.duplicate]: control A.5.1 is already defined by"
        " ISO/IEC 27001:2022 Annex A",
        "catalogs/client.yml:7:5: error[isms.catalog.invalid]: control id 'client-3' does not have the form"
        " PREFIX.NUMBER",
        "  hint: organization control ids look like APPI.23 or CLIENT.4.2",
        "policies/STD-AC-01-access.md:14:30: error[isms.link.unknown-control]: CLIENT.9 is not a control in any"
        " catalog",
        "  hint: did you mean CLIENT.2?",
        "isms check: 3 errors, 0 warnings in 5 documents",
    ]


def test_images_only_from_inside_the_repository_and_external_links_listed(base_tree: Path, tmp_path: Path) -> None:
    standard = base_tree / "policies" / "STD-AC-01-access.md"
    (base_tree / "policies" / "diagram.png").write_bytes(png())  # a sound image: no diagnostic
    outside = tmp_path / "secret.png"
    outside.write_bytes(png())
    os.symlink(outside, base_tree / "policies" / "linked.png")
    standard.write_text(
        standard.read_text()
        + "\n![Diagram](diagram.png) and [the guidance](https://www.example.org/guide?x=1).\n"  # line 20
        + "![Pixel](https://tracker.example/p.png)\n"
        + "![Passwords](../../etc/passwd)\n"
        + '<img src="/etc/hosts" alt="hosts">\n'
        + "![Linked](linked.png)\n"
        + "![Gone](gone.png)\n"
        + "```\n![In a code block](https://ignored.example/x.png)\n```\n"
    )
    code, out = check(base_tree)
    assert code == 1
    path = "policies/STD-AC-01-access.md"
    assert [line for line in out.splitlines() if "isms.embed" in line] == [
        f"{path}:21:10: error[isms.embed.outside]: 'https://tracker.example/p.png' is not inside the repository;"
        " it would not be published",
        f"{path}:22:14: error[isms.embed.outside]: '../../etc/passwd' is not inside the repository;"
        " it would not be published",
        f"{path}:23:11: error[isms.embed.outside]: '/etc/hosts' is not inside the repository;"
        " it would not be published",
        f"{path}:24:11: error[isms.embed.outside]: 'linked.png' is a symbolic link; links are not followed",
        f"{path}:25:9: error[isms.embed.missing]: 'gone.png' does not exist (policies/gone.png)",
    ]
    listed = run_cli("--root", str(base_tree), "links")
    assert listed.exit_code == 0
    assert listed.stdout.splitlines() == [
        f"{path}:20: https://www.example.org/guide?x=1 (STD-AC-01)",
        f"{path}:21: https://tracker.example/p.png (STD-AC-01)",
        "isms links: 2 external links to 2 hosts",
    ]


def test_bidi_controls_from_a_source_are_shown_escaped_in_diagnostics(base_tree: Path) -> None:
    policy = base_tree / "policies" / "POL-001-policy.md"
    policy.write_text(policy.read_text().replace("owner: ciso", 'owner: "ciso\u202e gnp.exe"'))
    code, out = check(base_tree)
    assert code == 1
    assert out.splitlines()[0] == (
        "policies/POL-001-policy.md:7:1: error[isms.role.unknown]:"
        " owner 'ciso\\u202e gnp.exe' is not a role in isms.yml"
    )


def test_terminal_controls_in_a_title_are_printed_escaped_in_tables(base_tree: Path) -> None:
    policy = base_tree / "policies" / "POL-001-policy.md"
    hostile = r"Policy \e]8;;https://evil.example\a click \e]8;;\a\e[2J"  # a YAML escape for ESC
    policy.write_text(policy.read_text().replace("title: Information Security Policy", f'title: "{hostile}"'))
    result = run_cli("--root", str(base_tree), "due", "--within", "400", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert result.stdout.splitlines()[1].endswith(
        "Policy \\x1b]8;;https://evil.example\\x07 click \\x1b]8;;\\x07\\x1b[2J"
    )
