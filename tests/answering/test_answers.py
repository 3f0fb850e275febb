from assistant.answering.contract import answer_json
from assistant.errors import BadQuestion
from assistant.retrieval.evidence import expected_answer
from assistant.retrieval.kinds import holds_kind
from assistant.retrieval.question_kinds import asked_kind, counted_noun
from assistant.swedish.places import municipalities
from assistant.swedish.places import question_places as named_places

import pytest

QUESTIONS = [
    "Vem är socialchef i Vårgårda?",
    "Hur samverkar Bengtsfors och Mellerud?",
    "Vad är tillitsbaserad ledning och styrning?",
    "Hur arbetar hemtjänstgruppen Linden i Söderhamn?",
    "Who leads the elderly care in Tranemo?",
    "Vilka kommuner har delat ledning med en grannkommun?",
]


def test_vargarda_social_chief_is_quoted_first(shipped):
    answer = shipped.ask("Vem är socialchef i Vårgårda?")
    assert not answer.no_answer
    first = answer.passages[0]
    assert first.article.municipality == "Vårgårda"
    assert "Ann-Charlotte Lilja" in first.quote and "socialchef" in first.quote


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_quote_is_verbatim_at_its_offsets(shipped, question):
    answer = shipped.ask(question)
    for p in answer.passages + answer.nearest:
        assert p.quote and p.article.body[p.start:p.end] == p.quote
        # a quote is a sentence or two, not a whole chunk
        assert len(p.quote) < 600


def test_passages_are_not_repeated(shipped):
    for question in QUESTIONS:
        passages = shipped.ask(question, k=5).passages
        spans = [(p.article.id, p.start, p.end) for p in passages]
        for i, (a, s, e) in enumerate(spans):
            for a2, s2, e2 in spans[i + 1:]:
                assert a != a2 or e <= s2 or e2 <= s, question
        per_article = {}
        for a, _, _ in spans:
            per_article[a] = per_article.get(a, 0) + 1
        assert max(per_article.values()) <= shipped.settings.ranking.per_article


def test_question_about_an_uncovered_municipality_is_declined(shipped):
    answer = shipped.ask("Vem är socialchef i Borås?")
    assert answer.no_answer and answer.passages == ()
    assert "Borås" in answer.reason
    assert answer.nearest  # still offered, under their own heading


def test_question_for_an_amount_the_articles_lack_is_declined(shipped):
    answer = shipped.ask("Hur mycket kostar hemtjänsten per timme i Söderhamn?")
    assert answer.no_answer and answer.reason_code == "no_fact_of_kind"
    assert "belopp" in answer.reason and "Söderhamn" in answer.reason


def test_json_contract(shipped):
    obj = answer_json(shipped.ask("Vem är socialchef i Vårgårda?"))
    assert set(obj) >= {"question", "no_answer", "passages"}
    assert obj["question"] == "Vem är socialchef i Vårgårda?" and obj["no_answer"] is False
    for p in obj["passages"]:
        assert set(p) >= {"quote", "start", "end", "score", "chunk", "article"}
        assert isinstance(p["start"], int) and isinstance(p["end"], int)
        assert isinstance(p["score"], float) and p["chunk"].startswith(p["article"]["id"] + "#")
        art = p["article"]
        assert set(art) >= {"id", "title", "municipality", "published", "path"}
        assert art["path"].startswith("corpus/") and art["path"].endswith(".md")


@pytest.mark.parametrize("bad", ["", "   \n\t ", "\x00\x01", "x" * 1001, None, 42])
def test_bad_questions_get_a_swedish_message(shipped, bad):
    with pytest.raises(BadQuestion) as err:
        shipped.ask(bad)
    assert any(word in str(err.value) for word in ("Skriv en fråga", "för lång", "text"))


def test_control_characters_are_removed(shipped):
    answer = shipped.ask("Vem är\x00 socialchef\x1b i Vårgårda?")
    assert answer.question == "Vem är socialchef i Vårgårda?"


def test_evidence_helpers():
    assert len(municipalities()) == 290 and "Vårgårda" in municipalities()
    assert named_places("Hur gör Vårgårdas och Upplands Väsby kommun?") == {"Vårgårda", "Upplands Väsby"}
    assert named_places("Hur leder man äldreomsorgen?") == set()
    customers = counted_noun("Hur många kunder har hemtjänst?")
    assert asked_kind("Hur många kunder har hemtjänst?") == "count"
    assert not holds_kind("Under åtta veckor ersätts personalen.", "count", customers)
    assert holds_kind("Hemtjänsten har 120 kunder.", "count", customers)
    assert asked_kind("Vad kostar det?") == "amount"
    assert not holds_kind("Förändringen gäller 1 juni 2019.", "amount")
    assert asked_kind("Hur stor är budgeten?") == "amount"
    assert holds_kind("Budgeten är 12 miljoner kronor.", "amount")
    assert asked_kind("Vem leder arbetet?") == "person" and not holds_kind("Ingen här.", "person")
    assert expected_answer("Vem är socialchef i Vårgårda?") == "person"
    assert expected_answer("Who leads the elderly care?") == "person"
    assert expected_answer("Vems perspektiv ska styra arbetet?") is None
    assert expected_answer("När började hon?") == "time"
    # a start year answers "how long" as well as a number of years does
    assert asked_kind("Hur länge har hon arbetat där?") == "date"
    assert holds_kind("Hon har arbetat där sedan 1980.", "date")
    assert not holds_kind("Hon trivs bra.", "date")


def test_named_municipalities_are_left_to_the_dense_score():
    from assistant.retrieval.searcher import lexical_terms

    terms = lexical_terms("Vem är socialchef i Vårgårda och i Tranemos omsorg?")
    assert "socialchef" in terms and not {"vårgård", "vårgårda", "tranemo"} & set(terms)


@pytest.mark.parametrize("question", ["🙂", "?", "Vem", "asdfgh qwerty"])
def test_questions_without_searchable_words_are_declined(shipped, question):
    answer = shipped.ask(question)
    assert answer.no_answer and "inga ord" in answer.reason


def test_undecodable_characters_do_not_break_a_question(shipped):
    # what Python makes of Latin-1 bytes on a UTF-8 command line
    answer = shipped.ask("Vem \udce4r socialchef i Vårgårda?")
    assert answer.passages and "\udce4" not in answer.question
