"""The site generator: MkDocs 1.6 or ProperDocs. scripts/test-host runs the site tests under each; these
tests check that a run really used the generator it names, and how ISMS_SITE_HOST is read."""

from __future__ import annotations

import importlib
import os
import re
import sys
from pathlib import Path

import pytest

from isms.host import HOST
from isms.host.hosts import VARIABLE, HostUnavailable, SiteHost, choose


@pytest.fixture(autouse=True)
def _host_running() -> None:
    """The process runs the host once anything imports mkdocs, as the plugin and `isms build` do."""
    importlib.import_module("mkdocs.plugins")


def test_the_host_is_the_one_isms_site_host_names() -> None:
    assert HOST.value == os.environ.get(VARIABLE, "mkdocs")
    # Under ProperDocs every `import mkdocs.…` loads ProperDocs' module of the same name.
    assert sys.modules["mkdocs"].__name__ == HOST.value
    assert sys.modules["mkdocs.plugins"].__name__ == f"{HOST.value}.plugins"


def test_the_built_site_names_the_generator_that_built_it(example_site: Path) -> None:
    page = (example_site / "404.html").read_text(encoding="utf-8")
    generator = re.search(r'<meta name="generator" content="([^"]*)"', page)
    assert generator is not None
    assert generator[1].startswith("mkdocs-ProperDocs 1.6." if HOST is SiteHost.PROPERDOCS else "mkdocs-1.6.")


def test_without_the_variable_the_running_host_is_kept() -> None:
    assert choose({}) is HOST
    assert choose({VARIABLE: f" {HOST.value.upper()} "}) is HOST


def test_a_host_other_than_the_running_one_is_refused() -> None:
    other = next(host for host in SiteHost if host is not HOST)
    with pytest.raises(HostUnavailable, match=f"already runs {HOST.product}") as refused:
        choose({VARIABLE: other.value})
    assert refused.value.hint == f"unset {VARIABLE}, or run the build with {other.value}"


def test_an_unknown_host_is_refused() -> None:
    with pytest.raises(HostUnavailable, match="ISMS_SITE_HOST=sphinx is not a site generator") as refused:
        choose({VARIABLE: "sphinx"})
    assert refused.value.hint == "set it to mkdocs or properdocs"
