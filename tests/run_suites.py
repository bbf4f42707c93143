"""`make test`'s parts, run side by side: the checks (the dependency audit, the data and
content checks, the conversation tests), the integration tests, the unit tests and the
production suite.

    python -m tests.run_suites [--jobs N] [--random-order]
                               [--only checks,integration,unit,production]

Much of the suite's time is waiting (servers loading, a browser, a lock that must expire,
a flood held off by nginx, Ctrl-C handling): measured on two cores, the integration part
keeps 0.65 of a core busy, the production part 0.4, the checks 0.6; only the unit tests use
a whole one. So all four parts run at once by default, longest first. Each part writes its
output to var/logs/test-<part>.log; this prints a line when a part starts and ends, every
30 s which parts are still running (with pytest's progress), and at the end the summary of
every part, with the tail of the log of a part that failed. The exit code is 1 when any
part failed, 130 after Ctrl-C (every part is stopped then).

--jobs (default: TEST_JOBS, else all the parts) is how many parts run at once; --jobs 1
runs them one after the other, as before.
"""
from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parents[1]
LOGS = ROOT / "var" / "logs"
PRODUCTION_FIGURES = ROOT / "results" / "production.txt"
PROGRESS = re.compile(r"\[\s*(\d+)%\]")
SUMMARY = re.compile(r"^=+ (.*(passed|failed|error|no tests ran).*) in [\d.]+s.*=+$", re.M)
TAIL_LINES = 60


@dataclass
class Part:
    name: str
    command: List[str]
    what: str
    process: Optional[subprocess.Popen] = None
    started: float = 0.0
    seconds: float = 0.0
    code: Optional[int] = None
    log: Path = field(default=Path())
    show_tail: int = 0  # lines of a passed part's log to repeat in the summary


def parts(random_order: bool) -> Dict[str, Part]:
    python = sys.executable
    order = ["--random-order"] if random_order else []
    return {
        # -k: a failed audit does not keep the other checks from running (the part fails).
        "checks": Part("checks", ["make", "--no-print-directory", "-k", "audit", "test-checks"],
                       "dependency audit, rasa data validate, knowledge check, conversation "
                       "tests (rasa test)",
                       show_tail=4),  # test-checks ends with the conversation tests' figures
        "integration": Part("integration", [python, "-m", "pytest", "tests/integration",
                                            "--basetemp", "/tmp/jeugdhulp-pytest-integration",
                                            *order],
                            "integration tests: Rasa servers, channels, browser, run.sh"),
        "unit": Part("unit", [python, "-m", "pytest", "--ignore=tests/production",
                              "--ignore=tests/integration",
                              "--basetemp", "/tmp/jeugdhulp-pytest-unit", *order],
                     "unit tests and the evaluation tools' tests"),
        "production": Part("production", [python, "-m", "pytest", "tests/production",
                                          "--basetemp", "/tmp/jeugdhulp-pytest-production",
                                          *order],
                           "production suite: PostgreSQL, Redis, nginx, 2 Rasa servers"),
    }


ALL_AT_ONCE = 4  # every part (see the module docstring)
POLL_SECONDS = 0.2  # how often the runner looks whether a part has ended


def default_jobs() -> int:
    env = os.environ.get("TEST_JOBS", "").strip()
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            print(f"TEST_JOBS={env!r} is not a number; running every part at once.")
    return ALL_AT_ONCE


def progress(part: Part) -> str:
    try:
        text = part.log.read_text(encoding="utf-8", errors="replace")[-4000:]
    except OSError:
        return ""
    found = PROGRESS.findall(text)
    return f" {found[-1]}%" if found else ""


def start(part: Part) -> None:
    part.log = LOGS / f"test-{part.name}.log"
    handle = open(part.log, "w", encoding="utf-8")
    part.started = time.monotonic()
    # A process group of its own, so that Ctrl-C or a failure stops its servers too.
    part.process = subprocess.Popen(part.command, cwd=ROOT, stdout=handle,
                                    stderr=subprocess.STDOUT, start_new_session=True)
    handle.close()
    print(f">> {part.name}: started ({part.what}); log: {part.log.relative_to(ROOT)}",
          flush=True)


def finish(part: Part, code: int) -> None:
    part.code = code
    part.seconds = time.monotonic() - part.started
    text = part.log.read_text(encoding="utf-8", errors="replace")
    found = SUMMARY.findall(text)
    result = found[-1][0] if found else ("ok" if code == 0 else f"exit {code}")
    mark = "passed" if code == 0 else "FAILED"
    print(f">> {part.name}: {mark} in {part.seconds:.0f} s ({result})", flush=True)


def stop_all(running: List[Part]) -> None:
    for part in running:
        if part.process and part.process.poll() is None:
            try:
                os.killpg(part.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + 20
    for part in running:
        if part.process:
            try:
                part.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(part.process.pid, signal.SIGKILL)


def report(done: List[Part]) -> int:
    failed = [p for p in done if p.code != 0]
    for part in failed:
        lines = part.log.read_text(encoding="utf-8", errors="replace").splitlines()
        print(f"\n---- {part.name} failed; the last {TAIL_LINES} lines of "
              f"{part.log.relative_to(ROOT)} ----")
        print("\n".join(lines[-TAIL_LINES:]))
    for part in done:
        if part.code == 0 and part.show_tail:
            lines = part.log.read_text(encoding="utf-8", errors="replace").splitlines()
            print(f"\n{part.name}:\n" + "\n".join(lines[-part.show_tail:]))
    if PRODUCTION_FIGURES.exists() and any(p.name == "production" for p in done):
        print("\n" + PRODUCTION_FIGURES.read_text(encoding="utf-8").rstrip())
    print("\nParts:")
    for part in done:
        print(f"  {part.name:<11} {'passed' if part.code == 0 else 'FAILED':<7} "
              f"{part.seconds:5.0f} s")
    return 1 if failed else 0


def run(selected: List[Part], jobs: int) -> int:
    LOGS.mkdir(parents=True, exist_ok=True)
    if any(p.name == "production" for p in selected):
        PRODUCTION_FIGURES.unlink(missing_ok=True)
    began = time.monotonic()
    waiting, running, done = list(selected), [], []
    last_note = time.monotonic()
    try:
        while waiting or running:
            while waiting and len(running) < jobs:
                part = waiting.pop(0)
                start(part)
                running.append(part)
            time.sleep(POLL_SECONDS)
            for part in list(running):
                code = part.process.poll()
                if code is not None:
                    finish(part, code)
                    running.remove(part)
                    done.append(part)
            if running and time.monotonic() - last_note >= 30:
                last_note = time.monotonic()
                busy = ", ".join(f"{p.name}{progress(p)} ({time.monotonic() - p.started:.0f} s)"
                                 for p in running)
                print(f"   still running: {busy}", flush=True)
    except KeyboardInterrupt:
        print("\nStopping every part ...", flush=True)
        stop_all(running)
        return 130
    code = report(done)
    print(f"All parts took {time.monotonic() - began:.0f} s "
          f"({jobs} at a time); {'all passed' if code == 0 else 'SOME FAILED'}.")
    return code


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--random-order", action="store_true")
    parser.add_argument("--only", default="checks,integration,unit,production",
                        help="comma-separated parts (checks, integration, unit, production)")
    args = parser.parse_args(argv)
    available = parts(args.random_order)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in available]
    if unknown or not names:
        print(f"Unknown part(s): {', '.join(unknown) or '(none given)'}; "
              f"choose from {', '.join(available)}.")
        return 2
    jobs = args.jobs if args.jobs and args.jobs > 0 else default_jobs()
    # The longest parts first (with TEST_JOBS below 4), so that none waits last: measured
    # two at a time, integration and production about 4.5 minutes each, unit 2.5, the
    # checks with the audit about 1.
    order = ["integration", "production", "unit", "checks"]
    selected = [available[n] for n in order if n in names]
    return run(selected, jobs)


if __name__ == "__main__":
    sys.exit(main())
