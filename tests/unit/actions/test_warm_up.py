"""The action server loads the knowledge index when it starts (importing the actions), so
the first user does not wait for it; without a readable database it still starts."""
import os
import subprocess
import sys

from tests.conftest import ROOT

PROBE = ("import actions; from jeugdhulp.knowledge import index; "
         "print(len(index._cache), sorted(len(i.records) > 100 for i in index._cache.values()))")


def run(env_extra):
    env = {**os.environ, "PYTHONPATH": str(ROOT), **env_extra}
    return subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_importing_the_actions_loads_the_index(kb_url):
    result = run({"DATABASE_URL": kb_url})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split("\n")[0] == "1 [True]"


def test_without_a_database_the_actions_still_load(tmp_path):
    result = run({"DATABASE_URL": f"sqlite:///{tmp_path / 'missing' / 'kb.sqlite3'}"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split("\n")[0] == "0 []"
    assert "knowledge base not loaded at start" in result.stderr
