"""isms verify in a shallow clone, or with a baseline commit the repository does not have, says why it
cannot verify, once, instead of an error per approval."""

from __future__ import annotations

import subprocess
from pathlib import Path

from support.gitrepo import GitRepo


def test_verify_in_a_shallow_clone_names_the_cause_once(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "isms")
    settings = repo.path("isms.yml")
    adoption = repo.git("rev-parse", "HEAD").strip()
    settings.write_text(settings.read_text(encoding="utf-8") + f"approvals:\n  since: {adoption}\n", encoding="utf-8")
    assert repo.commit("Declare the adoption baseline", author="alice", add_all=True).code == 0
    assert repo.isms("verify").code == 0

    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    shallow = GitRepo(clone).isms("verify")
    assert shallow.code == 1
    assert [line for line in shallow.stdout.splitlines() if "error[" in line] == [
        "isms.yml: error[isms.verify.shallow]: this is a shallow clone, so the commits that approved older"
        " versions are missing"
    ]


def test_verify_with_a_baseline_commit_the_repository_lacks_names_it_once(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "isms")
    settings = repo.path("isms.yml")
    elsewhere = "7318dcd02819affb8beee8d5d87548da8eda55b6"  # a commit of another repository
    text = settings.read_text(encoding="utf-8") + f"approvals:\n  since: {elsewhere}\n"
    settings.write_text(text, encoding="utf-8")
    assert repo.commit("Declare the adoption baseline", author="alice", add_all=True).code == 0
    line = text.splitlines().index(f"  since: {elsewhere}") + 1
    result = repo.isms("verify")
    assert result.code == 1
    assert [line for line in result.stdout.splitlines() if "error[" in line] == [
        f"isms.yml:{line}:1: error[isms.verify.baseline]: approvals.since names {elsewhere}, which is no commit"
        " of this repository (a copy of another repository's isms.yml, or history rewritten), so no approval"
        " can be taken as recorded"
    ]
    assert "git rev-parse HEAD" in result.stdout
