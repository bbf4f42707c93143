"""What every production test gets from the session's stack (tests/support/production_stack.py):

* ``restores_stack``: for a test that takes part of the stack away (a fault). Afterwards,
  passed or failed, everything is started again and the stack must pass its health check
  (every part answers, and each Rasa server answers, stores and brokers a message) before
  the next test runs: no test sees another test's fault.
* When a test fails, the lines the servers (Rasa, the action server, PostgreSQL, Redis)
  logged during it are printed with the failure and kept in var/logs/production/.
"""
from __future__ import annotations

from typing import Dict

import pytest

from tests.support.production_stack import ProductionStack, current_stack, production_stack

_LOG_SIZES = pytest.StashKey[Dict]()


@pytest.fixture
def restores_stack(request) -> ProductionStack:
    stack = production_stack(request.config)
    yield stack
    stack.restore()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    stack = current_stack(item.config)
    item.stash[_LOG_SIZES] = stack.log_sizes() if stack else {}
    yield
    # A stack started by this test's fixtures: its logs so far are the start-up.
    if stack is None and current_stack(item.config) is not None:
        item.stash[_LOG_SIZES] = current_stack(item.config).log_sizes()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    stack = current_stack(item.config)
    if not report.failed or stack is None:
        return
    try:
        lines = stack.log_lines_since(item.stash.get(_LOG_SIZES, {}))
        kept = stack.keep_failure_log(item.nodeid, f"##### {item.nodeid} ({report.when})\n"
                                                   f"{lines}")
    except Exception as error:  # never hide the test's own failure
        lines, kept = f"(the server logs could not be read: {error!r})", None
    report.sections.append((f"server log lines during the test ({report.when}; kept in "
                            f"var/logs/production/{kept.name if kept else '-'})", lines))
