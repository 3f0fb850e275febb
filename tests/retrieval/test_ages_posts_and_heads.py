"""An age is no time ("unga vuxna mellan 18 och 21 år"); a title asked must
stand before the role bound ("IFO-chefen NN får en biträdande chef" names
no biträdande chef); a post given in the next sentence ("Tjänsten går till
NN") after a sentence naming it anywhere; which event a date asked is of:
a word of working as a word ("samarbetet" tells no work), the thing got
("När fick X sin nya enhetschef?"), and a person in a clause telling which
thing is asked is not its subject. Wordings of no evaluation set."""

import pytest
from conftest import asked_of

from assistant.retrieval.answerability import _person_names
from assistant.retrieval.fact_heads import asked_heads, holds_head
from assistant.retrieval.kinds import holds_kind
from assistant.retrieval.persons import names_holder, role_unnamed
from assistant.retrieval.query import Query


@pytest.mark.parametrize("sentence, holds", [
    ("Kommunen ska öppna ett boende för unga mellan 18 och 20 år som i dag bor på HVB.", False),
    ("Gruppen riktar sig till barn 6-12 år och deras föräldrar.", False),
    ("Trygghetsboendet är till för den som är 75 år och äldre.", False),
    ("Antalet invånare över 80 år ökar.", False),
    # a duration or a time stays one
    ("Hon har arbetat i kommunen i över 20 år.", True),
    ("För 2-3 år sedan var det annorlunda.", True),
    ("Försöket pågår i två år.", True),
    ("Försöket pågår i 2-3 år.", True),
    ("Insatsen kan pågå i upp till 2 år.", True),
    ("Väntetiden har varit mellan 2 och 3 år.", True),
    ("Boendet öppnar i mars.", True),
])
def test_an_age_is_no_time(sentence, holds):
    assert holds_kind(sentence, "date", (), False, None) is holds



@pytest.mark.parametrize("sentence, holds", [
    ("IFO-chefen Eva Ek får en biträdande chef med ansvar för placeringarna.", False),
    ("Ny biträdande IFO-chef blir Eva Ek.", True),
    ("Eva Ek blir biträdande IFO-chef i Hjo.", True),
    ("Eva Ek är biträdande förvaltnings- och IFO-chef i Hjo.", True),
    ("Mötet leddes av biträdande rektorn och IFO-chefen Eva Ek.", False),
])
def test_the_title_asked_stands_before_the_role_bound(sentence, holds):
    asked = asked_of("Vem blir biträdande IFO-chef i Hjo?", ("Hjo",))
    assert names_holder(sentence, asked, frozenset({"Hjo"})) is holds


def test_a_post_given_next_after_a_sentence_naming_it():
    asked = asked_of("Vem blir verksamhetschef för äldreomsorgen i Hjo?", ("Hjo",))
    told = ["Med den nya verksamhetschefen får äldreomsorgen en egen ledning i Hjo.",
            "Tjänsten går till Eva Ek, som i dag är enhetschef för hemtjänsten."]
    assert not role_unnamed(asked, [told], [("Hjo",)])
    # another sentence after it names no holder of the post
    other = [told[0], "Eva Ek, som är enhetschef för hemtjänsten, välkomnar beslutet."]
    assert role_unnamed(asked, [other], [("Hjo",)])
    # nor is the post given another's: of another unit, or another post after it
    for before in ("Verksamhetschefen för LSS i Hjo går i pension i vår.",
                   "Den nya verksamhetschefen ska anställa en ny enhetschef i Hjo."):
        assert role_unnamed(asked, [[before, told[1]]], [("Hjo",)])


def test_a_word_of_working_is_a_word():
    heads = asked_heads("När anställdes Eva Ek som socialchef i Hjo?", "date")
    named = lambda text: any(holds_head(text.lower(), h) for h in heads)  # noqa: E731
    assert named("Eva Ek har arbetat som socialchef sedan 2019.")
    assert named("Hon anställdes i mars.")
    assert not named("Bakgrunden till samarbetet var att kommunerna sedan 2019 delar nämnd.")
    assert not named("Verksamheten har sedan 2019 en gemensam ledning.")
    assert named("Arbetet som socialchef började hon 2019.")
    assert named("Hon var verksam där, sedan 2019.")
    # a verb of working asked heads the words of working too
    assert asked_heads("Sedan när arbetar Eva Ek i Hjo?", "date") == heads


@pytest.mark.parametrize("question, heads", [
    ("När fick barnenheten i Hjo sin nya enhetschef?", ("enhetschef",)),
    ("När fick Hjo en gemensam socialchef med Tibro?", ("socialchef",)),
    ("När får hemtjänsten ett eget trygghetsteam?", ("trygghetsteam",)),
    ("När fick kommunen ett nytt larmsystem?", ("larmsystem",)),
    ("När fick Hjo sin första ordinarie socialchef?", ("socialchef",)),
    ("När fick Hjo en ny IFO-chef?", ("chef",)),
])
def test_the_thing_got_names_the_event_of_the_date(question, heads):
    assert asked_heads(question, "date") == heads


def test_a_person_in_a_clause_telling_the_thing_is_not_its_subject():
    def names(text: str) -> tuple[str, ...]:
        return _person_names(Query(text=text, places=(), english=False, cross_article=False,
                                   answer_type=None), frozenset())
    assert names("Under vilken period gäller ändringen där Eva Ek leder båda enheterna?") == ()
    assert names("När gäller ändringen, där Eva Ek leder båda enheterna?") == ()
    assert names("När tillträdde Eva Ek som socialchef?") == ("Eva Ek",)
