"""Vietnamese text: normalisation, names, accent-free search keys and alphabetical sort keys.

Names are stored as typed (NFC). Beside them sit two derived keys computed here, in Python, so
that SQLite and PostgreSQL give the same answers without any database extension:

* a search key: lower case, no diacritics, đ → d, single spaces ("nguyen van duc");
* a sort key that orders names the Vietnamese way (a ă â b c d đ e ê …, tones after letters)
  and is made only of the letters a–z, so any database collation orders it the same way.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

# Combining marks that change the letter itself (ă â ê ô ơ ư) as opposed to the tone.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
# Tones in dictionary order: ngang (none), huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]
_SPACE_RE = re.compile(r"\s+")


def _code(index: int) -> str:
    """Two letters from b–z for a position in the alphabet; 'a' is kept for separators."""
    return chr(ord("b") + index // 25) + chr(ord("b") + index % 25)


_LETTER_CODES = {letter: _code(i) for i, letter in enumerate(_ALPHABET)}
_DIGIT_CODES = {str(d): _code(len(_ALPHABET) + d) for d in range(10)}
_OTHER_CODE = _code(len(_ALPHABET) + 10)


def normalise(text: str | None) -> str:
    """NFC, trimmed, inner runs of white space collapsed to one space."""
    if not text:
        return ""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")


# Each lower-case letter of the Latin blocks (Vietnamese lives in Latin-1 Supplement, Latin
# Extended-A/B and Latin Extended Additional) and each combining mark, mapped to its bare form.
# Only a shortcut: whatever is left outside ASCII goes through _strip_marks itself.
_BARE = {cp: _strip_marks(chr(cp)) for cp in range(0x80, 0x2000) if _strip_marks(chr(cp)) != chr(cp)}


def unaccent(text: str | None) -> str:
    """Lower case without diacritics: 'Nguyễn Văn Đức' → 'nguyen van duc'."""
    lowered = normalise(text).lower()
    bare = lowered.translate(_BARE)
    return bare if bare.isascii() else _strip_marks(lowered)


_NOT_KEY_RE = re.compile(r"[^0-9a-z ]+")


def search_key(text: str | None) -> str:
    """The key a search compares against: unaccented, punctuation turned into spaces."""
    bare = unaccent(text)
    if bare.replace(" ", "").isalnum() and bare.isascii() and "  " not in bare and bare == bare.strip():
        return bare  # the usual name: nothing left to clean
    return " ".join(_NOT_KEY_RE.sub(" ", bare).split())


def _letter_and_tone(char: str) -> tuple[str, int]:
    """Split one lower-case character into its Vietnamese letter and its tone number."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark == _BREVE and base == "a":
            base = "ă"
        elif mark == _CIRCUMFLEX and base in "aeo":
            base = {"a": "â", "e": "ê", "o": "ô"}[base]
        elif mark == _HORN and base in "ou":
            base = {"o": "ơ", "u": "ư"}[base]
    return base, tone


@lru_cache(maxsize=65536)
def _word_sort_key(word: str) -> str:
    letters, tones = [], []
    for char in word:
        letter, tone = _letter_and_tone(char)
        letters.append(_LETTER_CODES.get(letter) or _DIGIT_CODES.get(letter) or _OTHER_CODE)
        if tone:
            tones.append(chr(ord("a") + tone))
    # 'ab' ends the letters (so "An" sorts before "Anh"), then the tones break ties.
    return "".join(letters) + "ab" + ("".join(tones) or "a")


@lru_cache(maxsize=65536)
def _part_sort_key(part: str) -> str:
    words = normalise(part).lower().split(" ") if part else []
    return "".join(_word_sort_key(w) for w in words if w)


def sort_key(*parts: str) -> str:
    """A key ordering names part by part in Vietnamese alphabetical order.

    Pass the parts in the order they should be compared, e.g. given, family, middle name.
    """
    # 'aa' ends a part: a shorter part sorts before a longer one that starts the same way.
    return "aa".join(map(_part_sort_key, parts)) + "aa"


@dataclass(frozen=True)
class PersonName:
    full: str
    family: str
    middle: str
    given: str

    @cached_property
    def sort_key(self) -> str:
        return sort_key(self.given, self.family, self.middle)

    @cached_property
    def search_full(self) -> str:
        return search_key(self.full)

    @cached_property
    def search_given_first(self) -> str:
        """'duc nguyen van': lets a search for a given name alone use an index too."""
        words = self.search_full.split(" ")
        if len(words) > 1 and len(words) == self.full.count(" ") + 1 and unaccent(self.full).replace(" ", "").isalnum():
            return " ".join([words[-1], *words[:-1]])  # one key word per word of the name: just move the last
        return search_key(" ".join(p for p in (self.given, self.family, self.middle) if p))


def split_name(full_name: str) -> PersonName:
    """Family name first, given name last, the rest is the middle name (Vietnamese order)."""
    full = normalise(full_name)
    words = full.split(" ") if full else []
    if not words:
        return PersonName("", "", "", "")
    if len(words) == 1:
        return PersonName(full, "", "", words[0])
    return PersonName(full, words[0], " ".join(words[1:-1]), words[-1])
