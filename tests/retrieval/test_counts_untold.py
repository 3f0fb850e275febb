"""A count of a service's clients or places the articles never give:
"Hur många kunder har hemtjänsten ...?" answered by an article that tells
who the clients are and never how many (kinds.clients_untold, read as
fact_object_missing); answered where an article counts them, by the
counted word, a synonym or "personer". Wordings of no evaluation set."""

import pytest
from conftest import evidence_of, shipped_plus

from assistant.retrieval.kinds import clients_untold
from assistant.retrieval.question_kinds import counted_noun

LINDEN = ["Först ut är hemtjänstgruppen Linden i Bergvik.",
          "– Vi kommer att intervjua kunderna och fråga vad som är viktigt för dem."]


@pytest.mark.parametrize("question, articles, untold", [
    ("Hur många kunder får hjälp av Linden?", LINDEN, True),
    ("how many customers are served by the Linden group", LINDEN, True),
    ("Hur många brukare har hemtjänsten?", LINDEN, True),
    ("Hur många barn är placerade i familjehem?",
     ["Socialtjänsten placerar barn i familjehem när det behövs."], True),
    ("Hur många platser har det nya boendet?", ["Boendet öppnar i mars."], True),
    # counted by the word, a synonym, "personer", or after the word
    ("Hur många kunder får hjälp av Linden?", LINDEN + ["Gruppen har 60 kunder."], False),
    ("Hur många brukare har hemtjänsten?", ["Hemtjänsten har 240 kunder i tätorten."], False),
    ("Hur många patienter har teamet?", ["Teamet har haft 120 personer inskrivna."], False),
    ("Hur många boendeplatser finns på Ekgården?", ["Ekgården har 48 platser."], False),
    ("Hur många kunder har hemtjänsten?", ["Kunderna är i dag 310."], False),
    # not a count of clients: left to the other readings
    ("Hur många enhetschefer finns det?", LINDEN, False),
    ("Vilka kunder får hjälp av Linden?", LINDEN, False),
])
def test_clients_never_counted_are_untold(question, articles, untold):
    assert clients_untold(counted_noun(question), articles) is untold


@pytest.fixture(scope="module")
def grown(shipped, tmp_path_factory):
    """The shipped articles and two fictional home care articles: Tidaholm
    counts its customers, Vara does not."""
    return shipped_plus(
        shipped, tmp_path_factory, "clients",
        ("Tidaholm", "Fiktiv: Hemtjänsten i Tidaholm planerar själv",
         "Hemtjänstgrupperna i Tidaholm lägger numera sina egna scheman. Hemtjänsten har 240 "
         "kunder, och varje kund ska träffa färre olika medarbetare. Enhetschefen Maria Lund "
         "följer upp arbetet varje månad."),
        ("Vara", "Fiktiv: Hemtjänsten i Vara planerar själv",
         "Hemtjänstgrupperna i Vara lägger numera sina egna scheman. Kunderna ska träffa färre "
         "olika medarbetare, och varje kund får en kontaktperson. Enhetschefen Per Ek följer "
         "upp arbetet varje månad."),
    )


def test_clients_counted_are_answered_and_uncounted_declined(grown):
    declined = "hur många kunder har hemtjänsten i Vara"
    assert evidence_of(grown, declined)["fact_object_missing"] == 1.0
    assert grown.ask(declined).no_answer
    answered = "hur många kunder har hemtjänsten i Tidaholm"
    assert evidence_of(grown, answered)["fact_object_missing"] == 0.0
    answer = grown.ask(answered)
    assert not answer.no_answer
    assert any("240 kunder" in p.quote for p in answer.passages[:3])


def test_the_customers_of_the_shipped_home_care_group_are_not_counted(shipped):
    question = "Hur många kunder får hjälp av hemtjänstgruppen Linden i Bergvik?"
    assert evidence_of(shipped, question)["fact_object_missing"] == 1.0
    assert shipped.ask(question).no_answer
