"""The body whose opinion a question asks, and what an article must hold to name it.

"Vad tycker Kommunal om ...?", "Hur ser facket på ...?", "Vad är IVO:s syn på ...?", "What
did the unions think ...?" ask what a union, an agency or a council thinks; only an article
that names that body can answer, so its key joins the services' (services.service_keys, the
evidence `service_missing`). A union asked by name is answered by that union named; one
asked as "facket" or "the unions", by any. "Kommunal" and "Vision" are unions only as
names: in a question, not before a noun ("kommunal statistik", "Vision 2030"); in an article
(lower case), only where a name stands ("Kommunals ordförande", "Fackförbundet Vision",
"Kommunal i Heby välkomnar ..."), not "kommunal hälso- och sjukvård", "kommunens vision".
Politicians and staff are no body looked for: every article about a decision speaks of them.
"""

from __future__ import annotations

import re

# what an article holds where it names a union: any union, or the one asked by name
_SAYS = (r"anser|tycker|menar|säger|sa|kritiserar|kritiserade|välkomnar|välkomnade|påpekar|"
         r"påpekade|har påpekat|är (?:positiv[at]?|negativ[at]?|kritisk[at]?|orolig[at]?)")
_ANY_UNION = (r"\bfack(?!kunskap|språk|kompeten|m[aä]n\b|område|mässig|litteratur)|\bunions?\b|"
              r"\bskyddsombud|vårdförbundet|läkarförbundet|akademikerförbundet|\bssr\b")


def _union(name: str) -> str:
    """"Kommunals sektion", "Kommunal Mitt", "ordförande för Kommunal i Motala", "Enligt
    Kommunal har ...", "Kommunal i Hallsberg menar ..."."""
    return (rf"\b{name}s\s+(?:ordförande|sektion|avdelning|företrädare|representant|ombud|"
            rf"förbundsordförande|ledamot)|\b{name} (?:mitt|väst|öst|nord|syd|sydost|norr|skåne|"
            rf"bergslagen)\b|(?:för|från|inom|förbundet|enligt) {name}(?=\s+(?:i|och|har|"
            rf"{_SAYS})\b|\s*[,.;:]|$)|\b{name} (?:i [a-zåäö]+ )?(?:{_SAYS})\b|"
            rf"\bkommunal och vision\b|\bvision och kommunal\b")


# (the body as a question names it, the key an article must match); a union asked by name
# is answered by that union only ("Vision i Kristinehamn menar ..." tells nothing of Kommunal)
_HOLDERS = (
    (r"kommunal|(?:the )?(?:trade )?union kommunal", _union("kommunal")),
    (r"vision|(?:the )?(?:trade )?union vision", _union("vision")),
    (r"vårdförbundet", r"vårdförbundet"),
    (r"fackförbund\w*|facket|facken|fackförening\w*|(?:de )?fackliga(?: organisationerna| "
     r"företrädarna| representanterna)?|skyddsombud\w*|(?:the )?(?:trade )?unions?(?: "
     r"representatives)?", rf"{_ANY_UNION}|{_union('kommunal')}|{_union('vision')}"),
    (r"ivo|inspektionen för vård och omsorg|(?:the )?health and social care inspectorate",
     r"\bivo\b|inspektionen för vård och omsorg"),
    (r"(?:det kommunala )?pensionärsrådet|kpr|pro|spf|pensionärsorganisationerna|"
     r"(?:the )?pensioners'? (?:council|organi[sz]ations?)",
     r"pensionärsråd|\bkpr\b|pensionärsorganisation|\bpro\b|\bspf\b"),
    (r"socialstyrelsen|(?:the )?national board of health and welfare", r"socialstyrelsen"),
    (r"länsstyrelsen|(?:the )?county administrative board", r"länsstyrelsen"),
)
_WHO = "|".join(h for h, _ in _HOLDERS)
# a lower-case holder stands before a preposition or the end, not before its noun
_ENDS = r"(?=\s+(?:om|på|till|i|kring|inför|när|nu|egentligen|och)\b|\s*[?,.]|\s*$)"
_OPINION = re.compile(
    rf"\b(?:tycker|tyckte|tyckt|anser|ansåg|ansett|säger|sa|sade|sagt|reagerade|tänker)\s+"
    rf"(?:fackförbundet\s+)?(?P<a>{_WHO}){_ENDS}|"
    rf"\bhur\s+(?:ser|såg)\s+(?P<b>{_WHO})\s+på\b|"
    rf"\bvad\s+(?:har|hade)\s+(?P<c>{_WHO})\s+(?:sagt|tyckt|ansett)\b|"
    rf"\b(?P<d>{_WHO})(?::s|'s|’s|s|'|’)\s+(?:syn|inställning|uppfattning|åsikt|reaktion|reaction|"
    rf"view|views|position|opinion)\b|"
    rf"\b(?:did|does|do|has|have)\s+(?P<e>{_WHO})\s+(?:think|say|said|feel|react)\b", re.I)
_CAPITAL_ONLY = ("kommunal", "vision")  # as a question names the union: capitalised, or alone


def opinion_key(question: str) -> str | None:
    """What an article must hold (a regular expression over its lower-case
    text) to name the body whose opinion `question` asks; None when it asks none."""
    for m in _OPINION.finditer(question):
        who = next(v for v in m.groupdict().values() if v is not None)
        if who.lower() in _CAPITAL_ONLY and who.islower() and m.lastgroup != "a":
            continue  # "vad är kommunal..."; lower case counts only right after the verb
        return next(key for holder, key in _HOLDERS if re.fullmatch(holder, who, re.I))
    return None
