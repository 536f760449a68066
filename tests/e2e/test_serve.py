"""`mkdocs serve` (or `properdocs serve`) picks up edits to the ISMS sources and isms.yml, not only to docs/."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from isms.host import HOST
from support.paths import REPOSITORY, TODAY


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _wait_for(url: str, text: str, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in _fetch(url):
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_sources_change(base_tree: Path) -> None:
    shutil.copy(REPOSITORY / "mkdocs.yml", base_tree / "mkdocs.yml")
    (base_tree / "docs").mkdir()
    port = _free_port()
    environment = {**os.environ, "ISMS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", HOST.value, "serve", "-a", f"127.0.0.1:{port}"],  # mkdocs or properdocs serve
        cwd=base_tree,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert _wait_for(base + "/standards/STD-AC-01/", "Access Control Standard")
        standard = base_tree / "policies" / "STD-AC-01-access.md"
        standard.write_text(standard.read_text().replace("title: Access Control Standard", "title: Identity Standard"))
        assert _wait_for(base + "/standards/STD-AC-01/", "Identity Standard")
        record = base_tree / "records-templates" / "REC-AQ-01-access-request.yml"
        record.write_text(record.read_text().replace("title: Access Request", "title: Access Request Form"))
        assert _wait_for(base + "/records/REC-AQ-01/", "Access Request Form")
        settings = base_tree / "isms.yml"
        settings.write_text(settings.read_text().replace("name: Fixture Ltd.", "name: Renamed Fixture Ltd."))
        assert _wait_for(base + "/", "Renamed Fixture Ltd.")
    finally:
        server.terminate()
        server.wait(timeout=10)
