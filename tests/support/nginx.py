"""The example nginx configuration, run for real on a loopback port, for the deployment tests.

`scripts/deploy/nginx.conf` is a server block with placeholders. `running_nginx` fills them in with
temporary paths, a self-signed certificate and one htpasswd file per restricted audience, wraps the
block in a minimal main configuration like Debian's, and runs nginx in the foreground as a child
process in its own process group, so that nothing it starts outlives the test.

As in production, the workers do not run as root: started by root, they run as `nobody` in the
group `worker_group()`, so they read only what an administrator following the README makes
readable. The served files must therefore sit outside pytest's private temporary folders.
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from base64 import b64encode
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from support.paths import REPOSITORY

EXAMPLE_CONFIG = REPOSITORY / "scripts" / "deploy" / "nginx.conf"
PLACEHOLDER = re.compile(r"@[A-Z_]+@")
# nginx and openssl live in /usr/sbin and /usr/bin; /usr/sbin is not on every user's PATH.
SEARCH_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
WORKER_USER = "nobody"
START_TIMEOUT = 15.0
STOP_TIMEOUT = 10.0


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str


@dataclass(frozen=True)
class Response:
    status: int
    headers: Message
    body: bytes


class NginxFailed(RuntimeError):
    """nginx did not start; the message holds its error log."""


def nginx_binary() -> str | None:
    return shutil.which("nginx", path=SEARCH_PATH)


def worker_group() -> str:
    """The group the nginx workers run in: nobody's when started by root (www-data's in production)."""
    user = pwd.getpwnam(WORKER_USER) if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
    return grp.getgrgid(user.pw_gid).gr_name


class Server:
    """A running nginx: fetch paths from it exactly as written, without following redirects."""

    def __init__(self, port: int, certificate: Path) -> None:
        self.base_url = f"https://127.0.0.1:{port}"
        context = ssl.create_default_context(cafile=str(certificate))
        self._opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), _NoRedirect())

    def get(
        self, path: str, credentials: Credentials | None = None, headers: Mapping[str, str] | None = None
    ) -> Response:
        """GET `path`; no client-side normalization, so `..` and `%2e` reach nginx as written."""
        request = urllib.request.Request(self.base_url + path, headers=dict(headers or {}))
        if credentials is not None:
            token = b64encode(f"{credentials.user}:{credentials.password}".encode()).decode("ascii")
            request.add_header("Authorization", f"Basic {token}")
        try:
            with self._opener.open(request, timeout=10) as response:
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            with error:
                return Response(error.code, error.headers, error.read())


@contextmanager
def running_nginx(root: Path, readers: Mapping[str, Credentials], workdir: Path) -> Iterator[Server]:
    """Serve `root` (one folder per audience) with the example configuration until the block ends.

    `readers` maps each restricted audience to the one reader in its htpasswd file. `workdir` holds
    the configuration, logs and htpasswd files; the workers must be able to traverse it.
    """
    binary = nginx_binary()
    if binary is None:
        raise NginxFailed("nginx is not installed")
    certificate, key = _self_signed_certificate(workdir)
    group = grp.getgrnam(worker_group()).gr_gid
    htpasswd = workdir / "htpasswd"
    htpasswd.mkdir()
    os.chown(htpasswd, -1, group)
    htpasswd.chmod(0o750)
    for audience, reader in readers.items():
        path = htpasswd / f"{audience}.htpasswd"
        path.write_text(f"{reader.user}:{_password_hash(reader.password)}\n")
        os.chown(path, -1, group)
        path.chmod(0o640)
    for folder in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (workdir / "temp" / folder).mkdir(parents=True)

    last_failure: NginxFailed | None = None
    for _ in range(3):  # another process may take the free port between probing and binding it
        port = _free_port()
        values = {
            "@LISTEN@": f"127.0.0.1:{port}",
            "@TLS_CERTIFICATE@": str(certificate),
            "@TLS_CERTIFICATE_KEY@": str(key),
            "@ROOT@": str(root),
            "@HTPASSWD_DIR@": str(htpasswd),
        }
        configuration = _main_configuration(binary, workdir, fill_placeholders(EXAMPLE_CONFIG.read_text(), values))
        try:
            process = _start(binary, workdir, configuration, port)
        except NginxFailed as failure:
            if "Address already in use" not in str(failure):
                raise
            last_failure = failure
            continue
        try:
            yield Server(port, certificate)
        finally:
            _stop(process)
        return
    assert last_failure is not None
    raise last_failure


def fill_placeholders(template: str, values: Mapping[str, str]) -> str:
    text = template
    for token, value in values.items():
        text = text.replace(token, value)
    left = sorted(set(PLACEHOLDER.findall(text)))
    if left:
        raise ValueError(f"placeholders left in the nginx configuration: {', '.join(left)}")
    return text


def _main_configuration(binary: str, workdir: Path, server_block: str) -> Path:
    """The parts of a distribution's nginx.conf that the example relies on, with every path in `workdir`."""
    (workdir / "isms.conf").write_text(server_block)
    mime_types = _mime_types(binary)
    temp = workdir / "temp"
    lines = [
        f"user {WORKER_USER} {worker_group()};" if os.geteuid() == 0 else "",
        "worker_processes 1;",
        f"pid {workdir / 'nginx.pid'};",
        f"error_log {workdir / 'error.log'};",
        "events { worker_connections 64; }",
        "http {",
        f"    include {mime_types};",
        "    default_type application/octet-stream;",
        "    sendfile on;",
        "    gzip on;",
        f"    access_log {workdir / 'access.log'};",
        *(f"    {folder}_temp_path {temp / folder};" for folder in ("proxy", "fastcgi", "uwsgi", "scgi")),
        f"    client_body_temp_path {temp / 'client_body'};",
        f"    include {workdir / 'isms.conf'};",
        "}",
    ]
    path = workdir / "nginx.conf"
    path.write_text("\n".join(line for line in lines if line) + "\n")
    return path


def _mime_types(binary: str) -> Path:
    """The distribution's mime.types, next to the nginx.conf nginx was built to read."""
    built = subprocess.run([binary, "-V"], capture_output=True, text=True, timeout=10, check=True).stderr
    match = re.search(r"--conf-path=(\S+)", built)
    folder = Path(match.group(1)).parent if match else Path("/etc/nginx")
    path = folder / "mime.types"
    if not path.is_file():
        raise NginxFailed(f"no mime.types next to nginx's own configuration: {path}")
    return path


def _start(binary: str, workdir: Path, configuration: Path, port: int) -> subprocess.Popen[bytes]:
    error_log = workdir / "error.log"
    error_log.write_text("")
    process = subprocess.Popen(
        # -e: the log for messages before the configuration is read (default /var/log/nginx/error.log).
        [binary, "-e", str(error_log), "-p", str(workdir), "-c", str(configuration), "-g", "daemon off;"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise NginxFailed(f"nginx exited with {process.returncode}:\n{error_log.read_text()}")
        with suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return process
        time.sleep(0.05)
    _stop(process)
    raise NginxFailed(f"nginx did not answer on port {port} within {START_TIMEOUT:.0f} s:\n{error_log.read_text()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Fast shutdown; if the master hangs, kill its whole process group, workers included."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _openssl(*args: str, stdin: str | None = None) -> str:
    binary = shutil.which("openssl", path=SEARCH_PATH)
    if binary is None:
        raise NginxFailed("openssl is needed for the test certificate and htpasswd files (Debian package openssl)")
    result = subprocess.run([binary, *args], input=stdin, capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise NginxFailed(f"openssl {args[0]} failed:\n{result.stderr}")
    return result.stdout


def _self_signed_certificate(workdir: Path) -> tuple[Path, Path]:
    certificate, key = workdir / "certificate.pem", workdir / "key.pem"
    _openssl(
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", str(key), "-out", str(certificate), "-days", "2", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1",
        "-addext", "keyUsage=critical,digitalSignature,keyCertSign",
        "-addext", "extendedKeyUsage=serverAuth",
    )  # fmt: skip
    return certificate, key


def _password_hash(password: str) -> str:
    """SHA-512 crypt, as the README recommends: nginx checks the password on every request, so it must be cheap."""
    return _openssl("passwd", "-6", "-stdin", stdin=password).strip()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None
