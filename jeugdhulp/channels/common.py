"""Small helpers the messenger channels share."""
from __future__ import annotations

from typing import List, Text


def split_text(text: Text, limit: int) -> List[Text]:
    """The text in pieces of at most ``limit`` characters, cut between paragraphs (or lines,
    or words) where possible. Our renderers never open markup in one paragraph and close it
    in the next, so a cut between paragraphs keeps the markup whole."""
    pieces: List[Text] = []
    text = text.strip()
    while len(text) > limit:
        cut = text.rfind("\n\n", 0, limit)
        if cut <= limit // 2:
            cut = text.rfind("\n", 0, limit)
        if cut <= limit // 2:
            cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        pieces.append(text)
    return pieces
