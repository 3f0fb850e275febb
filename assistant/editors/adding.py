"""An editor adds articles (or previews them): the checks and names of
`assistant add` (corpus/ingest.py), written as one change of the editors'
journal (editing.py), with one audit row per article."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..corpus.articles import Article, format_article, parse_article, relative_path
from ..corpus.extract.process import Budget
from ..corpus.ingest import Outcome, Overrides, add_files, check_overrides, check_read, read_files
from ..errors import AssistantError
from ..governance.audit import SYSTEM, Actor
from ..storage.files import create_exclusive, storage_error
from .journal import created
from .provenance import now as _now

_SAME = ("id", "title", "body", "municipality", "partners", "published", "updated", "source",
         "also_published_at")


def _article_file(article: Article, path: str) -> tuple[bytes, Article]:
    """The file for an article `add` checked, and the article as `assistant
    index` will read it from `path`; refused if that is not the one checked."""
    text = format_article(title=article.title, body=article.body, id=article.id,
                          municipality=article.municipality, partners=article.partners,
                          published=article.published, updated=article.updated,
                          source=article.source, also_published_at=article.also_published_at)
    written = parse_article(text, path=path, default_id=article.id)
    if any(getattr(written, f) != getattr(article, f) for f in _SAME):
        raise AssistantError("internt fel: artikelfilen läses inte tillbaka likadant")
    return text.encode("utf-8"), written



class Adding:
    """Editor.add (editing.py composes it with the change machinery)."""

    def add(self, files: list[Path], overrides: Overrides = Overrides(), dry_run: bool = False,
            actor: Actor = SYSTEM, shown: list[str] | None = None,
            sources: list[str] | None = None) -> list[Outcome]:
        """One Outcome per file, in order; `shown` names the files in the audit
        rows (default: their names). Nothing is written for a refused file, nor
        at all with `dry_run`. `sources`: each file's web address (a feed's
        items), where the page does not name its own. Raises AssistantError for overrides that are
        wrong for every file, StorageError if the corpus, the index or the
        audit log cannot take the new articles (then none is added)."""
        check_overrides(overrides)
        each = [replace(overrides, source=s) for s in sources] if sources else overrides
        budget = Budget.of(self.settings)
        if dry_run:
            return list(add_files(self.corpus, files, overrides, dry_run=True, budget=budget,
                                  copy_threshold=self.settings.copy_threshold))
        shown = shown or [f.name for f in files]
        read = read_files(files, budget)  # in a process of its own, before the lock
        with self._turn():
            # the checks and names of a real `add`, decided under the lock that
            # `add` itself takes; the files are written below, as one change
            outcomes = list(check_read(self.corpus, read, each, preview=False,
                                       copy_threshold=self.settings.copy_threshold))
            planned = [(n, o) for n, o in enumerate(outcomes) if o.status == "checked"]
            if not planned:
                return outcomes
            root = self.corpus.resolve().parent
            files = {n: _article_file(o.article, relative_path(o.file, root)) for n, o in planned}
            at = _now()
            record = self.journal.new(
                "add", at, [created(o.file, files[n][0]) for n, o in planned],
                {o.article.id: {"added_by": actor.name, "added_at": at} for _, o in planned})
            rows = [("article.add", o.article.id,
                     {"file": shown[n], "source": o.article.source,
                      **({"personal_data": list(o.personal_data)} if o.personal_data else {})})
                    for n, o in planned]
            with self._change(record, actor, rows):
                for n, o in planned:
                    try:
                        create_exclusive(o.file, files[n][0])
                    except FileExistsError:
                        raise AssistantError(f"Filen {o.file.name} kom till under tiden; försök "
                                             "igen.") from None
                    except OSError as err:
                        raise storage_error(err, self.corpus, "artikelfilen", "--corpus") \
                            from None
        for n, o in planned:
            outcomes[n] = replace(o, status="added", article=files[n][1])
        return outcomes

