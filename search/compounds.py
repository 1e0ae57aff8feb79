"""Dutch compound splitting: ``vreemdelingenbewaring`` is ``vreemdelingen`` + ``bewaring``.

Indexing and querying add the parts of a compound next to the compound itself, so that a part
finds the compound (``bewaring`` finds ``vreemdelingenbewaring``) and a compound finds its parts
written apart. The rule is Koehn & Knight's (2003, "Empirical methods for compound splitting"):

- a word is cut into parts that are all words of the list in ``search/data/nl_words.txt``
  (wordfreq's Dutch list, most frequent first), joined directly or by a linking ``s`` or ``en``;
- a cut counts only if the geometric mean of its parts' frequencies beats the frequency of the
  word itself. A frequency is read from the rank in the list (Zipf: f ~ 1/rank); a word not in
  the list has frequency 0. So ``helemaal`` stays whole (``hele`` and ``maal`` are together
  rarer than ``helemaal``), while ``asielaanvraag`` splits (``asiel`` and ``aanvraag`` are far
  more common than the compound);
- of the cuts that count, the one with the fewest parts wins, and among those the one with the
  highest mean;
- each part is then split again by the same rule, up to four parts in all: compounds branch in
  two, so ``mensenrechtenorganisatie`` is ``mensenrechten`` + ``organisatie`` and then
  ``mensen`` + ``rechten`` + ``organisatie``.

What may be a part (the classic source of false splits is short and grammatical words):

- at least four letters: the three-letter words of the list are mostly inflection look-alikes
  (``ten``, ``den``, ``ken``, ``pen``), verb forms and English, and cost more than they bring
  (``vreemdelingenwet`` stays whole);
- frequent enough for its length: a four-letter part must be among the 10,000 most frequent words
  of the list, a five-letter part among the 30,000, a six-letter part among the 90,000 (three
  times more per letter); below that, short entries of wordfreq's list are mostly names,
  abbreviations and English (``uitg``, ``tran``, ``onge``);
- not a function word or an affix: the Dutch stop words every engine drops, prepositions and
  adverbial particles (``aan``+``vraag``, ``uit``+``zetting``, ``over``+``eenkomst`` are
  derivations, not compounds), the verb prefixes ``ver``/``ont``/``her``/``mis``, bound
  classical prefixes (``para``, ``inter``) and the suffixes that the list also holds as tokens
  (``heid``, ``lijk``, ``schap``, ``baar``, ``eren``, ...).

A derivation of a list word in ``-heid`` or ``-loos`` may be a part too (``staatloosheid`` in
``staatloosheidsprocedure``: the list is too short to hold it), at a lower frequency. The index
keeps every level of a split (``vaststelling`` as well as ``vast`` and ``stelling``).

Not split at all: a verb prefix or a particle followed by a list word (``be``+``streden``,
``in``+``trekking``, ``uit``+``zetting``: derivations, whose pieces would only add noise), and no
cut falls inside the endings ``-ering``, ``-erwijs(e)`` and ``-shalve`` (``waarde``+``ring``).

The linking ``e`` (``zonnebloem``) is only recognised when the part is a word with its ``e``
(``intake``, ``gemeente``): stripping a lone ``e`` mostly produced false splits on the list
(``groep``+``ringen``, ``aang``+``raakt``), see search/data/README.md for the measurement.

Words must already be normalised as ``search.words.normalise_word`` does (lower case, no
diacritics). This module imports nothing from Django and only search.words from the project, so
the query parser and every engine can use it.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

from search.words import STOP_WORDS, WORD_RE, normalise_word

WORD_LIST_PATH = Path(__file__).resolve().parent / "data" / "nl_words.txt"

MIN_PART_LENGTH = 4
MIN_WORD_LENGTH = 2 * MIN_PART_LENGTH
# Longer "words" are not compounds but glued text (a URL, a chemical name, a run of letters), and
# the search over split points would recurse once per part (Dutch's longest words have 35-40).
MAX_WORD_LENGTH = 60
MAX_PARTS = 4
# A part of MIN_PART_LENGTH letters must be among the PART_RANK_BASE most frequent words; every
# further letter multiplies that limit by PART_RANK_FACTOR.
PART_RANK_BASE = 10_000
PART_RANK_FACTOR = 3
# Linking morphemes between two parts, besides none at all.
LINKERS = ("en", "s")
# Suffixes that make a new word of any noun or adjective (staat -> staatloos -> staatloosheid).
# Such a derivation of a list word may be the first part of a compound even when the list is too
# short to hold it, at a cost: each suffix counts as DERIVATION_PENALTY less log frequency.
DERIVATION_SUFFIXES = ("heid", "loos")
DERIVATION_PENALTY = math.log(100)

# Words that are never a part of a compound. Closed classes only, no content words:
# 1. the stop words every engine drops (search.words.STOP_WORDS);
# 2. Other prepositions, adverbial particles of separable verbs, determiners and degree words.
_PARTICLES = """achter af alle binnen boven buiten beneden langs mee mede neer samen terug toe
tussen rond heen voorbij naast omheen rondom tegenover overeen achtereen aaneen bijeen ineen
opeen uiteen vooraf achteraf omhoog omlaag omver tegemoet teweeg teniet voort minder meest minst"""
# 3. Pronominal adverbs: er/daar/hier/waar + preposition (erop, daarmee, ...).
_PRONOMINAL_TAILS = """aan achter af bij binnen boven buiten door in langs mee na naast om onder
op over tegen toe tussen uit van voor heen"""
_PRONOMINAL = " ".join(
    head + tail for head in ("er", "daar", "hier", "waar") for tail in _PRONOMINAL_TAILS.split()
)
# 4. Prefixes and suffixes that wordfreq's list also holds as tokens.
_AFFIXES = """ver ont her mis wan anti para inter semi multi ultra hyper micro macro mega pseudo
quasi proto trans poly mono aller heid lijk lijke lijks schap schappen ing ingen baar bare loos loze
achtig achtige isch ische teit ster sters tje tjes ling lingen aars erij nis nissen matig matige
vol volle voller zaam zame rijk rijke eren ende enden heden ieren"""
NOT_PARTS = STOP_WORDS | frozenset(f"{_PARTICLES} {_PRONOMINAL} {_AFFIXES}".split())
# A word that is one of these plus a word of the list is a derivation (be+streden, in+trekking,
# uit+spraak, on+kosten), not a compound: verb prefixes, and the prepositions and particles of
# separable verbs, whose nouns are the commonest long Dutch words that are not compounds.
_PREFIXES = """be ge ver ont her er on mis aller aan af bij door in mee na om onder op over tegen
toe uit voor achter binnen boven buiten beneden langs mede neer samen terug tussen rond heen
voort"""
PREFIXES = frozenset(_PREFIXES.split())
_PREFIX_LENGTHS = sorted({len(prefix) for prefix in PREFIXES})
# Word endings that are one suffix, never cut in two: -ering would otherwise read as a word that
# ends in -e followed by "ring" (waarde+ring, leve+ring), the adverbs in -erwijs as a comparative
# and "wijs" (redelijker+wijs), those in -shalve as a word and "halve" (ambts+halve).
UNCUT_ENDINGS = ("eringen", "ering", "erwijze", "erwijs", "shalve")


def part_rank_limit(length: int) -> float:
    """The highest rank a part of this many letters may have."""
    return PART_RANK_BASE * PART_RANK_FACTOR ** (length - MIN_PART_LENGTH)


class _Lexicon:
    """The word list, read once: rank of every word, and log frequency of every possible part."""

    def __init__(self, path: Path) -> None:
        with path.open(encoding="utf-8") as handle:
            words = handle.read().split()
        self.rank = {word: rank for rank, word in enumerate(words, start=1)}
        # Zipf: frequency ~ 1 / rank, so log frequency = -log(rank) (the constant cancels out).
        self.part_logf = {
            word: -math.log(rank)
            for word, rank in self.rank.items()
            if len(word) >= MIN_PART_LENGTH
            and rank <= part_rank_limit(len(word))
            and word not in NOT_PARTS
        }


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    return _Lexicon(WORD_LIST_PATH)


def _reading(piece: str, lexicon: _Lexicon) -> tuple[float, str] | None:
    """How a piece that another part follows reads: itself, or itself minus a linker.

    A piece that is a word is read as itself (``vreemdelingen``: the linking ``en`` is spelled
    like the plural and the plural is a word); a trailing ``s`` is taken as a linker when the
    word without it is more frequent (``gezondheids`` reads ``gezondheid``). A function word or
    affix, with or without a linker, is no part at all (``alles``, ``vers``, ``buiten``)."""
    if piece in NOT_PARTS:
        return None
    logf = _part_logf(piece, lexicon)
    best = (logf, piece) if logf is not None else None
    for linker in LINKERS:
        if not piece.endswith(linker):
            continue
        stem = piece[: -len(linker)]
        if stem in NOT_PARTS:
            return None
        logf = _part_logf(stem, lexicon)
        if logf is None:
            continue
        if linker == "en" and piece in lexicon.rank:
            # Spelled like a plural that is a word of its own: keep it as it is written.
            continue
        if best is None or logf > best[0]:
            best = (logf, stem)
    return best


def _part_logf(piece: str, lexicon: _Lexicon) -> float | None:
    """The log frequency of a piece as a part: its own, or, for a derivation the list is too
    short to hold (``staatloosheid``, ``staatloos``), that of the word it derives from, less
    DERIVATION_PENALTY per suffix."""
    logf = lexicon.part_logf.get(piece)
    if logf is not None:
        return logf
    for suffix in DERIVATION_SUFFIXES:
        base = piece[: -len(suffix)]
        if piece.endswith(suffix) and len(base) >= MIN_PART_LENGTH and base not in NOT_PARTS:
            logf = _part_logf(base, lexicon)
            if logf is not None:
                return logf - DERIVATION_PENALTY
    return None


def _segmentations(word: str, lexicon: _Lexicon) -> dict[int, tuple[float, tuple[str, ...]]]:
    """For each number of parts k (2..MAX_PARTS): the best (sum of log frequencies, parts) of the
    ways to cut ``word`` into k parts. Top-down over the split points with a memo per position,
    so only positions that a chain of list words reaches are ever explored."""
    part_logf = lexicon.part_logf
    length = len(word)
    # The last position a part may start at: none inside an uncut ending.
    last_start = length - MIN_PART_LENGTH
    for ending in UNCUT_ENDINGS:
        if word.endswith(ending):
            last_start = min(last_start, length - len(ending))
            break
    memo: dict[int, dict[int, tuple[float, tuple[str, ...]]]] = {}

    def from_position(start: int) -> dict[int, tuple[float, tuple[str, ...]]]:
        found = memo.get(start)
        if found is not None:
            return found
        found = {}
        rest = word[start:]
        if rest in part_logf:
            found[1] = (part_logf[rest], (rest,))
        for end in range(start + MIN_PART_LENGTH, last_start + 1):
            head = _reading(word[start:end], lexicon)
            if head is None:
                continue
            for count, (score, parts) in from_position(end).items():
                if count >= MAX_PARTS:
                    continue
                candidate = (score + head[0], (head[1], *parts))
                best = found.get(count + 1)
                if best is None or candidate[0] > best[0]:
                    found[count + 1] = candidate
        memo[start] = found
        return found

    return {k: value for k, value in from_position(0).items() if k >= 2}


def _split(word: str) -> tuple[str, ...]:
    return _split_levels(word)[1]


def _split_levels(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the first cut's parts, every part after splitting those again), or two ``()``."""
    if not MIN_WORD_LENGTH <= len(word) <= MAX_WORD_LENGTH:
        return (), ()
    lexicon = _lexicon()
    for length in _PREFIX_LENGTHS:
        if (
            word[:length] in PREFIXES
            and len(word) - length >= MIN_PART_LENGTH
            and word[length:] in lexicon.rank
        ):
            return (), ()
    rank = lexicon.rank.get(word)
    whole = -math.log(rank) if rank else -math.inf
    for count, (score, candidate) in sorted(_segmentations(word, lexicon).items()):
        if score / count > whole:
            parts = candidate
            break
    else:
        return (), ()
    # Split the parts again: each against its own frequency.
    flat: list[str] = []
    for part in parts:
        flat.extend(split(part) or (part,))
    return parts, (tuple(flat) if len(flat) <= MAX_PARTS else parts)


class _SplitCache(dict):
    """word -> parts. Indexing splits every word of every document; the vocabulary of a corpus is
    small, so almost every call is one dictionary lookup."""

    limit = 500_000

    def __missing__(self, word: str) -> tuple[str, ...]:
        value = _split(word)
        if len(self) < self.limit:
            self[word] = value
        return value


class _TextWordCache(dict):
    """word as found in a text -> what the index holds of it (normalising first: ``ĳ`` becomes
    ``ij``): every part, and the parts that were split again too, so that both
    ``vaststelling`` and ``stelling`` find ``vaststellingsprocedure``."""

    limit = 500_000

    def __missing__(self, word: str) -> tuple[str, ...]:
        normalised = normalise_word(word)
        value = ()
        if len(normalised) >= MIN_WORD_LENGTH:
            first, flat = _split_levels(normalised)
            value = tuple(dict.fromkeys((*flat, *first)))
        if len(self) < self.limit:
            self[word] = value
        return value


_cache = _SplitCache()
_text_cache = _TextWordCache()


def split(word: str) -> tuple[str, ...]:
    """The parts of a compound, or ``()`` when ``word`` is not one.

    ``word`` is one word normalised like ``search.words.normalise_word``. Parts come back as they
    are written in the compound, minus a linking ``s`` or ``en``:
    ``verblijfsvergunning`` -> ``("verblijf", "vergunning")``,
    ``vreemdelingenbewaring`` -> ``("vreemdelingen", "bewaring")``."""
    if len(word) < MIN_WORD_LENGTH:
        return ()
    return _cache[word]


def parts_of_text(text: str) -> list[str]:
    """The parts of every compound in ``text``, in the order of the text (words are found and
    normalised as search.words does)."""
    parts: list[str] = []
    for word_parts in map(_text_cache.__getitem__, WORD_RE.findall(text)):
        if word_parts:
            parts.extend(word_parts)
    return parts
