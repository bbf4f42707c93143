"""What the Rasa server runs with besides Rasa itself: stores that survive faults, a Dutch
apology instead of silence when something fails, and secrets only from the environment.

Started by ``bot/scripts/run.sh`` as ``python -m jeugdhulp.server.runtime run --model ... --endpoints ...``
(the arguments of ``rasa run``). The endpoints file written by ``jeugdhulp/server/endpoints.py``
names the store classes below by their module path, so Rasa imports this module whenever
it creates its stores; :func:`install` runs at import.

Stores (named in the generated endpoints file)
    ``SQLTrackerStore``
        Rasa's SQL tracker store with ``pool_pre_ping``: a pooled connection is tested before
        use, so after a PostgreSQL restart the next message reconnects instead of failing
        once per server (Rasa's own engine has no pre-ping).
    ``SQLEventBroker``
        Rasa's SQL event broker, with ``pool_pre_ping`` for the same reason.
    ``RedisLockStore``
        Rasa's Redis lock store with atomic ticket operations. Rasa 3.6's store reads,
        changes and writes a conversation's lock in three separate Redis calls; two servers
        handling messages of one conversation at the same moment (a double-click behind a
        load balancer) can then both get the same ticket and process the conversation in
        parallel, or one can delete the other's ticket. Here every change runs in a Redis
        transaction (``WATCH``/``MULTI``), retried when another server changed the lock in
        between. It also reconnects once when Redis dropped the connection (a restart).
        A message waiting for the lock keeps its ticket alive while it waits (Rasa's
        could expire together with a dead server's ticket, and then wait forever).

The apology (installed by :func:`install`)
    Rasa 3.6 swallows a failed custom action: the processor logs the error and the user gets
    no answer at all. :func:`_run_remote_action` wraps ``RemoteAction.run``: when the action
    server cannot be reached or fails, the action's result is one bot message, ``APOLOGY``,
    so the user reads why there is no answer and the conversation in the tracker store stays
    a normal turn (the user message, the action, the apology). There is no supported hook
    for this in Rasa 3.6, hence the small wrapper. Before it apologises, a call that never
    reached the action server (refused, or its request could not be written) is made again
    after 0.25 s and 1 s (``ACTION_RETRY_PAUSES``): under load or during a restart of the
    action server, one such failure cost a user the answer.

    :func:`_handle_message` wraps ``Agent.handle_message``: when the turn cannot be handled
    at all (the lock store or the tracker store is unavailable), nothing of the turn is
    stored and the user gets ``APOLOGY`` instead of an empty answer. Without it Rasa's REST
    channel logged the message text of a failed turn (before redaction) at ERROR level.
    For the tracker store to fail at all instead of silently falling back to memory,
    :func:`install` also makes Rasa's ``FailSafeTrackerStore`` pass its errors on.

Secrets
    ``RASA_AUTH_TOKEN`` and ``RASA_JWT_SECRET`` (with ``RASA_JWT_METHOD``, default HS256)
    are read from the environment by :func:`main` and handed to Rasa in-process, so they
    never appear on a command line (``ps`` shows every process's arguments to every user).
    With either of them set the HTTP API is enabled and requires it; without them the HTTP
    API stays off and only the channels answer.
"""
from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import os
import sys
import time
from typing import Any, Callable, Dict, Iterator, List, Optional, Text, Tuple

from rasa.core.brokers.sql import SQLEventBroker as RasaSQLEventBroker
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError
from rasa.core.lock_store import RedisLockStore as RasaRedisLockStore
from rasa.core.tracker_store import SQLTrackerStore as RasaSQLTrackerStore
from rasa.core.tracker_store import create_engine_kwargs
from rasa.utils.endpoints import EndpointConfig

from jeugdhulp.messages import message

logger = logging.getLogger(__name__)

APOLOGY = message("channels.apology")


# --------------------------------------------------------------------------------------------
# Stores
# --------------------------------------------------------------------------------------------

def _pre_ping_engine(engine: Any) -> Any:
    """The same database as ``engine``, with connections tested before use."""
    import sqlalchemy as sa

    url = engine.url  # a URL object: its password is never rendered into a string here
    engine.dispose()
    return sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))


class SQLTrackerStore(RasaSQLTrackerStore):
    """Rasa's ``SQLTrackerStore`` whose connections survive a database restart."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        import sqlalchemy.orm

        super().__init__(*args, **kwargs)
        self.engine = _pre_ping_engine(self.engine)
        self.sessionmaker = sqlalchemy.orm.session.sessionmaker(bind=self.engine)

    @contextlib.contextmanager
    def session_scope(self) -> Iterator[Any]:
        """Rasa's session scope took ANY ValueError inside it for "the PostgreSQL schema
        does not exist" and ended the server (sys.exit): one request with a NUL character
        in its sender id ("\\u0000") stopped a Rasa server. Here only the schema check
        may end it; other errors fail the one message (and the user gets the apology)."""
        from rasa.core.tracker_store import ensure_schema_exists

        session = self.sessionmaker()
        try:
            try:
                ensure_schema_exists(session)
            except ValueError as error:
                sys.exit(f"PostgreSQL-schema '{error}' bestaat niet (POSTGRESQL_SCHEMA).")
            yield session
        finally:
            session.close()


class SQLEventBroker(RasaSQLEventBroker):
    """Rasa's ``SQLEventBroker`` whose connections survive a database restart.

    Use a database of its own: its table is also called ``events``, with other columns than
    the tracker store's."""

    def __init__(self, *args: Any, query: Optional[dict] = None, **kwargs: Any) -> None:
        import sqlalchemy.exc
        import sqlalchemy.orm

        for attempt in range(3):
            try:
                super().__init__(*args, **kwargs)
                break
            except (sqlalchemy.exc.ProgrammingError, sqlalchemy.exc.IntegrityError):
                # Several servers starting at once all create the table; one wins, the
                # others find it there on the next try.
                if attempt == 2:
                    raise
                time.sleep(1 + attempt)
        if query:  # e.g. sslmode=require; Rasa's broker has no `query` setting
            url = self.engine.url.update_query_dict(query)
            self.engine.dispose()
            self.engine = sqlalchemy.create_engine(url)
        self.engine = _pre_ping_engine(self.engine)
        self.sessionmaker = sqlalchemy.orm.sessionmaker(bind=self.engine)


class RedisLockStore(RasaRedisLockStore):
    """Rasa's ``RedisLockStore`` with atomic ticket operations (see the module docstring)."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **settings: Any) -> None:
        if endpoint_config is not None:  # how Rasa creates a lock store named by its path
            settings = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs,
                        **settings}
        self._connect(**settings)

    def _connect(self, host: Text = "localhost", port: int = 6379, db: int = 1,
                 username: Optional[Text] = None, password: Optional[Text] = None,
                 use_ssl: bool = False, key_prefix: Optional[Text] = None,
                 socket_timeout: float = 10, ssl_certfile: Optional[Text] = None,
                 ssl_keyfile: Optional[Text] = None, ssl_ca_certs: Optional[Text] = None,
                 **ignored: Any) -> None:
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        self.red = redis.StrictRedis(
            host=host, port=int(port), db=int(db), username=username, password=password,
            ssl=bool(use_ssl), ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile,
            ssl_ca_certs=ssl_ca_certs, socket_timeout=float(socket_timeout),
            socket_connect_timeout=3,
            # one retry on a dropped connection: the first call after a Redis restart
            retry=Retry(NoBackoff(), 1), retry_on_error=[redis.exceptions.ConnectionError],
        )
        self.key_prefix = "lock:"
        self._lifetimes: Dict[Tuple[Text, int], float] = {}  # lifetime per issued ticket
        if key_prefix:
            self._set_key_prefix(key_prefix)

    def _change(self, conversation_id: Text,
                change: Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], Any]]
                ) -> Any:
        """Applies ``change`` to the stored lock in a transaction; ``change`` returns the new
        lock (None: delete it) and a result. Retried when the lock changed meanwhile."""
        import redis

        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(raw)) if raw else None
                    new, result = change(lock)
                    pipe.multi()
                    if new is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, new.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def change(lock: Optional[TicketLock]) -> Tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            number = self._change(conversation_id, change)
        except Exception as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error
        self._lifetimes[(conversation_id, number)] = lock_lifetime
        return number

    async def _acquire_lock(self, conversation_id: Text, ticket: int,
                            wait_time_in_seconds: float) -> TicketLock:
        """Waits until ``ticket`` is served. Unlike Rasa's, a waiting ticket does not expire
        while its server waits: each poll removes the expired tickets and moves the
        waiting ticket's expiry to a full lifetime from now, in one transaction. (In Rasa
        3.6 a message that arrived within a poll interval after one whose server died had
        its own ticket expire in the same poll as the dead one, and then waited forever.)"""
        lifetime = self._lifetimes.get((conversation_id, ticket), LOCK_LIFETIME)

        def poll(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], Optional[bool]]:
            if lock is None:
                return None, None
            lock.remove_expired_tickets()
            own = next((t for t in lock.tickets if t.number == ticket), None)
            if own is None:  # removed by someone else: the lock is not ours to wait for
                return lock, None
            own.expires = max(own.expires, time.time() + lifetime)
            return lock, not lock.is_locked(ticket)

        while True:
            served = self._change(conversation_id, poll)
            if served is None:
                raise LockError(f"Could not acquire lock for conversation_id "
                                f"'{conversation_id}'.")
            if served:
                return self.get_lock(conversation_id)
            await asyncio.sleep(wait_time_in_seconds)

    def update_lock(self, conversation_id: Text) -> None:
        def change(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, change)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        def change(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._change(conversation_id, change)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Removes the ticket, and the lock when nobody else waits, in one transaction."""
        self._lifetimes.pop((conversation_id, ticket_number), None)

        def change(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._change(conversation_id, change)


# --------------------------------------------------------------------------------------------
# The apology
# --------------------------------------------------------------------------------------------

def _apologised_this_turn(tracker: Any) -> bool:
    from rasa.shared.core.events import BotUttered, UserUttered

    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, BotUttered) and event.text == APOLOGY:
            return True
    return False


# A call that never reached the action server (refused, or the request could not be written:
# a restart, a full accept queue) is made again, at most this often, after these pauses.
# A call the server may have received (it disconnected while answering) is not repeated.
ACTION_RETRY_PAUSES = (0.25, 1.0)


def _not_delivered(error: BaseException) -> bool:
    """Rasa raises RasaException while handling aiohttp's error (its context)."""
    import aiohttp

    cause = error.__cause__ or error.__context__
    return isinstance(cause, aiohttp.ClientOSError)


def _run_remote_action(run: Callable) -> Callable:
    from rasa.core.actions.action import ActionExecutionRejection
    from rasa.shared.core.events import BotUttered
    from rasa.shared.exceptions import RasaException

    async def run_with_retry(self: Any, *args: Any) -> List[Any]:
        for pause in ACTION_RETRY_PAUSES:
            try:
                return await run(self, *args)
            except ActionExecutionRejection:
                raise
            except RasaException as error:
                if not _not_delivered(error):
                    raise
                logger.warning("custom action %s did not reach the action server; trying "
                               "again in %.2f s", self.name(), pause)
                await asyncio.sleep(pause)
        return await run(self, *args)

    @functools.wraps(run)
    async def wrapper(self: Any, output_channel: Any, nlg: Any, tracker: Any,
                      domain: Any) -> List[Any]:
        try:
            return await run_with_retry(self, output_channel, nlg, tracker, domain)
        except ActionExecutionRejection:
            raise
        except RasaException as error:
            # The message says which action failed and why; it never holds the user's text.
            logger.error("custom action %s failed, the user gets an apology: %s",
                         self.name(), error)
            if _apologised_this_turn(tracker):
                return []
            return [BotUttered(APOLOGY)]

    wrapper.__jeugdhulp_apology__ = True  # type: ignore[attr-defined]
    return wrapper


def _handle_message(handle: Callable) -> Callable:
    from rasa.core.channels.channel import CollectingOutputChannel

    @functools.wraps(handle)
    async def wrapper(self: Any, message: Any) -> Any:
        try:
            return await handle(self, message)
        except Exception as error:  # asyncio.CancelledError is not an Exception: passes
            # Type and message of the error only: never the user's text.
            logger.error("message of conversation %r not handled, the user gets an "
                         "apology: %s: %s", str(message.sender_id)[:64],
                         type(error).__name__,
                         str(error).splitlines()[0][:300] if str(error) else "")
            output = message.output_channel
            if isinstance(output, CollectingOutputChannel):
                # The turn may not be stored: show none of it, only why.
                output.messages.clear()
            try:
                await output.send_text_message(message.sender_id, APOLOGY)
            except Exception:
                logger.exception("the apology could not be sent")
            if isinstance(output, CollectingOutputChannel):
                return output.messages
            return None

    wrapper.__jeugdhulp_apology__ = True  # type: ignore[attr-defined]
    return wrapper


def _tracker_store_failed(self: Any, error: Exception) -> None:
    """Replaces ``FailSafeTrackerStore``'s fallback: the error goes up (see install)."""
    logger.error("tracker store %s failed: %s", type(self._tracker_store).__name__,
                 type(error).__name__)
    raise error


@functools.lru_cache(maxsize=1)
def _action_result_validator() -> Any:
    """The validator of the action server's response format, checked against the JSON
    meta-schema once. Rasa's ``jsonschema.validate`` checked the schema itself again for
    every action call: about a quarter of the Rasa server's time under load."""
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    spec = RemoteAction.action_response_format_spec()
    cls = validator_for(spec)
    cls.check_schema(spec)
    return cls(spec)


def _validate_action_result(self: Any, result: Dict[Text, Any]) -> bool:
    """``RemoteAction._validate_action_result`` with the validator made once; the same
    errors, with the same message."""
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    error = best_match(_action_result_validator().iter_errors(result))
    if error is not None:
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions")
        raise error
    return True


def install() -> None:
    """Installs the apology wrappers and the strict tracker store (idempotent).

    Rasa 3.6 wraps every tracker store in a ``FailSafeTrackerStore``: when the database
    fails, ``retrieve`` returns nothing (the conversation silently starts over, without its
    context) and ``save`` goes to a tracker store in memory (the user gets an answer, the
    turn is lost, and the next save into the database stores the wrong slice of events).
    Here the error goes up instead: the turn is not handled, nothing is stored, and the
    user gets ``APOLOGY`` (``_handle_message``)."""
    from rasa.core.actions.action import RemoteAction
    from rasa.core.agent import Agent
    from rasa.core.tracker_store import FailSafeTrackerStore

    FailSafeTrackerStore.on_tracker_store_error = _tracker_store_failed  # type: ignore
    FailSafeTrackerStore.on_tracker_store_retrieve_error = _tracker_store_failed  # type: ignore

    RemoteAction._validate_action_result = _validate_action_result  # type: ignore
    if not getattr(RemoteAction.run, "__jeugdhulp_apology__", False):
        RemoteAction.run = _run_remote_action(RemoteAction.run)  # type: ignore[assignment]
    if not getattr(Agent.handle_message, "__jeugdhulp_apology__", False):
        Agent.handle_message = _handle_message(Agent.handle_message)  # type: ignore


# --------------------------------------------------------------------------------------------
# Launcher: `rasa run` with the secrets from the environment
# --------------------------------------------------------------------------------------------

def secret_arguments(environ: Optional[dict] = None) -> List[str]:
    """The ``rasa run`` options that enable and protect the HTTP API, from the environment."""
    environ = os.environ if environ is None else environ
    token = environ.get("RASA_AUTH_TOKEN", "").strip()
    jwt_secret = environ.get("RASA_JWT_SECRET", "").strip()
    if not (token or jwt_secret):
        return []
    args = ["--enable-api"]
    if token:
        args += ["--auth-token", token]
    if jwt_secret:
        args += ["--jwt-secret", jwt_secret,
                 "--jwt-method", environ.get("RASA_JWT_METHOD", "").strip() or "HS256"]
    return args


def main(argv: Optional[List[str]] = None) -> None:
    """``python -m jeugdhulp.server.runtime run ...`` = ``rasa run ...`` plus the secrets of the
    environment. ``--enable-api`` given without a token or JWT secret is refused in the
    production profile: the API would be open to anyone who can reach the server."""
    from rasa.__main__ import main as rasa_main

    args = list(sys.argv[1:] if argv is None else argv)
    secrets = secret_arguments()
    production = os.environ.get("JEUGDHULP_PROFILE", "").strip().lower() == "production"
    if "--enable-api" in args and not secrets and production:
        sys.exit("Productieprofiel: de HTTP-API gaat niet open zonder RASA_AUTH_TOKEN of "
                 "RASA_JWT_SECRET. (The production profile refuses --enable-api without "
                 "RASA_AUTH_TOKEN or RASA_JWT_SECRET.)")
    sys.argv = ["rasa", *args, *secrets]
    rasa_main()


if __name__ == "__main__":
    # Run the copy of this module that Rasa imports too (jeugdhulp.server.runtime), so that there is one
    # set of store classes and one installation of the apology.
    from jeugdhulp.server import runtime

    runtime.main()
else:
    install()
