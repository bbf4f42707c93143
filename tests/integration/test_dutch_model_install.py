"""bot/scripts/install_dutch_model.sh installs spaCy's nl_core_news_sm only as a file whose
sha256 is pinned, never by name from a package index, and falls back to the project's own
Dutch pipeline when it cannot. Each test runs the real script with the real pip in a
throwaway venv, against a stand-in wheel and a stand-in package index on disk."""
import base64
import hashlib
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.support.servers import free_port

SCRIPT = ROOT / "bot" / "scripts" / "install_dutch_model.sh"
PIN = ROOT / "requirements" / "dutch-model.txt"
NAME = "nl_core_news_sm"


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_wheel(folder: Path, marker: str) -> Path:
    """A minimal valid wheel named like the real model; importing it records ``marker``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{NAME}-3.7.0-py3-none-any.whl"
    info = f"{NAME}-3.7.0.dist-info"
    files = {
        f"{NAME}/__init__.py": f"WHO = {marker!r}\n".encode(),
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {NAME}\nVersion: 3.7.0\n".encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
                         b"Tag: py3-none-any\n",
    }
    record = [_record_line(name, data) for name, data in files.items()] + [f"{info}/RECORD,,"]
    with zipfile.ZipFile(path, "w") as wheel:
        for name, data in files.items():
            wheel.writestr(name, data)
        wheel.writestr(f"{info}/RECORD", "\n".join(record) + "\n")
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("venv") / "v"
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    return folder


@pytest.fixture
def clean_venv(venv):
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "uninstall", "-y", "-q", NAME],
                   capture_output=True)
    return venv


@pytest.fixture
def squatter_index(tmp_path) -> Path:
    """A package index that serves somebody else's nl_core_news_sm 3.7.0 (name squatting)."""
    wheel = build_wheel(tmp_path / "index-files", "squatter")
    project = tmp_path / "index" / "nl-core-news-sm"
    project.mkdir(parents=True)
    (project / "index.html").write_text(
        f'<html><body><a href="{wheel.as_uri()}#sha256={sha256(wheel)}">{wheel.name}</a>'
        "</body></html>")
    return tmp_path / "index"


def pin_file(tmp_path: Path, url: str, sha: str) -> Path:
    path = tmp_path / "dutch-model.txt"
    path.write_text(f"url={url}\nsha256={sha}\n")
    return path


def run(venv: Path, index: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(venv.parent), "VENV": str(venv),
                   "PIP_INDEX_URL": index.as_uri(), "PIP_EXTRA_INDEX_URL": "",
                   "PIP_FIND_LINKS": "", "PIP_CONFIG_FILE": "/dev/null",
                   "PIP_DISABLE_PIP_VERSION_CHECK": "1", **env}
    return subprocess.run(["bash", str(SCRIPT)], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=180)


def installed_marker(venv: Path):
    probe = subprocess.run([str(venv / "bin" / "python"), "-c",
                            f"import {NAME}; print({NAME}.WHO)"], capture_output=True, text=True)
    return probe.stdout.strip() if probe.returncode == 0 else None


def test_the_committed_pin_names_the_release_page_and_a_sha256_or_nothing():
    text = PIN.read_text()
    url = [line for line in text.splitlines() if line.startswith("url=")]
    sha = [line for line in text.splitlines() if line.startswith("sha256=")]
    assert url == ["url=https://github.com/explosion/spacy-models/releases/download/"
                   "nl_core_news_sm-3.7.0/nl_core_news_sm-3.7.0-py3-none-any.whl"]
    assert len(sha) == 1 and (sha[0] == "sha256=" or len(sha[0]) == len("sha256=") + 64)


def test_a_package_of_that_name_on_the_index_is_never_installed(clean_venv, squatter_index,
                                                                tmp_path):
    dead = f"http://127.0.0.1:{free_port()}/{NAME}-3.7.0-py3-none-any.whl"
    for pin in (PIN, pin_file(tmp_path, dead, "a" * 64)):
        result = run(clean_venv, squatter_index, NL_MODEL_PIN=str(pin))
        assert result.returncode == 0, result.stderr
        assert installed_marker(clean_venv) is None, result.stdout + result.stderr
        assert "project's own Dutch pipeline" in result.stdout


def test_a_wheel_with_another_sha256_is_refused(clean_venv, squatter_index, tmp_path):
    wheel = build_wheel(tmp_path / "download", "tampered")
    pin = pin_file(tmp_path, "", "0" * 64)
    result = run(clean_venv, squatter_index, NL_MODEL_PIN=str(pin), NL_MODEL_WHEEL=str(wheel))
    assert result.returncode == 0
    assert "REFUSED" in result.stderr and "not the pinned one" in result.stderr
    assert installed_marker(clean_venv) is None
    assert "project's own Dutch pipeline" in result.stdout


def test_a_wheel_with_the_pinned_sha256_is_installed(clean_venv, squatter_index, tmp_path):
    wheel = build_wheel(tmp_path / "download", "release")
    pin = pin_file(tmp_path, "", sha256(wheel))
    result = run(clean_venv, squatter_index, NL_MODEL_PIN=str(pin), NL_MODEL_WHEEL=str(wheel))
    assert result.returncode == 0, result.stderr
    assert installed_marker(clean_venv) == "release"
    assert "installed" in result.stdout
    again = run(clean_venv, squatter_index, NL_MODEL_PIN=str(pin))
    assert "is installed" in again.stdout


def test_nothing_reachable_falls_back_quickly(clean_venv, squatter_index, tmp_path):
    dead = f"http://127.0.0.1:{free_port()}/{NAME}-3.7.0-py3-none-any.whl"
    pin = pin_file(tmp_path, dead, "b" * 64)
    started = time.monotonic()
    result = run(clean_venv, squatter_index, NL_MODEL_PIN=str(pin),
                 NL_MODEL_WHEEL=str(tmp_path / "missing.whl"))
    assert result.returncode == 0
    assert time.monotonic() - started < 120  # the script's own timeout is 60 s per attempt
    assert "is not a file" in result.stderr
    assert "could not be installed" in result.stdout
    assert installed_marker(clean_venv) is None
