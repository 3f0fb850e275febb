"""Review findings on the binding of a name to a role (retrieval/persons.py):
two-word municipalities, earlier holders, the sentence after the role, an
acting title in the question, general who-words and adjectives. Wordings
of no development set; the last test on the real model and index."""


import pytest
from conftest import assistant_over, evidence_of, shipped_copy, write_article

from assistant.retrieval.persons import names_holder, role_unnamed
from assistant.retrieval.role_questions import asked_role


def asked(question, role, place):
    return asked_role(question, (role,), (place,))


# --- 1. a municipality of two words is no person's name and no qualifier

@pytest.mark.parametrize("place", ["Lilla Edet", "Östra Göinge", "Upplands Väsby", "Upplands-Bro"])
def test_a_two_word_municipality_is_no_name_and_no_qualifier(place):
    a = asked(f"Vem är kommundirektör i {place}?", "kommundirektör", place)
    assert a.qualifiers == ()
    # in an article the index files under another municipality too
    assert names_holder(f"Karl Wik är kommundirektör i {place}.", a, frozenset({"Tierp"}))
    assert names_holder(f"Kommundirektören i {place}, Karl Wik, skriver under.", a, frozenset())
    # the role qualified in a sentence of an article about the place
    assert names_holder("Karl Wik är kommundirektör för hela förvaltningen.", a,
                        frozenset({place}))


def test_a_holder_in_a_two_word_municipality_is_not_the_one_asked():
    a = asked("Vem är kommundirektör i Tierp?", "kommundirektör", "Tierp")
    said = "– Vi får se, säger Karl Wik, kommundirektör i Östra Göinge."
    assert not names_holder(said, a, frozenset({"Tierp", "Östra Göinge"}))
    assert not names_holder("Upplands Väsbys kommundirektör Karl Wik tvekar.", a,
                            frozenset({"Tierp"}))


def test_a_place_between_the_role_and_the_name_qualifies_nothing():
    a = asked("Vem är verksamhetschef för hemsjukvården i Hylte?", "verksamhetschef", "Hylte")
    assert names_holder("Verksamhetschefen i Hylte, Sara Ström, är nöjd.", a, frozenset({"Hylte"}))
    assert not names_holder("Sara Ström är verksamhetschef för skolan.", a, frozenset({"Hylte"}))


# --- 2. an earlier holder does not answer for the present one

@pytest.mark.parametrize("sentence", [
    "Karl Wik var kommundirektör i Ydre fram till 2021.",
    "Karl Wik har tidigare arbetat som kommundirektör i Ydre.",
    "Dåvarande kommundirektören Karl Wik skrev under avtalet.",
    "Karl Wik kommer närmast från en tjänst som kommundirektör i Ydre.",
])
def test_an_earlier_holder_is_no_answer_now_but_is_one_for_the_past(sentence):
    now = asked("Vem är kommundirektör i Ydre?", "kommundirektör", "Ydre")
    assert not names_holder(sentence, now, frozenset({"Ydre"}))
    for question in ("Vem var kommundirektör i Ydre tidigare?",
                     "Vem var kommundirektör i Ydre innan Lisa Dahl?"):
        before = asked(question, "kommundirektör", "Ydre")
        assert before.former and before.qualifiers == ()
        assert names_holder(sentence, before, frozenset({"Ydre"})), question


def test_the_present_holder_beside_an_earlier_one():
    now = asked("Vem är kommundirektör i Ydre?", "kommundirektör", "Ydre")
    for sentence in ("Lisa Dahl efterträder Karl Wik som kommundirektör.",
                     "Lisa Dahl, tidigare kommundirektör i Kinda, blir ny kommundirektör i Ydre.",
                     "Lisa Dahl har varit kommundirektör i Ydre sedan 2016."):
        assert names_holder(sentence, now, frozenset({"Ydre"})), sentence
    # the one replaced is the earlier holder, not the new one
    before = asked("Vem var kommundirektör i Ydre innan Lisa Dahl?", "kommundirektör", "Ydre")
    assert names_holder("Lisa Dahl efterträder Karl Wik som kommundirektör.", before,
                        frozenset({"Ydre"}))


# --- 3. the sentence after the role names its holder only as the holder

def test_the_next_sentence_binds_only_the_holder_introduced():
    a = asked("Vem är ny kommundirektör i Ydre?", "kommundirektör", "Ydre")
    role = "Ydre kommun har rekryterat en ny kommundirektör."
    for holder in ("Hon heter Lisa Dahl och kommer från Linköping.",
                   "Det blev Lisa Dahl som fick jobbet.",
                   "Lisa Dahl, 48, tillträder den 1 mars.",
                   "Lisa Dahl kommer senast från Region Östergötland."):
        assert not role_unnamed(a, [[role, holder]], [{"Ydre"}]), holder
    for other in ("Karl Wik, kommunstyrelsens ordförande, är nöjd med valet.",
                  "Lisa Dahl på HR-avdelningen ledde rekryteringen."):
        assert role_unnamed(a, [[role, other]], [{"Ydre"}]), other


def test_a_role_in_each_municipality_and_the_holder_in_one_of_them():
    # "I Säter går uppdraget till NN" after "... i varje kommun": the holder is named
    a = asked("vem blev biträdande socialchef i ydre?", "socialchef", "Ydre")
    role = "För att avlasta inrättas en ny roll som biträdande socialchef i varje kommun."
    for holder in ("I Ydre går uppdraget till Lisa Dahl, som i dag är enhetschef.",
                   "I Ydre kommun gick tjänsten till Lisa Dahl.", "Uppdraget går till Lisa Dahl."):
        assert not role_unnamed(a, [[role, holder]], [{"Ydre", "Kinda"}]), holder
    for other in ("I Kinda går uppdraget till Lisa Dahl.",  # the holder in another municipality
                  "I Ydre går frågan till Lisa Dahl.",  # no post is given to her
                  "I dag leder Lisa Dahl arbetet."):
        assert role_unnamed(a, [[role, other]], [{"Ydre", "Kinda"}]), other
    # the role must end its sentence but for "i varje kommun", and be a post made there,
    # not the one holding it ("... av socialchefen i varje kommun")
    for sentence in ("Biträdande socialchef finns i varje kommun sedan i fjol.",
                     "Arbetet leds av biträdande socialchefen i båda kommunerna.",
                     "En roll som biträdande socialchef i varje kommunförbund."):
        assert role_unnamed(a, [[sentence, "I Ydre går uppdraget till Lisa Dahl."]],
                            [{"Ydre"}]), sentence


# --- 4. an acting title in the question

@pytest.mark.parametrize("question", [
    "Vem är tf kommundirektör i Ydre?",
    "Vem är t.f. kommundirektör i Ydre?",
    "Vem är TF kommundirektör i Ydre?",
    "Vem är tillförordnade kommundirektören i Ydre?",
])
def test_an_acting_title_in_the_question(question):
    a = asked(question, "kommundirektör", "Ydre")
    assert a.title == "tillförordnad"
    assert not names_holder("Karl Wik är kommundirektör i Ydre.", a, frozenset({"Ydre"}))
    assert names_holder("Karl Wik är tf kommundirektör i Ydre.", a, frozenset({"Ydre"}))


# --- 5. general who-words, adjectives and links

@pytest.mark.parametrize("question, role, qualifier", [
    ("Vem arbetar som kvalitetsstrateg i Ydre?", "kvalitetsstrateg", None),
    ("Vilken person har rollen som utvecklingsledare för digitaliseringen i Ydre?",
     "utvecklingsledare", "digitalisering"),
    ("Vilka är valda som samordnare för de särskilda boendena i Ydre?", "samordnare", "boend"),
])
def test_who_words_and_adjectives_are_general(question, role, qualifier):
    a = asked_role(question, (), ("Ydre",))
    assert (a.roles[0] if a else None) == role
    if qualifier:
        assert a.qualifiers[0].startswith(qualifier)



@pytest.mark.parametrize("question", [
    "Vilka veckodagar är den socailchef som Gnosjö lånar från Vaggeryd på plats i Gnosjö?",
    "Vilka arbetsuppgifter har socialchefen i Ydre tagit över?",
])
def test_which_before_a_noun_asks_no_person(question):
    # "vilka" before a noun asks which things, not who (grown-d s015 was
    # declined for want of a name bound to the misspelt role)
    assert asked_role(question, (), ("Ydre",)) is None

# --- on the real model and index: a false decline for a two-word municipality

@pytest.fixture(scope="module")
def with_lilla_edet(tmp_path_factory, e5, shipped):
    root = shipped_copy(tmp_path_factory, "lilla_edet", shipped.settings.index_dir)
    write_article(
        root / "corpus", "910-lilla-edet-fritid.md", "Fritidsgården i Lilla Edet öppnar igen",
        "Fritidsgården i Lödöse öppnar igen efter sommaren. Lokalen har renoverats under "
        "våren.\n\n"
        "– Ungdomarna har saknat ett ställe att vara på, säger Jonas Ek, fritidschef i Lilla "
        "Edet.\n\n"
        "Gården håller öppet fyra kvällar i veckan.",
        id='"910-lilla-edet-fritid"', municipality='"Lilla Edet"')
    return assistant_over(root, e5)


def test_a_holder_in_a_two_word_municipality_is_named(with_lilla_edet):
    assert evidence_of(with_lilla_edet, "Vem är fritidschef i Lilla Edet?")["role_unnamed"] == 0.0
