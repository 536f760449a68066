"""An incremental build gives the output of a clean one, byte for byte.

One throwaway repository is built after each commit of a sequence (a link added, a document's
text edited, a document file renamed, a document deleted with the link to it, isms.yml changed)
into one output folder, keeping everything a build keeps between runs: the PDF cache in
.isms-cache and the history field cache in .git/isms. The last commit is then built again in a
fresh clone, with no cache at all, into another folder. Both sites must hold the same files with
the same bytes.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from support.gitrepo import GitRepo

POLICY = "policies/POL-001-policy.md"
STANDARD = "policies/STD-AC-01-access.md"
PROCEDURE = "policies/PRO-UA-01-user-access.md"
RENAMED = "policies/PRO-UA-01-user-accounts.md"
LINK = "\n2. The steps are in [](PRO-UA-01). {A.5.15}\n"


def test_an_incremental_build_equals_a_clean_build(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "isms")
    repo.add_site(pdf=True)
    assert repo.commit("Add the site configuration", add_all=True).code == 0
    incremental = tmp_path / "incremental"
    _build(repo, incremental)

    def change(message: str, author: str = "bob") -> None:
        result = repo.commit(message, author=author, add_all=True)
        assert result.code == 0, result.output
        _build(repo, incremental)

    standard = repo.path(STANDARD).read_text(encoding="utf-8")
    repo.path(STANDARD).write_text(standard + LINK, encoding="utf-8")
    change("Point the standard to its procedure")
    repo.edit(POLICY, "sets the direction", "sets the direction and the objectives")
    change("Add objectives to the policy")
    repo.git("mv", PROCEDURE, RENAMED)
    change("Give the procedure file a descriptive name")
    repo.path(RENAMED).unlink()
    repo.edit(STANDARD, LINK, "\n")
    change("Withdraw the user access procedure; the standard keeps its records")
    repo.edit("isms.yml", "name: Fixture Ltd.", "name: Fixture Group Ltd.")
    change("Rename the organization", author="alice")

    clone = tmp_path / "clone"
    repo.git("clone", "-q", str(repo.root), str(clone))
    fresh = GitRepo(clone)
    assert not (clone / ".isms-cache").exists() and not (clone / ".git" / "isms").exists()
    clean = tmp_path / "clean"
    _build(fresh, clean)

    files = _files(clean)
    assert "policies/POL-001/index.html" in files and not [f for f in files if "PRO-UA-01" in f]
    assert [f for f in files if f.startswith("pdf/") and f.endswith(".pdf")], "the PDFs are compared too"
    assert "Fixture Group Ltd." in (clean / "index.html").read_text(encoding="utf-8")
    assert _files(incremental) == files
    differing = [name for name in files if (incremental / name).read_bytes() != (clean / name).read_bytes()]
    assert differing == [], _first_difference(incremental, clean, differing)


def _build(repo: GitRepo, site: Path) -> None:
    result = repo.isms("build", "--site-dir", str(site))
    assert result.code == 0, result.output


def _files(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file())


def _first_difference(incremental: Path, clean: Path, differing: list[str]) -> str:
    """The files that differ, and how the first text one does, for the failure message."""
    for name in differing:
        try:
            before = (incremental / name).read_text(encoding="utf-8").splitlines()
            after = (clean / name).read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            continue
        diff = difflib.unified_diff(before, after, "incremental/" + name, "clean/" + name, lineterm="", n=1)
        return f"{differing}\n" + "\n".join(list(diff)[:40])
    return str(differing)
