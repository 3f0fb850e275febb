"""What a who-question asks for by role: the role words, the qualifier its holder must have
("för hemtjänsten"), the place, a title ("tf"), the time (an earlier holder asked: "Vem var
socialchef innan ...?"), and the names the question gives, which are no answer ("Vem efterträder
Maja Ek som enhetschef ...?" asks for the role after "som"). Whether a sentence of the articles
binds a name to it is persons.py's."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..swedish.places import masked, named_places
from ..swedish.words import STOP_WORDS, stem

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+")
# an earlier holder asked for (a sentence that speaks of one: persons._PAST)
_FORMER_Q = re.compile(r"\b(?:tidigare|förre|förra|före detta|f\.d\.)\s+(?:\w+\s+)?\w*"
                       r"(?:chef|ordförande|direktör|ledare|samordnare)|"
                       r"^\s*(?:vem|vilka|vad)\s+(?:var|hette)\b.*\b(?:innan|före)\s+\w|"
                       r"^\s*(?:vem|vilka|vad)\s+(?:var|hette)\b.*\b(?:tidigare|förut)\b|"
                       r"\bsom (?:gick i pension|pensionerades|slutade|lämnade|sa upp sig|"
                       r"avgick)\b", re.I)
# a who-question in the past tense ("Vem var projektledare för ...?")
_PAST_Q = re.compile(r"^\s*(?:vem|vilka|vilken person)\s+(?:var|hette|ledde|hade)\b|"
                     r"^\s*vad\s+hette\b", re.I)
# the role's qualifier: the words after it up to the place or a clause
_QUALIFIER = re.compile(r"^\s*(?:för|på|i|inom|vid|hos)\s+(.*?)(?=\s+(?:som|och (?:vad|var|vilk|"
                        r"hur)|när|efter|innan|före|under|medan|just)\b|[?,.]|$)", re.I)
# a word of a qualifier that is no noun: an article, an adjective or a
# participle ("den nya", "gemensamma", "nyinrättade", "nuvarande", "sociala",
# "kommunala"), a definite genitive ("kommunens", "förvaltningarnas")
ADJECTIVE = re.compile(r"^(?:den|det|de|hela|egen|eget|egna|ny|nytt|nye|nya|nuvarande|"
                       r"tillträdande|avgående|gemensam|gemensamt|gemensamma|\w+(?:ade|iga|liga|"
                       r"iska|ala|ella|ära|lda|dda|rda)|\w+(?:ens|ets|arnas|ernas|ornas))$", re.I)
# an English question's body, by the Swedish name an article gives it ("socialnämndens ordförande")
# (an English "social welfare committee" may be a socialnämnd, an omsorgsnämnd, a vård- och
# omsorgsnämnd: any nämnd, not the municipal board)
_EN_BODIES = ((r"\b(?:social|social welfare|social services|welfare|social care|care|health and "
               r"social care|care and welfare) (?:committee|board)", "nämnd"),
              (r"\bmunicipal (?:executive )?board\b", "kommunstyrelse"),
              (r"\b(?:municipal|city|town) council\b", "fullmäktige"),
              (r"\bsteering (?:group|committee)\b", "styrgrupp"))
# the unit an English question gives right after the role word, in the Swedish a qualifier
# of it is read from ("operations manager for elderly care": "verksamhetschef för
# äldreomsorgen"; "head of social services responsible for elderly care" qualifies none)
_EN_UNITS = ((r"elderly care|elder care|care (?:of|for) (?:the elderly|older people)|eldercare",
              "äldreomsorgen"),
             (r"home[ -]?care|home help", "hemtjänsten"))
_EN_UNIT = re.compile(r"\b(?:manager|head|director|chief|leader|coordinator)s?\s+"
                      r"(?:for|of|in|within|at)\s+(?:the\s+)?(?:municipality's\s+)?(?:"
                      + "|".join(f"(?P<u{i}>{e})" for i, (e, _) in enumerate(_EN_UNITS)) + r")\b",
                      re.I)
# words of time, no qualifier ("socialchef i Hjo tidigare", "i dag")
_WHEN = frozenset("""tidigare förut nu numera idag dag just nyss senast längre sedan då år året
åren fjol våras hösten höstas vintras somras våren höst vår närvarande""".split())
PREP = frozenset("för på i inom vid hos av med till och mellan både".split())
PLACE_WORDS = frozenset("kommun kommuns kommunen stad staden region".split())
_POSSESSIVE = r"(?:sin|sina|sitt|deras|dess|hans|hennes|their|its)"


@dataclass(frozen=True)
class Asked:
    """The role a who-question asks for and what must go with its holder."""

    roles: tuple[str, ...]  # Swedish role words, base form ('socialchef',)
    qualifiers: tuple[str, ...]  # stems, the first (its head) in a sentence qualifying the role
    places: tuple[str, ...]  # municipalities asked about (official spelling)
    former: bool  # an earlier holder is asked for
    excluded: frozenset[str]  # names the question gives (lower case words)
    title: str | None = None  # a title before the role (TITLES)
    either: bool = False  # asked in the past tense ("Vem var ..."): a holder of either time
    short: str | None = None  # "ifo" of "IFO-chefen": a bare "chef" (roles[-1]) needs it beside it


# titles that make another role of the one after them, as a sentence gives them ("tf chef")
TITLES = {"biträdande": r"\bbiträdande\b", "vice": r"\bvice\b",
          "tillförordnad": r"(?<!\w)(?:tillförordnad\w*|tf\.?|t\.\s?f\.)\s"}


def asked_role(question: str, roles: tuple[str, ...], places: tuple[str, ...],
               english: bool = False) -> Asked | None:
    """What a who-question asking for `roles` (Query.roles) needs of a
    sentence naming the holder; None when it asks for no role."""
    if not roles and not english:
        roles = _roles_in(question)
    # "Vem erbjöd sin socialchef ...": the role is the object; who has it is asked, not who holds it
    roles = tuple(r for r in roles if not re.search(rf"\b{_POSSESSIVE}\s+\w*{re.escape(r)}",
                                                    question, re.I))
    if not roles:
        return None
    qualifiers = [r.split("-")[0] for r in roles  # "IFO-chefen": "verksamhetschef för IFO"
                  if re.fullmatch(r"[a-zåäö]{2,5}-chef", r)]
    short = qualifiers[0] if qualifiers else None
    roles += ("chef",) * bool(short)
    low = question.lower()
    if not english:
        at = min((low.find(r) for r in roles if r in low), default=-1)
        if at >= 0:
            rest = question[at:]
            rest = rest[len(re.match(r"[\w-]*", rest).group(0)):]
            m = _QUALIFIER.match(rest)
            if m:
                qualifiers += _qualifier_stems(m.group(1), places)
    # a name the question gives, in any case ("... efter cecilia wahlund")
    excluded = frozenset(w.lower() for w in WORD.findall(question)) - STOP_WORDS
    title = next((t for t, given in TITLES.items()
                  if re.search(rf"{given}\s*\w*(?:{'|'.join(roles)})", low)), None)
    if english and (unit := _EN_UNIT.search(question)) and "ordförande" not in roles:
        sv = _EN_UNITS[int(unit.lastgroup[1:])][1]
        qualifiers += _qualifier_stems(sv, places)
        excluded |= {w.lower() for w in WORD.findall(sv)}  # may stand between role and holder
    if english and "ordförande" in roles:  # "Who chairs the social welfare committee ...":
        found = [(m.start(), sv) for en, sv in _EN_BODIES if (m := re.search(en, low))]
        body = [min(found)[1]] if found else []  # its body, the first the question names
        qualifiers += body
        if body == ["styrgrupp"]:  # between role and holder ("Ordförande i styrgruppen är NN")
            excluded |= set(body)
    former = bool(_FORMER_Q.search(question)) and not english
    return Asked(roles, tuple(qualifiers), places, former, excluded, None if english else title,
                 not former and not english and bool(_PAST_Q.search(question)), short)


# a who-question's main clause (up to a clause of its own: "... som gick i
# pension", "... medan socialchefen ..."); "som" after a verb of working or
# appointing or a word for a post is "as" and goes on ("anställd som
# samordnare", "har uppdraget som", "arbetar som")
_AS = ("anställd", "anställda", "anställts", "utsedd", "utsedda", "utsetts", "vald", "valda",
       "valts", "rekryterad", "rekryterade", "rekryterats", "utnämnd", "utnämnda", "arbetar",
       "arbetade", "jobbar", "jobbade", "verkar", "tjänstgör", "fungerar", "uppdraget", "uppdrag",
       "rollen", "roll", "tjänsten", "tjänst", "posten", "jobbet", "befattningen", "tillträtt",
       "tillträdde", "tillträder")
# "vilka" asks who before such a verb, not a noun ("Vilka veckodagar är ...")
_VILKA = (r"vilka(?=\s+(?:personer|är|var|blir|blev|leder|ledde|sitter|satt|ingår|"
          r"ingick|arbetar|arbetade|jobbar|jobbade|utsågs|valdes|anställdes|"
          r"rekryterades)\b)")
_WHO = re.compile(r"^\s*(?:vem|" + _VILKA + r"|vilken person|vad\s+(?:heter|hette))\b(.*?)(?:"
                  + "".join(rf"(?<!\b{w})" for w in _AS)
                  + r"\s+(?:som|när|medan|innan|före|efter|och)\b|[?,]|$)", re.I)
# "Vem efterträder NN som enhetschef ...": the role after "som" is asked (NN is excluded); one
# "ersätter" a person by name, not a cost ("Vem ersätter utgifterna som ...?"); the role's clause
# ends at a clause word, as _WHO's does
_SUCCEEDS = re.compile(
    r"^\s*vem\s+(?:(?:(?:ska|skall|kommer att) efterträda|har efterträtt|efterträder|efterträdde|"
    r"(?:tar|tog) över efter)\s[^?,]*?|(?:(?:ska|skall|kommer att) ersätta|har ersatt|ersätter|"
    r"ersatte)\s+(?-i:[A-ZÅÄÖ])[^?,]*?|(?:tar|tog) över\s+)\bsom\s+"
    r"((?:(?!\s(?:när|medan|innan|före|efter|och|som)\b)[^?,])*)", re.I)
# (its own list, not evidence.ROLE_ENDINGS: shared, "behandlare" made "Vem jobbar som
# familjebehandlare ...?" need the unit in the holder's sentence and four sets fell;
# docs/evaluation.md, "Tried and not kept")
_ROLE_WORD = re.compile(r"^([a-zåäö-]*(?:chef|direktör|ordförande|strateg|ledare|utvecklare|"
                        r"sekreterare|samordnare|handläggare|konsulent|värdinna|kurator|jurist))"
                        r"(?:en|n|s|ens|s?tjänsten|s?posten|s?uppdraget)?$")


def _roles_in(question: str) -> tuple[str, ...]:
    """The role words of a who-question's main clause that Query.roles misses: "Vad heter Tranås
    tidigare socialchef ...", "Vem hade socialchefstjänsten ...", "Vem är anställd som ...";
    of a successor asked, the role after "som" ("Vem efterträder NN som enhetschef ...")."""
    for m in (_SUCCEEDS.match(question), _WHO.match(question)):
        if not m:
            continue
        # not after a preposition ("hjälp av anhörigsamordnaren") nor in the
        # genitive ("enhetschefens arbetsuppgifter"): the role is not asked for
        words = [w.lower() for w in WORD.findall(m.group(1))]
        found = (_ROLE_WORD.match(w) for i, w in enumerate(words)
                 if not (i and words[i - 1] in ("av", "till", "med", "om", "hos", "från", "åt"))
                 and not w.endswith("ens"))
        roles = tuple(dict.fromkeys(f.group(1) for f in found if f))
        if roles:
            return roles
    return ()


def _qualifier_stems(phrase: str, places: tuple[str, ...]) -> list[str]:
    """A qualifier's nouns, stemmed ("den nya bemanningsenheten i Alingsås äldreomsorg")."""
    named = {p.lower() for p in places} | {p.lower()[:6] for p in places}
    out = []
    for w in WORD.findall(masked(phrase, places)):
        lw = w.lower()
        # (an adjective's ending only on a word in lower case: "Solgårda" is a name)
        if (lw in PREP or lw in STOP_WORDS or w[:1].islower() and ADJECTIVE.match(lw)
                or len(lw) < 3 or lw in named or lw[:6] in named or named_places(w)
                or lw in PLACE_WORDS or lw in _WHEN or lw.isdigit()):
            continue
        out.append(stem(lw))
    return [s for s in out if len(s) >= 3]
