"""Set-up scripts: finding a Python for Rasa, and the README's promise."""
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT

FIND = ROOT / "bot" / "scripts" / "find_python.sh"


def run_find(env):
    return subprocess.run([shutil.which("bash"), str(FIND)], env=env, capture_output=True,
                          text=True)


def fake_python(path: Path, works: bool) -> Path:
    """A stand-in interpreter: the script only runs it to ask whether it is 3.8-3.10 (the
    exit code answers), so the tests do not depend on which Pythons this machine has."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\nexit {0 if works else 1}\n")
    path.chmod(0o755)
    return path


def tools(tmp_path: Path) -> str:
    """A PATH with only the tools the script uses (no Python of the host on it)."""
    folder = tmp_path / "tools"
    folder.mkdir(exist_ok=True)
    for tool in ("ls", "sort", "cat"):
        target = folder / tool
        if not target.exists():
            target.symlink_to(shutil.which(tool))
    return str(folder)


def test_finds_a_python_310_under_pyenv_even_when_a_shim_does_not_select_it(tmp_path):
    root = tmp_path / "pyenv"
    fake_python(root / "versions" / "3.10.9" / "bin" / "python3.10", works=True)
    newest = fake_python(root / "versions" / "3.10.13" / "bin" / "python3.10", works=True)
    shim = fake_python(tmp_path / "shims" / "python3.10", works=False)  # not selected
    result = run_find({"PATH": f"{shim.parent}:{tools(tmp_path)}", "HOME": str(tmp_path),
                       "PYENV_ROOT": str(root)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(newest)


def test_a_working_python_310_on_the_path_comes_first(tmp_path):
    on_path = fake_python(tmp_path / "bin" / "python3.10", works=True)
    fake_python(tmp_path / "pyenv" / "versions" / "3.10.13" / "bin" / "python3.10", works=True)
    result = run_find({"PATH": f"{on_path.parent}:{tools(tmp_path)}", "HOME": str(tmp_path),
                       "PYENV_ROOT": str(tmp_path / "pyenv")})
    assert result.returncode == 0 and result.stdout.strip() == str(on_path)


def test_rejects_a_python_rasa_cannot_run_on(tmp_path):
    python311 = fake_python(tmp_path / "bin" / "python3.11", works=False)
    result = run_find({"PATH": tools(tmp_path), "HOME": str(tmp_path), "PYTHON": str(python311)})
    assert result.returncode == 1
    assert "not a working Python 3.8-3.10" in result.stderr


def test_explains_how_to_get_python_when_there_is_none(tmp_path):
    result = run_find({"PATH": tools(tmp_path), "HOME": str(tmp_path),
                       "PYENV_ROOT": str(tmp_path)})
    assert result.returncode == 1
    assert "No Python 3.10 found" in result.stderr
    assert "pyenv install 3.10" in result.stderr


def test_the_tests_run_on_a_python_rasa_supports():
    import sys

    assert (3, 8) <= sys.version_info[:2] <= (3, 10)


def test_readme_starts_with_the_two_commands():
    lines = [l.strip() for l in (ROOT / "README.md").read_text().splitlines() if l.strip()]
    code = [l for l in lines[:12] if l.startswith("make ")]
    assert code[:2] == ["make run", "make test"]


def test_run_says_so_when_a_port_is_taken(tmp_path):
    """`make run` next to a running assistant: a clear message at once, not a traceback."""
    import os
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "RUN_SERVERS": "actions", "ACTION_PORT": str(port),
               "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.sqlite3'}"}
        for name in ("JEUGDHULP_PROFILE", "LOCK_STORE_URL", "EVENT_BROKER_URL"):
            env.pop(name, None)
        result = subprocess.run(["bash", str(ROOT / "bot" / "scripts" / "run.sh")], env=env,
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"Poort {port} (actieserver) is al in gebruik" in result.stderr
    assert "ACTION_PORT=" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_run_leaves_out_the_libraries_start_up_warnings():
    import sys

    noise = ("/v/site-packages/pkg_resources/__init__.py:3117: DeprecationWarning: Deprecated "
             "call to `pkg_resources.declare_namespace('ruamel')`.\n"
             "Implementing implicit namespace packages (as specified in PEP 420) is preferred\n"
             "  declare_namespace(pkg)\n"
             "2026-12-01 INFO     root  - Rasa server is up and running.\n"
             "/v/site-packages/sanic_cors/extension.py:39: DeprecationWarning: distutils\n"
             "  SANIC_VERSION = LooseVersion(sanic_version)\n"
             "Traceback (most recent call last):\n"
             "  File \"x.py\", line 1\n")
    result = subprocess.run([sys.executable, str(ROOT / "bot" / "scripts" / "quiet_warnings.py")],
                            input=noise, capture_output=True, text=True, timeout=30)
    assert result.stdout.splitlines() == [
        "2026-12-01 INFO     root  - Rasa server is up and running.",
        "Traceback (most recent call last):", '  File "x.py", line 1']
