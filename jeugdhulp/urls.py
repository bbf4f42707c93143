"""Database and store URLs from the environment: one copy of the two rules every reader of
such a URL needs."""
from __future__ import annotations

from urllib.parse import urlsplit

from jeugdhulp.paths import VAR_DIR

# Conversations of one machine (the Rasa tracker store) when TRACKER_STORE_URL is not set;
# the feedback table lives in the same database (jeugdhulp.feedback.store).
DEFAULT_TRACKER_STORE = f"sqlite:///{VAR_DIR / 'tracker.sqlite3'}"


def sql_url(url: str) -> str:
    """Heroku-style ``postgres://`` is not accepted by SQLAlchemy 1.4: ``postgresql://``."""
    if url.startswith("postgres://"):
        return "postgresql://" + url[len("postgres://"):]
    return url


def hide_password(url: str) -> str:
    """The URL as it may be shown or logged: its password replaced by ``***``."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return parts._replace(netloc=netloc).geturl()
    return url
