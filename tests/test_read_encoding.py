"""Decoding bytes: the same Russian/French text in each encoding must come back exactly."""

from __future__ import annotations

import codecs

import pytest

from quoth.errors import BinaryInputError, DecodeError, EmptyInputError
from quoth.readers.encoding import decode, plausibility

RUSSIAN = "Президент России Владимир Путин заявил: «Мы этого не хотим», — сказал он.\n"
FRENCH = "Le président Emmanuel Macron a déclaré : « Nous avons fait des progrès ». Ça, c'est déjà ça.\n"
GERMAN = "Der Außenminister sagte, die Gespräche in Zürich seien schwierig gewesen.\n"
SHORT_RU = "Путин сказал «нет».\n"
SHORT_FR = "Il a dit « déjà vu ».\n"
PLAIN_RU = "Министр заявил, что переговоры в Женеве были трудными.\n"

CASES = [
    (RUSSIAN, "utf-8"), (RUSSIAN, "utf-8-sig"), (RUSSIAN, "utf-16"), (RUSSIAN, "utf-16-le"),
    (RUSSIAN, "utf-16-be"), (RUSSIAN, "utf-32"), (RUSSIAN, "cp1251"),
    (FRENCH, "utf-8"), (FRENCH, "utf-8-sig"), (FRENCH, "utf-16"), (FRENCH, "utf-16-le"),
    (FRENCH, "utf-16-be"), (FRENCH, "cp1252"), (FRENCH, "latin-1"),
    (GERMAN, "cp1252"), (GERMAN, "latin-1"), (GERMAN, "utf-16-le"),
    (SHORT_RU, "cp1251"), (SHORT_FR, "cp1252"), (SHORT_FR, "latin-1"),
    (PLAIN_RU, "koi8_r"), (PLAIN_RU, "cp1251"), (PLAIN_RU, "utf-16-le"),
    ("plain ASCII text\r\nwith CRLF line ends\r\n", "ascii"),
]


@pytest.mark.parametrize("text,encoding", CASES)
def test_round_trip(text, encoding):
    assert decode(text.encode(encoding), "f.txt").text == text


@pytest.mark.parametrize("bom", [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_bom_is_not_part_of_text(bom):
    encoding = {codecs.BOM_UTF8: "utf-8", codecs.BOM_UTF16_LE: "utf-16-le",
                codecs.BOM_UTF16_BE: "utf-16-be"}[bom]
    decoded = decode(bom + FRENCH.encode(encoding), "f.txt")
    assert decoded.text == FRENCH and not decoded.text.startswith("\ufeff")


@pytest.mark.parametrize("data,error", [
    (b"", EmptyInputError),
    (b"  \n\t\r\n ", EmptyInputError),
    (codecs.BOM_UTF8, EmptyInputError),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), BinaryInputError),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", BinaryInputError),
    (b"%PDF-1.4 whatever", BinaryInputError),
    (b"PK\x03\x04\x14\x00", BinaryInputError),
    (b"text\x00with\x01nul\x02and\x03junk\x00\x00\x00\x07", BinaryInputError),
    (bytes(range(32)) * 20, BinaryInputError),
    (codecs.BOM_UTF8 + b"caf\xe9", DecodeError),
    (bytes((i * 7919) % 127 + 129 for i in range(600)), DecodeError),  # high-byte noise
])
def test_bad_input(data, error):
    with pytest.raises(error) as info:
        decode(data, "bad.txt")
    assert "bad.txt" in str(info.value)


@pytest.mark.parametrize("good,bad", [
    ("Déjà vu", "Dйjа vu"),  # French read as cp1251
    ("Привет мир", "Ïðèâåò ìèð"),  # Russian read as cp1252
    ("Привет мир", "оПХБЕР ЛХП"),  # cp1251 read as KOI8-R
])
def test_plausibility_prefers_the_right_reading(good, bad):
    assert plausibility(good) > plausibility(bad)


@pytest.mark.parametrize("data,text", [
    ("Café “quoted” naïve, déjà ".encode("utf-8") + b"\xe9t\xe9", "Café “quoted” naïve, déjà été"),
    (b"Caf\xe9 \x93quoted\x94", "Café “quoted”"),  # pure cp1252 stays cp1252
])
def test_utf8_with_stray_cp1252_bytes(data, text):
    assert decode(data, "f.txt").text == text
