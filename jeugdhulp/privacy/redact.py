"""Redact client details from chat text before it is stored anywhere.

Youth-care professionals type client details into the chat ("de moeder van Sanne (geb.
12-03-2016) belt steeds, tel 06-12345678"). Before a message reaches the tracker store, the
logs or the event broker, it goes through :func:`redact`, which replaces each finding with a
typed Dutch placeholder, so that the assistant can still answer the question::

    >>> r = redact("Mijn cliënt Jan de Vries (BSN 111222333) woont op 1234 AB 12, tel 06-12345678")
    >>> r.text
    'Mijn cliënt [NAAM] (BSN [BSN]) woont op [POSTCODE], tel [TELEFOON]'
    >>> [f.kind for f in r.findings]
    ['NAAM', 'BSN', 'POSTCODE', 'TELEFOON']

``Redaction.findings`` is a list of ``Finding(kind, start, end)`` named tuples, with offsets
into the ORIGINAL text; it never holds the redacted values, so it is safe to log.

The module is pure Python and never raises: any input (``None``, bytes, 100 kB, other
scripts, markup) gives a :class:`Redaction`. It is idempotent: redacting redacted text changes
nothing, and the placeholders themselves are never redacted again.

What is found, and the rules
============================

``[BSN]``
    9 digits, also written ``111.222.333``, ``111 222 333``, ``111-222-333`` or
    ``1112.22.333``, and 8 digits (a leading zero implied), but only when the number passes
    the elfproef (``stdnum.nl.bsn.is_valid``). A 9-digit number that fails it is not a BSN
    (it may still be redacted as something else, e.g. a phone number).
``[TELEFOON]``
    Everything ``phonenumbers.PhoneNumberMatcher(text, "NL")`` finds (06-12345678,
    0612345678, +31 6 12345678, 020-1234567, (020) 123 4567, 0031...), plus a number of 8 to
    13 digits right after a cue word ("tel", "telefoon", "mobiel", "nummer", "bel", ...).
    Kept on purpose: service numbers (0800 free-phone, 0900/0906/0909 paid, shared-cost), such
    as Veilig Thuis 0800-2000 or De Kindertelefoon 0800-0432. These numbers are only issued to
    organisations, never a client's own line, and the assistant may need them to answer.
    Short numbers (ages, "3 tot 5 procent", "75.000 tot 116.000", "50%", years) are never
    phone numbers.
``[E-MAIL]``
    ``local@domain.tld``.
``[POSTCODE]``
    A Dutch postcode, "1234 AB" or "1234AB" (letters SA, SD and SS do not exist and are
    skipped), with a following house number included in the span ("1234 AB 12",
    "1234AB, 12a", "1234 AB nr. 5"). Lower-case letters only when written together
    ("1234ab") or after the word "postcode", so that "in 2013 is" is not a postcode.
``[ADRES]``
    A street and a house number: a word ending in a street suffix (straat, laan, weg, plein,
    gracht, kade, dijk, singel, hof, park, steeg, pad, dreef, baan, markt, ...) followed by a
    number ("Kerkstraat 12", "kerkstraat 12a", "Prins Hendrikkade 3-II"), the preceding parts
    of the street name ("Burgemeester de Withstraat 4", "Van Hallstraat 5"), and
    "Laan van Meerdervoort 5a"-style names. A known place ("Amsterdam 3") is not a street,
    nor is "kinderbaan 3 jaar" (a number followed by a unit).
``[GEBOORTEDATUM]``
    Every full date with day, month and year: "3 maart 2015", "03-03-2015", "3/3/2015",
    "2015-03-03", "3 mrt. 2015". In this setting a full date next to a person is most
    likely a birth date, so all of them are redacted, with one exception: a date right after
    "sinds", "per", "vanaf", "m.i.v." or "met ingang van" is a date of a law or guideline
    ("Sinds 1 juli 2013 ...") and is kept. After an explicit birth cue ("geboren", "geb.",
    "geboortedatum", "*") also a month and year ("geboren in maart 2015") and a two-digit
    year ("geb. 3-3-15") are redacted. The cue itself stays ("geb. [GEBOORTEDATUM]").
    Ages ("8 jaar", "8-jarige") and years alone ("2013") are never redacted.
``[NAAM]``
    No NER model can be had here, so names come from rules and word lists:

    a. trigger words: a title ("mevrouw", "mw.", "mvr.", "dhr.", "de heer", "meneer",
       "fam.", "juf", ...) followed by a word, initials and particles ("mw. J. de Vries",
       also in lower case: "bel mw. jansen" when "jansen" is a known surname); a family or
       client word ("moeder", "vader", "pleegmoeder", "oma", "zoon", "zus", "cliënt", "kind",
       "jongen", "meisje", "jongere", "gezinsvoogd", ...) followed by a capitalised word,
       directly or after "van" ("de moeder van Sanne"), or by a lower-case known first name
       ("vader mohammed"); a naming word ("heet", "genaamd", "naam is", "roepnaam") followed
       by a capitalised word or a known name;
    b. known first names (``data/first_names.txt``, about 14,700 Dutch and
       international first names): capitalised, anywhere, also at the start of a sentence
       ("Sanne is 7"). About 145 first names that are also ordinary words ("Roos", "Bas",
       "Wil", "Ben", "Max", "Storm", ``data/ambiguous_first_names.txt``) count in the
       middle of a sentence, after a trigger, or at the start of a sentence when a person's
       verb or an age follows ("Roos (6) wordt gepest", but not "Wil je ..."). In lower case
       ("gesprek met sanne", "omdat kevin niet wil", "sanne is 7") a first name counts after
       a preposition, conjunction or family word or before a person's verb, and only when it
       is not also a Dutch or English word (``data/first_names_also_words.txt``:
       "daan", "bram", "julia" are skipped in lower case);
    c. known surnames (``data/surnames.txt``, about 12,000): capitalised in the middle
       of a sentence ("gesprek met Yilmaz"), after a particle ("De Vries belde", "met van der
       Meer"), or at the start of a sentence before a person's verb ("Jansen belde");
    d. a name grows to the right over capitalised words and surname particles followed by a
       capitalised word ("Jan van den Berg", "Fatima El Amrani", "Anne-Marie Jansen"), to the
       left over initials ("J.P. Balkenende"), and a capitalised word joined to a name by
       "en"/"of" is a name too ("Sanne en Xylia").

    Never a name: the domain vocabulary (``jeugdhulp/nlu/patterns.yml``, ``knowledge/content/topics.yml``
    and a built-in list: "Signs of Safety", "Veilig Thuis", "Raad voor de Kinderbescherming",
    "Families First", "Eigen Kracht-conferentie", "Jeugdwet", ...), words in capitals
    ("OTS", "GI", "MST-CAN", "SAVE"), months, days, nationalities and languages, and -- unless
    a title or family word stands right before them -- places ("Utrecht", "Gelderland",
    ``data/places.txt``) and the authors cited by the guidelines ("Bartelink en Ten
    Berge", "Van der Stouwe", "Vink et al."). A capitalised word followed by "et al." or a
    year in brackets ("Munro (2011)") is taken to be an author too.

Known limits
============
* Names that are in no list and have no trigger are missed: "Ik sprak Xylia gisteren",
  a rare first name at the start of a sentence ("Xylia wil niet"), a surname in lower case
  without a title ("gesprek met jansen"), a lower-case first name that is also a word
  ("ik sprak julia", "vader bas").
* Names written in capitals ("JAN DE VRIES") are taken for abbreviations and kept.
* First names that are also ordinary words are missed at the start of a sentence without a
  person's verb ("Roos, 6 jaar, ..."); the verb rule in turn redacts "Storm is voorbij".
* A client who shares a name with a cited author or a place is only found after a title or
  family word ("mevrouw Vink", "zoon Damen").
* Organisations named like a person, or right after a family word, are redacted as
  ``[NAAM]`` ("bij Timon", "een kind van Parnassia"); the domain vocabulary protects the
  organisations and methods the guidelines use.
* Other identifying details are not looked for: school, street without house number, city,
  medical details, licence plates, IBAN, dates without a year.

The word lists in ``jeugdhulp/privacy/data`` come from the ``deduce`` de-identification tool
(LGPL-3.0-or-later); see ``jeugdhulp/privacy/data/README.md``.
"""
from __future__ import annotations

import bisect
import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, FrozenSet, List, NamedTuple, Optional, Sequence, Set, Tuple

logger = logging.getLogger(__name__)

__all__ = ["KINDS", "PLACEHOLDERS", "Finding", "Redaction", "redact", "redact_text"]

KINDS: Tuple[str, ...] = (
    "NAAM", "BSN", "TELEFOON", "E-MAIL", "POSTCODE", "GEBOORTEDATUM", "ADRES")
PLACEHOLDERS: Dict[str, str] = {kind: f"[{kind}]" for kind in KINDS}
PLACEHOLDER_RE = re.compile(r"\[(?:NAAM|BSN|TELEFOON|E-MAIL|POSTCODE|GEBOORTEDATUM|ADRES)\]")

# When findings of different kinds overlap they are merged into one span; its kind is that of
# the longest finding, ties broken by this order (highest first).
_PRIORITY = {"E-MAIL": 7, "BSN": 6, "TELEFOON": 5, "POSTCODE": 4, "ADRES": 3,
             "GEBOORTEDATUM": 2, "NAAM": 1}

from jeugdhulp.knowledge import vocabulary
from jeugdhulp.paths import CONTENT_DIR

DATA_DIR = Path(__file__).with_name("data")
TOPICS_FILE = CONTENT_DIR / "topics.yml"


class Finding(NamedTuple):
    """One redacted stretch of the original text: ``text[start:end]`` was of kind ``kind``."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Redaction:
    """The result of :func:`redact`: the redacted text and where the findings were.

    ``findings`` are sorted, do not overlap, and index into the original text; they do not
    contain the redacted values themselves.
    """

    text: str
    findings: List[Finding] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.findings)

    def counts(self) -> Dict[str, int]:
        """How many findings of each kind, e.g. ``{"NAAM": 2, "BSN": 1}`` (safe to log)."""
        out: Dict[str, int] = {}
        for f in self.findings:
            out[f.kind] = out.get(f.kind, 0) + 1
        return out


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

# Function words: never (part of) a name, in any case.
_STOP = frozenset("""
aan al alle alles als altijd ander andere anders bij daar daarna dan dat de deze die dit doch
doen door dus een eens en er erg geen had heb hebben heeft hem hen het hier hij hoe hun
iemand iets ik in is ja je jij jou jouw jullie kan kon kunnen maar me meer men met mij mijn
moet moeten mag mogen na naar naast nee niet niets nog nu of om omdat onder ons onze ook op
over reeds te tegen toch toen tot u uit uw van veel via voor waar wanneer want waren waarom
was wat we wel welk welke werd wie wij wil willen worden wordt zal ze zelf zich zij zijn zo
zonder zou zullen graag hoi hallo dag beste bedankt dank sorry oké ok hoeveel wanneer
volgens sinds vanaf per tijdens binnen buiten na tussen
""".split())

# Titles: the next word (after initials and particles) is a name, even in lower case when
# it is a known name.
_TITLES = frozenset("""
mevrouw mevr mw mvr mej mejuffrouw meneer mijnheer mnr dhr heer fam familie gezin juf juffrouw
meester dokter dr drs mr ir prof ing ds
""".split())

# Family, client and role words: a capitalised word right after them is a name.
_KIN = frozenset("""
moeder vader ouder ouders mama papa mam pap mams paps pleegmoeder pleegvader pleegouder
pleegouders pleegzoon pleegdochter pleegkind stiefmoeder stiefvader stiefzoon stiefdochter
stiefbroer stiefzus halfbroer halfzus oma opa grootmoeder grootvader overgrootmoeder tante
oom neef nicht nichtje neefje zoon zoontje dochter dochtertje broer broertje zus zusje zuster
zwager schoonzus schoonmoeder schoonvader partner vriend vriendin vriendje vriendinnetje ex
echtgenoot echtgenote man vrouw cliënt client cliënte cliente kind kindje kinderen baby
jongen jongetje meisje meid jongere jeugdige puber tiener peuter kleuter leerling buurman
buurvrouw collega gezinsvoogd jeugdbeschermer voogd hulpverlener casemanager gezinsmanager
huisarts leerkracht docent mentor begeleider ambulant coach cliëntje clientje pupil pupillen
jeugdige patiënt patient patiëntje
""".split())
# Of these, the ones where "<word> van <Name>" is a name ("de moeder van Sanne").
_KIN_VAN = frozenset("""
moeder vader ouders mama papa pleegmoeder pleegvader pleegouders stiefmoeder stiefvader oma
opa grootmoeder grootvader tante oom neef nicht zoon dochter broer broertje zus zusje partner
vriend vriendin vriendje ex echtgenoot echtgenote man vrouw kind kinderen baby juf
""".split())
_NAMING = frozenset("""
heet heette heten genaamd genoemd noem noemen noemt naam roepnaam voornaam achternaam
voornamen
""".split())
_NAMING_SKIP = frozenset("is was luidt hem haar ze zij hij".split())

# Surname particles (case-insensitive), longest first.
_PARTICLES: Tuple[Tuple[str, ...], ...] = tuple(sorted({
    ("van",), ("de",), ("der",), ("den",), ("ter",), ("ten",), ("te",), ("t",), ("el",), ("al",),
    ("bin",), ("ibn",), ("abu",), ("da",), ("di",), ("del",), ("della",), ("dos",), ("du",),
    ("la",), ("le",), ("von",), ("zu",), ("zur",), ("vd",), ("v",), ("van", "der"),
    ("van", "den"), ("van", "de"), ("van", "het"), ("van", "t"), ("in", "t"), ("op", "t"),
    ("op", "den"), ("in", "den"), ("uit", "den"), ("de", "la"), ("van", "de", "la"),
}, key=lambda p: -len(p)))
_PARTICLE_WORDS = frozenset(w for p in _PARTICLES for w in p)
_PARTICLES_BY_FIRST: Dict[str, Tuple[Tuple[str, ...], ...]] = {
    first: tuple(p for p in _PARTICLES if p[0] == first) for first in {p[0] for p in _PARTICLES}}

_MONTHS = ("januari februari maart april mei juni juli augustus september oktober november "
           "december").split()
_MONTH_ABBR = "jan feb febr mrt apr jun jul aug sep sept okt nov dec".split()
_DAYS = "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split()

# Capitalised words that are not names: nationalities, languages, religions, feasts, ...
_NOT_NAMES = frozenset("""
nederland nederlands nederlandse nederlander belgië belgisch belgische duits duitse duitsland
engels engelse marokko marokkaan marokkaans marokkaanse turkije turk turks turkse suriname
surinaams surinaamse surinamer antilliaans antilliaanse antillen curaçao curaçaos arubaans
pools poolse polen syrië syrisch syrische eritrea eritrees eritrese afghanistan afghaans
afghaanse somalië somalisch somalische irak irakees iraakse iran iraans iraanse arabisch
arabische berbers tamazight tigrinya koerdisch koerdische bulgaars bulgaarse roemeens
roemeense oekraïne oekraïens oekraïense russisch russische chinees chinese indiaas indiase
hindoestaans hindoestaanse kaapverdiaans kaapverdiaanse ghanees ghanese nigeriaans
nigeriaanse europa europees europese afrika afrikaans afrikaanse azië aziatisch aziatische
amerika amerikaans amerikaanse islam islamitisch islamitische moslim moslims christelijk
christelijke christen joods joodse hindoe katholiek katholieke protestants protestantse
ramadan suikerfeest offerfeest kerst kerstmis pasen pinksteren sinterklaas nieuwjaar
god allah jezus bijbel koran whatsapp facebook instagram tiktok snapchat google teams zoom
chatgpt youtube frans franse frankrijk spaans spaanse spanje italiaans italiaanse italië
portugees portugese portugal grieks griekse griekenland hongaars hongaarse tsjechisch
albanees albanese servisch bosnisch kroatisch somalisch pashto dari farsi perzisch urdu
hindi tamil papiaments sranantongo sranan ghana nigeria marokkanen turken eritreeërs
syriërs afghanen indonesië indonesisch indonesische molukse molukker china india pakistan
bangladesh egypte libië tunesië algerije irak jemen soedan ethiopië kongo congo angola
brazilië colombia venezuela amerikaan engeland schotland ierland wales duitser belg
een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien twintig honderd duizend
eerste tweede derde vierde vijfde
""".split()) | frozenset(_MONTHS) | frozenset(_DAYS)

# Built-in domain vocabulary: organisations, methods and instruments of Dutch youth care.
# Multi-word entries protect the whole phrase; every word of 3+ letters is also protected
# on its own. Extended at import with knowledge/content/names.yml and topics.yml.
_DOMAIN_PHRASES = """
Signs of Safety | Veilig Thuis | Raad voor de Kinderbescherming | Families First | MST-CAN |
Multisysteem Therapie | Multisysteemtherapie | Eigen Kracht-conferentie | Eigen Kracht |
Veilig, Sterk & Verder | SAVE | Verve | Deltamethode | Jeugdbescherming Regio Amsterdam |
Jeugdbescherming west | Jeugdbescherming Brabant | Jeugdbescherming Gelderland |
William Schrikker Groep | William Schrikker Stichting | Leger des Heils | Samen Veilig |
Bureau Jeugdzorg | Jeugdzorg Nederland | Nederlands Jeugdinstituut | NJi | NVO | BPSW | NIP |
DEI | KJP | ORBA | LIRIK | AMK | Kinderombudsman | Kindertelefoon | De Kindertelefoon |
Centrum voor Jeugd en Gezin | Zorg voor Jeugd | Jeugdwet | Wet op de jeugdzorg | Wmo |
Jeugd-ggz | GGZ | GGD | CJG | Inspectie Gezondheidszorg en Jeugd | Raad | Kinderbescherming |
Kinderrechter | Rechtbank | Jeugdbescherming | Regio | Meldcode | Afwegingskader |
Routekaart naar Veiligheid | Functional Family Therapy | Functional Family Parole |
Relationele Gezinstherapie | Intensieve Ambulante Gezinsbehandeling | Ambulante Spoedhulp |
Beter Beschermd | Methode Integrale Jeugdbescherming | Generiek Gezinsgericht Werken |
Gefaseerd Samenwerken aan Veiligheid | Framework for the Assessment of Children in Need |
Richtlijn | Richtlijnen | Richtlijnen Jeugdhulp en Jeugdbescherming | Jeugdhulp | Movisie |
Augeo | Triple P | Video-hometraining | VHT | Multiprobleemgezinnen | Kindermishandeling |
De Waag | Child Abuse and Neglect | Samen Beslissen | Werkzame factoren | Databank
Effectieve Jeugdinterventies | Ministerie | Justitie | Veiligheid | Jeugdzorg | Jeugd |
Gezin | Gezinnen | Kinderen | Ouders | Hulp | Zorg | Thuis | Werken | Jongeren |
Kindermishandeling | Huiselijk Geweld | Toolkit | Handreiking | Aanbeveling | Aanbevelingen |
Marte Meo | Triple P | Theraplay | Basic Trust | PMTO | Nieuwe Perspectieven | Kinderen uit de
Knel | Jeugdhulp Plus | Halt | Bureau Halt | Albert Heijn | Samen Veilig Midden-Nederland |
Midden-Nederland | Zorg- en Veiligheidshuis | Veiligheidshuis | Openbaar Ministerie | Politie |
Jeugdbescherming Rotterdam Rijnmond | Sociaal Wijkteam | Wijkteam | Kenniscentrum |
Kinder- en Jeugdpsychiatrie | Max Havelaar | spoedhulp | FFP | routekaart | slaat | spoedeisend |
dreigt uit huis geplaatst | seksueel misbruik | misbruik
"""

# Authors cited by the guidelines: not client data. Protected "softly": a title or family
# word right before them still makes them a name ("mevrouw Vink").
_AUTHOR_PHRASES = """
Bartelink | Ten Berge | Verheijden | Vink | Dijkstra | Van der Stouwe | Stouwe | Al | Damen |
Veerman | Turnell | Andrew Turnell | Edwards | Steve Edwards | Wijnen-Lunenburg | MacLeod |
Nelson | O'Reilly | O’Reilly | Reilly | Roberts | Everly | Berger | Van Montfoort | Montfoort |
Emmy Berben | Berben | Munro | Bronfenbrenner | Bowlby | Prochaska | DiClemente | Rollnick
"""

_ABBREVIATIONS = frozenset("""
mw mevr mvr mej dhr mnr fam dr drs mr ir prof ing ds geb nr tel bijv bv ca evt incl excl
etc jl jr sr st sint mrt apr jan feb febr jun jul aug sep sept okt nov dec vs wo pag blz
zgn resp ong max min o a e i t m v d z c.q
""".split())

_STREET_SUFFIXES = (
    "straat", "straatje", "straatweg", "laan", "laantje", "weg", "plein", "pleintje", "gracht",
    "burgwal", "kade", "dijk", "singel", "hof", "park", "steeg", "steegje", "pad", "dreef",
    "baan", "markt", "plantsoen", "kanaal", "wal", "haven", "dam", "ring", "boulevard", "allee",
    "erf", "hoven", "vliet", "wetering", "brink", "oord", "zijde", "poort", "gaarde", "akker",
    "veld", "hoek", "berg", "tuin", "tuinen", "dreef", "kamp", "horst", "donk", "rade",
)
# Suffixes unlikely to end an ordinary lower-case compound: these also count in lower case.
_STREET_SUFFIXES_LOWER = ("straat", "straatje", "straatweg", "laan", "laantje", "gracht",
                          "burgwal", "kade", "singel", "steeg", "steegje", "dreef", "plantsoen",
                          "boulevard", "plein", "pleintje")
_STREET_HEADS = frozenset(
    "laan plein weg straat kade dijk singel gracht park hof markt dreef baan steeg pad "
    "wal brink dam haven".split())
# Words that can precede the street word in a multi-word street name.
_STREET_PREFIX_WORDS = frozenset("""
burgemeester prins prinses koning koningin graaf gravin hertog hertogin keizer dr doctor
professor prof generaal kolonel admiraal pastoor kapelaan dominee pater meester mr sint st
oude nieuwe lange korte hoge lage grote kleine noord zuid oost west noorder zuider ooster
wester eerste tweede derde vierde binnen buiten achter voor boven beneden jonkheer baron
""".split())


def _read_list(name: str) -> List[str]:
    try:
        text = (DATA_DIR / name).read_text(encoding="utf-8")
    except Exception:  # the lists are optional: without them only triggers find names
        logger.warning("privacy: word list %s not found; name detection is weaker", name)
        return []
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


_TOKEN_RE = re.compile(r"['’][ts](?![^\W\d_])|[^\W\d_]+(?:['’`\-][^\W\d_]+)*")


def _words(phrase: str) -> Tuple[str, ...]:
    return tuple(m.group().lower().replace("’", "'").lstrip("'")
                 for m in _TOKEN_RE.finditer(phrase))


class _Vocab:
    """All word lists, loaded once."""

    def __init__(self) -> None:
        self.first: Set[str] = {w.lower() for w in _read_list("first_names.txt")}
        self.ambiguous: Set[str] = {w.lower() for w in _read_list("ambiguous_first_names.txt")}
        self.surnames: Set[str] = {w.lower() for w in _read_list("surnames.txt")}
        # also "meer", "wit", "jong": used only right after a particle ("van der Meer")
        self.surnames_raw: Set[str] = set(self.surnames) - _NOT_NAMES - _KIN - _TITLES
        self.common: Set[str] = {w.lower() for w in _read_list("common_words.txt")} | set(_STOP)
        for w in _STOP | _NOT_NAMES | _KIN | _TITLES | _NAMING:
            self.first.discard(w)
            self.surnames.discard(w)
        self.allnames: Set[str] = self.first | self.surnames
        # first names that are also Dutch or English words: not a name in lower case
        self.also_words: Set[str] = {w.lower() for w in _read_list("first_names_also_words.txt")}
        self.hard_words: Set[str] = set(_NOT_NAMES)
        self.hard_phrases: Dict[Tuple[str, ...], List[Tuple[str, ...]]] = {}
        self.soft_words: Set[str] = set()  # places
        self.author_words: Set[str] = set()
        self.soft_phrases: Dict[Tuple[str, ...], List[Tuple[str, ...]]] = {}
        self.author_phrases: Dict[Tuple[str, ...], List[Tuple[str, ...]]] = {}

        for phrase in _split_phrases(_DOMAIN_PHRASES):
            self._add_domain(phrase)
        for phrase in _domain_vocabulary():
            self._add_domain(phrase)
        for phrase in _split_phrases(_AUTHOR_PHRASES):
            words = _words(phrase)
            if len(words) == 1:
                self.author_words.add(words[0])
            elif words:
                self.author_phrases.setdefault(words[:2], []).append(words)
        for place in _read_list("places.txt"):
            words = _words(place)
            if len(words) == 1:
                if words[0] not in self.first:
                    self.soft_words.add(words[0])
            elif words:
                self.soft_phrases.setdefault(words[:2], []).append(words)
        for table in (self.hard_phrases, self.soft_phrases, self.author_phrases):
            for lst in table.values():
                lst.sort(key=len, reverse=True)

    def _add_domain(self, phrase: str) -> None:
        words = _words(phrase)
        if not words:
            return
        if len(words) > 1:
            self.hard_phrases.setdefault(words[:2], []).append(words)
        for w in words:
            # Single domain words are protected unless they are first names ("Emmy" in
            # "Emmy Berben" is protected only as part of that phrase).
            if len(w) >= 3 and w not in _PARTICLE_WORDS and w not in _STOP and w not in self.first:
                self.hard_words.add(w)


def _split_phrases(block: str) -> List[str]:
    return [p.strip() for p in block.replace("\n", " ").split("|") if p.strip()]


def _domain_vocabulary() -> List[str]:
    """Names from ``knowledge/content/names.yml`` and phrases from ``knowledge/content/topics.yml``."""
    out: List[str] = []
    try:
        import yaml
    except Exception:  # pragma: no cover - PyYAML comes with Rasa
        return out
    try:
        out.extend(vocabulary.all_forms())
    except (OSError, ValueError):
        logger.debug("privacy: %s not read", vocabulary.NAMES_FILE)
    try:
        spec = yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8")) or {}
        for topic in spec.get("topics") or []:
            if isinstance(topic, dict):
                out.append(str(topic.get("label", "")))
                out.extend(str(s) for s in topic.get("synonyms") or [])
                # Capitalised words inside descriptions ("Jeugdbescherming Regio Amsterdam").
                desc = str(topic.get("description", ""))
                out.extend(m.group() for m in re.finditer(r"(?<=\s)[A-Z][\w\-]+", desc))
        for key, value in (spec.get("terms") or {}).items():
            out.append(str(key))
            out.append(str(value))
    except Exception:
        logger.debug("privacy: %s not read", TOPICS_FILE)
    return out


_VOCAB: Optional[_Vocab] = None
_VOCAB_LOCK = threading.Lock()


def _vocab() -> _Vocab:
    global _VOCAB
    if _VOCAB is None:
        with _VOCAB_LOCK:
            if _VOCAB is None:
                _VOCAB = _Vocab()
    return _VOCAB


# --------------------------------------------------------------------------------------------
# Pattern detectors: each returns (start, end, kind) candidates on the current text.
# --------------------------------------------------------------------------------------------

Cand = Tuple[int, int, str]

_BSN_RE = re.compile(
    r"(?<![0-9])(?:[0-9]{9}|[0-9]{3}[ .\-][0-9]{3}[ .\-][0-9]{3}"
    r"|[0-9]{4}[ .\-][0-9]{2}[ .\-][0-9]{3}|[0-9]{8})(?![0-9])")


def _find_bsn(text: str) -> List[Cand]:
    from stdnum.nl import bsn

    out = []
    for m in _BSN_RE.finditer(text):
        digits = re.sub(r"[^0-9]", "", m.group())
        if len(digits) == 8:
            digits = "0" + digits
        try:
            ok = bsn.is_valid(digits)
        except Exception:
            ok = False
        if ok:
            out.append((m.start(), m.end(), "BSN"))
    return out


_PHONE_CUE_RE = re.compile(
    r"(?i)(?<![^\W\d_])(?:tel(?:efoon(?:nummer)?|nr)?|mob(?:iel(?:nummer)?)?|gsm|nummer|"
    r"whatsapp|bel(?:len|t)?)\.?:?[ \t]{0,3}(\+?[0-9][0-9 \-/().]{6,18}[0-9])(?![0-9])")
# A Dutch mobile number, also when glued to a word ("0612345678x") where the matcher is strict.
_MOBILE_RE = re.compile(
    r"(?<![0-9+])(?:\+31|0031|0)[ \t\-]?\(?0?\)?6(?:[ \t\-.]?[0-9]){8}(?![0-9])")
_SERVICE_TYPES: Optional[FrozenSet[int]] = None


def _is_service_number(raw: object) -> bool:
    """0800 / 0900-type numbers belong to organisations (helplines), never to a client.

    ``raw`` is a string or an already parsed ``phonenumbers.PhoneNumber``."""
    global _SERVICE_TYPES
    import phonenumbers

    if _SERVICE_TYPES is None:
        t = phonenumbers.PhoneNumberType
        _SERVICE_TYPES = frozenset({t.TOLL_FREE, t.PREMIUM_RATE, t.SHARED_COST})
    try:
        num = phonenumbers.parse(raw, "NL") if isinstance(raw, str) else raw
        return phonenumbers.number_type(num) in _SERVICE_TYPES
    except Exception:
        return False


def _find_phones(text: str) -> List[Cand]:
    out: List[Cand] = []
    if sum(c.isdigit() for c in text) < 6:
        return out
    import phonenumbers

    # Mobile numbers are found by a cheap regex; blank them out (same length, so offsets
    # stay) before the much slower matcher runs.
    mobiles = [(m.start(), m.end()) for m in _MOBILE_RE.finditer(text)]
    out.extend((s, e, "TELEFOON") for s, e in mobiles)
    scan = text
    if mobiles:
        parts, pos = [], 0
        for s, e in mobiles:
            parts.append(text[pos:s])
            parts.append(" " * (e - s))
            pos = e
        parts.append(text[pos:])
        scan = "".join(parts)
    try:
        for m in phonenumbers.PhoneNumberMatcher(scan, "NL"):
            if _is_service_number(m.number):
                continue
            s, e = m.start, m.end
            # The matcher may take a bracket that belongs to the surrounding text.
            while s < e and text[s] in "[ \t":
                s += 1
            while e > s and text[e - 1] in "] \t":
                e -= 1
            if text[s:e].startswith("(") and ")" not in text[s + 1:e]:
                s += 1
            if e > s:
                out.append((s, e, "TELEFOON"))
    except Exception:
        logger.debug("privacy: phone matcher failed", exc_info=True)
    for m in _PHONE_CUE_RE.finditer(text):
        raw = m.group(1)
        n = sum(c.isdigit() for c in raw)
        if 8 <= n <= 13 and not _is_service_number(raw):
            out.append((m.start(1), m.end(1), "TELEFOON"))
    return out


_EMAIL_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                         ".!#$%&'*+/=?^_`{|}~-")
_EMAIL_DOMAIN_RE = re.compile(r"(?:[\w\-]+\.)+[^\W\d_]{2,}")


def _find_emails(text: str) -> List[Cand]:
    out: List[Cand] = []
    pos = text.find("@")
    n = len(text)
    while pos != -1:
        s = pos
        limit = max(0, pos - 256)
        while s > limit and (text[s - 1] in _EMAIL_LOCAL or text[s - 1].isalnum()):
            s -= 1
        if s < pos:
            m = _EMAIL_DOMAIN_RE.match(text, pos + 1, min(n, pos + 1 + 256))
            if m:
                out.append((s, m.end(), "E-MAIL"))
        pos = text.find("@", pos + 1)
    return out


_POSTCODE_RE = re.compile(
    r"(?<![0-9A-Za-z])([1-9][0-9]{3})([ \t]?)([A-Za-z]{2})(?![A-Za-z0-9])")
_HOUSE_NO_RE = re.compile(
    r"[ \t]{0,3},?[ \t]{0,3}(?:(?:nr|no|nummer|huisnummer)\.?[ \t]{0,3})?"
    r"([0-9]{1,5}(?:-?[A-Za-z](?![A-Za-z])|[ \t]?-[ \t]?[0-9]{1,4}|-(?:hs|bis|I{1,3}|IV|bg))?)"
    r"(?![0-9])")
_UNIT_AFTER_RE = re.compile(
    r"[ \t]*(?:jaar|jr|jaren|%|procent|keer|x\b|maanden?|weken?|dagen?|uur|minuten|km|meter|m\b|"
    r"kinderen|gezinnen|euro|ouders|jongeren|personen|mensen|stuks|januari|februari|maart|"
    r"april|mei|juni|juli|augustus|september|oktober|november|december)", re.I)
_POSTCODE_CUE_RE = re.compile(r"(?i)postcode[ \t:]*$")


def _find_postcodes(text: str, domain_upper: FrozenSet[str]) -> List[Cand]:
    from stdnum.nl import postcode

    out: List[Cand] = []
    for m in _POSTCODE_RE.finditer(text):
        digits, space, letters = m.group(1), m.group(2), m.group(3)
        try:
            if not postcode.is_valid(digits + letters.upper()):
                continue  # SA, SD and SS are not used
        except Exception:
            continue
        cue = bool(_POSTCODE_CUE_RE.search(text, max(0, m.start() - 12), m.start()))
        if not letters.isupper():
            # "in 2013 is ..." is not a postcode; "1234ab" and "postcode 1234 ab" are.
            if not (letters.islower() and not space) and not cue:
                continue
        end = m.end()
        h = _HOUSE_NO_RE.match(text, end)
        if h and not _UNIT_AFTER_RE.match(text, h.end()):
            end = h.end()
        elif not cue and letters.upper() in domain_upper and 1900 <= int(digits) <= 2099:
            continue  # "sinds 2015 GI ..." is a year and an abbreviation
        out.append((m.start(), end, "POSTCODE"))
    return out


_MONTH_RE = r"(?:" + "|".join(sorted(_MONTHS + _MONTH_ABBR, key=len, reverse=True)) + r")"
_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
_MON = r"(?:0?[1-9]|1[0-2])"
_YEAR = r"(?:1[89][0-9]{2}|20[0-9]{2})"
_DATE_RE = re.compile(
    r"(?<![0-9])(?:"
    rf"{_DAY}[ \t]?([\-/.])[ \t]?{_MON}[ \t]?\1[ \t]?{_YEAR}"
    rf"|{_YEAR}-{_MON}-{_DAY}"
    rf"|{_DAY}(?:e|ste|de)?[ \t]{{1,3}}{_MONTH_RE}\.?,?[ \t]{{1,3}}'?{_YEAR}"
    r")(?![0-9])", re.I)
_BIRTH_CUE = (r"(?:geboren|geb\.?|geboortedatum|geb\.?[ \t]?datum|geboortedag|"
              r"geboorte|date of birth|dob|d\.o\.b\.|\*)")
_BIRTH_PARTIAL_RE = re.compile(
    rf"(?i)(?:(?<![^\W\d_])|(?<=\*)){_BIRTH_CUE}[ \t]{{0,3}}(?:op|in|:|=)?[ \t]{{0,3}}"
    rf"({_DAY}[\-/.]{_MON}[\-/.][0-9]{{2}}(?![0-9])"
    rf"|{_MONTH_RE}\.?[ \t]{{1,3}}'?{_YEAR}(?![0-9])"
    rf"|{_MON}[\-/]{_YEAR}(?![0-9]))")
_GUIDELINE_DATE_BEFORE_RE = re.compile(
    r"(?i)(?<![^\W\d_])(?:sinds|per|vanaf|m\.i\.v\.?|met ingang van)[ \t]{1,3}"
    r"(?:(?:" + "|".join(_DAYS) + r")[ \t]{1,3})?$")


def _find_dates(text: str) -> List[Cand]:
    out: List[Cand] = []
    for m in _DATE_RE.finditer(text):
        before_start = max(0, m.start() - 30)
        if _GUIDELINE_DATE_BEFORE_RE.search(text, before_start, m.start()):
            continue
        out.append((m.start(), m.end(), "GEBOORTEDATUM"))
    for m in _BIRTH_PARTIAL_RE.finditer(text):
        out.append((m.start(1), m.end(1), "GEBOORTEDATUM"))
    return out


_STREET_NUMBER_RE = re.compile(
    r"[ \t]{1,3}([0-9]{1,5}(?:[ \t]?-?[ \t]?[A-Za-z](?![A-Za-z])|-[0-9]{1,4}(?![0-9])"
    r"|[ \t]?-?(?:hs|bis|bg|I{1,3}|IV)(?![A-Za-z]))?)(?![0-9])")
_YEAR_STREET_RE = re.compile(r"[ \t]{1,3}(?:19|20)[0-9]{2}(?:-(?:19|20)[0-9]{2})?(?![0-9])")


# --------------------------------------------------------------------------------------------
# Tokens (for names and addresses)
# --------------------------------------------------------------------------------------------

class _Tok:
    __slots__ = ("start", "end", "text", "low", "cap", "upper", "sent", "gap", "ph")

    def __init__(self, start: int, end: int, text: str, gap: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.low = text.lower().replace("’", "'")
        if self.low[:1] == "'":
            self.low = self.low[1:]
        first = text[:1]
        self.upper = len(text) > 1 and text.isupper()
        self.cap = first.isupper() and not self.upper
        self.gap = gap  # text between the previous token and this one
        self.sent = False
        self.ph = ""  # placeholder kind when the token is inside a placeholder


_SENT_PUNCT = frozenset(".!?:;\n•|")


def _tokenize(text: str, ph_spans: Sequence[Tuple[int, int, str]]) -> List[_Tok]:
    toks: List[_Tok] = []
    prev_end = 0
    ph_i = 0
    for m in _TOKEN_RE.finditer(text):
        t = _Tok(m.start(), m.end(), m.group(), text[prev_end:m.start()])
        while ph_i < len(ph_spans) and ph_spans[ph_i][1] <= t.start:
            ph_i += 1
        if ph_i < len(ph_spans) and ph_spans[ph_i][0] <= t.start < ph_spans[ph_i][1]:
            t.ph = ph_spans[ph_i][2]
        gap = t.gap
        if not toks:
            t.sent = True
        elif any(c in _SENT_PUNCT for c in gap):
            stripped = gap.strip()
            prev = toks[-1]
            # "mw. Jansen", "J. de Vries", "geb. 12-03" are not sentence breaks.
            t.sent = not (stripped == "." and (prev.low in _ABBREVIATIONS or len(prev.text) == 1))
        toks.append(t)
        prev_end = m.end()
    return toks


def _simple_gap(gap: str) -> bool:
    return 0 < len(gap) <= 3 and gap.isspace()


def _match_phrase(toks: List[_Tok], i: int,
                  table: Dict[Tuple[str, ...], List[Tuple[str, ...]]]) -> int:
    """Length (in tokens) of the longest phrase from ``table`` starting at token i, or 0.

    ``table`` holds phrases of two or more words, keyed by their first two words."""
    if i + 1 >= len(toks):
        return 0
    for phrase in table.get((toks[i].low, toks[i + 1].low), ()):
        n = len(phrase)
        if i + n <= len(toks) and all(toks[i + k].low == phrase[k] for k in range(2, n)) \
                and all(not toks[i + k].ph for k in range(n)):
            return n
    return 0


def _base(low: str) -> str:
    """Strip a genitive: "sanne's" -> "sanne"."""
    if low.endswith("'s") or low.endswith("'"):
        return low.rsplit("'", 1)[0]
    return low


def _in_list(low: str, names: Set[str]) -> bool:
    """Is the word (without genitive) in ``names``? A double name ("anne-marie",
    "wijnen-lunenburg") is when one part is and every part is a known first name or surname."""
    b = _base(low)
    if b in names:
        return True
    if "-" in b:
        parts = [p for p in b.split("-") if p]
        allnames = _vocab().allnames
        return len(parts) > 1 and any(p in names for p in parts) and all(
            p in allnames for p in parts)
    return False


def _particle_at(toks: List[_Tok], i: int) -> int:
    """Number of tokens of a surname particle starting at i ("van der" -> 2), or 0."""
    for p in _PARTICLES_BY_FIRST.get(toks[i].low, ()):
        n = len(p)
        if i + n <= len(toks) and all(toks[i + k].low == p[k] for k in range(n)):
            if all(_simple_gap(toks[i + k].gap) or toks[i + k].gap in ("'", " '", "’", " ’")
                   for k in range(1, n)):
                return n
    return 0


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------

# Ambiguous first names that are function words: never a name at the start of a sentence.
_AMBIGUOUS_NEVER_SUBJECT = frozenset("""
wil ben men aan de jouw tien klaar nader kent hoi mag dan can will just else fine given take
sake said nine love hoop hope lot kan kader
""".split())
# Verbs (3rd person) that make the word before them a person: "Roos is 6", "Jansen belde".
_PERSON_VERBS = frozenset("""
is was wordt werd heeft had zegt zei vertelt vertelde wil wilde gaat ging woont woonde zit zat
komt kwam kan kon moet moest mag mocht durft speelt slaapt huilt eet krijgt kreeg doet deed
vindt vond weet wist blijft bleef loopt liep spijbelt belt belde blowt drinkt slaat sloeg
schreeuwt weigert weigerde plast praat sprak reageert luistert wordt gaat verblijft logeert
""".split())


# Words after which a known first name in lower case is a name: "met sanne", "omdat kevin".
_LOWER_NAME_TRIGGERS = frozenset("""
met van voor bij aan over door naar zonder tegen namens en of dat als omdat wanneer want maar
toen zodat terwijl zoals via zie sprak spreek spreken gesproken bel belde bellen gebeld zag
zie begeleid begeleiden help helpen hielp ondersteun ondersteunen
""".split())


def _person_follows(text: str, toks: List[_Tok], i: int) -> bool:
    """Is token i followed by a person's verb, or by an age in brackets ("Roos (6)")?"""
    if i + 1 < len(toks) and _simple_gap(toks[i + 1].gap) and toks[i + 1].low in _PERSON_VERBS:
        after = toks[i + 2] if i + 2 < len(toks) else None
        # "Storm is voorbij" / "Job is weg": still ambiguous, but in this chat a person is far
        # more likely; only "... is een/de/het ..." (a definition) is left alone.
        return not (after is not None and after.low in ("een", "de", "het", "geen")
                    and toks[i + 1].low in ("is", "was", "wordt", "werd"))
    return bool(re.match(r"[ \t]{0,2}\([ \t]?[0-9]", text[toks[i].end:toks[i].end + 6]))


def _find_names(text: str, toks: List[_Tok], v: _Vocab,
                addresses: Sequence[Cand] = ()) -> List[Cand]:
    n = len(toks)
    if not n:
        return []
    hard = [False] * n
    # Words of a street name ("Burgemeester Reigerstraat 12") are not a person's name.
    if addresses:
        starts = [t.start for t in toks]
        for s, e, _ in addresses:
            i = max(0, bisect.bisect_right(starts, s) - 1)
            while i < n and toks[i].start < e:
                if toks[i].end > s:
                    hard[i] = True
                i += 1
    place = [False] * n
    author = [False] * n
    for i, t in enumerate(toks):
        if t.ph:
            continue
        if t.low in v.hard_words or _base(t.low) in v.hard_words:
            hard[i] = True
        if t.low in v.soft_words:
            place[i] = True
        if t.low in v.author_words:
            author[i] = True
        for table, flags in ((v.hard_phrases, hard), (v.soft_phrases, place),
                             (v.author_phrases, author)):
            k = _match_phrase(toks, i, table)
            for j in range(i, i + k):
                flags[j] = True
    # Citations: "Munro (2011)", "Vink et al.", "(Bartelink, 2013)".
    for i, t in enumerate(toks):
        if not t.cap or t.ph:
            continue
        after = text[t.end:t.end + 12]
        if re.match(r"\s{0,2}(?:et\s+al\b|\(\s?(?:19|20)[0-9]{2}|,\s?(?:19|20)[0-9]{2}\b)", after):
            if t.low not in v.first or after.lstrip().startswith("et"):
                j = i
                while j >= 0 and j > i - 5:
                    tj = toks[j]
                    if not (tj.cap or tj.low in _PARTICLE_WORDS or tj.low in ("en", "&")):
                        break
                    author[j] = True
                    if j == 0 or not (_simple_gap(tj.gap) or tj.gap in (", ",)):
                        break
                    j -= 1

    def blocked(i: int) -> bool:
        t = toks[i]
        return bool(t.ph) or t.upper or t.low in _STOP or hard[i] or t.low in _NOT_NAMES \
            or t.low in _KIN or t.low in _TITLES

    def blocked_after_particle(i: int) -> bool:
        t = toks[i]
        return bool(t.ph) or t.upper or hard[i] or t.low in _NOT_NAMES or t.low in _KIN

    is_name = [False] * n
    from_sur = [False] * n  # seeded by the surname list: may take particles on the left

    # (c') a surname right after a particle, also when it is a place or an ordinary word:
    # "de Vries" (Vries is a village), "van der Meer", "ten Cate"; after "van der", "van den",
    # "van 't" any capitalised word that is not part of a place ("Den Haag", "De Bilt").
    for i, t in enumerate(toks):
        if not t.cap or i == 0 or not _simple_gap(t.gap) or t.sent or author[i] \
                or blocked_after_particle(i):
            continue
        for k in (3, 2, 1):
            if i - k >= 0 and _particle_at(toks, i - k) == k and \
                    all(_simple_gap(toks[x].gap) for x in range(i - k + 1, i)):
                words = tuple(x.low for x in toks[i - k:i])
                if place[i] and place[i - 1] and words[0] != "van":
                    break  # "in de Bilt", "in Den Haag"; but "van de Berg" is a name
                if (k >= 2 and words[:2] in (("van", "der"), ("van", "den"), ("van", "t"))) or (
                        words != ("van",) and _in_list(t.low, v.surnames_raw)):
                    is_name[i] = True
                    from_sur[i] = True
                break

    # (b, c) list-based seeds
    for i, t in enumerate(toks):
        if not t.cap or blocked(i) or author[i] or is_name[i]:
            continue
        if place[i]:
            continue
        if i > 0 and t.low in _MONTH_ABBR + _MONTHS and t.gap.strip() == "" and \
                text[max(0, t.start - 3):t.start].strip()[-1:].isdigit():
            continue  # "1 Jan 2015"
        # At the start of a sentence a word that is also an ordinary word ("Roos", "Storm")
        # or a surname ("Jansen") needs a person's verb or an age after it: "Roos is 6",
        # "Jansen belde", "Storm (8)".
        subject = t.sent and _person_follows(text, toks, i)
        if _in_list(t.low, v.first) or (t.low.endswith("s") and t.low[:-1] in v.first
                                        and t.low[:-1] not in v.ambiguous):
            base = _base(t.low)
            amb = base in v.ambiguous
            if not amb or not t.sent or (subject and base not in _AMBIGUOUS_NEVER_SUBJECT):
                is_name[i] = True
                continue
        if _in_list(t.low, v.surnames) and (not t.sent or (subject and t.low not in v.common)):
            is_name[i] = True
            from_sur[i] = True

    # (b') a known first name in lower case, in a person's position: after a preposition,
    # conjunction or family word ("gesprek met sanne", "omdat kevin ...", "vader mohammed"),
    # or before a person's verb or an age ("kevin is 8", "sanne (7)"); and only when it is not
    # also an ordinary Dutch or English word ("daan", "bram", "grace") or very short.
    if v.also_words:  # without that list lower-case words cannot be told apart safely
        for i, t in enumerate(toks):
            if t.cap or t.upper or t.ph or is_name[i] or len(t.low) < 3 or "-" in t.low:
                continue
            b = _base(t.low)
            if b not in v.first or b in v.ambiguous or b in v.common or b in v.also_words \
                    or blocked(i) or place[i] or author[i]:
                continue
            prev = toks[i - 1] if i > 0 else None
            after_trigger = prev is not None and not prev.ph and _simple_gap(t.gap) and (
                prev.low in _LOWER_NAME_TRIGGERS or prev.low in _KIN or prev.low in _NAMING)
            if after_trigger or _person_follows(text, toks, i) or t.low.endswith("'s"):
                is_name[i] = True

    # Initials before a surname: "J.P. Balkenende", "met A. Yildiz", "J. de Vries".
    for i, t in enumerate(toks):
        if not (len(t.text) == 1 and t.text.isupper() and text[t.end:t.end + 1] == "."):
            continue
        if t.ph or (i > 0 and len(toks[i - 1].text) == 1 and toks[i].gap == "."):
            continue  # not the first initial
        j = i
        while j + 1 < n and len(toks[j + 1].text) == 1 and toks[j + 1].text.isupper() and \
                toks[j + 1].gap in (".", ". ") and text[toks[j + 1].end:toks[j + 1].end + 1] == ".":
            j += 1
        if j + 1 >= n or toks[j + 1].gap not in (". ", ".  "):
            continue
        k = _particle_at(toks, j + 1)
        cand = j + 1 + k
        if cand >= n or not toks[cand].cap or (k and not _simple_gap(toks[cand].gap)):
            continue
        if (blocked_after_particle(cand) if k else blocked(cand)) or author[cand] or place[cand]:
            continue
        if k or not t.sent:
            for x in range(i, cand + 1):
                is_name[x] = True

    # (a) triggers
    for i, t in enumerate(toks):
        if t.ph or i + 1 >= n:
            continue
        low = t.low
        nxt = toks[i + 1]
        if nxt.ph:
            continue
        if low in _TITLES and (low != "heer" or (i > 0 and toks[i - 1].low == "de")):
            if low in ("gezin", "familie") and not nxt.cap:
                continue
            if not (_simple_gap(nxt.gap) or nxt.gap.strip() in (".", ":", ",")):
                continue
            j = i + 1
            run_start = j
            while j < n and len(toks[j].text) == 1 and toks[j].text.isupper() and \
                    text[toks[j].end:toks[j].end + 1] == ".":
                j += 1
            if j >= n:
                for k in range(run_start, j):
                    is_name[k] = True
                continue
            k = _particle_at(toks, j)
            cand = j + k
            if cand < n and not toks[cand].ph:
                c = toks[cand]
                ok = False
                if c.cap and not (blocked_after_particle(cand) if k else blocked(cand)):
                    ok = True
                elif not c.cap and not c.upper and c.low not in v.common and not blocked(cand) \
                        and c.low not in v.ambiguous and (_in_list(c.low, v.surnames)
                                                          or _in_list(c.low, v.first)):
                    ok = True
                if ok:
                    for k2 in range(run_start, cand + 1):
                        is_name[k2] = True
                    continue
            if j > run_start:  # "mw. J." on its own
                for k2 in range(run_start, j):
                    is_name[k2] = True
        elif low in _KIN:
            j = i + 1
            gap_ok = _simple_gap(nxt.gap) or nxt.gap in (", ", ",")
            via_van = False
            if gap_ok and nxt.low == "van" and low in _KIN_VAN and i + 2 < n \
                    and _simple_gap(toks[i + 2].gap):
                j = i + 2
                via_van = True
            if not gap_ok or toks[j].ph or blocked(j):
                continue
            c = toks[j]
            if c.cap:
                if place[j] or (author[j] and via_van):
                    continue
                is_name[j] = True
            elif not c.upper and not via_van and c.low in v.first and c.low not in v.ambiguous \
                    and c.low not in v.common:
                is_name[j] = True
        elif low in _NAMING:
            j = i + 1
            if nxt.low in _NAMING_SKIP and i + 2 < n:
                j = i + 2
            c = toks[j]
            gap = c.gap.strip()
            if c.ph or len(c.gap) > 4 or gap not in ("", ":", "'", '"', "‘", "“"):
                continue
            if blocked(j) or place[j]:
                continue
            if c.cap or (c.low not in v.common and c.low not in v.ambiguous
                         and (_in_list(c.low, v.first) or _in_list(c.low, v.surnames))):
                is_name[j] = True

    # (d) grow names: right over capitalised words and particles, left over particles/initials
    changed = True
    rounds = 0
    while changed and rounds < 4:
        changed = False
        rounds += 1
        i = 0
        while i < n:
            if not is_name[i]:
                i += 1
                continue
            j = i + 1
            # right
            if j < n and _simple_gap(toks[j].gap) and not is_name[j]:
                k = _particle_at(toks, j)
                cand = j + k
                if cand < n and (k == 0 or _simple_gap(toks[cand].gap)) and toks[cand].cap \
                        and not (blocked_after_particle(cand) if k else blocked(cand)) \
                        and not toks[cand].sent \
                        and (not place[cand] or _in_list(toks[cand].low, v.surnames)):
                    if not (author[cand] and not author[i]):
                        for x in range(j, cand + 1):
                            is_name[x] = True
                        changed = True
            # coordination: "Sanne en Xylia", "Sanne & Xylia"
            c_i = -1
            if j + 1 < n and toks[j].low in ("en", "of") and _simple_gap(toks[j].gap) \
                    and _simple_gap(toks[j + 1].gap):
                c_i = j + 1
            elif j < n and toks[j].gap.strip() == "&" and len(toks[j].gap) <= 3:
                c_i = j
            if c_i >= 0 and not is_name[c_i]:
                c = toks[c_i]
                if c.cap and not blocked(c_i) and not place[c_i] and not author[c_i]:
                    is_name[c_i] = True
                    changed = True
            i += 1
        # left: particles before a surname seed, initials before any name
        for i in range(n):
            if not is_name[i] or (i > 0 and is_name[i - 1]):
                continue
            if from_sur[i] and i > 0 and _simple_gap(toks[i].gap):
                for plen in (3, 2, 1):
                    s = i - plen
                    if s >= 0 and _particle_at(toks, s) == plen and \
                            all(_simple_gap(toks[x].gap) for x in range(s + 1, i + 1)) and \
                            not any(toks[x].ph for x in range(s, i)):
                        for x in range(s, i):
                            is_name[x] = True
                        changed = True
                        break
            s = i
            while s > 0 and toks[s].gap in (". ", ".") and len(toks[s - 1].text) == 1 and \
                    toks[s - 1].text.isupper():
                s -= 1
            if s < i:
                for x in range(s, i):
                    is_name[x] = True
                changed = True

    # Spans: consecutive name tokens joined by spaces (or "'" for "van 't").
    out: List[Cand] = []
    i = 0
    while i < n:
        if not is_name[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and is_name[j + 1] and (_simple_gap(toks[j + 1].gap) or
                                                toks[j + 1].gap in (". ", ".", " '", "'", "’")):
            j += 1
        # A lone particle or initial at the end is not part of the name.
        while j > i and (toks[j].low in _PARTICLE_WORDS and not toks[j].cap):
            j -= 1
        start = toks[i].start
        if toks[i].text in ("t", "s") and start > 0 and text[start - 1] in "'’":
            start -= 1
        end = toks[j].end
        if toks[j].low.endswith("'s") and len(toks[j].low) > 2:
            end -= 2  # "Lisa's vader" -> "[NAAM]'s vader"
        if len(toks[j].text) == 1 and toks[j].text.isupper() and text[end:end + 1] == ".":
            end += 1  # initials keep their dot
        out.append((start, end, "NAAM"))
        i = j + 1
    return out


# --------------------------------------------------------------------------------------------
# Addresses
# --------------------------------------------------------------------------------------------

def _find_addresses(text: str, toks: List[_Tok], v: _Vocab) -> List[Cand]:
    out: List[Cand] = []
    n = len(toks)
    for i, t in enumerate(toks):
        if t.ph:
            continue
        low = t.low
        head = t.cap and low in _STREET_HEADS
        suffix = None
        if not head:
            if not low.endswith(_STREET_SUFFIXES):
                continue
            for suf in _STREET_SUFFIXES:
                if low.endswith(suf) and len(low) > len(suf) + 1:
                    suffix = suf
                    break
            if suffix is None:
                continue
            if not t.cap and suffix not in _STREET_SUFFIXES_LOWER:
                continue
            if low in v.soft_words or low in v.hard_words or low in _NOT_NAMES:
                continue  # "Amsterdam 3", "Rotterdam"
        end_tok = i
        if head:
            # "Laan van Meerdervoort 5a", "Plein 1944 12"
            j = i + 1
            while j < n and j <= i + 3 and _simple_gap(toks[j].gap) and \
                    toks[j].low in _PARTICLE_WORDS:
                j += 1
            if j < n and _simple_gap(toks[j].gap) and toks[j].cap and not toks[j].ph and j > i + 1:
                end_tok = j
                if j + 1 < n and _simple_gap(toks[j + 1].gap) and toks[j + 1].cap and \
                        not toks[j + 1].ph:
                    end_tok = j + 1
            elif not (j == i + 1 and _YEAR_STREET_RE.match(text, t.end)):
                # a bare "Plein 12" / "Markt 3" is a street only when capitalised mid-sentence
                if t.sent:
                    continue
        pos = toks[end_tok].end
        ym = _YEAR_STREET_RE.match(text, pos) if head and end_tok == i else None
        if ym:
            m = _STREET_NUMBER_RE.match(text, ym.end())
            if not m:
                continue
        else:
            m = _STREET_NUMBER_RE.match(text, pos)
            if not m:
                continue
        if _UNIT_AFTER_RE.match(text, m.end()):
            continue
        # Left: "Burgemeester de Withstraat", "Van Hallstraat", "Prins Hendrikkade".
        s = i
        steps = 0
        while s > 0 and steps < 4 and _simple_gap(toks[s].gap) and not toks[s - 1].ph:
            p = toks[s - 1]
            if p.low in _STREET_PREFIX_WORDS and (p.cap or p.low in ("st", "mr", "dr")):
                s -= 1
            elif p.low in _PARTICLE_WORDS and (p.cap or (
                    s - 2 >= 0 and toks[s - 2].cap and (toks[s - 2].low in _STREET_PREFIX_WORDS
                                                         or toks[s - 2].low in v.first))):
                s -= 1
            elif p.cap and (p.low in v.first or p.low in v.surnames) and p.low not in _STOP \
                    and (not p.sent or toks[s].low in _PARTICLE_WORDS):  # "Jan van Galenstraat"
                s -= 1
            else:
                break
            steps += 1
        while s < i and toks[s].low in _PARTICLE_WORDS and not toks[s].cap:
            s += 1
        out.append((toks[s].start, m.end(), "ADRES"))
    return out


# --------------------------------------------------------------------------------------------
# Putting it together
# --------------------------------------------------------------------------------------------

def _placeholder_spans(text: str) -> List[Tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()[1:-1]) for m in PLACEHOLDER_RE.finditer(text)]


def _detect(text: str) -> List[Cand]:
    """All findings on ``text`` (merged, clipped around existing placeholders)."""
    v = _vocab()
    ph = _placeholder_spans(text)
    cands: List[Cand] = []
    cands += _find_emails(text)
    cands += _find_bsn(text)
    cands += _find_phones(text)
    cands += _find_postcodes(text, _domain_upper(v))
    cands += _find_dates(text)
    toks = _tokenize(text, ph)
    addresses = _find_addresses(text, toks, v)
    cands += addresses
    cands += _find_names(text, toks, v, addresses)
    return _merge(text, cands, ph)


_DOMAIN_UPPER: Optional[FrozenSet[str]] = None


def _domain_upper(v: _Vocab) -> FrozenSet[str]:
    global _DOMAIN_UPPER
    if _DOMAIN_UPPER is None:
        _DOMAIN_UPPER = frozenset(
            {"GI", "VT", "OT", "UHP", "AMK", "JB", "RVDK", "CJG", "GGZ", "GGD"}
            | {w.upper() for w in v.hard_words if len(w) == 2})
    return _DOMAIN_UPPER


def _merge(text: str, cands: List[Cand], ph: List[Tuple[int, int, str]]) -> List[Cand]:
    # Clip around existing placeholders (they are never redacted again).
    clipped: List[Cand] = []
    ph_starts = [p[0] for p in ph]
    for s, e, kind in cands:
        pieces = [(s, e)]
        k = max(0, bisect.bisect_right(ph_starts, s) - 1)
        for ps, pe, _ in ph[k:]:
            if ps >= e:
                break
            if pe <= s:
                continue
            new = []
            for a, b in pieces:
                if pe <= a or ps >= b:
                    new.append((a, b))
                    continue
                if a < ps:
                    new.append((a, ps))
                if pe < b:
                    new.append((pe, b))
            pieces = new
        for a, b in pieces:
            while a < b and (text[a].isspace() or text[a] in ",;[]"):
                a += 1
            while b > a and (text[b - 1].isspace() or text[b - 1] in ",;[]"):
                b -= 1
            if b > a and any(c.isalnum() for c in text[a:b]):
                clipped.append((a, b, kind))
    if not clipped:
        return []
    clipped.sort()
    merged: List[Cand] = []
    cur_s, cur_e, best = clipped[0][0], clipped[0][1], clipped[0]
    for s, e, kind in clipped[1:]:
        if s < cur_e:  # overlap: one span, kind of the longest member
            cur_e = max(cur_e, e)
            if (e - s, _PRIORITY[kind]) > (best[1] - best[0], _PRIORITY[best[2]]):
                best = (s, e, kind)
        else:
            merged.append((cur_s, cur_e, best[2]))
            cur_s, cur_e, best = s, e, (s, e, kind)
    merged.append((cur_s, cur_e, best[2]))
    return merged


def _coerce(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)


def redact(text: object) -> Redaction:
    """Redact ``text``; see the module docstring for what is found and the known limits.

    Detection is repeated on the redacted text until nothing new is found (normally one
    extra pass, and only when something was found), so the result is a fixed point:
    ``redact(redact(x).text).text == redact(x).text``.
    """
    try:
        original = _coerce(text)
    except Exception:
        return Redaction("", [])
    if not original:
        return Redaction(original, [])
    try:
        return _redact(original)
    except Exception:  # never let a bug leak the text or break the conversation
        logger.exception("privacy: redaction failed; falling back to coarse redaction")
        return _fallback(original)


def _redact(original: str) -> Redaction:
    current = original
    # Map from the current text back to the original: sorted, contiguous pieces
    # (cur_start, cur_end, orig_start, orig_end, inserted). An inserted piece is a placeholder
    # that stands for orig_start..orig_end as a whole.
    pieces: List[Tuple[int, int, int, int, bool]] = [(0, len(original), 0, len(original), False)]
    findings: List[Finding] = []
    for _ in range(50):  # a fixed point is reached after one or two passes
        found = _detect(current)
        if not found:
            break
        starts = [p[0] for p in pieces]
        out: List[str] = []
        new_pieces: List[Tuple[int, int, int, int, bool]] = []
        pos = npos = 0
        for s, e, kind in found + [(len(current), len(current), "")]:
            for a, b, oa, ob, ins in _pieces_in(pieces, starts, pos, s):
                new_pieces.append((npos, npos + b - a, oa, ob, ins))
                npos += b - a
            out.append(current[pos:s])
            if not kind:
                break
            oa, ob = _to_original(pieces, starts, s, e)
            findings.append(Finding(kind, oa, ob))
            ph = PLACEHOLDERS[kind]
            out.append(ph)
            new_pieces.append((npos, npos + len(ph), oa, ob, True))
            npos += len(ph)
            pos = e
        current = "".join(out)
        pieces = new_pieces
    return Redaction(current, _normalise_findings(findings))


def _pieces_in(pieces, starts: List[int], s: int, e: int):
    """The map restricted to current-text range [s, e)."""
    out = []
    if e <= s:
        return out
    k = max(0, bisect.bisect_right(starts, s) - 1)
    for cs, ce, os_, oe, ins in pieces[k:]:
        if cs >= e:
            break
        if ce <= s:
            continue
        a, b = max(cs, s), min(ce, e)
        if ins:  # a placeholder from an earlier pass stands for its original span as a whole
            out.append((a, b, os_, oe, True))
        else:
            out.append((a, b, os_ + (a - cs), os_ + (b - cs), False))
    return out


def _to_original(pieces, starts: List[int], s: int, e: int) -> Tuple[int, int]:
    parts = _pieces_in(pieces, starts, s, e)
    if not parts:
        return s, e
    return min(p[2] for p in parts), max(p[3] for p in parts)


def _normalise_findings(findings: List[Finding]) -> List[Finding]:
    findings = sorted(findings, key=lambda f: (f.start, -f.end))
    out: List[Finding] = []
    for f in findings:
        if out and f.start < out[-1].end:
            last = out[-1]
            if f.end > last.end:
                out[-1] = Finding(last.kind, last.start, f.end)
            continue
        out.append(f)
    return out


_FALLBACK_DIGITS = re.compile(r"[0-9][0-9 .\-/()+]*[0-9]")
_FALLBACK_WORDS = re.compile(r"(?<![^\W\d_])[A-Z][^\W\d_]*")


def _fallback(original: str) -> Redaction:
    """Coarse redaction when the normal path failed: capitalised words, e-mails and numbers."""
    try:
        text = _FALLBACK_WORDS.sub(lambda m: m.group() if PLACEHOLDER_RE.fullmatch(
            "[" + m.group() + "]") else "[NAAM]", original)
        text = re.sub(r"\S*@\S*", "[E-MAIL]", text)
        text = _FALLBACK_DIGITS.sub(lambda m: "[TELEFOON]" if len(m.group()) >= 5 else m.group(),
                                    text)
        return Redaction(text, [Finding("NAAM", 0, len(original))])
    except Exception:
        return Redaction("", [Finding("NAAM", 0, len(original))])


def redact_text(text: object) -> str:
    """Convenience: ``redact(text).text``."""
    return redact(text).text


# Load the word lists at import, so the first message is not slow; tolerate any failure.
try:
    _vocab()
except Exception:  # pragma: no cover
    logger.exception("privacy: vocabulary could not be loaded")
