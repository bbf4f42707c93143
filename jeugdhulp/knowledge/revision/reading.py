"""Reading a saved copy of a guideline page: a text dump or the saved HTML page.

Whatever cannot be a copy of a page (missing, empty, binary, not UTF-8) is refused here with
a Dutch message for the content editor, before anything is compared or written.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import List, Optional

from jeugdhulp.messages import message


class RevisionInputError(ValueError):
    """The file cannot be read as a copy of a guideline page; the message is Dutch."""


# Elements whose text is never guideline content: scripts, menus, page header and footer.
_SKIPPED = {"script", "style", "noscript", "template", "head", "nav", "header", "footer",
            "form", "button", "svg", "select", "iframe"}
# Elements that start a line of their own in the text.
_BLOCKS = {"p", "div", "section", "article", "main", "aside", "h1", "h2", "h3", "h4", "h5",
           "h6", "ul", "ol", "table", "tr", "td", "th", "thead", "tbody", "blockquote",
           "dl", "dt", "dd", "figure", "figcaption", "pre", "hr", "br", "caption"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed",
         "source", "track", "wbr"}
_CHARSET = re.compile(r"<meta[^>]+charset=[\"']?([\w-]+)", re.IGNORECASE)
_HTML_START = re.compile(r"\A\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)


class _TextOfPage(HTMLParser):
    """The visible text of a page, one block element a line, list items as "• ..." lines
    (the way the text dumps in knowledge/sources/ write them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: List[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        if tag in _SKIPPED and tag not in _VOID:
            self.skipping += 1
        elif not self.skipping and tag == "li":
            self.parts.append("\n • ")
        elif not self.skipping and tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and tag not in _VOID:
            self.skipping = max(0, self.skipping - 1)
        elif not self.skipping and (tag in _BLOCKS or tag == "li"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data.replace("\n", " "))

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).splitlines())
        return "\n\n".join(line for line in lines if line) + "\n"


def is_html(text: str) -> bool:
    return bool(_HTML_START.match(text))


def html_to_text(page: str) -> str:
    """The readable text of a saved HTML page (standard library only)."""
    parser = _TextOfPage()
    parser.feed(page)
    parser.close()
    return parser.text()


def _declared_charset(data: bytes) -> Optional[str]:
    """A saved HTML page in the character set its ``<meta charset>`` names, if it can be."""
    head = data[:4096].decode("ascii", errors="ignore")
    declared = _CHARSET.search(head)
    if not (is_html(head) and declared):
        return None
    try:
        return data.decode(declared.group(1))
    except (LookupError, UnicodeDecodeError):
        return None


def read_copy(path: Path) -> str:
    """The text of a saved copy of a guideline page; ``RevisionInputError`` when it is not
    one (missing, empty, a binary file, not UTF-8)."""
    if not path.is_file():
        raise RevisionInputError(message("revision.errors.missing", path=path))
    data = path.read_bytes()
    if not data.strip():
        raise RevisionInputError(message("revision.errors.empty", path=path))
    if b"\x00" in data:
        raise RevisionInputError(message("revision.errors.binary", path=path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _declared_charset(data)
        if text is None:
            raise RevisionInputError(message("revision.errors.not_utf8", path=path)) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if is_html(text):
        text = html_to_text(text)
    if not any(c.isalnum() for c in text):
        raise RevisionInputError(message("revision.errors.empty", path=path))
    return text if text.endswith("\n") else text + "\n"
