"""Practice mode end to end: whole rounds through the REST channel of a running assistant
(started the way `make run` starts it), with the trained model and the action server."""
import re

import pytest

from jeugdhulp.quiz import families as quiz

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def assistant(servers):
    """The session's servers (tests/conftest.py)."""
    return servers


def texts(messages):
    return "\n".join(m.get("text", "") for m in messages)


def buttons(messages):
    return [b for m in messages for b in m.get("buttons") or []]


def title_matches(title, option):
    """Button titles are the options, or "2. option" (shortened: "2. opt…") when the
    options are listed in the text."""
    numbered = re.match(r"^\d\. (.*)$", title)
    if numbered and not title == option:
        title = numbered.group(1)
        if title.endswith("…"):
            return option.startswith(title.rstrip("…"))
    return title == option


def pending_question(kb, messages):
    """The quiz question a reply asks: found by its prompt and, where several questions
    share a prompt ("Welke van deze punten ..."), by the correct answer among its buttons.
    (The variant only decides the distractors and the order.) The REST channel sends each
    paragraph as a message of its own; the buttons come with the last one."""
    found = [quiz.question(kb, base + "#0") for base in quiz.all_question_ids(kb)]
    text = texts(messages)
    matching = [q for q in found if q.prompt in text]
    titles = [b["title"] for b in buttons(messages[-1:])]
    if len(matching) > 1:
        matching = [q for q in matching if any(title_matches(t, q.answer_text) for t in titles)]
    assert len(matching) == 1, (text, [q.id for q in matching])
    return matching[0]


def answer(servers, sender, kb, messages, right=True):
    """Answers the last question in ``messages``: the button of the (in)correct option, or
    the expected free text (or "weet ik niet")."""
    q = pending_question(kb, messages)
    if q.is_choice:
        options = buttons(messages[-1:])
        assert len(options) == len(q.options)
        for button in options:
            if title_matches(button["title"], q.answer_text) is right:
                return q, servers.say(sender, button["payload"])
        raise AssertionError(f"no button for the answer of {q.id}: {options}")
    return q, servers.say(sender, q.expected[0] if right else "weet ik niet")


def test_a_whole_round_with_a_question_in_between(assistant, kb):
    sender = "nieuwe-collega"
    messages = assistant.say(sender, "ik wil oefenen")
    assert "Oefenronde: 5 vragen" in texts(messages)
    assert "Vraag 1 van 5" in texts(messages)

    q, messages = answer(assistant, sender, kb, messages, right=True)
    reply = texts(messages)
    assert reply.startswith("✅ Goed!") and q.answer_text in reply
    assert "Bron:" in reply and "Nederlands Jeugdinstituut" in reply
    assert f"“{kb.record(q.source_keys[-1]).text}”" in reply  # the guideline, quoted verbatim
    assert "Vraag 2 van 5" in texts(messages)

    q, messages = answer(assistant, sender, kb, messages, right=False)
    assert f"❌ Helaas, het juiste antwoord is: {q.answer_text}" in texts(messages)
    assert "Vraag 3 van 5" in texts(messages)

    # A real question in the middle: answered, then back to the round.
    middle = assistant.say(sender, "wat is de doelgroep van MST-CAN?")
    assert "binnen de laatste 180 dagen" in texts(middle)
    assert "Terug naar de oefenronde" in texts(middle) and "Vraag 3 van 5" in texts(middle)
    messages = middle

    for number in (4, 5):
        q, messages = answer(assistant, sender, kb, messages, right=True)
        assert "✅ Goed!" in texts(messages)
        assert f"Vraag {number} van 5" in texts(messages)
    q, messages = answer(assistant, sender, kb, messages, right=True)
    end = texts(messages)
    assert "Klaar! Je score: 4 van de 5." in end
    assert "Goed om nog eens na te lezen" in end
    payloads = [b["payload"] for b in buttons(messages[-1:])]
    assert "/start_quiz" in payloads and len(payloads) >= 2

    # After the round a question is an ordinary question again.
    reply = texts(assistant.say(sender, "wat is reactance?"))
    assert "persoonlijke controle en vrijheid" in reply and "Vraag" not in reply


def test_subject_command_stop_and_a_new_round_with_other_questions(assistant, kb):
    sender = "oefenaar"
    messages = assistant.say(sender, "/oefenen samen beslissen")
    first = pending_question(kb, messages)
    assert first.subject == "samen-beslissen"
    q, messages = answer(assistant, sender, kb, messages, right=True)
    assert "Vraag 2 van 5" in texts(messages)
    second = pending_question(kb, messages)
    stopped = texts(assistant.say(sender, "stop"))
    assert "De oefenronde is gestopt. Je score: 1 van de 1 beantwoorde vragen." in stopped
    assert "geen oefenronde" in texts(assistant.say(sender, "/stop"))

    again = assistant.say(sender, "nog een oefenronde")
    assert "Oefenronde: 5 vragen" in texts(again)
    third = pending_question(kb, again)
    assert third.base_id not in (first.base_id, second.base_id)


def test_free_text_answers_are_checked_leniently(assistant, kb):
    """Plays rounds until a free-text question comes up, and answers it with a typo."""
    sender = "typist"
    messages = assistant.say(sender, "/oefenen definities")
    for _ in range(15):
        q = pending_question(kb, messages)
        if not q.is_choice:
            typo = q.expected[0][:-2] + q.expected[0][-1:]  # one letter missing
            reply = texts(assistant.say(sender, typo.lower()))
            assert reply.startswith("✅ Goed!"), (q.id, typo, reply)
            return
        q, messages = answer(assistant, sender, kb, messages, right=True)
        if "Klaar!" in texts(messages):
            messages = assistant.say(sender, "/oefenen definities")
    pytest.fail("no free-text question in three rounds on definitions")
