"""GET /api/articles and GET /api/articles/{id}: the corpus as JSON, so an
integrator can list what the assistant knows and check that
`body[start:end] == quote` for any passage /api/ask returned."""

from __future__ import annotations

from fastapi import APIRouter
from ..errors import documented, error

from ...answering.citation import original_url, reader_url
from ...answering.pipeline import loaded_articles
from ...corpus.articles import Article, article_json


def article_summary(a: Article) -> dict:
    """The article's one JSON shape, with what a list of the corpus adds."""
    return {**article_json(a), "date_note": a.date_note, "original_url": original_url(a),
            "url": reader_url(a.id)}


def articles_router(assistant) -> APIRouter:
    router = APIRouter()

    @router.get("/api/articles", summary="Artiklarna",
                description="Alla artiklar i indexet: id, titel, kommun, samarbetskommuner, datum "
                            "och källa. `url` är artikelns sida i appen, relativ till appens rot.")
    def list_articles() -> dict:
        articles = sorted(loaded_articles(assistant), key=lambda a: a.id)
        return {"articles": [article_summary(a) for a in articles]}

    @router.get("/api/articles/{article_id}", summary="En artikel med sin text",
                description="Artikeln med hela texten (`body`): för varje citat från /api/ask "
                            "gäller `body[start:end] == quote`.",
                responses=documented({404: "Ingen artikel med det id:t"}))
    def one_article(article_id: str):
        for a in loaded_articles(assistant):
            if a.id == article_id:
                return {**article_summary(a), "body": a.body}
        return error(404, f"Det finns ingen artikel med id {article_id!r}.")

    return router
