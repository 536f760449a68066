"""With `approvals: {signed: true}` an approval counts only when signed with one of the approver's own keys
listed in isms.yml: any key git happens to trust is not enough."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from isms.core.keys import key_fingerprint
from support.gitrepo import GitRepo

STANDARD = "policies/STD-AC-01-access.md"  # approver role: ciso (bob)
BOB = "  - {id: bob, name: Bob Example, email: bob@example.com, git: [bob@example.com]}\n"


def _key(folder: Path, name: str) -> tuple[Path, str]:
    private = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(private)], check=True)
    return private, (folder / f"{name}.pub").read_text(encoding="utf-8").strip()


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    folder = tmp_path / "keys"
    folder.mkdir()
    return {name: _key(folder, name) for name in ("bob", "alice")}


@pytest.fixture
def repo(tmp_path: Path, keys: dict[str, tuple[Path, str]]) -> GitRepo:
    repo = GitRepo.create(tmp_path / "isms")
    repo.edit("isms.yml", BOB, BOB.replace("]}\n", f'], signing_keys: ["{keys["bob"][1]}"]}}\n'))
    repo.record_approvals_from_now("Approvals are signed with the approver's own key", signed="true")
    repo.git("config", "gpg.format", "ssh")
    return repo


def _approve_signed_with(repo: GitRepo, key: Path, sentence: str) -> str:
    repo.edit(STANDARD, "named person", f"named person, {sentence}")
    assert repo.commit(sentence, author="alice", add_all=True).code == 0
    repo.git("config", "user.signingkey", str(key))
    repo.act_as("bob")
    approved = repo.isms("approve", "STD-AC-01")  # signed: isms.yml asks for it
    assert approved.code == 0, approved.output
    return repo.git("rev-parse", "--short=8", "HEAD").strip()


def test_an_approval_signed_with_the_approvers_own_key_passes(repo: GitRepo, keys: dict[str, tuple[Path, str]]) -> None:
    _approve_signed_with(repo, keys["bob"][0], "reviewed each quarter")
    verified = repo.isms("verify")
    assert verified.code == 0, verified.output


def test_an_approval_signed_with_someone_elses_key_fails(repo: GitRepo, keys: dict[str, tuple[Path, str]]) -> None:
    commit = _approve_signed_with(repo, keys["alice"][0], "reviewed each quarter")
    verified = repo.isms("verify")
    assert verified.code == 1
    fingerprint = key_fingerprint(keys["alice"][1])  # a good signature, by a key isms.yml does not list for bob
    assert (
        f"error[isms.verify.signer]: STD-AC-01 1.1 (commit {commit}): signed with key {fingerprint}" in verified.stdout
    )


def test_a_key_listed_for_another_person_is_not_the_approvers(repo: GitRepo, keys: dict[str, tuple[Path, str]]) -> None:
    alice = "  - {id: alice, name: Alice Example, email: alice@example.com, git: [alice@example.com]}\n"
    repo.edit("isms.yml", alice, alice.replace("]}\n", f'], signing_keys: ["{keys["alice"][1]}"]}}\n'))
    assert repo.commit("Alice's signing key", author="alice", add_all=True).code == 0
    commit = _approve_signed_with(repo, keys["alice"][0], "reviewed each quarter")
    verified = repo.isms("verify")
    assert verified.code == 1
    fingerprint = key_fingerprint(keys["alice"][1])
    assert (
        f"error[isms.verify.signer]: STD-AC-01 1.1 (commit {commit}): signed with key {fingerprint}, which is not"
        " one of bob's signing_keys in isms.yml"
    ) in verified.stdout


def test_an_unsigned_approval_fails(repo: GitRepo) -> None:
    repo.edit(STANDARD, "named person", "named person, reviewed each quarter")
    assert repo.commit("Quarterly", author="alice", add_all=True).code == 0
    repo.edit(STANDARD, "status: draft", "status: approved")
    repo.act_as("bob")
    repo.git("commit", "-q", "--no-verify", "-am", "Approve STD-AC-01 1.1\n\nApproved: STD-AC-01 1.1")
    verified = repo.isms("verify")
    assert verified.code == 1 and "the approval commit has no good signature" in verified.stdout


def test_a_signing_key_that_is_no_key_is_refused_with_its_line(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "isms")
    repo.edit("isms.yml", BOB, BOB.replace("]}\n", '], signing_keys: ["my laptop key"]}\n'))
    checked = repo.isms("check")
    assert checked.code == 1
    line = (
        repo.path("isms.yml").read_text().splitlines().index(BOB.replace("]}\n", '], signing_keys: ["my laptop key"]}'))
        + 1
    )
    assert (
        (f"isms.yml:{line}:") in checked.stdout
        and "error[isms.field.value]: signing key 'my laptop key' is neither an SSH public key nor a GPG fingerprint"
        in checked.stdout
    )


def test_fingerprints_are_those_git_reports(keys: dict[str, tuple[Path, str]]) -> None:
    listed = subprocess.run(
        ["ssh-keygen", "-lf", str(keys["bob"][0]) + ".pub"], capture_output=True, text=True, check=True
    ).stdout.split()[1]
    assert key_fingerprint(keys["bob"][1]) == listed
    assert key_fingerprint("ab12 " * 10) == "AB12" * 10  # a GPG fingerprint as gpg prints it, in groups
    assert key_fingerprint("not a key") is None
