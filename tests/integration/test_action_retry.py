"""Rasa's RemoteAction, wrapped by jeugdhulp.server.runtime.install(), against a real HTTP
action endpoint: a call that never reached the action server is made again; a call the server
answered with an error, or that stays unreachable, ends in the apology."""
import asyncio

import pytest
from aiohttp import web
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from jeugdhulp.server import runtime
from tests.support.servers import free_port

ANSWER = {"events": [{"event": "slot", "name": "topic", "value": "mst"}], "responses": []}


async def start_endpoint(port: int, status: int = 200):
    calls = []

    async def webhook(request):
        calls.append(await request.json())
        if status != 200:
            return web.json_response({"error": "boom"}, status=status)
        return web.json_response(ANSWER)

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner, calls


async def call_action(port: int):
    runtime.install()
    action = RemoteAction("action_answer", EndpointConfig(f"http://127.0.0.1:{port}/webhook"))
    domain = Domain.from_dict({"slots": {"topic": {"type": "text", "mappings": []}}})
    tracker = DialogueStateTracker("retry-test", domain.slots)
    return await action.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator({}),
                            tracker, domain)


@pytest.fixture
def pauses(monkeypatch):
    monkeypatch.setattr(runtime, "ACTION_RETRY_PAUSES", (0.3, 0.3))


def test_a_call_that_was_refused_is_made_again_when_the_server_is_back(pauses):
    async def scenario():
        port = free_port()
        holder = {}

        async def start_later():
            await asyncio.sleep(0.1)  # the first attempt is refused, the retry gets through
            holder["runner"], holder["calls"] = await start_endpoint(port)

        starter = asyncio.ensure_future(start_later())
        events = await call_action(port)
        await starter
        await holder["runner"].cleanup()
        return events, holder["calls"]

    events, calls = asyncio.run(scenario())
    assert len(calls) == 1
    assert [e for e in events if isinstance(e, SlotSet)] == [SlotSet("topic", "mst")]
    assert not any(isinstance(e, BotUttered) for e in events)


def test_an_action_server_that_stays_away_ends_in_the_apology(pauses):
    events = asyncio.run(call_action(free_port()))
    assert events == [BotUttered(runtime.APOLOGY)]


def test_an_error_answer_is_not_repeated(pauses):
    async def scenario():
        port = free_port()
        runner, calls = await start_endpoint(port, status=500)
        events = await call_action(port)
        await runner.cleanup()
        return events, calls

    events, calls = asyncio.run(scenario())
    assert len(calls) == 1  # the server ran it; running it again could repeat its effects
    assert events == [BotUttered(runtime.APOLOGY)]


def test_the_response_format_is_checked_as_before(monkeypatch):
    """Rasa's check of the action server's response, with its validator made once."""
    import jsonschema

    runtime.install()
    action = RemoteAction("action_answer", None)
    assert action._validate_action_result(ANSWER) is True
    candidates = [{"events": "not a list"}, {"events": [{"no": "event name"}]},
                  {"events": [{"event": 3}]}, {"responses": "x"}, {"events": [], "responses": []},
                  {"events": [{"event": "slot", "name": "topic", "value": None}]}]
    invalid = 0
    for candidate in candidates:
        try:
            jsonschema.validate(candidate, RemoteAction.action_response_format_spec())
        except jsonschema.ValidationError as original:
            invalid += 1
            with pytest.raises(jsonschema.ValidationError) as raised:
                action._validate_action_result(candidate)
            assert raised.value.message.startswith(original.message)
            assert "Failed to validate Action server response" in raised.value.message
        else:
            assert action._validate_action_result(candidate) is True
    assert invalid >= 3
    checks = []
    monkeypatch.setattr(type(runtime._action_result_validator()), "check_schema",
                        classmethod(lambda cls, schema: checks.append(schema)))
    for _ in range(3):
        action._validate_action_result(ANSWER)
    assert checks == []  # the schema itself is not checked again per call
