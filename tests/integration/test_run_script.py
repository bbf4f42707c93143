"""`make run`'s launcher (bot/scripts/run.sh) and Ctrl-C.

A terminal's Ctrl-C sends SIGINT to the launcher and both servers at the same moment, so a
server can finish before the launcher's trap has run. And a launcher started with SIGINT
ignored (as a background job of a non-interactive shell: CI runners) cannot trap it at all
unless it resets the signal. Either way the user pressed Ctrl-C and must read "Stopped."
and get exit code 0, never "a server stopped unexpectedly". These tests start their own
servers (never the session's), several times, in both orders.

Each test's run.sh is started ahead (``prelaunch`` below, tests/support/prelaunch.py):
the ten launchers load in the background while other tests run, instead of here while
nothing else happens. Each test still gets a run.sh of its own, started as
before; it waits until that one is ready and then does what it did.
"""
import os
import signal
import time

import pytest

from tests.support.prelaunch import param, servers_ready
from tests.support.servers import (free_ports, launch_servers, port_open, server_pids,
                                   stop_servers)

pytestmark = pytest.mark.server

REPEATS = 4
# How each test starts run.sh: (RUN_SERVERS, started with SIGINT ignored); None: the test's
# ``sigint_ignored`` parameter.
LAUNCHES = {
    "test_ctrl_c_to_the_group_ends_cleanly": ("actions", None),
    "test_ctrl_c_ends_cleanly_when_a_server_exits_first": ("actions", True),
    "test_a_server_that_really_stops_is_reported": ("actions", False),
    "test_ctrl_c_stops_both_servers": ("both", True),
}


def _launch(item, tmp_dir, kb_url, ports=(None, None)):
    role, sigint_ignored = LAUNCHES[item.originalname]
    if sigint_ignored is None:
        sigint_ignored = param(item, "sigint_ignored")
    return launch_servers(tmp_dir, {"DATABASE_URL": kb_url}, role=role,
                          sigint_ignored=sigint_ignored, rasa_port=ports[0],
                          action_port=ports[1])


def prelaunch(pool, items, request):
    """Every selected test's run.sh, started when the session begins."""
    items = [i for i in items if i.originalname in LAUNCHES]
    if not items:
        return
    kb_url = request.getfixturevalue("kb_url")
    tmp_dir = request.getfixturevalue("tmp_path_factory").mktemp("run-script")
    for item in items:
        # The ports are taken when the server starts, not when the session does: a port
        # kept free for minutes was once taken by another part's connection.
        pool.launch(item.nodeid, lambda i=item: _launch(i, tmp_dir, kb_url, free_ports(2)),
                    stop_servers, servers_ready())


def _own_servers(request, prelaunched, tmp_path, kb_url, timeout):
    """This test's run.sh (started ahead, or now), once it says it is ready."""
    item = request.node
    return prelaunched.take(item.nodeid, lambda: _launch(item, tmp_path, kb_url)
                            ).wait_ready(timeout)


def _assert_clean_stop(servers, code):
    log = servers.log.read_text(errors="replace")
    assert code == 0, log[-2000:]
    assert "Stopped." in log
    assert "unexpectedly" not in log
    assert not port_open(servers.action_port)
    assert not port_open(servers.rasa_port)


def _wait_until(condition, timeout=30.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("round_", range(REPEATS))
@pytest.mark.parametrize("sigint_ignored", [False, True], ids=["terminal", "ci-job"])
def test_ctrl_c_to_the_group_ends_cleanly(request, prelaunched, tmp_path, kb_url, round_,
                                          sigint_ignored):
    servers = _own_servers(request, prelaunched, tmp_path, kb_url, 120)
    try:
        assert port_open(servers.action_port)
        _assert_clean_stop(servers, servers.interrupt(timeout=40))
    finally:
        stop_servers(servers)


@pytest.mark.parametrize("round_", range(REPEATS))
def test_ctrl_c_ends_cleanly_when_a_server_exits_first(request, prelaunched, tmp_path, kb_url,
                                                       round_):
    """The race made explicit: the server gets SIGINT and is gone before the launcher
    gets it (as when the launcher is not scheduled in time on a busy machine)."""
    servers = _own_servers(request, prelaunched, tmp_path, kb_url, 120)
    try:
        pids = server_pids(servers)
        assert pids, "no action server process found"
        for pid in pids:
            os.kill(pid, signal.SIGINT)
        assert _wait_until(lambda: not any(os.path.exists(f"/proc/{p}") and
                                           "zombie" not in _state(p) for p in pids))
        _assert_clean_stop(servers, servers.interrupt(timeout=40))
    finally:
        stop_servers(servers)


def _state(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            return status.read().lower()
    except OSError:
        return "zombie"


def test_a_server_that_really_stops_is_reported(request, prelaunched, tmp_path, kb_url):
    """Without Ctrl-C, a server that dies is a failure: exit code 1 and a message."""
    servers = _own_servers(request, prelaunched, tmp_path, kb_url, 120)
    try:
        for pid in server_pids(servers):
            os.kill(pid, signal.SIGKILL)
        assert servers.process.wait(timeout=40) == 1
        log = servers.log.read_text(errors="replace")
        assert "A server stopped unexpectedly" in log
        assert not port_open(servers.action_port)
    finally:
        stop_servers(servers)


def test_ctrl_c_stops_both_servers(request, prelaunched, tmp_path, kb_url):
    """Rasa and the action server, started as `make run` starts them from a CI job."""
    servers = _own_servers(request, prelaunched, tmp_path, kb_url, 240)
    try:
        assert port_open(servers.rasa_port) and port_open(servers.action_port)
        _assert_clean_stop(servers, servers.interrupt(timeout=40))
    finally:
        stop_servers(servers)
