"""Closed Dutch word classes the detectors' rules are written in.

These are part of the rules, not editorial content: function words, surname particles,
months and days, abbreviations that end in a dot. Changing one changes how a rule reads a
sentence, so they live next to the code and are covered by its tests. The words an editor
maintains (organisations, authors, nationalities, titles, family words) are in
``knowledge/content/privacy.yml``; the big name and place lists in ``data/``.
"""
from __future__ import annotations

from typing import Dict, FrozenSet, Tuple

# Function words: never (part of) a name, in any case.
STOP: FrozenSet[str] = frozenset("""
aan al alle alles als altijd ander andere anders bij daar daarna dan dat de deze die dit doch
doen door dus een eens en er erg geen had heb hebben heeft hem hen het hier hij hoe hun
iemand iets ik in is ja je jij jou jouw jullie kan kon kunnen maar me meer men met mij mijn
moet moeten mag mogen na naar naast nee niet niets nog nu of om omdat onder ons onze ook op
over reeds te tegen toch toen tot u uit uw van veel via voor waar wanneer want waren waarom
was wat we wel welk welke werd wie wij wil willen worden wordt zal ze zelf zich zij zijn zo
zonder zou zullen graag hoi hallo dag beste bedankt dank sorry oké ok hoeveel wanneer
volgens sinds vanaf per tijdens binnen buiten na tussen
""".split())

# Naming words: the next word is a name ("het meisje heet Noor", "roepnaam Sam").
NAMING: FrozenSet[str] = frozenset("""
heet heette heten genaamd genoemd noem noemen noemt naam roepnaam voornaam achternaam
voornamen
""".split())

# Surname particles (case-insensitive), longest first.
PARTICLES: Tuple[Tuple[str, ...], ...] = tuple(sorted({
    ("van",), ("de",), ("der",), ("den",), ("ter",), ("ten",), ("te",), ("t",), ("el",), ("al",),
    ("bin",), ("ibn",), ("abu",), ("da",), ("di",), ("del",), ("della",), ("dos",), ("du",),
    ("la",), ("le",), ("von",), ("zu",), ("zur",), ("vd",), ("v",), ("van", "der"),
    ("van", "den"), ("van", "de"), ("van", "het"), ("van", "t"), ("in", "t"), ("op", "t"),
    ("op", "den"), ("in", "den"), ("uit", "den"), ("de", "la"), ("van", "de", "la"),
}, key=lambda p: -len(p)))
PARTICLE_WORDS: FrozenSet[str] = frozenset(w for p in PARTICLES for w in p)
PARTICLES_BY_FIRST: Dict[str, Tuple[Tuple[str, ...], ...]] = {
    first: tuple(p for p in PARTICLES if p[0] == first) for first in {p[0] for p in PARTICLES}}

MONTHS: Tuple[str, ...] = tuple(
    "januari februari maart april mei juni juli augustus september oktober november december"
    .split())
MONTH_ABBR: Tuple[str, ...] = tuple("jan feb febr mrt apr jun jul aug sep sept okt nov dec".split())
MONTH_WORDS: FrozenSet[str] = frozenset(MONTHS + MONTH_ABBR)
DAYS: Tuple[str, ...] = tuple("maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split())

# Abbreviations whose dot does not end a sentence ("mw. Jansen", "geb. 12-03").
ABBREVIATIONS: FrozenSet[str] = frozenset("""
mw mevr mvr mej dhr mnr fam dr drs mr ir prof ing ds geb nr tel bijv bv ca evt incl excl
etc jl jr sr st sint mrt apr jan feb febr jun jul aug sep sept okt nov dec vs wo pag blz
zgn resp ong max min o a e i t m v d z c.q
""".split())
