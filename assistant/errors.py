"""Named errors. Messages are Swedish and say what to do; the CLI, UI and API
turn them into a one-line message, a gr.Error or a 4xx JSON error."""


class AssistantError(Exception):
    """Base class: `str(err)` is a message an official can act on."""


class BadArticle(AssistantError):
    """An article file cannot be read or lacks what it needs."""


class BadQuestion(AssistantError):
    """The question is empty, too long or otherwise unusable."""


class IndexMissing(AssistantError):
    """No index has been built in the index folder."""


class IndexMismatch(AssistantError):
    """The index was built with another model or settings than configured."""


class IndexCorrupt(AssistantError):
    """Index files are truncated, missing or do not match their manifest."""


class ModelUnavailable(AssistantError):
    """The configured embedding model cannot be loaded on this machine."""


class StorageError(AssistantError):
    """A file could not be written: the disk is full or the folder read-only."""


class PersonalData(BadQuestion):
    """The question holds personal data (a personnummer, a phone number, ...);
    `kinds` says which kinds, never the values."""

    def __init__(self, message: str, kinds: tuple[str, ...] = ()):
        super().__init__(message)
        self.kinds = kinds


class DatabaseUnavailable(AssistantError):
    """The PostgreSQL database (ASSISTANT_DATABASE_URL) cannot be reached or used."""


class ArticleNotFound(AssistantError):
    """No article in corpus/ has this id (editors' page and API: 404)."""


class FetchRefused(AssistantError):
    """A web address that may not or cannot be fetched (editors/fetch.py)."""


def error_body(message: str, **extra) -> dict:
    """The one shape of an error a client reads: {"error": "<Swedish>"},
    after any `extra` fields (the CLI's JSON line names its question)."""
    return {**extra, "error": message}
