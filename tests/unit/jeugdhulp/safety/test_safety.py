"""The acute-danger detector (jeugdhulp.safety.engine): what must show the escalation card, what must not.

Product rule: acute danger to a child is answered with the escalation card first, whatever
the NLU predicts; ordinary questions that merely mention mishandeling do not trigger it.
"""
from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

import pytest
import yaml

from jeugdhulp.safety.engine import MAX_CHARS, Assessment, assess, fold

ROOT = Path(__file__).resolve().parents[4]

# --------------------------------------------------------------------------------------
# Must trigger: a child in acute danger now. Varied relatives, ages, places, registers,
# typos, no punctuation, danger in the middle of a long question, English mixed in.
# --------------------------------------------------------------------------------------
ACUTE = [
    # the product rule's own examples
    "vader slaat zijn zoon waar ik bij sta",
    "levensgevaar",
    "kind is niet veilig thuis vannacht",
    "wat moet ik nu doen, hij slaat haar",
    # violence now / just now / witnessed
    "Moeder slaad haar dochter op dit moment wat moet ik doen",
    "ik sta bij het gezin en de stiefvader schopt het jongetje",
    "ik hoor vanuit de gang dat vader de kinderen slaat",
    "help!! papa slaat mama en de kids staan erbij te huilen",
    "ik zie dat de moeder het kind in elkaar slaat",
    "dad is hitting his son right now wat moet ik doen",
    "ik ben op huisbezoek bij een gezin met drie kinderen en de vader is heel boos geworden en "
    "hij slaat zijn dochter van 8 waar ik bij sta wat moet ik doen",
    "Ik had eigenlijk een vraag over de meldcode en het afwegingskader. Maar er gebeurt iets: "
    "de stiefvader trapt de jongen terwijl ik hier in de kamer zit. Wat zegt de richtlijn over "
    "eenzijdig ingrijpen?",
    "het zusje van mijn cliënt wordt op dit moment geslagen door haar vader",
    "zojuist heeft vader de 4-jarige geschopt",
    "tijdens het huisbezoek mishandelt de vader zijn zoon, wat nu",
    "kan iemand helpen? pleegvader slaat het kind nu met een riem",
    "vader slaat zn zoon nu",
    "hij heeft haar net in elkaar geslagen en ze ligt op de grond",
    "Op dit moment is er sprake van fysiek geweld jegens de minderjarige door vader; ik ben ter plaatse.",
    "ik hoor gegil en klappen uit de slaapkamer van het kind",
    "oom is zijn neefje van 10 aan het slaan, ik sta ernaast, moet ik ingrijpen?",
    "hij gooit zijn dochter tegen de muur",
    "moeder geeft de peuter klappen in de supermarkt en ik sta ernaast",
    "de opa mept de kleine met een slipper, wat moet ik doen",
    # threats to life, weapons, strangling
    "de vriend van moeder heeft een mes en dreigt de kinderen iets aan te doen",
    "vader dreigt zijn dochter te vermoorden",
    "oom wurgt zijn neefje!!",
    "ik bel nu de politie, de vader bedreigt mij en het kind met een mes",
    "Vriend van mama staat met een mes in de keuken en de kinderen zijn thuis",
    "vader knijpt de keel van zijn zoon dicht",
    "Ik zit nu in de auto voor het huis, ik hoor het kind schreeuwen en vader roept dat hij haar gaat doodslaan",
    "LEVENSGEVAAR moeder heeft het kindje onder water gehouden",
    "kind belt mij: papa is dronken en ze is bang voor haar leven",
    "moeder is psychotisch en dreigt de baby iets aan te doen",
    # medical emergencies, shaken baby
    "de baby ademt niet meer na het schudden",
    "baby is door elkaar geschud door vader en is heel slap",
    "het meisje bloedt uit haar hoofd, vader sloeg haar met een riem",
    "kind heeft een gebroken arm en de ouders weigeren hulp",
    "de tiener is bewusteloos geslagen door zijn broer",
    "moeder schudt de baby heel hard door elkaar",
    "moet ik 112 bellen? vader heeft zijn zoon net tegen de muur gegooid",
    # suicide
    "jongen van 15 wil zich van kant maken, hij staat op het dak",
    "mijn cliënte staat op de brug en wil springen",
    "jongere dreigt zelfmoord te plegen vanavond",
    "ze heeft net een hele strip pillen geslikt",
    "dochter van 12 zegt dat ze niet meer wil leven en heeft een afscheidsbrief geschreven",
    # not safe tonight / now
    "ze durft niet naar huis want haar vader is dronken",
    "vader komt zo thuis en is agressief, de kinderen zijn alleen met moeder",
    "kind staat op straat, moeder laat haar niet binnen en het is midden in de nacht",
    "vanacht is het kind niet veilig thuis, vader is weer vrij",
    "Het meisje van 6 heeft blauwe plekken en moet vanavond terug naar huis waar vader haar slaat",
    "Vader staat dronken voor de deur en probeert binnen te komen, de kinderen zijn doodsbang",
    "het kind is nu niet veilig bij moeder, ze is stomdronken",
    "moeder heeft haar zoon van 13 eruit gezet en hij heeft nergens te slapen vannacht",
    # sexual abuse
    "mijn pupil is net verkracht door haar stiefvader",
    "de opa misbruikt haar op dit moment, ze appt mij vanaf de wc",
    "kind zegt dat stiefvader haar vannacht weer gaat misbruiken",
    "broer zit aan zijn zusje, het gebeurt nu",
    # locked up, left alone
    "het kind zit opgesloten in de kelder",
    "de peuter is vannacht alleen thuis gelaten en moeder neemt niet op",
    "baby van 3 maanden al uren alleen thuis, ouders zijn weg",
    "ze hebben het jongetje vastgebonden aan de verwarming",
    # imperative cries, registers, run-on, very long
    "HELP vader slaat de kinderen",
    "wat moet ik doen?? stiefmoeder schopt het meisje de hele tijd ik sta erbij",
    "Goedemiddag, ik ben gezinsvoogd en ik zit momenteel bij een gezin waar de vader de jongste "
    "(2 jaar) door de kamer gooit en slaat. Mijn vraag: moet ik de politie bellen of eerst Veilig "
    "Thuis? En wat zegt de richtlijn over eenzijdig ingrijpen? Alvast dank.",
    "sorry voor de typos maar vader slaad zijn dochtertje nu echt heel hard wat moet ik doen pls",
    "ik vroeg me af welke interventies er zijn bij geweld maar nu zie ik dat de moeder het kind slaat",
]

# --------------------------------------------------------------------------------------
# Must not trigger: guideline and knowledge questions that mention mishandeling, geweld,
# verwaarlozing, crisis, veiligheid, spoed; past supervision cases; hypotheticals; training;
# idioms; out of scope.
# --------------------------------------------------------------------------------------
NOT_ACUTE = [
    # from the product rule
    "welke interventie bij fysieke mishandeling?",
    "wat zegt de richtlijn over kindermishandeling?",
    "hoe herken ik verwaarlozing",
    "wat is de meldcode",
    "wanneer moet ik eenzijdig ingrijpen?",
    "wat doe ik na een spoedmelding?",
    "VSV bij levensbedreigende mishandeling, voor welke leeftijd?",
    "gezinnen waarin kinderen stelselmatig of levensbedreigend fysiek mishandeld worden",
    "interventies bij acute crisis en dreigende uithuisplaatsing",
    "bij een acuut bedreigende situatie voor het kind, wat zegt samen beslissen?",
    "hoe ga ik om met een vader die in het verleden zijn zoon sloeg",
    "vorige maand werd een kind geslagen, hoe had ik beter kunnen handelen?",
    "wat als een ouder slaat?",
    # guideline questions and quotes
    "Bij signalen die wijzen op acuut en zodanig ernstig geweld dat de jeugdige daartegen "
    "onmiddellijk moet worden beschermd, wat moet ik dan doen?",
    "welke hulp is er voor gezinnen waar geweld tussen ouders speelt",
    "is MST-CAN geschikt voor gezinnen waar kinderen geslagen worden?",
    "hoe bespreek ik met ouders dat slaan niet mag?",
    "wat zegt de richtlijn over kinderen die getuige zijn van huiselijk geweld?",
    "hoe bouw ik veiligheid op in een gezin na huiselijk geweld?",
    "wat is een veiligheidsplan en wanneer maak ik er een?",
    "wat te doen bij een vermoeden van seksueel misbruik?",
    "hoe herken ik signalen van seksueel misbruik bij jonge kinderen",
    "wat is het verschil tussen acute en structurele onveiligheid?",
    "wanneer is er sprake van levensgevaar volgens het afwegingskader?",
    "wat betekent levensgevaar in het afwegingskader?",
    "wat is ambulante spoedhulp?",
    "hoe vaak moet ik de veiligheid evalueren in een crisis?",
    "wanneer plaats je een kind uit huis bij acute onveiligheid?",
    "vanaf welke leeftijd mag een kind alleen thuis blijven?",
    "is het slaan van kinderen in nederland verboden?",
    "wat zegt de wet over een tik op de billen?",
    "welke methoden zijn er om levensbedreigende situaties in te schatten",
    "wat is nu precies het verschil tussen drang en dwang bij mishandeling?",
    "wanneer moet ik de politie bellen bij huiselijk geweld?",
    "wat doe ik na een melding bij Veilig Thuis?",
    "moet ik niet eerst Veilig Thuis bellen vanavond?",
    "hoe herken ik shaken baby syndroom?",
    "de richtlijn noemt wurging als ernstig signaal, klopt dat?",
    "In gezinnen waar een ouder dreigt met zelfmoord, welke hulp past?",
    "welke hulp bij een gezin waar vader dronken thuiskomt en agressief wordt?",
    "hoe ga ik om met een moeder die dreigt de hulp te stoppen?",
    "ouders dreigen met een klacht als ik een melding doe",
    "Ik ben net begonnen als jeugdbeschermer, hoe ga ik om met agressieve ouders?",
    "ik vermoed dat de vader het kind slaat, wat zegt de meldcode?",
    "mijn collega vertelde dat een vader zijn kind had geslagen, moet ik dat melden?",
    "wat doe ik als een kind vertelt dat het thuis niet veilig is?",
    # hypotheticals and conditionals
    "wat moet ik doen als een vader zijn kind slaat?",
    "stel dat een kind vannacht niet veilig is thuis, wat dan?",
    "hoe reageer ik als een jongere zegt dat hij dood wil?",
    "wat doe ik als een kind niet naar huis durft?",
    "welke stappen zet ik als een ouder dreigt het kind iets aan te doen?",
    "wat is het protocol als een baby niet ademt?",
    "stel je voor dat je ziet dat een moeder haar kind slaat, wat doe je dan?",
    "wat moet ik doen als hij haar weer slaat?",
    # past cases in supervision
    "in de casus van vorige week sloeg vader zijn zoon waar de mentor bij stond, hoe had de mentor moeten reageren?",
    "mijn cliënt werd als kind zelf geslagen, hoe neem ik dat mee?",
    "hoe had ik de escalatie vorig jaar kunnen voorkomen toen de vader met een mes dreigde?",
    "Ik heb een vraag over de aanpak bij een gezin waar vader vroeger gewelddadig was.",
    "vorig jaar zag ik een vader zijn zoon slaan, nu twijfel ik of ik toen goed heb gehandeld",
    "in het verleden is een kind in dit gezin bewusteloos geslagen, hoe weeg ik dat mee in de risicotaxatie?",
    # training / quiz
    "quiz: wat doe je als je ziet dat een vader zijn kind slaat?",
    "oefencasus: vader slaat zijn zoon waar jij bij staat. wat doe je?",
    "schrijf een rollenspel waarin een moeder haar kind slaat",
    "toetsvraag: een kind is niet veilig thuis vannacht, wat is de juiste stap?",
    # generic groups
    "kinderen die 's nachts alleen thuis zijn, is dat verwaarlozing?",
    "hoe vaak komt het voor dat kinderen opgesloten worden?",
    # idioms with violence words
    "de interventie slaat goed aan bij dit gezin",
    "dit antwoord slaat nergens op",
    "school slaat alarm over verwaarlozing, wat nu?",
    "het kind slaat dicht in gesprekken, hoe krijg ik contact?",
    "ouders vechten de OTS aan, wat betekent dat voor mijn werk?",
    "hoe slaan we een brug naar ouders die niet willen samenwerken?",
    # out of scope
    "hoe laat is het?",
    "wie wint het WK voetbal?",
    "kun je een pizza bestellen?",
    "wat eet ik vanavond?",
    "ik zie nu pas dat ik de verkeerde richtlijn had",
]


ACUTE += [
    # more phrasings: relatives, ages, places, registers, English, word order
    'stiefvader slaat het meisje met een riem terwijl ik erbij sta',
    'moeder is de baby aan het slaan nu',
    'vader schopt zijn zoon op dit moment in de tuin',
    'de jongen wordt nu in elkaar geslagen door zijn oom',
    'ik zie vader de kleine door elkaar rammelen',
    'help mijn client wordt nu mishandeld door haar vriend',
    'wat moet ik doen vader trapt zijn zoontje',
    'ouders vechten nu en de kinderen zijn erbij',
    'vader gaat hem vanavond slaan zegt de jongen',
    'oma heeft het kind net een klap gegeven waar ik bij was',
    'de pleegmoeder sloeg zojuist het pleegkind in het gezicht',
    'het is nu echt uit de hand, vader slaat iedereen',
    'er is hier levensgevaarlijke situatie met vader en kind',
    'vader heeft een pistool en zegt dat hij de kinderen doodschiet',
    'moeder zegt dat ze haar kinderen en zichzelf iets aan gaat doen',
    'stiefvader houdt een mes op de keel van het meisje',
    'jongen ligt bewusteloos op de grond',
    'baby is blauw aangelopen',
    'kind bloedt hevig na klap van vader',
    'de 14-jarige heeft een overdosis genomen',
    'mijn pupil appt dat ze zichzelf iets aan gaat doen vannacht',
    'ze staat bij het spoor en wil er een eind aan maken',
    'het meisje durft vannacht niet naar huis',
    'jongen wil niet naar huis want vader slaat hem',
    'vader is dronken thuisgekomen en gooit met stoelen, kinderen zitten boven',
    'ik ben bij het gezin en vader is zo agressief dat ik de kinderen niet veilig vind',
    'kind van 5 zwerft midden in de nacht op straat',
    'moeder heeft het huis verlaten en de peuter is alleen thuis vannacht',
    'meisje zit in de kast opgesloten al de hele dag',
    'vader misbruikt zijn dochter vannacht weer als ik niks doe',
    'ze is vanochtend verkracht door haar oom',
    'mijn cliente vertelt dat ze nu door haar vader wordt misbruikt en ik hoor hem in de kamer',
    'moet ik de politie bellen? moeder slaat de baby',
    'kind is in acuut gevaar want vader is doorgedraaid',
    'Ik schrijf dit vanuit de auto: vader sloeg net de jongste tegen de grond, politie is gebeld',
    'the father is beating the child now help',
    'vader slaat zijn zoon nu, maar mijn eigenlijke vraag is wat de richtlijn zegt over melden',
    'vader schopt de hond en de kinderen nu',
    'kind wordt net mishandeld door broer',
    'papa slaat mij nu',
    'er wordt nu een kind geslagen in de wachtkamer',
    'ik hoor de buurman zijn kinderen slaan, ze gillen',
    'moeder knijpt de baby en ik sta ernaast',
    'vader drukt een kussen op het gezicht van de baby',
    'de jongen heeft een mes en bedreigt zijn zusje',
    'Ik ben op huisbezoek. Vader is ladderzat en slaat moeder. De kinderen (3 en 5) zijn erbij. Wat nu?',
    'ik heb net gezien dat de vader het meisje tegen de grond duwde',
    'dringend: vader mishandelt de kinderen, politie bellen?',
    'kind app mij: mama slaat me en ik ben bang',
    'the kid is not safe tonight, vader komt dronken thuis',
    'help het kind ademt niet',
    'moeder is zojuist met de baby weggelopen en dreigt van de brug te springen',
    'het kind heeft hoofdletsel en de vader wil niet naar het ziekenhuis',
    'zuigeling van 6 weken is geschud, wat moet ik doen',
    'kind van 9 moet vannacht terug naar vader die haar vorige week nog sloeg',
    'ik zie blauwe plekken en ze zegt dat papa haar vanavond weer gaat slaan',
    'meisje (16) zegt dat ze zich vannacht gaat ophangen',
    'mijn client staat op het balkon van de 10e verdieping en wil springen',
    'de ouders zijn weg en de baby ligt alleen thuis te huilen sinds gisteravond',
    'vader heeft zijn zoon opgesloten in de schuur en is weggegaan',
    'levensgevaar voor moeder en kinderen, vader heeft een wapen',
    'Hallo, ik ben jeugdbeschermer. Tijdens mijn huisbezoek net sloeg de vader zijn zoon met een riem. Ik ben nu buiten. Wat moet ik doen volgens de meldcode?',
    'vader slaat zijn kind op straat waar ik bij sta',
    'een vader slaat hier nu zijn kind op straat',
    'ze schreeuwt om hulp, vader slaat haar',
    'we staan nu bij de voordeur en horen vader tegen de kinderen schreeuwen en slaan',
    'Sanne (7) wordt momenteel door haar moeder geslagen, ik ben erbij',
    'jeugdbeschermer hier, moeder slaat het kind in het gezicht, wat te doen',
    'vader is echt door het lint gegaan en slaat nu alles kapot, kinderen zitten in de kamer',
    "my client's dad is beating her right now",
    'mama heeft me net geslagen en ik wil niet meer naar huis',
    'pa heeft t mes gepakt en de kinders zijn boven',
    'de baby is net van de commode gevallen en reageert niet meer',
    'ze heeft haar polsen doorgesneden',
    'hij zegt dat hij vannacht van de flat springt',
    'moeder is weg, de kinderen van 2 en 4 zijn sinds gisteravond alleen thuis',
    'het gaat echt mis, vader is stomdronken en de kinderen zijn thuis, hij komt zo terug',
    'oom slaat mn nichtje en ik zie het gebeuren',
    'is dit eenzijdig ingrijpen? vader staat met een mes bij zijn dochter',
    'politie is onderweg, vader slaat nog steeds op de deur van de kamer waar de kinderen zitten',
    'ik hoor een kind om hulp roepen vanuit de woning',
    'vader dreigt het huis in brand te steken met de kinderen erin',
    'stiefvader houdt het kind onder water in bad',
    'kind van 3 is in de auto achtergelaten in de zon',
    'kind moet vanavond naar huis terwijl stiefvader haar heeft misbruikt',
    'vader en moeder vechten en ik hoor de baby huilen, ik sta op de gang',
    'broer slaat zijn zusje nu met een stok',
    'kun je snel helpen, moeder trekt haar dochter aan de haren over de grond',
    'ik kijk nu door het raam en zie vader het kind slaan',
    'mijn client van 16 is zojuist in elkaar geslagen door haar vriend',
    'wat nu?? stiefvader slaat de jongen',
    'ik moet nu beslissen: vader slaat het kind en moeder doet niks',
    'Ik werk als ambulant hulpverlener. Zojuist belde een moeder: haar ex staat voor de deur met een honkbalknuppel.',
    'vader is aan het slaan',
    'de jongen wordt op dit moment mishandeld',
    "peuter staat om 2 uur 's nachts in zijn pyjama op straat",
    'kind wordt nu door vader met een riem geslagen, ik sta ernaast, politie is gebeld, wat doe ik tot die er is',
    'the dad has a knife and the kids are home',
    'Vader houdt de kinderen in de woning vast en dreigt hen om te brengen',
    'nu slaat hij haar weer!!',
    'moeder sleurt haar zoontje van 3 aan zijn arm door de straat en slaat hem, ik sta ernaast',
    'de vader heeft de baby tegen de muur gegooid, ze huilt niet meer',
    'er komt bloed uit zijn oor na een klap van zijn moeder',
    'vriend van moeder heeft de peuter zojuist gebeten en geslagen',
    'kind van 11 belt: ik ben bang, papa heeft een mes gepakt',
    'Ik ben nu bij een gezin in Zwolle, moeder is onder invloed en valt de kinderen aan',
    'oudste zoon bedreigt zijn moeder en zusjes met een mes',
    'ik zie dat het kind striemen heeft en vader staat nu weer te schreeuwen en te slaan',
    'moeder heeft gedreigd vannacht met de kinderen uit het leven te stappen',
    'jongen van 17 zegt dat hij vanavond een einde aan zijn leven maakt',
    'het meisje is weggelopen en zit nu bij mij, ze durft niet terug naar huis',
    'de baby is heel slap en ademt raar nadat vader hem door elkaar heeft geschud',
    'vader heeft moeder en de kinderen in de slaapkamer opgesloten',
    'vader slaat de kinderen, ik hoor het door de muur',
    'pleegmoeder knijpt het kindje hard in de arm op dit moment',
]

NOT_ACUTE += [
    # more questions that mention danger in the guideline sense, past cases, generic, trends
    'welke interventies zijn effectief bij kinderen die geslagen worden?',
    'wat zijn signalen dat een kind thuis niet veilig is?',
    'hoe stel ik een veiligheidsplan op bij acute onveiligheid?',
    'Wat moet ik doen bij een vermoeden van kindermishandeling?',
    'wanneer is een situatie acuut onveilig?',
    'ouders zijn boos omdat hun kind uit huis is geplaatst',
    'mijn client is gisteren door haar vader geslagen, hoe maak ik een melding?',
    'hoe praat ik met een kind dat geslagen wordt',
    'hoe praat ik met een kind over geweld thuis?',
    'de vader van mijn client slaat zijn kinderen regelmatig, welke interventie past?',
    'welke hulp bied ik ouders die hun kind slaan?',
    'is een pedagogische tik mishandeling?',
    'moeder vertelde dat vader haar soms slaat, wat doe ik met die informatie?',
    'wat zegt de richtlijn over levensbedreigende mishandeling?',
    'hoe ga ik om met een crisis in een multiprobleemgezin',
    'wat is het verschil tussen een spoedmelding en een gewone melding',
    'in welke gevallen plaats ik een kind direct uit huis?',
    'wat doe je als een kind zegt dat het niet naar huis durft?',
    'hoe herken ik shaken baby',
    'welke kinderen lopen het meeste risico op mishandeling?',
    'kan ik MST-CAN inzetten bij een vader die slaat?',
    'VSV is voor gezinnen met levensbedreigende mishandeling toch?',
    'wat doe ik na het eenzijdig ingrijpen bij acuut geweld?',
    'hoe evalueer ik de veiligheid na een crisisinterventie',
    'hoe lang mag een kind alleen thuis gelaten worden?',
    'wat zijn de stappen van de meldcode bij seksueel misbruik?',
    'ik heb een vraag over een jongen die vroeger door zijn vader werd mishandeld',
    'de ouders vochten vorig jaar veel, hoe werk ik nu aan veiligheid?',
    'een moeder dreigde ooit haar kind iets aan te doen, hoe weeg ik dat nu?',
    'mijn collega zag vorige week een vader zijn kind slaan',
    'kinderen die getuige zijn van geweld tussen ouders, welke hulp?',
    'hoe vaak komen levensbedreigende situaties voor in de jeugdbescherming?',
    'hoe voorkom ik dat de situatie escaleert in het gesprek?',
    'geef me tips voor een gesprek met agressieve ouders',
    'wat doe ik als ouders dronken zijn tijdens een huisbezoek?',
    'wanneer moet ik 112 bellen?',
    'ik moet vanavond nog een rapport schrijven over mishandeling',
    'kun je uitleggen wat eenzijdig ingrijpen inhoudt?',
    'hoe ga ik om met een vader die dreigt met geweld tegen mij?',
    'welke stappen als vader agressief is tijdens het gesprek',
    'ik zie in de richtlijn dat slaan een risicofactor is',
    'hoe bespreek ik met een vader dat hij zijn kind niet mag slaan?',
    'wat moet ik doen bij huiselijk geweld?',
    'help me met een veiligheidsplan',
    'ik hoor van school dat een kind thuis geslagen wordt, wat nu?',
    'ik hoor vaak dat ouders hun kinderen slaan uit onmacht',
    'net als vorige keer heeft vader geslagen, hoe bespreek ik dat?',
    "mag ik 's nachts een spoedmelding doen?",
    "waar kan ik 's avonds terecht bij acute onveiligheid?",
    'wat is het nummer van Veilig Thuis?',
    'ik heb een casus over een kind dat vroeger werd mishandeld',
    'hoe ondersteun ik een kind dat getuige was van geweld?',
    'welke factoren vergroten de kans op herhaling van geweld?',
    'moet ik eerst met ouders praten of meteen melden als ik mishandeling vermoed?',
    'wat zijn de werkzame factoren bij het stoppen van mishandeling?',
    'hoe vaak komt kindermishandeling voor in nederland?',
    'wat doe ik als een ouder tijdens het gesprek agressief wordt?',
    'hoe de-escaleer ik een gesprek met een boze vader?',
    'wat is het afwegingskader en wanneer is er sprake van acute onveiligheid?',
    'help, ik snap de meldcode niet',
    'ik moet morgen naar een gezin waar vader eerder heeft geslagen, hoe bereid ik me voor?',
    'welke interventie past bij een gezin waar vader de kinderen slaat?',
    'de moeder sloeg haar kinderen jarenlang, hoe werk ik aan herstel?',
    'ik zie op tegen het gesprek met een vader die zijn kind mishandelt',
    'wanneer moet ik de politie inschakelen?',
    'is het verstandig om de politie mee te nemen naar een huisbezoek?',
    'wat doe ik als het kind na een melding niet meer naar huis wil?',
    'hoe werk je met Signs of Safety bij seksueel misbruik?',
    'de richtlijn zegt dat je bij acuut geweld eenzijdig moet ingrijpen, hoe doe ik dat?',
    'hoe pak ik het aan als ouders hun kind opsluiten als straf?',
    'wat zeg ik tegen een kind dat zegt dat het slaag krijgt?',
    'mijn collega is net teruggekomen van een moeilijk huisbezoek, hoe kan ik haar steunen?',
    'kun je net als gisteren een overzicht geven van interventies bij mishandeling?',
    'de vader van het kind komt vanavond op gesprek, hoe bereid ik dat voor?',
    'ik ben nu drie jaar jeugdbeschermer en merk dat ouders vaker agressief zijn',
    'het is nu 23:00, kan ik Veilig Thuis nog bellen over een zorg?',
    'in de supervisie wil ik een casus bespreken waarin vader zijn zoon sloeg waar ik bij was',
    'hoe had ik moeten reageren toen moeder vorige week dreigde het kind iets aan te doen?',
    'vorig jaar heb ik een kind uit huis geplaatst omdat het niet veilig was',
    'welke risicotaxatie-instrumenten zijn er voor acute onveiligheid?',
    'wat doe je bij een kind dat zegt dat het niet naar huis wil?',
    'wat doe ik als een vader met een mes dreigt?',
    'volgens de richtlijn moet je bij levensgevaar meteen ingrijpen, klopt dat?',
    'is signs of safety geschikt als een ouder de kinderen slaat?',
    "wat bedoelen ze met 'acuut en zodanig ernstig geweld'?",
    'hoe herken ik of een kind vannacht veilig is?',
    'hoe vaak moet ik bij een OTS op huisbezoek?',
    'ik vind het lastig om te bepalen of een situatie acuut is',
    'wat doe ik met een melding over een kind dat geschud zou zijn?',
    'wat is de rol van de politie bij kindermishandeling?',
    'zijn er interventies voor ouders die dreigen met suïcide?',
    'de moeder heeft een verleden met drugs en geweld, hoe weeg ik dat?',
    'net als de richtlijn zegt: veiligheid eerst. maar hoe doe ik dat?',
    'hoe bespreek ik seksueel misbruik met een puber?',
    'mijn cliënt vertelt dat haar vader haar vroeger sloeg',
    'welke interventie bij een moeder die haar peuter schudt om hem stil te krijgen?',
    'wat is shaken baby syndroom en hoe herken ik het?',
    'kinderen alleen thuis laten, vanaf welke leeftijd is dat verwaarlozing?',
    'geef een voorbeeld van een veiligheidsplan bij huiselijk geweld',
    'worden kinderen nu vaker geslagen dan vroeger?',
    'hoeveel kinderen worden jaarlijks mishandeld?',
    'wat zegt de richtlijn over ouders die nu nog slaan als opvoedmiddel',
    'wat is de aanpak nu mishandeling vaker gemeld wordt?',
    'is slaan nu verboden in nederland?',
    'moeten we nu bij elk vermoeden van mishandeling melden?',
    'hoe weet ik of ik nu moet melden of eerst moet overleggen?',
    'wat moet ik doen: ouders slaan hun kinderen regelmatig en willen geen hulp',
    'ik denk dat de vader zijn kinderen slaat maar ik weet het niet zeker',
    'het kind vertelt dat het geslagen wordt, hoe reageer ik?',
    'help me een gespreksleidraad maken voor een gezin met huiselijk geweld',
    'help, mijn rapportage over mishandeling moet vandaag af',
    'kan ik nu al een spoedmelding doen of eerst overleggen?',
    'ik wil terugkomen op het huisbezoek van gisteren waarin vader boos werd',
    'wat doe ik bij een jongere die zichzelf snijdt?',
    'hoe stel ik vast of er sprake is van acuut gevaar?',
    'geldt de meldcode ook als ik geweld vermoed bij een pleeggezin?',
    'welke signalen wijzen op seksueel misbruik bij pubers?',
    'hoe krijg ik een kind veilig uit huis als ouders niet meewerken?',
    'wat zegt de richtlijn over het inschakelen van de politie bij een huisbezoek?',
    "kan de raad voor de kinderbescherming 's nachts een spoedmaatregel nemen?",
    'welke behandeling is er voor kinderen die mishandeld zijn?',
    'mijn cliënt zei vorige maand dat haar stiefvader haar aanraakte, ik heb toen gemeld. wat nu?',
    'hoe bespreek ik met een moeder dat ze haar kind niet alleen thuis mag laten?',
    'wat doe ik als een jongere wegloopt?',
    'ik zit nu bij een gezin waar het goed gaat, hoe sluit ik de hulp af?',
    'ik ben nu op huisbezoek, welke vragen stel ik over de veiligheid?',
    'vader is net thuis uit detentie, hoe bouw ik een veiligheidsplan op?',
    'de jongen heeft vroeger veel klappen gehad, hoe ga ik daarmee om in de behandeling?',
    'ik sta erbij als moeder het kind corrigeert, hoe geef ik feedback?',
    'moeder is vanavond bij de ouderavond, kan ik daarna langs?',
    'ik hoor dat een collega een melding heeft gedaan',
    'vader is psychotisch geweest, welke hulp is er voor het gezin?',
    'hoe leg ik aan een kind uit wat er gebeurt bij een uithuisplaatsing?',
    'het kind zit in een crisisopvang, wat zijn de volgende stappen?',
    'we hebben net een spoedmelding gedaan, wat gebeurt er nu?',
    'ik ben ter plaatse bij een gezin voor een eerste gesprek, waar moet ik op letten?',
    'moeder heeft een gebroken arm door een fietsongeluk, kan ze toch voor de kinderen zorgen?',
    'ik zie dat moeder haar best doet, hoe benoem ik dat?',
    'de politie heeft ons ingeschakeld na een melding van de buren, wat is mijn rol?',
    'de jongere zegt dat hij zich verveelt en niet naar huis wil, wat kan ik doen?',
    'kan ik vannacht nog een spoedplek regelen via de crisisdienst?',
    'de vader dreigt met een klacht tegen mij, wat nu?',
    'ik ben bang dat ik het niet goed doe als jeugdbeschermer',
    'ouders hebben ruzie over de omgang, hoe bemiddel ik?',
    'hoe voer ik een gesprek over de tik die vader gaf tijdens het vorige huisbezoek?',
    "wat betekent 'stelselmatig of levensbedreigend fysiek mishandeld'?",
    "de richtlijn zegt 'bij een acuut bedreigende situatie zet je direct een crisisinterventie in', wat is een crisisinterventie?",
]

ACUTE += [
    # last held-out round (written before the rules were adjusted to them)
    'vader loopt met een broodmes achter zijn zoon aan',
    'er wordt op dit moment een meisje van 10 mishandeld door haar moeder in het park',
    'moeder heeft vannacht de baby van de trap gegooid',
    'help de stiefvader van mijn client houdt haar vast en slaat haar nu',
    'kind zegt: als ik vanavond thuiskom slaat papa me dood',
    'vader ramt de deur in waar de kinderen achter zitten',
    'het jochie van 6 staat huilend buiten in zijn onderbroek, moeder doet de deur niet open',
    'ze heeft een heel potje slaappillen ingenomen',
    'de jongen heeft een touw en zegt dat hij zich gaat ophangen',
    'moeder ligt dronken op de bank en de baby van 4 maanden huilt al uren alleen',
    'dochter (14) wordt nu door haar broer betast',
    'er is net een kind in elkaar getrapt voor de school, ik sta erbij',
    'vader kwam net binnen en begon meteen de kinderen te slaan',
    'ik hoor door de telefoon dat vader haar slaat',
    'vader zegt dat hij iedereen in huis gaat vermoorden',
    'kindje is van de commode gevallen en is nu bewusteloos',
    'het meisje is bang voor haar leven, vader heeft gedreigd',
    'het kind wordt geslagen!!',
    'wat moet ik doen, ik zie blauwe plekken in haar nek en vader knijpt haar keel dicht',
    'mijn pupil van 13 staat bovenop het dak van de school',
]

NOT_ACUTE += [
    # last held-out round
    'wat zegt de richtlijn over geweld in afhankelijkheidsrelaties?',
    'hoe zorg ik dat een kind veilig is na een uithuisplaatsing?',
    'welke interventies zijn er voor gezinnen met partnergeweld?',
    'hoe bespreek ik met een vader dat hij zijn zoon niet meer mag slaan?',
    'de richtlijn noemt acute onveiligheid, wat valt daaronder?',
    'mijn cliënt slaat zichzelf als ze boos is, welke hulp past?',
    'ik heb vorige week een spoedmelding gedaan en hoor niks, wat nu?',
    'kan het afwegingskader helpen bij twijfel over acute onveiligheid?',
    'hoe ga ik om met ouders die dreigen de kinderen mee te nemen naar het buitenland?',
    'vanaf wanneer spreek je van fysieke mishandeling?',
    'wanneer is een tik een klap?',
    'de jongere heeft in het verleden suïcidepogingen gedaan, hoe neem ik dat mee?',
    'hoe vaak moet ik de veiligheidsafspraken controleren?',
    'ouders slaan hun kinderen niet meer sinds de hulp, hoe borg ik dat?',
    'ik wil een kind dat mishandeld is doorverwijzen, naar wie?',
    'wat moet er in een veiligheidsplan staan bij dreiging van geweld?',
    'moeder is boos en dreigt de samenwerking te stoppen',
    'hoe evalueer ik een crisisinterventie?',
    'welke hulp na een huisverbod?',
    'ik hoor graag hoe de richtlijn omgaat met seksueel misbruik',
]

ACUTE += [
    # exploitation, drunk driving, a drunk parent alone with a baby, self-harm now
    'mijn cliente wordt vanavond door haar loverboy opgehaald',
    'ze wordt morgen naar het buitenland gebracht om te trouwen',
    'vader rijdt stomdronken met de kinderen over de snelweg',
    'moeder is zo dronken dat ze niet meer voor de baby kan zorgen, ik ben er nu',
    'ze snijdt zichzelf op dit moment in de badkamer',
]

NOT_ACUTE += [
    # the same topics as knowledge questions
    'ik heb morgen een gesprek over huwelijksdwang, hoe bereid ik me voor?',
    'ik heb vanavond een voorlichting over loverboys voor ouders',
    'hoe herken ik een meisje dat door een loverboy wordt benaderd?',
    'wat doe ik als een meisje morgen uitgehuwelijkt wordt?',
    'welke hulp is er voor slachtoffers van mensenhandel?',
    'moeder was vroeger aan de drugs, de baby is nu 3 maanden, welke hulp past?',
    'welke hulp voor een psychotische moeder met een baby?',
    'hoe ga ik om met een moeder onder invloed die een peuter heeft?',
    'de jongere heeft zichzelf vorig jaar gesneden, hoe bespreek ik dat?',
    'de baby is gezond en vader is nu weer nuchter, kan de ots eraf?',
    'vader heeft een alcoholprobleem en rijdt soms met de kinderen, hoe bespreek ik dat?',
    'het kind moet vanavond naar huis, wat schrijf ik in de rapportage?',
    'ik ben bang dat ik het gesprek verkeerd aanpak',
    'kun je de baby-interventies uit de richtlijn noemen?',
]

def _eval_questions():
    data = yaml.safe_load((ROOT / "tests" / "eval" / "questions.yml").read_text(encoding="utf-8"))
    return [q["q"] for q in data["questions"]]


def _guideline_sentences():
    """Every sentence of the five guideline sources and every passage of the knowledge base."""
    import re

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "knowledge" / "sources").glob("*.txt"))]
    for path in sorted((ROOT / "knowledge" / "content").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in (data or {}).get("sections", []) or []:
            for passage in section.get("passages", []) or []:
                if passage.get("text"):
                    texts.append(passage["text"])
    sentences = []
    for text in texts:
        sentences.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+|\n\s*\n", text) if s.strip())
    return sentences


def test_sets_are_large_and_distinct():
    assert len(ACUTE) >= 40 and len(NOT_ACUTE) >= 40
    assert len(set(ACUTE)) == len(ACUTE) and len(set(NOT_ACUTE)) == len(NOT_ACUTE)


@pytest.mark.parametrize("text", ACUTE)
def test_acute_danger_is_detected(text):
    a = assess(text)
    assert a.acute, f"missed: {text!r} (suppressed: {a.suppressed})"
    assert a.reasons and all(isinstance(r, str) and len(r) < 120 for r in a.reasons)


@pytest.mark.parametrize("text", NOT_ACUTE)
def test_ordinary_questions_do_not_trigger(text):
    a = assess(text)
    assert not a.acute, f"false alarm: {text!r} -> {a.reasons}"


def test_example_from_the_spec():
    a = assess("vader slaat zijn zoon waar ik bij sta")
    assert a.acute is True
    assert a.reasons == ["geweld nu: 'slaat ... waar ik bij sta'"]
    assert bool(a) is True
    assert bool(assess("wat is de meldcode")) is False


def test_project_eval_questions_do_not_trigger():
    questions = _eval_questions()
    assert len(questions) > 50
    alarms = [(q, assess(q).reasons) for q in questions if assess(q).acute]
    assert alarms == []


def _nlu_examples():
    """The NLU training examples by intent (entity markup removed)."""
    import re

    examples = {}
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("nlu", []) or []:
            if "intent" in item:
                lines = [l.strip()[2:] for l in item["examples"].splitlines() if l.strip().startswith("- ")]
                lines = [re.sub(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}", lambda m: m.group(1) or m.group(2), l)
                         for l in lines]
                examples.setdefault(item["intent"], []).extend(lines)
    return examples


def test_nlu_danger_examples_agree_with_the_detector():
    """The NLU's own danger examples get the card; none of its other examples do."""
    examples = _nlu_examples()
    danger = examples.pop("report_danger", [])
    if not danger:
        pytest.skip("no report_danger intent in data/nlu")
    missed = [t for t in danger if not assess(t).acute]
    alarms = [(intent, t, assess(t).reasons) for intent, ts in examples.items() for t in ts if assess(t).acute]
    assert missed == [] and alarms == []


def test_guideline_sentences_do_not_trigger():
    """Questions quoting the guidelines must not trigger: the guidelines themselves never do."""
    sentences = _guideline_sentences()
    assert len(sentences) > 200
    alarms = [(s[:100], assess(s).reasons) for s in sentences if assess(s).acute]
    assert alarms == []
    # nor a question built around a quoted guideline sentence
    for s in sentences[::7]:
        q = f'In de richtlijn staat: "{s}" Wat betekent dat voor mijn werk?'
        assert not assess(q).acute, (q, assess(q).reasons)


def test_danger_inside_a_long_guideline_question_is_found():
    filler = " ".join(_guideline_sentences()[:40])
    text = f"{filler} Ik zit nu bij het gezin en vader slaat de baby waar ik bij sta. {filler}"
    assert len(text) < MAX_CHARS
    assert assess(text).acute


def test_inflection_and_typos():
    for verb in ["slaat", "slaad", "sloeg", "geslagen", "schopt", "geschopt", "trapt", "mishandelt", "stompt"]:
        assert assess(f"vader {verb} de jongen net").acute, verb
    for night in ["vannacht", "vanacht", "vannag", "VANNACHT", "vannnacht"]:
        assert assess(f"het kind is {night} niet veilig thuis").acute, night
    for form in ["wurgt", "wurgde", "gewurgd", "wurgd"]:
        assert assess(f"de vader heeft het meisje {form}" if form.startswith("ge") else f"de vader {form} het meisje").acute


def test_reasons_explain_and_suppressed_frames_are_reported():
    a = assess("stel dat vader zijn zoon slaat waar ik bij sta")
    assert not a.acute
    assert any("hypothetisch" in s for s in a.suppressed)
    a = assess("vorige maand sloeg een vader zijn zoon waar ik bij stond")
    assert not a.acute and any("verleden" in s for s in a.suppressed)
    a = assess("het kind zit opgesloten in de kelder")
    assert a.reasons == ["opgesloten: 'zit opgesloten'"]


def test_rule_table_is_consistent():
    from jeugdhulp.safety.engine import ACUTE_ALONE, CUES, NEEDS_CONTEXT, RULES

    for rule in RULES:
        assert rule.danger in CUES, rule
        assert rule.context is None or rule.context.lstrip("*") in CUES, rule
        assert rule.danger in NEEDS_CONTEXT + ACUTE_ALONE, rule
        # danger that needs context never fires alone, and vice versa
        assert (rule.context is None) == (rule.danger in ACUTE_ALONE), rule


def test_no_heavy_imports():
    """No spaCy, no models, no network: importing the detector stays cheap."""
    import subprocess
    import sys

    code = "import sys, jeugdhulp.safety.engine as s; s.assess('vader slaat nu'); print(sorted(m for m in ('spacy', 'rasa', 'requests', 'simplemma') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_fold_matches_the_knowledge_base_fold():
    from jeugdhulp.knowledge.analysis import fold as kb_fold

    for text in ["Cliënt geïntegreerd", "ÉÉN Café", "Ångström ñ ß", "vader slaat zijn zoon"]:
        assert fold(text) == kb_fold(text)


# --------------------------------------------------------------------------------------
# Robustness: never raises, returns quickly, whatever comes in.
# --------------------------------------------------------------------------------------

ODD_INPUTS = [
    "", " ", "\n\n\t", "?", "!!!", "|||,,,", "....", "\x00\x01\x02", "\ud800", "🙂" * 50,
    "<script>alert('slaat nu')</script>", "<b>vader</b> <i>slaat</i> <u>nu</u>",
    "```python\nprint('levensgevaar')\n```", "{\"text\": \"nu\"}", "a" * 100_000,
    "вода " * 1000, "父亲正在打孩子", "مرحبا", "ー" * 3000, "nu " * 30_000, "slaat " * 20_000,
    "vader slaat " * 10_000, b"vader slaat zijn zoon nu", bytearray(b"\xff\xfe\x00"), None, 42,
    ["vader", "slaat"], "\u200b\u200bnu\u200b slaat",
]


@pytest.mark.parametrize("value", ODD_INPUTS, ids=range(len(ODD_INPUTS)))
def test_never_raises_on_odd_input(value):
    a = assess(value)
    assert isinstance(a, Assessment) and a.error is None


def test_bytes_are_read_as_text():
    assert assess(b"vader slaat zijn zoon nu").acute


def test_100kb_message_is_fast():
    text = ("ik heb een vraag over de meldcode en het afwegingskader bij kindermishandeling, " * 1300)[:100_000]
    start = time.perf_counter()
    a = assess(text)
    assert time.perf_counter() - start < 0.5
    assert not a.acute


def test_random_unicode_never_raises():
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import strategies as st

    words = st.sampled_from(
        ["vader", "slaat", "nu", "net", "waar", "ik", "bij", "sta", "levensgevaar", "als", "een", "kind",
         "niet", "veilig", "vannacht", "?", "!", ",", ".", "stel", "dat", "mes", "112", "help", "|", "'"]
    )

    @hypothesis.settings(max_examples=400, deadline=None)
    @hypothesis.given(st.one_of(st.text(max_size=400), st.lists(words, max_size=40).map(" ".join)))
    def check(text):
        a = assess(text)
        assert isinstance(a, Assessment) and a.error is None
        assert a.acute == bool(a.reasons)

    check()


def test_speed_typical_message():
    messages = ACUTE + NOT_ACUTE
    for m in messages:  # warm up the regex caches
        assess(m)
    timings = []
    for _ in range(5):
        for m in messages:
            start = time.perf_counter()
            assess(m)
            timings.append(time.perf_counter() - start)
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95)]
    print(f"\nassess(): p50 {p50 * 1e6:.0f} µs, p95 {p95 * 1e6:.0f} µs over {len(timings)} calls")
    assert p50 < 0.001
    assert p95 < 0.005


def test_deterministic():
    rng = random.Random(7)
    texts = ACUTE + NOT_ACUTE
    rng.shuffle(texts)
    assert [assess(t) for t in texts] == [assess(t) for t in texts]
