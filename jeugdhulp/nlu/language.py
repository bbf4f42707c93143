"""Is a message written in another language than Dutch?

The assistant answers from Dutch guidelines with a Dutch NLU; a question in English, German
or French (or in another script) would otherwise be classified as some Dutch intent or as out
of scope ("daar kan ik je niet mee helpen"), which is wrong: it may well be about the
guidelines. Such a message gets a reply that says the assistant works in Dutch.

Why function words and not a statistical language detector: the messages are short and full
of English names that are Dutch youth-care jargon ("Signs of Safety", "Families First",
"MST-CAN", "good practice"). Measured on such messages, simplemma's ``langdetect`` calls
"Wat is MST-CAN?" and "Signs of Safety?" English. Function words ("the", "what", "ich",
"comment") are what a sentence in another language cannot do without, and names never
consist of them; entity spans (intervention names) are removed before counting. Latin-script languages covered: English, German,
French, Spanish, Turkish and Polish; any other script counts as another language. A message
is foreign only with at least two foreign function words, clearly more than Dutch ones: a
Dutch question with an English term stays Dutch.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Tuple

# Frequent function words of the other languages (words that are Dutch too: AMBIGUOUS).
FOREIGN_WORDS = {
    "en": """the a an what which who whom whose how why when where are were does did doing can
        could should would will shall may might must i i'm you your yours my mine our his
        her their they them this these those there here about with without from into for
        and not no yes please thanks thank hello any some many much very just also than
        then because if while after before it's don't do can't what's how's it child
        children parent parents family families first tell know need want get give make
        effective effectiveness works work to at on by be been time today last year""",
    "de": """der das und ist nicht ich mit ein eine einen einem einer dem des auf für zu
        sie wir ihr es sind kann können muss müssen soll sollte habe haben hat wird werden
        bitte danke kinder eltern gespräch beginne mein meine wo warum wann
        welche welcher welches auch noch nur sehr""",
    "fr": """le la les un une des est et je tu vous nous il elle ils elles comment quel
        quelle quels quelles pour avec dans du ce cette ces qui que quoi pas ne mon mes
        votre vos bonjour merci enfant enfants parents famille premier première entretien
        commencer aider où pourquoi quand faut""",
    "tr": """ne nasıl nerede neden bir ve bu şu için mı mi mu mü musun misin var yok
        sen biz siz çocuk çocuğu aile baba merhaba teşekkür ederim yardım lütfen""",
    "pl": """jest się jak gdzie czy dla że jestem są mogę proszę dziękuję dziecko
        rodzina rodzice pomoc najbliższy dzień dobry""",
    "es": """el los las una unos unas es y yo tú usted nosotros cómo qué cuál para con
        por del lo se su sus hola gracias niño niños padres familia primera ayuda dónde
        cuándo porque""",
}
FOREIGN = {word for words in FOREIGN_WORDS.values() for word in words.split()}

# Frequent Dutch function and question words: their presence keeps a message Dutch.
DUTCH_WORDS = set("""de het een en van is in op bij voor met wat welke welk hoe wie waar
    wanneer waarom ik je jij u we wij zij ze hij zijn niet ook of dat die dit deze er moet
    moeten kan kun kunnen heeft hebben wordt worden over naar als om te aan nog geen mijn
    mag mogen zou zal hun ons onze jouw uw kind kinderen ouders ouder gezin gezinnen
    interventie hulp richtlijn doelgroep leeftijd welk effectief meer bron waar dank
    bedankt hoi hallo graag ja nee""".split())
# Words of both Dutch and the other languages count for neither.
AMBIGUOUS = {"is", "in", "of", "we", "me", "die", "wie", "was", "had", "over", "hallo",
             "help", "kind", "familie"}
DUTCH_WORDS -= AMBIGUOUS
FOREIGN -= AMBIGUOUS

# English names and terms that are jargon in Dutch youth care (GLOSSARY.md): never counted.
DOMAIN_PHRASES = re.compile(
    r"\b(signs\s+of\s+safety|famil(?:y|ies)\s+first|framework\s+for\s+the\s+assessment"
    r"(?:\s+of\s+children\s+in\s+need(?:\s+and\s+their\s+families)?)?|child\s+abuse\s*(?:&|and)?\s*neglect|"
    r"good\s+practice|evidence[-\s]based|what\s+works|care\s+as\s+usual|"
    r"functional\s+family\s+therapy|multi\s*systemic\s+therapy)\b", re.IGNORECASE)
ABBREVIATION = re.compile(r"\b(?:[^\W\d_]\.){2,}(?:[^\W\d_]\b)?")  # "I.A.G.", "a.u.b."
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")  # "MST-CAN" is one word

MIN_FOREIGN = 2       # at least this many foreign function words ...
MIN_SHARE = 0.3       # ... making up at least this share of the words


@dataclass(frozen=True)
class Verdict:
    foreign: bool
    reason: str = ""


def _is_latin(char: str) -> bool:
    return char.isascii() or "LATIN" in unicodedata.name(char, "")


def detect(text: str, spans: Iterable[Tuple[int, int]] = ()) -> Verdict:
    """Whether ``text`` is written in another language than Dutch. ``spans`` are character
    ranges to ignore (the entities the NLU found, such as intervention names)."""
    if not text or text.startswith("/"):
        return Verdict(False)
    for start, end in spans:  # blanked, so the other spans keep their offsets
        start, end = max(0, start), min(len(text), end)
        if start < end:
            text = text[:start] + " " * (end - start) + text[end:]
    text = DOMAIN_PHRASES.sub(" ", text)
    text = ABBREVIATION.sub(" ", text)
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 3:
        other_script = sum(1 for c in letters if not _is_latin(c))
        if other_script / len(letters) > 0.5:
            return Verdict(True, "script")
    words = [w.lower() for w in WORD.findall(text)]
    if len(words) < 2:
        return Verdict(False)
    foreign = sum(1 for w in words if w in FOREIGN)
    dutch = sum(1 for w in words if w in DUTCH_WORDS)
    if foreign >= MIN_FOREIGN and foreign >= 2 * dutch + 1 and foreign / len(words) >= MIN_SHARE:
        return Verdict(True, f"{foreign} foreign, {dutch} Dutch function words")
    return Verdict(False)

