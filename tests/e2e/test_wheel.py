"""The package as an organization installs it: a wheel, in a virtual environment of its own, used
in an ISMS repository of its own, outside this one.

An editable install reads templates and assets straight from `src/`, so a file missing from the
wheel goes unnoticed until a user's `isms build` stops. These tests build the wheel the way a
release is built, check that it holds every file of the package, and run the installed tool on a
copy of the example ISMS in a new git repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Callable
from fnmatch import fnmatch
from pathlib import Path

import pytest

from isms.change.init import adopted_here
from support.paths import REPOSITORY, TODAY

ISMS_FILES = ("isms.yml", "mkdocs.yml", "policies", "records-templates", "docs")
NOT_PACKAGED = ("__pycache__", ".pyc", ".pyo")
NOT_IN_A_CHECKOUT = (
    ".git", ".venv", ".venv-latest", "site", "site-audiences", "site-as-of-*", ".isms-cache", "test-artifacts",
    "__pycache__", "*.egg-info", "build", "dist", ".mypy_cache", ".ruff_cache", ".pytest_cache",
)  # fmt: skip


@pytest.fixture(scope="module")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The wheel as a release builds it: a source distribution first, then the wheel from it.

    Returns the wheel and what both builds wrote to stderr.
    """
    source = tmp_path_factory.mktemp("checkout") / "isms-docs"
    shutil.copytree(REPOSITORY, source, ignore=_outside_a_checkout)
    dist = tmp_path_factory.mktemp("dist")
    sdist = _backend(source, f"build_sdist({str(dist)!r})")
    assert sdist.returncode == 0, sdist.stderr
    with tarfile.open(dist / sdist.stdout.strip().splitlines()[-1]) as archive:
        archive.extractall(dist / "unpacked", filter="data")
    (unpacked,) = (dist / "unpacked").iterdir()
    wheel = _backend(unpacked, f"build_wheel({str(dist)!r})")
    assert wheel.returncode == 0, wheel.stderr
    return dist / wheel.stdout.strip().splitlines()[-1], sdist.stderr + wheel.stderr


def _outside_a_checkout(folder: str, names: list[str]) -> set[str]:
    """What a fresh clone does not have: environments and outputs at the top, caches anywhere."""
    top = Path(folder) == REPOSITORY
    return {
        name
        for name in names
        if name in ("__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache")
        or name.endswith(".egg-info")
        or (top and any(fnmatch(name, pattern) for pattern in NOT_IN_A_CHECKOUT))
    }


def _backend(folder: Path, call: str) -> subprocess.CompletedProcess[str]:
    """A PEP 517 hook of setuptools' backend, run as pip or build runs it, in the folder."""
    return subprocess.run(
        [sys.executable, "-c", f"from setuptools import build_meta; print(build_meta.{call})"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_wheel_builds_without_warnings(built_wheel: tuple[Path, str]) -> None:
    _, stderr = built_wheel
    assert "Warning" not in stderr and "deprecated" not in stderr.lower(), stderr


def test_the_wheel_holds_every_file_of_the_package(built_wheel: tuple[Path, str]) -> None:
    """Every file under src/isms/ is read at run time (code, templates, assets, catalogs, hooks)."""
    wheel, _ = built_wheel
    package = REPOSITORY / "src"
    expected = {
        path.relative_to(package).as_posix()
        for path in (package / "isms").rglob("*")
        if path.is_file() and not any(part in path.as_posix() for part in NOT_PACKAGED)
    }
    with zipfile.ZipFile(wheel) as archive:
        packaged = {name for name in archive.namelist() if name.startswith("isms/")}
    assert sorted(expected - packaged) == []
    example = {name for name in packaged if name.startswith("isms/data/example/")}
    tracked = {
        f"isms/data/example/{path.relative_to(REPOSITORY).as_posix()}"
        for name in ("policies", "records-templates", "docs")
        for path in (REPOSITORY / name).rglob("*")
        if path.is_file()
    }
    assert tracked <= example and "isms/data/example/isms.yml" in example  # for isms init --example


@pytest.fixture(scope="module")
def installed(built_wheel: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment outside the repository with the wheel installed: its bin folder."""
    wheel, _ = built_wheel
    venv = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    install = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "-c",
            str(REPOSITORY / "requirements.lock"),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    return venv / "bin"


def _environment(bin_folder: Path) -> dict[str, str]:
    """The user's environment: the installed tool first on PATH, nothing of this repository's."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "ISMS_", "VIRTUAL_ENV", "GIT_"))
    }
    return environment | {
        "ISMS_TODAY": TODAY,
        "GIT_AUTHOR_NAME": "Zhang Min",
        "GIT_AUTHOR_EMAIL": "zhang.min@aozora-bridge.example",
        "GIT_COMMITTER_NAME": "Zhang Min",
        "GIT_COMMITTER_EMAIL": "zhang.min@aozora-bridge.example",
        "PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}",
    }


def _runner(folder: Path, environment: dict[str, str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    def run(*command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, cwd=folder, env=environment, capture_output=True, text=True, check=False)

    return run


def _assert_site_with_pdfs(site: Path) -> list[Path]:
    assert (site / "index.html").is_file()
    assert (site / "search" / "search_index.json").is_file()
    pdfs = sorted((site / "pdf").glob("*.pdf"))
    assert pdfs and all(pdf.read_bytes().startswith(b"%PDF-") for pdf in pdfs)
    return pdfs


def test_the_installed_wheel_checks_builds_and_renders_a_new_repository(installed: Path, tmp_path: Path) -> None:
    repository = tmp_path / "acme-isms"
    repository.mkdir()
    for name in ISMS_FILES:
        source = REPOSITORY / name
        if source.is_dir():
            shutil.copytree(source, repository / name)
        else:
            shutil.copy2(source, repository / name)
    run = _runner(repository, _environment(installed))
    for git in (("git", "init", "-q", "-b", "main"), ("git", "add", "-A"), ("git", "commit", "-q", "-m", "Adopt")):
        assert run(*git).returncode == 0

    where = run(str(installed / "python"), "-c", "import isms; print(isms.__file__)")
    assert where.stdout.startswith(str(installed.parent)), where.stdout + where.stderr

    check = run("isms", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    build = run("isms", "build")
    assert build.returncode == 0, build.stdout + build.stderr
    assert "Traceback" not in build.stderr
    assert len(_assert_site_with_pdfs(repository / "site")) >= 40

    out = tmp_path / "pdf"
    pdf = run("isms", "pdf", "--out", str(out), "POL-001")
    assert pdf.returncode == 0, pdf.stdout + pdf.stderr
    assert [path.name for path in out.glob("*.pdf")] and (out / "SHA256SUMS").is_file()


def test_isms_init_starts_an_isms_that_checks_builds_clones_and_stamps(installed: Path, tmp_path: Path) -> None:
    """From pip install to a published site, in a folder that had nothing."""
    folder = tmp_path / "new-isms"
    environment = _environment(installed)
    run = _runner(tmp_path, environment)
    init = run(
        "isms", "init", str(folder), "--yes", "--organization", "Kumo Logistics K.K.",
        "--languages", "en,ja", "--name", "Zhang Min", "--email", "zhang.min@aozora-bridge.example",
    )  # fmt: skip
    assert init.returncode == 0, init.stdout + init.stderr
    assert "isms init: created isms.yml" in init.stdout
    assert "isms init: set core.hooksPath to 'hooks'" in init.stdout

    run = _runner(folder, environment)
    check = run("isms", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "isms.soa.not-assessed]: 93 of the 93 Annex A controls are not assessed yet" in check.stdout

    assert run("git", "add", "-A").returncode == 0
    commit = run("git", "commit", "-q", "-m", "Start the ISMS")
    assert commit.returncode == 0, commit.stdout + commit.stderr
    message = run("git", "log", "-1", "--format=%B").stdout
    assert "Document: SOA-001 0.1" in message  # the commit-msg hook ran, from the installed tool

    build = run("isms", "build")
    assert build.returncode == 0, build.stdout + build.stderr
    assert [pdf.name for pdf in _assert_site_with_pdfs(folder / "site")] == [
        "SOA-001-v0.1.pdf", "document-register.pdf", "isms-manual.pdf", "records-register.pdf",
    ]  # fmt: skip

    clone = tmp_path / "clone"
    assert run("git", "clone", "-q", str(folder), str(clone)).returncode == 0
    cloned = _runner(clone, environment)("isms", "build")
    assert cloned.returncode == 0, cloned.stdout + cloned.stderr
    _assert_site_with_pdfs(clone / "site")


def test_isms_init_example_from_the_wheel_is_the_example_isms(installed: Path, tmp_path: Path) -> None:
    run = _runner(tmp_path, _environment(installed))
    init = run("isms", "init", "aozora", "--example")
    assert init.returncode == 0, init.stdout + init.stderr
    for name in ("policies/applicability.yml", "policies/policy/POL-001-information-security-policy.md"):
        assert (tmp_path / "aozora" / name).read_bytes() == (REPOSITORY / name).read_bytes()
    # isms.yml as the example's, its adoption baseline the copy's own first commit
    example = (REPOSITORY / "isms.yml").read_text(encoding="utf-8")
    assert (tmp_path / "aozora" / "isms.yml").read_text(encoding="utf-8") == adopted_here(example) != example
    assert (tmp_path / "aozora" / ".github" / "workflows" / "isms.yml").is_file()
    check = _runner(tmp_path / "aozora", _environment(installed))("isms", "check")
    assert check.returncode == 0, check.stdout
