"""Uzbek Cyrillic ↔ Latin transliteration, and the folded search key that makes both scripts match.

Latin follows the 1995 alphabet. Output writes ``o‘``/``g‘`` with U+2018 and the *tutuq belgisi*
(Cyrillic ъ) with U+2019, as every text of the project does (the standard's U+02BB/U+02BC are rare on
phones). On input every apostrophe variant people type (' ‘ ’ ʻ ʼ ` ´) is accepted: after ``o``/``g`` it
makes ``o‘``/``g‘``; between ``s`` and ``h`` it only separates them (``Is’hoq`` = Исҳоқ, not Ишоқ); after
any other letter it is the tutuq (ъ).

Positional rules (the official ones): Cyrillic е is ``ye`` at the start of a word and after a vowel,
otherwise ``e``; э is ``e``; ц is ``s`` at the start of a word and after a consonant, ``ts`` after a vowel.
The way back: Latin ``e`` is э at the start of a word or after a vowel, otherwise е; ``ye`` after a
consonant is ъе (``obyekt`` = объект). Russian-only letters (щ ы ь) are approximated.

Latin → Cyrillic → Latin is the identity for canonical Latin, except a tutuq written right after ``o`` or
``g`` (indistinguishable from ``o‘``/``g‘``) or right before ``e``/``y``. Cyrillic → Latin → Cyrillic loses ц
and ь, which Latin does not have; search does not care, because `search_key` folds both sides to one form.
"""

from __future__ import annotations

import re
import unicodedata

APOSTROPHES = "'‘’ʻʼ`´"
OKINA = "‘"  # U+2018, the mark of o‘ and g‘ as the project writes it (shared/messages.py)
TUTUQ = "’"  # U+2019, the tutuq belgisi (Cyrillic ъ)

_CYRILLIC_VOWELS = frozenset("аеёиоуэюяў")

_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ё": "yo", "ж": "j", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "x", "ч": "ch", "ш": "sh", "э": "e", "ю": "yu", "я": "ya",
    "ў": "o" + OKINA, "қ": "q", "ғ": "g" + OKINA, "ҳ": "h", "щ": "sh", "ы": "i",
}  # fmt: skip

# Longest first: a digraph wins over its first letter.
_LATIN_TO_CYRILLIC = {
    "sh": "ш", "ch": "ч", "yo": "ё", "yu": "ю", "ya": "я",
    "a": "а", "b": "б", "d": "д", "f": "ф", "g": "г", "h": "ҳ", "i": "и", "j": "ж", "k": "к",
    "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "қ", "r": "р", "s": "с", "t": "т",
    "u": "у", "v": "в", "x": "х", "y": "й", "z": "з",
}  # fmt: skip

# Letters of other Latin orthographies that people type for Uzbek sounds (Turkish keyboards, old habits).
_LATIN_LOOKALIKES = str.maketrans({"ş": "sh", "ç": "ch", "ğ": "g", "ö": "o", "ü": "u", "ı": "i"})


def _is_letter(char: str) -> bool:
    return char.isalpha() or char in APOSTROPHES


def _apply_case(piece: str, source: str, neighbours: str) -> str:
    """Give `piece` the case of the one `source` letter; a digraph is all caps inside an all-caps word."""
    if not source.isupper():
        return piece
    if len(piece) > 1 and any(c.isupper() for c in neighbours):
        return piece.upper()
    return piece[:1].upper() + piece[1:]


# Every letter `to_latin` rewrites lies in the Cyrillic block; a text without one passes through whole.
_ANY_CYRILLIC = re.compile("[\u0400-\u04ff]")


def to_latin(text: str) -> str:
    """Cyrillic Uzbek (and Russian words in it) to Latin Uzbek; anything not Cyrillic passes through."""
    if not _ANY_CYRILLIC.search(text):
        return text  # most appeals are written in Latin: no walk letter by letter
    out: list[str] = []
    for i, char in enumerate(text):
        lower = char.lower()
        prev = text[i - 1].lower() if i > 0 else ""
        nxt = text[i + 1].lower() if i + 1 < len(text) else ""
        at_word_start = not prev or not _is_letter(prev)
        if lower == "е":
            piece = "ye" if at_word_start or prev in _CYRILLIC_VOWELS or prev in ("ъ", "ь") else "e"
        elif lower == "ц":
            piece = "ts" if prev in _CYRILLIC_VOWELS else "s"
        elif lower == "ъ":
            piece = "" if nxt == "е" and prev not in _CYRILLIC_VOWELS else TUTUQ
        elif lower == "ь":
            piece = "y" if nxt == "о" else ""
        elif lower == "с" and nxt == "ҳ":
            piece = "s" + TUTUQ  # keeps сҳ apart from ш
        elif lower in _CYRILLIC_TO_LATIN:
            piece = _CYRILLIC_TO_LATIN[lower]
        else:
            out.append(char)
            continue
        neighbours = (text[i - 1] if i > 0 else "") + (text[i + 1] if i + 1 < len(text) else "")
        out.append(_apply_case(piece, char, neighbours))
    return "".join(out)


def to_cyrillic(text: str) -> str:
    """Latin Uzbek to Cyrillic; letters Uzbek Latin does not use (c, w) and non-letters pass through."""
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        lower = char.lower()
        nxt = text[i + 1].lower() if i + 1 < n else ""
        after = text[i + 2] if i + 2 < n else ""
        written = "".join(out[-2:])  # the last piece may be the empty separator of s’h
        prev_out = written[-1].lower() if written else ""
        at_word_start = not prev_out or not (prev_out.isalpha() or prev_out in APOSTROPHES)
        if lower in "og" and nxt and nxt in APOSTROPHES:
            piece, used = ("ў" if lower == "o" else "ғ"), 2
        elif lower in APOSTROPHES:
            if i > 0 and text[i - 1].lower() == "s" and nxt == "h":
                piece, used = "", 1  # s'h: the apostrophe only separates
            elif i > 0 and text[i - 1].isalpha():
                caps = text[i - 1].isupper() and i + 1 < n and text[i + 1].isupper()
                piece, used = ("Ъ" if caps else "ъ"), 1
            else:
                out.append(char)
                i += 1
                continue
        elif lower == "y" and nxt == "o" and after and after in APOSTROPHES:
            piece, used = "й", 1  # yo‘l is й + ў, not ё + ‘
        elif lower == "y" and nxt == "e":
            after_vowel = at_word_start or prev_out in _CYRILLIC_VOWELS or prev_out == "ъ"
            piece, used = ("е" if after_vowel else "ъе"), 2
        elif lower == "e":
            piece, used = ("э" if at_word_start or prev_out in _CYRILLIC_VOWELS else "е"), 1
        elif lower + nxt in _LATIN_TO_CYRILLIC:
            piece, used = _LATIN_TO_CYRILLIC[lower + nxt], 2
        elif lower in _LATIN_TO_CYRILLIC:
            piece, used = _LATIN_TO_CYRILLIC[lower], 1
        else:
            out.append(char)
            i += 1
            continue
        if char.isupper():
            whole_caps = len(piece) == 1 or (i + 1 < n and text[i + 1].isupper())
            piece = piece.upper() if whole_caps else piece[0].upper() + piece[1:]
        out.append(piece)
        i += used
    return "".join(out)


def canonical_latin(text: str) -> str:
    """Latin text with every apostrophe variant replaced by its canonical mark (‘ after o/g, else ’)."""
    chars = list(text)
    for i, char in enumerate(chars):
        if char in APOSTROPHES and i > 0 and chars[i - 1].isalpha():
            chars[i] = OKINA if chars[i - 1].lower() in "og" else TUTUQ
    return "".join(chars)


_NOT_WORD = re.compile(r"[\W_]+")


def search_key(text: str) -> str:
    """Fold text for search and comparison: one script (Latin), lower case, no apostrophes or punctuation.

    ``search_key("O‘zbekiston") == search_key("Ўзбекистон") == search_key("O'zbekiston") == "ozbekiston"``.
    """
    folded = unicodedata.normalize("NFC", text).lower().translate(_LATIN_LOOKALIKES)
    folded = to_latin(folded)
    folded = "".join(c for c in folded if c not in APOSTROPHES)
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def search_tokens(text: str) -> list[str]:
    return search_key(text).split()


def matches(query: str, text: str) -> bool:
    """True when every word of the query starts a word of the text, in either script."""
    words = search_tokens(text)
    return all(any(word.startswith(token) for word in words) for token in search_tokens(query))
