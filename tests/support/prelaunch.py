"""Servers started ahead of the tests that need them.

A Rasa server takes 20-60 s to start and an action server 4-10 s, nearly all of it loading
(the model, the libraries); a test that starts its own waits for that. A test module that
starts servers of its own (other settings than the session's ``servers``, or servers it
stops with Ctrl-C) can name them in a module-level function ``prelaunch(pool, items,
request)``: when the session begins, ``launch_ahead`` (an autouse session fixture in
tests/conftest.py) calls it for every module with a selected test. A background thread then
starts them one at a time, each once the one before is ready, in the order of the tests, so
they load while other tests run, without all loading at the same moment.

The module's fixture or test takes its own with :meth:`Prelaunch.take`: the one started
ahead (waiting while it is being started), or, when it was not started yet (or nothing was
started ahead: a run of that one test, say), started there and then. Each is handed out
once and started by the test's own code (the same launcher, the same settings); only the
moment it starts is earlier. What was started ahead and never taken is stopped when the
session ends.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional

import pytest


@dataclass
class _Planned:
    key: str
    start: Callable[[], Any]  # starts it, without waiting for it to be ready
    stop: Callable[[Any], None]
    ready: Optional[Callable[[Any], None]]  # waits until it is ready (must not raise)
    started: Any = None
    done: Optional[threading.Event] = None  # set once started (and ready) by the thread


class Prelaunch:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._planned: Dict[str, _Planned] = {}  # in the order of launch()
        self._thread: Optional[threading.Thread] = None
        self._closing = False
        self.launched: List[str] = []  # keys started ahead, in order

    def launch(self, key: str, start: Callable[[], Any], stop: Callable[[Any], None],
               ready: Optional[Callable[[Any], None]] = None) -> None:
        """Plans ``start()`` for the background thread; ``ready(started)`` is awaited
        before the next one starts; ``stop(started)`` ends it if it is never taken."""
        with self._lock:
            if key in self._planned or self._closing:
                return
            self._planned[key] = _Planned(key, start, stop, ready)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="prelaunch",
                                                daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                waiting = [p for p in self._planned.values() if p.done is None]
                if self._closing or not waiting:
                    self._thread = None
                    return
                plan = waiting[0]
                plan.done = threading.Event()
            try:
                plan.started = plan.start()
                if plan.ready is not None:
                    plan.ready(plan.started)
            except BaseException:  # the test starts its own then, and sees the error
                plan.started = None
            finally:
                plan.done.set()

    def take(self, key: str, start: Callable[[], Any]) -> Any:
        """What was started ahead under ``key`` (once), else ``start()`` now."""
        with self._lock:
            plan = self._planned.pop(key, None)
        if plan is None or plan.done is None:  # nothing planned, or not started yet
            return start()
        plan.done.wait()
        return plan.started if plan.started is not None else start()

    def stop(self) -> None:
        with self._lock:
            self._closing = True
            thread = self._thread
        if thread is not None:
            thread.join(timeout=300)
        with self._lock:
            left, self._planned = list(self._planned.values()), {}
        for plan in left:
            if plan.started is not None:
                try:
                    plan.stop(plan.started)
                except Exception:  # the session ends anyway; the others must still stop
                    pass


def launch_ahead(pool: Prelaunch, request: pytest.FixtureRequest) -> None:
    """Calls ``prelaunch(pool, items, request)`` of every module that has one and a selected
    test (its selected tests as ``items``), in the order of the tests."""
    by_module: Dict[Any, List[pytest.Item]] = {}
    for item in request.session.items:
        module = getattr(item, "module", None)
        if module is not None and callable(getattr(module, "prelaunch", None)):
            by_module.setdefault(module, []).append(item)
    for module, items in by_module.items():
        module.prelaunch(pool, items, request)


def param(item: pytest.Item, name: str, default: Optional[Any] = None) -> Any:
    """A parameter of a parametrized test item (``default`` when it has none)."""
    callspec = getattr(item, "callspec", None)
    return callspec.params.get(name, default) if callspec is not None else default


def servers_ready(timeout: float = 240) -> Callable[[Any], None]:
    """``ready`` for :meth:`Prelaunch.launch` of run.sh's servers (tests.support.servers):
    waits until they say they are ready, have exited, or ``timeout`` passed; never raises
    (the test's own ``wait_ready`` reports what went wrong)."""
    def ready(servers) -> None:
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and servers.process.poll() is None:
            try:
                if servers.ready_text in servers.log.read_text(errors="replace"):
                    return
            except OSError:
                pass
            time.sleep(0.5)
    return ready


def plan_servers(pool: Prelaunch, items: List[pytest.Item], request: pytest.FixtureRequest,
                 fixture: str, key: str, launch: Callable[[Any, str], Any]) -> None:
    """For a module's ``prelaunch``: when a selected test uses ``fixture``, run.sh's servers
    ``launch(tmp_path_factory, kb_url)`` are started ahead under ``key``."""
    if any(fixture in item.fixturenames for item in items):
        from tests.support.servers import stop_servers

        tmp_path_factory = request.getfixturevalue("tmp_path_factory")
        kb_url = request.getfixturevalue("kb_url")
        pool.launch(key, lambda: launch(tmp_path_factory, kb_url), stop_servers,
                    servers_ready())


def take_servers(pool: Prelaunch, key: str, launch: Callable[[Any, str], Any],
                 tmp_path_factory: Any, kb_url: str, timeout: float = 240) -> Any:
    """For the module's fixture: the servers started ahead under ``key`` (else started now),
    once they are ready."""
    return pool.take(key, lambda: launch(tmp_path_factory, kb_url)).wait_ready(timeout)
