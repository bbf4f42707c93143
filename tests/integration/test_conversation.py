"""A real conversation with the trained model through the REST channel of a running server
started the way `make run` starts it (bot/scripts/run.sh). Ctrl-C: tests/integration/test_run_script.py."""
import re
import uuid

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


HELP_TEXT = "Ik beantwoord vragen over vijf richtlijnen"


@pytest.mark.parametrize("message, about_the_assistant", [
    ("hulp nodig", True),
    ("kun je me helpen?", True),
    ("help, het gezin wil geen hulp meer, wat nu?", False),
    ("wat doe je als ouders de hulp afhouden", False),
])
def test_help_with_the_assistant_is_not_help_for_a_family(servers, message, about_the_assistant):
    """"hulp" and "helpen" are words of both: a question about the help for a family gets
    the guidelines, not the assistant's own help text."""
    reply = texts(servers.say(f"help-{uuid.uuid4().hex[:8]}", message))
    assert (HELP_TEXT in reply) == about_the_assistant, reply
    if not about_the_assistant:
        assert "Bron:" in reply


@pytest.mark.parametrize("message, name", [
    ("ekc bij kindermishandeling zinvol??", "Eigen Kracht-conferentie"),
    ("heeft VSV zin bij verwaarlozing?", "Veilig, Sterk & Verder"),
])
def test_whether_an_intervention_is_useful_is_a_question_about_its_effect(servers, message,
                                                                         name):
    """The NLU reads these as the working factors and the help with neglect (lists); named
    with an intervention, "zinvol" and "zin bij" ask for the intervention's effect
    (``effect_words`` in knowledge/content/answers.yml)."""
    reply = texts(servers.say(f"useful-{uuid.uuid4().hex[:8]}", message))
    assert reply.startswith(f"Hoe effectief is {name}"), reply


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
    """`make eval` in the suite: the question set and the multi-turn cases through REST.
    Pinned per question: everything passes except the known misses (measured: 104/104),
    so a question that gets worse fails the test even while the rate stays high."""
    from tests.eval.e2e import run

    report = run(servers.say, kb)
    failed = {o.name for o in report.failures()}
    assert failed <= KNOWN_E2E_MISSES, [f"{o.name}: {o.reason}" for o in report.failures()]
    assert len(report.outcomes) >= 100


# Questions of the set the assistant answers with another passage (make eval lists them).
# "hoe stel je doelen op met kind en ouders" was one until the passage model (issue 16).
KNOWN_E2E_MISSES: set = set()


def _safety_turns():
    """Every multi-turn case with a turn that must show the escalation card first or must
    not cite anything, each its own test."""
    from tests.eval.e2e import conversation_cases

    return [c for c in conversation_cases()
            if any(t.get("card") or t.get("no_citation") for t in c["turns"])]


SAFETY_CASES = _safety_turns()


@pytest.mark.parametrize("case", SAFETY_CASES, ids=[c["name"] for c in SAFETY_CASES])
def test_every_card_turn_and_every_refusal_passes_on_its_own(servers, kb, case):
    """The escalation card first where the danger is acute now, and no citation where the
    guidelines do not answer: each turn must pass, none is pooled with other answers."""
    from tests.eval.e2e import run_case

    outcomes = run_case(servers.say, kb, case)
    checked = [(turn, o) for turn, o in zip(case["turns"], outcomes)
               if turn.get("card") or turn.get("no_citation")]
    assert checked
    assert [f"{o.name}: {o.reason}" for _, o in checked if not o.passed] == []


# Acute danger now, written as professionals write it: through the real REST channel each
# must get the escalation card first; the non-acute look-alikes must not.
ACUTE_NOW = [
    "vader slaat zijn zoon waar ik bij sta",
    "ik sta nu bij het gezin en moeder dreigt het kind iets aan te doen",
    "de baby ademt niet goed en ligt slap, ik ben op huisbezoek",
    "jongen van 14 wil zich vannacht van kant maken, hij heeft pillen verzameld",
    "het meisje durft niet naar huis want stiefvader is dronken en agressief, wat nu?",
]
NOT_ACUTE = [
    "vorig jaar is er in dit gezin geslagen, hoe bespreek ik dat?",
    "wat zegt de richtlijn over eenzijdig ingrijpen bij acute onveiligheid?",
    "welke interventie bij fysieke mishandeling, kind van 9?",
    # The rules say "not acute" (a training case); the NLU's danger intent alone no longer
    # brings the card (jeugdhulp/safety/second_opinion.py).
    "in de casus voor de training slaat een vader zijn zoon",
    # Case descriptions with a question for the guidelines and nothing urgent in them.
    "Gezin met vijf kinderen, vader heeft een LVB en er zijn zes instanties betrokken die "
    "langs elkaar heen werken. Mijn teamleider wil ISC inzetten. Wat houdt dat in?",
    "Moeder alleen met drie kleine kinderen, het huis is vervuild en de kinderen komen vaak "
    "zonder eten op school. Welke hulp past hierbij?",
    "Twee jaar geleden is de oudste door vader geslagen, sindsdien woont ze bij haar tante. "
    "Nu wil ze terug naar huis. Waar moet ik op letten?",
    # "afmaken" that finishes a thing (jeugdhulp/safety/rules.yml: only with a person)
    "mn laptop komt sinds de update niet meer op de vpn, iemand een idee? moet zo nog een "
    "verslag voor de zitting afmaken",
]


def _card_first(reply: str) -> bool:
    from jeugdhulp.messages import lines

    first_line = lines("answers.escalation.lines")[0]
    return first_line in reply and reply.find(first_line) <= 200


@pytest.mark.parametrize("message", ACUTE_NOW)
def test_acute_danger_gets_the_card_first(servers, message):
    assert _card_first(texts(servers.say(f"acute-{uuid.uuid4().hex[:8]}", message)))


@pytest.mark.parametrize("message", NOT_ACUTE)
def test_no_card_where_none_is_due(servers, message):
    assert not _card_first(texts(servers.say(f"calm-{uuid.uuid4().hex[:8]}", message)))


def test_a_short_follow_up_keeps_the_question_and_replaces_the_name(servers):
    """The previous message is read from the tracker (actions/common.py): "en signs of
    safety?" after an effect question asks about the effect of Signs of Safety."""
    sender = f"follow-up-{uuid.uuid4().hex[:8]}"
    servers.say(sender, "wat is VSV en voor wie is het bedoeld?")
    assert "Hoe effectief is Veilig, Sterk & Verder" in texts(
        servers.say(sender, "en de effectiviteit?"))
    assert "Hoe effectief is Signs of Safety" in texts(servers.say(sender, "en signs of safety?"))


def test_a_question_about_the_behavioural_scientist_is_answered(servers):
    """"gedragsdeskundige" is a word of the domain (domain_words in answers.yml): the
    message got the refusal, not the passages on when to consult one."""
    reply = texts(servers.say(f"scientist-{uuid.uuid4().hex[:8]}", (
        "Ik haal de gedragsdeskundige er eigenlijk pas bij als het al helemaal uit de hand "
        "loopt. Is dat te laat? Op welk moment hoort die mee te kijken?")))
    assert "gedragswetenschapper" in reply and "Bron: Richtlijn Samen" in reply, reply


def test_a_case_description_gets_the_closest_passages_honestly_labelled(servers):
    reply = texts(servers.say(f"case-{uuid.uuid4().hex[:8]}", (
        "Gezin met drie kinderen van 4, 8 en 12, ouders gescheiden, veel ruzie over de "
        "omgang en de school belt om de week. Wij zijn sinds de zomer betrokken. "
        "Hoe houd ik de kinderen in beeld als de ouders alleen over elkaar praten?")))
    assert reply.startswith("Dit komt het dichtst in de buurt van je vraag:")
    # Cited: a guideline ("Bron: Richtlijn ...") or the NJi's "Wat werkt bij ..." dossier.
    assert re.search(r"Bron: (Richtlijn|Wat werkt bij) ", reply), reply
