""" "Bedoelde u …?": spelling corrections from the index's own vocabulary.

The vocabulary is every word in the titles and keywords (identifiers, topics, tags, countries,
cited laws) of the documents a visitor may find: public documents for visitors, all of them for
members, so a correction never reveals a word of members-only content. It is built once per
state of the index and visibility, from the document table every engine writes (with
Elasticsearch too), and kept in the cache.

A word of a query is corrected only when the index does not know it: it is not in the
vocabulary and a search for it alone finds nothing. The correction is the vocabulary word within
one edit (two for words of eight letters or more; an edit is an insertion, deletion,
substitution or swap of neighbouring letters) that the most documents hold, starting with the
same letter: people rarely mistype the first letter, and comparing against one letter's words
keeps this fast on a large index."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from search.query import STOP_WORDS, normalise_word, words

MIN_LENGTH = 4  # shorter words are abbreviations and numbers more often than typos
CACHE_SECONDS = 3600
_CORRECTABLE = re.compile(r"[a-z]+")


def max_edits(word: str) -> int:
    return 2 if len(word) >= 8 else 1


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (Levenshtein plus swaps of neighbouring letters), or
    limit + 1 as soon as it is certain to exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous_previous[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


@dataclass
class Vocabulary:
    counts: Counter = field(default_factory=Counter)  # word -> number of documents holding it
    by_initial: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_texts(cls, texts) -> Vocabulary:
        counts: Counter = Counter()
        for text in texts:
            counts.update({normalise_word(w) for w in words(text)})
        vocabulary = cls(counts=counts)
        for word in counts:
            if len(word) >= MIN_LENGTH and _CORRECTABLE.fullmatch(word):
                vocabulary.by_initial.setdefault(word[0], []).append(word)
        return vocabulary

    def __contains__(self, word: str) -> bool:
        return normalise_word(word) in self.counts

    def closest(self, word: str) -> str | None:
        """The known word nearest to `word` (see the module's rule), or None."""
        word = normalise_word(word)
        if len(word) < MIN_LENGTH or not _CORRECTABLE.fullmatch(word) or word in self.counts:
            return None
        limit = max_edits(word)
        best: tuple[int, int, str] | None = None
        for candidate in self.by_initial.get(word[0], ()):
            distance = edit_distance(word, candidate, limit)
            if distance > limit:
                continue
            rank = (distance, -self.counts[candidate], candidate)
            if best is None or rank < best:
                best = rank
        return best[2] if best else None


def vocabulary(member: bool) -> Vocabulary:
    from django.core.cache import caches
    from django.db.models import Count, Max

    from search.documents import PUBLIC
    from search.models import SearchDocument

    # Keyed on the index itself, not on the content generation: the index is written after the
    # content's commit, and a vocabulary built in between would keep, for a visitor, the words
    # of a page that had just been restricted. Every index write gives its documents new ids.
    state = SearchDocument.objects.aggregate(last=Max("id"), count=Count("id"))
    key = f"search:vocabulary:{'all' if member else 'public'}:{state['last']}:{state['count']}"
    cache = caches["default"]
    found = cache.get(key)
    if found is None:
        rows = SearchDocument.objects.all()
        if not member:
            rows = rows.filter(visibility=PUBLIC)
        found = Vocabulary.from_texts(
            f"{title} {identifiers}"
            for title, identifiers in rows.values_list("title", "identifiers_text").iterator(
                chunk_size=2000
            )
        )
        cache.set(key, found, CACHE_SECONDS)
    return found


def corrected(text: str, member: bool, is_unknown) -> str | None:
    """The query text with each unknown word replaced by its correction, or None when no word
    needs one. `is_unknown(word)` says whether the index finds nothing for the word alone."""
    known = vocabulary(member)
    changed = False

    def replace(match: re.Match) -> str:
        nonlocal changed
        word = match.group(0)
        if normalise_word(word) in STOP_WORDS or word in known:
            return word
        correction = known.closest(word)
        if correction is None or not is_unknown(word):
            return word
        changed = True
        return correction

    # Only plain words: quoted phrases are replaced word by word too, operators stay as typed.
    result = re.sub(r"[^\W\d_]+", replace, text)
    return result if changed else None
