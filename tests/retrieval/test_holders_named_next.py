"""A holder named in the sentence after the one naming the role (persons.holder_next): the
post named anywhere and given next ("Med den nya verksamhetschefen ... Tjänsten går till
NN"), or the role ending a sentence and its holder introduced next ("Hon heter NN"). The
answerability reading (role_unnamed) and the ranking's role signal read it alike. Wordings
of no evaluation set."""

import pytest

from assistant.retrieval.evidence import asked_roles
from assistant.retrieval.persons import holder_next
from assistant.retrieval.role_questions import asked_role


def _asked(question: str, places: tuple[str, ...]):
    return asked_role(question, asked_roles(question, False), places, False)


@pytest.mark.parametrize("before, sentence, named", [
    ("Med den nya verksamhetschefen får äldreomsorgen en egen ledning i Hjo.",
     "Tjänsten går till Eva Ek, som i dag är enhetschef för hemtjänsten.", True),
    ("Äldreomsorgen i Hjo får nu en egen verksamhetschef.", "Hon heter Eva Ek.", True),
    # another sentence after it names no holder of the post
    ("Med den nya verksamhetschefen får äldreomsorgen en egen ledning i Hjo.",
     "Eva Ek, som är enhetschef för hemtjänsten, välkomnar beslutet.", False),
    # the post given is another's: a unit after the role
    ("Verksamhetschefen för LSS i Hjo slutar i vår.",
     "Tjänsten går till Eva Ek, som i dag är enhetschef för hemtjänsten.", False),
])
def test_a_holder_named_next(before, sentence, named):
    asked = _asked("Vem blir verksamhetschef för äldreomsorgen i Hjo?", ("Hjo",))
    assert holder_next(before, sentence, asked, frozenset({"Hjo"})) is named
