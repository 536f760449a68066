"""Atomic output: a build killed half-way leaves the previous site and PDFs intact and readable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from support.cli import run_cli
from support.gitrepo import GitRepo
from support.paths import TODAY
from support.synthetic import write_corpus


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_killed_build_leaves_the_previous_output_and_the_next_build_cleans_up(tmp_path: Path) -> None:
    root = tmp_path / "isms"
    write_corpus(root, 120)
    GitRepo(root).add_site(pdf=True)
    out = tmp_path / "out"
    first = run_cli("--root", str(root), "build", "--site-dir", str(out), "--today", TODAY)
    assert first.exit_code == 0, first.stderr
    before = snapshot(out)
    assert "index.html" in before and any(name.endswith(".pdf") for name in before)

    (root / ".isms-cache").rename(tmp_path / "cache-aside")  # every PDF is rendered again: a long build
    environment = {**os.environ, "ISMS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.Popen(
        [sys.executable, "-m", "isms", "--root", str(root), "build", "--site-dir", str(out)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        staging: list[Path] = []
        while time.monotonic() < deadline and build.poll() is None:
            staging = list(tmp_path.glob(".out.building-*"))
            if staging and list((root / ".isms-cache").rglob("*.pdf")):
                break  # mid-way: the new output is being written, PDFs are being rendered
            time.sleep(0.05)
        assert build.poll() is None, "the build ended before it could be killed"
        os.kill(build.pid, signal.SIGKILL)
    finally:
        build.wait()
    assert staging, "no staging folder was seen"
    assert snapshot(out) == before  # every byte of the previous site and its PDFs
    assert (out / "index.html").read_text(encoding="utf-8").lstrip().startswith("<!doctype html>")
    assert list(tmp_path.glob(".out.building-*")), "the killed build's staging folder is left behind"

    again = run_cli("--root", str(root), "build", "--site-dir", str(out), "--today", TODAY)
    assert again.exit_code == 0, again.stderr
    assert list(tmp_path.glob(".out.*")) == []  # the next build removed what the killed one left


def test_a_kill_between_the_two_renames_is_repaired_by_the_next_run(tmp_path: Path) -> None:
    root = tmp_path / "isms"
    write_corpus(root, 10)
    GitRepo(root).add_site(pdf=False)
    out = tmp_path / "out"
    assert run_cli("--root", str(root), "build", "--site-dir", str(out)).exit_code == 0
    before = snapshot(out)
    out.rename(tmp_path / ".out.previous")  # the old output moved aside, the new one not yet in place
    policy = next((root / "policies" / "policy").glob("*.md"))
    policy.write_text(policy.read_text(encoding="utf-8").replace("owner: ciso", "owner: nobody"), encoding="utf-8")
    failed = run_cli("--root", str(root), "build", "--site-dir", str(out))
    assert failed.exit_code == 1
    assert snapshot(out) == before


def test_builds_of_one_repository_take_turns(base_tree: Path, tmp_path: Path) -> None:
    """While one build holds the repository's build lock, another waits, then finishes whole."""
    import fcntl

    GitRepo(base_tree).add_site(pdf=False)
    out = tmp_path / "out"
    lock = base_tree / ".isms-cache" / "build.lock"
    lock.parent.mkdir(parents=True)
    environment = {**os.environ, "ISMS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    with open(lock, "a", encoding="utf-8") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        waiting = subprocess.Popen(
            [sys.executable, "-m", "isms", "--root", str(base_tree), "build", "--site-dir", str(out)],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(4)  # far longer than this small build takes
        assert waiting.poll() is None and not out.exists()
        fcntl.flock(held, fcntl.LOCK_UN)
    assert waiting.wait(timeout=120) == 0, waiting.stderr.read() if waiting.stderr else ""
    assert (out / "index.html").is_file()
