"""Build search/data/nl_words.txt, the Dutch word list of the compound splitter.

Run from the project root, with the `wordlist` extra installed::

    .venv/bin/pip install -e '.[wordlist]'
    .venv/bin/python search/data/build_word_list.py

The list comes from wordfreq's Dutch "large" list (CC BY-SA 4.0, see search/data/README.md).
Every entry is normalised like ``search.words.normalise_word`` (lower case, diacritics removed);
what is then not made of the letters a-z alone (digits, apostrophes, ``ß``, other scripts) is
left out, and a word that normalisation turns into an earlier word is kept once, at its first
(most frequent) place. The words are written in descending frequency: the line number is the
frequency rank, which is all the splitter needs, while Elasticsearch's
``dictionary_decompounder`` reads the same file as a plain word list.

The cut-off is a Zipf frequency of 2.0, i.e. 0.1 occurrences per million words (Zipf is
log10 of the frequency per billion words; wordfreq's large lists stop at 1.0). Below it wordfreq's
bins fill up with one-source noise (names, typos, English, run-together words) while adding few
words a compound would be built from; the list stays around 100,000 words and under 1 MB.

The output is deterministic: wordfreq ships its data in the package, its bins are ordered, and
ties inside a bin keep wordfreq's own order.
"""

from __future__ import annotations

import re
import sys
from importlib.metadata import version
from pathlib import Path

import wordfreq

# Run as a script from anywhere: the project root on the path for search.words (no Django).
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from search.words import normalise_word  # noqa: E402

LANGUAGE = "nl"
WORDLIST = "large"
MIN_ZIPF = 2.0
OUTPUT = Path(__file__).resolve().parent / "nl_words.txt"

_LETTERS = re.compile(r"[a-z]+")


def words(min_zipf: float = MIN_ZIPF) -> list[str]:
    """Normalised a-z words of the Dutch list with a Zipf frequency of at least min_zipf, most
    frequent first."""
    result: list[str] = []
    seen: set[str] = set()
    # get_frequency_list returns bins of one centibel each: bin i holds the words whose frequency
    # rounds to 10 ** (-i / 100), so its Zipf value is 9 - i / 100.
    for index, bin_words in enumerate(wordfreq.get_frequency_list(LANGUAGE, wordlist=WORDLIST)):
        zipf = 9 - index / 100
        if zipf < min_zipf - 1e-9:
            break
        for word in bin_words:
            normalised = normalise_word(word)
            if _LETTERS.fullmatch(normalised) and normalised not in seen:
                seen.add(normalised)
                result.append(normalised)
    return result


def main() -> int:
    result = words()
    OUTPUT.write_text("".join(f"{word}\n" for word in result), encoding="utf-8")
    print(
        f"{OUTPUT}: {len(result)} words, {OUTPUT.stat().st_size} bytes "
        f"(wordfreq {version('wordfreq')}, {LANGUAGE}/{WORDLIST}, Zipf >= {MIN_ZIPF})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
