"""Every user-facing error, with a searchable code (``M###``) and an exit code.

Adapters (CLI, API) map these to exit codes and HTTP statuses at the edge; nothing below them
prints or exits. A message always names the input it is about.
"""

from __future__ import annotations


class MarsadError(Exception):
    """Base of all marsad errors. ``code`` makes a report searchable (``M003``)."""

    code = "M000"
    exit_code = 1
    http_status = 500

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.message = message
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(f"[{self.code}] {where}{message}")

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuilt from message and source, not from ``args`` (the formatted text), so an error
        # raised in a worker process reads the same in the parent.
        return _rebuild, (type(self), self.message, self.source)


def _rebuild(cls: type[MarsadError], message: str, source: str | None) -> MarsadError:
    return cls(message, source=source)


class InputError(MarsadError):
    """Something wrong with one input; a batch reports it and goes on."""

    code = "M001"
    http_status = 400


class InputNotFoundError(InputError):
    code = "M002"
    http_status = 404


class EmptyInputError(InputError):
    code = "M003"


class BinaryInputError(InputError):
    code = "M004"
    http_status = 415


class EncodingError(InputError):
    code = "M005"
    http_status = 415


class InputTooLargeError(InputError):
    code = "M006"
    http_status = 413


class MalformedInputError(InputError):
    """Malformed JSON / JSONL, a record without a usable text field, or a bad corpus line."""

    code = "M007"


class DocumentTooLongError(InputError):
    """A document longer than ``input.max_chars`` characters: refused before analysis, whose
    time and memory grow with the text (a 50 MB one-line text ran for more than 10 minutes
    at 5 GB); the batch goes on with the next document."""

    code = "M011"
    http_status = 413


class SymlinkError(InputError):
    """A symbolic link in a folder input that is not followed: its target is outside the
    folder (reading a folder must not read ``/etc/passwd``), missing, or a loop of links."""

    code = "M012"


class InvalidDocumentError(MarsadError):
    """A document whose fields or offsets break the ``marsad.document/1`` contract."""

    code = "M010"
    http_status = 422


class ConfigError(MarsadError):
    """Bad settings or a bad command-line value (a date, a format)."""

    code = "M020"
    exit_code = 2
    http_status = 400


class PipelineError(ConfigError):
    """A pipeline that cannot be built: unknown component or missing requirement."""

    code = "M021"


class AnalysisError(MarsadError):
    """A component failed on one document; the batch reports it and goes on."""

    code = "M030"
    http_status = 500


class ContractError(AnalysisError):
    """A component changed a document field it does not declare in ``assigns``: a bug in the
    component, caught by the pipeline before the document goes further."""

    code = "M032"


class ResourceError(MarsadError):
    """A shipped data file (a word list, a table) breaks its declared format: a duplicate,
    an unknown type, an un-normalized entry. A broken install or a bad edit to the file."""

    code = "M033"
    exit_code = 2
    http_status = 500


class WorkerError(MarsadError):
    """A worker process of ``ingest --workers`` died (killed, out of memory, a crash in native
    code): the run stops, the batches already committed stay, and the same command again
    resumes after them."""

    code = "M034"
    http_status = 500


class ModelError(MarsadError):
    """A trained model is missing or unreadable (a broken install or a bad ``--model`` path)."""

    code = "M031"
    http_status = 500


class BaselineError(MarsadError):
    """An evaluation fell below a floor pinned in the baseline file, or a floor would be
    lowered without ``--allow-lower``."""

    code = "M040"


class StoreNotFoundError(MarsadError):
    """A read command (search, events, export, stats...) named a store that does not exist:
    it is not created empty (a mistyped ``--db`` would otherwise report 0 events)."""

    code = "M041"
    exit_code = 3
    http_status = 503


class ExportError(MarsadError):
    """An export that cannot be written as asked (an output folder that is a file, more
    events in one document than an export id can number)."""

    code = "M042"
    exit_code = 1
    http_status = 500


class StoreError(MarsadError):
    """The store cannot be opened, migrated, read or written (names the database)."""

    code = "M050"
    exit_code = 3
    http_status = 503


class QueryError(MarsadError):
    """A malformed search query or filter (an unclosed quote, a bad date, nothing to find)."""

    code = "M051"
    exit_code = 2
    http_status = 400


class NotFoundError(MarsadError):
    """An unknown document, entity or event id in the store."""

    code = "M052"
    http_status = 404


class EntityNotFoundError(NotFoundError):
    """A name or key given to find an entity (``--entity``, ``entity=``) that no entity in the
    store has: said, instead of an empty result that looks like "never mentioned"."""

    code = "M080"


class AmbiguousEntityError(QueryError):
    """A name that several different entities of the store answer to (``عمان``: Oman or
    Amman); ``candidates`` lists them (key, name, English name, mentions) to choose from."""

    code = "M081"

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        candidates: list[dict[str, object]] | None = None,
    ) -> None:
        super().__init__(message, source=source)
        self.candidates: list[dict[str, object]] = candidates or []


class FetchError(InputError):
    """A URL that cannot be fetched: no connection, a timeout, an HTTP error status."""

    code = "M008"
    http_status = 502


class UnsupportedInputError(InputError):
    """An input of a kind marsad does not read: an image or a PDF behind a URL, or XML that
    is neither an RSS/Atom feed nor HTML."""

    code = "M009"
    http_status = 415


class UnauthorizedError(MarsadError):
    """A write request to the API without the configured token."""

    code = "M060"
    http_status = 401


class BusyError(MarsadError):
    """The API is already running as many analyses or exports as it allows: try again."""

    code = "M061"
    http_status = 429


class TimeLimitError(MarsadError):
    """An analysis the API runs took longer than its time limit."""

    code = "M062"
    http_status = 503


class UnknownParameterError(QueryError):
    """A query parameter that the API route does not take (a misspelt or misplaced filter):
    refused, rather than answering as if it had been applied."""

    code = "M063"


class WatchConfigError(ConfigError):
    """``marsad watch`` cannot start: no feeds, a bad feeds file line, an interval below the
    minimum, an alert rule without a destination or with an unknown value."""

    code = "M070"


class WatchStateError(MarsadError):
    """``marsad watch``'s state file cannot be read (not its JSON) or written."""

    code = "M071"
    exit_code = 3


class AlertError(MarsadError):
    """An alert could not be delivered (the JSONL file cannot be written, the webhook failed
    or timed out): reported, and the watch goes on."""

    code = "M072"
    http_status = 502


class InternalError(MarsadError):
    """Anything unexpected behind an API request: a bug, logged on the server with its
    traceback; the client gets this error's JSON, never a bare traceback or plain text."""

    code = "M099"
    http_status = 500
