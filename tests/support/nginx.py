"""A private nginx for tests: the template of docs/nginx/jeugdhulp.conf filled in with
loopback ports and a self-signed certificate, run as an unprivileged user.

:func:`start_nginx` makes a prefix directory of its own (configuration, certificate, pid,
logs, temp files), creates the certificate with ``openssl`` (for ``127.0.0.1``), fills in
the template's ``${NAME}`` placeholders the way ``envsubst`` does in production (every
placeholder must be filled in), checks the result with ``nginx -t`` and starts
``nginx -g 'daemon off;'`` in the foreground. Run as root, nginx runs as ``nobody`` (the
prefix belongs to it); otherwise as the current user. Nothing of the system's nginx
(``/etc/nginx``, ``/var/log/nginx``, port 80/443) is used, except its ``mime.types``.

The docs template belongs in nginx's ``http`` block; here it is included by a minimal main
configuration that adds what a system nginx.conf would give (the paths) and an access log
whose lines the tests read (:meth:`Nginx.access_log`).
"""
from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import pytest
import requests
from requests.adapters import HTTPAdapter

from tests.support.servers import ROOT, free_port

TEMPLATE = ROOT / "docs" / "nginx" / "jeugdhulp.conf"
PLACEHOLDER = re.compile(r"\$\{([A-Z0-9_]+)\}")
SERVER_NAME = "assistent.test"
# What each access-log line holds (parsed by Nginx.access_log).
LOG_FORMAT = "'$remote_addr $status $upstream_addr \"$request_method $uri\"'"
LOG_LINE = re.compile(r'^(?P<client>\S+) (?P<status>\d{3}) (?P<upstream>\S+) '
                      r'"(?P<method>\S+) (?P<uri>\S+)"$')


def render(template: str, values: Dict[str, str]) -> str:
    """``template`` with the ``${NAME}`` placeholders of ``values`` replaced (what
    ``envsubst`` does with the variables it is given); fails the test when a placeholder
    outside a comment is left."""
    rendered = PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)
    left = sorted({name for line in rendered.splitlines()
                   for name in PLACEHOLDER.findall(line.split("#", 1)[0])})
    if left:
        pytest.fail(f"docs/nginx/jeugdhulp.conf: no value for {left}")
    return rendered


def self_signed_certificate(directory: Path, name: str = SERVER_NAME) -> Dict[str, Path]:
    """A key and a certificate for ``name`` and 127.0.0.1, made by openssl."""
    key, cert = directory / "key.pem", directory / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={name}",
                    "-addext", f"subjectAltName=DNS:{name},IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    key.chmod(0o600)
    return {"key": key, "cert": cert}


@dataclass
class Nginx:
    prefix: Path
    https_port: int
    http_port: int
    certificate: Path
    process: Optional[subprocess.Popen] = None
    config: str = ""
    values: Dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    @property
    def error_log(self) -> Path:
        return self.prefix / "logs" / "error.log"

    def session(self, source: str = "127.0.0.1") -> requests.Session:
        """A client that connects from ``source`` (a loopback address: nginx tells clients
        apart by their address) and trusts only the test certificate."""
        session = requests.Session()
        # Not the environment's CA bundle or proxies (they would win over `verify`).
        session.trust_env = False
        session.verify = str(self.certificate)
        session.mount("https://", SourceAddressAdapter(source))
        session.mount("http://", SourceAddressAdapter(source))
        return session

    def access_log(self) -> List[Dict[str, str]]:
        """The access log's lines, parsed (client, status, upstream, method, uri)."""
        path = self.prefix / "logs" / "access.log"
        if not path.exists():
            return []
        lines = path.read_text(errors="replace").splitlines()
        return [m.groupdict() for m in map(LOG_LINE.match, lines) if m]

    def error_lines(self, needle: str) -> List[str]:
        if not self.error_log.exists():
            return []
        return [line for line in self.error_log.read_text(errors="replace").splitlines()
                if needle in line]

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: nginx's fast shutdown
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


class SourceAddressAdapter(HTTPAdapter):
    """Connections from a chosen local address (any of 127.0.0.0/8 works on loopback)."""

    def __init__(self, source: str, **kwargs) -> None:
        self.source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs) -> None:
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


def _service_user() -> Optional[pwd.struct_passwd]:
    """The unprivileged user nginx runs as when the tests run as root, else None (then it
    runs as the current, unprivileged, user)."""
    return pwd.getpwnam("nobody") if os.geteuid() == 0 else None


def _main_config(prefix: Path, site: Path) -> str:
    mime = Path("/etc/nginx/mime.types")
    temp = prefix / "temp"
    return "\n".join([
        "daemon off;",
        "worker_processes 1;",
        f"pid {prefix / 'nginx.pid'};",
        f"error_log {prefix / 'logs' / 'error.log'} warn;",
        "events { worker_connections 1024; }",
        "http {",
        f"    include {mime};" if mime.exists() else "",
        "    default_type application/octet-stream;",
        f"    log_format jeugdhulp_test {LOG_FORMAT};",
        f"    access_log {prefix / 'logs' / 'access.log'} jeugdhulp_test;",
        *(f"    {kind}_temp_path {temp / kind};"
          for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")),
        f"    include {site};",
        "}",
        "",
    ])


def start_nginx(rasa_servers: List[str], internal_network: str = "127.0.0.0/8",
                timeout: float = 30) -> Nginx:
    """nginx in front of ``rasa_servers`` ("127.0.0.1:5005", two of them), configured by
    docs/nginx/jeugdhulp.conf; REST and the HTTP API open to ``internal_network``."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.fail("nginx is not installed: run `make test` (bot/scripts/"
                    "ensure_system_packages.sh installs the Debian package) or "
                    "`apt-get install nginx`.")
    if len(rasa_servers) != 2:
        pytest.fail("the template names two Rasa servers")
    prefix = Path(tempfile.mkdtemp(prefix="jeugdhulp-nginx-"))
    for sub in ("logs", "temp", "conf"):
        (prefix / sub).mkdir()
    tls = self_signed_certificate(prefix / "conf")
    https_port, http_port = free_port(), free_port()
    values = {
        "SERVER_NAME": SERVER_NAME,
        "HTTPS_LISTEN": f"127.0.0.1:{https_port}",
        "HTTP_LISTEN": f"127.0.0.1:{http_port}",
        "TLS_CERTIFICATE": str(tls["cert"]),
        "TLS_CERTIFICATE_KEY": str(tls["key"]),
        "RASA_SERVER_1": rasa_servers[0],
        "RASA_SERVER_2": rasa_servers[1],
        "INTERNAL_NETWORK": internal_network,
    }
    config = render(TEMPLATE.read_text(encoding="utf-8"), values)
    site = prefix / "conf" / "jeugdhulp.conf"
    site.write_text(config, encoding="utf-8")
    main = prefix / "conf" / "nginx.conf"
    main.write_text(_main_config(prefix, site), encoding="utf-8")
    user = _service_user()
    if user is not None:
        prefix.chmod(0o700)
        for path in [prefix, *prefix.rglob("*")]:
            os.chown(path, user.pw_uid, user.pw_gid)
    command = [binary, "-p", str(prefix), "-e", str(prefix / "logs" / "error.log"),
               "-c", str(main)]
    as_user = dict(user=user.pw_uid, group=user.pw_gid, extra_groups=[]) if user else {}
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=60,
                           **as_user)
    if check.returncode != 0:
        pytest.fail(f"nginx -t refuses the configuration:\n{check.stderr}")
    server = Nginx(prefix, https_port, http_port, tls["cert"], config=config, values=values)
    log = (prefix / "logs" / "stdout.log").open("w")
    server.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                      **as_user)
    deadline = time.monotonic() + timeout
    context = ssl.create_default_context(cafile=str(tls["cert"]))
    while True:
        if server.process.poll() is not None:
            pytest.fail(f"nginx exited with {server.process.returncode}: "
                        f"{server.error_log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", https_port), timeout=1) as raw, \
                    context.wrap_socket(raw, server_hostname="127.0.0.1"):
                return server
        except OSError:
            if time.monotonic() > deadline:
                server.stop()
                pytest.fail(f"nginx did not accept TLS connections within {timeout:.0f} s")
            time.sleep(0.2)


def remove(server: Nginx, keep: Path) -> None:
    """Stops nginx, copies its logs to ``keep`` and removes its prefix."""
    server.stop()
    keep.mkdir(parents=True, exist_ok=True)
    for log in (server.prefix / "logs").glob("*.log"):
        shutil.copy2(log, keep / f"nginx-{log.name}")
    shutil.rmtree(server.prefix, ignore_errors=True)
