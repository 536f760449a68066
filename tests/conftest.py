"""Fixtures shared by every test folder; helpers the tests import live in the support package."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import isms.host  # noqa: F401  (chooses the site generator, ISMS_SITE_HOST, before a test imports mkdocs)
from support.browser import start_chromium
from support.paths import FIXTURES, REPOSITORY, TODAY
from support.static_server import serving


@pytest.fixture
def base_tree(tmp_path: Path) -> Iterator[Path]:
    """A copy of the small valid fixture ISMS, to break in one place per test."""
    root = tmp_path / "isms"
    shutil.copytree(FIXTURES / "base", root)
    yield root


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example ISMS built once per test session, outside the repository."""
    from datetime import date

    from isms.host.site_build import build_site

    site = tmp_path_factory.mktemp("example") / "site"
    result = build_site(REPOSITORY, date.fromisoformat(TODAY), site_dir=site, strict=True)
    assert result.warnings == []
    return site


@pytest.fixture(scope="session")
def served_site(example_site: Path) -> Iterator[str]:
    """The example site served on a loopback port; yields its base URL."""
    with serving(example_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium through chromedriver, logging every network request."""
    if not (Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists()):
        pytest.fail("Chromium is not installed: run scripts/setup (Debian packages chromium, chromium-driver)")
    driver = start_chromium(log_requests=True)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
