"""Tests for jeugdhulp.privacy.redaction: redaction of client details before anything is stored.

POSITIVE cases must come out exactly as written; NEGATIVE cases (guideline questions) must
come through unchanged. ``test_case_list_scores`` prints precision-style counts over both
lists (run with ``-s`` to see them). The detectors have their own tests (test_ids.py,
test_dates.py, test_addresses.py, test_names.py), and so have the word lists
(test_vocabulary.py).
"""
from __future__ import annotations

import importlib
import re
import time

import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.nl import bsn

from jeugdhulp import privacy
from jeugdhulp.privacy.redaction import Finding, Redaction, redact, redact_text

redact_module = importlib.import_module("jeugdhulp.privacy.redaction")

# (input, expected redacted text)
POSITIVE = [
    # --- the examples from the brief
    ("Mijn cliënt Jan de Vries (BSN 111222333) woont op 1234 AB 12, tel 06-12345678",
     "Mijn cliënt [NAAM] (BSN [BSN]) woont op [POSTCODE], tel [TELEFOON]"),
    ("Hoe begin ik het eerste gesprek met de moeder van Sanne (geb. 12-03-2016)?",
     "Hoe begin ik het eerste gesprek met de moeder van [NAAM] (geb. [GEBOORTEDATUM])?"),
    ("vader Mohammed slaat zijn zoon", "vader [NAAM] slaat zijn zoon"),
    ("bel mw. Jansen op 06 12345678", "bel mw. [NAAM] op [TELEFOON]"),
    ("BSN 123456782", "BSN [BSN]"),
    ("Postcode 3511 AB 7", "Postcode [POSTCODE]"),
    ("Kerkstraat 12 in Utrecht", "[ADRES] in Utrecht"),
    ("Sanne (7) is geboren op 14-02-2017", "[NAAM] (7) is geboren op [GEBOORTEDATUM]"),
    # --- BSN
    ("Het BSN van de jongere is 111.222.333, mag ik dat delen met de GI?",
     "Het BSN van de jongere is [BSN], mag ik dat delen met de GI?"),
    ("bsn 111 222 333", "bsn [BSN]"),
    ("Zijn burgerservicenummer is 1112.22.333.", "Zijn burgerservicenummer is [BSN]."),
    ("BSN: 12345672 (met voorloopnul)", "BSN: [BSN] (met voorloopnul)"),
    ("bsn=231847567", "bsn=[BSN]"),
    # --- phone numbers
    ("Moeder is bereikbaar op 0612345678.", "Moeder is bereikbaar op [TELEFOON]."),
    ("Bel de vader op +31 6 12345678 na 17 uur", "Bel de vader op [TELEFOON] na 17 uur"),
    ("Het nummer van oma is 020-1234567", "Het nummer van oma is [TELEFOON]"),
    ("tel. 010 - 123 45 67, vraag naar de gezinsvoogd",
     "tel. [TELEFOON], vraag naar de gezinsvoogd"),
    ("tel: 06 1234 5678", "tel: [TELEFOON]"),
    ("mobiel 06-1234567 (klopt dit nummer?)", "mobiel [TELEFOON] (klopt dit nummer?)"),
    ("Ze belde vanaf 0031612345678", "Ze belde vanaf [TELEFOON]"),
    # --- e-mail
    ("Mail de jeugdbeschermer via p.bakker@jeugdbescherming.nl",
     "Mail de jeugdbeschermer via [E-MAIL]"),
    ("Zijn e-mail is ahmed.y1990@gmail.com, mag ik hem mailen?",
     "Zijn e-mail is [E-MAIL], mag ik hem mailen?"),
    ("Ze is bereikbaar via 06-87654321 of sanne.devries@hotmail.com",
     "Ze is bereikbaar via [TELEFOON] of [E-MAIL]"),
    # --- postcodes and addresses
    ("Het gezin woont op 1012AB, 14a", "Het gezin woont op [POSTCODE]"),
    ("postcode 3511ab nr. 5", "postcode [POSTCODE]"),
    ("Ze zijn verhuisd naar 2517 AB Den Haag", "Ze zijn verhuisd naar [POSTCODE] Den Haag"),
    ("adres: Laan van Meerdervoort 5a, Den Haag", "adres: [ADRES], Den Haag"),
    ("Ze wonen aan de Burgemeester Reigerstraat 12 in Utrecht",
     "Ze wonen aan de [ADRES] in Utrecht"),
    ("ze woont op de kerkstraat 4, is een huisbezoek nodig?",
     "ze woont op de [ADRES], is een huisbezoek nodig?"),
    ("Prins Hendrikkade 3 is het adres van de school", "[ADRES] is het adres van de school"),
    ("Ze woont Jan van Galenstraat 12-II", "Ze woont [ADRES]"),
    ("Kind: Emma Jansen, BSN 111222333, adres Dorpsstraat 7, 1234 AB",
     "Kind: [NAAM], BSN [BSN], adres [ADRES], [POSTCODE]"),
    # --- names
    ("De moeder, Fatima El Amrani, wil geen hulp.", "De moeder, [NAAM], wil geen hulp."),
    ("Mijn cliënt Piet van den Berg (16) blowt veel.", "Mijn cliënt [NAAM] (16) blowt veel."),
    ("Ik heb een gesprek met dhr. J. de Vries over zijn dochter.",
     "Ik heb een gesprek met dhr. [NAAM] over zijn dochter."),
    ("De pleegmoeder van Xylia belt steeds.", "De pleegmoeder van [NAAM] belt steeds."),
    ("Het meisje heet Noor en is 12 jaar.", "Het meisje heet [NAAM] en is 12 jaar."),
    ("Sanne en haar broertje Daan zijn uit huis geplaatst.",
     "[NAAM] en haar broertje [NAAM] zijn uit huis geplaatst."),
    ("Hoe praat ik met Mohammed over de OTS?", "Hoe praat ik met [NAAM] over de OTS?"),
    ("mw. van der Linden belde gisteren", "mw. [NAAM] belde gisteren"),
    ("Meneer Yilmaz weigert mee te werken aan het veiligheidsplan",
     "Meneer [NAAM] weigert mee te werken aan het veiligheidsplan"),
    ("Ik werk met de familie Bakker in Rotterdam", "Ik werk met de familie [NAAM] in Rotterdam"),
    ("Lisa's vader is boos op de school", "[NAAM]'s vader is boos op de school"),
    ("vader mohammed en moeder fatima willen geen hulp",
     "vader [NAAM] en moeder [NAAM] willen geen hulp"),
    ("De jongen, Dewi, is 15 en spijbelt.", "De jongen, [NAAM], is 15 en spijbelt."),
    ("Hoe ga ik om met de stiefvader van Noah?", "Hoe ga ik om met de stiefvader van [NAAM]?"),
    ("Wat moet ik doen als opa Kees dreigt?", "Wat moet ik doen als opa [NAAM] dreigt?"),
    ("Sanne en Xylia zijn zusjes", "[NAAM] en [NAAM] zijn zusjes"),
    ("De moeder heet Ayşe Yılmaz en is *12-05-1988.",
     "De moeder heet [NAAM] en is *[GEBOORTEDATUM]."),
    ("Ik sprak met meneer van den Berg en zijn dochter Lisa.",
     "Ik sprak met meneer [NAAM] en zijn dochter [NAAM]."),
    ("Anne-Marie wil niet dat haar ex de kinderen ziet",
     "[NAAM] wil niet dat haar ex de kinderen ziet"),
    ("gesprek gehad met Yilmaz over de uithuisplaatsing",
     "gesprek gehad met [NAAM] over de uithuisplaatsing"),
    ("Hoe betrek ik juf Marleen bij het veiligheidsplan?",
     "Hoe betrek ik juf [NAAM] bij het veiligheidsplan?"),
    ("Mag ik mevrouw Vink bellen over haar zoon?", "Mag ik mevrouw [NAAM] bellen over haar zoon?"),
    ("De Vries belde weer over de omgangsregeling", "[NAAM] belde weer over de omgangsregeling"),
    ("Ik heb met J.P. Balkenende gesproken", "Ik heb met [NAAM] gesproken"),
    ("Roos (6) wordt gepest op school", "[NAAM] (6) wordt gepest op school"),
    ("Jansen belde gisteren weer", "[NAAM] belde gisteren weer"),
    ("mijn clientje lucas van 6 plast weer in bed", "mijn clientje [NAAM] van 6 plast weer in bed"),
    ("gesprek gepland met van der Meer en Öztürk",
     "gesprek gepland met [NAAM] en [NAAM]"),
    ("hoe praat ik met kevin over de ots", "hoe praat ik met [NAAM] over de ots"),
    ("omdat noah niet naar huis wil", "omdat [NAAM] niet naar huis wil"),
    ("sanne is 7 en heeft een ots", "[NAAM] is 7 en heeft een ots"),
    # --- dates of birth
    ("Jan-Willem (14) is geboren op 3 maart 2010.", "[NAAM] (14) is geboren op [GEBOORTEDATUM]."),
    ("geb. 03-03-2015, wat is de juiste interventie?",
     "geb. [GEBOORTEDATUM], wat is de juiste interventie?"),
    ("geboortedatum 2015-03-03", "geboortedatum [GEBOORTEDATUM]"),
    ("Kevin *12-05-2011 woont bij oma", "[NAAM] *[GEBOORTEDATUM] woont bij oma"),
    ("Ahmed, 12/05/2011, zit in groep 8", "[NAAM], [GEBOORTEDATUM], zit in groep 8"),
    ("het kind is geboren in maart 2015", "het kind is geboren in [GEBOORTEDATUM]"),
    ("geb. 3-3-15", "geb. [GEBOORTEDATUM]"),
    ("de baby van 14 februari 2024 huilt veel", "de baby van [GEBOORTEDATUM] huilt veel"),
]

# Guideline questions and domain text: must come through unchanged.
NEGATIVE = [
    "MST-CAN doelgroep?",
    "welke interventie bij verwaarlozing, kind van 8?",
    "Wat zeggen Bartelink en Ten Berge?",
    "Wat is de rol van de Raad voor de Kinderbescherming?",
    "Sinds 1 juli 2013 is de meldcode verplicht, wat betekent dat?",
    "Per 1 januari 2015 geldt de Jeugdwet, wat veranderde er?",
    "Vanaf 1 januari 2019 is het afwegingskader aangescherpt.",
    "3 tot 5 procent van de gezinnen is een multiprobleemgezin",
    "Het gaat om 75.000 tot 116.000 gezinnen",
    "bel Veilig Thuis 0800-2000",
    "Signs of Safety bij een OTS in Rotterdam",
    "Wat is Families First?",
    "Werkt Multisysteem Therapie bij een jongere van 15?",
    "Hoe organiseer ik een Eigen Kracht-conferentie?",
    "Wat is Veilig, Sterk & Verder?",
    "Verschil tussen SAVE en Verve?",
    "Wat houdt de Deltamethode in?",
    "Hoe werkt Jeugdbescherming Regio Amsterdam met ISC?",
    "Wat zegt Van der Stouwe over effectiviteit?",
    "Volgens Vink et al. (2017) is dat zo",
    "Dijkstra et al. onderzochten de werkzame factoren",
    "Wat is de rol van de GI bij een OTS?",
    "Welke instrumenten zoals ORBA en LIRIK zijn er?",
    "Wat deed het AMK vroeger?",
    "Wat vinden NJi, NVO, BPSW en NIP van deze richtlijn?",
    "Staat MST-CAN in de databank van DEI of KJP?",
    "Hoe bouw ik een werkrelatie op met een gezin in Gelderland?",
    "Mijn cliënt is 8 jaar, wat nu?",
    "In 2013 is de meldcode ingevoerd.",
    "Hoe praat ik met een 8-jarige over de scheiding?",
    "50% van de ouders werkt niet mee",
    "Hoe ga ik om met reactance van de moeder?",
    "De vader is boos, hoe reageer ik?",
    "Mijn cliënt wil niet praten over Veilig Thuis.",
    "Wat betekent goed genoeg ouderschap volgens Emmy Berben?",
    "Wat zeggen Turnell en Edwards over Signs of Safety?",
    "Hoeveel gezinnen in Amsterdam hebben een OTS?",
    "Het gezin krijgt al 2 jaar hulp van 3 instanties",
    "Moet ik 112 bellen bij acute onveiligheid?",
    "bel de Kindertelefoon 0800-0432",
    "Wat zeggen O’Reilly en Roberts over de werkrelatie?",
    "Wat is de Routekaart naar Veiligheid?",
    "Functional Family Therapy of RGT bij een puber?",
    "Zijn er wachtlijsten voor IAG in Utrecht?",
    "Kan de kinderrechter een UHP uitspreken?",
    "Ik heb 12 cliënten en 3 collega's",
    "Wat staat er in hoofdstuk 3.2 van de richtlijn?",
    "Wat zeggen Damen en Veerman over MST?",
    "Is er onderzoek van Al et al. (2014)?",
    "Wat zeggen MacLeod en Nelson (2000)?",
    "Wil je mij helpen met een veiligheidsplan?",
    "Ben ik verplicht te melden bij Veilig Thuis?",
    "Max 3 gesprekken per week, is dat genoeg?",
    "Wat te doen bij huiselijk geweld tussen ouders in Den Haag?",
    "Hoe werkt het ISC volgens Wijnen-Lunenburg?",
    "Wat zeggen Everly en Berger over het netwerk?",
    "Wat is de visie van Van Montfoort op risicotaxatie?",
    "Vink en Verheijden noemen vijf werkzame factoren.",
    "Hoe werkt de SAVE-werkwijze in Gelderland?",
    "dossiernummer 123456789, wat nu?",
    "Zijn de kosten 1.250 euro per traject?",
    "Groep 8 van de basisschool, 11 of 12 jaar oud",
    "Wat zijn de stappen van de meldcode (stap 1 t/m 5)?",
    "Sinds 2015 valt de jeugdhulp onder de gemeente",
    "Kinderen van 0-4 jaar, wat werkt?",
    "Wat zegt de richtlijn over een kind van 2013?",
    "De Raad onderzoekt en de kinderrechter beslist.",
    "Hoe schat ik de veiligheid in met de LIRIK bij een gezin in Zeeland?",
    "Wat zijn de Tien Stappen van de meldcode?",
    "Wat is Marte Meo?",
    "Ik zit met een Poolse moeder en een Marokkaanse vader.",
    "Het gezin viert Ramadan, kan ik dan op huisbezoek?",
    "B. Interventies bij verwaarlozing",
    "Hoop is belangrijk voor ouders",
    "Wat zegt de Richtlijn Kindermishandeling over Signs of Safety?",
    "Hoe werken Jeugdbescherming en Veilig Thuis samen in Den Bosch?",
    "welke onderwerpen staan erin",
    "methode met drie fases, verbinden en motiveren enzo",
    "hee hallo, wat kun je?",
    "wat zegt de richtlijn over mishandeling door vader?",
]

BSN_RE = re.compile(r"(?<![0-9])(?:[0-9]{9}|[0-9]{3}[ .\-][0-9]{3}[ .\-][0-9]{3})(?![0-9])")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
SERVICE_TYPES = {phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.PREMIUM_RATE,
                 phonenumbers.PhoneNumberType.SHARED_COST}


def leaks(text: str) -> list:
    """Valid BSNs, e-mail addresses and (non-service) phone numbers left in ``text``."""
    out = []
    for m in BSN_RE.finditer(text):
        if bsn.is_valid(re.sub(r"[^0-9]", "", m.group())):
            out.append(("BSN", m.group()))
    out += [("E-MAIL", m.group()) for m in EMAIL_RE.finditer(text)]
    for m in phonenumbers.PhoneNumberMatcher(text, "NL"):
        if phonenumbers.number_type(m.number) not in SERVICE_TYPES:
            out.append(("TELEFOON", m.raw_string))
    return out


# ----------------------------------------------------------------------------- case lists

@pytest.mark.parametrize("text,expected", POSITIVE, ids=[t[:40] for t, _ in POSITIVE])
def test_positive(text, expected):
    r = redact(text)
    assert r.text == expected
    assert r.findings, "a positive case has findings"


@pytest.mark.parametrize("text", NEGATIVE, ids=[t[:40] for t in NEGATIVE])
def test_negative_unchanged(text):
    r = redact(text)
    assert r.text == text
    assert r.findings == []


def test_case_list_sizes():
    assert len(POSITIVE) >= 40
    assert len(NEGATIVE) >= 30
    kinds = {f.kind for text, _ in POSITIVE for f in redact(text).findings}
    assert kinds == set(privacy.KINDS)


def test_case_list_scores():
    """Precision-style counts over the placeholders in both case lists (printed with -s)."""
    tp = fp = fn = 0
    for text, expected in POSITIVE:
        got = redact(text).text
        want = re.findall(r"\[[A-Z\-]+\]", expected)
        have = re.findall(r"\[[A-Z\-]+\]", got)
        common = sum(min(want.count(k), have.count(k)) for k in set(want))
        tp += common
        fp += len(have) - common
        fn += len(want) - common
    neg_fp = sum(len(redact(t).findings) for t in NEGATIVE)
    fp += neg_fp
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"\nprivacy case lists: {len(POSITIVE)} positive, {len(NEGATIVE)} negative; "
          f"placeholders tp={tp} fp={fp} (of which on negatives: {neg_fp}) fn={fn}; "
          f"precision={precision:.3f} recall={recall:.3f}")
    assert precision == 1.0 and recall == 1.0


# ----------------------------------------------------------------------------- specifics

def test_api_shape():
    r = redact("Mijn cliënt Jan de Vries (BSN 111222333) woont op 1234 AB 12, tel 06-12345678")
    assert isinstance(r, Redaction)
    assert r.text == "Mijn cliënt [NAAM] (BSN [BSN]) woont op [POSTCODE], tel [TELEFOON]"
    assert [f.kind for f in r.findings] == ["NAAM", "BSN", "POSTCODE", "TELEFOON"]
    src = "Mijn cliënt Jan de Vries (BSN 111222333) woont op 1234 AB 12, tel 06-12345678"
    assert [src[s:e] for _, s, e in r.findings] == [
        "Jan de Vries", "111222333", "1234 AB 12", "06-12345678"]
    assert all(isinstance(f, Finding) and isinstance(f, tuple) for f in r.findings)
    assert r.changed and r.counts() == {"NAAM": 1, "BSN": 1, "POSTCODE": 1, "TELEFOON": 1}
    assert redact_text(src) == r.text


def test_findings_point_into_original():
    text = "Sanne en Xylia (geb. 01-02-2015), tel 06-12345678, mail x@y.nl, BSN 111222333"
    r = redact(text)
    for kind, s, e in r.findings:
        assert 0 <= s < e <= len(text)
        assert kind in privacy.KINDS
    assert [text[s:e] for _, s, e in r.findings] == [
        "Sanne", "Xylia", "01-02-2015", "06-12345678", "x@y.nl", "111222333"]


def test_second_pass_findings_map_to_original():
    # The phone matcher skips a number glued to a letter; once the name is a placeholder the
    # number is found in the next pass, and its offsets still point into the original.
    text = "Sanne0612345678 belt"
    r = redact(text)
    assert r.text == "[NAAM][TELEFOON] belt"
    assert r.findings == [Finding("NAAM", 0, 5), Finding("TELEFOON", 5, 15)]


@pytest.mark.parametrize("text", [t for t, _ in POSITIVE] + NEGATIVE)
def test_idempotent_on_cases(text):
    once = redact(text).text
    twice = redact(once)
    assert twice.text == once
    assert twice.findings == []


def test_placeholders_are_never_redacted():
    text = "[NAAM] [BSN] [TELEFOON] [E-MAIL] [POSTCODE] [GEBOORTEDATUM] [ADRES]"
    assert redact(text).text == text
    assert redact("moeder [NAAM] en vader [NAAM]").findings == []


ODD_INPUTS = [
    None, "", b"bsn 111222333", bytearray(b"\xff\xfe\x00"), 12345, "\x00\x01\x02",
    "<b>Sanne</b> &amp; <i>06-12345678</i>", "🙂" * 100, "مرحبا محمد 0612345678",
    "Привет Иван", "\ud800 lone surrogate", "[[[[NAAM]]]]", "@" * 500,
]


@pytest.mark.parametrize("value", ODD_INPUTS)
def test_never_raises_on_odd_input(value):
    r = redact(value)
    assert isinstance(r.text, str)
    assert not leaks(r.text)


def test_markup_is_kept():
    assert redact("<p>Sanne belt 06-12345678</p>").text == "<p>[NAAM] belt [TELEFOON]</p>"


def test_fallback_when_detection_breaks(monkeypatch):
    def boom(text):
        raise RuntimeError("bug")

    monkeypatch.setattr(redact_module, "_detect", boom)
    r = redact("Sanne belt 06-12345678 of mail s@x.nl")
    assert "06-12345678" not in r.text and "s@x.nl" not in r.text and "Sanne" not in r.text
    assert r.findings


def test_large_input_is_fast_and_clean():
    unit = ("Mijn cliënt Jan de Vries (BSN 111222333) woont op Kerkstraat 12, 1234 AB, "
            "tel 06-12345678, mail jan@example.nl. Wat zegt de richtlijn over een OTS? ")
    text = unit * (100_000 // len(unit))
    t = time.perf_counter()
    r = redact(text)
    elapsed = time.perf_counter() - t
    assert not leaks(r.text)
    assert "Jan" not in r.text
    assert elapsed < 10, elapsed  # about 0.5 s here; generous for slow CI machines
    # No detection run may be quadratic on long unbroken input.
    for blob in ("a" * 100_000, "1" * 100_000, "a@" * 50_000, "Sanne " * 16_000):
        t = time.perf_counter()
        redact(blob)
        assert time.perf_counter() - t < 10


def test_typical_message_speed():
    msgs = [t for t, _ in POSITIVE] + NEGATIVE
    redact(msgs[0])
    times = []
    for _ in range(3):
        for m in msgs:
            t = time.perf_counter()
            redact(m)
            times.append(time.perf_counter() - t)
    times.sort()
    p50 = times[len(times) // 2] * 1000
    p95 = times[int(len(times) * 0.95)] * 1000
    print(f"\nprivacy speed over {len(times)} messages: p50={p50:.3f} ms p95={p95:.3f} ms")
    assert p50 < 20  # well under 2 ms on a developer machine; slack for loaded CI


# ----------------------------------------------------------------------------- properties

PII = st.sampled_from([
    "111222333", "111.222.333", "123456782", "06-12345678", "0612345678", "+31 6 12345678",
    "020-1234567", "jan@example.nl", "a.b-c@d.e.nl", "1234 AB 12", "Kerkstraat 12",
    "12-03-2016", "3 maart 2015", "Sanne", "Jan de Vries", "mw. Jansen", "0800-2000",
    "[NAAM]", "[BSN]", "[TELEFOON]", "BSN", "geb.", "*", "tel", "Veilig Thuis", "OTS",
])
FRAGMENT = st.one_of(
    PII,
    st.text(max_size=30),
    st.text(alphabet="0123456789 .-+()/@", max_size=25),
    st.sampled_from(["<b>", "</p>", "&amp;", "```", "\n", "\t", "  ", ", ", ". ", "@", "[", "]",
                     "💥", "ß", "İ", "\u200b", "\r\n", "moeder", "vader", "heet", "van", "de"]),
)
TEXTS = st.one_of(st.text(), st.lists(FRAGMENT, max_size=30).map("".join),
                  st.lists(FRAGMENT, max_size=30).map(" ".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_property_never_raises_no_leaks_idempotent(text):
    r = redact(text)
    assert isinstance(r, Redaction)
    assert not leaks(r.text), leaks(r.text)
    assert redact(r.text).text == r.text
    for kind, s, e in r.findings:
        assert kind in privacy.KINDS and 0 <= s < e <= len(text)
    assert all(a.end <= b.start for a, b in zip(r.findings, r.findings[1:]))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FRAGMENT, min_size=200, max_size=2000).map(" ".join))
def test_property_large_inputs(text):
    r = redact(text)
    assert not leaks(r.text)
    assert redact(r.text).text == r.text


# ----------------------------------------------------------------------------- the room

def test_public_import_paths():
    from jeugdhulp.privacy import PLACEHOLDER_RE, PLACEHOLDERS, redact as package_redact
    from jeugdhulp.privacy.redaction import redact as module_redact

    assert package_redact is module_redact is redact
    assert set(PLACEHOLDERS) == set(privacy.KINDS)
    assert {"redact", "redact_text", "Redaction", "Finding", "KINDS", "PLACEHOLDERS",
            "PLACEHOLDER_RE"} <= set(privacy.__all__)
    assert all(PLACEHOLDER_RE.fullmatch(p) for p in PLACEHOLDERS.values())
    assert privacy.Finding is Finding and privacy.Redaction is Redaction


def test_coarse_fallback_is_one_function():
    r = redact_module.coarse_fallback("Sanne belt 06-12345678 of mail s@x.nl, [NAAM] ok")
    assert r.text == "[NAAM] belt [TELEFOON] of mail [E-MAIL] [NAAM] ok"
    assert r.findings == [Finding("NAAM", 0, 48)]
