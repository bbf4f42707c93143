"""What the user reads (jeugdhulp/quiz/replies.py)."""
from jeugdhulp.channels.render import render
from jeugdhulp.quiz.families import question
from jeugdhulp.quiz.replies import BUTTON_CHARS, question_message


def test_long_options_are_listed_and_numbered_on_short_buttons(kb):
    q = question(kb, "iv-rating:mst-can#1")  # "KJP: evidence-based programma, niet in de DEI"
    assert any(len(o) > BUTTON_CHARS for o in q.options)
    rendered = render(question_message(q, 2, 5))
    for i, option in enumerate(q.options, 1):
        assert f"{i}. {option}" in rendered.text
        assert rendered.buttons[i - 1]["title"].startswith(f"{i}. ")
        assert len(rendered.buttons[i - 1]["title"]) <= BUTTON_CHARS
    short = question(kb, "iv-age:mst-can#1")
    rendered = render(question_message(short, 1, 5))
    assert [b["title"] for b in rendered.buttons] == list(short.options)
    assert "1. " not in rendered.text
