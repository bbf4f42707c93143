"""What an answer about an intervention's effect quotes (compose/interventions.py), how an
answer is fitted to its length (Answer.fit), and how a search answer names the intervention
of a table cell it quotes."""
from jeugdhulp.knowledge import compose
from jeugdhulp.knowledge.answers import Answer, Quote
from jeugdhulp.knowledge.compose.common import BUDGET

NOT_RESEARCHED = "kindermishandeling/benaderingen/deltamethode-niet-onderzocht"


def _quote(kb, key):
    return Quote.of(kb.record(key))


def test_an_effect_answer_quotes_the_findings_before_a_long_description(kb):
    """SAVE: the guideline's "De werkwijzen zijn nog niet onderzocht op effectiviteit" is
    quoted; a long passage from another guideline does not push it into "meer". Only the
    first finding of another guideline that reports on it may go beyond the budget (the
    next test)."""
    for name in ("SAVE", "Beter Beschermd", "ISC"):
        answer = compose.effectiveness_answer(kb, kb.intervention(name))
        assert NOT_RESEARCHED in [q.key for q in answer.quotes], name
        own = [q for q in answer.quotes if q.key.startswith("kindermishandeling/")]
        assert answer.estimated_length(own) <= BUDGET, name
        kinds = [kb.record(q.key).kind for q in answer.quotes[1:]]
        assert kinds == sorted(kinds, key=lambda kind: kind != "finding"), name


def test_an_effect_answer_shows_what_each_guideline_found(kb):
    """Signs of Safety: Kindermishandeling's study could not show its added value; MPG in
    gedwongen kader reports fewer protection orders. "werkt Signs of Safety?" quotes the
    rating and a finding of both, not one guideline's view with the other's after "meer"
    ("wat zegt onderzoek daarover?", "wat levert het op?"). One guideline's intervention
    (MST-CAN) keeps the budget and its own lead."""
    answer = compose.effectiveness_answer(kb, kb.intervention("Signs of Safety"))
    assert [q.key for q in answer.quotes] == [
        "kindermishandeling/interventies-tabel/sos-beoordeling",
        "kindermishandeling/benaderingen/sos-vink-2017",
        "mpg-gedwongen-kader/onveilige-situaties-inschatten/sos-onderzoek"]
    assert len(answer.citations) == 2 and "richtlijnen" in answer.lead
    assert "tabel van de Richtlijn Kindermishandeling" in answer.notes[0]  # whose rating
    save = compose.effectiveness_answer(kb, kb.intervention("SAVE"))
    assert "mpg-gedwongen-kader/onveilige-situaties-inschatten/save-onderzoek" in [
        q.key for q in save.quotes]
    mst = compose.effectiveness_answer(kb, kb.intervention("MST-CAN"))
    assert {kb.record(q.key).guideline_id for q in mst.quotes} == {"kindermishandeling"}
    assert mst.estimated_length() <= BUDGET and "richtlijnen" not in mst.lead
    assert "tabel" not in mst.notes[0]


def test_a_greedy_fit_keeps_short_quotes_after_a_long_one_that_does_not_fit(kb):
    keys = ["mpg-gedwongen-kader/onveilige-situaties-inschatten/save-onderzoek",
            "mpg-gedwongen-kader/onveilige-situaties-inschatten/save-beschrijving",
            NOT_RESEARCHED]
    budget = Answer(lead="x", quotes=[_quote(kb, keys[0]), _quote(kb, keys[2])]
                    ).estimated_length()
    plain = Answer(lead="x", quotes=[_quote(kb, k) for k in keys]).fit(budget)
    assert [q.key for q in plain.quotes] == keys[:1]  # the last ones go first
    assert [q.key for q in plain.more] == keys[1:]
    greedy = Answer(lead="x", quotes=[_quote(kb, k) for k in keys]).fit(budget, greedy=True)
    assert [q.key for q in greedy.quotes] == [keys[0], keys[2]]
    assert [q.key for q in greedy.more] == [keys[1]]
    assert greedy.estimated_length() <= budget
    # the first `minimum` quotes stay whatever their length
    tight = Answer(lead="x", quotes=[_quote(kb, k) for k in keys]).fit(10, greedy=True)
    assert [q.key for q in tight.quotes] == keys[:1]


def test_what_an_intervention_is_quotes_each_guideline_that_describes_it(kb):
    """Signs of Safety is a row of Kindermishandeling's table and a paragraph of MPG in
    gedwongen kader: "wat is Signs of Safety?" quotes both, table cell first, and cites both.
    One guideline's intervention (VSV) keeps its own cells only."""
    answer = compose.intervention_answer(kb, kb.intervention("Signs of Safety"))
    keys = [q.key for q in answer.quotes]
    assert keys[:2] == ["kindermishandeling/interventies-tabel/sos-aanpak",
                        "mpg-gedwongen-kader/onveilige-situaties-inschatten/sos-beschrijving"]
    assert {c.guideline_title for c in answer.citations} == {
        "Richtlijn Kindermishandeling", "Richtlijn Gezinnen met meervoudige en complexe problemen"}
    vsv = compose.intervention_answer(kb, kb.intervention("Veilig, Sterk & Verder"))
    assert {kb.record(q.key).guideline_id for q in vsv.quotes} == {"kindermishandeling"}


def test_a_cell_of_the_interventions_table_quoted_by_a_search_names_its_intervention(kb):
    """"Kortdurende gezinsbehandeling, van gezinnen met 11-18-jarigen ..." alone does not say
    which intervention it is: a search answer heads a table cell with its label; a passage of
    running text keeps no heading."""
    answer = compose.search_answer(kb, "jongen van 16, inbraken, thuis veel ruzie en er is "
                                       "een OTS. welke gezinsbehandeling past bij hem?")
    cell = next(q for q in answer.quotes
                if q.key == "kindermishandeling/interventies-tabel/rgt-aanpak")
    assert cell.heading and cell.heading.startswith("Relationele Gezinstherapie")
    text = compose.search_answer(kb, "Hoe begin ik een eerste gesprek in een gedwongen kader?")
    assert text.found and not any(q.heading for q in text.quotes)
