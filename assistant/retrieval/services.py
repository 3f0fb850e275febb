"""The services, bodies and roles a question names ("räddningstjänsten",
"hemtjänstpersonalen", "räddningschefen", "MAS", the union whose opinion it
asks: opinions.py), and what an article must hold to name one: the
answerability evidence `service_missing` (answerability.py) is set when none
of the best passages' articles does.

Services and bodies are one list of base words (`SERVICES`): a question's
word that begins with one names that service, and an article names it when
it holds the base word in any form or compound ("hemtjänstpersonalen" and
"hemtjänsttagarna" name "hemtjänst"). A role a municipality may share
(`ROLES`) is named by any of its names: "MAS" or "medicinskt ansvarig
sjuksköterska"; so are the core services, elderly care, LSS and IFO, whose
articles name them in many ways ("äldreomsorgen", "vård och omsorg",
"hemtjänsten")."""

from __future__ import annotations

import re

from .opinions import opinion_key

# services and bodies, by the base word an article must hold (a longer one before the
# shorter one it begins with: "skolskjutsarna" asks for school transport, not any school)
SERVICES = (
    "räddningstjänst", "brandkår", "brandm", "skolskjuts", "skolbuss", "skoltaxi", "skolmat",
    "skolmåltid", "skollunch", "skol", "grundskol", "gymnasi", "förskol", "bibliotek", "kulturskol",
    "fritidsgård", "färdtjänst", "kollektivtrafik", "polis", "vårdcentral", "sjukhus", "tandvård",
    "simhall", "badhus", "idrottshall", "bostadsbolag", "renhållning", "kommunstyrelse",
    "kommunfullmäktige", "fullmäktige", "socialjour", "anhörigstöd", "trygghetsteam",
    "bemanningsenhet", "nattpatrull", "överförmyndar", "elevhälsa", "elevhälso", "vuxenutbildning",
    "musikskol", "hemtjänst", "hemsjukvård", "lss-boend", "gruppbostad", "familjerätt",
    "korttidsboend", "dagverksamhet",
)
# services outside the articles' own field: a unit of one the question names ("ledningen för
# skolsektionen") is asked for, not the service at large, so an article must name that unit
# ("skolsektion", "sektionen för skola"), not only the service in passing ("... som exempelvis
# skola")
_OUTSIDE = frozenset((
    "räddningstjänst", "brandkår", "skol", "grundskol", "gymnasi", "förskol", "bibliotek",
    "kulturskol", "fritidsgård", "färdtjänst", "kollektivtrafik", "polis", "vårdcentral", "sjukhus",
    "tandvård", "simhall", "badhus", "idrottshall", "renhållning", "elevhälsa", "elevhälso",
    "vuxenutbildning", "musikskol"))
# (a förvaltning or nämnd is named otherwise where it is: "barn- och utbildningsförvaltningen")
_UNIT = re.compile(r"(?:s|e|o)?(sektion|avdelning|enhet|kontor)", re.I)
# a service an article may name by another word: any word of its group names it
_ALIASES = {word: "|".join(group) for group in (("skolskjuts", "skolbuss", "skoltaxi"),
                                                 ("skolmat", "skolmåltid", "skollunch"),
                                                 ("elevhälsa", "elevhälso"))
            for word in group}
# the verb "skola om" (retrain) names no school: "medan de anställda skolades om", in a
# question or an article; nor does a preschool ("öppna förskolan", "förskolelärare",
# "inskolningen") in an article
SCHOOL = r"(?<!för)(?<!in)(?<!om)skol(?!ades\b|ats\b|as om\b)"
_ALIASES["skol"] = SCHOOL
_RETRAINED = re.compile(r"skol(?:ades|as|ats|ning\w*)", re.I)
# An English name of a service is looked for by its Swedish one (or ones: "home care" is
# hemtjänst or hemsjukvård): the articles are Swedish, so "police" is in none of them
_ENGLISH = (("fire service", "räddningstjänst"), ("rescue", "räddningstjänst"),
            ("school (?:bus|transport)\\w*", "skolskjuts"),
            ("school (?:meals?|lunch\\w*|catering)", "skolmåltid"), ("schools?", "skol"),
            ("librar\\w*", "bibliotek"), ("police", "polis"),
            ("hospital\\w*", "sjukhus"), ("municipal board", "kommunstyrelse"),
            ("swimming pools?", "simhall"), ("sports halls?", "idrottshall"),
            ("health cent(?:re|er)s?", "vårdcentral"), ("preschools?", "förskol"),
            ("upper secondary", "gymnasi"), ("public transport", "kollektivtrafik"),
            ("dental care", "tandvård"), ("home ?care|home help", "hemtjänst|hemsjukvård"))
_NAMES = re.compile(
    r"\b(?:" + "|".join(f"(?P<s{i}>{re.escape(b)})\\w*" for i, b in enumerate(SERVICES)) + "|"
    + "|".join(f"(?P<e{i}>{e})" for i, (e, _) in enumerate(_ENGLISH)) + r")\b", re.I)
# a nursing home, apart from home care ("Hur leds de särskilda boendena i X?" is not
# answered by X's article on hemtjänsten), or, in an article, one by its name
# ("gustavsgården"; a word of the question, "skolgården", asks for none). Asked of
# no municipality it is not looked for: an article may name its home by name only
_NURSING_ASKED = (r"\bsärskil\w* boend|\bsäbo\b|\bäldreboend|\w*omsorgsboend|\bvårdboend|"
                  r"\bdemensboend|\b(?:nursing|care|residential) homes?\b")
NURSING_HOME = _NURSING_ASKED + r"|\b(?-i:[a-zåäö]{2,}gården)\b"
# roles a municipality may share, and the core services, each by all its
# names (a regular expression over lower-case text; the same finds it in
# the question and in an article)
ROLES = (r"\bräddningschef", r"\bmas\b|\bmedicinskt ansvarig\w* sjuksköterska",
         # elderly care, by any of its names ("Hur leds äldreomsorgen i X?" is not
         # answered by X's article on individ- och familjeomsorgen)
         r"\bäldreomsorg|\bäldreboend|\bvård(?:- och| och) omsorg|\bhemtjänst|\bhemsjukvård|"
         r"\bsärskil\w* boend|\bsäbo\b|\bomsorgssektion|\bäldre(?:förvaltning|nämnd)|"
         r"\belderly care\b",
         r"\blss\b|\bgruppbostad|\bdaglig verksamhet|\bpersonlig assistans",
         r"\bindivid-? och familjeomsorg|\bifo\b|\biof\b|\bsocialsekreterar|\bförsörjningsstöd|"
         r"\bekonomiskt bistånd|\bbarn- och ungdomsvård")
_ROLES = [re.compile(r, re.I) for r in ROLES]
_NURSING = re.compile(_NURSING_ASKED, re.I)


def service_keys(text: str, named: bool = True) -> list[str]:
    """What an article must hold for each service, body or role `text`
    names, as a regular expression over its lower-case text: a service's
    base word (`SERVICES`; for an English name, the Swedish one's), a
    role's names (`ROLES`); a nursing home only when `named` (the question
    names a municipality)."""
    out = []
    for m in _NAMES.finditer(text):
        if _RETRAINED.fullmatch(m.group(0)):
            continue
        name = next(k for k, v in m.groupdict().items() if v is not None)
        base = SERVICES[int(name[1:])] if name[0] == "s" else _ENGLISH[int(name[1:])][1]
        unit = _UNIT.match(m.group(0)[len(base):]) if name[0] == "s" else None
        if unit and base in _OUTSIDE:  # "skolsektionen": the unit, in either order
            unit = unit.group(1).lower()  # also "skol- och fritidssektionen", "enheten
            # för kultur, fritid och bibliotek"
            listed = r"(?:(?!som\b|exempelvis\b|bland\b)[\w-]+,?\s+){0,4}"  # not "som ..."
            out.append(rf"{base}\w*{unit}|{base}\w*- och [\w -]{{0,30}}{unit}|"
                       rf"{unit}\w* (?:för|inom) {listed}\w*{base}")
            continue
        out.append(_ALIASES.get(base) or "|".join(map(re.escape, base.split("|"))))
    opinion = opinion_key(text)
    return out + [opinion] * bool(opinion) + [r.pattern for r in _ROLES if r.search(text)] + [
        NURSING_HOME] * bool(named and _NURSING.search(text))


def names_service(text: str, key: str) -> bool:
    """`text` (lower case) names the service or role `key` (service_keys)."""
    return bool(re.search(key, text))
