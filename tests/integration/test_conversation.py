"""A real conversation with the trained model through the REST channel of a running server
started the way `make run` starts it (bot/scripts/run.sh). Ctrl-C: tests/integration/test_run_script.py."""
import pytest

pytestmark = pytest.mark.server

QUESTION = "Hoe begin ik een eerste gesprek met een gezin in een gedwongen kader?"


def texts(messages):
    return "\n".join(m.get("text", "") for m in messages)


def test_first_contact_question_gets_attention_points_and_citation(servers, kb):
    points = kb.collection("eerste-contact-aandachtspunten")
    reply = texts(servers.say("newcomer", QUESTION))
    shown = [p for p in points if p.text in reply]
    assert len(shown) >= 4 and shown == points[:len(shown)]
    assert "Bron: Richtlijn Gezinnen met meervoudige en complexe problemen" in reply
    assert "NVO, BPSW en NIP" in reply
    assert "https://www.richtlijnenjeugdhulp.nl/guideline/261/full" in reply
    assert len(reply) <= 1400  # short; the rest on request
    rest = texts(servers.say("newcomer", "meer"))
    assert all(p.text in rest for p in points[len(shown):])


def test_a_whole_conversation(servers):
    sender = "conversation-1"
    assert "richtlijnassistent" in texts(servers.say(sender, "hallo"))
    help_messages = servers.say(sender, "help")
    assert "gedwongen kader" in texts(help_messages)
    assert any(b["payload"] == "/ask_first_contact" for m in help_messages
               for b in m.get("buttons") or [])
    reply = texts(servers.say(sender, "eerste gesprek bij een OTS, waar let ik op?"))
    assert "Wees duidelijk en direct over de aanleiding van het contact" in reply
    assert "Graag gedaan" in texts(servers.say(sender, "bedankt!"))
    assert "Tot ziens" in texts(servers.say(sender, "doei"))


@pytest.mark.parametrize("message", [
    "wat voor weer wordt het morgen in Utrecht?",
    "hoe vraag ik een parkeervergunning aan",
    "qwertyuiop",
])
def test_anything_else_gets_an_honest_refusal_without_citation(servers, message):
    reply = texts(servers.say("outsider", message))
    assert "alleen vragen over de richtlijnen" in reply or "geen duidelijk antwoord" in reply
    assert "Bron:" not in reply


def test_end_to_end_question_set_is_answered_with_the_right_quote_and_guideline(servers, kb):
    """`make eval` in the suite: the question set and the multi-turn cases through REST."""
    from tests.eval.e2e import run

    report = run(servers.say, kb)
    assert report.rate >= 0.90, [f"{o.name}: {o.reason}" for o in report.failures()]
