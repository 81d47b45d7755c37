"""Indonesian text for matching: words, stop words and stems.

PySastrawi's stemmer (the Nazief-Adriani algorithm, shipped with the package,
nothing downloaded) reduces *melayani*, *pelayanan* and *dilayani* to *layan*.
Search on SQLite and the text classifiers use it; PostgreSQL stems with its own
`indonesian` snowball configuration.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

# Letters and digits, keeping inner hyphens of Indonesian compounds (KTP-el, gorong-gorong).
WORD = re.compile(r"[0-9a-zà-ÿ]+(?:-[0-9a-zà-ÿ]+)*")

# Words too common in complaints to tell one apart from another; removed from
# queries (both databases) and from what SQLite indexes. Kept short on purpose:
# Sastrawi's own list also holds words such as "baik" and "belum" that matter here.
STOP_WORDS = frozenset({
    "ada", "adalah", "agar", "akan", "aku", "anda", "apa", "atau", "bagi", "bahwa", "banyak", "beberapa",
    "begitu", "bisa", "dalam", "dan", "dari", "dengan", "di", "dia", "ia", "ini", "itu", "juga", "kami",
    "kamu", "karena", "ke", "kepada", "kita", "lagi", "lah", "mereka", "nya", "oleh", "pada", "para", "saja",
    "saat", "saya", "sebagai", "sedang", "sehingga", "sejak", "selalu", "semua", "serta", "setiap", "sudah",
    "supaya", "tapi", "tetapi", "untuk", "yang", "yg", "dgn", "utk", "tsb", "pak", "bu", "bapak", "ibu",
    "mohon", "tolong", "min", "admin",
})  # fmt: skip


@cache
def _stemmer():  # type: ignore[no-untyped-def]
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return the stem of one lower-case word (cached: complaint vocabularies are small)."""
    if "-" in word:
        # Reduplication (gorong-gorong) and codes (KTP-el) are kept whole.
        return word
    return str(_stemmer().stem(word)) or word


def words(text: str) -> list[str]:
    """Return the lower-case words of `text`, in order."""
    return WORD.findall(text.lower())


def stems(text: str, *, drop_stop_words: bool = True) -> list[str]:
    """Return the stems of the words in `text`, without stop words unless asked."""
    return [stem(w) for w in words(text) if not (drop_stop_words and w in STOP_WORDS)]


def stemmed_text(text: str) -> str:
    return " ".join(stems(text))
