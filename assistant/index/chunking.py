"""Chunks of an article body, with character offsets into that body."""

from __future__ import annotations

from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from ..corpus.articles import Article

SEPARATORS = ["\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ", ""]


@dataclass(frozen=True)
class Chunk:
    id: str  # "<article id>#<n>", stable across rebuilds
    article_id: str
    start: int
    end: int
    text: str  # == article.body[start:end]


def make_splitter(size: int, overlap: int) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=size,
        chunk_overlap=overlap,
        separators=SEPARATORS,
        keep_separator="end",
        strip_whitespace=True,
    )


def split_article(article: Article, splitter: RecursiveCharacterTextSplitter) -> list[Chunk]:
    """Split the body into chunks, each located verbatim in the body."""
    body = article.body
    chunks: list[Chunk] = []
    cursor = 0
    for piece in splitter.split_text(body):
        start = body.find(piece, cursor)
        if start < 0:  # overlap can step back past the cursor
            start = body.find(piece)
        if start < 0:
            raise AssertionError(f"chunk not found verbatim in {article.id}")
        end = start + len(piece)
        chunks.append(Chunk(f"{article.id}#{len(chunks)}", article.id, start, end, piece))
        cursor = max(cursor, start + 1)
    return chunks
