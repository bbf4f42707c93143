"""Acute-danger detector: does this message describe a child in acute danger *now*?

Product rule: acute danger to a child is answered with the escalation card first, whatever
the NLU predicts. ``assess(text)`` runs on every user message, so it is deterministic and
explainable, uses no model and no network, never raises, and typically takes 0.1-0.3 ms.

    >>> a = assess("vader slaat zijn zoon waar ik bij sta")
    >>> a.acute, a.reasons
    (True, ["geweld nu: 'slaat ... waar ik bij sta'"])

``reasons`` holds the rule label and the matched cue words (folded), nothing else of the
message; ``suppressed`` says which rules matched but were switched off, and by what.

Reading the text
================

The text (first ``MAX_CHARS`` characters) is folded like ``jeugdhulp.knowledge.analysis.fold`` (lower
case, no accents), apostrophes are dropped (``m'n`` -> ``mn``), letters typed three or more
times are squeezed (``helppp``), ``. ! ? ;`` and new lines end a *sentence*, ``, : ( ) "``
and dashes end a *clause*, everything else that is not a letter or digit becomes a space,
and chat spellings are repaired (``TYPOS``: vanacht, vannag, zn, mn, papa, kids ...).
Cues are regular expressions over whole words (``CUES``). Dutch inflection is spelled out
per verb (``VIOLENCE_VERBS``: slaan slaat sloeg geslagen ...; ``_verb_forms`` adds the d/t
typo of each form: slaad, schopd, mishandelt/mishandeld), and each violence match knows
its tense (present, infinitive/plural, past, participle), so "wordt geslagen" and "is aan
het slaan" count as present and "het slaan" / "is slaan verboden" as a noun (ignored).

What makes a message ACUTE (``RULES``)
=====================================

1. Danger that is acute by itself: ``levensgevaar``, "(is) in acuut gevaar", "acuut
   onveilig", "bang voor haar leven", threats to kill or harm ("dreigt het kind te
   vermoorden / iets aan te doen / uit het raam te gooien / te smoren", "doodslaan", "in
   brand steken", "dreigt dat niemand haar meer ziet"), a weapon in someone's hands ("heeft
   een mes", ``gewapend``, "met een mes op de keel"), strangling and smothering (``wurgt``,
   "aan de keel", "kussen op het gezicht", "onder water houden"), a medical emergency
   (``bewusteloos``, "ademt niet", ``bloedt``, "blauw aangelopen", "ligt slap", "al dagen
   niets gegeten", smoke, fire, gas), a shaken baby, suicide now ("wil zich van kant
   maken", "van het leven beroven", "staat op het dak", "pillen geslikt/verzameld",
   "afscheidsbrief"), a child who does not dare to go home, a child locked up or left in a
   car, "moet ik 112 bellen?".
2. Danger that needs context -- violence (``slaat schopt trapt mishandelt`` ..., "geeft
   haar klappen", "gooit hem tegen de muur"), sexual abuse (``misbruikt verkracht``, "zit
   aan haar"), self-harm ("heeft zich gesneden"), forced marriage / abduction /
   exploitation as acts ("wordt uitgehuwelijkt", "door haar loverboy opgehaald"), "niet
   veilig", a drunk or aggressive parent, a child shut out (in the cold, in pyjamas), a
   baby or toddler left alone -- together with, in the same sentence and within a few words:

   * now: ``nu`` (within 5 words, same clause), "op dit moment", ``momenteel``, "het
     gebeurt nu", "right now";
   * just now: ``net`` (not "net als/zo/begonnen"), ``zojuist``, ``zonet``, "10 minuten
     geleden";
   * a first-person witness: "waar ik bij sta", "ik zie", "hoor ik", "ik sta ernaast",
     "ik ben ter plaatse", "ik zit voor het huis", "terwijl ik"; also "tijdens het
     huisbezoek" with present-tense violence (this one overrides no frame below);
   * tonight or soon: ``vannacht``, ``vanavond``, ``straks``, "midden in de nacht", "al
     uren"; a drunk/aggressive parent who "komt zo thuis" / "staat voor de deur";
   * "moet vanavond terug naar huis" + violence, abuse, an injury or fear in the sentence;
   * a serious injury + help refused ("gebroken pols ... weigeren de dokter", "laten me
     niet binnen"); a drunk/high parent + a baby or toddler, or + driving;
   * for forced marriage, abduction and exploitation also "morgen", "dit weekend";
   * for present-tense violence or abuse, "niet veilig" and a child left alone: a cry for
     help anywhere in the message ("wat moet ik (nu) doen", "wat nu", "help", "112",
     "politie", "dringend", "!!", "doodsbang"), unless the sentence says it is habitual
     ("regelmatig", "vaak", "al jaren").
3. A short statement (no question mark, at most 30 words) reporting violence in the present
   tense, not as a report of what someone said or suspects, not habitual: "hij gooit zijn
   dochter tegen de muur".

What SUPPRESSES a rule (the danger is not a present, concrete situation)
========================================================================

* a training frame anywhere in the message: quiz, toets, examen, oefencasus, rollenspel,
  vignet, training, scenario, fictief, "schrijf een casus" ...;
* a hypothetical earlier in the sentence: "stel dat", "wat als", "stel je voor",
  "gesteld dat", ``bijvoorbeeld``, "in theorie";
* a generic subject: "als/wanneer/indien + een/je/ouders/kinderen/er" earlier in the
  clause; "bij" right before the danger ("bij levensgevaar"); a generic relative clause
  ("kinderen die", "gezinnen waarin", "een vader die") or numbers, trends and the law
  ("hoeveel", "vaker", "in Nederland", "verboden") -- these two unless a first-person
  witness cue is near ("ik zie een vader die zijn kind slaat" still fires);
* the past: "vorige maand", "in het verleden", "destijds", "toen ik", "als kind",
  supervision/intervision, "hoe had ik" -- unless a present cue (``nu``, "op dit moment",
  ``vannacht``, "ik zie", "waar ik bij sta") is near the danger too;
* a knowledge question or a condition earlier in the clause: "wat zegt", "welke
  interventie", "hoe herken ik", "volgens de richtlijn", "meldcode", ``als``, ``wanneer``
  -- unless a present or just-now cue is near the danger.

Why this shape
==============

Missing an emergency is far worse than showing an extra card, so the danger cues are broad
and any one concrete signal (now, just now, a witness, tonight, a cry for help) is enough.
But the guidelines are full of "acuut", "crisis", "levensbedreigend", "spoedmelding",
"onveilig", "mishandeld" and "getuige van geweld", and professionals ask about them all
day: those words are never cues on their own, because guideline sentences and questions
about them are generic (no first-person witness, no now, no tonight). The tests run every
guideline sentence, every passage and the project's evaluation questions through
``assess`` and require that none fires.

Known limits: no parsing (a cue pair is "within N words in the same sentence"); danger
told without any listed cue (slang, euphemism, other languages than Dutch and a little
English) is missed; a past report of suicidal talk ("vorige week zei ze dat ze niet meer
wil leven") counts as a past case; a hypothetical that is phrased as a plain statement
("vader slaat zijn zoon waar ik bij sta" as a case description without "casus"/"stel
dat") fires; only the first ``MAX_CHARS`` characters are read.
"""
from __future__ import annotations

import bisect
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Iterable, List, Optional, Pattern, Sequence, Tuple

logger = logging.getLogger(__name__)

#: Only this many characters of a message are read (chat messages are far shorter; a
#: pasted document of this size is scanned in about 10-50 ms).
MAX_CHARS = 20_000


# --------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------

def fold(text: str) -> str:
    """Same as ``jeugdhulp.knowledge.analysis.fold`` (kept here so this module imports nothing heavy)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Chat spellings and typos, token -> token (applied after folding).
TYPOS: Dict[str, str] = {
    "vanacht": "vannacht", "vannag": "vannacht", "vanag": "vannacht", "vnacht": "vannacht",
    "vannach": "vannacht", "vanach": "vannacht", "vannachts": "vannacht",
    "vanavont": "vanavond", "vanaved": "vanavond", "vnavond": "vanavond",
    "nuu": "nu", "nw": "nu",
    "helpp": "help", "hlp": "help", "heeelp": "help",
    "zojiust": "zojuist", "zojust": "zojuist", "zonnet": "zonet",
    "mn": "mijn", "zn": "zijn", "dr": "haar", "zn'n": "zijn",
    "mama": "moeder", "mam": "moeder", "mams": "moeder", "ma": "moeder",
    "papa": "vader", "pap": "vader", "paps": "vader", "pa": "vader",
    "kids": "kinderen", "kiddo": "kind",
    "pls": "alsjeblieft", "plz": "alsjeblieft", "aub": "alsjeblieft",
    "wt": "wat", "mot": "moet",
    "politi": "politie", "polietie": "politie", "opgeslote": "opgesloten", "opgesloote": "opgesloten",
    "levensgevar": "levensgevaar", "levengevaar": "levensgevaar",
}

_APOSTROPHES = re.compile(r"['\u2019\u2018`\u00b4]")
_REPEATS = re.compile(r"(.)\1{2,}")
_SENTENCE = re.compile(r"[.!?;\n\r\u2026]+")
_CLAUSE = re.compile(r"[,:()\[\]{}\"\u201c\u201d\u201e<>]+|\s[-\u2013\u2014]+\s")
_OTHER = re.compile(r"[^a-z0-9|,]+")


# --------------------------------------------------------------------------------------
# Word lists used in the cue table
# --------------------------------------------------------------------------------------

def _verb_forms(*forms: str) -> List[str]:
    """The given forms plus the d/t typo of every form ending in d or t (slaat -> slaad)."""
    out: List[str] = []
    for form in forms:
        for f in form.split():
            out.append(f)
            if f.endswith("t") and not f.endswith("dt"):
                out.append(f[:-1] + "d")
            elif f.endswith("d"):
                out.append(f[:-1] + "t")
    return out


# Violence verbs: infinitive (= plural present), 3rd person present, past, participle.
VIOLENCE_VERBS: Tuple[Tuple[str, str, str, str], ...] = (
    ("slaan", "slaat slaag", "sloeg sloegen sloech", "geslagen geslage geslaan"),
    ("schoppen", "schopt", "schopte schopten", "geschopt"),
    ("trappen", "trapt", "trapte trapten", "getrapt"),
    ("stompen", "stompt", "stompte stompten", "gestompt"),
    ("meppen", "mept", "mepte mepten", "gemept"),
    ("beuken", "beukt", "beukte beukten", "gebeukt"),
    ("rammen", "ramt", "ramde ramden", "geramd"),
    ("mishandelen", "mishandelt", "mishandelde mishandelden", "mishandeld"),
    ("aftuigen", "tuigt", "tuigde tuigden", "afgetuigd"),
    ("vechten", "vecht", "vocht vochten", "gevochten"),
    ("afranselen", "ranselt", "ranselde", "afgeranseld"),
    ("knijpen", "knijpt", "kneep knepen", "geknepen"),
    # English words people mix in
    ("hitting beating kicking punching hurting abusing attacking",
     "hits beats kicks punches hurts abuses attacks", "", ""),
)
SEXUAL_VERBS: Tuple[Tuple[str, str, str, str], ...] = (
    ("misbruiken", "misbruikt", "misbruikte misbruikten", "misbruikt"),
    ("verkrachten", "verkracht", "verkrachtte verkrachtten", "verkracht"),
    ("aanranden", "randt", "randde", "aangerand"),
    ("betasten", "betast", "betastte", "betast"),
    ("raping molesting", "rapes molests", "raped molested", ""),
)


def _lexicon(verbs: Sequence[Tuple[str, str, str, str]]) -> Dict[str, str]:
    """word -> tense ('pres', 'inf', 'part', 'past'); the first column that has a word wins,
    and real forms win over d/t typos (mishandeld is a participle, not a typo of mishandelt)."""
    lexicon: Dict[str, str] = {}
    columns = ("pres", "inf", "part", "past")
    for typos in (False, True):
        for row in verbs:
            for tense, forms in zip(columns, (row[1], row[0], row[3], row[2])):
                for form in (_verb_forms(forms) if typos else forms.split()):
                    lexicon.setdefault(form, tense)
    return lexicon


VIOLENCE_LEXICON = _lexicon(VIOLENCE_VERBS)
SEXUAL_LEXICON = _lexicon(SEXUAL_VERBS)
# Words that make a violence phrase past tense ("gaf haar een klap").
PAST_WORDS: FrozenSet[str] = frozenset(
    [w for w, t in {**VIOLENCE_LEXICON, **SEXUAL_LEXICON}.items() if t == "past"]
    + "gaf gaven kreeg kregen gooide gooiden smeet trok duwde was werd had stond zat zag hoorde".split()
)


def _alt(words: Iterable[str]) -> str:
    return "(?:" + "|".join(sorted(set(words), key=len, reverse=True)) + ")"


def _gap(n: int) -> str:
    """Up to n arbitrary words (never crosses a sentence or clause boundary)."""
    return rf"(?:[a-z0-9]+ ){{0,{n}}}"


G2, G3, G4, G6 = _gap(2), _gap(3), _gap(4), _gap(6)

CHILD = _alt(
    "kind kinderen kindje kindjes kleine kleintje baby babys babytje zuigeling pasgeborene "
    "peuter peutertje kleuter dreumes jongen jongetje meisje meid meidje zoon zoontje dochter "
    "dochtertje broertje zusje jongere jongeren tiener puber pupil client cliente pleegkind "
    "neefje nichtje kid child".split()
)
PERSON_OBJ = _alt(["haar", "hem", "ze", "hen", "mij", "me", "jou", "ons", "zichzelf", "zich", "mezelf",
                   "de kinderen", "het kind", "de baby", "de kleine", "haar kinderen", "zijn kinderen"])
KILL = _alt(
    [
        "vermoorden", "vermoord", "vermoordt", "te vermoorden", "doden", "te doden",
        "dood te maken", "dood maken", "doodmaken", "dood te slaan", "doodslaan", "doodslaat",
        "dood te steken", "doodsteken", "dood te schieten", "doodschieten", "af te maken",
        "afmaken", "om te brengen", "ombrengen", "kapot te maken", "neer te steken",
        "neersteken", "neergestoken", "te wurgen", "te smoren", "smoren", "te verdrinken", "te verstikken",
        "te vergiftigen", "van het leven te beroven", "kill", "murder",
    ]
)
WEAPON = _alt(
    "mes messen keukenmes broodmes vleesmes zakmes vlindermes stiletto wapen vuurwapen steekwapen pistool geweer "
    "bijl hamer honkbalknuppel knuppel knife gun".split()
)
SERIOUS_INJURY = _alt(
    "gebroken breuk botbreuk hersenschudding brandwond brandwonden hoofdwond schedelletsel hoofdletsel "
    "opgezwollen gezwollen gekneusd bloedende".split()
    + ["bloed in", "met bloed", "kan (?:zijn|haar|z?n) (?:arm|been|hoofd) niet (?:meer )?bewegen"]
)


# "ik zie", "hoor ik" are a witness, but not in "ik zie op tegen", "ik hoor van school",
# "ik zie in de richtlijn", "ik hoor vaak", "ik zie geen mogelijkheden" ...
_NOT_SEEING = (
    r"(?! (?:vaak|regelmatig|soms|wel eens|weleens|in|van|bij|aan|dat in|nu pas|pas|graag|het graag|geen|niet|"
    r"het niet|weinig|veel|als|het als|mogelijkheden|kansen|op tegen|er tegen op|er erg tegen op|ertegen op|"
    r"ertegenop|tegen op|erg op tegen|het zo|terug|je|jullie|u)\b)"
)


# --------------------------------------------------------------------------------------
# The cue table: name -> regular expression over the normalised text.
# Kinds (see RULES): danger that needs context, danger that is acute by itself,
# context that makes danger current, and frames that suppress.
# --------------------------------------------------------------------------------------

def _any(*alternatives: str) -> str:
    """One cue from several alternatives, each matched as whole words."""
    return "|".join(rf"\b(?:{a})\b" for a in alternatives)


ROOM_WORDS = "kast|kelder|kamer|schuur|badkamer|wc|toilet|hok|zolder|garage|slaapkamer|bench"
ROOMS = f"(?:{ROOM_WORDS})"
BABY = "(?:baby|babytje|zuigeling|kindje|pasgeborene)"

CUES: Dict[str, str] = {
    # ==== danger that needs a current / concrete context ================================
    # violence: every form of the verbs in VIOLENCE_VERBS, and violence phrases
    "geweld": _any(
        _alt(VIOLENCE_LEXICON),
        r"(?:geeft|gaf|geven|krijgt|kreeg|krijgen|kregen) " + G3 + r"(?:een )?(?:klap|klappen|mep|meppen|dreun|"
        r"dreunen|tik|tikken|trap|schop|stomp|stompen|pak slaag|slaag|oplawaai|vuistslag|kopstoot)",
        r"(?:gooit|gooide|smijt|smeet|duwt|duwde|geduwd|gegooid|slingert) " + G4
        + r"(?:tegen de (?:muur|grond|kast|deur)|van de trap|de trap af|op de grond|door de kamer)",
        r"(?:tegen de (?:muur|grond|kast|deur)|van de trap|op de grond) "
        r"(?:duwt|duwde|gooit|gooide|smijt|smeet|geduwd|gegooid|gesmeten|slaat|sloeg|geslagen)",
        r"(?:gooit|gooide|smijt|smeet) met",
        r"(?:trekt|trok|sleurt|sleurde) " + G3 + r"(?:aan (?:haar|zijn|de) haren|aan de haren|over de grond)",
        r"in elkaar (?:geslagen|getrapt|geschopt)", r"bont en blauw",
        r"(?:klap|klappen|mep|dreun|schop|trap|stomp|tik|kopstoot|vuistslag) (?:gegeven|verkocht|gekregen)",
        r"door elkaar (?:rammel\w*|schud\w*|geschud|gerammeld)", r"(?:rammelt|rammelde|gerammeld)",
        r"(?:straks|vanavond|vannacht|zo meteen|thuis) (?:nog |weer )?meer (?:krijgt|krijgen)", r"ervan langs",
        r"geweld",  # the noun only pairs with a tight "nu" or "op dit moment" (see _assess)
    ),
    # sexual abuse
    "seksueel": _any(
        _alt(SEXUAL_LEXICON),
        r"zit(?:ten)? (?:aan (?:haar|hem|(?:het|de|zijn|z?n|mijn|haar) " + CHILD + r")|(?:haar|hem) aan)",
        r"seks met (?:haar|hem|het kind|zijn|mijn)", r"moet (?:zich )?uitkleden",
    ),
    # not safe ("niet veilig", but not "[kan ik] niet Veilig Thuis bellen")
    "onveilig": _any(
        r"niet (?:meer )?veilig\b(?! thuis (?:bellen|gebeld|inschakelen|melden|raadplegen|advies|een melding))",
        r"onveilig", r"in (?:acuut |direct |groot )?gevaar", r"not safe", r"unsafe",
        r"kan " + G2 + r"niet (?:meer )?(?:veilig )?(?:naar huis|thuis (?:blijven|slapen))",
    ),
    # a parent who is drunk, high, psychotic, raging
    "agressie": _any(
        r"(?:agressief|dronken|stomdronken|bezopen|ladderzat|onder invloed|high|stoned|doorgedraaid|psychotisch|"
        r"woedend|razend|gewelddadig|door het lint|flipt|geflipt|ontploft|drunk|aggressive|escaleert|uit de hand)",
    ),
    # a child shut out of the house
    "buitengesloten": _any(
        r"laat " + G4 + r"niet (?:meer )?(?:binnen|naar binnen|in huis)",
        r"niet (?:meer )?binnen(?:laten|gelaten)", r"mag niet (?:meer )?(?:naar )?binnen",
        r"doet " + G2 + r"(?:de deur )?niet (?:meer )?open", r"buiten ?gesloten",
        r"(?:op straat|buiten|eruit|de deur uit) gezet", r"zet " + G2 + r"(?:op straat|buiten|eruit|de deur uit)",
        r"uit huis gezet",
    ),
    # out in the street, nowhere to sleep, cold
    "straat": _any(
        r"op straat", r"(?:staat|zit|slaapt|ligt|zwerft|loopt) " + G2 + r"(?:buiten|voor de deur|in de kou)",
        r"nergens (?:om )?(?:heen|naartoe|te slapen|slapen)", r"geen slaapplek", r"het vriest", r"ijskoud",
        r"vrieskou", r"in (?:zijn|haar|z?n|hun) (?:pyjama|pyjamas|onderbroek|nachthemd|ondergoed)", r"op blote voeten",
    ),
    # a (young) child left alone
    "alleen_gelaten": _any(
        CHILD + " " + _gap(8) + r"alleen (?:thuis|gelaten|achtergelaten|in huis|in de auto)",
        r"alleen (?:thuis |achter)?gelaten", r"(?:laat|liet|laten|lieten) " + G4 + r"alleen (?:thuis|achter)",
    ),
    # what a witness hears: screams, bangs
    "geluid": _any(
        r"(?:klappen|gegil|gil|gillen|gilt|gekrijs|krijsen|gebonk|bonken|glas breken|hulpgeroep|om hulp roepen|"
        r"roept om hulp)",
    ),
    # a serious injury (pairs with "weigert_hulp")
    "letsel": _any(SERIOUS_INJURY),
    # ... and nobody may help: ouders weigeren de dokter, laten de hulpverlener niet binnen
    "weigert_hulp": _any(
        r"(?:weiger\w*|willen niet|wil niet|geen|niet naar) " + G4
        + r"(?:hulp|dokter|arts|huisarts|ziekenhuis|seh|eerste hulp|ambulance|medische)",
        r"laten (?:me|mij|ons|de hulpverlening|niemand) niet (?:meer )?binnen", r"doen " + G2 + r"niet (?:meer )?open",
    ),
    # fear: panic, terror (pairs with "has to go back tonight")
    "angst": _any(r"(?:doodsbang|in paniek|panisch|bang|angstig|doodsangst|trilt|huilt|overstuur)"),
    # has to go back home tonight (pairs with violence or abuse in the same sentence)
    "terug_naar_huis": _any(
        r"(?:moet|gaat|gaan|moeten|wil|wilt|willen|neemt|komt) " + G3 + r"(?:vanavond|vannacht|straks|zo|vandaag|nu) "
        + G3 + r"(?:terug |mee |weer )?naar (?:huis|de kamer van|het bed van|bed bij)",
        r"(?:moet|gaat) " + G2 + r"(?:vanavond|vannacht|straks) (?:weer )?(?:naar|bij) " + G4
        + r"(?:vader|stiefvader|oom|opa|moeder|stiefmoeder|dader|hem)",
        r"(?:vanavond|vannacht|straks) (?:weer )?(?:terug )?naar " + G6
        + r"(?:huis|vader|stiefvader|oom|opa|moeder|stiefmoeder|dader|hem) (?:moet|gaat|moeten|gaan)",
    ),
    # forced marriage, abduction, sexual exploitation (pairs with soon / now)
    # (acts, not the topic: "loverboyproblematiek" or "huwelijksdwang" alone never count)
    "uitbuiting": _any(
        r"(?:uitgehuwelijkt|ontvoerd|ontvoert|ontvoeren|ontvoerde)",
        r"(?:naar|in) het buitenland (?:gebracht|meegenomen|gestuurd|achtergelaten|brengen|sturen)",
        r"(?:met|aan) mannen mee", r"moet " + G3 + r"mee met (?:mannen|hem|een man)",
        r"(?:door|bij) (?:haar|zijn|de|een) (?:loverboy|pooier) " + G2 + r"(?:opgehaald|ophalen|gebracht|weggehaald)",
        r"(?:loverboy|pooier) " + G3 + r"(?:haalt|ophalen|komt)",
        r"(?:wordt|word|worden) " + G4 + r"(?:verkocht|uitgebuit|uitgehuwelijkt|ontvoerd)",
    ),
    # a child out on the road with a drunk driver
    "rijden": _any(r"(?:rijdt|reed|rijden|achter het stuur|in de auto weg|wegrijden|rijdt weg)"),
    # a baby or toddler in the care of a drunk/high parent
    "jong_kind": _any(r"(?:baby|babytje|zuigeling|pasgeboren|pasgeborene|peuter|peutertje|dreumes|kleuter)"),
    # ==== danger that is acute by itself ================================================
    # threat to life, threats to kill or to "do something to" the child
    "levensgevaar": _any(
        r"levensgevaar(?:lijke?)?",
        r"(?:is|zijn|verkeert|verkeren) (?:nu |echt |hier |daar )?in (?:acuut |direct |groot |ernstig )?gevaar",
        r"bang voor (?:haar|zijn|mijn|hun|z?n) leven", r"doodsangst",
        KILL,
        r"(?:dreigt|dreigde|gaat|wil|probeert) " + G6 + r"in brand (?:te )?steken", r"steekt " + G3 + r"in brand",
        PERSON_OBJ + " " + G2 + r"(?:iets|wat) (?:aan te doen|aan (?:gaat|gaan|zal|zullen|wil|zou) doen|aandoen|"
        r"aandoet|aan doet|(?:gaat|gaan|zal|zullen|wil|zou) aandoen)",
        r"(?:dreigt|dreigde|dreigen|gedreigd) " + G6 + r"(?:uit het raam|van het balkon|van de trap|tegen de muur|"
        r"in het water|van de brug) (?:te )?(?:gooien|duwen|smijten)",
        r"acuut (?:en \w+ )?onveilig",
        r"niemand " + G3 + r"(?:haar|hem|ze|het kind|de kinderen) " + G2
        + r"(?:ooit )?(?:meer |nog )?(?:ziet|terugziet|zien|terugzien)",
    ),
    # a weapon in someone's hands
    "wapen": _any(
        r"gewapend",
        r"(?:gaan|gaat|gingen|te lijf|wil|wilde|komt|kwam|valt|vallen|vielen|aanvallen|has|holds|got|heeft|had|"
        r"pakt|pakte|haalt|haalde|houdt|hield|zwaait|zwaaide|dreigt|dreigde|bedreigt|"
        r"bedreigde|staat|stond|loopt|liep|steekt|stak|richt|richtte) " + G6 + r"(?:een |het |zijn |haar )?" + WEAPON,
        WEAPON + r" (?:op|tegen|bij) (?:de|haar|zijn|het|mijn) (?:keel|hals|buik|hoofd|kind)",
        r"neergestoken", r"(?:steekt|stak) " + G3 + r"(?:neer|met)",
    ),
    # strangling, smothering, drowning
    "wurging": _any(
        _alt(_verb_forms("wurgt wurgde wurgden gewurgd wurgen")),
        r"keel (?:dicht|dichtgeknepen|dichtknijpt|dichtdrukt|dichtgedrukt)",
        r"(?:knijpt|kneep|drukt|drukte) " + G3 + r"(?:keel|strot)",
        r"handen om (?:haar|zijn|de|z?n) (?:keel|nek|hals)", r"(?:aan|bij) (?:de|zijn|haar|z?n) (?:keel|strot)",
        r"verstikt", r"strangl\w*", r"choking",
        r"kussen op (?:haar|zijn|het) (?:gezicht|hoofd)",
        r"onder water (?:gehouden|houdt|hield|geduwd|duwt)", r"(?:houdt|hield|duwt|duwde) " + G4 + r"onder water",
    ),
    # unconscious, not breathing, bleeding
    "noodtoestand": _any(
        r"bewusteloos", r"buiten bewustzijn", r"niet (?:meer )?(?:aanspreekbaar|wakker te krijgen)",
        r"(?:ademt|ademde) " + G2 + r"niet", r"haalt " + G2 + r"(?:geen|niet (?:meer )?) ?adem",
        r"(?:ademt|ademde) " + G2 + r"(?:raar|slecht|moeilijk|nauwelijks|zwak|onregelmatig|piepend|niet meer)",
        BABY + " " + G4 + r"(?:slap|blauw|lijkbleek|suf|wakker te krijgen)",
        r"geen ademhaling", r"blauw (?:aangelopen|aanlopen)", r"loopt blauw aan", r"stopt met ademen",
        r"bloedt", r"bloedend", r"(?:komt|stroomt|loopt|gutst) " + G2 + r"bloed",
        r"bloed (?:uit|over) (?:zijn|haar|het|de)", r"ligt in " + G2 + r"bloed", r"onder het bloed", r"bleeding",
        r"reageert " + G2 + r"(?:niet|nergens) meer\b(?! op)", r"not breathing", r"unconscious",
        r"(?:ligt|is|wordt|lijkt) " + G2 + r"(?:slap|suf|apathisch|lijkbleek)", r"bloedende",
        r"al " + G2 + r"(?:dagen|dag) " + G2 + r"(?:niks|niets|geen eten|geen drinken) " + G2
        + r"(?:gegeten|gedronken|gehad)",
        # fire, smoke, gas
        r"staat " + G2 + r"(?:vol rook|in brand|in de fik)", r"(?:rookontwikkeling|gaslucht)", r"ruik " + G2 + r"gas",
        r"het brandt",
    ),
    # a shaken baby (not "shaken baby syndroom")
    "geschud": _any(
        r"(?:baby|babytje|zuigeling|kindje|pasgeborene|dreumes|peuter) " + _gap(12)
        + r"(?:geschud|schudt|schudde|schudden|door elkaar (?:geschud|schudt|schudde))",
        r"(?:schudt|schudde|schudden) " + G4 + BABY,
        r"shaken baby\b(?! syndroom)(?! syndrome)",
        BABY + " " + _gap(12) + r"door elkaar " + G2 + r"(?:geschud|gerammeld|schudt|schudde)",
    ),
    # suicide now
    "suicide": _any(
        r"van kant (?:te )?(?:maken|gemaakt)",
        r"(?:wil|wilt|willen|gaat|ga|dreigt|dreigde|probeert|probeerde|overweegt|plant) " + G4
        + r"(?:zelfmoord|suicide|zelfdoding|dood\b(?! te)|springen|ophangen|zich op te hangen|"
        r"zich " + G2 + r"(?:iets|wat) aan te doen|een eind(?:e)? aan (?:zijn|haar|mijn) leven|"
        r"er een eind(?:e)? aan (?:te )?maken|niet meer (?:leven|bestaan))",
        r"wil (?:niet meer leven|niet meer bestaan|dood)", r"uit het leven (?:te )?(?:stappen|stapt|stap|gaan)",
        r"een eind(?:e)? aan (?:zijn|haar|mijn|z?n|hun) leven " + G2 + r"(?:maken|maakt)",
        r"zelfmoord (?:plegen|te plegen)",
        r"staat " + G2 + r"(?:op|bij|bovenop|boven op) (?:het|de|een) (?:dak|brug|spoor|rand|balkon|viaduct|flat)",
        r"(?:op|bij) het (?:dak|spoor) (?:staat|zit)",
        r"spring\w* " + G3 + r"(?:van|voor|af) (?:de|het|een) (?:flat|brug|dak|balkon|trein|spoor|viaduct)",
        r"(?:van|voor|af) (?:de|het|een) (?:flat|brug|dak|balkon|trein|viaduct) "
        r"(?:te )?(?:springen|springt|af springen)",
        r"(?:\w*pillen|medicijnen|\w*tabletten|paracetamol|potje|strip) " + G2
        + r"(?:geslikt|ingenomen|genomen|verzameld|gespaard)",
        r"van het leven " + G2 + r"(?:beroven|beroofd)", r"touw " + G2 + r"(?:klaar\w*|gekocht|opgehangen)",
        r"er " + G3 + r"een eind(?:e)? aan (?:te )?(?:maken|maakt)",
        r"overdosis",
        r"polsen (?:doorgesneden|opengesneden)", r"afscheidsbrief", r"afscheidsbericht",
        r"kill (?:myself|himself|herself)",
    ),
    # self-harm (needs now / just now / a witness / a cry for help)
    "zelfbeschadiging": _any(
        r"(?:heeft|is) (?:zich|zichzelf) " + G3 + r"(?:gesneden|verwond|bewerkt)", r"snijdt (?:zich|zichzelf)",
        r"(?:zich|zichzelf) " + G2 + r"(?:aan het snijden|snijdt)",
    ),
    # a child who does not dare to go home
    "durft_niet_naar_huis": _any(
        r"(?:durft|durf|durven|durfde) " + G3 + r"niet (?:meer )?(?:terug )?"
        r"(?:naar huis|thuis|naar binnen|naar (?:zijn|haar|z?n) (?:vader|moeder|ouders))",
        r"(?:is|zijn|ben) " + G2 + r"bang om " + G2 + r"naar huis",
        r"wil " + G2 + r"niet (?:meer )?naar huis (?:want|omdat|uit angst|uit angst voor)",
    ),
    # locked up, tied up, left in a car
    "opgesloten": _any(
        r"(?:zit|zitten|is|zijn|wordt|word|worden|ligt|staat) " + G4 + r"opgesloten",
        r"opgesloten " + G3 + r"(?:in|op) (?:de|het|een|zijn|haar) (?:" + ROOM_WORDS + r"|auto)",
        r"in (?:de|het|een|zijn|haar|z?n) " + ROOMS + r" (?:opgesloten|opsluit|opsluiten|vastgebonden)",
        r"(?:heeft|hebben|had|hadden) " + _gap(8) + r"opgesloten",
        r"sluit " + G4 + r"op in", r"(?:vastgebonden|vastgeketend)",
        r"in (?:de|een) (?:\w+ )?auto (?:achtergelaten|alleen gelaten|opgesloten)",
        r"(?:achtergelaten|alleen gelaten|opgesloten) in (?:de|een) (?:\w+ )?auto",
    ),
    # "moet ik 112 bellen?", "ik bel nu de politie", "politie is onderweg"
    "noodnummer": _any(
        r"(?:moet|kan|zal|ga|moeten) (?:ik|we|wij) " + G2 + r"(?:de )?(?:112|politie|ambulance|ambu) " + G2
        + r"(?:bellen|inschakelen|bel)",
        r"bel (?:ik|we) " + G2 + r"(?:de )?(?:112|politie|ambulance)",
        r"ik bel (?:nu |meteen |direct )?(?:de )?(?:112|politie|ambulance)",
        r"(?:112|politie|ambulance) (?:is )?(?:gebeld|onderweg)",
    ),
    # ==== context that makes danger current =============================================
    # a drunk/aggressive parent is coming home or at the door
    "thuiskomst": _any(
        r"komt " + G3 + r"(?:zo|straks|zometeen|zo meteen|dadelijk|vanavond|vannacht|elk moment|zo dadelijk|"
        r"over een uur|over \w+ minuten) " + G2 + r"(?:thuis|terug|binnen)",
        r"is " + G2 + r"onderweg (?:naar huis|hierheen)", r"staat " + G2 + r"(?:voor|aan) de deur", r"komt eraan",
        r"probeert binnen te komen", r"bonkt op de deur",
    ),
    # now (not "nu pas", "nu eenmaal", "tot nu toe")
    "nu": r"\b(?:nu|now)\b(?! pas\b| eenmaal\b| en dan\b| toe\b| af\b)(?<!tot nu)(?<!tot now)",
    "moment": _any(
        r"op (?:dit|het|ditte) (?:moment|ogenblik)", r"op ditmoment", r"momenteel", r"right now", r"as we speak",
        r"terwijl ik " + G2 + r"(?:dit )?(?:typ|schrijf|app|bel)", r"het gebeurt " + G2 + r"(?:nu|op dit moment)",
        r"nog steeds bezig", r"houdt niet op", r"gaat maar door",
    ),
    # just now
    "juist": _any(
        r"(?:zojuist|zonet|daarnet|zoeven|zo even|zo net|net nog|just)",
        r"net\b(?! (?:als|zo|zoals|wat|niet|iets|even|genoeg|te|goed|begonnen|gestart|nieuw|binnen het|op tijd)\b)",
        r"(?:een paar|enkele|twee|drie|vijf|tien|5|10|15|\d+) minuten geleden",
        r"een (?:half |kwartier )?uur(?:tje)? geleden",
    ),
    # a first-person witness, present
    "getuige": _any(
        r"waar (?:ik|we|wij) " + G2 + r"(?:bij|naast) (?:sta|zit|ben|staan|zitten|zijn)",
        r"(?:in mijn bijzijn|voor mijn (?:ogen|neus)|naast me|naast mij|hier naast)",
        r"(?:ik|we|wij) (?:zie|zien|hoor|horen)" + _NOT_SEEING,
        r"(?:zie|hoor) (?:ik|we)" + _NOT_SEEING,
        r"en (?:zie|hoor)" + _NOT_SEEING,
        r"(?:ik|we|wij) (?:sta|zit|ben|staan|zitten|zijn) " + G2
        + r"(?:erbij|ernaast|ertussen|ter plaatse|hier|daar|binnen|buiten|voor de (?:deur|voordeur|woning)|"
        r"bij de (?:deur|voordeur)|in de (?:gang|kamer|keuken|woonkamer|auto)|voor het huis|"
        r"bij (?:het|dit|een|de) (?:gezin|huis|woning|familie))",
        r"ik ben (?:nu )?(?:op|bij het|bij een|bij de) (?:huisbezoek|gezin|familie)",
        r"ter plaatse", r"in de kamer hiernaast", r"achter de deur", r"ik kijk " + G2 + r"(?:door|naar|uit|om)",
        r"terwijl (?:ik|we|wij)", r"(?:ik|we|wij) (?:hier|erbij|ernaast|daar) (?:sta|zit|ben|staan|zitten|zijn)",
    ),
    # "tijdens het huisbezoek": makes present violence concrete, but overrides no frame
    "tijdens": _any(r"tijdens (?:het|mijn|dit|ons|een) (?:huisbezoek|gesprek|bezoek|gezinsgesprek)"),
    # a first-person witness, past ("waar ik bij stond", "ik zag")
    "getuige_verleden": _any(
        r"waar (?:ik|we|wij) " + G2 + r"(?:bij|naast) (?:stond|zat|was|stonden|zaten|waren)",
        r"(?:ik|we|wij) (?:zag|zagen|hoorde|hoorden)" + _NOT_SEEING,
        r"(?:zag|hoorde) (?:ik|we)" + _NOT_SEEING,
        r"(?:ik|we|wij) (?:heb|hebben) " + G2 + r"gezien",
    ),
    # tonight, soon, for hours
    "nacht": _any(
        r"(?:vannacht|vanavond|deze nacht|komende nacht|straks|zometeen|zo meteen|dadelijk|zo dadelijk|"
        r"elk moment|tonight|midden in de nacht|s nachts|vandaag nog|al uren|de hele nacht|sinds gisteravond|"
        r"sinds gisteren|sinds vanochtend)",
        r"al " + G2 + r"(?:uren|dagen|nachten|etmaal)",
    ),
    # soon (only for abduction / forced marriage / exploitation)
    "binnenkort": _any(r"(?:morgen|morgenochtend|morgenvroeg|overmorgen|dit weekend|deze week|vanmiddag|zometeen)"),
    # the last 24 hours (for sexual abuse)
    "recent": _any(
        r"(?:vandaag|vanochtend|vanmorgen|vanmiddag|gisteravond|gisternacht|afgelopen nacht|vannacht)",
    ),
    # a cry for help, anywhere in the message (weak: only with present violence, see RULES)
    "hulpvraag": _any(
        r"(?:help|helpen|hulp nodig|sos|nood|noodgeval|emergency|urgent|dringend|asap|snel|spoed)",
        r"wat (?:moet|kan|ga|zal|moeten) (?:ik|we|wij) " + G2 + r"(?:nu|doen)", r"wat nu", r"wat doe ik nu",
        r"moet ik " + G2 + r"ingrijpen", r"112", r"politie", r"ambulance",
        r"doodsbang", r"in paniek", r"panisch", r"gilt om hulp",
    ),
    # ==== frames that suppress ==========================================================
    # training material, anywhere in the message
    "oefening": _any(
        r"(?:quiz\w*|toets|toetsvraag|toetsvragen|tentamen\w*|examen\w*|oefenvraag\w*|oefencasus|oefening|"
        r"rollenspel|vignet|meerkeuze\w*|multiple choice|casusbeschrijving|lesmateriaal|e learning|elearning|"
        r"scenario|stelling|training|cursus|workshop|fictief|fictieve|verzonnen)",
        r"(?:schrijf|maak|verzin|bedenk) " + G3 + r"(?:casus|voorbeeld|verhaal|dialoog|rollenspel)",
    ),
    # hypothetical, earlier in the sentence
    "hypothetisch": _any(
        r"stel (?:dat|je voor|nou|even|u voor)", r"(?:^|(?<=[|,] ))stel", r"gesteld dat", r"wat (?:nou |nu )?als",
        r"what if", r"hypothetisch\w*", r"theoretisch", r"in theorie", r"bijvoorbeeld", r"bijv", r"bv",
        r"denkbeeldig\w*",
    ),
    # "als een ...", "wanneer ouders ...": a generic subject, earlier in the clause
    "generiek_conditie": _any(
        r"(?:als|wanneer|indien|mocht|zodra|ingeval|in geval) (?:er |nu )?(?:een|je|jij|u|men|iemand|ouders|"
        r"kinderen|jongeren|jeugdigen|gezinnen|vaders|moeders|clienten|iedereen|er)",
    ),
    # "kinderen die ...", "gezinnen waarin ...", "een vader die ..." (not "de/mijn kinderen die")
    "generiek_relatief": _any(
        r"(?<!\bde )(?<!\bmijn )(?<!\bzijn )(?<!\bhaar )(?<!\bdeze )(?<!\bonze )\b(?:kinderen|jongeren|jeugdigen|"
        r"ouders|gezinnen|families|vaders|moeders|mensen|slachtoffers|daders|situaties|gevallen|babys|peuters|"
        r"pubers|tieners) (?:die|dat|waarin|waar|waarbij|van wie)",
        r"(?:een|geen|elk|elke|ieder|iedere) (?:kind|ouder|vader|moeder|jongere|jeugdige|baby|peuter|puber|gezin|"
        r"jongen|meisje|client|cliente|pupil|tiener|zoon|dochter|situatie|familie) (?:die|dat|waarin|waar|waarbij)",
        r"in gezinnen", r"bij gezinnen",
    ),
    # numbers, trends, the law: about children in general
    "statistiek": _any(
        r"(?:vaker|minder vaak|steeds meer|steeds vaker|tegenwoordig|hoeveel|percentage|procent|gemiddeld|"
        r"jaarlijks|per jaar|in nederland|landelijk|statistiek\w*|cijfers|prevalentie|verboden|strafbaar|"
        r"toegestaan|wettelijk|wet|wetgeving)",
    ),
    # the past, supervision and reflection
    "verleden": _any(
        r"(?:vorige|afgelopen) (?:week|maand|keer|zomer|winter|jaren|jaar)", r"vorig jaar", r"vroeger",
        r"in het verleden", r"destijds", r"(?:jaren|maanden|weken) geleden", r"ooit",
        r"toen (?:ik|hij|zij|ze|het|de|we|mijn|vader|moeder)", r"had ik", r"achteraf", r"terugkijkend",
        r"(?:supervisie|intervisie|casusbespreking|reflectie|terugblik)", r"casus " + G2 + r"(?:bespreken|inbrengen)",
        r"als kind", r"in (?:19|20)\d\d", r"in zijn jeugd", r"in haar jeugd", r"eerder dit jaar",
    ),
    # a question about the guidelines / knowledge, earlier in the clause
    "kennisvraag": _any(
        r"wat (?:zegt|staat|adviseert|raadt|schrijft|vindt|betekent|verstaat|houdt|is|zijn)", r"volgens (?:de|het)",
        r"welke (?:interventie|interventies|methode|methodes|methoden|behandeling|behandelingen|hulp|aanpak|"
        r"programma|programmas|richtlijn|richtlijnen|signalen|risicofactoren)",
        r"hoe (?:herken|signaleer|bespreek|weet|beoordeel|schat) (?:ik|je|we|u)", r"wanneer (?:is er|spreek|spreken)",
        r"hoe (?:ga|gaan) (?:ik|je|we|u) om met", r"hoe om te gaan met",
        r"(?:richtlijn|meldcode|afwegingskader|protocol|wetgeving|definitie|doelgroep|onderzoek|literatuur)",
    ),
    # any condition, earlier in the clause
    "conditie": _any(r"(?:als|wanneer|indien|mocht|zodra|stel)"),
    # idioms that look like violence ("slaat alarm", "slaat aan", "vechten de OTS aan"):
    # a violence match that starts inside one is dropped
    "idioom": _any(
        r"(?:slaat|slaad|slaan|sloeg|sloegen|geslagen) (?:(?:dit|dat|het|er|ze|hij|zij|die) )?"
        r"(?:alarm|dicht|nergens op|op hol|een brug|de brug|terug op|"
        r"op\b(?! (?:haar|zijn|hem|het hoofd|het kind|de kinderen|mij|me|z?n)))",
        r"(?:slaat|slaad|slaan|sloeg|sloegen|geslagen) " + G2 + r"(?:aan|toe|over)\b(?! het)",
        r"alarm (?:geslagen|slaan|sloeg|slaat)", r"waar slaat", r"(?:de|een) brug (?:geslagen|slaan|sloeg|slaat)",
        r"(?:vecht|vechten|vocht|vochten|gevochten) " + G4 + r"(?:aan|voor)",
        r"(?:knijpt|kneep|knijpen|knepen) " + G2 + r"(?:ertussenuit|tussenuit|een oogje|hem)",
        r"(?:beukt|beuken) " + G2 + r"(?:door|tegen de bureaucratie)", r"trapt " + G2 + r"(?:erin|af|in)",
    ),
}

# Which cues are which kind.
NEEDS_CONTEXT = ("geweld", "seksueel", "onveilig", "agressie", "buitengesloten", "alleen_gelaten", "geluid", "straat",
                 "letsel", "terug_naar_huis", "zelfbeschadiging", "uitbuiting")
ACUTE_ALONE = ("levensgevaar", "wapen", "wurging", "noodtoestand", "geschud", "suicide", "durft_niet_naar_huis",
               "opgesloten", "noodnummer")
PRESENT_CUES = ("nu", "moment", "getuige", "nacht")          # override a past frame
RECENT_CUES = ("juist", "getuige_verleden", "recent")           # override a conditional/knowledge frame
WITNESS_CUES = ("getuige", "getuige_verleden")                  # override a generic relative clause


@dataclass(frozen=True)
class Rule:
    """``danger`` within ``window`` words of ``context`` (same sentence) -> acute.

    context None: the danger is acute by itself. context "*hulpvraag": the context may be
    anywhere in the message. ``tenses``: only danger forms of these tenses count.
    """

    label: str
    danger: str
    context: Optional[str] = None
    window: int = 12
    tenses: Tuple[str, ...] = ("inf", "pres", "past", "part", "phrase")


RULES: Tuple[Rule, ...] = (
    # violence against a child, happening now / just now / witnessed / tonight
    Rule("geweld nu", "geweld", "nu", window=5, tenses=("inf", "pres", "part", "phrase")),
    Rule("geweld nu", "geweld", "moment", window=12, tenses=("inf", "pres", "part", "phrase")),
    Rule("geweld nu", "geweld", "getuige", window=12),
    Rule("geweld nu", "geweld", "getuige_verleden", window=10),
    Rule("geweld nu", "geweld", "tijdens", window=10, tenses=("inf", "pres", "part", "phrase")),
    Rule("geweld nu", "geweld", "juist", window=8),
    Rule("geweld nu", "geweld", "nacht", window=10),
    Rule("geweld nu", "geluid", "getuige", window=6),
    Rule("geweld, hulpvraag", "geweld", "*hulpvraag", tenses=("pres", "phrase")),
    # sexual abuse now / just now / last night
    Rule("seksueel misbruik nu", "seksueel", "nu", window=4),
    Rule("seksueel misbruik nu", "seksueel", "moment"),
    Rule("seksueel misbruik nu", "seksueel", "getuige"),
    Rule("seksueel misbruik nu", "seksueel", "juist", window=6),
    Rule("seksueel misbruik nu", "seksueel", "nacht"),
    Rule("seksueel misbruik nu", "seksueel", "recent", window=8),
    Rule("seksueel misbruik, hulpvraag", "seksueel", "*hulpvraag", tenses=("pres", "phrase")),
    # threats to life, medical emergencies, suicide: acute by themselves
    Rule("levensbedreiging", "levensgevaar"),
    Rule("wapen", "wapen"),
    Rule("wurging", "wurging"),
    Rule("medisch acuut", "noodtoestand"),
    Rule("medisch acuut", "letsel", "weigert_hulp", window=15),
    Rule("zelfbeschadiging", "zelfbeschadiging", "nu", window=5),
    Rule("zelfbeschadiging", "zelfbeschadiging", "juist", window=6),
    Rule("zelfbeschadiging", "zelfbeschadiging", "moment"),
    Rule("zelfbeschadiging", "zelfbeschadiging", "getuige"),
    Rule("zelfbeschadiging", "zelfbeschadiging", "*hulpvraag"),
    Rule("baby geschud", "geschud"),
    Rule("suicide", "suicide"),
    Rule("noodnummer", "noodnummer"),
    # not safe at home tonight / now
    Rule("niet veilig thuis", "durft_niet_naar_huis"),
    Rule("niet veilig thuis", "onveilig", "nu", window=4),
    Rule("niet veilig thuis", "onveilig", "moment"),
    Rule("niet veilig thuis", "onveilig", "nacht"),
    Rule("niet veilig thuis", "onveilig", "*hulpvraag"),
    Rule("niet veilig thuis", "agressie", "thuiskomst", window=15),
    Rule("niet veilig thuis", "agressie", "nu", window=4),
    Rule("niet veilig thuis", "agressie", "moment", window=10),
    Rule("niet veilig thuis", "agressie", "getuige", window=10),
    Rule("niet veilig thuis", "agressie", "nacht", window=10),
    Rule("niet veilig thuis", "terug_naar_huis", "geweld", window=25),
    Rule("niet veilig thuis", "terug_naar_huis", "seksueel", window=25),
    Rule("niet veilig thuis", "terug_naar_huis", "letsel", window=25),
    Rule("niet veilig thuis", "terug_naar_huis", "angst", window=20),
    Rule("niet veilig thuis", "agressie", "jong_kind", window=12),
    Rule("niet veilig thuis", "agressie", "rijden", window=8),
    # forced marriage, abduction, exploitation: soon or now
    Rule("uitbuiting", "uitbuiting", "nacht", window=15),
    Rule("uitbuiting", "uitbuiting", "binnenkort", window=15),
    Rule("uitbuiting", "uitbuiting", "nu", window=5),
    Rule("uitbuiting", "uitbuiting", "moment"),
    Rule("uitbuiting", "uitbuiting", "*hulpvraag"),
    Rule("buitengesloten", "buitengesloten", "straat", window=15),
    Rule("buitengesloten", "buitengesloten", "nacht", window=15),
    Rule("buitengesloten", "buitengesloten", "nu", window=4),
    Rule("buitengesloten", "buitengesloten", "moment", window=15),
    Rule("buitengesloten", "straat", "nacht", window=8),
    Rule("buitengesloten", "straat", "nu", window=4),
    # locked up / left alone
    Rule("opgesloten", "opgesloten"),
    Rule("alleen gelaten", "alleen_gelaten", "nacht", window=15),
    Rule("alleen gelaten", "alleen_gelaten", "nu", window=4),
    Rule("alleen gelaten", "alleen_gelaten", "moment", window=15),
    Rule("alleen gelaten", "alleen_gelaten", "*hulpvraag"),
)

# Habitual, not acute: a cry for help or a bare report does not make these current.
HABITUAL = re.compile(
    r"\b(?:regelmatig|vaak|soms|wel eens|weleens|geregeld|altijd|al jaren|structureel|meestal|telkens|stelselmatig|"
    r"jarenlang|nooit)\b"
)
# ... but not a report of what someone said or suspects
REPORT_WORDS = re.compile(
    r"\b(?:vertelt|vertelde|verteld|zegt|zei|gezegd|meldt|meldde|gemeld|vermoed\w*|denk|denkt|dacht|blijkt|bleek|"
    r"signalen|signaal|zorgen|vraag|vragen|gehoord|volgens|vroeger)\b"
)
QUESTION_WORDS = re.compile(
    r"\b(?:wat|hoe|welke|welk|wanneer|waarom|waar|wie|kan|kun|kunnen|mag|moet|is|zijn|heb|heeft|hebben|wordt)\b"
)

_COMPILED: Dict[str, Pattern[str]] = {name: re.compile(rx) for name, rx in CUES.items()}


# --------------------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Assessment:
    """``acute``: show the escalation card first. ``reasons``: why, short, for logs and
    tests (rule label and the matched cue words). ``suppressed``: rules that matched but
    were switched off by a frame (hypothetical, generic, past, knowledge question)."""

    acute: bool
    reasons: List[str] = field(default_factory=list)
    suppressed: List[str] = field(default_factory=list)
    error: Optional[str] = None

    def __bool__(self) -> bool:
        return self.acute

    def as_dict(self) -> Dict[str, object]:
        """JSON-friendly, e.g. for message metadata or a log line."""
        return {"acute": self.acute, "reasons": list(self.reasons), "suppressed": list(self.suppressed),
                "error": self.error}


@dataclass
class _Match:
    cue: str
    start: int  # token index
    end: int  # token index, exclusive
    text: str
    tense: str = "phrase"


class _Doc:
    def __init__(self, text: str) -> None:
        raw = fold(text[:MAX_CHARS])
        self.exclaim = bool(re.search(r"!\s*!|\?\s*!|!\s*\?", raw))
        self.question = "?" in raw
        s = _APOSTROPHES.sub("", raw)
        s = _REPEATS.sub(r"\1\1", s)
        s = _SENTENCE.sub(" | ", s)
        s = _CLAUSE.sub(" , ", s)
        s = _OTHER.sub(" ", s)
        tokens = [TYPOS.get(t, t) for t in s.split()]
        # no empty sentences/clauses: drop a separator right after another one
        cleaned: List[str] = []
        for t in tokens:
            if t in ("|", ",") and (not cleaned or cleaned[-1] in ("|", ",")):
                if t == "|" and cleaned and cleaned[-1] == ",":
                    cleaned[-1] = "|"
                continue
            cleaned.append(t)
        self.tokens = cleaned
        self.text = " ".join(cleaned)
        self.starts: List[int] = []
        pos = 0
        sentence = clause = 0
        self.sentence: List[int] = []
        self.clause: List[int] = []
        for t in cleaned:
            self.starts.append(pos)
            pos += len(t) + 1
            if t == "|":
                sentence += 1
                clause += 1
            elif t == ",":
                clause += 1
            self.sentence.append(sentence)
            self.clause.append(clause)
        self.matches: Dict[str, List[_Match]] = {}
        self.match_starts: Dict[str, List[int]] = {}
        self.dangers: Dict[str, List[_Match]] = {}
        self.why: Dict[Tuple[str, int], Optional[str]] = {}
        self.habitual: Dict[int, bool] = {}

    def token_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def find(self, cue: str) -> List[_Match]:
        found = self.matches.get(cue)
        if found is None:
            found = []
            for m in _COMPILED[cue].finditer(self.text):
                if m.end() == m.start():
                    continue
                start = self.token_at(m.start())
                end = self.token_at(m.end() - 1) + 1
                found.append(_Match(cue, start, end, m.group(0).strip(" ,|")))
            self.matches[cue] = found
            self.match_starts[cue] = [m.start for m in found]
        return found

    def within(self, cue: str, lo: int, hi: int) -> List[_Match]:
        """Matches of ``cue`` that start at token lo..hi (inclusive)."""
        found = self.find(cue)
        starts = self.match_starts[cue]
        return found[bisect.bisect_left(starts, lo):bisect.bisect_right(starts, hi)]


def _tense(doc: _Doc, match: _Match) -> str:
    words = match.text.split()
    if len(words) == 1:
        return VIOLENCE_LEXICON.get(words[0]) or SEXUAL_LEXICON.get(words[0]) or "phrase"
    if any(w in PAST_WORDS for w in words):
        return "past"
    return "phrase"


def _passive_present(doc: _Doc, match: _Match) -> bool:
    """'wordt geslagen', 'worden mishandeld', 'is aan het slaan', 'ze slaan elkaar' -> present."""
    before = doc.tokens[max(0, match.start - 4):match.start]
    return any(w in ("wordt", "worden", "word", "wort") for w in before) or (
        match.start >= 2 and doc.tokens[match.start - 2:match.start] == ["aan", "het"]
    ) or (match.tense == "inf" and any(w in ("ze", "zij", "ouders", "jullie") for w in before[-2:]))


def _distance(a: _Match, b: _Match) -> int:
    if a.end <= b.start:
        return b.start - a.end
    if b.end <= a.start:
        return a.start - b.end
    return 0


_LONGEST_CUE = 16  # words; longer matches are not looked for behind a window's start


def _in_idiom(doc: _Doc, match: _Match) -> bool:
    return any(i.start <= match.start < i.end
               for i in doc.within("idioom", match.start - _LONGEST_CUE, match.start))


def _before(doc: _Doc, cue: str, anchor: int, scope: str, reach: int = 40) -> Optional[_Match]:
    """A ``cue`` match in the same sentence/clause as token ``anchor``, starting before it."""
    ids = doc.sentence if scope == "sentence" else doc.clause
    for m in doc.within(cue, anchor - reach, anchor):
        if ids[m.start] == ids[anchor]:
            return m
    return None


def _near(doc: _Doc, cues: Sequence[str], danger: _Match, window: int = 12) -> Optional[_Match]:
    """A ``cues`` match in the same sentence as ``danger``, within ``window`` words of it
    (``nu`` must be right next to it: as a conjunction it means 'now that')."""
    for cue in cues:
        reach = 5 if cue == "nu" else window
        for m in doc.within(cue, danger.start - reach - _LONGEST_CUE, danger.end + reach):
            if _together(doc, m, danger, reach):
                return m
    return None


def _together(doc: _Doc, cue: _Match, danger: _Match, window: int) -> bool:
    """Same sentence and at most ``window`` words apart; ``nu`` also in the same clause."""
    if doc.sentence[cue.start] != doc.sentence[danger.start] or _distance(cue, danger) > window:
        return False
    return cue.cue != "nu" or doc.clause[cue.start] == doc.clause[danger.start]


_NOUN_MAKERS = frozenset("het is over van bij tegen zoals verbod dat mag mogen om".split())
_GENERIC_ADJECTIVES = frozenset("acuut acute direct directe ernstig ernstige groot grote".split())


def _suppressed_by(doc: _Doc, danger: _Match) -> Optional[str]:
    """Why this danger is not a present, concrete situation (None: it is)."""
    anchor = danger.start
    frame = doc.find("oefening")
    if frame:
        return f"oefening '{frame[0].text}'"
    m = _before(doc, "hypothetisch", anchor, "sentence")
    if m:
        return f"hypothetisch '{m.text}'"
    m = _before(doc, "generiek_conditie", anchor, "clause", reach=10)
    if m:
        return f"algemeen '{m.text}'"
    prev = doc.tokens[max(0, anchor - 2):anchor]
    if prev[-1:] == ["bij"] or (len(prev) == 2 and prev[0] == "bij" and prev[1] in _GENERIC_ADJECTIVES):
        return "algemeen 'bij'"
    m = _before(doc, "generiek_relatief", anchor, "clause", reach=10)
    if m and not _near(doc, WITNESS_CUES, danger, window=15):
        return f"algemeen '{m.text}'"
    m = _near(doc, ("statistiek",), danger, window=30)
    if m and not _near(doc, WITNESS_CUES, danger, window=15):
        return f"algemeen '{m.text}'"
    m = _near(doc, ("verleden",), danger, window=30)
    if m and not _near(doc, PRESENT_CUES, danger):
        return f"verleden '{m.text}'"
    for cue in ("kennisvraag", "conditie"):
        m = _before(doc, cue, anchor, "clause", reach=12)
        if m and not _near(doc, PRESENT_CUES + RECENT_CUES, danger):
            return f"{'kennisvraag' if cue == 'kennisvraag' else 'voorwaarde'} '{m.text}'"
    return None


def _dangers(doc: _Doc, cue: str) -> List[_Match]:
    cached = doc.dangers.get(cue)
    if cached is not None:
        return cached
    out = []
    for m in doc.find(cue):
        if cue in ("geweld", "seksueel") and _in_idiom(doc, m):
            continue
        if cue in ("geweld", "seksueel"):
            m.tense = _tense(doc, m)
            if m.tense in ("part", "inf") and _passive_present(doc, m):
                m.tense = "pres"
            elif m.tense == "inf" and m.text.endswith("ing"):
                m.tense = "pres"  # English "is hitting"
            elif m.tense == "inf" and m.start and doc.tokens[m.start - 1] in _NOUN_MAKERS:
                continue  # "het slaan", "is slaan verboden", "over slaan": the act in general
        out.append(m)
    doc.dangers[cue] = out
    return out


def _habitual(doc: _Doc, danger: _Match) -> bool:
    """Does the sentence of ``danger`` say it happens regularly ("vaak", "al jaren")?"""
    sentence = doc.sentence[danger.start]
    if sentence not in doc.habitual:
        lo = bisect.bisect_left(doc.sentence, sentence)
        hi = bisect.bisect_right(doc.sentence, sentence)
        doc.habitual[sentence] = bool(HABITUAL.search(" ".join(doc.tokens[lo:hi])))
    return doc.habitual[sentence]


def _snippet(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _reason(label: str, first: _Match, second: Optional[_Match]) -> str:
    if second is None or second is first:
        return f"{label}: '{_snippet(first.text)}'"
    a, b = (first, second) if first.start <= second.start else (second, first)
    if a.end > b.start:  # overlapping
        return f"{label}: '{_snippet(a.text)}'"
    return f"{label}: '{_snippet(a.text)} ... {_snippet(b.text)}'"


def _bare_report(doc: _Doc) -> Tuple[List[str], List[str]]:
    """'hij gooit zijn dochter tegen de muur': present-tense violence, stated, not asked."""
    reasons: List[str] = []
    suppressed: List[str] = []
    if doc.question or len(doc.tokens) > 30:
        return reasons, suppressed
    for m in _dangers(doc, "geweld"):
        if m.tense != "pres" and m.tense != "phrase":
            continue
        if m.text in ("geweld", "vecht"):
            continue
        sentence = [t for i, t in enumerate(doc.tokens) if doc.sentence[i] == doc.sentence[m.start]]
        words = " ".join(sentence)
        asked = bool(sentence) and QUESTION_WORDS.fullmatch(sentence[0]) is not None
        if asked or REPORT_WORDS.search(words) or HABITUAL.search(words):
            continue
        why = _suppressed_by(doc, m)
        if why:
            suppressed.append(f"geweld (melding): {why}")
            continue
        reasons.append(_reason("geweld (melding)", m, None))
        break
    return reasons, suppressed


def _assess(text: str) -> Assessment:
    doc = _Doc(text)
    if not doc.tokens:
        return Assessment(False)
    reasons: List[str] = []
    suppressed: set = set()
    help_cues = doc.find("hulpvraag")
    if doc.exclaim and not help_cues:
        help_cues = [_Match("hulpvraag", len(doc.tokens) - 1, len(doc.tokens), "!!")]
    fired: set = set()
    for rule in RULES:
        if rule.label in fired:
            continue
        for d in _dangers(doc, rule.danger):
            if d.tense not in rule.tenses:
                continue
            if d.cue == "geweld" and d.text == "geweld" and rule.context not in ("nu", "moment"):
                continue  # the noun alone is too general
            partner: Optional[_Match] = None
            if rule.context is None:
                partner = d
            elif rule.context == "*hulpvraag":
                partner = help_cues[0] if help_cues and not _habitual(doc, d) else None
            else:
                for c in doc.within(rule.context, d.start - rule.window - _LONGEST_CUE, d.end + rule.window):
                    if _together(doc, c, d, rule.window):
                        partner = c
                        break
            if partner is None:
                continue
            key = (d.cue, d.start)
            if key not in doc.why:
                doc.why[key] = _suppressed_by(doc, d)
            why = doc.why[key]
            if why:
                suppressed.add(f"{rule.label}: {why}")
                continue
            if rule.context == "*hulpvraag":
                reasons.append(f"{rule.label}: '{_snippet(d.text)}' + '{_snippet(partner.text)}'")
            else:
                reasons.append(_reason(rule.label, d, partner))
            fired.add(rule.label)
            break
    if not reasons:
        more, more_suppressed = _bare_report(doc)
        reasons.extend(more)
        suppressed.update(more_suppressed)
    return Assessment(bool(reasons), reasons, [] if reasons else sorted(suppressed))


def assess(text: object) -> Assessment:
    """Assess one user message. Never raises; anything that is not text is read as text."""
    try:
        if text is None:
            return Assessment(False)
        if isinstance(text, (bytes, bytearray)):
            text = bytes(text[: MAX_CHARS * 4]).decode("utf-8", errors="replace")
        elif not isinstance(text, str):
            text = str(text)
        return _assess(text)  # type: ignore[arg-type]
    except Exception as exc:  # pragma: no cover - defensive: the NLU must never break on this
        logger.exception("safety.assess failed")
        return Assessment(False, error=f"{type(exc).__name__}: {exc}")


def is_acute(text: object) -> bool:
    return assess(text).acute
