"""`make shell`: the terminal chat in a real pseudo-terminal (bot/scripts/shell.sh), Dutch,
buttons as numbered choices that a typed number picks, /stop ends it."""
from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import time

import pytest

from jeugdhulp.channels.terminal import choose, format_reply
from tests.conftest import MODEL, ROOT

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r")


def test_a_number_picks_a_button_anything_else_is_sent_as_typed():
    buttons = [{"title": "Eerste gesprek", "payload": "/ask_first_contact"},
               {"title": "Optie 2", "payload": '/quiz_answer{"choice": "1.2"}'}]
    assert choose("1", buttons) == ("/ask_first_contact", "Eerste gesprek")
    assert choose(" 2 ", buttons) == ('/quiz_answer{"choice": "1.2"}', "Optie 2")
    assert choose("3", buttons) == ("3", None)  # no such button: the text itself
    assert choose("8", []) == ("8", None)
    assert choose("MST-CAN?", buttons) == ("MST-CAN?", None)


def test_answers_are_wrapped_and_buttons_numbered():
    text, buttons = format_reply([
        {"text": "Lead:\n\n  * “" + "woord " * 40 + "”"},
        {"text": "Bron: X", "buttons": [{"title": "Meer", "payload": "meer"}]}], width=60)
    lines = text.splitlines()
    assert all(len(line) <= 60 for line in lines)
    assert lines[2].startswith("  * “") and lines[3].startswith("    woord")
    assert lines[-1] == "  1. Meer" and buttons == [{"title": "Meer", "payload": "meer"}]


class Terminal:
    def __init__(self, command, env):
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=slave,
                                        stdout=slave, stderr=slave, start_new_session=True)
        os.close(slave)
        self.seen = ""

    def expect(self, pattern: str, timeout: float = 60, keep: bool = False) -> str:
        """What the screen showed until ``pattern`` appeared (forgotten then, unless
        ``keep``: the next expect sees it again)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if re.search(pattern, self.seen, re.DOTALL):
                found = self.seen
                if not keep:
                    self.seen = ""
                return found
            ready, _, _ = select.select([self.master], [], [], 0.5)
            if ready:
                try:
                    self.seen += ANSI.sub("", os.read(self.master, 65536).decode("utf-8",
                                                                                "replace"))
                except OSError:
                    break
        raise AssertionError(f"no {pattern!r} within {timeout} s; screen: {self.seen[-2000:]}")

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\r")

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, 9)
            self.process.wait()
        os.close(self.master)


def _start_shell(kb_url: str) -> Terminal:
    """`make shell` (bot/scripts/shell.sh) in a pseudo-terminal; does not wait."""
    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: run the tests through `make test`.")
    env = {**os.environ, "DATABASE_URL": kb_url, "TERM": "xterm", "COLUMNS": "100",
           "PROMPT_TOOLKIT_NO_CPR": "1",
           "LINES": "40"}
    return Terminal(["bash", str(ROOT / "bot" / "scripts" / "shell.sh")], env)


def _until_prompt(terminal: Terminal) -> None:
    """Reads what the terminal shows until its first prompt, keeping it for the test."""
    try:
        terminal.expect(r"Jij ›", timeout=240, keep=True)
    except AssertionError:
        pass  # the test's own expect reports it


def prelaunch(pool, items, request):
    """`make shell` is started ahead (tests/support/prelaunch.py); what it shows until its
    first prompt is kept for the test."""
    if any(item.originalname == "test_make_shell_is_a_dutch_chat_with_numbered_choices"
           for item in items):
        kb_url = request.getfixturevalue("kb_url")
        pool.launch("make-shell", lambda: _start_shell(kb_url), Terminal.close, _until_prompt)


@pytest.mark.server
def test_make_shell_is_a_dutch_chat_with_numbered_choices(kb_url, prelaunched):
    terminal = prelaunched.take("make-shell", lambda: _start_shell(kb_url))
    try:
        intro = terminal.expect(r"Jij ›", timeout=180)
        assert "De assistent is klaar" in intro and "Your input" not in intro
        terminal.type("hoi")
        greeting = terminal.expect(r"3\. Wat kun je\?.*Jij ›")
        assert "1. Eerste gesprek in een gedwongen kader" in greeting
        terminal.type("1")  # the first button
        answer = terminal.expect(r"Bron: Richtlijn Gezinnen met meervoudige.*Jij ›")
        assert "→ Eerste gesprek in een gedwongen kader" in answer
        assert "persoonlijk, transparant, eerlijk" in " ".join(answer.split())  # wrapped
        terminal.type("MST-CAN?")  # typed straight away after an answer with buttons
        assert "6–17 jaar" in terminal.expect(r"Waar staat dat\?.*Jij ›")
        terminal.type("/stop")
        terminal.expect(r"Tot ziens")
        assert terminal.process.wait(timeout=60) == 0
    finally:
        terminal.close()
