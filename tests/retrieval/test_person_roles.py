"""A person asked for by role must be a name bound to that role, for the
place, qualifier and time asked (retrieval/persons.py, `role_unnamed`).
Real model, real FAISS: the shipped corpus and one written article."""


import pytest
from conftest import assistant_over, evidence_of, measured, shipped_copy, write_article

from assistant.retrieval.persons import names_holder
from assistant.retrieval.role_questions import asked_role


def asked(question, roles=(), places=()):
    return asked_role(question, roles, places)


# --- the forms, without the model

@pytest.mark.parametrize("sentence", [
    "Sedan i våras är Lena Holm enhetschef för hemtjänsten i norra Hjo.",
    "Enhetschefen för hemtjänsten, Lena Holm, har arbetat i kommunen i tio år.",
    "Ny enhetschef för hemtjänsten blir Lena Holm.",
    "– Vi behöver fler händer, säger Lena Holm, enhetschef för hemtjänsten.",
])
def test_a_name_bound_to_the_role_names_the_holder(sentence):
    a = asked("Vem är enhetschef för hemtjänsten i Hjo?", ("enhetschef",), ("Hjo",))
    assert names_holder(sentence, a, frozenset({"Hjo"}))


@pytest.mark.parametrize("sentence, places", [
    # another name beside the role: the socialchef speaks of the enhetschefer
    ("Våra enhetschefer gör ett fantastiskt jobb, säger Per Lund, socialchef.", {"Hjo"}),
    # the role qualified otherwise
    ("Lena Holm, som i dag är enhetschef för korttidsboendet, tar över.", {"Hjo"}),
    # the role in another municipality
    ("– Det fungerar bra, säger Lena Holm, enhetschef för hemtjänsten i Tibro.", {"Hjo", "Tibro"}),
    # a sentence that names no place, in an article about another one
    ("Lena Holm är enhetschef för hemtjänsten.", {"Tibro"}),
    # the role and no name
    ("Enhetschefen för hemtjänsten slutar i sommar.", {"Hjo"}),
])
def test_no_name_bound_to_the_role_asked(sentence, places):
    a = asked("Vem är enhetschef för hemtjänsten i Hjo?", ("enhetschef",), ("Hjo",))
    assert not names_holder(sentence, a, frozenset(places))


def test_an_earlier_holder_needs_a_sentence_of_the_past_and_not_the_one_named():
    a = asked("Vem var socialchef i Hjo innan Per Lund?", ("socialchef",), ("Hjo",))
    assert a.former
    assert not names_holder("Per Lund tillträdde som socialchef i fjol.", a, frozenset({"Hjo"}))
    assert not names_holder("Socialchef är Eva Berg.", a, frozenset({"Hjo"}))
    assert names_holder("Eva Berg var socialchef fram till 2022.", a, frozenset({"Hjo"}))
    # left office: an earlier holder too
    assert asked("Vad hette socialchefen i Hjo som slutade i fjol?", ("socialchef",),
                 ("Hjo",)).former
    # a name in lower case is the question's too
    lower = asked("vem blev ny socialchef i hjo efter per lund", ("socialchef",), ("Hjo",))
    assert not names_holder("Per Lund, socialchef, ...", lower, frozenset({"Hjo"}))


@pytest.mark.parametrize("question, role", [
    ("Vad heter Hjos förre socialchef som gick i pension?", "socialchef"),
    ("Vem hade samordnartjänsten i Hjo förra året?", None),
    ("Vem innehar kommundirektörsposten i Hjo?", "kommundirektör"),
    ("Vem är anställd som samordnare för anhörigstödet i Hjo?", "samordnare"),
    ("Vem ringer man medan socialchefen är på semester?", None),
])
def test_the_role_of_a_who_question_query_roles_misses(question, role):
    a = asked(question)
    assert (a.roles[0] if a else None) == role


# --- on the real index

@pytest.fixture(scope="module")
def with_hjo(tmp_path_factory, e5, shipped):
    root = shipped_copy(tmp_path_factory, "hjo", shipped.settings.index_dir)
    write_article(
        root / "corpus", "900-hjo-korttid.md", "Hjo bygger om korttidsboendet",
        "Hjo kommun bygger om korttidsboendet Solbacken under hösten. Boendet får tolv platser "
        "i stället för åtta.\n\n"
        "– Vi har haft kö till korttidsplatserna i två år, säger Maria Sund, socialchef i Hjo "
        "kommun.\n\n"
        "Ombyggnaden leds av Jonas Falk, som är enhetschef för korttidsboendet. Under "
        "ombyggnaden flyttar de boende till en avdelning på Rosengården.\n\n"
        "Hemtjänsten i Hjo påverkas inte av flytten, enligt kommunen.",
        id='"900-hjo-korttid"', municipality="Hjo")
    return assistant_over(root, e5)



def test_a_role_named_for_the_place_asked(with_hjo):
    for question in ("Vem är socialchef i Hjo kommun?",
                     "Vem är enhetschef för korttidsboendet i Hjo?"):
        assert evidence_of(with_hjo, question)["role_unnamed"] == 0.0, question


def test_a_role_named_for_another_qualifier_or_place_is_unnamed(with_hjo):
    # the enhetschef named is the korttidsboende's, not the hemtjänst's
    ev = measured(with_hjo, "Vem är enhetschef för hemtjänsten i Hjo?")
    assert ev.as_dict()["role_unnamed"] == 1.0
    # the article names an enhetschef (another one): no "nämner ingen enhetschef"
    assert ev.subject is None
    # the one the question names is not the earlier holder asked for
    assert evidence_of(with_hjo, "Vem var socialchef i Hjo före Maria Sund?")["role_unnamed"] == 1.0
    # Tranemo's socialchef is lent from Svenljunga and is no LSS-chef; its IFO-chef is
    # named as one "verksamhetschef för IFO myndighetsutövning"
    assert evidence_of(with_hjo, "Vem är LSS-chef i Tranemo?")["role_unnamed"] == 1.0
    assert evidence_of(with_hjo, "Vem är IFO-chef i Tranemo?")["role_unnamed"] == 0.0


def test_a_title_before_the_role_and_the_qualifiers_head():
    a = asked("Vad heter den biträdande enhetschefen för hemtjänsten i Hjo?", ("enhetschef",),
              ("Hjo",))
    assert a.title == "biträdande"
    assert not names_holder("Lena Holm, enhetschef för hemtjänsten, ...", a, frozenset({"Hjo"}))
    assert names_holder("Lena Holm, biträdande enhetschef för hemtjänsten, ...", a,
                        frozenset({"Hjo"}))
    acting = asked("Vem är tillförordnad socialchef i Hjo?", ("socialchef",), ("Hjo",))
    assert names_holder("Det säger tf socialchef Per Lund.", acting, frozenset({"Hjo"}))
    # the qualifier's head, not any word of it: a chef of the elderly care
    # is no chef of its new staffing unit
    unit = asked("Vem är chef för bemanningsenheten inom äldreomsorgen i Hjo?", ("chef",), ("Hjo",))
    assert not names_holder("– Det är svårt, säger Eva Berg, förvaltningschef för äldreomsorgen.",
                            unit, frozenset({"Hjo"}))


def test_the_role_may_end_a_sentence_and_the_name_begin_the_next():
    from assistant.retrieval.persons import role_unnamed

    a = asked("Vem är ny enhetschef i Hjo?", ("enhetschef",), ("Hjo",))
    told = ["Hemtjänsten i Hjo har fått en ny enhetschef.", "Lena Holm kommer från Tibro."]
    assert not role_unnamed(a, [told], [{"Hjo"}])
    # a name later in the next sentence is a speaker, not the holder
    said = ["Hemtjänsten i Hjo har fått en ny enhetschef.", "Det behövdes, säger Per Lund."]
    assert role_unnamed(a, [said], [{"Hjo"}])


def test_the_place_of_a_role_is_the_one_named_by_it():
    a = asked("Vem är socialchef i Hjo?", ("socialchef",), ("Hjo",))
    # another municipality lends its socialchef: in an article about Hjo, the holder
    lent = "Grannkommunen Tibro lånar ut sin socialchef, Eva Berg, under hösten."
    assert names_holder(lent, a, frozenset({"Hjo", "Tibro"}))
    # a socialchef of Tibro, by the role or as a genitive, is not Hjo's
    assert not names_holder("– Vi vet, säger Eva Berg, socialchef i Tibro.", a, frozenset({"Hjo"}))
    assert not names_holder("Tibros socialchef Eva Berg håller med.", a, frozenset({"Hjo"}))


@pytest.mark.parametrize("question, role", [
    ("Vem lånade ut sin socialchef till Hjo?", "socialchef"),
    ("Vilken kommun delade med sig av sina enhetschefer?", "enhetschef"),
])
def test_a_role_someone_has_is_not_the_role_asked(question, role):
    """'sin socialchef' is the object: the question asks who has it (a
    municipality, a body), so no name needs to be bound to the role."""
    assert asked_role(question, (role,), ("Hjo",)) is None
    assert asked_role(f"Vem är {role} i Hjo?", (role,), ("Hjo",)) is not None
