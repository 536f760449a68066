"""The example nginx configuration serves each audience from its own folder, behind its own rule.

The example ISMS is built once per audience, deployed the way the README tells administrators to
(a release folder the web server's group may read, and the served root a link to it), and served by
nginx with `scripts/deploy/nginx.conf` as shipped. Every request goes through nginx over TLS on a
loopback port.
"""

from __future__ import annotations

import gzip
import os
import re
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from isms.site.search_ahead import SCRIPT
from support.cli import run_cli
from support.nginx import (
    EXAMPLE_CONFIG,
    PLACEHOLDER,
    Credentials,
    Response,
    Server,
    nginx_binary,
    running_nginx,
    worker_group,
)
from support.paths import REPOSITORY, TODAY

pytestmark = pytest.mark.skipif(
    nginx_binary() is None, reason="nginx is not installed: run scripts/setup (Debian package nginx)"
)

OPEN_AUDIENCE = "public"
# Planted in every audience folder after the build, to see which folder a response came from.
MARKER = "served-from.txt"
HIDDEN = ".not-for-readers"
SYMLINK = "linked-page.html"


@dataclass(frozen=True)
class Location:
    prefix: str
    body: str


def _locations(config: str) -> list[Location]:
    """The prefix and body of each location block, comments removed (the header shows one in a comment)."""
    code = re.sub(r"#[^\n]*", "", config)
    return [
        Location(match.group(1), match.group(2))
        for match in re.finditer(r"location\s+(?:[=~^*]+\s+)?(\S+)\s*\{([^{}]*)\}", code)
    ]


def _audience_locations() -> dict[str, Location]:
    """Audience name → the location that serves its folder (the one with an alias)."""
    return {
        location.prefix.strip("/"): location
        for location in _locations(EXAMPLE_CONFIG.read_text())
        if "alias" in location.body
    }


AUDIENCES = sorted(_audience_locations())
RESTRICTED = [audience for audience in AUDIENCES if audience != OPEN_AUDIENCE]


@dataclass(frozen=True)
class Deployment:
    server: Server
    current: Path  # the served root: a link to the release being served
    sites: Path  # the release built by the fixture
    readers: dict[str, Credentials]

    def get(self, path: str, audience: str | None = None, password: str | None = None) -> Response:
        """GET `path` as the reader of `audience` (with `password` instead of theirs if given), or anonymously."""
        if audience is None:
            return self.server.get(path)
        reader = self.readers[audience]
        return self.server.get(path, Credentials(reader.user, password or reader.password))

    def built(self, audience: str, path: str) -> bytes:
        return (self.sites / audience / path).read_bytes()


def _audience_folders(sites: Path) -> list[str]:
    return sorted(folder.name for folder in sites.iterdir() if folder.is_dir() and not folder.name.startswith("."))


def _let_the_web_server_read(release: Path) -> None:
    """The README's step before switching: the build's folders and PDFs are private to their owner."""
    subprocess.run(["chgrp", "-R", worker_group(), str(release)], check=True, timeout=60)
    subprocess.run(["chmod", "-R", "g+rX", str(release)], check=True, timeout=60)


@pytest.fixture(scope="module")
def served() -> Iterator[Path]:
    """The server's folder (releases, the current link, htpasswd files), which the workers can traverse.

    Not under pytest's temporary folders: those are private to the user running the tests (0700).
    """
    folder = Path(tempfile.mkdtemp(prefix="isms-nginx-"))
    try:
        (folder / "releases").mkdir()
        for traversable in (folder, folder / "releases"):
            traversable.chmod(0o711)
        if os.geteuid() == 0:  # the workers run as nobody
            private = [parent for parent in folder.parents if not parent.stat().st_mode & 0o001]
            assert not private, f"the nginx workers cannot traverse {private[0]}: set TMPDIR to a shared folder"
        yield folder
    finally:
        shutil.rmtree(folder)


@pytest.fixture(scope="module")
def audience_sites(served: Path) -> Path:
    """Every audience of the example ISMS, built into one release folder by the real command."""
    release = served / "releases" / "1"
    result = run_cli(
        "--root", str(REPOSITORY), "build", "--all-audiences", "--site-dir", str(release), "--today", TODAY
    )  # fmt: skip
    assert result.exit_code == 0, result.stdout + result.stderr
    return release


@pytest.fixture(scope="module")
def deployment(audience_sites: Path, served: Path) -> Iterator[Deployment]:
    current = served / "current"
    current.symlink_to(audience_sites, target_is_directory=True)
    built = _audience_folders(audience_sites)
    for audience in built:
        folder = audience_sites / audience
        (folder / MARKER).write_text(audience)
        (folder / HIDDEN).write_text(f"hidden file of {audience}")
        # A link from inside the folder to another audience's home page, which nginx must not follow.
        other = next(name for name in built if name != audience)
        (folder / SYMLINK).symlink_to(audience_sites / other / "index.html")
    _let_the_web_server_read(audience_sites)
    readers = {
        audience: Credentials(f"{audience}-reader", secrets.token_urlsafe(16))
        for audience in built
        if audience != OPEN_AUDIENCE
    }
    with running_nginx(current, readers, served) as server:
        yield Deployment(server, current, audience_sites, readers)


def test_every_placeholder_is_documented_in_the_header() -> None:
    config = EXAMPLE_CONFIG.read_text()
    header = config.split("\nserver {", 1)[0]
    for token in sorted(set(PLACEHOLDER.findall(config))):
        assert re.search(rf"^#\s+{token}\s", header, re.MULTILINE), f"{token} is not explained at the top"


def test_each_audience_location_serves_only_its_own_folder() -> None:
    """Static check of the rule that matters: one folder per location, never a parent of several."""
    config = re.sub(r"#[^\n]*", "", EXAMPLE_CONFIG.read_text())
    assert not re.search(r"^\s*root\s", config, re.MULTILINE), "a root directive would serve a parent folder"
    assert OPEN_AUDIENCE in AUDIENCES
    for audience, location in _audience_locations().items():
        assert location.prefix == f"/{audience}/", "location and alias both end with / (else /staff../ escapes)"
        assert re.findall(r"alias\s+(\S+);", location.body) == [f"@ROOT@/{audience}/"]
        rules = re.findall(r"auth_basic_user_file\s+(\S+);", location.body)
        expected = [] if audience == OPEN_AUDIENCE else [f"@HTPASSWD_DIR@/{audience}.htpasswd"]
        assert rules == expected, audience
        assert "try_files $uri $uri/ =404;" in location.body
    redirects = {
        location.prefix: location.body.split()
        for location in _locations(config)
        if location.prefix.strip("/") in AUDIENCES and not location.prefix.endswith("/")
    }
    assert redirects == {f"/{audience}": ["return", "301", f"/{audience}/;"] for audience in AUDIENCES}
    for directive in ("autoindex off;", "disable_symlinks on", "server_tokens off;"):
        assert directive in config


def test_the_example_config_has_a_location_for_every_built_audience(audience_sites: Path) -> None:
    built = _audience_folders(audience_sites)
    assert built == AUDIENCES, "scripts/deploy/nginx.conf must have one location per audience of isms.yml"
    for audience in built:
        for path in ("index.html", "search/search_index.json", "sitemap.xml"):
            assert (audience_sites / audience / path).is_file(), f"{audience}/{path}"


def test_the_open_audience_needs_no_credentials(deployment: Deployment) -> None:
    response = deployment.get(f"/{OPEN_AUDIENCE}/")
    assert response.status == 200
    assert response.body == deployment.built(OPEN_AUDIENCE, "index.html")
    assert deployment.get("/").status == 302
    assert deployment.get("/").headers["Location"] == f"/{OPEN_AUDIENCE}/"


@pytest.mark.parametrize("audience", RESTRICTED)
def test_a_restricted_audience_needs_its_own_credentials(deployment: Deployment, audience: str) -> None:
    pdfs = sorted((deployment.sites / audience / "pdf").glob("*.pdf"))
    assert pdfs, f"{audience} has no PDF to test with"
    for path in ("index.html", f"pdf/{pdfs[0].name}", "search/search_index.json"):
        url = f"/{audience}/{path}"
        anonymous = deployment.get(url)
        assert anonymous.status == 401, url
        assert anonymous.headers["WWW-Authenticate"] == f'Basic realm="ISMS {audience}"'
        assert anonymous.body != deployment.built(audience, path)
        for other in RESTRICTED:
            if other != audience:
                assert deployment.get(url, other).status == 401, f"{url} as the reader of {other}"
        assert deployment.get(url, audience, password="wrong").status == 401, url
        own = deployment.get(url, audience)
        assert own.status == 200, url
        assert own.body == deployment.built(audience, path), url


@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_audience_is_served_from_its_own_folder(deployment: Deployment, audience: str) -> None:
    reader = None if audience == OPEN_AUDIENCE else audience
    assert deployment.get(f"/{audience}/{MARKER}", reader).body == audience.encode()
    home = deployment.get(f"/{audience}/", reader)
    assert home.status == 200
    assert home.body == deployment.built(audience, "index.html")
    index = deployment.get(f"/{audience}/search/search_index.json", reader)
    assert index.body == deployment.built(audience, "search/search_index.json")


@pytest.mark.parametrize("audience", AUDIENCES)
def test_audience_without_a_slash_redirects(deployment: Deployment, audience: str) -> None:
    response = deployment.get(f"/{audience}")
    assert response.status == 301
    assert response.headers["Location"] == f"/{audience}/"


def test_directory_urls_of_mkdocs(deployment: Deployment) -> None:
    """MkDocs writes page/index.html and links to page/: both forms reach the page."""
    site = deployment.sites / OPEN_AUDIENCE
    page = min(path.parent for path in site.glob("*/*/index.html")).relative_to(site).as_posix()
    response = deployment.get(f"/{OPEN_AUDIENCE}/{page}/")
    assert response.status == 200
    assert response.body == deployment.built(OPEN_AUDIENCE, f"{page}/index.html")
    redirect = deployment.get(f"/{OPEN_AUDIENCE}/{page}")
    assert (redirect.status, redirect.headers["Location"]) == (301, f"/{OPEN_AUDIENCE}/{page}/")
    assert deployment.get(f"/{OPEN_AUDIENCE}/no-such-page/").status == 404


TRAVERSALS = [
    "/{via}/../{target}/index.html",
    "/{via}/./../{target}/index.html",
    "/{via}/%2e%2e/{target}/index.html",
    "/{via}/%2E%2E/{target}/index.html",
    "/{via}/..%2f{target}/index.html",
    "/{via}/%2e%2e%2f{target}/index.html",
    "/{via}%2f..%2f{target}/index.html",
    "/{via}/..%5c{target}/index.html",
    "/{via}/%252e%252e/{target}/index.html",
    "/{via}../{target}/index.html",
    "/{via}/..;/{target}/index.html",
    "//{target}/index.html",
    "/./{target}/index.html",
]


@pytest.mark.parametrize("pattern", TRAVERSALS)
def test_path_traversal_does_not_reach_another_audience(deployment: Deployment, pattern: str) -> None:
    """Through the open audience anonymously, and through each restricted audience as its own reader."""
    for target in RESTRICTED:
        page = deployment.built(target, "index.html")
        for via in AUDIENCES:
            if via == target:
                continue
            reader = None if via == OPEN_AUDIENCE else via
            path = pattern.format(via=via, target=target)
            response = deployment.get(path, reader)
            assert response.status in (400, 401, 403, 404), f"{path} as {reader or 'anonymous'}"
            assert response.body != page, f"{path} as {reader or 'anonymous'}"


def test_folders_are_not_listed(deployment: Deployment) -> None:
    for audience in AUDIENCES:
        reader = None if audience == OPEN_AUDIENCE else audience
        for folder in ("pdf/", "search/", "assets/"):
            response = deployment.get(f"/{audience}/{folder}", reader)
            assert response.status in (403, 404), f"/{audience}/{folder}"
            assert b".pdf" not in response.body
            assert b".json" not in response.body
    for path in ("/nothing-here/", "/index.html", "/srv/"):
        assert deployment.get(path).status == 404, path


def test_hidden_files_are_not_served(deployment: Deployment) -> None:
    for audience in AUDIENCES:
        reader = None if audience == OPEN_AUDIENCE else audience
        response = deployment.get(f"/{audience}/{HIDDEN}", reader)
        assert response.status in (403, 404), audience
        assert b"hidden file" not in response.body
    assert deployment.get("/.git/config").status in (403, 404)


def test_links_inside_an_audience_folder_are_not_followed(deployment: Deployment) -> None:
    for audience in AUDIENCES:
        reader = None if audience == OPEN_AUDIENCE else audience
        response = deployment.get(f"/{audience}/{SYMLINK}", reader)
        assert response.status in (403, 404), audience
        assert response.body != (deployment.sites / audience / SYMLINK).read_bytes()


def test_security_headers_on_every_response(deployment: Deployment) -> None:
    restricted = RESTRICTED[0]
    pdf = min(path.name for path in (deployment.sites / restricted / "pdf").glob("*.pdf"))
    responses = {
        "page": deployment.get(f"/{OPEN_AUDIENCE}/"),
        "pdf": deployment.get(f"/{restricted}/pdf/{pdf}", restricted),
        "401": deployment.get(f"/{restricted}/"),
        "403": deployment.get(f"/{OPEN_AUDIENCE}/{HIDDEN}"),
        "404": deployment.get("/nothing-here/"),
        "301": deployment.get(f"/{restricted}"),
    }
    for kind, response in responses.items():
        headers = response.headers
        assert headers["X-Content-Type-Options"] == "nosniff", kind
        assert headers["Referrer-Policy"] == "no-referrer", kind
        assert headers["X-Frame-Options"] == "DENY", kind
        assert "frame-ancestors 'none'" in headers.get("Content-Security-Policy", ""), kind
        assert "private" in headers.get("Cache-Control", ""), kind
        assert headers.get("Strict-Transport-Security", "").startswith("max-age="), kind
        assert headers["Server"] == "nginx", kind


def test_content_types_survive_nosniff(deployment: Deployment) -> None:
    """With nosniff, a browser refuses a stylesheet or script that is not served as one."""
    site = deployment.sites / OPEN_AUDIENCE
    expected = {
        "index.html": "text/html",
        min(path.relative_to(site).as_posix() for path in site.glob("assets/**/*.css")): "text/css",
        min(path.relative_to(site).as_posix() for path in site.glob("assets/**/*.js")): "application/javascript",
        "search/search_index.json": "application/json",
        f"pdf/{min(path.name for path in site.glob('pdf/*.pdf'))}": "application/pdf",
    }
    for path, content_type in expected.items():
        response = deployment.get(f"/{OPEN_AUDIENCE}/{path}")
        assert response.status == 200, path
        assert response.headers.get_content_type() == content_type, path


def test_an_update_switches_the_current_link_atomically(deployment: Deployment) -> None:
    """The README's update: build into a new folder, then `mv -T` a new link over `current`."""
    release = deployment.sites.with_name("2")
    shutil.copytree(deployment.sites, release, symlinks=True)
    for audience in AUDIENCES:
        (release / audience / MARKER).write_text(f"next release of {audience}")
    _let_the_web_server_read(release)
    link = deployment.current.with_name("current.next")
    link.symlink_to(release, target_is_directory=True)
    os.replace(link, deployment.current)  # one rename(2), as `mv -T current.next current` does
    try:
        for audience in AUDIENCES:
            reader = None if audience == OPEN_AUDIENCE else audience
            response = deployment.get(f"/{audience}/{MARKER}", reader)
            assert response.body == f"next release of {audience}".encode()
    finally:
        link.symlink_to(deployment.sites, target_is_directory=True)
        os.replace(link, deployment.current)
    assert deployment.get(f"/{OPEN_AUDIENCE}/{MARKER}").body == OPEN_AUDIENCE.encode()


@pytest.mark.parametrize("path", ["search/search_index.json", SCRIPT])
def test_the_search_index_goes_out_compressed(deployment: Deployment, path: str) -> None:
    """The index every reader downloads (its entries, and the index built ahead that the search
    worker loads) is sent from its gzip copy to browsers that accept gzip."""
    site = deployment.sites / OPEN_AUDIENCE
    raw = (site / path).read_bytes()
    assert gzip.decompress((site / f"{path}.gz").read_bytes()) == raw
    response = deployment.server.get(f"/{OPEN_AUDIENCE}/{path}", headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.body) == raw
    assert len(response.body) < len(raw) / 3
    plain = deployment.get(f"/{OPEN_AUDIENCE}/{path}")
    assert "Content-Encoding" not in plain.headers and plain.body == raw
