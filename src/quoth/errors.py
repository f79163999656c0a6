"""One exception tree for quoth.

    QuothError                      anything quoth raises on purpose
    ├── InputError                  a file or record that cannot be read (source, line, reason)
    │   ├── NotFoundError           the path does not exist
    │   ├── EmptyInputError         nothing but whitespace, or a directory with no articles
    │   ├── BinaryInputError        not text (images, archives, ...)
    │   ├── DecodeError             bytes that no supported encoding explains
    │   └── RecordError             one bad record inside a multi-record file (JSONL line, WARC record)
    ├── ModelError                  the spaCy pipeline or the trained model is missing or broken
    ├── StoreError                  database problems (schema, integrity)
    │   └── NotFoundInStore         an id/name that is not in the database
    └── UsageError                  a bad option value from the user

CLI commands turn a QuothError into one line on stderr and a non-zero exit.
Batch readers never raise InputError at the caller: they report it to an
``on_error`` callback, count it, and go on with the next record.
"""

from __future__ import annotations

__all__ = [
    "QuothError", "InputError", "NotFoundError", "EmptyInputError", "BinaryInputError",
    "DecodeError", "RecordError", "ModelError", "StoreError", "NotFoundInStore", "UsageError",
]


class QuothError(Exception):
    """Base of every error quoth raises on purpose."""


class InputError(QuothError):
    """An input that cannot be read: which file, which line/record, why."""

    def __init__(self, source: str, reason: str, *, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


class NotFoundError(InputError):
    pass


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class DecodeError(InputError):
    pass


class RecordError(InputError):
    pass


class ModelError(QuothError):
    pass


class StoreError(QuothError):
    pass


class NotFoundInStore(StoreError):
    pass


class UsageError(QuothError):
    pass
