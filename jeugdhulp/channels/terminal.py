"""The terminal chat of `make shell`, in Dutch, with buttons as numbered choices.

Rasa's console (``rasa.core.channels.console.record_messages``) greets in English ("Bot
loaded. Type a message ...", "Your input ->") and turns every answer with buttons into a
menu to pick from with the arrow keys: a question typed straight away is lost, and the
text of the answer is shown as the menu's title. Here an answer is printed whole, its
buttons as a numbered list under it, and the prompt always takes text: a number picks a
button, anything else is a question. ``TerminalChannel`` (jeugdhulp/channels/inputs.py) installs
this loop in place of Rasa's.
"""
from __future__ import annotations

import shutil
import textwrap
from typing import Any, Dict, List, Optional, Sequence, Tuple

from jeugdhulp import messages as texts

EXIT_COMMANDS = ("/stop", "/exit", "/quit")
INTRO = texts.message("channels.terminal.intro")
PROMPT = texts.message("channels.terminal.prompt")
NO_ANSWER = texts.message("channels.terminal.no_answer")


def choose(text: str, buttons: Sequence[Dict[str, Any]]) -> Tuple[str, Optional[str]]:
    """What to send for a typed line: a number picks the button with that number (its
    payload, and its title to show); anything else is sent as it is."""
    stripped = text.strip()
    if stripped.isdigit() and buttons:
        number = int(stripped)
        if 1 <= number <= len(buttons):
            button = buttons[number - 1]
            return str(button.get("payload") or button.get("title") or stripped), \
                str(button.get("title") or "")
    return stripped, None


def format_reply(messages: Sequence[Dict[str, Any]], width: int) -> Tuple[str, List[Dict]]:
    """The bot's messages as terminal text (long lines wrapped, list items indented) and
    the buttons of the last message that has any."""
    width = max(40, min(width, 110))
    lines: List[str] = []
    buttons: List[Dict[str, Any]] = []
    for message in messages:
        for paragraph in str(message.get("text") or "").splitlines():
            if not paragraph.strip():
                lines.append("")
                continue
            indent = len(paragraph) - len(paragraph.lstrip(" "))
            bullet = paragraph.lstrip(" ")[:2] in ("* ", "- ", "• ")
            lines.extend(textwrap.wrap(paragraph, width=width,
                                       subsequent_indent=" " * (indent + (2 if bullet else 0)),
                                       break_long_words=False, break_on_hyphens=False)
                         or [paragraph])
        if message.get("image"):
            lines.append(f"Afbeelding: {message['image']}")
        if message.get("buttons"):
            buttons = list(message["buttons"])
    if buttons:
        lines.append("")
        lines.extend(f"  {i}. {b.get('title', '')}" for i, b in enumerate(buttons, 1))
    return "\n".join(lines).strip("\n"), buttons


async def record_messages(
    sender_id: str,
    server_url: str = "http://localhost:5005",
    auth_token: str = "",
    max_message_limit: Optional[int] = None,
    use_response_stream: bool = True,
    request_timeout: Optional[int] = None,
) -> int:
    """Reads questions from the terminal and prints the answers, until /stop or Ctrl-D.
    Same signature as Rasa's ``console.record_messages``, which it replaces."""
    import asyncio

    from prompt_toolkit import PromptSession
    from prompt_toolkit.patch_stdout import patch_stdout
    from rasa.core.channels.console import send_message_receive_block

    print(INTRO, flush=True)
    session: PromptSession = PromptSession()
    buttons: List[Dict[str, Any]] = []
    count = 0
    await asyncio.sleep(0.5)  # let the server start listening
    while max_message_limit is None or count < max_message_limit:
        try:
            with patch_stdout():
                line = await session.prompt_async(PROMPT)
        except (EOFError, KeyboardInterrupt):
            break
        if line.strip().lower() in EXIT_COMMANDS:
            break
        if not line.strip():
            continue
        message, shown = choose(line, buttons)
        if shown:
            print(f"   → {shown}", flush=True)
        try:
            replies = await send_message_receive_block(server_url, auth_token, sender_id,
                                                       message)
        except Exception as error:  # the server went away: say so, keep the terminal
            print(texts.message("channels.terminal.unreachable", error=type(error).__name__), flush=True)
            continue
        text, buttons = format_reply(replies, shutil.get_terminal_size((100, 20)).columns)
        print(("\n" + text + "\n") if text else NO_ANSWER, flush=True)
        count += 1
    print("Tot ziens!", flush=True)
    return count
