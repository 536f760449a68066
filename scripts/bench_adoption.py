#!/usr/bin/env python3
"""Benchmark: from nothing to a published ISMS with an organization's existing documents.

Usage: .venv/bin/python scripts/bench_adoption.py [DOCUMENTS]   (default 50: 40 Markdown, 10 Word)

Writes a folder of existing policies as another organization would have them (Markdown with
foreign front matter, control ranges and ISO/IEC 27001:2013 ids; Word files with a table and an
image, written by pandoc), then times each step as a user runs it, each a fresh `isms` process:
`isms init --yes`, `isms import`, the first commit through the hooks, and `isms build` (site and
PDFs, empty PDF cache). Prints one line per step and the total.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

LEVELS = (("policies", "Policy"), ("standards", "Standard"), ("procedures", "Procedure"))
TOPICS = (
    "Access Control", "Asset Management", "Backup", "Business Continuity", "Cryptography", "Data Protection",
    "Incident Response", "Logging", "Network Security", "Physical Security", "Remote Work", "Secure Development",
    "Supplier Security", "Vulnerability Management", "Acceptable Use", "Change Management", "Awareness Training",
)  # fmt: skip
CITES = ("A.5.15 – A.5.18", "A.9.2.1", "A.8.24", "A.5.24 to A.5.28", "A.12.3.1", "A.8.13", "A.5.19–A.5.22")


def _png() -> bytes:
    rows = b"".join(b"\x00" + b"\x28\x5a\xa0" * 80 for _ in range(40))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 80, 40, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def write_existing(folder: Path, count: int) -> None:
    import pypandoc

    word = max(1, count // 5)
    for number in range(count):
        area, level = LEVELS[number % 3]
        topic = TOPICS[number % len(TOPICS)]
        title = f"{topic} {level} {number + 1}"
        body = (
            f"## Purpose\n\nThis {level.lower()} sets the rules for {topic.lower()} ({CITES[number % len(CITES)]}).\n\n"
            "## Rules\n\n"
            + "".join(
                f"{rule}. Rule {rule} of {topic.lower()} applies to every team and every client project.\n"
                for rule in range(1, 9)
            )
            + "\n| Role | Duty |\n|---|---|\n| Owner | Keeps it current |\n| Staff | Follow it |\n"
        )
        target = folder / area
        target.mkdir(parents=True, exist_ok=True)
        stem = title.lower().replace(" ", "-")
        if number < word:
            (target / "diagram.png").write_bytes(_png())
            markdown = f"---\ntitle: {title}\n---\n\n{body}\n![Overview](diagram.png)\n"
            pypandoc.convert_text(
                markdown, "docx", format="markdown", outputfile=str(target / f"{stem}.docx"),
                extra_args=[f"--resource-path={target}"],
            )  # fmt: skip
            (target / "diagram.png").unlink()
        else:
            front = (
                f"---\ntitle: {title}\nslug: {stem}\nweight: {number}\nlast_updated: 2025-0{1 + number % 9}-15\n---\n\n"
            )
            (target / f"{stem}.md").write_text(front + body, encoding="utf-8")


def main(count: int) -> None:
    isms = [sys.executable, "-m", "isms"]
    with tempfile.TemporaryDirectory() as scratch:
        existing = Path(scratch) / "existing"
        write_existing(existing, count)
        root = Path(scratch) / "isms"
        environment = {
            **os.environ,
            "ISMS": f"{sys.executable} -m isms",
            "GIT_AUTHOR_NAME": "Zhang Min",
            "GIT_AUTHOR_EMAIL": "zhang.min@example.com",
            "GIT_COMMITTER_NAME": "Zhang Min",
            "GIT_COMMITTER_EMAIL": "zhang.min@example.com",
        }
        init = [*isms, "init", str(root), "--yes", "--name", "Zhang Min", "--email", "zhang.min@example.com"]
        commit = ["sh", "-c", "git add -A && git commit -q -m 'Adopt the ISMS'"]
        steps = (
            ("isms init --yes", init, scratch),
            (f"isms import ({count} documents)", [*isms, "import", str(existing)], str(root)),
            ("git add, first commit through the hooks", commit, str(root)),
            ("isms build (site and PDFs, empty cache)", [*isms, "build"], str(root)),
        )
        total = 0.0
        print(f"{'step':<44} {'time':>8}")
        for label, command, where in steps:
            start = time.perf_counter()
            done = subprocess.run(command, cwd=where, env=environment, capture_output=True, text=True, check=False)
            elapsed = time.perf_counter() - start
            if done.returncode != 0:
                raise SystemExit(f"{label} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
            total += elapsed
            print(f"{label:<44} {elapsed:>7.2f}s")
        pdfs = len(list((root / "site" / "pdf").glob("*.pdf")))
        pages = len(list((root / "site").rglob("index.html")))
        print(f"{'total':<44} {total:>7.2f}s   ({pages} pages, {pdfs} PDFs)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
