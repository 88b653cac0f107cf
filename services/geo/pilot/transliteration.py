"""Uzbek Latin names rendered in Uzbek Cyrillic and in the Russian spelling, for generated names.

Only what synthetic names need: the 1995 Latin alphabet (oʻ and gʻ with U+02BB) to Cyrillic by the
official letter rules, and a Russian rendering that follows common usage (ў → у, қ → к, ғ → г, ҳ → х,
j → дж). Real names whose Russian form is irregular (Яккасарай, Шайхантахур) are written by hand.
"""

from __future__ import annotations

import functools

OKINA = "ʻ"  # U+02BB, the mark of oʻ and gʻ
_MARKS = "'‘’ʻʼ`"  # apostrophe variants accepted on input

_VOWELS = frozenset("aeiouʻ")

_DIGRAPHS_CYRL = {"sh": "ш", "ch": "ч", "yo": "ё", "yu": "ю", "ya": "я", "ye": "е", "oʻ": "ў", "gʻ": "ғ"}
_LETTERS_CYRL = {
    "a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "ҳ", "i": "и", "j": "ж", "k": "к",
    "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "қ", "r": "р", "s": "с", "t": "т", "u": "у",
    "v": "в", "x": "х", "y": "й", "z": "з", "ʻ": "ъ",
}  # fmt: skip
_DIGRAPHS_RU = {**_DIGRAPHS_CYRL, "oʻ": "у", "gʻ": "г"}
_LETTERS_RU = {**_LETTERS_CYRL, "h": "х", "q": "к", "j": "дж", "ʻ": ""}


def normalise(latin: str) -> str:
    """Every apostrophe variant after o/g becomes the okina; elsewhere it becomes the tutuq mark too."""
    return "".join(OKINA if ch in _MARKS else ch for ch in latin)


def _convert(latin: str, digraphs: dict[str, str], letters: dict[str, str]) -> str:
    text = normalise(latin)
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        lower_pair = pair.lower()
        char = text[i]
        lower = char.lower()
        at_word_start = i == 0 or not text[i - 1].isalpha()
        # `yoʻl` is й + ў + л: a digraph yields to an oʻ/gʻ that starts at its second letter.
        takes_digraph = lower_pair in digraphs and text[i + 1 : i + 3].lower() not in ("oʻ", "gʻ")
        if takes_digraph:
            converted = digraphs[lower_pair]
            i += 2
        elif lower == "e" and (at_word_start or text[i - 1].lower() in _VOWELS):
            converted = "э"
            i += 1
        elif lower in letters:
            converted = letters[lower]
            i += 1
        else:
            out.append(char)
            i += 1
            continue
        out.append(converted.capitalize() if char.isupper() else converted)
    return "".join(out)


@functools.cache
def _cyrillic_word(word: str) -> str:
    return _convert(word, _DIGRAPHS_CYRL, _LETTERS_CYRL)


@functools.cache
def _russian_word(word: str) -> str:
    return _convert(word, _DIGRAPHS_RU, _LETTERS_RU)


def to_cyrillic(latin: str) -> str:
    """`Mirzo Ulugʻbek` → `Мирзо Улуғбек` (word by word: generated names reuse a small vocabulary)."""
    return " ".join(_cyrillic_word(word) for word in latin.split(" "))


def to_russian(latin: str) -> str:
    """`Mirzo Ulugʻbek` → `Мирзо Улугбек` (the everyday Russian spelling of an Uzbek name)."""
    return " ".join(_russian_word(word) for word in latin.split(" "))
