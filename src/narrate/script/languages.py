"""Reading rules per language: the words that introduce speech, pronouns, auxiliaries, titles and
abbreviations, whether dashes open dialogue, and how a byline is spoken.

English keeps its lists in wordlists.py; another language's lists replace the English ones where a word
would mean something else (French "a" is "has", not an article), and add to them where a word cannot
(titles, abbreviations, name particles). A language without lists here is still split into quotes by its
quote marks; only "X said" attribution needs the words.
"""

from __future__ import annotations

from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class LanguageWords:
    verbs: frozenset[str]  # speech verbs, any form that may stand next to a quote
    pronouns: frozenset[str] = frozenset()  # he/she: resolved to the last speaker
    auxiliaries: frozenset[str] = frozenset()  # "a déclaré", "ha detto", "hat gesagt": skipped before the verb
    determiners: frozenset[str] = frozenset()  # a quote after these is a noun phrase, not speech
    conjunctions: frozenset[str] = frozenset()
    not_in_subject: frozenset[str] = frozenset()  # relative pronouns, copulas: a clause, not a name
    name_stop: frozenset[str] = frozenset()  # capitalised words that start sentences but are not names
    titles: frozenset[str] = frozenset()  # dropped from a speaker's name
    abbreviations: frozenset[str] = frozenset()  # their dot does not end a sentence
    according: tuple[tuple[str, ...], ...] = ()  # "segundo X", "laut X"
    dash_dialogue: bool = False  # a paragraph opening with a dash is speech (Spanish, Portuguese, Italian...)
    by: str = "By"  # "<title>. By <author>."
    sample: str = ""  # what `narrate voices preview` says by default


GERMAN = LanguageWords(
    sample="Das ist eine Stimme für Deutsch. Die Fähre legt jeden Abend pünktlich um neun Uhr ab.",
    verbs=_words("""sagt sagte sagten gesagt sage sagen erklärt erklärte erklärten erklärt betont betonte fragt
        fragte fragten gefragt antwortet antwortete antworteten meint meinte meinten fügt fügte hinzu ergänzt
        ergänzte warnt warnte erzählt erzählte erzählten berichtet berichtete ruft rief schreibt schrieb
        flüstert flüsterte bestätigt bestätigte kritisiert kritisierte räumt räumte ein"""),
    pronouns=_words("er sie"),
    auxiliaries=_words("hat haben hatte hatten habe"),
    determiners=_words(
        "der die das den dem des ein eine einen einem einer eines sein seine ihr ihre dieser diese"
        " dieses sogenannte sogenannten"
    ),
    conjunctions=_words("und aber oder dann bevor nachdem während weil denn sondern"),
    not_in_subject=_words("der die das den dem wer wen dessen deren welcher welche ist war sind waren es wenn dass"),
    name_stop=_words(
        "der die das ein eine er sie es wir ich du ihr dann aber und heute gestern auch noch nun jetzt"
        " doch als wenn im am in auf mit nach vor für von bei"
    ),
    titles=_words("""herr frau dr prof professor professorin bürgermeister bürgermeisterin minister ministerin
        kanzler kanzlerin präsident präsidentin sprecher sprecherin direktor direktorin chef chefin trainer
        trainerin kapitän kapitänin pfarrer pfarrerin richter richterin anwalt anwältin lehrer lehrerin"""),
    abbreviations=_words("dr prof nr bzw ca vgl usw hr fr str abs bzw"),
    according=(("laut",), ("nach", "angaben", "von"), ("zufolge",)),
    by="Von",
)
FRENCH = LanguageWords(
    sample="Voici une voix française. Le bac quitte le port à neuf heures, chaque soir, à l'heure.",
    verbs=_words("""dit dis disait déclaré déclare déclarait affirmé affirme affirmait ajouté ajoute ajoutait
        expliqué explique expliquait répondu répond répondait demandé demande demandait raconté raconte racontait
        précisé précise précisait souligné souligne assuré assure estimé estime lancé lance confié confie
        prévenu prévient rappelé rappelle confirmé confirme insisté insiste murmuré murmure"""),
    pronouns=_words("il elle"),
    auxiliaries=_words("a ont avait avaient as"),
    determiners=_words("le la les un une des du ce cette ces son sa ses leur leurs soi-disant"),
    conjunctions=_words("et mais ou puis avant après pendant parce car donc"),
    not_in_subject=_words("qui que dont est était sont étaient être été si"),
    name_stop=_words(
        "le la les un une il elle nous je vous ils elles on mais et puis aujourd'hui hier ce cette"
        " en au aux dans pour avec selon"
    ),
    titles=_words("""m mme mlle monsieur madame docteur dr professeur maire ministre président présidente
        directeur directrice porte-parole capitaine juge avocat avocate entraîneur entraîneuse"""),
    abbreviations=_words("m mme mlle dr pr st ste etc av n"),
    according=(("selon",), ("d'après",)),
    dash_dialogue=True,
    by="Par",
)
SPANISH = LanguageWords(
    sample="Esta es una voz en español. El barco sale del puerto a las nueve, puntual, cada noche.",
    verbs=_words("""dijo dice decía dicho declaró declara afirmó afirma añadió añade explicó explica respondió
        responde contestó contesta preguntó pregunta aseguró asegura señaló señala comentó comenta insistió
        insiste advirtió advierte relató relata contó cuenta admitió admite gritó grita susurró susurra
        murmuró murmura apuntó apunta subrayó subraya"""),
    pronouns=_words("él ella"),
    auxiliaries=_words("ha han había habían"),
    determiners=_words("el la los las un una unos unas este esta estos estas su sus llamado llamada"),
    conjunctions=_words("y e pero o u luego antes después mientras porque pues"),
    not_in_subject=_words("que quien quienes cuyo cuya es era son eran ser sido si"),
    name_stop=_words(
        "el la los las un una él ella nosotros yo usted ellos ellas pero y luego hoy ayer este esta"
        " en con para por según"
    ),
    titles=_words("""sr sra srta señor señora don doña doctor doctora dr dra profesor profesora alcalde alcaldesa
        ministro ministra presidente presidenta director directora portavoz capitán capitana juez jueza
        abogado abogada entrenador entrenadora"""),
    abbreviations=_words("sr sra srta dr dra lic ing núm etc pág"),
    according=(("según",), ("de", "acuerdo", "con")),
    dash_dialogue=True,
    by="Por",
)
PORTUGUESE = LanguageWords(
    sample="Esta é uma voz em português. A balsa sai do porto às nove horas, pontualmente, toda noite.",
    verbs=_words("""disse diz dizia dito declarou declara afirmou afirma acrescentou acrescenta explicou explica
        respondeu responde perguntou pergunta contou conta garantiu garante ressaltou ressalta comentou comenta
        insistiu insiste avisou avisa admitiu admite gritou grita sussurrou sussurra murmurou murmura
        destacou destaca lembrou lembra completou completa"""),
    pronouns=_words("ele ela"),
    auxiliaries=_words("tem têm tinha tinham havia"),
    determiners=_words("o a os as um uma uns umas este esta estes estas esse essa seu sua seus suas chamado chamada"),
    conjunctions=_words("e mas ou depois antes enquanto porque pois"),
    not_in_subject=_words("que quem cujo cuja é era são eram ser sido se"),
    name_stop=_words(
        "o a os as um uma ele ela nós eu você eles elas mas e depois hoje ontem este esta em no na com para por segundo"
    ),
    titles=_words("""sr sra senhor senhora dona doutor doutora dr dra professor professora prefeito prefeita
        presidente ministro ministra diretor diretora porta-voz capitão juiz juíza advogado advogada técnico
        técnica treinador treinadora governador governadora vereador vereadora"""),
    abbreviations=_words("sr sra dr dra prof profa etc pág nº"),
    according=(("segundo",), ("de", "acordo", "com"), ("conforme",)),
    dash_dialogue=True,
    by="Por",
)
ITALIAN = LanguageWords(
    sample="Questa è una voce italiana. Il traghetto parte dal porto alle nove, puntuale, ogni sera.",
    verbs=_words("""detto dice diceva disse dichiarato dichiara dichiarò affermato afferma affermò aggiunto
        aggiunge aggiunse spiegato spiega spiegò risposto risponde rispose chiesto chiede chiese raccontato
        racconta raccontò sottolineato sottolinea assicurato assicura commentato commenta ammesso ammette
        gridato grida sussurrato sussurra precisato precisa"""),
    pronouns=_words("lui lei egli ella"),
    auxiliaries=_words("ha hanno aveva avevano"),
    determiners=_words(
        "il lo la i gli le un uno una questo questa questi queste suo sua suoi sue cosiddetto cosiddetta"
    ),
    conjunctions=_words("e ed ma o poi prima dopo mentre perché quindi"),
    not_in_subject=_words("che chi cui è era sono erano essere stato se"),
    name_stop=_words(
        "il lo la i gli le un una lui lei noi io voi loro ma e poi oggi ieri questo questa in con per secondo"
    ),
    titles=_words("""sig sig.ra signor signora dott dottor dottore dottoressa prof professore professoressa sindaco
        ministro ministra presidente direttore direttrice portavoce capitano giudice avvocato avvocata
        allenatore"""),
    abbreviations=_words("sig dott prof ing avv ecc pag n"),
    according=(("secondo",),),
    dash_dialogue=True,
    by="Di",
)
DUTCH = LanguageWords(
    sample="Dit is een Nederlandse stem. De veerboot vertrekt elke avond stipt om negen uur.",
    verbs=_words(
        "zegt zei zeiden gezegd vertelt vertelde verklaarde verklaart antwoordt antwoordde vraagt vroeg"
        " voegt voegde toe benadrukt benadrukte waarschuwt waarschuwde aldus"
    ),
    pronouns=_words("hij zij ze"),
    auxiliaries=_words("heeft hebben had"),
    determiners=_words("de het een deze dit die zijn haar hun zogenaamde"),
    conjunctions=_words("en maar of dan voordat nadat terwijl omdat"),
    titles=_words("meneer mevrouw dhr mevr dr prof burgemeester minister president directeur woordvoerder"),
    abbreviations=_words("dhr mevr dr prof bijv enz nr"),
    according=(("volgens",),),
    by="Door",
)
POLISH = LanguageWords(
    sample="To jest polski głos. Prom wypływa z portu punktualnie o dziewiątej każdego wieczoru.",
    verbs=_words(
        "powiedział powiedziała powiedzieli mówi mówił mówiła dodał dodała dodaje stwierdził stwierdziła"
        " zapytał zapytała odpowiedział odpowiedziała wyjaśnił wyjaśniła podkreślił podkreśliła"
        " zaznaczył zaznaczyła przyznał przyznała"
    ),
    pronouns=_words("on ona"),
    titles=_words("pan pani dr prof burmistrz minister prezydent dyrektor dyrektorka rzecznik rzeczniczka"),
    abbreviations=_words("dr prof np tzn itd ul nr"),
    according=(("według",), ("zdaniem",)),
    dash_dialogue=True,
    by="Autor:",
)
SWEDISH = LanguageWords(
    sample="Det här är en svensk röst. Färjan lämnar hamnen klockan nio varje kväll, i tid.",
    verbs=_words(
        "säger sa sade berättar berättade svarar svarade frågar frågade förklarar förklarade tillägger"
        " tillade menar menade"
    ),
    pronouns=_words("han hon"),
    titles=_words("herr fru dr prof borgmästare minister statsminister ordförande direktör"),
    abbreviations=_words("dr prof bl.a t.ex osv ca nr"),
    according=(("enligt",),),
    dash_dialogue=True,
    by="Av",
)
DANISH_NORWEGIAN = LanguageWords(
    sample="Dette er en stemme til dansk og norsk. Færgen sejler fra havnen klokken ni hver aften.",
    verbs=_words(
        "siger sagde sier sa forteller fortalte fortæller svarer svarte svarede spør spurte spørger spurgte"
        " forklarer forklarte forklarede tilføjer tilføjede legger la til mener mente"
    ),
    pronouns=_words("han hun"),
    titles=_words("hr fru dr prof borgmester ordfører minister statsminister direktør formand leder"),
    abbreviations=_words("dr prof f.eks bl.a osv ca nr hr"),
    according=(("ifølge",),),
    dash_dialogue=True,
    by="Af",
)

BY_LANGUAGE = {
    "de": GERMAN,
    "fr": FRENCH,
    "es": SPANISH,
    "pt": PORTUGUESE,
    "it": ITALIAN,
    "nl": DUTCH,
    "pl": POLISH,
    "sv": SWEDISH,
    "da": DANISH_NORWEGIAN,
    "no": DANISH_NORWEGIAN,
    "ca": SPANISH,
}
# Speech that dashes open, in languages without word lists here (Russian, Czech...): the convention is theirs too.
DASH_DIALOGUE = {"ru", "uk", "bg", "cs", "sk", "hu", "ro", "hr", "sr", "sl", "el", "fi", "et", "lt", "lv", "ca", "gl"}


def words_for(language: str | None) -> LanguageWords | None:
    """The word lists for a language; None for English (wordlists.py holds them) and for unknown ones."""
    code = (language or "en").split("-")[0].lower()
    if code == "en":
        return None
    found = BY_LANGUAGE.get(code)
    if found is None:
        return LanguageWords(verbs=frozenset(), dash_dialogue=code in DASH_DIALOGUE, by="")
    return found
