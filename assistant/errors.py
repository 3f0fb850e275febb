"""Named errors, one hierarchy. Messages are Swedish and say what to do; each
error carries the HTTP status it is answered with (`status`). The CLI prints
one line and exits 2, the chat shows the message, and the web app's one
handler (web/errors.py) answers `error_body(message)` as JSON under /api, a
Swedish page elsewhere."""


class AssistantError(Exception):
    """Base class: `str(err)` is a message an official can act on."""

    status = 500


class BadRequest(AssistantError):
    """A request's values are wrong (a date that is not one, a missing field)."""

    status = 422


class NotJson(AssistantError):
    """A request's body is not JSON (or nested too deep to read)."""

    status = 400


class NotSignedIn(AssistantError):
    """Nobody is signed in, and the route needs a role."""

    status = 401


class Forbidden(AssistantError):
    """Signed in, but without the role the route needs."""

    status = 403


class BadArticle(AssistantError):
    """An article file cannot be read or lacks what it needs."""

    status = 422


class BadQuestion(AssistantError):
    """The question is empty, too long or otherwise unusable."""

    status = 422


class IndexMissing(AssistantError):
    """No index has been built in the index folder."""

    status = 503


class IndexMismatch(AssistantError):
    """The index was built with another model or settings than configured."""

    status = 503


class IndexCorrupt(AssistantError):
    """Index files are truncated, missing or do not match their manifest."""

    status = 503


class ModelUnavailable(AssistantError):
    """The configured embedding model cannot be loaded on this machine."""

    status = 503


class StorageError(AssistantError):
    """A file could not be written: the disk is full or the folder read-only."""

    status = 503


class PersonalData(BadQuestion):
    """The question holds personal data (a personnummer, a phone number, ...);
    `kinds` says which kinds, never the values."""

    def __init__(self, message: str, kinds: tuple[str, ...] = ()):
        super().__init__(message)
        self.kinds = kinds


class DatabaseUnavailable(AssistantError):
    """The PostgreSQL database (ASSISTANT_DATABASE_URL) cannot be reached or used."""

    status = 503


class ArticleNotFound(AssistantError):
    """No article in corpus/ has this id (editors' page and API: 404)."""

    status = 404


class FetchRefused(AssistantError):
    """A web address that may not or cannot be fetched (editors/fetch.py)."""

    status = 422


def error_body(message: str, **extra) -> dict:
    """The one shape of an error a client reads: {"error": "<Swedish>"},
    after any `extra` fields (the CLI's JSON line names its question)."""
    return {**extra, "error": message}
