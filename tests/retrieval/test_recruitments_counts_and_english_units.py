"""A count asked and "antalet X" told only as a share or an age; wordings
of no evaluation set."""

import pytest

from assistant.retrieval.kinds import holds_kind
from assistant.retrieval.question_kinds import counted_noun


@pytest.mark.parametrize("sentence, holds", [
    ("Antalet brukare över 85 år väntas öka med 30 procent till 2030.", False),
    ("Antalet brukare har ökat med 12 % sedan i fjol.", False),
    ("Antalet brukare har minskat från 140 till 118.", True),
    ("Hemtjänsten i Hjo har i dag 118 brukare.", True),
])
def test_a_count_asked_is_no_share_nor_age(sentence, holds):
    counted = counted_noun("Hur många brukare har hemtjänsten i Hjo?")
    assert holds_kind(sentence, "count", counted) is holds
