"""The site generator the plugin runs in: MkDocs 1.6, or ProperDocs, its maintained fork of MkDocs 1.x.

ProperDocs runs MkDocs plugins and themes (Material, this plugin) unchanged: its `properdocs.replacement`
module makes every later `import mkdocs.…` load the matching `properdocs.…` module. That must happen
before anything imports mkdocs, or one process would hold both (a plugin class derived from MkDocs'
BasePlugin is not a plugin to ProperDocs). So the host is chosen once, when the host layer is first
imported (`isms.host` imports this module before any of its modules imports mkdocs), and the layers
below import mkdocs only for type hints.

Under `mkdocs build` or `properdocs build` the host is the one already running. For `isms build`,
`ISMS_SITE_HOST=mkdocs|properdocs` chooses; without it, MkDocs when installed, else ProperDocs.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Mapping
from enum import Enum

from isms.core.errors import IsmsError

VARIABLE = "ISMS_SITE_HOST"


class SiteHost(str, Enum):
    MKDOCS = "mkdocs"
    PROPERDOCS = "properdocs"

    @property
    def logger(self) -> str:
        """The logger the host reports on; its strict mode counts the warnings that reach it."""
        return self.value

    @property
    def product(self) -> str:
        return {"mkdocs": "MkDocs", "properdocs": "ProperDocs"}[self.value]


class HostUnavailable(IsmsError):
    pass


def choose(environment: Mapping[str, str]) -> SiteHost:
    """The host for this process: the one already running, the one asked for, or the one installed."""
    running = _running()
    requested = environment.get(VARIABLE, "").strip().lower()
    if not requested:
        if running is not None:
            return running
        installed = [host for host in SiteHost if _installed(host)]
        if not installed:
            raise HostUnavailable(
                "neither MkDocs nor ProperDocs is installed, so there is no site generator to run",
                "pip install mkdocs (or properdocs) into the environment of the isms command",
            )
        return installed[0]
    try:
        host = SiteHost(requested)
    except ValueError:
        names = " or ".join(host.value for host in SiteHost)
        raise HostUnavailable(f"{VARIABLE}={requested} is not a site generator", f"set it to {names}") from None
    if running is not None and running is not host:
        raise HostUnavailable(
            f"{VARIABLE}={host.value}, but this process already runs {running.product}",
            f"unset {VARIABLE}, or run the build with {host.value}",
        )
    if not _installed(host):
        raise HostUnavailable(
            f"{VARIABLE}={host.value}, but {host.product} is not installed", f"pip install {host.value}"
        )
    return host


def activate(host: SiteHost) -> SiteHost:
    """Make `import mkdocs.…` load the host's modules from now on (ProperDocs' own redirection)."""
    if host is SiteHost.PROPERDOCS:
        importlib.import_module("properdocs.replacement")
    return host


def _running() -> SiteHost | None:
    if "properdocs.replacement" in sys.modules:
        return SiteHost.PROPERDOCS
    if "mkdocs" in sys.modules:
        return SiteHost.MKDOCS
    return None


def _installed(host: SiteHost) -> bool:
    return importlib.util.find_spec(host.value) is not None
