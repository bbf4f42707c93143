"""Writes the effective Rasa endpoints file from the environment, and checks the profile.

    python jeugdhulp/server/endpoints.py [--role both|rasa|actions] endpoints.yml var/endpoints.5005.yml

``endpoints.yml`` is the base (anything in it that is not set here is kept); these
environment variables set the rest:

``ACTION_ENDPOINT_URL``
    where the action server is; default ``http://127.0.0.1:$ACTION_PORT/webhook``
    (``$ACTION_HOST`` instead of 127.0.0.1 when it is a specific address).
``TRACKER_STORE_URL``
    the conversations: an SQLAlchemy URL, e.g. ``postgresql://user:pass@host:5432/rasa``;
    default ``sqlite:///var/tracker.sqlite3`` (one machine; survives restarts).
``LOCK_STORE_URL``
    ``redis://[:password@]host:port/db`` (``rediss://`` for TLS); default: in memory (one
    Rasa server only). ``LOCK_STORE_KEY_PREFIX`` optionally prefixes the keys.
``EVENT_BROKER_URL``
    optional: an SQLAlchemy URL (a database of its own), ``amqp://user:pass@host:5672``
    (RabbitMQ; queue ``EVENT_BROKER_QUEUE``, default ``rasa_events``) or
    ``kafka://host:9092`` (topic ``EVENT_BROKER_TOPIC``, default ``rasa_events``).

``JEUGDHULP_PROFILE=production`` refuses to start (exit code 2, naming the variable) unless
the shared stores and the secrets several servers need are set: ``TRACKER_STORE_URL`` (not
SQLite), ``LOCK_STORE_URL`` (Redis) and ``RASA_AUTH_TOKEN`` or ``RASA_JWT_SECRET`` for a Rasa
server; ``DATABASE_URL`` (not SQLite) for an action server. The file is written with mode
600: it holds passwords from the environment.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional
from urllib.parse import parse_qsl, unquote, urlsplit

import yaml

from jeugdhulp.paths import ROOT
from jeugdhulp.urls import DEFAULT_TRACKER_STORE, hide_password, sql_url
PROFILES = ("", "local", "production")
MIN_SECRET_LENGTH = 16


class ConfigError(ValueError):
    """A setting in the environment that cannot be used; the message is for the user."""


def _get(environ: Mapping[str, str], name: str) -> str:
    return (environ.get(name) or "").strip()


def sql_settings(url: str, variable: str) -> Dict[str, Any]:
    """Rasa's SQL settings (dialect, url, port, db, username, password, query) for a URL."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(sql_url(url))
    except ArgumentError as error:
        raise ConfigError(f"{variable} is geen geldige database-URL ({error})") from None
    settings: Dict[str, Any] = {"dialect": parsed.drivername}
    if parsed.drivername.startswith("sqlite"):
        if not parsed.database:
            raise ConfigError(f"{variable}: een SQLite-URL heeft een bestand nodig, "
                              "bijvoorbeeld sqlite:///var/tracker.sqlite3")
        path = Path(parsed.database)
        settings["db"] = str(path if path.is_absolute() else ROOT / path)
        return settings
    if not parsed.host or not parsed.database:
        raise ConfigError(f"{variable} mist de host of de databasenaam "
                          "(postgresql://gebruiker:wachtwoord@host:5432/database)")
    settings["url"] = parsed.host
    if parsed.port:
        settings["port"] = parsed.port
    settings["db"] = parsed.database
    if parsed.username:
        settings["username"] = parsed.username
    if parsed.password:
        settings["password"] = parsed.password
    if parsed.query:
        settings["query"] = dict(parsed.query)
    return settings


def tracker_store(url: str) -> Dict[str, Any]:
    return {"type": "jeugdhulp.server.runtime.SQLTrackerStore", **sql_settings(url, "TRACKER_STORE_URL")}


def lock_store(url: str, key_prefix: str = "") -> Optional[Dict[str, Any]]:
    if url.lower() in ("", "memory", "in_memory", "in-memory"):
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        raise ConfigError("LOCK_STORE_URL moet een Redis-URL zijn: "
                          "redis://[:wachtwoord@]host:6379/0 (rediss:// met TLS)")
    if not parts.hostname:
        raise ConfigError("LOCK_STORE_URL mist de host (redis://host:6379/0)")
    settings: Dict[str, Any] = {"type": "jeugdhulp.server.runtime.RedisLockStore", "url": parts.hostname,
                                "port": parts.port or 6379}
    db = parts.path.strip("/")
    if db:
        if not db.isdigit():
            raise ConfigError("LOCK_STORE_URL: het databasenummer na de / moet een getal zijn")
        settings["db"] = int(db)
    else:
        settings["db"] = 0
    if parts.username:
        settings["username"] = unquote(parts.username)
    if parts.password:
        settings["password"] = unquote(parts.password)
    if parts.scheme == "rediss":
        settings["use_ssl"] = True
    if key_prefix:
        if not key_prefix.isalnum():
            raise ConfigError("LOCK_STORE_KEY_PREFIX mag alleen letters en cijfers bevatten")
        settings["key_prefix"] = key_prefix
    for key, value in parse_qsl(parts.query):
        if key == "socket_timeout":
            settings["socket_timeout"] = float(value)
    return settings


def event_broker(url: str, environ: Mapping[str, str]) -> Optional[Dict[str, Any]]:
    if not url:
        return None
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("amqp", "amqps"):
        parts = urlsplit(url)
        settings: Dict[str, Any] = {
            "type": "pika", "url": parts.hostname, "port": parts.port or 5672,
            "queues": [_get(environ, "EVENT_BROKER_QUEUE") or "rasa_events"]}
        if parts.username:
            settings["username"] = unquote(parts.username)
        if parts.password:
            settings["password"] = unquote(parts.password)
        if parts.path.strip("/"):
            settings["virtual_host"] = unquote(parts.path.strip("/"))
        return settings
    if scheme == "kafka":
        parts = urlsplit(url)
        return {"type": "kafka", "url": f"{parts.hostname}:{parts.port or 9092}",
                "topic": _get(environ, "EVENT_BROKER_TOPIC") or "rasa_events",
                "security_protocol": "PLAINTEXT"}
    if "://" in url:
        return {"type": "jeugdhulp.server.runtime.SQLEventBroker", **sql_settings(url, "EVENT_BROKER_URL")}
    raise ConfigError("EVENT_BROKER_URL: gebruik een database-URL (postgresql://...), "
                      "amqp://... (RabbitMQ) of kafka://...")


def action_endpoint(environ: Mapping[str, str]) -> Dict[str, Any]:
    url = _get(environ, "ACTION_ENDPOINT_URL")
    if not url:
        host = _get(environ, "ACTION_HOST") or "127.0.0.1"
        if host in ("0.0.0.0", "::", "localhost"):
            host = "127.0.0.1"
        url = f"http://{host}:{_get(environ, 'ACTION_PORT') or 5055}/webhook"
    if urlsplit(url).scheme not in ("http", "https"):
        raise ConfigError("ACTION_ENDPOINT_URL moet met http:// of https:// beginnen")
    return {"url": url}


def profile_problems(environ: Mapping[str, str], role: str = "both") -> List[str]:
    """What keeps the profile from starting; empty when it can start."""
    profile = _get(environ, "JEUGDHULP_PROFILE").lower()
    if profile not in PROFILES:
        return [f"JEUGDHULP_PROFILE={profile!r} bestaat niet; kies 'production' of laat "
                "hem leeg (één machine)."]
    if profile != "production":
        return []
    problems = []
    if role in ("both", "rasa"):
        tracker = _get(environ, "TRACKER_STORE_URL")
        if not tracker:
            problems.append("TRACKER_STORE_URL is niet ingesteld (the production profile "
                            "needs TRACKER_STORE_URL: postgresql://user:pass@host:5432/db "
                            "for the conversations of all Rasa servers)")
        elif sql_url(tracker).startswith("sqlite"):
            problems.append("TRACKER_STORE_URL is SQLite: gesprekken moeten in een gedeelde "
                            "database staan, bijvoorbeeld PostgreSQL (the production profile "
                            "needs a shared database)")
        lock = _get(environ, "LOCK_STORE_URL")
        if not lock or not lock.lower().startswith(("redis://", "rediss://")):
            problems.append("LOCK_STORE_URL is niet ingesteld (the production profile needs "
                            "LOCK_STORE_URL: redis://[:password@]host:6379/0, shared by all "
                            "Rasa servers)")
        token, jwt = _get(environ, "RASA_AUTH_TOKEN"), _get(environ, "RASA_JWT_SECRET")
        if not token and not jwt:
            problems.append("RASA_AUTH_TOKEN (of RASA_JWT_SECRET) is niet ingesteld (the "
                            "production profile needs RASA_AUTH_TOKEN or RASA_JWT_SECRET for "
                            "the HTTP API)")
        for name, value in (("RASA_AUTH_TOKEN", token), ("RASA_JWT_SECRET", jwt)):
            if value and len(value) < MIN_SECRET_LENGTH:
                problems.append(f"{name} is te kort: gebruik minstens {MIN_SECRET_LENGTH} "
                                f"willekeurige tekens ({name} must be at least "
                                f"{MIN_SECRET_LENGTH} characters)")
    if role in ("both", "actions"):
        kb = _get(environ, "DATABASE_URL")
        if not kb:
            problems.append("DATABASE_URL is niet ingesteld (the production profile needs "
                            "DATABASE_URL: the knowledge base on PostgreSQL)")
        elif sql_url(kb).startswith("sqlite"):
            problems.append("DATABASE_URL is SQLite: gebruik in productie PostgreSQL (the "
                            "production profile needs the knowledge base on PostgreSQL)")
    return problems


def effective(base: Optional[Dict[str, Any]], environ: Mapping[str, str]) -> Dict[str, Any]:
    """The endpoints configuration: ``base`` with the stores of the environment."""
    config = dict(base or {})
    config["action_endpoint"] = action_endpoint(environ)
    config["tracker_store"] = tracker_store(
        _get(environ, "TRACKER_STORE_URL") or DEFAULT_TRACKER_STORE)
    lock = lock_store(_get(environ, "LOCK_STORE_URL"), _get(environ, "LOCK_STORE_KEY_PREFIX"))
    if lock:
        config["lock_store"] = lock
    else:
        config.pop("lock_store", None)
    broker = event_broker(_get(environ, "EVENT_BROKER_URL"), environ)
    if broker:
        config["event_broker"] = broker
    return config


def describe(environ: Mapping[str, str], role: str = "both") -> List[str]:
    """Dutch summary lines for the start-up output; never a password or a token."""
    lines = []
    profile = _get(environ, "JEUGDHULP_PROFILE").lower() or "één machine"
    lines.append(f"Profiel: {profile}")
    if role in ("both", "rasa"):
        tracker = _get(environ, "TRACKER_STORE_URL") or DEFAULT_TRACKER_STORE
        lines.append(f"Gesprekken: {hide_password(tracker)}")
        lock = _get(environ, "LOCK_STORE_URL")
        lines.append(f"Vergrendeling: {hide_password(lock) if lock else 'in het geheugen'}")
        broker = _get(environ, "EVENT_BROKER_URL")
        if broker:
            lines.append(f"Event broker: {hide_password(broker)}")
        api = [name for name in ("RASA_AUTH_TOKEN", "RASA_JWT_SECRET") if _get(environ, name)]
        lines.append(f"HTTP-API: {'aan, met ' + ' en '.join(api) if api else 'uit'}")
    if role in ("both", "actions"):
        kb = _get(environ, "DATABASE_URL")
        lines.append(f"Kennisbank: {hide_password(kb) if kb else 'var/knowledge.sqlite3'}")
    return lines


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--role", choices=("both", "rasa", "actions"), default="both")
    parser.add_argument("source")
    parser.add_argument("target", nargs="?")
    args = parser.parse_args(argv)
    environ = dict(os.environ)
    problems = profile_problems(environ, args.role)
    if problems:
        print("De assistent start niet in het productieprofiel (JEUGDHULP_PROFILE=production):",
              file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        print("Zie docs/production.md.", file=sys.stderr)
        return 2
    try:
        base = yaml.safe_load(Path(args.source).read_text(encoding="utf-8")) or {}
        config = effective(base, environ)
    except ConfigError as error:
        print(f"Instelling onbruikbaar: {error}", file=sys.stderr)
        return 2
    if args.target and args.role != "actions":
        target = Path(args.target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch(mode=0o600, exist_ok=True)
        os.chmod(target, 0o600)  # before the passwords go in
        target.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
                          encoding="utf-8")
    for line in describe(environ, args.role):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
