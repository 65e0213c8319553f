"""Whether a physiotherapist's text asks the athlete to use heat, read past what hides a word.

The heat rail (prescription.py) reads every text a physiotherapist writes (an exercise's note,
a pause's reason, an instruction, what to avoid) in one normal form, so that what the athlete
reads as heat is heat to the rail too: Unicode NFKC (fullwidth and styled letters become plain
ones), invisible and format characters dropped (zero-width spaces and joiners, word joiner,
byte-order mark, soft hyphen, direction marks), accents folded ("térmica" reads "termica"),
letters of other scripts that imitate Latin ones folded to them (Cyrillic "а", Greek "ο"), and
case folded. An invisible character may also sit where the reader sees a space
("apply\u200bheat"), so a text is read both ways.

Heat is named as the sources name it (003:10 "heat used later", 004:485 "dry heat") and as
people do, in English and Spanish: heat and its packs, pads and wraps; hot or warm compresses,
packs, towels, baths, showers and water bottles; saunas, steam rooms, electric blankets,
thermal wraps; calor, compresas calientes, bolsa de agua caliente, manta eléctrica, almohadilla
térmica, ducha o baño caliente. Warmth may stand a few words from its bath or shower ("a warm,
relaxing bath", "a bath tonight, nice and warm", "un baño largo y templado"), but not across a
word that ends it ("then", "not", "cold", "pero"...). The warm-up before training ("warm up",
"calentamiento", 003:11) is not heat.

What may be heat without saying so (heat_doubted): a bath, a shower or a soak on its own, "warm"
or "tibio" on its own, "keep warm" (abrigarse). It is not refused, but while heat waits the plan
does not give it as an instruction: the athlete reads it as the physiotherapist's note, beside
the plan's own cold and no-heat items (prescription.prescribed_day). Cold baths and showers are
not in doubt.

Negation, decided for safety. "No heat" is the sources' own advice for the first 48 h (003:10,
004:493-495) and must stay writable; but reading a text as heat when it is not only costs the
physiotherapist a rewording, while the reverse puts heat on an acute back. So a mention of heat
is ruled out only by a negation right before it, with at most a few small words between:
"no heat", "avoid a hot bath", "do not use a heating pad", "sin calor", "evite el calor",
"ni calor ni frío", or a list of heat under one negation ("no sauna or hot baths"). A double
negation ("don't avoid heat"), a negation that says when heat begins ("no heat until
tomorrow", "sin calor hasta el día 3"), a negation after the words ("heat is not a problem")
and one across a sentence, a comma before something else or a "but" ("no ice, heat") do not
rule heat out. An avoid text is a negation by itself ("hot baths and saunas" is what to avoid),
up to the end of its first sentence or a verb that asks for something ("deadlifts; use a heat
pack"); from there on the rule above applies.
"""
import re
import unicodedata

# "don't" reads "dont": one word the negations below can name.
_APOSTROPHES = dict.fromkeys(map(ord, "'‘’‛ʼ′`´\uff07"))
# Letters that print blank but are not format characters (Hangul fillers, the blank Braille pattern).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Look-alikes of Latin letters in other scripts, by case: casefolding first would merge Greek "Η" (H) with "η" (n).
LOOK_ALIKES = str.maketrans({
    **dict(zip("АВЕЅІЈКМНОРСТХУҮԚԜҺӀ", "ABESIJKMHOPCTXYYQWHI", strict=True)),
    **dict(zip("авеѕіјкмнопрстхуүԛԝһӏԁ", "abesijkmhonpctxyyqwhld", strict=True)),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),
    **dict(zip("αβγεηικνορτυχωϲϳ", "abyenikvoptuxwcj", strict=True)),
    **dict(zip("օսհոıȷɑɡɩʜᴀʙᴄᴅᴇɢɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢøħłđŧƀ", "ouhnijagihabcdegijklmnoprstuvwyzohldtb", strict=True)),
})
# Up to a few words between warmth and its bath ("a warm, relaxing bath"), none that ends the phrase or turns it cold.
_GAP = (r"(?:[ ,]+(?!(?:up|then|but|not|no|never|or|cold|cool|ice|icy|after|before|o|ni|sin|pero|luego|despues|antes|"
        r"fri[ao]s?|hielo)(?!\w))\w+)")
_HEAT_PHRASES = (
    r"hot\s?water\s?bottles?",
    r"(?:hot|warm|heat|heated|heating|thermal|electric)\s?(?:packs?|pads?|wraps?|patch(?:es)?|compress(?:es)?|towels?|"
    r"blankets?|pillows?|lamps?|bags?|belts?|rubs?|creams?|gels?|stones?)",
    r"(?:hot|warm)\s?(?:baths?|showers?|tubs?|water|soaks?|springs?|yoga)",
    rf"(?:hot|warm){_GAP}{{1,3}}?[ ,]+(?:baths?|bathtubs?|showers?|tubs?|soaks?)",
    rf"(?:baths?|bathtubs?|showers?|soaks?){_GAP}{{0,4}}?[ ,]+(?:hot|warm)(?!\s?ups?(?!\w))",
    r"warm(?:s|ing)?\s(?:(?:the|your)\s)?(?:(?:lower|upper|sore)\s)?(?:area|back|spine|muscles?|spot|zone)(?!\sup(?!\w))",
    r"capsaicin\w*", r"capsicum", r"ir\slamps?",
    r"wheat\s?bags?", r"steam\s?(?:rooms?|baths?)", r"(?:pre)?heat(?:s|ed|ers?|ing)?", r"warmth",
    r"warming\s?(?:creams?|gels?|balms?|rubs?|ointments?|patch(?:es)?|pads?)",
    r"saunas?", r"jacuzzis?", r"whirlpools?", r"infra\s?red", r"diathermy", r"paraffin", r"thermals?", r"thermotherap\w*",
    r"thermacare", r"thermophores?",
    r"bolsas?\sde\sagua\scalientes?",
    r"(?:compresas?|panos?|panitos?|toallas?|bolsas?|parches?|duchas?|banos?|agua|mantas?|almohadillas?|esterillas?|cojin|cojines)"
    r"\s(?:calientes?|tibi[ao]s?|templad[ao]s?|templadit[ao]s?|tibiecit[ao]s?|termic[ao]s?|electric[ao]s?|de\scalor)",
    rf"(?:banos?|baneras?|duchas?|remojos?){_GAP}{{0,3}}?[ ,]+(?:calientes?|calentit[ao]s?|tibi[ao]s?|tibiecit[ao]s?|templad[ao]s?|templadit[ao]s?)",
    r"hidromasajes?", r"termas", r"termales?",
    r"(?:calentar|calienta|calientese|calientate)(?:\s(?:la|el|tu|su))?\s(?:zona|espalda|lumbares?|musculos?|area)",
    r"banos?\sturcos?", r"banos?\sde\svapor", r"(?:saquitos?|sacos?|bolsas?)\sde\s(?:semillas|trigo|cereales)",
    r"calor(?:es)?", r"calientes?", r"calentit[ao]s?", r"calentador(?:a|as|es)?", r"calefac\w*", r"termic[ao]s?", r"termoterapia",
    r"termoforos?", r"infrarroj[ao]s?", r"parafina", r"diatermia",
)
HEAT = re.compile(r"(?<!\w)(?:" + "|".join(_HEAT_PHRASES) + r")(?!\w)")
_MAYBE_HEAT_PHRASES = (
    r"baths?", r"bathe[sd]?", r"bathing", r"bathtubs?", r"tubs?", r"soak(?:s|ed|ing)?", r"showers?", r"showering", r"spas?",
    r"hydrotherap\w*", r"hydro\s?pools?", r"steam", r"warm(?:er|ly|ing)?(?!\s?ups?(?!\w))", r"hot(?:ter)?",
    r"banos?", r"banar(?:se|te)?", r"banese", r"banate", r"baneras?", r"duchas?", r"duchar(?:se|te)?", r"duchese", r"duchate",
    r"remojos?", r"balnearios?", r"hidroterapia", r"vapor", r"tibi[ao]s?", r"templad(?:it)?[ao]s?", r"abrig\w*",
)
MAYBE_HEAT = re.compile(r"(?<!\w)(?:" + "|".join(_MAYBE_HEAT_PHRASES) + r")(?!\w)")
# Cold water is no doubt: "a cold shower", "ice bath", "ducha fría", "baño de agua helada".
COLD_WATER = re.compile(
    r"(?<!\w)(?:(?:cold|cool|icy|iced|ice)\s(?:water\s)?(?:baths?|showers?|soaks?|tubs?|plunges?)"
    r"|(?:banos?|duchas?|baneras?)\s(?:de\s)?(?:agua\s)?(?:fri[ao]s?|helad[ao]s?|hielo))(?!\w)"
)
TOKEN = re.compile(r"\w+|\n|[^\w\s]")
# Negations of more than one word, made one token before the text is read.
_NEGATION_PHRASES = ((re.compile(r"(?<!\w)instead of(?!\w)"), "insteadof"), (re.compile(r"(?<!\w)rather than(?!\w)"), "ratherthan"),
                     (re.compile(r"(?<!\w)en (?:lugar|vez) de(?!\w)"), "enlugarde"))
NEGATIONS = frozenset({
    "no", "not", "never", "dont", "doesnt", "isnt", "arent", "shouldnt", "mustnt", "cant", "cannot", "wont", "none", "neither", "nor",
    "avoid", "avoids", "avoiding", "without", "stop", "stopping", "quit", "skip", "refrain", "insteadof", "ratherthan",
    "nunca", "jamas", "sin", "ni", "tampoco", "nada", "evita", "evitar", "evite", "eviten", "evitad", "evitando", "prohibido",
    "prohibida", "enlugarde",
})
# Small words that may stand between a negation and the heat it rules out ("do not use any heat", "no te pongas una manta eléctrica").
FILLERS = frozenset({
    "a", "an", "the", "any", "some", "more", "much", "too", "extra", "additional", "your", "my", "his", "her", "their", "its", "this",
    "that", "these", "those", "of", "on", "to", "it", "them", "you", "yourself", "use", "using", "apply", "applying", "put", "putting",
    "try", "trying", "take", "taking", "have", "having", "do", "doing", "get", "getting", "go", "going", "into", "in", "with", "at",
    "for", "from", "yet", "ever", "direct", "directly", "local", "dry", "moist", "deep", "strong", "intense", "prolonged", "long",
    "need", "further", "again", "please", "be",
    "el", "la", "los", "las", "lo", "un", "una", "unos", "unas", "de", "del", "al", "en", "con", "para", "mas", "tanto", "ningun",
    "ninguna", "ninguno", "tu", "tus", "su", "sus", "te", "se", "le", "me", "usar", "uses", "usa", "utilizar", "utilices", "utilice",
    "aplicar", "apliques", "aplique", "aplica", "aplicarse", "aplicarte", "poner", "pongas", "ponga", "ponerse", "ponerte", "tomar",
    "tomes", "tome", "darse", "darte", "des", "hacer", "hagas", "haga", "ir", "vayas", "vaya", "meter", "meterse", "meterte", "metas",
    "colocar", "coloques", "coloque", "directo", "directa", "directamente", "seco", "seca", "humedo", "humeda", "intenso",
    "intensa", "prolongado", "prolongada", "todavia", "aun", "necesitas", "necesita", "hace", "falta",
})
MAX_FILLERS = 4
# A list of heat under one negation: "no saunas, hot baths or heat packs".
JOINERS = frozenset({",", "/", "&", "and", "or", "y", "e", "o", "u"})
# Where a sentence or a clause ends: a negation before it does not reach past.
BOUNDARIES = frozenset({
    ".", ";", ":", "!", "?", "(", ")", "\n", "but", "however", "instead", "then", "though", "although", "rather", "except",
    "pero", "sino", "luego", "despues", "aunque", "excepto", "salvo", "mejor",
})
# Words that say when heat begins, after a negation of it: "no heat until tomorrow" schedules heat.
STARTS = frozenset({"until", "till", "til", "before", "hasta", "antes"})
# Verbs that ask for something: in an avoid text, what follows one is no longer what to avoid.
ASKING = frozenset({
    "use", "apply", "put", "try", "take", "have", "get", "do", "go", "keep", "prefer", "start",
    "usa", "utiliza", "utilice", "aplica", "aplique", "pon", "ponga", "ponte", "pongase", "prueba", "pruebe", "toma", "tome",
    "tomate", "date", "dese", "haz", "haga", "ve", "vaya", "coloca", "coloque", "empieza", "empiece", "prefiere", "manten", "mantenga",
})


def _invisible(char: str) -> bool:
    return (unicodedata.category(char) in ("Cf", "Cc") and not char.isspace()) or char in _BLANK_LETTERS


def _without_marks(text: str) -> str:
    # Marks are dropped by category: the combining grapheme joiner and variation selectors have no combining class.
    return "".join(char for char in unicodedata.normalize("NFD", text) if unicodedata.category(char) not in ("Mn", "Me"))


def normalised(text: str, invisible: str = "") -> str:
    """The text as the rails read it; invisible: what an invisible character reads as (nothing, or a space)."""
    text = unicodedata.normalize("NFKC", text.translate(_APOSTROPHES))
    text = "".join(invisible if _invisible(char) else char for char in text)
    text = _without_marks(_without_marks(text).translate(LOOK_ALIKES).casefold())
    text = "".join(" " if char == "_" or unicodedata.category(char) == "Pd" else char for char in text)
    return re.sub(r"\s*\n\s*", "\n", re.sub(r"[^\S\n]+", " ", text)).strip()


def heat_asked(text: str, avoiding: bool = False) -> str | None:
    """The first words of a text that ask for heat, as the rail read them (None: nothing does).

    avoiding: the text says what to avoid.
    """
    for invisible in ("", " "):
        asked = _first_asked(normalised(text, invisible), avoiding, HEAT)
        if asked is not None:
            return asked
    return None


def heat_doubted(text: str) -> str | None:
    """The first words of a text that may mean heat without saying so, as read (None: none, or the text asks for heat)."""
    if heat_asked(text) is not None:
        return None
    for invisible in ("", " "):
        doubted = _first_asked(COLD_WATER.sub("cold", normalised(text, invisible)), False, MAYBE_HEAT)
        if doubted is not None:
            return doubted
    return None


def _first_asked(text: str, avoiding: bool, pattern: re.Pattern[str]) -> str | None:
    for negation, token in _NEGATION_PHRASES:
        text = negation.sub(token, text)
    tokens: list[str] = []
    mentions: set[int] = set()
    read = 0
    for match in pattern.finditer(text):
        tokens += TOKEN.findall(text[read:match.start()])
        mentions.add(len(tokens))
        tokens.append(match.group())
        read = match.end()
    tokens += TOKEN.findall(text[read:])
    avoided = next((i for i, token in enumerate(tokens) if token in BOUNDARIES or token in ASKING), len(tokens)) if avoiding else 0
    for index in sorted(mentions):
        ruled_out = index < avoided or _negated(tokens, index, mentions)
        if not ruled_out or _names_a_start(tokens, index):
            return tokens[index]
    return None


def _negated(tokens: list[str], index: int, mentions: set[int]) -> bool:
    fillers = 0
    for at in range(index - 1, -1, -1):
        token = tokens[at]
        if token in NEGATIONS:
            return not _negation_before(tokens, at)
        if token in FILLERS and fillers < MAX_FILLERS:
            fillers += 1
        elif not (at in mentions or (token in JOINERS and at - 1 in mentions)):
            return False
    return False


def _negation_before(tokens: list[str], index: int) -> bool:
    for token in reversed(tokens[max(0, index - MAX_FILLERS - 1):index]):
        if token in NEGATIONS:
            return True
        if token not in FILLERS:
            return False
    return False


def _names_a_start(tokens: list[str], index: int) -> bool:
    for token in tokens[index + 1:]:
        if token in STARTS:
            return True
        if token in BOUNDARIES or token in JOINERS:
            return False
    return False
