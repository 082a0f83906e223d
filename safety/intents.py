"""Child-specific harms, found by what a sentence is doing rather than by single words.

General moderation data under-represents what matters most for a child's toy: grooming
(secrecy, isolation, meeting, photos), dangerous challenges and household dangers, alcohol or
drugs offered to a child, and a child's own disclosure of harm. None of these hangs on one bad
word: "bleach" and "drink" are both everyday words; "let's drink the bleach" is not. So each
intent here is a set of *concepts* that must all appear in one sentence ("a household chemical"
and "swallowing or mixing it" and "said to the child"), with a *guard* of its own that marks
the sentence as a warning instead ("never drink bleach", "if someone asks you to keep a secret,
tell a grown-up").

Concepts hold words of every supported language (the guard words too); texts are folded and
normalized first (``safety/normalize.py``), so the words are matched without accents, and the
obfuscation layer's readings ("ur" -> "your", "killyourself" -> "kill your self") are checked
as well.

``find_intents(text, direction)`` returns the intents found, most severe first.
A ``disclosure`` is a child's own words about being hurt or wanting to hurt themselves: the
engine marks it ``needs_review`` for compliance staff and the bear answers gently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .normalize import fold

_ORDER = ("en", "es", "de", "fr", "it", "pt", "nl")


class Concept:
    """Phrases of one idea, per language: a text is searched with the phrases of the languages
    it is judged in only, so that French "bite" never meets an English story's "took a bite".

    Written as one string per language in ``_ORDER`` (a leading extra string is English too);
    one string alone holds words for every language (brand names, mixed lists)."""

    def __init__(self, *strings: str) -> None:
        if len(strings) == len(_ORDER) + 1:
            strings = (strings[0] + "|" + strings[1], *strings[2:])
        self.by_language: dict[str, list[str]] = {}
        texts: dict[str, str] = {}
        if len(strings) == len(_ORDER):
            texts = dict(zip(_ORDER, strings, strict=True))
        else:
            texts = dict.fromkeys(_ORDER, "|".join(strings))
        self.first_words: dict[str, frozenset[str]] = {}
        self.stems: dict[str, tuple[str, ...]] = {}
        for language, phrases in texts.items():
            self.by_language[language] = _phrases(phrases)
            firsts = [fold(p.strip()).split()[0] for p in phrases.split("|") if p.strip()]
            self.first_words[language] = frozenset(w for w in firsts if not w.endswith("*"))
            self.stems[language] = tuple(w.rstrip("*") for w in firsts if w.endswith("*"))
        self._compiled: dict[tuple[str, ...], re.Pattern[str]] = {}

    def could_match(self, words: frozenset[str], languages: tuple[str, ...]) -> bool:
        """A cheap first look: does the sentence hold a first word of any phrase? (A regular
        expression of a few hundred alternatives is slow to run on every sentence.)"""
        for language in languages:
            if not words.isdisjoint(self.first_words.get(language, ())):
                return True
            stems = self.stems.get(language)
            if stems and any(w.startswith(stems) for w in words):
                return True
        return False

    def found_in(self, text: str, words: frozenset[str], languages: tuple[str, ...]) -> bool:
        """Whether ``text`` (whose words are ``words``) holds a phrase of the concept, searched
        one language at a time: a pattern per language, compiled once, whatever the mix."""
        return any(
            self.could_match(words, (lang,)) and self.pattern((lang,)).search(text) is not None
            for lang in languages
        )

    def pattern(self, languages: tuple[str, ...]) -> re.Pattern[str]:
        compiled = self._compiled.get(languages)
        if compiled is None:
            parts = sorted(
                {p for lang in languages for p in self.by_language.get(lang, ())},
                key=len,
                reverse=True,
            )
            compiled = re.compile(r"(?<![\w'])(?:" + "|".join(parts) + r")(?![\w])")
            self._compiled[languages] = compiled
        return compiled


class Opening(Concept):
    """Phrases that count only where a sentence begins ("Eat the berries.", "Go and climb
    the roof"), after a word of encouragement or two: an order needs no "you"."""

    _LEAD = r"^\W*(?:(?:ok|okay|now|just|quick|quickly|hey|psst|so|then|and|please|go on|come on|go|ooh|oh|wow|yes)\W+){0,3}"

    #: ... or after "go (somewhere) and": "Go to the bathroom and drink the bleach." (Written
    #: folded, as the text is: "vá" is "va".)
    _GO_AND = (
        r"^\W*(?:go|come|run|ve|ven|corre|geh|komm|lauf|va|viens|cours|vai|vieni|corri|vem|"
        r"ga|kom|ren)\b[^.!?]{0,40}?\b(?:and|y|e|und|et|en)\s+"
    )

    def pattern(self, languages: tuple[str, ...]) -> re.Pattern[str]:
        compiled = self._compiled.get(languages)
        if compiled is None:
            body = super().pattern(languages).pattern
            compiled = re.compile(f"{self._LEAD}{body}|{self._GO_AND}{body}")
            self._compiled[languages] = compiled
        return compiled


class Affirmed(Concept):
    """Phrases that count only when not negated just before: "tell your mom" is advice, and
    "don't tell your mom" is its opposite."""

    _NEGATIONS = (
        "don't", "dont", "do not", "never", "not", "can't", "cant", "cannot", "mustn't", "won't",
        "wont", "shouldn't", "no need to", "no", "nunca", "nicht", "niemals", "jamais", "pas",
        "mai", "non", "não", "nao", "nooit", "niet",
    )  # fmt: skip

    def pattern(self, languages: tuple[str, ...]) -> re.Pattern[str]:
        compiled = self._compiled.get(languages)
        if compiled is None:
            body = super().pattern(languages).pattern
            negated = "".join(f"(?<!\\b{re.escape(fold(n))} )" for n in self._NEGATIONS)
            compiled = re.compile(negated + body)
            self._compiled[languages] = compiled
        return compiled


class AnyOf(Concept):
    """Either concept."""

    def __init__(self, *concepts: Concept) -> None:
        self.concepts = concepts
        self._compiled = {}

    def could_match(self, words: frozenset[str], languages: tuple[str, ...]) -> bool:
        return any(c.could_match(words, languages) for c in self.concepts)

    def found_in(self, text: str, words: frozenset[str], languages: tuple[str, ...]) -> bool:
        return any(c.found_in(text, words, languages) for c in self.concepts)

    def pattern(self, languages: tuple[str, ...]) -> re.Pattern[str]:
        """Compiles each concept's (``load_models`` warms them); the search is ``found_in``."""
        compiled = self._compiled.get(languages)
        if compiled is None:
            compiled = re.compile("|".join(c.pattern(languages).pattern for c in self.concepts))
            self._compiled[languages] = compiled
        return compiled


class Near(Concept):
    """One concept's phrase followed, within ``gap`` words, by another's: "punch him", "hit
    your little sister", and not "her mommy said: I will hit the ball"."""

    def __init__(self, first: Concept, then: Concept, gap: int = 2) -> None:
        self.first, self.then, self.gap = first, then, gap
        self._compiled = {}

    def could_match(self, words: frozenset[str], languages: tuple[str, ...]) -> bool:
        return self.first.could_match(words, languages) and self.then.could_match(words, languages)

    def pattern(self, languages: tuple[str, ...]) -> re.Pattern[str]:
        compiled = self._compiled.get(languages)
        if compiled is None:
            a = self.first.pattern(languages).pattern
            b = self.then.pattern(languages).pattern
            compiled = re.compile(rf"{a}\W+(?:[\w']+\W+){{0,{self.gap}}}?{b}")
            self._compiled[languages] = compiled
        return compiled


def _phrases(text: str) -> list[str]:
    """Folded regular-expression bodies; ``*`` ends a word stem ("smok*")."""
    parts = []
    for item in text.split("|"):
        item = fold(item.strip())
        if item:
            stem = item.endswith("*")
            body = r"\s+".join(re.escape(w) for w in item.rstrip("*").split())
            parts.append(body + (r"\w*" if stem else ""))
    return parts


_concept = Concept


# --- concepts -----------------------------------------------------------------------------------

YOU = _concept(
    "i|i'm|im|i'll|ill|i will|i wanna|i want|i'm gonna|im gonna|i'm going to|can i|how do i|should i|me",
    "you|u|ya|ye|your|ur|yourself|urself|let's|lets|let us|we|we'll|we can|why don't you|"
    "go and|come on|you should|you gotta|i dare you|dare you",
    "tu|tú|te|ti|contigo|vamos|usted|vos",  # es
    "du|dich|dir|dein|deine|lass uns|wir",  # de
    "tu|toi|te|vous|on va|allons|viens",  # fr
    "tu|te|ti|voi|andiamo|dai",  # it
    "você|voce|vc|tu|te|contigo|vamos|bora",  # pt
    "jij|je|jou|jouw|jullie|laten we|we gaan|kom op",  # nl
)
#: Verbs a sentence that gives the child an order opens with.
COMMAND = Opening(
    "eat|drink|taste|try|take|grab|put|stick|poke|throw|toss|kick|hit|punch|push|trip|pour|"
    "mix|swallow|lick|chew|sniff|smell|breathe|inhale|light|burn|turn|open|undo|unbuckle|"
    "climb|jump|run|play|hide|steal|sneak|pick|find|get|bring|hold|squeeze|tie|wrap|pull|"
    "shake|lock|hurt|bite|spray|plug|touch|use|make|fill|heat|slide|lean|stand|lie|swim|dive|"
    "cut|stab|shoot|pinch|scratch|set|pop|sip|chug|gulp|dip|rub|stuff|cover|tell|show|send|"
    "give|slap|smash|break|crush|step|stomp|drop|flush|jam",
    "come|cómete|comete|bebe|bébete|prueba|toma|coge|agarra|pon|mete|tira|lanza|patea|pega|"
    "empuja|mezcla|traga|chupa|huele|enciende|prende|quema|abre|trepa|sube|salta|corre|juega|"
    "esconde|roba|toca|usa|haz|corta|aprieta",
    "iss|trink|probier|nimm|hol|steck|wirf|tritt|schlag|hau|schubs|misch|schluck|leck|riech|"
    "zünde|zunde|öffne|offne|kletter|spring|renn|spiel|versteck|klau|fass|benutz|mach|"
    "schneid|drück|druck",
    "mange|bois|goûte|goute|essaie|prends|attrape|mets|jette|lance|frappe|pousse|mélange|"
    "melange|avale|lèche|leche|renifle|allume|brûle|brule|ouvre|grimpe|monte|saute|cours|"
    "joue|cache|vole|touche|utilise|fais|coupe|serre",
    "mangia|bevi|assaggia|prova|prendi|afferra|metti|lancia|butta|tira|calcia|picchia|spingi|"
    "mescola|ingoia|lecca|annusa|accendi|brucia|apri|arrampicati|sali|salta|corri|gioca|"
    "nascondi|ruba|tocca|usa|fai|taglia|stringi",
    "come|bebe|prova|experimenta|pega|coloca|põe|poe|bota|joga|chuta|bate|empurra|mistura|"
    "engole|lambe|cheira|acende|queima|abre|sobe|escala|pula|corre|brinca|esconde|rouba|"
    "toca|usa|faz|corta|aperta",
    "eet|drink|proef|probeer|pak|neem|stop|gooi|schop|sla|duw|meng|slik|lik|ruik|steek|"
    "open|klim|spring|ren|speel|verstop|steel|raak|gebruik|maak|snijd|knijp",
)
PARENTS = _concept(
    "mom|mum|mommy|mummy|mama|mother|dad|daddy|papa|father|parents|parent|grown-up|grown-ups|"
    "grownup|grownups|grown up|adults|teacher|teachers|family|anyone|anybody|nobody|no one|"
    "grandma|grandpa|nana|babysitter|your sister|your brother",
    "mamá|mama|papá|papa|padres|madre|padre|maestra|maestro|profe|nadie|familia|abuela|abuelo",
    "mama|mutti|papa|eltern|mutter|vater|lehrer|lehrerin|niemand|niemandem|familie|oma|opa",
    "maman|papa|parents|mère|père|maîtresse|maître|personne|famille|mamie|papi",
    "mamma|papà|genitori|madre|padre|maestra|maestro|nessuno|famiglia|nonna|nonno",
    "mãe|mae|pai|pais|mamãe|mamae|papai|professora|professor|ninguém|ninguem|família|avó|avô",
    "mama|papa|ouders|moeder|vader|juf|meester|niemand|familie|oma|opa",
)
SECRET = _concept(
    "secret|secrets|between us|between you and me|just us|just between|our little|"
    "don't tell|dont tell|do not tell|never tell|not tell|mustn't tell|"
    # "can't tell" alone is as often "can't tell when/which" (cannot make out): only with whom
    "can't tell anyone|cant tell anyone|can't tell anybody|cant tell anybody|can't tell your|"
    "cant tell your|can't tell mom|cant tell mom|can't tell mum|cant tell mum|can't tell dad|"
    "cant tell dad|can't tell them|cant tell them|can't tell no one|cant tell no one|"
    "can't tell mommy|cant tell mommy|can't tell daddy|cant tell daddy|can't tell my|"
    "cant tell my|keep it quiet|keep quiet|keep this quiet|nobody has to know|"
    "no one has to know|nobody needs to know|no one needs to know|nobody will know|"
    "no one will know|don't say anything|dont say anything|don't let them know|"
    "delete the messages|delete our chat|hide it from",
    "secreto|no le digas|no les digas|no digas nada|entre tú y yo|entre nosotros|nadie tiene que saber",
    "geheimnis|geheim|sag es nicht|sag nichts|erzähl es nicht|erzähl nichts|bleibt unter uns|"
    "nur unter uns|ganz unter uns|niemand muss es wissen|verrate",
    "secret|ne dis rien|ne le dis pas|ne dis pas|entre nous|personne ne doit savoir",
    "segreto|non dirlo|non dire niente|tra noi|tra di noi|nessuno deve sapere",
    "segredo|não conta|nao conta|não conte|nao conte|não fala|nao fala|entre nós|entre nos|"
    "ninguém precisa saber|ninguem precisa saber",
    "geheim|geheimpje|niet vertellen|zeg het niet|zeg niks|vertel het niet|tussen ons|"
    "niemand hoeft het te weten",
)
#: A story telling of a secret kept, in the past and the third person ("they never told
#: anyone about their icy secret"): a narrator, not someone asking a child to hide something.
TOLD_OF = _concept(
    "they never told|he never told|she never told|they didn't tell|they did not tell|"
    "no one ever knew|nobody ever knew|no one ever found out|nobody ever found out|"
    "kept it a secret forever|kept their secret"
)
SURPRISE = _concept(
    "surprise*|party|present|birthday|gift for|cake for|card for|hide and seek|hide-and-seek|"
    "the end of the story|recipe|game|puzzle|riddle|treasure|magic trick|password game|"
    "flower|flowers|a card|drawing|painting|mother's day|father's day|for mom|for dad|"
    "for grandma|for grandpa|getting grandma|getting mom|getting dad",
    "sorpresa*|fiesta|regalo|cumpleaños|cumpleanos|escondite|tarjeta|día del padre|día de la madre",
    "überraschung*|uberraschung*|party|geschenk*|geburtstag*|versteckspiel|muttertag|vatertag",
    "surprise*|fête|fete|cadeau*|anniversaire|cache-cache|fête des pères|fête des mères",
    "sorpresa*|festa|regalo|compleanno|nascondino|festa del papà|festa della mamma",
    "surpresa*|festa|presente|aniversário|aniversario|esconde-esconde|cartão|dia dos pais|"
    "dia das mães",
    "verrassing*|feest*|cadeau*|verjaardag*|verstoppertje|vaderdag|moederdag",
)
ADVICE = Affirmed(
    "if someone|if anyone|if a stranger|if somebody|if an adult|if a grown-up|if a person|"
    "tell a grown-up|tell an adult|tell a trusted|tell your mom|tell your mum|tell your dad|"
    "tell your parents|tell your teacher|tell mommy|tell daddy|always tell|it's okay to tell|"
    "it is okay to tell|you can always tell|you should tell|safe secrets|good secrets|"
    "bad secrets|never keep|don't keep secrets|dont keep secrets|okay to say no|say no|"
    "i told my|told my teacher|told my mom|told my mum|told my dad|told a grown-up|"
    "nobody should|no one should|nobody is allowed|no one is allowed|is not okay|isn't okay|"
    "if you see|if you smell|if there is|if there's|in case of|call for help|call 911|"
    "call 112|call 999|get out and stay out|if you get lost|if you feel",
    "si alguien|díselo a|diselo a|cuéntaselo|cuentaselo|dile a un adulto|dile a tu|se lo conté|"
    "se lo dije|nadie debe|si ves",
    "wenn jemand|sag es deinen eltern|erzähl es deinen eltern|sag es einem erwachsenen|"
    "ich hab es|ich habe es|niemand darf|wenn du",
    "si quelqu'un|si quelqu un|dis-le à|dis le a|parles-en à|parles en a|je l'ai dit|"
    "personne ne doit|si tu vois",
    "se qualcuno|dillo a|dillo alla|dillo al|parlane con|l'ho detto|nessuno deve|se vedi",
    "se alguém|se alguem|conte para|conta para|fale com um adulto|eu contei|contei pra|"
    "ninguém deve|ninguem deve|se você vir",
    "als iemand|vertel het aan|zeg het tegen|vertel het je|heb het aan|heb het verteld|"
    "niemand mag|als je",
)
NEVER = _concept(
    "never|don't|dont|do not|must not|mustn't|shouldn't|should not|can't|cannot|not safe|"
    "unsafe|dangerous|is not candy|isn't candy|not candy|not a toy|only grown-ups|"
    "only a grown-up|only for grown-ups|only adults|for grown-ups|ask a grown-up|"
    "with a grown-up|with an adult|be careful|stay away|keep away|can hurt|could hurt|"
    "can make you sick|make you sick|is poison|are poison|poisonous|safety|safe|no no|"
    "not allowed|not okay|not ok|bad idea|stop|wait for|and hurt yourself|might hurt yourself|"
    "may hurt yourself|you could get hurt|you might get hurt|trip and fall|so you don't|"
    "didn't mean|did not mean|by accident|accidentally|sorry|better for you than|instead of",
    "nunca|jamás|jamas|no debes|peligroso|peligrosa|con un adulto|no es un juguete|cuidado",
    "nie|niemals|nicht|gefährlich|gefahrlich|vorsicht|kein spielzeug|mit einem erwachsenen",
    "jamais|ne jamais|pas|dangereux|dangereuse|attention|pas un jouet|avec un adulte",
    "mai|non|pericoloso|pericolosa|attenzione|non è un giocattolo|con un adulto",
    "nunca|jamais|não|nao|perigoso|perigosa|cuidado|com um adulto",
    "nooit|niet|gevaarlijk|voorzichtig|geen speelgoed|met een volwassene",
)
MEET = _concept(
    "meet me|meet up|come meet|let's meet|lets meet|come to my house|come to my car|get in my car|"
    "get in the car|come outside|sneak out|come over to my|i'll pick you up|ill pick you up|"
    "i will pick you up|come with me|wait for me at|see you at the|where can we meet|hang out alone|"
    "open the door for me|let me in",
    "nos vemos en|ven a mi casa|sube a mi coche|sube al coche|sal a la calle|ven conmigo|te recojo",
    "treffen wir uns|triff mich|komm zu mir|steig in mein auto|komm mit mir|ich hole dich ab",
    "retrouve-moi|on se voit|viens chez moi|monte dans ma voiture|viens avec moi|je viens te chercher",
    "ci vediamo|vieni a casa mia|sali in macchina|vieni con me|ti vengo a prendere",
    "me encontra|vem pra minha casa|vem para minha casa|entra no meu carro|vem comigo|te busco",
    "kom naar mijn huis|stap in mijn auto|kom met me mee|ik haal je op|zullen we afspreken",
)
ASK = _concept(
    "what|what's|whats|which|where|where's|wheres|when|who|how|tell me|can you tell|could you|"
    "do you|does your|is your|are your|is it|describe|read me|show me|say the|spell|whisper|"
    "let me know|remind me|i want to know|i wanna know|i'm trying to find|i need to know",
    "qué|que|cuál|cual|dónde|donde|cuándo|cuando|quién|quien|dime|cuéntame|cuentame",
    "was|welche|welcher|welches|wo|wann|wer|wie|sag mir|erzähl mir|zeig mir",
    "quoi|quel|quelle|où|ou|quand|qui|comment|dis-moi|dis moi|montre-moi",
    "cosa|che|quale|dove|quando|chi|come|dimmi|raccontami|fammi vedere",
    "o que|qual|onde|quando|quem|como|me diz|me conta|me mostra",
    "wat|welke|waar|wanneer|wie|hoe|vertel me|zeg me|laat me zien",
)
HOME_PLACE = _concept(
    "street sign|the sign at the corner|sign at the end of|lamp post outside|"
    "from your bedroom window|see from your house|walk to from your house|"
    "far is your house|your house near|your house from|your estate|your garden gate|"
    "your front garden|which room do you sleep|room do you sleep in|your doormat|"
    "on your front door|your house has a number|your house be empty|house will be empty|"
    "house be empty|how you get to school|"
    "bus that you take|bus you take|which bench|"
    "which supermarket|"
    "left or right at|turn left or right|the roundabout|the café next to your school|"
    "next to your school|near your school|your address in it|where you are and read|"
    "phone map|the map app|what you can see outside|read the shop signs|shop signs you see|"
    "near your house|near your home|next to your house|next to your home|closest to your|"
    "nearest to your|outside your house|outside your window|opposite your house|"
    "across from your house|find your house|get to your house|come to your house|"
    "to your house|which house|which one is your house|your house number|number on your house|"
    "number on your door|your door number|your flat number|your apartment number|which flat|"
    "which apartment|which floor|what floor|your street|your road|end of your street|"
    "corner of your street|your front door|your door|your gate|your doorbell|your mailbox|"
    "your letterbox|your window|your building|your block|your neighbour|your neighbor|"
    "next door|the blue dot|the map on|the mailman|the postman|the envelope|the pizza man|"
    "send you a present|send you a letter|send you a gift|mail you|post you|which bus stop|"
    "bus stop do you|which park|what park|which playground|which train station|"
    "your after-school|after-school club|your school uniform|the school's name|the sticker under|"
    "the internet box|the wifi|wifi name|wifi password|the router|your address|your town|"
    "your city|your village|your neighbourhood|your neighborhood|your postcode|your zip",
    "cerca de tu casa|al lado de tu casa|tu calle|tu puerta|tu portal|tu piso|qué piso|tu barrio|"
    "tu dirección|tu direccion|tu parada",
    "neben deinem haus|in der nähe von deinem haus|deine straße|deine strasse|deine tür|deine klingel|"
    "welcher stock|deine adresse|deine hausnummer|deine haltestelle",
    "près de chez toi|pres de chez toi|à côté de chez toi|ta rue|ta porte|ta sonnette|quel étage|"
    "ton adresse|ton quartier|ton arrêt",
    "vicino a casa tua|accanto a casa tua|la tua via|la tua porta|il tuo campanello|che piano|"
    "il tuo indirizzo|il tuo quartiere|la tua fermata",
    "perto da sua casa|perto da tua casa|do lado da sua casa|sua rua|tua rua|sua porta|"
    "qual andar|seu endereço|seu endereco|seu bairro|seu ponto de ônibus",
    "bij jouw huis|naast jouw huis|naast je huis|je straat|jouw straat|je deur|je deurbel|"
    "welke verdieping|je adres|je buurt|je bushalte",
)
PARENT_OF_YOU = _concept(
    "your mom|your mum|your mommy|your mummy|your dad|your daddy|your parents|your mother|"
    "your father|your grown-ups|your family|your big sister|"
    "your big brother|your sister|your brother|your nanny|your babysitter",
    "tu mamá|tu mama|tu papá|tu papa|tus padres|tu madre|tu padre|tu hermana|tu hermano",
    "deine mama|deine mutter|dein papa|dein vater|deine eltern|deine schwester|dein bruder",
    "ta maman|ta mère|ton papa|ton père|tes parents|ta sœur|ta soeur|ton frère|ton frere",
    "la tua mamma|tua mamma|il tuo papà|tuo papà|tuo papa|i tuoi genitori|tua sorella|tuo fratello",
    "sua mãe|sua mae|tua mãe|seu pai|teu pai|seus pais|teus pais|sua irmã|seu irmão",
    "je mama|jouw mama|je papa|jouw papa|je ouders|jouw ouders|je zus|je broer",
)
PARENT_DETAIL = _concept(
    "work|works|job|company|office|called|real name|real names|full name|names|get home|"
    "gets home|come home|comes home|come back|comes back|leave|leaves|go out|goes out|"
    "on her own|on his own|by herself|by himself|at home|home from|what time|till|until|"
    "school does|which school|phone|number|go to work|goes to work|go away|away|empty",
    "trabaja|trabajo|se llama|nombre|vuelve|sale|salen|a qué hora|solo|sola|teléfono|número",
    "arbeitet|arbeit|heißt|heisst|name|kommt|geht|um wie viel uhr|allein|telefon|nummer",
    "travaille|travail|s'appelle|nom|rentre|part|sort|à quelle heure|seul|seule|téléphone|numéro",
    "lavora|lavoro|si chiama|nome|torna|esce|a che ora|da solo|da sola|telefono|numero",
    "trabalha|trabalho|se chama|nome|volta|sai|que horas|sozinho|sozinha|telefone|número",
    "werkt|werk|heet|naam|komt|gaat|hoe laat|alleen|telefoon|nummer",
)
HOUSE_EMPTY = _concept(
    "home on your own|home by yourself|when are you home alone|when are you alone|"
    "who's at home|who is at home|"
    "does mummy stay or leave|does mommy stay or leave|"
    "nights is daddy away|nights is mummy away|days is she out|days is he out|away for work|"
    "house is empty|house empty|nobody is home|no one is home|nobody's home|is the door locked|"
    "door locked|leave the door|leave you at home|is there a grown-up|"
    "is a grown-up|any grown-ups|grown-up in the room|anyone in the room|anyone with you|"
    "who else is there|who is with you|who's with you|get through your gate|spare key|"
    "where's the key|where is the key|under the mat",
    "la casa vacía|nadie en casa|la puerta cerrada|quién está contigo|hay algún adulto",
    "niemand zu hause|haus leer|tür abgeschlossen|wer ist bei dir|ist ein erwachsener",
    "personne à la maison|maison vide|porte fermée|qui est avec toi|il y a un adulte",
    "nessuno a casa|casa vuota|porta chiusa|chi c'è con te|c'è un adulto",
    "ninguém em casa|ninguem em casa|casa vazia|porta trancada|quem está com você|tem algum adulto",
    "niemand thuis|huis leeg|deur op slot|wie is er bij je|is er een volwassene",
)
ANIMAL = _concept(
    "the dog|a dog|the cat|a cat|the kitten|a kitten|the puppy|a puppy|the hamster|the rabbit|"
    "the bunny|the bird|a bird|birds|the ducks|ducks|the fish|the goldfish|the frog|a frog|"
    "the ants|ants|the bugs|bugs|the snail|the squirrel|the pigeons|pigeons|the chicken|"
    "the guinea pig|the pony|the horse|the cow|the dog next door|your pet|my pet|the pet|animals",
    "el perro|al perro|el gato|al gato|el pájaro|los patos|el pez|la rana|las hormigas|el conejo",
    "den hund|der hund|die katze|den vogel|die enten|den fisch|den frosch|die ameisen|das kaninchen",
    "le chien|le chat|l'oiseau|les canards|le poisson|la grenouille|les fourmis|le lapin",
    "il cane|il gatto|l'uccellino|le anatre|il pesce|la rana|le formiche|il coniglio",
    "o cachorro|o gato|o passarinho|os patos|o peixe|o sapo|as formigas|o coelho",
    "de hond|de kat|de vogel|de eenden|de vis|de kikker|de mieren|het konijn",
)
#: When a grown-up is out: the question that finds the hours a child is alone.
WHEN_ASK = _concept(
    "what time does|what time do|what time is|what time will|what time are|when does|when do|"
    "when is|when will|when are|which days|what days|which nights|what nights|how late does|"
    "how late do|how long does|how long is|till when|until when|same days|same time every",
    "a qué hora|a que hora|cuándo|cuando|qué días|que dias",
    "um wie viel uhr|wann|an welchen tagen|wie lange",
    "à quelle heure|a quelle heure|quand|quels jours|jusqu'à quand",
    "a che ora|quando|quali giorni|fino a quando",
    "que horas|a que horas|quando|quais dias|até quando|ate quando",
    "hoe laat|wanneer|welke dagen|hoe lang",
)
GROWN_UP_HOME = _concept(
    "mom|mommy|mum|mummy|mama|dad|daddy|papa|your parents|your mom|your dad|your mum|"
    "your grown-ups|grandma|grandpa|granny|babysitter|nanny|he|she|they",
    "mamá|mama|papá|papa|tus padres|la niñera|tu abuela",
    "mama|papa|deine eltern|der babysitter|die oma",
    "maman|papa|tes parents|la baby-sitter|la nounou|mamie",
    "mamma|papà|papa|i tuoi genitori|la babysitter|la nonna",
    "mamãe|mamae|mãe|mae|papai|pai|seus pais|a babá|a baba|a vovó",
    "mama|papa|je ouders|de oppas|oma",
)
COMES_GOES = _concept(
    "get home|gets home|get back|gets back|come home|comes home|come back|comes back|"
    "back home|back from work|home from work|leave for work|leaves for work|go to work|"
    "goes to work|at work|go out|goes out|go away|goes away|leave the house|leaves the house|"
    "finish work|finishes work|come over|comes over|come on|stay over",
    "vuelve|vuelven|llega a casa|sale a trabajar|en el trabajo|se va",
    "nach hause kommt|zurückkommt|zuruckkommt|zur arbeit|auf der arbeit|weggeht",
    "rentre|rentrent|revient|part au travail|au travail|sort",
    "torna|tornano|esce|va al lavoro|al lavoro",
    "chega em casa|volta|voltam|sai para o trabalho|no trabalho|sai de casa",
    "thuiskomt|terugkomt|naar het werk|op het werk|weggaat",
)
#: The way to and from school, where a child can be found alone.
SCHOOL_RUN = _concept(
    "who picks you up|who pick you up|who collects you|picks you up from|pick you up from|"
    "which bus stop|what bus stop|bus stop do you|which bus do you|what bus do you|"
    "which door at school|door do you come out|gate do you come out|walk home from school|"
    "walk to school alone|walk to school on your own|walk home alone|your way to school|"
    "your way home from school|way home do you take|your route to school|which way do you walk|"
    "which way do you go|"
    "what car do they drive|what car does|which car is",
    "quién te recoge|quien te recoge|qué parada|que parada|camino a la escuela",
    "wer holt dich ab|welche haltestelle|schulweg|welches auto",
    "qui vient te chercher|quel arrêt|quel arret|chemin de l'école|quelle voiture",
    "chi ti viene a prendere|quale fermata|strada per la scuola|che macchina",
    "quem te busca|qual ponto|caminho da escola|que carro",
    "wie haalt je op|welke bushalte|weg naar school|welke auto",
)
#: Getting even: an act of violence's usual excuse.
REVENGE = _concept(
    "revenge|payback|pay back|get back at|get even|teach him a lesson|teach her a lesson|"
    "teach them a lesson|make him cry|make her cry|make them cry|make him pay|make her pay|"
    "make them pay|start a fight|pick a fight|beat him up|beat her up|beat them up|"
    "so he bleeds|so she bleeds|till he bleeds|till she bleeds|until he bleeds|make him bleed|"
    "make her bleed|till he cries|till she cries|till he cried|till she cried|"
    "so he falls|so she falls|smash his|smash her|smashing his|smashing her|break his|"
    "break her|crack his|crack her|squeeze his neck|squeeze her neck|his neck till|"
    "under the water till|under the water until|something sharp on",
    "venganza|vengarte|que llore|hazle llorar|que sangre|pelea",
    "rache|heimzahlen|dass er blutet|dass sie blutet|zum weinen bringen|prügel",
    "vengeance|venge-toi|fais-le pleurer|qu'il saigne|bagarre",
    "vendetta|vendicati|fallo piangere|così impara|cosi impara|che sanguini|rissa",
    "vingança|vinga|faz ele chorar|que sangre|briga",
    "wraak|zet het hem betaald|laat hem huilen|dat hij bloedt|vechten",
)
#: A group of people by religion, origin, colour, sexuality, gender or disability.
GROUP = _concept(
    "muslims|jews|jewish people|christians|catholics|hindus|sikhs|buddhists|atheists|"
    "immigrants|migrants|refugees|foreigners|mexicans|africans|asians|chinese people|arabs|"
    "black people|blacks|white people|brown people|indians|pakistanis|romanians|poles|gypsies|"
    "roma|travellers|gays|gay people|gay men|lesbians|bisexuals|trans people|transgender people|"
    "women|girls|females|disabled people|the disabled|autistic people|retarded people|"
    "fat people|old people|poor people|homeless people|people from that religion|"
    "people from that country|people like that|people like them|their kind|those people",
    "musulmanes|judíos|judios|inmigrantes|extranjeros|negros|gitanos|gays|mujeres|"
    "discapacitados|moros|sudacas",
    "muslime|juden|ausländer|auslander|flüchtlinge|fluchtlinge|schwarze|zigeuner|schwule|"
    "frauen|behinderte|türken|turken",
    "musulmans|juifs|immigrés|immigres|étrangers|etrangers|noirs|arabes|gitans|homosexuels|"
    "pédés|pedes|femmes|handicapés|handicapes",
    "musulmani|ebrei|immigrati|stranieri|neri|zingari|rom|gay|froci|donne|disabili",
    "muçulmanos|muculmanos|judeus|imigrantes|estrangeiros|negros|ciganos|gays|viados|mulheres|"
    "deficientes|nordestinos",
    "moslims|joden|immigranten|buitenlanders|zwarten|zigeuners|homo's|homos|vrouwen|"
    "gehandicapten|marokkanen",
)
#: What is said of a whole group that wishes it harm or denies it worth.
CONTEMPT = _concept(
    "are animals|are vermin|are rats|are parasites|are cockroaches|are a disease|are a plague|"
    "are disgusting|are filthy|are dirty|are criminals|are all criminals|are terrorists|"
    "are all terrorists|are inferior|are subhuman|are not human|aren't human|are worthless|"
    "are trash|are garbage|are scum|are evil|are the problem|are ruining|ruin everything|"
    "are taking over|are taking our|are stealing our|steal our jobs|take our jobs|"
    "should die|should be killed|should be shot|should be gassed|should be deported|"
    "should be banned|should be locked up|should go back|go back to where|go back to their|"
    "should not be allowed|shouldn't be allowed|should never be allowed|don't belong|"
    "do not belong|can't be trusted|cannot be trusted|never trust|are not welcome|"
    "aren't welcome|are a threat|deserve to die|deserve nothing|are too stupid|are too emotional|"
    "belong in the kitchen|are less than|are a burden|breed like|wipe them out|get rid of them|"
    "i hate|i can't stand|i cant stand|i despise",
    "son animales|son ratas|son basura|son criminales|son terroristas|deberían morir|"
    "deberian morir|que se vayan|fuera de aquí|fuera de aqui|no merecen|odio a los|odio a las",
    "sind tiere|sind ratten|sind abschaum|sind kriminell|sind verbrecher|sollten sterben|raus mit|"
    "gehören nicht|gehoren nicht|ich hasse",
    "sont des animaux|sont des rats|sont des déchets|sont des criminels|sont des terroristes|"
    "devraient mourir|dehors les|rentrez chez vous|je déteste les|je deteste les|je hais les",
    "sono animali|sono ratti|sono feccia|sono criminali|sono terroristi|dovrebbero morire|"
    "tornate a casa|fuori dall'italia|odio gli|odio le|odio i",
    "são animais|sao animais|são ratos|são lixo|sao lixo|são criminosos|sao criminosos|"
    "deveriam morrer|voltem para|odeio os|odeio as",
    "zijn dieren|zijn ratten|zijn tuig|zijn criminelen|moeten dood|moeten oprotten|"
    "horen hier niet|ik haat",
)
#: Speaking against prejudice, or of it, names it too.
COUNTER = _concept(
    "is wrong|is so wrong|it's wrong|it is wrong|not true|isn't true|is false|is a myth|"
    "stereotype|stereotypes|is racist|racism|is hateful|hate speech|prejudice|bigotry|"
    "nobody should|no one should|shouldn't say|should not say|stop saying|people who say|"
    "when people say|some people say|used to think|it's not okay|it is not okay|is not okay|"
    "isn't fair|is unfair|not all|doesn't mean|does not mean|don't hate|do not hate|never hate",
    "no es verdad|es falso|es racista|racismo|prejuicio|estereotipo|nadie debería|no todos",
    "ist falsch|stimmt nicht|ist rassistisch|rassismus|vorurteil|niemand sollte|nicht alle",
    "c'est faux|n'est pas vrai|est raciste|racisme|préjugé|prejuge|personne ne devrait|pas tous",
    "non è vero|non e vero|è falso|e razzista|razzismo|pregiudizio|nessuno dovrebbe|non tutti",
    "não é verdade|nao e verdade|é falso|é racista|racismo|preconceito|ninguém deveria|nem todos",
    "is niet waar|klopt niet|is racistisch|racisme|vooroordeel|niemand zou|niet alle",
)
#: An animal's own: "my cat", "the kitten", a bare "hamster" (the cruelty concepts that use it
#: sit right beside it).
PET = _concept(
    "cat|cats|kitten|kittens|kitty|dog|dogs|puppy|puppies|hamster|hamsters|rabbit|bunny|"
    "guinea pig|goldfish|fish|bird|birds|frog|frogs|turtle|tortoise|mouse|mice|lizard|pony|"
    "chick|chicks|duckling|ducklings|bird's nest|the nest|the eggs",
    "gato|gatito|perro|perrito|hámster|hamster|conejo|pez|pájaro|pajaro|rana|tortuga",
    "katze|kätzchen|katzchen|hund|welpe|hamster|kaninchen|fisch|vogel|frosch|schildkröte",
    "chat|chaton|chien|chiot|hamster|lapin|poisson|oiseau|grenouille|tortue",
    "gatto|gattino|cane|cagnolino|criceto|coniglio|pesce|uccellino|rana|tartaruga",
    "gato|gatinho|cachorro|cachorrinho|hamster|coelho|peixe|passarinho|sapo|tartaruga",
    "kat|katje|hond|puppy|hamster|konijn|vis|vogel|kikker|schildpad",
)
#: Handling that is cruel when the thing handled is an animal, said right before it.
ROUGH = _concept(
    "throw|threw|toss|tossed|shake|shook|shaked|shaking|squeeze|squeezed|sit on|sat on|"
    "step on|stepped on|pull out|pulled out|pluck|plucked|starve|starved|set fire to|"
    "setting fire to|microwave|freeze|froze",
    "tira|tiré|lanza|sacude|encierra|aprieta|pisa",
    "wirf|warf|schüttel|sperr|drück|tritt auf",
    "jette|lance|secoue|enferme|écrase|serre",
    "butta|lancia|scuoti|chiudi|schiaccia|stringi",
    "joga|joguei|sacode|tranca|aperta|pisa",
    "gooi|schud|sluit op|knijp|stap op",
)
#: Where an animal is put or thrown that hurts it.
CRUEL_PLACE = _concept(
    "in the freezer|into the freezer|in the fridge|in the microwave|in the oven|in the pool|"
    "into the pool|in the toilet|down the toilet|in the dryer|in the washing machine|"
    "in a box and|at the wall|against the wall|in the cupboard all|in a bag|in the bin|on fire|by the tail|by its tail|"
    "by the ears|by its ears|its whiskers|his whiskers|her whiskers|cats whiskers|cat's whiskers|"
    "with the eggs|in the fire|in boiling",
    "en el congelador|en el microondas|en la piscina|contra la pared|por la ventana|por la cola",
    "in die gefriertruhe|in die mikrowelle|in den pool|gegen die wand|aus dem fenster|am schwanz",
    "au congélateur|au congelateur|au micro-ondes|dans la piscine|contre le mur|par la fenêtre|"
    "par la queue",
    "nel freezer|nel microonde|in piscina|contro il muro|dalla finestra|per la coda",
    "no congelador|no freezer|no micro-ondas|na piscina|na parede|pela janela|pelo rabo",
    "in de vriezer|in de magnetron|in het zwembad|tegen de muur|uit het raam|aan de staart",
)
#: Play with a pet that sounds rough: "throw the dog a ball".
PET_PLAY = _concept(
    "a ball|the ball|a bone|a stick|the stick|a treat|treats|a frisbee|some food|food|a toy|"
    "toys|a bath|water|gently|softly|carefully|stroke|pet him|pet her",
    "la pelota|un hueso|un palo|comida|con cuidado",
    "den ball|einen knochen|ein stöckchen|futter|vorsichtig",
    "la balle|un os|un bâton|à manger|doucement",
    "la palla|un osso|un bastone|da mangiare|delicatamente",
    "a bola|um osso|um graveto|comida|com cuidado",
    "de bal|een bot|een stok|eten|voorzichtig",
)
CRUELTY = _concept(
    "throw rocks|threw rocks|threw a rock|throw a rock|throw stones|hit the|kick|kicked|kicking|whack|whacked|poke|poked|stab|squish|squished|squash|"
    "squeeze|squeezed|crush|crushed|stomp|stomped|step on|drown|drowned|tie up|"
    "tied up|burn|pull its|pulled its|pull the tail|"
    "in the freezer|in the microwave|in the pool|in the oven|in the washing machine|"
    "in the dryer|starve|pour hot water|boiling water|rocks at|stones at",
    "patea|pega|aplasta|ahoga|tira|quema|lanza piedras",
    "tritt|schlag|hau|zerquetsch|ertränk|ertrank|wirf|verbrenn|steine",
    "frappe|tape|écrase|ecrase|noie|jette|brûle|brule|cailloux",
    "picchia|calcia|schiaccia|annega|lancia|brucia|sassi",
    "chuta|bate|esmaga|afoga|joga|queima|pedras",
    "schop|sla|verpletter|verdrink|gooi|verbrand|stenen",
)
NEGLECT = _concept(
    "i ran away|i run away|i'm going to run away|im gonna run away|i want to run away|"
    "i slept at the|locked in the basement|locked in the cupboard|locked in the closet|"
    "lock me in|locks me in|locked me in|i have bruises|my bruises|nobody was home all night|"
    "no one was home all night|i was alone all night|i'm alone all night|with the belt|"
    "with a belt|i have to stand outside|make me stand outside|makes me stand outside|"
    "i have to sleep outside|nobody came to get me|i want to go to heaven|"
    "i have to look after my|i have to make my own food|i don't get food|i dont get food",
    "don't get dinner|dont get dinner|no dinner|haven't eaten|havent eaten|not eaten|"
    "forget to feed|forgot to feed|never feed|lock me|locks me|locked me|"
    "in the dog's cage|outside in the cold|"
    "nobody picked me up|"
    "left me alone|leaves me alone|same clothes all week|"
    "pee in a bucket|get the belt|gets the belt|marks on my|"
    "marks go away|purple marks|i fell off my bike if|have to say i fell|have to wear a scarf|"
    "not allowed to go to school|drags me|pulls my hair|throws things at me|burns me|"
    "wishes i was never born|wish i was never born|never been born|don't have to be here|"
    "dont have to be here|not wake up|thinking about dying|"
    "think about dying|so i could die|want to disappear|"
    # hunger, cold, being shut in or left, no care when ill: neglect in a child's words
    "always hungry|so hungry|i'm hungry all|im hungry all|nothing to eat|no food in|"
    "food is locked|food's locked|locked the food|eat from the bin|eat out of the bin|"
    "food from the bin|from the trash|not allowed to eat|can't eat until|cant eat until|"
    "no heat|no heating|sleep in my coat|so cold at night|hasn't come home|hasnt come home|"
    "didn't come home|didnt come home|haven't come home|left me in the car|leaves me in the car|"
    "leave me in the car|in the car at night|locked in my room|lock me in my room|"
    "door locked when they|won't take me to the doctor|wont take me to the doctor|"
    "never take me to the doctor|no one cleans|nobody cleans|nobody washes|"
    "we live in the car|sleep in the car|nobody feeds|no one feeds|"
    # words that wound: a grown-up telling a child it is to blame or unwanted
    "says i'm the reason|says im the reason|said i'm the reason|says i'm bad|says im bad|"
    "says i should go away|said i should go away|says nobody wants me|says no one wants me|"
    "says i'm stupid|says im stupid|calls me stupid|calls me worthless|says i'm worthless|"
    "wishes i was gone|wish i was gone|wants me gone|don't want me|dont want me",
    "no me dan de comer|no ceno|me encierran|me encierra|en el sótano|moratones|me pega con el cinturón|"
    "me deja solo|me deja sola|no quiero despertar",
    "kein abendessen|nichts zu essen|sperren mich ein|sperrt mich ein|im keller|blaue flecken|"
    "mit dem gürtel|allein gelassen|nicht mehr aufwachen",
    "pas de dîner|pas de diner|rien à manger|m'enferme|m'enferment|dans la cave|des bleus|"
    "avec la ceinture|me laisse seul|me laisse seule|plus me réveiller",
    "niente cena|niente da mangiare|mi chiudono|mi chiude|in cantina|lividi|con la cintura|"
    "mi lascia solo|mi lascia sola|non svegliarmi",
    "sem jantar|nada para comer|me trancam|me tranca|no porão|roxos|com o cinto|me deixa sozinho|"
    "me deixa sozinha|não acordar",
    "geen eten|geen avondeten|sluiten me op|sluit me op|in de kelder|blauwe plekken|met de riem|"
    "laat me alleen|niet meer wakker",
)
BODY_TALK = _concept(
    "changes in your body|your body is|pretty your body|your body looks|massage|kiss them on the mouth|"
    "kiss me on the mouth|kiss you on the mouth|sit on his lap|sit on my lap|my lap|"
    "grown-up love|grown up love|in your swimsuit|in your swimming costume|in your bikini|"
    "what are you wearing|take a bath together|shower together|"
    "i'm his girlfriend|i'm her boyfriend|his girlfriend|her boyfriend|special things for each other|"
    "a game in the bathroom|in the bathroom with|makes my tummy feel funny",
    "cambios en tu cuerpo|masaje|besarte en la boca|sentarte en mis piernas|en bañador",
    "veränderungen an deinem körper|massage|auf den mund küssen|auf meinen schoß|im badeanzug",
    "changements dans ton corps|massage|embrasser sur la bouche|sur mes genoux|en maillot",
    "cambiamenti nel tuo corpo|massaggio|baciarti sulla bocca|sulle mie ginocchia|in costume",
    "mudanças no seu corpo|massagem|beijar na boca|no meu colo|de biquíni",
    "veranderingen in je lichaam|massage|op de mond zoenen|op mijn schoot|in je badpak",
)
CONCEAL = _concept(
    "if your mom asks|if your mum asks|if your dad asks|if your parents ask|if the teacher asks|"
    "if anyone asks|just say|don't mention|dont mention|not mention|don't need to tell|"
    "dont need to tell|no need to tell|keep it between|grown-ups ruin|grown ups ruin|"
    "they wouldn't understand|they wouldnt understand|she might get jealous|he might get jealous|"
    "take me away from you|delete this|delete our|clear the history",
    "si tu mamá pregunta|di que|no lo menciones|no hace falta decir",
    "wenn deine mama fragt|sag einfach|erwähn es nicht|musst du nicht erzählen",
    "si ta maman demande|dis juste|n'en parle pas|pas besoin de dire",
    "se la mamma chiede|di' solo|non dirlo|non serve dirlo",
    "se sua mãe perguntar|só diz|não fala nada|nao fala nada|não precisa contar",
    "als je mama vraagt|zeg gewoon|niet vertellen|hoef je niet te vertellen",
)
ASKED_ALONE = _concept(
    "home alone|alone at home|by yourself at home|are you alone|if i'm alone|if im alone|"
    "if i'm home alone|if im home alone|when you're alone|when ur alone|when nobody's home|"
    "when no one is home|what time mom gets back|what time your mom gets back",
    "solo en casa|sola en casa|allein zu hause|seul à la maison|seule à la maison|"
    "solo a casa|sola a casa|sozinho em casa|sozinha em casa|alleen thuis",
)
OUR_SECRET = _concept(
    "our little secret|our secret|our special secret|just between us|between you and me|"
    "just between you and me|nobody has to know|no one has to know|nobody needs to know|"
    "no one needs to know|you can't tell anyone|you cant tell anyone|don't tell anyone|"
    "dont tell anyone|do not tell anyone|tell no one|don't tell anybody|dont tell anybody",
    "nuestro secreto|nuestro pequeño secreto|entre tú y yo|no se lo digas a nadie",
    "unser geheimnis|unser kleines geheimnis|bleibt unter uns|nur unter uns|ganz unter uns|"
    "sag es niemandem",
    "notre secret|notre petit secret|entre toi et moi|ne le dis à personne",
    "il nostro segreto|il nostro piccolo segreto|tra me e te|non dirlo a nessuno",
    "nosso segredo|nosso segredinho|entre mim e você|não conta pra ninguém|nao conta pra ninguem",
    "ons geheimpje|ons geheim|tussen jou en mij|vertel het aan niemand",
)
NOT = _concept(
    "not|aren't|arent|isn't|never|no one thinks|nobody thinks",
    "no|nunca",
    "nicht|kein|keine|nie",
    "pas|jamais",
    "non|mai",
    "não|nao|nunca",
    "niet|geen|nooit",
)
ALONE = _concept(
    "alone|by yourself|by urself|on your own|without your|no one else|nobody else|just you and me|"
    "just the two of us|private|privately|secretly|sneak",
    "solo|sola|a solas|sin tus|sin que",
    "allein|alleine|ohne deine|heimlich",
    "seul|seule|sans tes|en cachette",
    "da solo|da sola|senza i tuoi|di nascosto",
    "sozinho|sozinha|sem seus|sem teus|escondido",
    "alleen|zonder je|stiekem",
)
PHOTO = _concept(
    "photo|photos|picture|pictures|pic|pics|selfie|selfies|video|videos|cam|camera|webcam|"
    "snap|facetime|video call",
    "foto|fotos|vídeo|video|cámara|camara|selfi",
    "foto|fotos|bild|bilder|video|kamera|selfie",
    "photo|photos|vidéo|video|caméra|camera|selfie",
    "foto|video|fotocamera|selfie",
    "foto|fotos|vídeo|video|câmera|camera|selfie",
    "foto|fotos|filmpje|video|camera|selfie",
)
BODY = _concept(
    "what are you wearing|describe your body|are you wearing|where you change|change clothes|no shirt|without a shirt|with no shirt|lock the door so|in your room alone",
    "of you|of yourself|of urself|of your body|your body|without clothes|without your clothes|"
    "no clothes|naked|nude|in your underwear|your underwear|in your pajamas|in your pyjamas|"
    "in the bath|in the shower|your privates|private parts|take off your|take your clothes|"
    "undress|your chest|your bum|your butt|just for me|only for me|send me one|of you in",
    "desnudo|desnuda|sin ropa|tu cuerpo|en ropa interior|quítate|quitate|de ti",
    "nackt|ohne kleidung|deinen körper|deinen korper|in unterwäsche|zieh dich aus|von dir",
    "toute nue|tout nu|sans vêtements|sans vetements|ton corps|en sous-vêtements|déshabille|deshabille|de toi",
    "nudo|nuda|senza vestiti|il tuo corpo|in mutande|spogliati|di te",
    "pelado|pelada|sem roupa|teu corpo|seu corpo|de calcinha|de cueca|tira a roupa|de você",
    "naakt|bloot|zonder kleren|je lichaam|in je ondergoed|kleed je uit|van jou|van je",
)
SEND = _concept(
    "asked me to send|asked me to show|send a picture|wants a picture|wanted a picture|video chat",
    "send|show|take|give me|share|post|text me|dm me|upload|turn on|open your|let me see|"
    "i want to see|wanna see|can i see|show me",
    "manda|mándame|mandame|envía|envia|enséñame|ensename|muéstrame|muestrame|déjame ver",
    "schick|schicke|zeig|zeige|mach ein|lass mich sehen",
    "envoie|montre|montre-moi|fais une|laisse-moi voir",
    "manda|mandami|invia|mostrami|fammi vedere|fai una",
    "manda|me manda|envia|mostra|me mostra|tira uma|deixa eu ver",
    "stuur|laat zien|laat me zien|maak een|mag ik zien",
)
PRIVATE_APP = _concept(
    "snapchat|snap me|whatsapp|discord|kik|telegram|instagram|insta|tiktok dm|dm me|"
    "private chat|private message|add me on|download the app",
    "mándame un mensaje|agrégame|agregame|escríbeme al privado",
    "schreib mir privat|adde mich|füg mich hinzu",
    "écris-moi en privé|ajoute-moi",
    "scrivimi in privato|aggiungimi",
    "me chama no privado|me adiciona|chama no zap|zap",
    "stuur me een dm|voeg me toe|privé chat",
)
FLATTERY = _concept(
    "don't love you like i do|dont love you like i do|doesn't love you like|don't love me like|dont love me like|nobody loves you like|better than your|your parents are mean|your parents are boring|i'm his favorite|i'm her favorite|you're my favorite|ur my|my secret friend|secret friend",
    "so mature|mature for your age|more mature|best friend ever|"
    "only one who understands|only i understand you|nobody understands you|they don't understand you|"
    "parents don't understand|i'm your only friend|you can trust only me|only trust me|love you more than your|love you more than anyone|love you more than they do|"
    "you are special to me|you're special to me|i'm your boyfriend|i'm your girlfriend|"
    "be my boyfriend|be my girlfriend|secret boyfriend|secret girlfriend|secret bf|secret gf|"
    "you're so pretty|you're so hot|you are so hot|sexy",
    "eres muy madura|eres muy maduro|amigo especial|amiga especial|solo yo te entiendo|novio secreto|"
    "novia secreta",
    "so reif|besonderer freund|besondere freundin|nur ich verstehe dich|heimlicher freund|"
    "heimliche freundin",
    "si mature|ami spécial|amie spéciale|ami special|seul moi te comprends|amoureux secret|"
    "copain secret",
    "così matura|così maturo|amico speciale|amica speciale|solo io ti capisco|fidanzato segreto",
    "tão madura|tão maduro|tao madura|amigo especial|amiga especial|só eu te entendo|"
    "namorado secreto|namorada secreta",
    "zo volwassen|speciale vriend|speciale vriendin|alleen ik begrijp je|geheime vriend|"
    "geheime vriendin",
)
GIFT = _concept(
    "gift|gifts|present|presents|money|cash|robux|v-bucks|vbucks|gems|coins|skins|candy|sweets|"
    "ice cream|toy|toys|phone|ipad|reward",
    "regalo|regalos|dinero|caramelos|dulces|juguete",
    "geschenk|geschenke|geld|süßigkeiten|susigkeiten|spielzeug",
    "cadeau|cadeaux|argent|bonbons|jouet",
    "regalo|regali|soldi|caramelle|giocattolo",
    "presente|presentes|dinheiro|doces|balas|brinquedo",
    "cadeau|cadeautje|geld|snoep|speelgoed",
)
CHEMICAL = _concept(
    "battery|cough syrup|air duster|permanent markers|permanent marker|the brown bottle|vitamin",
    "bleach|detergent|laundry pod|laundry pods|tide pod|tide pods|dishwasher tablet|cleaning spray|"
    "cleaning liquid|cleaning liquids|cleaning stuff|cleaning products|cleaner|cleaners|"
    "drain cleaner|ammonia|chemicals|chemical|rat poison|bug spray|antifreeze|gasoline|"
    "petrol|lighter fluid|paint thinner|nail polish remover|hand sanitizer|mouthwash|perfume|"
    "pills|pill|tablets|medicine|medicines|meds|vitamins|cough syrup|sleeping pills|"
    "grandma's pills|mom's pills|batteries|button battery|magnets|glue|markers|whipped cream cans",
    "lejía|lejia|detergente|cápsulas de detergente|limpiador|amoníaco|amoniaco|veneno|gasolina|"
    "pastillas|medicinas|medicamentos|jarabe|pilas",
    "bleiche|chlorreiniger|waschmittel|putzmittel|reiniger|ammoniak|gift|benzin|tabletten|"
    "pillen|medizin|medikamente|hustensaft|batterien",
    "eau de javel|javel|lessive|détergent|detergent|produit ménager|produits ménagers|"
    "ammoniaque|poison|essence|pilules|cachets|médicaments|medicaments|sirop|piles",
    "candeggina|varechina|detersivo|ammoniaca|veleno|benzina|pillole|pastiglie|medicine|"
    "medicinali|sciroppo|pile",
    "água sanitária|agua sanitaria|alvejante|detergente|amônia|amonia|veneno|gasolina|"
    "comprimidos|pílulas|pilulas|remédios|remedios|remédio|remedio|xarope|pilhas",
    "bleek|bleekmiddel|wasmiddel|schoonmaakmiddel|ammoniak|gif|benzine|pillen|pilletjes|"
    "medicijnen|tabletten|hoestdrank|batterijen",
)
INGEST = _concept(
    "take all|take a few|try a few|smell it|a few|ten of|even better|more is better",
    "drink|drinking|sip|taste|tasting|eat|eating|swallow|swallowing|mix|mixing|mixed|lick|"
    "try it|try some|try one|chew|sniff|sniffing|huff|huffing|gulp|chug|down it|pop|pour it in|"
    "put it in your mouth|like candy|are candy|is candy|as candy|yummy|delicious|a whole bottle|"
    "all of them|the whole bottle|a handful",
    "bebe|bébete|bebete|bebérselo|prueba|pruébalo|pruebalo|come|cómete|comete|trágate|tragate|"
    "mezcla|mezclar|chupa|huele|como caramelos|son caramelos",
    "trink|trinken|probier|koste|iss|essen|schluck|schlucken|misch|mischen|leck|schnüffel|"
    "wie süßigkeiten|sind süßigkeiten",
    "bois|boire|goûte|goute|goûter|mange|manger|avale|avaler|mélange|melange|mélanger|lèche|"
    "renifle|comme des bonbons|sont des bonbons",
    "bevi|bere|assaggia|mangia|mangiare|ingoia|mescola|mescolare|lecca|annusa|"
    "come caramelle|sono caramelle",
    "bebe|beber|prova|experimenta|come|comer|engole|engolir|mistura|misturar|lambe|cheira|"
    "como bala|como doce|são doces|sao doces",
    "drink|drinken|proef|proeven|eet|eten|slik|slikken|meng|mengen|lik|snuif|als snoep|zijn snoep",
)
FIRE = _concept(
    "play with matches|play with the matches|play with a lighter|play with the lighter|"
    "play with fire|light a fire|start a fire|set fire|set it on fire|on fire|burn the|burn your|"
    "burn it|light the curtains|light it up|flick the lighter|turn on the stove|turn on the gas|"
    "turn the gas on|touch the stove|touch the hot|matches|lighter|fireworks|firecracker",
    "juega con cerillas|juega con fósforos|juega con el mechero|prende fuego|enciende el fuego|"
    "quema|cerillas|fósforos|fosforos|mechero|encendedor|petardos",
    "spiel mit streichhölzern|spiel mit dem feuerzeug|zünde|zunde|anzünden|anzunden|feuer machen|"
    "streichhölzer|streichholzer|feuerzeug|böller|boller",
    "joue avec les allumettes|joue avec le briquet|allume le feu|mets le feu|brûle|brule|"
    "allumettes|briquet|pétards|petards",
    "gioca con i fiammiferi|gioca con l'accendino|accendi il fuoco|dai fuoco|brucia|fiammiferi|"
    "accendino|petardi",
    "brinca com fósforos|brinca com fosforos|brinca com isqueiro|põe fogo|poe fogo|acende o fogo|"
    "queima|fósforos|fosforos|isqueiro|bombinhas",
    "speel met lucifers|speel met de aansteker|steek in brand|vuur maken|verbrand|lucifers|"
    "aansteker|vuurwerk",
)
FIRE_ACT = _concept(
    "play|playing|light|lighting|flick|burn|set|start|try|let's|lets|touch|hold|grab|take",
    "juega|jugar|enciende|prende|quema|coge|agarra",
    "spiel|spielen|zünde|anzünden|nimm|halte|fass",
    "joue|jouer|allume|brûle|prends|touche",
    "gioca|giocare|accendi|brucia|prendi|tocca",
    "brinca|brincar|acende|queima|pega|segura",
    "speel|spelen|steek aan|pak|houd|raak",
)
CHOKE = _concept(
    "choke|choking|choke yourself|strangle|strangling|pass out|passing out|faint|fainting|"
    "black out|blackout|blacking out|hold your breath|holding your breath|hold ur breath|"
    "stop breathing|can't breathe|cant breathe|until you pass out|till you pass out|"
    "until you faint|till you faint|plastic bag over your head|bag over your head|"
    "squeeze your neck|around your neck|tie around your neck|rope around",
    "ahógate|ahogate|asfixia|desmayarte|desmayo|aguanta la respiración|aguanta la respiracion|"
    "bolsa en la cabeza|alrededor del cuello",
    "würgen|wurgen|ohnmächtig|ohnmachtig|ohnmacht|luft anhalten|halt die luft an|"
    "tüte über den kopf|tute uber den kopf|um den hals",
    "étrangle|etrangle|évanouir|evanouir|t'évanouir|retiens ta respiration|retenir ta respiration|"
    "sac sur la tête|autour du cou|jeu du foulard",
    "strozzarti|soffoca|svenire|trattieni il respiro|sacchetto in testa|intorno al collo",
    "enforcar|sufocar|desmaiar|segura a respiração|segura a respiracao|prende a respiração|"
    "saco na cabeça|saco na cabeca|em volta do pescoço",
    "wurgen|flauwvallen|adem inhouden|houd je adem in|zak over je hoofd|om je nek",
)
CHALLENGE = _concept(
    "challenge|challenges|dare|dares|i dare you|bet you can't|bet you cant|bet you won't|"
    "game|let's see who|lets see who|who can|try to|try and|tiktok|trend|for views|for likes",
    "reto|desafío|desafio|te reto|juego|a ver quién|a ver quien",
    "challenge|mutprobe|ich wette|spiel|wer kann|versuch",
    "défi|defi|je te défie|jeu|qui peut|essaie",
    "sfida|ti sfido|gioco|chi riesce|prova a",
    "desafio|te desafio|brincadeira|jogo|quem consegue|tenta",
    "uitdaging|ik daag je uit|spel|wie kan|probeer",
)
DANGER = _concept(
    "lean out|lean way out|lick the battery|lick the plug|into the bath|in the bath with|hair dryer|prongs|salt and ice|salt on your|ice on it|without looking|in the river alone|swim alone|lock yourself in",
    "jump off|jump from|jump out of|jump out the|climb on the roof|climb onto the roof|"
    "climb the roof|on the roof|off the roof|off the balcony|from the balcony|over the railing|"
    "out the window|out of the window|lean out|climb out|onto the window|train tracks|"
    "railway tracks|in front of a car|in front of the car|in front of the bus|into the road|"
    "into the street|in the road|across the road without|middle of the road|into traffic|"
    "in the traffic|play in the street|lie down in the road|fork in the|knife in the|"
    "finger in the|in the socket|in the outlet|into the socket|into the outlet|electrical outlet|"
    "plug socket|in the toaster|into the toaster|the deep end|swim alone|in the river alone|"
    "on the ice|thin ice|climb in the freezer|climb in the dryer|climb into the dryer|"
    "hide in the dryer|get in the dryer|inside the dryer|climb in the washing machine|"
    "hide in the washing machine|inside the washing machine|"
    "drive the car|car keys|grab the wheel|with a stranger|stranger's car",
    "salta del|salta desde|sube al tejado|en el tejado|del balcón|del balcon|por la ventana|"
    "las vías del tren|vias del tren|delante de un coche|a la carretera|en el enchufe|"
    "al enchufe|en la tostadora",
    "spring vom|spring aus dem|aufs dach|auf dem dach|vom balkon|aus dem fenster|"
    "auf die gleise|vor ein auto|auf die straße|auf die strasse|in die steckdose|in den toaster",
    "saute du|saute par|sur le toit|du balcon|par la fenêtre|par la fenetre|sur les rails|"
    "devant une voiture|sur la route|dans la prise|dans le grille-pain",
    "salta dal|salta giù|salta giu|sul tetto|dal balcone|dalla finestra|sui binari|"
    "davanti a una macchina|in mezzo alla strada|nella presa|nel tostapane",
    "pula do|pula da|no telhado|da varanda|pela janela|nos trilhos|na frente de um carro|"
    "no meio da rua|na tomada|na torradeira",
    "spring van|spring uit|op het dak|van het balkon|uit het raam|op het spoor|voor een auto|"
    "op de weg|in het stopcontact|in de broodrooster",
)
ALCOHOL_DRUGS = _concept(
    "rum|mommy's wine|daddy's beer|air duster|monster energy|red bull",
    "beer|beers|wine|vodka|whiskey|whisky|rum|tequila|gin|alcohol|booze|liquor|shots|a shot|"
    "champagne|cocktail|drunk|get drunk|tipsy|cigarette|cigarettes|cigs|ciggy|cigar|smoke|smoking|"
    "vape|vapes|vaping|e-cig|juul|nicotine|tobacco|weed|pot brownie|pot brownies|marijuana|"
    "cannabis|edibles|edible|gummies from|joint|blunt|bong|stoned|get high|getting high|"
    "cocaine|coke|meth|pills|molly|ecstasy|lsd|drugs|drug|energy drink|energy drinks|"
    "sniff glue|huff|whippets|laughing gas",
    "cerveza|vino|vodka|alcohol|borracho|borracha|emborracharte|cigarro|cigarrillo|cigarros|"
    "fumar|fuma|vapeador|vapear|porro|marihuana|hierba|droga|drogas|pastillas|colocarte",
    "bier|wein|wodka|schnaps|alkohol|betrunken|besoffen|zigarette|zigaretten|rauchen|rauch|"
    "vape|dampfen|gras|kiffen|joint|drogen|pillen|high werden",
    "bière|biere|vin|vodka|alcool|bourré|bourre|ivre|cigarette|clope|clopes|fumer|fume|vapoter|"
    "vape|weed|beuh|shit|joint|pétard|drogue|drogues|cachets",
    "birra|vino|vodka|alcol|alcool|ubriaco|ubriaca|sigaretta|sigarette|fumare|fuma|svapare|"
    "canna|spinello|erba|droga|droghe|pasticche",
    "cerveja|vinho|vodka|cachaça|cachaca|álcool|alcool|bêbado|bebado|bêbada|cigarro|fumar|fuma|"
    "vape|pod|maconha|baseado|erva|droga|drogas|bala",
    "bier|wijn|wodka|drank|alcohol|dronken|zat|sigaret|sigaretten|roken|rook|vape|vapen|wiet|"
    "joint|blowen|drugs|pillen|xtc",
)
OFFER = _concept(
    "do shots|pour yourself|take a big gulp|gulp|i wanna try|i want to try|i drank|we're gonna|pour|ask ur|ask your cousin|so good|sooo good",
    "try|trying|have some|have a|take a|take some|drink|drinking|sip|taste|smoke|puff|hit of|"
    "want some|want one|wanna try|want to try|give you|i'll give|ill give|grab|sneak|steal|"
    "take one|pass it|share|let's get|lets get|get you|it's cool|its cool|so cool|makes you cool|"
    "all the big kids|everyone does it|feel good|feel funny|feel grown up|you'll love|just one|"
    "it's fine|its fine|it's okay|nobody will notice|from the fridge|from your dad's|"
    "from your mom's|your dad's|your mom's|your parents'",
    "prueba|pruébalo|toma|tómate|bebe|fuma|quieres|te doy|coge|roba|es guay|mola|todos lo hacen",
    "probier|nimm|trink|rauch|willst du|ich gebe dir|klau|ist cool|alle machen das",
    "essaie|goûte|prends|bois|fume|tu veux|je te donne|pique|vole|c'est cool|tout le monde",
    "prova|assaggia|prendi|bevi|fuma|vuoi|ti do|ruba|è figo|e figo|lo fanno tutti",
    "experimenta|prova|toma|bebe|fuma|quer|te dou|pega|rouba|é legal|e legal|todo mundo",
    "probeer|neem|drink|rook|wil je|ik geef je|pak|steel|is cool|iedereen doet het",
)
SELF_HARM = _concept(
    "kill yourself|kill urself|kill your self|kill ur self|kys|k y s|hurt yourself|hurt urself|"
    "hurt your self|cut yourself|cut urself|cut your self|harm yourself|stab yourself|"
    "hang yourself|drown yourself|starve yourself|end your life|end ur life|take your own life|"
    "you should die|go die|just die|you'd be better off dead|better off dead|nobody would miss you|"
    "no one would miss you|world would be better without you|unalive yourself|unalive urself|"
    "commit suicide|suicide|jump off a bridge",
    "mátate|matate|suicídate|suicidate|hazte daño|córtate|cortate|muérete|muerete|nadie te echaría de menos",
    "bring dich um|töte dich|tote dich|ritz dich|verletz dich|stirb|niemand würde dich vermissen",
    "tue-toi|tue toi|suicide-toi|fais-toi du mal|coupe-toi|crève|creve|personne ne te regretterait",
    "ammazzati|ucciditi|suicidati|fatti del male|tagliati|crepa|vai a morire|nessuno sentirebbe la tua mancanza",
    "se mata|te mata|se mate|se suicida|se machuca|se corta|morra|ninguém sentiria sua falta",
    "maak jezelf dood|pleeg zelfmoord|doe jezelf pijn|snij jezelf|ga toch dood|niemand zou je missen",
)
SELF_HARM_MINE = _concept(
    "kill myself|kill my self|hurt myself|hurt my self|cut myself|cut my self|harm myself|"
    "end my life|want to die|wanna die|going to die tonight|wish i was dead|wish i were dead|"
    "wish i wasn't alive|wish i wasnt alive|don't want to be alive|dont want to be alive|"
    "don't want to live|dont want to live|don't want to wake up|dont want to wake up|"
    "don't want to be here anymore|dont want to be here anymore|want to disappear forever|"
    "nobody would miss me|no one would miss me|better off without me|better off dead|"
    "i hate myself|i hate my life|unalive myself|suicide|not want to exist|"
    # hurting oneself on purpose, and wanting never to wake or come back
    "bang my head|banging my head|hit myself|hitting myself|scratch myself|scratching myself|"
    "pull my hair out|bite myself|biting myself|punch myself|on purpose to hurt|"
    "stay closed forever|never wake up|go to sleep forever|sleep forever|never come back|"
    "never coming back|disappear forever|not be here anymore|everyone would be happier",
    "matarme|quiero morir|quiero morirme|hacerme daño|cortarme|no quiero vivir|odio mi vida",
    "mich umbringen|will sterben|will nicht mehr leben|mich ritzen|mir wehtun|hasse mein leben",
    "me tuer|veux mourir|me faire du mal|me couper|veux plus vivre|déteste ma vie",
    "uccidermi|ammazzarmi|voglio morire|farmi del male|tagliarmi|non voglio vivere",
    "me matar|quero morrer|me machucar|me cortar|não quero viver|nao quero viver|odeio minha vida",
    "zelfmoord|wil dood|mezelf pijn doen|mezelf snijden|wil niet meer leven|haat mijn leven",
)
ABUSER = _concept(
    "he|she|they|him|her|uncle|auntie|aunt|daddy|dad|mommy|mom|mum|stepdad|stepmom|step dad|"
    "teacher|coach|man|lady|grown-up|babysitter|brother|cousin|grandpa|neighbour|neighbor|"
    "someone|somebody|boyfriend|mom's boyfriend|the man",
    "él|el|ella|tío|tio|papá|papa|mamá|mama|padrastro|profe|entrenador|señor|vecino|primo|alguien",
    "er|sie|onkel|papa|mama|stiefvater|lehrer|trainer|mann|nachbar|cousin|jemand",
    "il|elle|oncle|papa|maman|beau-père|prof|entraîneur|monsieur|voisin|cousin|quelqu'un",
    "lui|lei|zio|papà|mamma|patrigno|maestro|allenatore|signore|vicino|cugino|qualcuno",
    "ele|ela|tio|papai|pai|mamãe|padrasto|professor|treinador|moço|vizinho|primo|alguém",
    "hij|zij|oom|papa|mama|stiefvader|meester|trainer|man|buurman|neef|iemand",
)
HURTS_ME = _concept(
    "touches me|touched me|touch me there|touches my|touched my|hits me|hit me|hurts me|hurt me|"
    "beats me|beat me|kicks me|kicked me|slaps me|slapped me|punches me|punched me|pinches me|"
    "locks me|locked me|chokes me|choked me|burns me|burned me|shakes me|grabbed me|"
    "made me touch|makes me touch|made me take off|makes me take off|showed me his|showed me her|"
    "showed me pictures|showed me videos|takes pictures of me|took pictures of me|"
    "said it's our secret|says it's our secret|said it is our secret|said not to tell|"
    "says not to tell|told me not to tell|tells me not to tell|said i can't tell|"
    "said i cant tell|said i'd get in trouble|will hurt my|would hurt my|doesn't let me eat|"
    "don't get food|no food|sleep in the|comes into my room at night|come into my bed|"
    "in my bed|won't stop|doesn't stop when i say|"
    # unwanted closeness, told as a child tells it
    "i didn't want him to|i didnt want him to|i didn't want her to|i didnt want her to|"
    "i said no but|i told him no|i told her no|does the thing again|did the thing again|"
    "the thing he does|the thing she does|squeezes my neck|squeezed my neck|grabs my neck|"
    "pulls my hair|pulled my hair|throws things at me|threw things at me|breaks stuff|"
    "breaks things and|hits mama|hits mommy|hits mom|hits my mom|hits my mum|hurts mommy|"
    "hurts my mom|yells and hits|makes me keep|made me keep",
    "me toca|me tocó|me toco|me pega|me pegó|me pego|me hace daño|me hizo daño|me encierra|"
    "dijo que es nuestro secreto|me dijo que no lo cuente|me dijo que no dijera",
    "fasst mich an|hat mich angefasst|schlägt mich|schlagt mich|hat mich geschlagen|tut mir weh|"
    "sperrt mich ein|sagt es ist unser geheimnis|hat gesagt ich darf es nicht sagen",
    "me touche|m'a touché|m'a touche|me frappe|m'a frappé|m'a frappe|me fait mal|m'enferme|"
    "dit que c'est notre secret|m'a dit de ne pas le dire",
    "mi tocca|mi ha toccato|mi picchia|mi ha picchiato|mi fa male|mi chiude|"
    "dice che è il nostro segreto|mi ha detto di non dirlo",
    "me toca|me tocou|me bate|me bateu|me machuca|me machucou|me tranca|"
    "disse que é nosso segredo|disse que e nosso segredo|falou pra eu não contar",
    "raakt me aan|heeft me aangeraakt|slaat me|heeft me geslagen|doet me pijn|sluit me op|"
    "zegt dat het ons geheim is|zei dat ik het niet mocht vertellen",
)
SCARED = _concept(
    "i'm scared of him|im scared of him|i'm scared of her|im scared of her|scared to go home|"
    "afraid to go home|scared of my dad|scared of my mom|scared of my stepdad|scared of my uncle|"
    "don't want to go home|dont want to go home|not safe at home|don't feel safe|dont feel safe",
    "tengo miedo de él|tengo miedo de ir a casa|no quiero ir a casa",
    "ich habe angst vor ihm|ich habe angst nach hause|will nicht nach hause",
    "j'ai peur de lui|j'ai peur de rentrer|veux pas rentrer",
    "ho paura di lui|ho paura di tornare a casa|non voglio tornare a casa",
    "tenho medo dele|tenho medo de ir pra casa|não quero ir pra casa",
    "ik ben bang voor hem|bang om naar huis|wil niet naar huis",
)
WEAPON = _concept(
    "gun|guns|pistol|handgun|rifle|shotgun|revolver|firearm|bullets|ammo|knife|knives|blade|"
    "razor|machete|sword|bomb|bombs|explosive|explosives|grenade|dynamite|pipe bomb|molotov",
    "pistola|arma|rifle|escopeta|balas|cuchillo|navaja|bomba|explosivo",
    "pistole|waffe|gewehr|revolver|munition|messer|klinge|bombe|sprengstoff",
    "pistolet|arme|fusil|revolver|balles|couteau|lame|bombe|explosif",
    "pistola|arma|fucile|proiettili|coltello|lama|bomba|esplosivo",
    "pistola|arma|revólver|revolver|balas|faca|canivete|bomba|explosivo",
    "pistool|wapen|geweer|kogels|mes|messen|bom|explosief",
)
WEAPON_ACT = _concept(
    "found|sharpen|check if it's loaded|go get it|go get|i found|can i play",
    "find|get|take|grab|bring|point|shoot|load|make|build|hide|play with|hold|use|carry|"
    "steal|sneak|fire it|pull the trigger|stab|cut someone|wave it|show it",
    "busca|coge|toma|trae|apunta|dispara|carga|haz|construye|esconde|juega con|usa|lleva|roba",
    "such|nimm|hol|bring|ziel|schieß|schiess|lade|bau|versteck|spiel mit|benutz|trag|klau",
    "trouve|prends|apporte|vise|tire|charge|fabrique|construis|cache|joue avec|utilise|vole",
    "trova|prendi|porta|punta|spara|carica|costruisci|nascondi|gioca con|usa|ruba",
    "acha|pega|traz|leva|aponta|atira|carrega|faz|constrói|esconde|brinca com|usa|rouba",
    "zoek|pak|neem|breng|richt|schiet|laad|maak|bouw|verstop|speel met|gebruik|steel",
)
TOY_WEAPON = _concept(
    "water gun|water pistol|nerf|squirt gun|toy gun|toy sword|foam sword|bath bomb|bath bombs|"
    "glitter bomb|seed bomb|butter knife|safety scissors|pirate sword|wooden sword|grown-up|"
    "grownup|an adult|un adulto|un mayor|erwachsene*|adulte|volwassen*|"
    "pistola de agua|wasserpistole|pistolet à eau|pistola ad acqua|pistola de água|waterpistool",
)
#: A story about toys: once "the toy gun" is named, "the gun" three sentences on is the toy.
TOY_STORY = _concept(
    "toy gun|toy guns|water gun|water guns|water pistol|nerf|squirt gun|cap gun|toy sword|"
    "foam sword|wooden sword|pirate sword|play sword|pretend gun|pretend sword",
    "pistola de agua|pistola de juguete|espada de juguete",
    "wasserpistole|spielzeugpistole|spielzeugschwert|holzschwert",
    "pistolet à eau|pistolet a eau|pistolet en plastique|épée en bois|epee en bois",
    "pistola ad acqua|pistola giocattolo|spada di legno",
    "pistola de água|pistola de agua|arminha de brinquedo|espada de madeira",
    "waterpistool|speelgoedpistool|houten zwaard",
)
HURT_OTHERS = _concept(
    "stomp|stomp on|smash|rip|throw rocks|threw rocks|throw stones|stab him|stab her|"
    # what a child tells of having done: the past and -ing forms
    "punched|punching|kicked|kicking|slapped|slapping|stabbed|stabbing|strangled|choked|"
    "pushed|pushing|shoved|tripped|tripping|burned|burnt|drowned|poisoned|smashed|smashing|"
    "bashed|bash|whacked|whack|bit|bite|bites|scratched|pinched|punches|kicks|slaps|hits|"
    "hitting|killed|killing|beating|beat|beated|strangling|choking|pushes",
    "hit|punch|kick|slap|hurt|kill|stab|beat up|beat him|beat her|strangle|choke|push|"
    "shove|trip|burn|drown|poison|throw rocks at|throw stones at",
    "pega|golpea|patea|mata|apuñala|apunala|empuja|muerde|quema",
    "schlag|hau|tritt|töte|tote|stich|würg|wurg|beiß|beiss|schubs|verbrenn",
    "frappe|tape|cogne|tue|poignarde|étrangle|etrangle|mords|pousse|brûle|brule",
    "picchia|colpisci|prendi a calci|uccidi|accoltella|strozza|mordi|spingi|brucia",
    "bate|soca|chuta|mata|esfaqueia|enforca|morde|empurra|queima",
    "sla|schop|vermoord|steek|wurg|bijt|duw|verbrand",
)
VICTIM = _concept(
    "the kid|kid|kids|the boy|the girl|in the face|ur face|your face|his face|her face|the ducks|ducks|birds|a bird|the fish|fingers|little kid|teddy|"
    # a person or an animal after a determiner and an adjective or two ("the new girl",
    # "my little brother", "that stupid dog"): Near's gap lets the words between pass
    "girl|girls|boy|boys|baby|babies|brother|sister|cousin|teacher|friend|classmate|"
    "classmates|mommy|mummy|mom|mum|daddy|dad|grandma|grandpa|granny|nanny|babysitter|"
    "people|children|child|kids|everybody|anyone|anybody",
    "him|her|them|your sister|your brother|the baby|your baby brother|your baby sister|the cat|"
    "the dog|your cat|your dog|the puppy|the kitten|the hamster|your friend|your friends|"
    "that kid|those kids|the new kid|your teacher|your mom|your dad|someone|somebody|everyone|"
    "people|the kids|a kid|animals|the bird",
    "a tu hermana|a tu hermano|al bebé|al gato|al perro|a tu amigo|a alguien",
    "deine schwester|deinen bruder|das baby|die katze|den hund|deinen freund|jemanden",
    "ta sœur|ta soeur|ton frère|ton frere|le bébé|le chat|le chien|ton ami|quelqu'un",
    "tua sorella|tuo fratello|il bambino|il gatto|il cane|il tuo amico|qualcuno",
    "sua irmã|sua irma|seu irmão|seu irmao|o bebê|o gato|o cachorro|seu amigo|alguém",
    "je zus|je broer|de baby|de kat|de hond|je vriend|iemand",
)
#: Children's squabbles and play, told as children tell them ("he hit me first", "she pushed
#: me off the swing by accident", "he hit me with his truck"): not a disclosure of abuse.
SQUABBLE = _concept(
    "hit me first|hit me back|pushed me first|did it first|started it|by accident|accidentally|"
    "on accident|not on purpose|with his truck|with her truck|with a pillow|with the pillow|"
    "with a ball|with the ball|with his toy|with her toy|in the game|in tag|playing tag|"
    "when we were playing|we were playing",
    "me pegó primero|me pego primero|sin querer|jugando",
    "hat angefangen|zuerst gehauen|aus versehen|beim spielen",
    "a commencé|a commence|m'a tapé en premier|sans faire exprès|sans faire expres|en jouant",
    "ha cominciato|per sbaglio|senza volere|giocando",
    "me bateu primeiro|começou|comecou|sem querer|brincando",
    "begon|per ongeluk|niet expres|tijdens het spelen",
)
#: A grown-up correcting a child ("if you hit your sister again you go to your room",
#: "we don't hit"): the words of hitting, said against it.
DISCIPLINE = _concept(
    "if you hit|if you kick|if you push|if you bite|if you pinch|if you scratch|if you throw|"
    "again you|one more time|time out|time-out|go to your room|say sorry|say you're sorry|"
    "we don't hit|we dont hit|no hitting|no biting|no pushing|hands are not for hitting|"
    "gentle hands|be gentle",
    "si le pegas|no se pega|pide perdón|pide perdon|a tu cuarto|castigado|castigada",
    "wenn du noch einmal|wir hauen nicht|man haut nicht|entschuldige dich|in dein zimmer",
    "si tu tapes|on ne tape pas|on tape pas|excuse-toi|dans ta chambre|au coin",
    "se picchi|non si picchia|chiedi scusa|in camera tua|in castigo",
    "se você bater|se voce bater|não se bate|nao se bate|pede desculpa|pro seu quarto|de castigo",
    "als je nog een keer|we slaan niet|niet slaan|zeg sorry|naar je kamer|strafstoel",
)
SPORT = _concept(
    # a contest ("i beat my dad at chess", "he beat me in the race")
    "at chess|at cards|at uno|at checkers|at draughts|at monopoly|at tag|at football|at soccer|"
    "at basketball|at tennis|at video games|at games|at mario|at minecraft|at fortnite|"
    "at racing|at running|at swimming|at arm wrestling|at rock paper scissors|in a race|"
    "in the race|the race|the game|the level|the boss|my record|my score|his score|her score|"
    "ball|the ball|piñata|pinata|drum|drums|the nail|nails|the button|the target|high five|"
    "homerun|home run|a six|the bell|the road running|the books|the sack|the hay|the lights|"
    "time|pillow|pillows|balloon|balloons|the bubble|bubbles|a tennis|the net|goal|"
    "pelota|balón|balon|ball|tor|ballon|palla|bola|bal",
)
INSULT = _concept(
    "stupid|dumb|idiot|idiots|moron|ugly|fat|fatty|fatso|worthless|useless|pathetic|loser|"
    "gross|disgusting|weirdo|freak|retard|retarded|dummy|brainless|a baby|crybaby|nobody|"
    "trash|garbage|a waste|hideous",
    "estúpido|estupido|estúpida|tonto|tonta|idiota|feo|fea|gordo|gorda|inútil|inutil|"
    "perdedor|asqueroso|asquerosa|basura|imbécil|imbecil|bobo|boba",
    "dumm|doof|blöd|blod|idiot|hässlich|hasslich|fett|nutzlos|versager|ekelhaft|"
    "dummkopf|trottel|müll|mull|loser",
    "stupide|bête|bete|idiot|idiote|moche|gros|grosse|nul|nulle|inutile|"
    "débile|debile|dégoûtant|degoutant|minable|crétin|cretin|imbécile|imbecile",
    "stupido|stupida|scemo|scema|idiota|brutto|brutta|grasso|grassa|inutile|"
    "perdente|schifoso|schifosa|cretino|cretina|deficiente",
    "burro|burra|idiota|feio|feia|gordo|gorda|inútil|inutil|perdedor|nojento|nojenta|"
    "otário|otario|imbecil|lixo|bobo|boba",
    "dom|stom|stomme|idioot|lelijk|dik|dikke|waardeloos|nutteloos|loser|vies|smerig|"
    "sukkel|debiel|mongool",
)
YOU_ARE = _concept(
    "you are|you're|youre|ur|u r|u are|you r|you look|you're such|you are such|you're so|"
    "you are so|you're a|you are a|what a|you little|you big|look at you",
    "eres|eres un|eres una|eres muy|qué|que",
    "du bist|du bist so|du bist ein|du bist eine|du siehst",
    "tu es|t'es|t es|tu es un|tu es une|espèce de|espece de",
    "sei|sei un|sei una|sei proprio",
    "você é|voce e|vc é|vc e|tu és|tu es|seu|sua",
    "je bent|jij bent|je bent een|wat ben je",
)
EXCLUSION = _concept(
    "nobody likes you|no one likes you|everyone hates you|everybody hates you|nobody wants you|"
    "no one wants you|no one wants to play with you|nobody wants to play with you|"
    "you have no friends|you've got no friends|you don't have any friends|"
    "nobody loves you|no one loves you|your parents don't love you|your parents hate you|"
    "nobody cares about you|you don't belong|you will always be alone|"
    "you'll always be alone|i'll tell everyone|everyone will laugh at you|you should be ashamed",
    "nadie te quiere|todos te odian|nadie quiere jugar contigo|no tienes amigos|cállate|callate|lárgate|largate",
    "niemand mag dich|alle hassen dich|keiner will mit dir spielen|du hast keine freunde|halt die klappe|"
    "hau ab|verschwinde",
    "personne ne t'aime|tout le monde te déteste|tu n'as pas d'amis|ferme-la|ta gueule|casse-toi",
    "nessuno ti vuole bene|tutti ti odiano|non hai amici|stai zitto|stai zitta",
    "ninguém gosta de você|ninguem gosta de voce|todo mundo te odeia|você não tem amigos|cala a boca|"
    "some daqui",
    "niemand vindt je leuk|iedereen haat je|je hebt geen vrienden|hou je mond|rot op",
)
#: Not the bare "cock": the farmyard bird crows in every fable (and "cockloft" splits to it).
SEXUAL = _concept(
    "sex|sexy|have sex|make love|porn|porno|naked|nude|nudes|boobs|boob|tits|penis|vagina|dick|"
    "my cock|your cock|his cock|suck cock|cocksucker|cock pic|pussy|privates|private parts|touch yourself|touch my|touch your|kiss me on the lips|"
    "french kiss|take off your clothes|take your clothes off|get naked|in your underwear|"
    "your underwear|my underwear|in the bed with me|sleep in my bed|horny|turn me on|blowjob|"
    "suck my|lick my|hump|humping|orgasm|masturbate|wank",
    "sexo|desnudo|desnuda|tetas|pene|vagina|polla|coño|cono|tócame|tocame|quítate la ropa|porno",
    "sex|nackt|titten|brüste|bruste|penis|scheide|meinen schwanz|deinen schwanz|muschi|"
    "lass uns vögeln|willst du vögeln|vögeln wir|gevögelt|vögelt|lass uns vogeln|vogeln wir|"
    "gevogelt|fass mich an|zieh dich aus|porno",
    "sexe|seins|nichons|pénis|penis|vagin|bite|chatte|touche-moi|déshabille-toi|porno",
    "sesso|nudo|nuda|tette|pene|vagina|cazzo|figa|toccami|spogliati|porno",
    "sexo|pelado|pelada|peitos|pênis|penis|vagina|pau|buceta|me toca|tira a roupa|pornô|porno",
    "seks|naakt|bloot|tieten|borsten|piemel|penis|vagina|lul|kut|raak me aan|kleed je uit|porno",
)


#: Who does it: the child ("I", "can I"), the child addressed ("you", "let's"), or an order.
ACTOR = AnyOf(YOU, COMMAND)


@dataclass(frozen=True)
class Intent:
    category: str
    severity: str
    directions: tuple[str, ...]  # where this intent is a harm
    all_of: tuple[Concept, ...]
    none_of: tuple[Concept, ...] = ()
    disclosure: bool = False  # from a child: someone should look (needs_review)
    #: Concepts that, anywhere in the text (not only the sentence), say it is not this harm.
    text_none_of: tuple[Concept, ...] = ()


BOTH = ("to_child", "from_child")
TO = ("to_child",)
FROM = ("from_child",)

INTENTS: tuple[Intent, ...] = (
    # A child's own words: disclosures first (most severe, and they need a person).
    Intent("self_harm", "critical", FROM, (SELF_HARM_MINE,), disclosure=True),
    Intent("abuse", "critical", FROM, (ABUSER, HURTS_ME), (SQUABBLE,), disclosure=True),
    Intent("abuse", "critical", FROM, (SCARED,), disclosure=True),
    Intent("abuse", "critical", FROM, (NEGLECT,), (ADVICE,), disclosure=True),
    Intent("abuse", "critical", FROM, (BODY_TALK,), (ADVICE,), disclosure=True),
    # Grooming.
    Intent("grooming", "critical", BOTH, (SECRET, PARENTS), (ADVICE, SURPRISE, TOLD_OF)),
    Intent("grooming", "critical", BOTH, (OUR_SECRET,), (ADVICE, SURPRISE)),
    Intent("grooming", "critical", BOTH, (SECRET, YOU, GIFT), (ADVICE, SURPRISE)),
    Intent("grooming", "critical", BOTH, (MEET, ALONE), (ADVICE,)),
    Intent("grooming", "critical", BOTH, (MEET, SECRET), (ADVICE,)),
    Intent("grooming", "critical", BOTH, (SEND, PHOTO, BODY), (ADVICE,)),
    Intent("grooming", "critical", BOTH, (FLATTERY,), (ADVICE,)),
    Intent("grooming", "critical", BOTH, (ASKED_ALONE,), (ADVICE, NEVER)),
    Intent("grooming", "critical", BOTH, (PRIVATE_APP, YOU), (ADVICE,)),
    Intent("grooming", "critical", BOTH, (BODY_TALK,), (ADVICE, NEVER)),
    Intent("grooming", "critical", TO, (CONCEAL, PARENTS), (ADVICE, SURPRISE)),
    Intent("grooming", "critical", TO, (CONCEAL, OUR_SECRET), (ADVICE, SURPRISE)),
    # The toy fishing for where the child lives, and when they are alone.
    Intent("pii_solicitation", "high", TO, (ASK, HOME_PLACE), (ADVICE, NEVER)),
    Intent("pii_solicitation", "high", TO, (ASK, PARENT_OF_YOU, PARENT_DETAIL), (ADVICE, NEVER)),
    Intent("pii_solicitation", "high", TO, (HOUSE_EMPTY,), (ADVICE, NEVER)),
    Intent("pii_solicitation", "high", TO, (WHEN_ASK, GROWN_UP_HOME, COMES_GOES), (ADVICE, NEVER)),
    Intent("pii_solicitation", "high", TO, (SCHOOL_RUN,), (ADVICE, NEVER)),
    # Self-harm urged on a child.
    Intent("self_harm", "critical", BOTH, (SELF_HARM,), (NEVER, ADVICE)),
    # Dangerous activities and household dangers.
    Intent("dangerous_activities", "high", BOTH, (CHEMICAL, INGEST, ACTOR), (NEVER, ADVICE)),
    Intent("dangerous_activities", "high", BOTH, (FIRE, FIRE_ACT, ACTOR), (NEVER, ADVICE)),
    Intent("dangerous_activities", "high", BOTH, (CHOKE, ACTOR), (NEVER, ADVICE)),
    Intent("dangerous_activities", "high", BOTH, (DANGER, ACTOR), (NEVER, ADVICE)),
    Intent("dangerous_activities", "high", BOTH, (DANGER, CHALLENGE), (NEVER, ADVICE)),
    # Alcohol, tobacco and drugs offered to a child.
    Intent("drugs_alcohol", "high", BOTH, (ALCOHOL_DRUGS, OFFER, ACTOR), (NEVER, ADVICE)),
    # Weapons and violence.
    Intent(
        "weapons",
        "high",
        BOTH,
        (WEAPON, WEAPON_ACT, ACTOR),
        (NEVER, ADVICE, TOY_WEAPON),
        text_none_of=(TOY_STORY,),
    ),
    Intent(
        "violence",
        "high",
        BOTH,
        (Near(HURT_OTHERS, VICTIM), ACTOR),
        (NEVER, ADVICE, SPORT, DISCIPLINE),
    ),
    Intent("violence", "high", BOTH, (Near(CRUELTY, ANIMAL, gap=3),), (NEVER, ADVICE)),
    Intent("violence", "high", BOTH, (Near(ROUGH, PET, gap=2),), (NEVER, ADVICE, PET_PLAY)),
    Intent("violence", "high", BOTH, (REVENGE, ACTOR), (NEVER, ADVICE, SPORT)),
    Intent("violence", "high", BOTH, (Near(PET, CRUEL_PLACE, gap=4),), (NEVER, ADVICE)),
    # Harassment of the child.
    Intent("harassment", "medium", BOTH, (YOU_ARE, INSULT), (NEVER, NOT)),
    Intent("harassment", "medium", BOTH, (EXCLUSION,), (ADVICE,)),
    # Contempt for a whole group, and not the words that speak against it.
    Intent("hate", "high", BOTH, (Near(GROUP, CONTEMPT, gap=3),), (COUNTER, ADVICE)),
    Intent("hate", "high", BOTH, (Near(CONTEMPT, GROUP, gap=2),), (COUNTER, ADVICE)),
    # Sexual content aimed at or asked by a child.
    Intent("sexual", "high", BOTH, (SEXUAL,), (ADVICE,)),
)

_SENTENCES = re.compile(r"[^.!?;\n]+")
_WORDS = re.compile(r"[\w'-]+")


@dataclass(frozen=True)
class Found:
    category: str
    severity: str
    disclosure: bool
    sentence: str


@lru_cache(maxsize=8192)
def find_intents(
    text: str, direction: str, languages: tuple[str, ...] = ("en",)
) -> tuple[Found, ...]:
    """The intents in a normalized ``text`` said in ``direction``, one per category, with the
    phrases of ``languages``."""
    found: dict[str, Found] = {}
    # A first look over the whole text: an intent whose concepts' first words are not all in
    # it cannot match any sentence (most texts leave two or three intents of forty).
    text_words = frozenset(_WORDS.findall(text))
    candidates = [
        intent
        for intent in INTENTS
        if direction in intent.directions
        and all(c.could_match(text_words, languages) for c in intent.all_of)
        and not any(c.found_in(text, text_words, languages) for c in intent.text_none_of)
    ]
    if not candidates:
        return ()
    for sentence in _SENTENCES.findall(text):
        present: dict[int, bool] = {}  # concepts are shared between intents: search each once
        words = frozenset(_WORDS.findall(sentence))

        def has(
            concept: Concept, sentence: str = sentence, present: dict = present, words=words
        ) -> bool:
            key = id(concept)
            if key not in present:
                present[key] = concept.found_in(sentence, words, languages)
            return present[key]

        for intent in candidates:
            if intent.category in found:
                continue
            if all(has(c) for c in intent.all_of) and not any(has(c) for c in intent.none_of):
                found[intent.category] = Found(
                    intent.category, intent.severity, intent.disclosure, sentence.strip()
                )
    return tuple(found.values())


LESSON = _concept(
    "if someone|if anyone|if a stranger|if somebody|if an adult|if a grown-up|if a person|"
    "tell a grown-up|tell an adult|tell a trusted|grown-up you trust|adult you trust|"
    "your body belongs to you|your body is yours|never tell strangers|never share|don't share|"
    "dont share|do not share|never give|never go|never get in|only your parents|say no|"
    "it's okay to say no|is not candy|isn't candy|are not candy|not for kids|not for children|"
    "only for grown-ups|can make you sick|can hurt you|call 911|call 112|call 999|helpline|"
    "stay safe|be safe|to keep you safe|safety rule|safety plan|wear your helmet|look both ways",
    "si alguien|díselo a|dile a un adulto|adulto de confianza|nunca compartas|nunca des|di que no",
    "wenn jemand|sag es einem erwachsenen|erwachsenen, dem du vertraust|teile nie|sag nein",
    "si quelqu'un|dis-le à|adulte de confiance|ne partage jamais|dis non",
    "se qualcuno|dillo a|adulto di fiducia|non condividere mai|di' di no",
    "se alguém|se alguem|conte para|adulto de confiança|nunca compartilhe|diga não",
    "als iemand|vertel het aan|volwassene die je vertrouwt|deel nooit|zeg nee",
)


#: Scary words in their everyday sense: a verb with the object that makes it harmless ("kill
#: the lights", "beat the eggs", "shoot hoops"). The classifier, which sees the words and not
#: the sense, then needs stronger evidence, as for a safety lesson; rules and intents still run.
HARMLESS_SENSE = _concept(
    "kill the lights|kill the light|kill time|killing time|kill the process|kill a process|"
    "kill a python process|kill the python process|kill a background process|kill that process|"
    "kill the engine|kill the music|kill weeds|killing weeds|kill the weeds|kill germs|"
    "kills germs|kill bacteria|kills bacteria|kill the mood|killed it at|killing it at|"
    "kill the app|kill the program|kill the task|kill a task|kill the tab|"
    "shoot a photo|shoot photos|shoot pictures|shoot a video|shoot a film|shoot a movie|"
    "shoot hoops|shoot some hoops|shoot a basket|shoot a three|photo shoot|shoot for the stars|"
    "shoot me a text|shoot me an email|shoot an email|blow up a balloon|blow up balloons|"
    "blow up the balloon|blow up the balloons|blow out the candles|blow out candles|"
    "blow bubbles|blow your nose|blow a kiss|blow dry|blew me away|blow my mind|"
    "break into the industry|break into acting|break into the film|break into music|"
    "break into the market|break a leg|break the ice|break the record|break a record|"
    "break the news|break a sweat|break even|break the habit|break the code|"
    "beat the eggs|beat the egg|beat eggs|beat the batter|beat the butter|beat the cream|"
    "beat the heat|beat the traffic|beat the record|beat my record|beat the game|"
    "beat the level|beat the boss|beat the competition|beat my competition|beat the clock|"
    "attack the king|attack the queen|attack the problem|heart attack|panic attack|"
    "asthma attack|crush my competition|crush the competition|crush the garlic|crush garlic|"
    "crushed ice|crush ice|have a crush|a crush on|destroy the competition|slay the dragon|"
    "slayed it|cut the cake|cut the paper|cut costs|cut my hair|cut the onions|chop the onions|"
    "chop vegetables|chop the vegetables|slash my|slash prices|slash costs|hack together|"
    "life hack|life hacks|execute the script|execute a script|execute the code|execute code|"
    "execute the plan|execute a plan|terminate the process|terminate the program|"
    "a can of coke|can of coke|coca-cola|coca cola|diet coke|drug store|drugstore|"
    "shot of espresso|flu shot|booster shot|crack an egg|crack the eggs|crack a joke|"
    "crack the code|dead battery|battery is dead|battery died|my phone died|phone is dead|"
    "dying to see|dying to go|dying to know|dying of laughter|died laughing|die laughing|"
    "in checkers|at checkers|in chess|at chess|in a chess game",
)


@lru_cache(maxsize=8192)
def speaks_against_prejudice(text: str, languages: tuple[str, ...] = ("en",)) -> bool:
    """Words that name prejudice in order to reject it ("saying gay people are evil is
    hateful"): the guard of the group-contempt intents."""
    return COUNTER.found_in(text, frozenset(_WORDS.findall(text)), languages)


def reads_harmlessly(text: str, languages: tuple[str, ...] = ("en",)) -> bool:
    """A safety lesson ("if someone asks where you live, tell a grown-up") names the harms it
    warns about, and "kill the lights" harms no one: the words alone prove little, so the
    classifier then needs stronger evidence (``safety/engine.py``)."""
    words = frozenset(_WORDS.findall(text))
    return LESSON.found_in(text, words, languages) or HARMLESS_SENSE.found_in(
        text, words, languages
    )
