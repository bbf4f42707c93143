"""What every input channel does with a message before Rasa sees it.

1. Privacy: client details (names, BSN, phone numbers, e-mail addresses, postcodes with
   house numbers, dates of birth) are replaced by typed placeholders (``jeugdhulp.privacy.redaction``), in
   the text and in any string in the metadata. Everything downstream — NLU, tracker store,
   logs, event broker — only ever sees the redacted text; the answer works on it.
2. Bad input: control characters are removed, the text is cut to ``MAX_CHARS``, an empty
   message becomes the ``/empty_message`` intent (a friendly reply instead of silence).
3. Quick commands for supervision (``/help``, ``/bronnen``, ``/interventie <naam>``,
   ``/zoek <woorden>``, ``/onderwerpen``; also with ``!`` for messengers that reserve
   ``/``) become intents with entities; an unknown command becomes ``/list_commands``.
   Button payloads (``/intent{...}`` for an intent of the domain) pass unchanged.
"""
from __future__ import annotations

import json
import logging
import re
import unicodedata
from typing import Any, Awaitable, Callable, Optional

from jeugdhulp.dialogue.intents import INTENTS
from jeugdhulp.privacy import redact

logger = logging.getLogger(__name__)

MAX_CHARS = 2000  # a question is short; the rest of a pasted 100 kB text is not read

# command -> (intent, entity that takes the rest of the line, or None)
COMMANDS = {
    "help": ("help", None),
    "hulp": ("help", None),
    "bronnen": ("list_sources", None),
    "bron": ("list_sources", None),
    "interventie": ("ask_intervention", "intervention"),
    "interventies": ("ask_interventions_for", None),
    "zoek": ("search_command", "query"),
    "zoeken": ("search_command", "query"),
    "onderwerpen": ("ask_topic", None),
    "onderwerp": ("ask_topic", None),
    "commando": ("list_commands", None),
    "commandos": ("list_commands", None),
    "oefenen": ("start_quiz", "subject"),
    "quiz": ("start_quiz", "subject"),
    "stop": ("stop_quiz", None),
    "start": ("greet", None),  # Telegram sends /start when someone opens the bot
}
# "/zoek woorden", "!zoek woorden", and Telegram's "/zoek@NaamVanDeBot woorden" in groups.
COMMAND = re.compile(r"^[/!]([a-zA-Z_]+)\b(?:@[A-Za-z0-9_]+\b)?\s*(.*)$", re.DOTALL)
PAYLOAD = re.compile(r"^/([a-zA-Z_]+)(\{.*\})?(@[0-9.]+)?$", re.DOTALL)


def clean(text: Any) -> str:
    """Text without control characters (line breaks and tabs kept), at most MAX_CHARS."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = unicodedata.normalize("NFC", text[: MAX_CHARS * 2])
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return text[:MAX_CHARS].strip()


def translate_command(text: str) -> Optional[str]:
    """The Rasa payload for a quick command, or None when the text is not a command."""
    payload = PAYLOAD.match(text)
    if payload and payload.group(1) in INTENTS and payload.group(1) not in COMMANDS:
        return None  # a button payload of the domain: leave it to Rasa
    match = COMMAND.match(text)
    if not match:
        return None
    command, rest = match.group(1).lower(), match.group(2).strip()
    if command not in COMMANDS:
        return "/list_commands"
    intent, entity = COMMANDS[command]
    if entity and rest:
        return f"/{intent}{json.dumps({entity: rest[:200]}, ensure_ascii=False)}"
    return f"/{intent}"


def command_message(command: str, text: str) -> str:
    """The message for a messenger's slash command (Slack, Mattermost): ``/bronnen`` with
    text "" is "/bronnen"; an umbrella command such as ``/richtlijn`` takes a quick command
    ("/richtlijn zoek veiligheidsplan") or a question ("/richtlijn MST-CAN?") as its text,
    and shows the help when it has none."""
    name = str(command or "").strip().lstrip("/!").lower()
    text = str(text or "").strip()
    if name in COMMANDS:
        return f"/{name} {text}".strip()
    if not text:
        return "/help"
    first = text.split(maxsplit=1)[0].lstrip("/!").lower()
    if first in COMMANDS:
        return "/" + text.lstrip("/!")
    return text


def guard_text(text: Any) -> str:
    """The text Rasa gets: cleaned, a command translated, client details redacted."""
    text = clean(text)
    if not text:
        return "/empty_message"
    command = translate_command(text)
    if command is not None:
        if command.startswith("/search_command") or command.startswith("/ask_intervention"):
            return redact(command).text
        return command
    return redact(text).text


def guard_metadata(value: Any, depth: int = 0) -> Any:
    """Metadata with every string redacted (channels put raw platform payloads there)."""
    if depth > 6:
        return None
    if isinstance(value, str):
        return redact(value[:MAX_CHARS]).text
    if isinstance(value, dict):
        return {k: guard_metadata(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [guard_metadata(v, depth + 1) for v in value[:100]]
    return value


def guarded(on_new_message: Callable[[Any], Awaitable[Any]]) -> Callable[[Any], Awaitable[Any]]:
    """Wraps a channel's ``on_new_message`` so that every message is guarded first."""

    async def handler(message: Any) -> Any:
        message.text = guard_text(message.text)
        if message.metadata:
            message.metadata = guard_metadata(message.metadata)
        return await on_new_message(message)

    return handler
