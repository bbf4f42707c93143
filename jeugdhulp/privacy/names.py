"""Names of clients and the people around them: ``[NAAM]``.

No NER model can be had here, so names come from rules and word lists
(:mod:`jeugdhulp.privacy.vocabulary`). :func:`find_names` runs in phases over the tokens,
each marking fields on them (:class:`jeugdhulp.privacy.tokens.Token`):

1. *protect* -- words that are never a name get ``protected`` (the domain vocabulary, words
   of a street found by :mod:`~jeugdhulp.privacy.addresses`), ``place`` or ``author``
   (cited authors, and a capitalised word followed by "et al." or a year in brackets:
   "Munro (2011)"). Protected words and words in capitals ("OTS", "GI", "MST-CAN") are never
   a name; places and authors only right after a title or family word ("mevrouw Vink").
2. *seed* from the lists and capitalisation:

   * known first names (``data/first_names.txt``): capitalised, anywhere, also at the
     start of a sentence ("Sanne is 7"). About 145 first names that are also ordinary
     words ("Roos", "Bas", "Wil", "Ben", "Max", "Storm", ``data/ambiguous_first_names.txt``)
     count in the middle of a sentence, after a trigger, or at the start of a sentence when
     a person's verb or an age follows ("Roos (6) wordt gepest", but not "Wil je ...").
     In lower case ("gesprek met sanne", "omdat kevin niet wil", "sanne is 7") a first name
     counts after a preposition, conjunction or family word or before a person's verb, and
     only when it is not also a Dutch or English word (``data/first_names_also_words.txt``:
     "daan", "bram", "julia" are skipped in lower case);
   * known surnames (``data/surnames.txt``): capitalised in the middle of a sentence
     ("gesprek met Yilmaz"), after a particle ("De Vries belde", "met van der Meer"), or at
     the start of a sentence before a person's verb ("Jansen belde");
   * initials before a surname ("J.P. Balkenende", "met A. Yildiz", "G. de Boer" even
     where the surname is also a place);
   * a capitalised word before an age in brackets ("Sharlon Felida (12)"), unless it is an
     everyday or Dutch word ("Stap (3)"); an author or place only when it is also a known
     name ("het slaan van Nelson (7)"). At the start of a sentence a surname counts, like
     an ambiguous first name, when a person's verb or an age follows it, also after one or
     two more capitalised words ("Lim Soo-ah (12) is ...").
3. *cues*: a title ("mevrouw", "mw.", "dhr.", "de heer", "fam.", "juf", ...) followed by
   a word, initials and particles ("mw. J. de Vries", also in lower case: "bel mw. jansen"
   when "jansen" is a known surname); a family or client word ("moeder", "pleegmoeder",
   "oma", "cliënt", "jongere", "gezinsvoogd", ...) followed by a capitalised word, directly
   or after "van" ("de moeder van Sanne"), or by a lower-case known first name ("vader
   mohammed"); a naming word ("heet", "genaamd", "naam is", "roepnaam") followed by a
   capitalised word or a known name. Titles and family words are in
   ``knowledge/content/privacy.yml``.
4. *grow*: a name grows to the right over capitalised words and surname particles
   followed by a capitalised word ("Jan van den Berg", "Fatima El Amrani"), to the left over
   particles and initials ("J.P. Balkenende") and over a capitalised word that is no
   everyday word ("Hoe help ik Jeandro Cijntje"; at the start of a sentence only a known
   name, or a word that is not Dutch when a person's verb or an age follows: "Shurensly
   Isenia heeft ..."), and a capitalised word joined to a name by "en"/"of"/"&" is a name
   too ("Sanne en Xylia").
5. *spans*: consecutive name tokens become one finding.

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
"""
from __future__ import annotations

import bisect
import re
from typing import List, Sequence

from jeugdhulp.privacy.name_tokens import (
    blocked, blocked_after_particle, blocked_for, in_list, mark_names, person_follows, run_end,
    subject_follows)
from jeugdhulp.privacy.tokens import (
    Cand, Token, base, is_initial, match_phrase, particle_at, simple_gap)
from jeugdhulp.privacy.vocabulary import Vocab, dutch_word
from jeugdhulp.privacy.words import MONTH_WORDS, NAMING, PARTICLE_WORDS

# Ambiguous first names that are function words: never a name at the start of a sentence.
_AMBIGUOUS_NEVER_SUBJECT = frozenset("""
wil ben men aan de jouw tien klaar nader kent hoi mag dan can will just else fine given take
sake said nine love hoop hope lot kan kader
""".split())
# Words after which a known first name in lower case is a name: "met sanne", "omdat kevin".
_LOWER_NAME_TRIGGERS = frozenset("""
met van voor bij aan over door naar zonder tegen namens en of dat als omdat wanneer want maar
toen zodat terwijl zoals via zie sprak spreek spreken gesproken bel belde bellen gebeld zag
zie begeleid begeleiden help helpen hielp ondersteun ondersteunen
""".split())
# "naam is Noor", "noemen hem Sam": words skipped between a naming word and the name.
_NAMING_SKIP = frozenset("is was luidt hem haar ze zij hij".split())
_NAMING_GAPS = ("", ":", "'", '"', "‘", "“")
# Particles after which any capitalised word is a surname: "van der Kolk", "van 't Hof".
_SURNAME_PARTICLES = (("van", "der"), ("van", "den"), ("van", "t"))
_SPAN_GAPS = (". ", ".", " '", "'", "’")
# An age in brackets, not a year: "Nelson (7)", "Felida (12 jaar)"; but not "Vink (2014)".
_AGE_BRACKET_RE = re.compile(
    r"[ \t]{0,2}\([ \t]?(?:[0-9]|1[0-9]|2[0-5])(?:[ \t]?(?:jaar|jr|j)\.?)?[ \t]?[),]")
_CITATION_RE = re.compile(r"\s{0,2}(?:et\s+al\b|\(\s?(?:19|20)[0-9]{2}|,\s?(?:19|20)[0-9]{2}\b)")
_GROW_ROUNDS = 4


def find_names(text: str, toks: List[Token], v: Vocab,
               addresses: Sequence[Cand] = ()) -> List[Cand]:
    """Names in ``text`` (tokenised as ``toks``); ``addresses`` are the streets found."""
    if not toks:
        return []
    _mark_protected(toks, v, addresses)
    _mark_citations(text, toks, v)
    _seed_after_particles(toks, v)
    _seed_from_lists(text, toks, v)
    _seed_before_age(text, toks, v)
    _seed_lower_case(text, toks, v)
    _seed_initials(text, toks, v)
    _apply_cues(text, toks, v)
    _grow(toks, v, text)
    return _spans(text, toks)


# --- 1. protect --------------------------------------------------------------------------------

def _mark_protected(toks: List[Token], v: Vocab, addresses: Sequence[Cand]) -> None:
    """Streets, the domain vocabulary, places and authors (words and phrases)."""
    _mark_streets(toks, addresses)
    for i, t in enumerate(toks):
        if t.ph:
            continue
        if t.low in v.hard_words or base(t.low) in v.hard_words:
            t.protected = True
        if t.low in v.soft_words:
            t.place = True
        if t.low in v.author_words:
            t.author = True
        for t2 in toks[i:i + match_phrase(toks, i, v.hard_phrases)]:
            t2.protected = True
        for t2 in toks[i:i + match_phrase(toks, i, v.soft_phrases)]:
            t2.place = True
        for t2 in toks[i:i + match_phrase(toks, i, v.author_phrases)]:
            t2.author = True


def _mark_streets(toks: List[Token], addresses: Sequence[Cand]) -> None:
    """Words of a street name ("Burgemeester Reigerstraat 12") are not a person's name."""
    if not addresses:
        return
    starts = [t.start for t in toks]
    for s, e, _ in addresses:
        i = max(0, bisect.bisect_right(starts, s) - 1)
        while i < len(toks) and toks[i].start < e:
            if toks[i].end > s:
                toks[i].protected = True
            i += 1


def _mark_citations(text: str, toks: List[Token], v: Vocab) -> None:
    """Citations: "Munro (2011)", "Vink et al.", "(Bartelink, 2013)", "Bartelink en Ten Berge
    (2013)": the capitalised words before the year are authors."""
    for i, t in enumerate(toks):
        if not t.cap or t.ph:
            continue
        after = text[t.end:t.end + 12]
        if _CITATION_RE.match(after) and (t.low not in v.first or after.lstrip().startswith("et")):
            j = i
            while j >= 0 and j > i - 5:
                tj = toks[j]
                if not (tj.cap or tj.low in PARTICLE_WORDS or tj.low in ("en", "&")):
                    break
                tj.author = True
                if j == 0 or not (simple_gap(tj.gap) or tj.gap in (", ",)):
                    break
                j -= 1


# --- 2. seed from the lists and capitalisation -------------------------------------------------

def _seed_after_particles(toks: List[Token], v: Vocab) -> None:
    """A surname right after a particle, also when it is a place or an ordinary word:
    "de Vries" (Vries is a village), "van der Meer", "ten Cate"; after "van der", "van den",
    "van 't" any capitalised word that is not part of a place ("Den Haag", "De Bilt")."""
    for i, t in enumerate(toks):
        if not t.cap or i == 0 or not simple_gap(t.gap) or t.sent or t.author \
                or blocked_after_particle(t, v):
            continue
        for k in (3, 2, 1):
            if i - k >= 0 and particle_at(toks, i - k) == k and \
                    all(simple_gap(toks[x].gap) for x in range(i - k + 1, i)):
                words = tuple(x.low for x in toks[i - k:i])
                if t.place and toks[i - 1].place and words[0] != "van":
                    break  # "in de Bilt", "in Den Haag"; but "van de Berg" is a name
                if (k >= 2 and words[:2] in _SURNAME_PARTICLES) or (
                        words != ("van",) and in_list(t.low, v.surnames_raw, v)):
                    t.name = True
                    t.surname_seed = True
                break


def _seed_from_lists(text: str, toks: List[Token], v: Vocab) -> None:
    """Capitalised known first names and surnames."""
    for i, t in enumerate(toks):
        if not t.cap or blocked(t, v) or t.author or t.name or t.place:
            continue
        if i > 0 and t.low in MONTH_WORDS and t.gap.strip() == "" and \
                text[max(0, t.start - 3):t.start].strip()[-1:].isdigit():
            continue  # "1 Jan 2015"
        # At the start of a sentence a word that is also an ordinary word ("Roos", "Storm")
        # or a surname ("Jansen") needs a person's verb or an age after it: "Roos is 6",
        # "Jansen belde", "Storm (8)".
        subject = t.sent and subject_follows(text, toks, i, v)
        if in_list(t.low, v.first, v) or (t.low.endswith("s") and t.low[:-1] in v.first
                                           and t.low[:-1] not in v.ambiguous):
            b = base(t.low)
            if b not in v.ambiguous or not t.sent or (
                    subject and b not in _AMBIGUOUS_NEVER_SUBJECT):
                t.name = True
                continue
        if in_list(t.low, v.surnames, v) and (not t.sent or (subject and t.low not in v.common)):
            t.name = True
            t.surname_seed = True


def _seed_before_age(text: str, toks: List[Token], v: Vocab) -> None:
    """A capitalised word right before an age in brackets is a person: "Sharlon Felida
    (12)", "Ionela Popescu (15)" -- unless it is an everyday or Dutch word ("Stap (3)",
    "Bijlage (2)"). A cited author or a place is a person there only when it is also a
    known name: "het slaan van Nelson (7)"; "Vink (2014)" is a year, not an age."""
    for i, t in enumerate(toks):
        if not t.cap or t.name or blocked(t, v) or not _AGE_BRACKET_RE.match(text, t.end):
            continue
        b = base(t.low)
        if t.author or t.place:
            if in_list(t.low, v.allnames, v):
                t.name = True
        elif b not in v.common and b not in _AMBIGUOUS_NEVER_SUBJECT and (
                in_list(t.low, v.allnames, v) or not dutch_word(b)):
            t.name = True


def _seed_lower_case(text: str, toks: List[Token], v: Vocab) -> None:
    """A known first name in lower case, in a person's position: after a preposition,
    conjunction or family word ("gesprek met sanne", "omdat kevin ...", "vader mohammed"),
    or before a person's verb or an age ("kevin is 8", "sanne (7)"); and only when it is not
    also an ordinary Dutch or English word ("daan", "bram", "grace") or very short."""
    if not v.also_words:  # without that list lower-case words cannot be told apart safely
        return
    for i, t in enumerate(toks):
        if t.cap or t.upper or t.ph or t.name or len(t.low) < 3 or "-" in t.low:
            continue
        b = base(t.low)
        if b not in v.first or b in v.ambiguous or b in v.common or b in v.also_words \
                or blocked(t, v) or t.place or t.author:
            continue
        prev = toks[i - 1] if i > 0 else None
        after_trigger = prev is not None and not prev.ph and simple_gap(t.gap) and (
            prev.low in _LOWER_NAME_TRIGGERS or prev.low in v.kin or prev.low in NAMING)
        if after_trigger or person_follows(text, toks, i) or t.low.endswith("'s"):
            t.name = True


def _seed_initials(text: str, toks: List[Token], v: Vocab) -> None:
    """Initials before a surname: "J.P. Balkenende", "met A. Yildiz", "J. de Vries"."""
    n = len(toks)
    for i, t in enumerate(toks):
        if not is_initial(text, t):
            continue
        if t.ph or (i > 0 and len(toks[i - 1].text) == 1 and t.gap == "."):
            continue  # not the first initial
        j = i
        while j + 1 < n and toks[j + 1].gap in (".", ". ") and is_initial(text, toks[j + 1]):
            j += 1
        if j + 1 >= n or toks[j + 1].gap not in (". ", ".  "):
            continue
        k = particle_at(toks, j + 1)
        cand = j + 1 + k
        if cand >= n or not toks[cand].cap or (k and not simple_gap(toks[cand].gap)):
            continue
        c = toks[cand]
        # Two initials or a particle make a person even of a place word ("G. de Boer",
        # "K.N. Ede"); one initial before a place is not ("N. Amsterdam").
        strong = bool(k) or j > i
        if blocked_for(c, v, k) or c.author or (c.place and not strong):
            continue
        # At the start of a sentence one initial may be a list label ("A. Veiligheid"):
        # then only before a word that is no ordinary Dutch word ("J. Haile is 14").
        if strong or not t.sent or base(c.low) not in v.common:
            mark_names(toks, i, cand + 1)


# --- 3. cues -----------------------------------------------------------------------------------

def _apply_cues(text: str, toks: List[Token], v: Vocab) -> None:
    """Titles, family words and naming words make the word after them a name."""
    titles, kin = v.titles, v.kin
    for i, t in enumerate(toks):
        if t.ph or i + 1 >= len(toks) or toks[i + 1].ph:
            continue
        low = t.low
        if low in titles and (low != "heer" or (i > 0 and toks[i - 1].low == "de")):
            _title_cue(text, toks, i, v)
        elif low in kin:
            _family_cue(toks, i, v)
        elif low in NAMING:
            _naming_cue(toks, i, v)


def _title_cue(text: str, toks: List[Token], i: int, v: Vocab) -> None:
    """"mw. Jansen", "dhr. J. de Vries", "bel mw. jansen", "mw. J." on its own."""
    n = len(toks)
    nxt = toks[i + 1]
    if toks[i].low in ("gezin", "familie") and not nxt.cap:
        return
    if not (simple_gap(nxt.gap) or nxt.gap.strip() in (".", ":", ",")):
        return
    j = run_start = i + 1
    while j < n and is_initial(text, toks[j]):
        j += 1
    if j >= n:
        mark_names(toks, run_start, j)
        return
    k = particle_at(toks, j)
    cand = j + k
    if cand < n and not toks[cand].ph and _titled_name(toks[cand], k, v):
        mark_names(toks, run_start, cand + 1)
    elif j > run_start:  # "mw. J." on its own
        mark_names(toks, run_start, j)


def _titled_name(c: Token, after_particle: int, v: Vocab) -> bool:
    """May ``c`` be the name after a title: capitalised, or a known name in lower case?"""
    if c.cap:
        return not blocked_for(c, v, after_particle)
    return not c.upper and c.low not in v.common and not blocked(c, v) \
        and c.low not in v.ambiguous \
        and (in_list(c.low, v.surnames, v) or in_list(c.low, v.first, v))


def _family_cue(toks: List[Token], i: int, v: Vocab) -> None:
    """"vader Mohammed", "de moeder van Sanne", "De moeder, Fatima", "vader mohammed"."""
    nxt = toks[i + 1]
    j = i + 1
    gap_ok = simple_gap(nxt.gap) or nxt.gap in (", ", ",")
    via_van = False
    if gap_ok and nxt.low == "van" and toks[i].low in v.kin_van and i + 2 < len(toks) \
            and simple_gap(toks[i + 2].gap):
        j = i + 2
        via_van = True
    c = toks[j]
    if not gap_ok or c.ph or blocked(c, v):
        return
    if c.cap:
        if not (c.place or (c.author and via_van)):
            c.name = True
    elif not c.upper and not via_van and c.low in v.first and c.low not in v.ambiguous \
            and c.low not in v.common:
        c.name = True


def _naming_cue(toks: List[Token], i: int, v: Vocab) -> None:
    """"heet Noor", "naam is Ayşe", "roepnaam: Sam", "genaamd 'Kees'"."""
    j = i + 2 if toks[i + 1].low in _NAMING_SKIP and i + 2 < len(toks) else i + 1
    c = toks[j]
    if c.ph or len(c.gap) > 4 or c.gap.strip() not in _NAMING_GAPS:
        return
    if blocked(c, v) or c.place:
        return
    if c.cap or (c.low not in v.common and c.low not in v.ambiguous
                 and (in_list(c.low, v.first, v) or in_list(c.low, v.surnames, v))):
        c.name = True


# --- 4. grow -----------------------------------------------------------------------------------

def _grow(toks: List[Token], v: Vocab, text: str = "") -> None:
    """Grow names right and over "en"/"of"/"&", then left, until nothing changes
    (``text`` is the message the tokens are from: an age after a name counts)."""
    changed = True
    rounds = 0
    while changed and rounds < _GROW_ROUNDS:
        changed = False
        rounds += 1
        for i in range(len(toks)):  # marks made on the way count for the next tokens
            if not toks[i].name:
                continue
            if _grow_right(toks, i, v):
                changed = True
            if _coordinate(toks, i, v):
                changed = True
        for i in range(len(toks)):
            if toks[i].name and _grow_left(toks, i):
                changed = True
        for i in range(len(toks)):
            if toks[i].name and _grow_left_word(text, toks, i, v):
                changed = True


def _grow_right(toks: List[Token], i: int, v: Vocab) -> bool:
    """"Jan van den Berg", "Fatima El Amrani": a capitalised word, maybe after particles."""
    j = i + 1
    if not (j < len(toks) and simple_gap(toks[j].gap) and not toks[j].name):
        return False
    k = particle_at(toks, j)
    cand = j + k
    if cand >= len(toks):
        return False
    c = toks[cand]
    if (k == 0 or simple_gap(c.gap)) and c.cap and not blocked_for(c, v, k) and not c.sent \
            and (not c.place or in_list(c.low, v.surnames, v)) \
            and not (c.author and not toks[i].author):
        mark_names(toks, j, cand + 1)
        return True
    return False


def _coordinate(toks: List[Token], i: int, v: Vocab) -> bool:
    """"Sanne en Xylia", "Sanne of Daan", "Sanne & Xylia"."""
    n = len(toks)
    j = i + 1
    c_i = -1
    if j + 1 < n and toks[j].low in ("en", "of") and simple_gap(toks[j].gap) \
            and simple_gap(toks[j + 1].gap):
        c_i = j + 1
    elif j < n and toks[j].gap.strip() == "&" and len(toks[j].gap) <= 3:
        c_i = j
    if c_i < 0:
        return False
    c = toks[c_i]
    if not c.name and c.cap and not blocked(c, v) and not c.place and not c.author:
        c.name = True
        return True
    return False


def _grow_left(toks: List[Token], i: int) -> bool:
    """Particles before a surname seed ("van der Meer"), initials before any name."""
    t = toks[i]
    if not t.name or (i > 0 and toks[i - 1].name):
        return False
    changed = False
    if t.surname_seed and i > 0 and simple_gap(t.gap):
        for plen in (3, 2, 1):
            s = i - plen
            if s >= 0 and particle_at(toks, s) == plen and \
                    all(simple_gap(toks[x].gap) for x in range(s + 1, i + 1)) and \
                    not any(toks[x].ph for x in range(s, i)):
                mark_names(toks, s, i)
                changed = True
                break
    s = i
    while s > 0 and toks[s].gap in (". ", ".") and len(toks[s - 1].text) == 1 and \
            toks[s - 1].text.isupper():
        s -= 1
    if s < i:
        mark_names(toks, s, i)
        changed = True
    return changed


def _grow_left_word(text: str, toks: List[Token], i: int, v: Vocab) -> bool:
    """A capitalised word right before a name is part of it: "Hoe help ik Jeandro Cijntje",
    "(Eldridge Croes)", "Juniënne Sint Jago (17)". Not a word that is never a name, a place,
    an author or an everyday word; at the start of a sentence only a known name ("Huang Xiu
    Ying"), or a word that is no Dutch word when a person's verb or an age follows the name
    ("Shurensly Isenia heeft"; but "Casus Sanne (7)")."""
    t = toks[i]
    if i == 0 or not t.name or toks[i - 1].name or not simple_gap(t.gap) or t.sent:
        return False
    p = toks[i - 1]
    if not p.cap or len(p.text) < 2 or blocked(p, v) or p.place or p.author \
            or base(p.low) in v.common:
        return False
    if p.sent and not (in_list(p.low, v.allnames, v) or (
            person_follows(text, toks, run_end(toks, i)) and not dutch_word(base(p.low)))):
        return False
    p.name = True
    return True


# --- 5. spans ----------------------------------------------------------------------------------

def _spans(text: str, toks: List[Token]) -> List[Cand]:
    """Consecutive name tokens joined by spaces (or "'" for "van 't") make one finding."""
    out: List[Cand] = []
    n = len(toks)
    i = 0
    while i < n:
        if not toks[i].name:
            i += 1
            continue
        j = i
        while j + 1 < n and toks[j + 1].name and (simple_gap(toks[j + 1].gap) or
                                                  toks[j + 1].gap in _SPAN_GAPS):
            j += 1
        # A lone particle or initial at the end is not part of the name.
        while j > i and (toks[j].low in PARTICLE_WORDS and not toks[j].cap):
            j -= 1
        out.append(_span(text, toks[i], toks[j]))
        i = j + 1
    return out


def _span(text: str, first: Token, last: Token) -> Cand:
    start = first.start
    if first.text in ("t", "s") and start > 0 and text[start - 1] in "'’":
        start -= 1
    end = last.end
    if last.low.endswith("'s") and len(last.low) > 2:
        end -= 2  # "Lisa's vader" -> "[NAAM]'s vader"
    if len(last.text) == 1 and last.text.isupper() and text[end:end + 1] == ".":
        end += 1  # initials keep their dot
    return (start, end, "NAAM")
