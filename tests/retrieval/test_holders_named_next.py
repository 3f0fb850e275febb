"""A holder named in the sentence after the one naming the role (persons.holder_next): the
post named anywhere and given next ("Med den nya verksamhetschefen ... Tjänsten går till
NN"), or the role ending a sentence and its holder introduced next ("Hon heter NN"). The
answerability reading (role_unnamed) reads it, and so does the ranking's role signal for a
Swedish question: the sentence before in the same article only. Wordings of no evaluation
set."""

from types import SimpleNamespace

import numpy as np
import pytest
from conftest import asked_of

from assistant.retrieval.persons import holder_next
from assistant.retrieval.signals import _holder_after



@pytest.mark.parametrize("before, sentence, named", [
    ("Äldreomsorgen i Hjo får nu en egen verksamhetschef.", "Hon heter Eva Ek.", True),
    ("Äldreomsorgen i Hjo får nu en egen verksamhetschef.", "Hon började i går.", False),
    ("Hemtjänsten i Hjo får en ny enhetschef.", "Hon heter Eva Ek.", False),  # another role
])
def test_a_holder_named_next(before, sentence, named):
    asked = asked_of("Vem blir verksamhetschef för äldreomsorgen i Hjo?", ("Hjo",))
    assert holder_next(before, sentence, asked, frozenset({"Hjo"})) is named


def _rows(*articles: list[str]):
    """IndexData's sentence rows of `articles` (each a list of sentences), article by article."""
    bodies, owner, starts, ends = [], [], [], []
    for a, sentences in enumerate(articles):
        body = ""
        for text in sentences:
            owner.append(a)
            starts.append(len(body))
            body += text
            ends.append(len(body))
            body += " "
        bodies.append(SimpleNamespace(body=body))
    return SimpleNamespace(articles=bodies, sent_article=np.array(owner), sent_start=starts,
                           sent_end=ends)


def test_the_sentence_before_in_the_same_article_only():
    asked = asked_of("Vem blir verksamhetschef för äldreomsorgen i Hjo?", ("Hjo",))
    role = "Äldreomsorgen i Hjo får nu en egen verksamhetschef."
    data = _rows(["Beslutet togs i våras.", role], ["Hon heter Eva Ek.", role, "Hon heter Eva Ek."])
    places = frozenset({"Hjo"})
    assert _holder_after(data, 4, "Hon heter Eva Ek.", asked, places) is True
    # the first sentence of the next article: the one before is another article's
    assert _holder_after(data, 2, "Hon heter Eva Ek.", asked, places) is False
    assert _holder_after(data, 0, "Beslutet togs i våras.", asked, places) is False
