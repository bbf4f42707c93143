"""make test's runner (tests/run_suites.py) with real child processes: the parts run side by
side, a failing part fails the whole run and its log's tail is shown, Ctrl-C stops them."""
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from tests import run_suites


@pytest.fixture
def logs(tmp_path, monkeypatch):
    monkeypatch.setattr(run_suites, "LOGS", tmp_path)
    monkeypatch.setattr(run_suites, "ROOT", tmp_path)
    monkeypatch.setattr(run_suites, "PRODUCTION_FIGURES", tmp_path / "production.txt")
    return tmp_path


def part(name, script):
    return run_suites.Part(name, ["sh", "-c", script], f"the {name} part")


def test_parts_run_side_by_side_and_all_pass(logs, capsys):
    # Each part waits until the other one has started: only side by side can both finish.
    a = part("a", f"touch {logs}/a; while [ ! -e {logs}/b ]; do sleep 0.1; done; "
                  "echo '==== 3 passed in 0.20s ===='")
    b = part("b", f"touch {logs}/b; while [ ! -e {logs}/a ]; do sleep 0.1; done; echo done")
    assert run_suites.run([a, b], jobs=2) == 0
    out = capsys.readouterr().out
    assert ">> a: passed" in out and "(3 passed)" in out
    assert ">> b: passed" in out and "all passed" in out
    assert (logs / "test-b.log").read_text() == "done\n"


def test_one_job_runs_the_parts_one_after_the_other(logs, capsys):
    a = part("a", f"test ! -e {logs}/b && touch {logs}/a")
    b = part("b", f"test -e {logs}/a && touch {logs}/b")
    assert run_suites.run([a, b], jobs=1) == 0
    out = capsys.readouterr().out
    assert out.index(">> a: passed") < out.index(">> b: started")


def test_a_failing_part_fails_the_run_and_shows_its_log(logs, capsys):
    ok = part("ok", "echo fine")
    bad = part("bad", "echo 'E   assert 1 == 2'; echo '==== 1 failed, 2 passed in 1.00s ===='; "
                      "exit 1")
    assert run_suites.run([ok, bad], jobs=2) == 1
    out = capsys.readouterr().out
    assert ">> bad: FAILED" in out and "(1 failed, 2 passed)" in out
    assert "---- bad failed" in out and "E   assert 1 == 2" in out
    assert "SOME FAILED" in out
    assert "---- ok failed" not in out


def test_unknown_part_is_refused(capsys):
    assert run_suites.main(["--only", "checks,nonsense"]) == 2
    assert "Unknown part(s): nonsense" in capsys.readouterr().out


def test_ctrl_c_stops_every_part_and_its_children(tmp_path):
    """The runner in a process of its own: SIGINT stops it with 130, and the parts' child
    processes (their own process groups) are gone afterwards."""
    pids = tmp_path / "pids"
    script = textwrap.dedent(f"""
        import sys
        from tests import run_suites
        run_suites.LOGS = run_suites.ROOT = __import__("pathlib").Path({str(tmp_path)!r})
        parts = [run_suites.Part(n, ["sh", "-c", "sleep 300 & echo $! >> {pids}; wait"], n)
                 for n in ("x", "y")]
        sys.exit(run_suites.run(parts, jobs=2))
    """)
    # As from a terminal: SIGINT not ignored, even when this test runs under a job that
    # ignores it (a background `make test`), which the runner would inherit.
    runner = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                              text=True, cwd=str(run_suites.Path(run_suites.__file__).parents[1]),
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (not pids.exists() or
                                           len(pids.read_text().split()) < 2):
        time.sleep(0.1)
    children = [int(p) for p in pids.read_text().split()]
    assert len(children) == 2
    runner.send_signal(signal.SIGINT)
    out, _ = runner.communicate(timeout=60)
    assert runner.returncode == 130
    assert "Stopping every part" in out
    for pid in children:
        with pytest.raises(ProcessLookupError):
            for _ in range(50):
                os.kill(pid, 0)
                time.sleep(0.1)
