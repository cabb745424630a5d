"""The uncased BERT WordPiece tokenizer, in plain Python: texts into the vocabulary's tokens.

Splits like the tokenizer of all-MiniLM-L6-v2 (and of every uncased BERT): control characters
dropped, Chinese characters set apart, lower case without accents, words split at whitespace and
punctuation, then each word into the longest vocabulary pieces from its start (``##`` marks a
piece inside a word); a word that cannot be split that way is ``[UNK]``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

UNKNOWN = "[UNK]"
MAX_WORD_CHARS = 100


def _is_control(char: str) -> bool:
    if char in "\t\n\r":
        return False
    return unicodedata.category(char).startswith("C")


def _is_whitespace(char: str) -> bool:
    return char in " \t\n\r" or unicodedata.category(char) == "Zs"


def _is_punctuation(char: str) -> bool:
    cp = ord(char)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_chinese(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def _clean(text: str) -> str:
    out = []
    for char in text:
        cp = ord(char)
        if cp == 0 or cp == 0xFFFD or _is_control(char):
            continue
        if _is_whitespace(char):
            out.append(" ")
        elif _is_chinese(cp):
            out.append(f" {char} ")
        else:
            out.append(char)
    return "".join(out)


def _words(text: str) -> list[str]:
    """Lower-cased, accent-free words and punctuation marks, in order."""
    words: list[str] = []
    for chunk in _clean(text).split():
        chunk = unicodedata.normalize("NFD", chunk.lower())
        chunk = "".join(c for c in chunk if unicodedata.category(c) != "Mn")
        current = ""
        for char in chunk:
            if _is_punctuation(char):
                if current:
                    words.append(current)
                    current = ""
                words.append(char)
            else:
                current += char
        if current:
            words.append(current)
    return words


class WordPiece:
    """Tokenizer over a vocabulary (one token per line of a BERT ``vocab.txt``)."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.ids: dict[str, int] = {token: i for i, token in enumerate(vocabulary)}
        if UNKNOWN not in self.ids:
            raise ValueError(f"the vocabulary has no {UNKNOWN} token")
        self.unknown = self.ids[UNKNOWN]

    def _pieces(self, word: str) -> list[int]:
        if len(word) > MAX_WORD_CHARS:
            return [self.unknown]
        pieces: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.ids.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return [self.unknown]
            pieces.append(found)
            start = end
        return pieces

    def encode(self, text: str) -> list[int]:
        """The token ids of ``text``, without the special tokens around a sentence."""
        return [i for word in _words(text) for i in self._pieces(word)]
