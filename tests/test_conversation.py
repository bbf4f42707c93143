"""A real conversation with the trained model through the REST channel of a running server
started the way `make run` starts it (bot/scripts/run.sh), and stopping it with Ctrl-C."""
import pytest

from tests.conftest import port_open

pytestmark = pytest.mark.server

QUESTION = "Hoe begin ik een eerste gesprek met een gezin in een gedwongen kader?"


def texts(messages):
    return "\n".join(m.get("text", "") for m in messages)


def test_first_contact_question_gets_attention_points_and_citation(servers, kb):
    reply = texts(servers.say("newcomer", QUESTION))
    for point in kb.collection("eerste-contact-aandachtspunten"):
        assert point.text in reply
    assert "Bron: Richtlijn Gezinnen met meervoudige en complexe problemen" in reply
    assert "NVO, BPSW en NIP" in reply
    assert "https://www.richtlijnenjeugdhulp.nl/guideline/261/full" in reply


def test_a_whole_conversation(servers):
    sender = "conversation-1"
    assert "richtlijnassistent" in texts(servers.say(sender, "hallo"))
    assert "eerste gesprek" in texts(servers.say(sender, "help")).lower()
    reply = texts(servers.say(sender, "eerste gesprek bij een OTS, waar let ik op?"))
    assert "Wees duidelijk over wat onderhandelbaar is en wat niet." in reply
    assert "Graag gedaan" in texts(servers.say(sender, "bedankt!"))
    assert "Tot ziens" in texts(servers.say(sender, "doei"))


@pytest.mark.parametrize("message", [
    "wat voor weer wordt het morgen in Utrecht?",
    "hoe vraag ik een parkeervergunning aan",
    "qwertyuiop",
])
def test_anything_else_gets_an_honest_dont_know(servers, message):
    reply = texts(servers.say("outsider", message))
    assert "Dat weet ik (nog) niet" in reply
    assert "Bron:" not in reply


def test_ctrl_c_stops_both_servers(servers):
    """Last in this module: Ctrl-C (SIGINT to the group) ends run.sh and both servers."""
    assert port_open(servers.rasa_port) and port_open(servers.action_port)
    assert servers.interrupt(timeout=40) == 0
    assert not port_open(servers.rasa_port)
    assert not port_open(servers.action_port)
    assert "Stopped." in servers.log.read_text()
