"""One exception tree for quoth.

    QuothError                      anything quoth raises on purpose
    ├── InputError                  a file or record that cannot be read (source, line, reason)
    │   ├── NotFoundError           the path does not exist
    │   ├── EmptyInputError         nothing but whitespace, or a directory with no articles
    │   ├── BinaryInputError        not text (images, archives, ...)
    │   ├── DecodeError             bytes that no supported encoding explains
    │   ├── RecordError             one bad record inside a multi-record file (JSONL line, WARC record)
    │   └── ExtractionError         an article the statement finder failed on
    ├── ModelError                  the spaCy pipeline or the trained model is missing or broken
    ├── StoreError                  database problems (schema, integrity)
    │   └── NotFoundInStore         an id/name that is not in the database
    └── UsageError                  a bad option value from the user
        └── MissingExtraError       a feature whose optional dependencies are not installed

CLI commands turn a QuothError into one line on stderr and a non-zero exit. Every message
is a whole sentence ("No speaker matches 'X'."); an ``InputError`` says where, then why,
as a sentence (``dump.jsonl:3: The line is not valid JSON: ...``).
Batch readers never raise InputError at the caller: they report it to an
``on_error`` callback, count it, and go on with the next record.
"""

from __future__ import annotations

__all__ = [
    "QuothError", "InputError", "NotFoundError", "EmptyInputError", "BinaryInputError",
    "DecodeError", "RecordError", "ExtractionError", "ModelError", "StoreError",
    "NotFoundInStore", "UsageError", "MissingExtraError", "require_extra", "sentence",
]


def sentence(text: str) -> str:
    """``text`` as a whole sentence: a capital first letter and a closing full stop (kept
    when it ends in ``.``, ``?`` or ``!``). For reasons that come from elsewhere, such as
    an OS error's "No such file or directory"."""
    text = text.strip()
    if not text:
        return text
    if text[0].islower():
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


class QuothError(Exception):
    """Base of every error quoth raises on purpose."""


class InputError(QuothError):
    """An input that cannot be read: which file, which line/record, why."""

    def __init__(self, source: str, reason: str, *, line: int | None = None) -> None:
        self.source = source
        self.reason = sentence(reason)
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {self.reason}")


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


class ExtractionError(InputError):
    """An article read well that the extractor failed on (``ArticleResult.error``)."""


class ModelError(QuothError):
    pass


class StoreError(QuothError):
    pass


class NotFoundInStore(StoreError):
    pass


class UsageError(QuothError):
    pass


class MissingExtraError(UsageError):
    """A feature needs an optional extra (``quoth[web]``, ``quoth[dask]``, ``quoth[parquet]``)."""

    def __init__(self, extra: str, module: str) -> None:
        self.extra, self.module = extra, module
        super().__init__(f"This needs quoth's {extra} extra, and {module} is not installed: "
                         f"install it with pip install 'quoth[{extra}]'.")


def require_extra(extra: str, *modules: str) -> None:
    """Raise ``MissingExtraError`` unless every module of ``extra`` can be imported."""
    import importlib.util

    for module in modules:
        if importlib.util.find_spec(module) is None:
            raise MissingExtraError(extra, module)
