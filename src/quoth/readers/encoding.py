"""Bytes to text without mojibake: BOMs, UTF-8, UTF-16 and the legacy code pages news comes in.

``decode(data, source)`` returns ``Decoded(text, encoding)`` or raises an
``InputError`` subclass naming ``source``:

- ``EmptyInputError``  no bytes, or nothing but whitespace;
- ``BinaryInputError`` an image/archive/executable signature, NUL bytes that no
  UTF-16/32 layout explains, or text full of control characters;
- ``DecodeError``      bytes that no supported encoding explains.

The order is: BOM (UTF-32, UTF-8, UTF-16; the BOM is not part of the text) ->
binary signatures -> BOM-less UTF-16 (NUL bytes all on one side) -> strict UTF-8
-> the best-scoring legacy code page (cp1252, cp1251, koi8-r, latin-1) ->
charset-normalizer as the last resort.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from quoth.errors import BinaryInputError, DecodeError, EmptyInputError

__all__ = ["Decoded", "decode", "LEGACY_ENCODINGS"]

BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"), (b"GIF89a", "GIF image"), (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"), (b"\x1f\x8b", "gzip data"), (b"\x7fELF", "executable"),
    (b"BZh", "bzip2 data"), (b"\xfd7zXZ\x00", "xz data"), (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"), (b"OggS", "Ogg media"), (b"ID3", "MP3 audio"),
    (b"II*\x00", "TIFF image"), (b"MM\x00*", "TIFF image"), (b"\x00\x00\x01\x00", "icon"),
    (b"SQLite format 3\x00", "SQLite database"), (b"\xd0\xcf\x11\xe0", "MS Office document"),
)

# Tried in this order; on equal scores the earlier wins.
LEGACY_ENCODINGS = ("cp1252", "cp1251", "koi8_r", "latin_1")

# Non-ASCII punctuation that is normal in news text (quotes, dashes, spaces, signs).
_NEUTRAL = set("«»“”„‘’‚‹›–—…•·°№€£¥§©®™±×\u00a0\u202f\u2009\u200b")
_ALLOWED_CONTROLS = set("\t\n\r\x0c")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def decode(data: bytes, source: str) -> Decoded:
    """Decode ``data`` read from ``source`` (a path, for error messages)."""
    if not data:
        raise EmptyInputError(source, "The file is empty.")
    decoded = _decode(data, source)
    if not decoded.text.strip():
        raise EmptyInputError(source, "The file holds nothing but whitespace.")
    if _control_ratio(decoded.text) > 0.05:
        raise BinaryInputError(source, "The file holds binary data (control characters), not text.")
    return decoded


def _decode(data: bytes, source: str) -> Decoded:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom):], encoding, source)
    for magic, what in MAGIC:
        if data.startswith(magic):
            raise BinaryInputError(source, f"The file is binary ({what}), not text.")
    if b"\x00" in data:
        return _utf16_without_bom(data, source)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _mostly_utf8(data) or _legacy(data, source)


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few stray cp1252 bytes (pasted copy): read each stray byte as cp1252.

    Taken only when valid multi-byte UTF-8 sequences outnumber the stray bytes, which
    a file in a legacy code page almost never shows.
    """
    parts: list[str] = []
    stray = pos = 0
    while True:
        try:
            parts.append(data[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            bad = pos + exc.start
            parts.append(data[pos:bad].decode("utf-8"))
            parts.append(data[bad:bad + 1].decode("cp1252", errors="replace"))
            pos, stray = bad + 1, stray + 1
            if stray > 200:
                return None
    text = "".join(parts)
    multibyte = sum(1 for ch in text if ord(ch) >= 128) - stray
    if multibyte >= 2 * stray and "\ufffd" not in text:
        return Decoded(text, "utf-8+cp1252")
    return None


def _strict(data: bytes, encoding: str, source: str) -> Decoded:
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(source, f"The file is not valid {encoding}: byte {exc.start} "
                                  "does not decode.") from None


def _utf16_without_bom(data: bytes, source: str) -> Decoded:
    """NUL bytes: UTF-16 text (NULs all at odd or all at even offsets) or binary."""
    zeros = [i for i, b in enumerate(data) if b == 0]
    odd = sum(i % 2 for i in zeros)
    if len(data) % 2 == 0:
        if odd >= 0.95 * len(zeros):
            encoding = "utf-16-le"
        elif odd <= 0.05 * len(zeros):
            encoding = "utf-16-be"
        else:
            encoding = None
        if encoding:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                text = None
            if text is not None and _control_ratio(text) == 0 and not _has_unassigned(text):
                return Decoded(text, encoding)
    raise BinaryInputError(source, "The file holds binary data (NUL bytes), not text.")


def _legacy(data: bytes, source: str) -> Decoded:
    """Not UTF-8: the legacy code page whose reading looks most like language."""
    best: tuple[float, int, str, str] | None = None
    for rank, encoding in enumerate(LEGACY_ENCODINGS):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        key = (plausibility(text), -rank, encoding, text)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is not None and best[0] >= 0:
        return Decoded(best[3], best[2])
    return _charset_normalizer(data, source)


def _charset_normalizer(data: bytes, source: str) -> Decoded:
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None:
        raise DecodeError(source, "No supported encoding explains the file's bytes.")
    return Decoded(str(match), match.encoding)


def plausibility(text: str) -> float:
    """How much ``text`` looks like natural language in one script per word.

    Only non-ASCII material is scored (ASCII reads the same in every candidate):
    words mixing Latin and Cyrillic, Latin words made mostly of accented letters
    (Russian read as cp1252), lower-then-upper case inside a word (KOI8-R read as
    cp1251) and odd symbols or controls count against; clean words count for.
    """
    score = 0.0
    for word in _words(text):
        if word.isascii():
            continue
        score += _word_score(word)
    for ch in text:
        if ord(ch) >= 128 and not ch.isalpha() and ch not in _NEUTRAL:
            score -= 3
    return score


def _words(text: str):
    word: list[str] = []
    for ch in text:
        if ch.isalpha():
            word.append(ch)
        elif word:
            yield "".join(word)
            word = []
    if word:
        yield "".join(word)


def _word_score(word: str) -> float:
    scripts = {_script(ch) for ch in word}
    if len(scripts) > 1:
        return -5
    if any(a.islower() and b.isupper() for a, b in zip(word, word[1:])):
        return -3
    if scripts == {"LATIN"} and len(word) >= 2:
        accented = sum(1 for ch in word if ord(ch) >= 128)
        if accented * 2 > len(word):
            return -2
    return 1


def _script(ch: str) -> str:
    if ch.isascii():
        return "LATIN"
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20000]
    bad = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    return bad / len(sample)


def _has_unassigned(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cn", "Cs", "Co") for ch in text[:20000])
