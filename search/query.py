"""The query language users type into the search box, parsed into a small tree that every engine
translates into its own syntax.

What a user can write:
- words: ``vergunning asiel`` (every word must occur; Dutch inflections match through stemming)
- exact phrases: ``"medische noodsituatie"``
- exclusion: ``-dublin`` or ``-"artikel 64"``
- alternatives: ``vergunning OF verblijfsvergunning`` (``OR`` works too), grouping with ``( )``
- an ECLI (``ECLI:NL:RVS:2020:123``, any case or spacing) or a case number
  (``201905544/1/V2``, ``AWB 19/12345``, ``C/13/123456 / HA ZA 19-1``): the document with that
  identifier comes first.

Everything else is tolerated rather than rejected: unbalanced quotes and parentheses close
themselves, operators without operands are dropped, punctuation separates words. The parser never
raises; what it cannot turn into a search ends up as a Dutch message on the ParsedQuery. Words only
ever contain letters and digits, so no engine syntax can pass through to an engine.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

import snowballstemmer
from django.utils.translation import gettext as _

from search.compounds import split
from search.inflection import country_for_adjective, other_number
from search.words import STOP_WORDS, normalise_word, words
from search.words import WORD_RE as _WORD_RE

MAX_QUERY_LENGTH = 500
MAX_TERMS = 24
MAX_DEPTH = 4
OR_WORDS = {"OF", "OR"}
AND_WORDS = {"EN", "AND"}

# An article of a Dutch law: "8", "22a", "8:75", "7:685", "1:3a" (book or chapter, then article).
_ARTICLE_NUMBER_RE = re.compile(r"\d{1,4}[a-z]{0,3}(?::\d{1,4}[a-z]{0,3})*", re.IGNORECASE)
# How Dutch legal texts write "article": "art. 8:75 Awb", "artikel 8:75", "artt. 7 en 8".
ARTICLE_WORDS = {"art": "artikel", "artikel": "art", "artt": "artikelen", "artikelen": "artt"}
_ECLI_RE = re.compile(
    r"\bECLI\s*:\s*([A-Z]{2})\s*:\s*([A-Z0-9]{1,7})\s*:\s*(\d{4})\s*:\s*([A-Z0-9.]{1,25})",
    re.IGNORECASE,
)
# Case numbers of Dutch courts: digit groups joined by "/" or "-", optionally with a letter code
# such as "AWB 19/12345", "201905544/1/V2", "C/13/123456 / HA ZA 19-1", "13-3129 WWB".
_CASE_NUMBER_RE = re.compile(
    r"(?<![\w/])"
    r"(?:(?:AWB|[A-Z]{1,3})\s+)?"
    r"(?:[A-Z]{1,2}/)?\d{1,12}(?:\s*[/-]\s*[A-Z]*\d+[A-Z0-9]*)+"
    r"(?:\s*/\s*[A-Z]{2}(?:\s+[A-Z]{2})?\s+\d{2}-\d+)?"
    r"(?:\s+[A-Z]{2,4}\b)?",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("dutch")


class _StemCache(dict):
    """word -> stem. Indexing stems every word of every document; the vocabulary is small, so a
    dictionary lookup (done in C through map()) replaces almost every call of the stemmer."""

    limit = 500_000

    def __missing__(self, word: str) -> str:
        value = _stemmer().stemWord(normalise_word(word))
        if len(self) < self.limit:
            self[word] = value
        return value


_stem_cache = _StemCache()


def stem(word: str) -> str:
    """The Dutch Snowball stem of one word (cached: the vocabulary of a corpus is small)."""
    return _stem_cache[word]


def stem_text(text: str) -> str:
    """Text as the SQLite index stores it: stems separated by spaces, in the original order."""
    return " ".join(map(_stem_cache.__getitem__, _WORD_RE.findall(text)))


def normalise_identifier(value: str) -> str:
    """ECLIs and case numbers compare upper case without any whitespace."""
    return re.sub(r"\s+", "", value).upper()


_LEADING_CODE_RE = re.compile(r"^(?:AWB|[A-Z]{1,3})\s+(?=\d)", re.IGNORECASE)
# A team or chamber code after the number: "WWB", "WW44", "WWB-VV-R".
_TRAILING_CODE_RE = re.compile(r"\s+[A-Z]{2,4}(?:[-\d][A-Z\d-]*)?$", re.IGNORECASE)
_SEPARATORS_RE = re.compile(r"[\s/\-_.:]+")
_LEADING_LETTERS_RE = re.compile(r"^[A-Z]{1,4}(?=\d)")


def identifier_variants(value: str) -> list[str]:
    """A case number as stored and as people type it: "AWB 10/2582" is also looked up as
    "10/2582", "13-3129 WWB" as "13-3129". Both the index and the query side use this, so a
    partial number finds its ruling on every engine."""
    value = value.strip()
    if not value:
        return []
    without_trailing = _TRAILING_CODE_RE.sub("", value)
    forms = [
        value,
        without_trailing,
        _LEADING_CODE_RE.sub("", value),
        _LEADING_CODE_RE.sub("", without_trailing),
    ]
    variants = [normalise_identifier(f) for f in forms if f.strip()]
    # Courts write one number many ways ("AWB - 14 _ 5548", "AWB 14/5548", "14-5548"): without
    # separators and leading letter code they meet. Only numbers long enough not to collide.
    for form in list(variants):
        compact = _SEPARATORS_RE.sub("", form)
        for candidate in (compact, _LEADING_LETTERS_RE.sub("", compact)):
            if sum(c.isdigit() for c in candidate) >= 5:
                variants.append(candidate)
    return list(dict.fromkeys(variants))


# --- the tree -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    word: str  # as typed (letters and digits only)

    @property
    def stem(self) -> str:
        return stem(self.word)


@dataclass(frozen=True)
class IndexTerm(Term):
    """A term as the SQLite index stores it (a stem already): matched as it is, never stemmed
    again. "More like this" queries are made of these."""

    @property
    def stem(self) -> str:
        return self.word


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]

    @property
    def stems(self) -> tuple[str, ...]:
        return tuple(stem(w) for w in self.words)


@dataclass(frozen=True)
class Parts:
    """The parts of a compound the user typed, written apart: each part somewhere in the words
    of a text ("intake" and "protocol" for "intakeprotocol"). Engines match them in the words
    only, not in the parts of the text's own compounds, which the compound itself matches."""

    words: tuple[str, ...]

    @property
    def stems(self) -> tuple[str, ...]:
        return tuple(stem(w) for w in self.words)


@dataclass(frozen=True)
class Or:
    alternatives: tuple[Node, ...]


@dataclass(frozen=True)
class And:
    """All of `required` must match and none of `excluded` may."""

    required: tuple[Node, ...]
    excluded: tuple[Node, ...] = ()


Node = Term | Phrase | Parts | Or | And


@dataclass
class ParsedQuery:
    raw: str
    tree: And | None  # None: nothing to search for (then `message` says why, unless empty)
    identifiers: list[str] = field(default_factory=list)  # normalised ECLIs and case numbers
    message: str = ""  # a Dutch explanation shown to the user when the query was changed/refused
    truncated: bool = False

    def terms(self) -> list[str]:
        """Every positive word in the query (for highlighting)."""
        found: list[str] = []

        def walk(node):
            if isinstance(node, Term):
                found.append(node.word)
            elif isinstance(node, Phrase | Parts):
                found.extend(node.words)
            elif isinstance(node, Or):
                for alt in node.alternatives:
                    walk(alt)
            elif isinstance(node, And):
                for req in node.required:
                    walk(req)

        if self.tree is not None:
            walk(self.tree)
        return found


# --- tokenizer ----------------------------------------------------------------------------------

# Token kinds: "word", "phrase" (value: list of words), "minus", "or", "lparen", "rparen".


def _tokenize(text: str) -> list[tuple[str, object]]:
    tokens: list[tuple[str, object]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"' or ch in "“”„":
            end = i + 1
            while end < n and text[end] not in '"“”„':
                end += 1
            phrase_words = words(text[i + 1 : end])  # an unclosed quote runs to the end
            if phrase_words:
                tokens.append(("phrase", phrase_words))
            i = end + 1
        elif ch == "(":
            tokens.append(("lparen", None))
            i += 1
        elif ch == ")":
            tokens.append(("rparen", None))
            i += 1
        elif (
            ch == "-"
            and (i == 0 or text[i - 1].isspace() or text[i - 1] in '("')
            and (i + 1 < n and (text[i + 1] in '"(' or _WORD_RE.match(text, i + 1)))
        ):
            tokens.append(("minus", None))
            i += 1
        else:
            number = _ARTICLE_NUMBER_RE.match(text, i)
            if number and ":" in number.group(0) and not _WORD_RE.match(text, number.end()):
                # "8:75" is one reference, not the numbers 8 and 75 anywhere in a text.
                tokens.append(("phrase", words(number.group(0))))
                i = number.end()
                continue
            m = _WORD_RE.match(text, i)
            if m:
                word = m.group(0)
                if word in OR_WORDS:
                    tokens.append(("or", None))
                elif word not in AND_WORDS:
                    tokens.append(("word", word))
                i = m.end()
            else:
                i += 1  # punctuation, symbols, emoji and control characters separate words
    return _article_references(tokens)


def _article_references(tokens: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """ "artikel 8:75" and "art. 6" are one reference each: the word and the article number
    become a phrase, so that "artikel 6 EVRM" does not find a text on artikel 8 EVRM that
    mentions a 6 elsewhere."""
    grouped: list[tuple[str, object]] = []
    for kind, value in tokens:
        previous = grouped[-1] if grouped else (None, None)
        is_number = (kind == "word" and _ARTICLE_NUMBER_RE.fullmatch(value)) or (
            kind == "phrase" and all(_ARTICLE_NUMBER_RE.fullmatch(w) for w in value)
        )
        if is_number and previous[0] == "word" and normalise_word(previous[1]) in ARTICLE_WORDS:
            numbers = [value] if kind == "word" else list(value)
            grouped[-1] = ("phrase", [previous[1], *numbers])
            continue
        grouped.append((kind, value))
    return grouped


# --- parser -------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.pos = 0
        self.term_count = 0
        self.dropped_terms = False
        self.dropped_stop_words = False

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        self.pos += 1
        return token

    def parse_sequence(self, depth: int, closing: bool) -> And | None:
        required: list[Node] = []
        excluded: list[Node] = []
        while self.pos < len(self.tokens):
            kind, _ = self.peek()
            if kind == "rparen":
                self.take()
                if closing:
                    break
                continue  # a stray closing parenthesis means nothing
            if kind == "or":
                self.take()  # an OR without a left operand
                continue
            negate, item = self.parse_or(depth)
            if item is None:
                continue
            (excluded if negate else required).append(item)
        if not required:
            return None  # only exclusions (or nothing): there is nothing to search for
        return And(tuple(required), tuple(excluded))

    def parse_or(self, depth: int) -> tuple[bool, Node | None]:
        negate, first = self.parse_unary(depth)
        alternatives = [first] if first is not None else []
        while self.peek()[0] == "or":
            self.take()
            if self.peek()[0] in (None, "rparen", "or"):
                break
            alt_negate, alt = self.parse_unary(depth)
            if alt is not None and not alt_negate:
                alternatives.append(alt)
        if len(alternatives) > 1:
            return False, Or(tuple(alternatives))
        return negate, (alternatives[0] if alternatives else None)

    def parse_unary(self, depth: int) -> tuple[bool, Node | None]:
        negate = False
        while self.peek()[0] == "minus":
            self.take()
            negate = True
        kind, value = self.take()
        if kind == "word":
            if normalise_word(value) in STOP_WORDS:
                self.dropped_stop_words = True
                return negate, None
            return negate, self._counted(Term(value))
        if kind == "phrase":
            return negate, self._counted(Phrase(tuple(value)))
        if kind == "lparen":
            if depth >= MAX_DEPTH:
                return negate, None  # deeper nesting is flattened into the enclosing group
            group = self.parse_sequence(depth + 1, closing=True)
            if group is not None and len(group.required) == 1 and not group.excluded:
                return negate, group.required[0]
            return negate, group
        return negate, None

    def _counted(self, node):
        size = len(node.words) if isinstance(node, Phrase) else 1
        if self.term_count + size > MAX_TERMS:
            self.dropped_terms = True
            return None
        self.term_count += size
        return node


def find_identifiers(text: str) -> list[str]:
    """Normalised ECLIs and case-number candidates in the text, in order of appearance."""
    found: list[str] = []
    for m in _ECLI_RE.finditer(text):
        found.append("ECLI:" + ":".join(g.upper() for g in m.groups()))
    stripped = _ECLI_RE.sub(" ", text)
    for m in _CASE_NUMBER_RE.finditer(stripped):
        candidate = m.group(0)
        # A bare range such as "2019-2020" or a date is not worth an exact lookup on its own,
        # but costs nothing: lookups only ever match stored case numbers.
        found.extend(identifier_variants(candidate))
    whole = normalise_identifier(text)
    if whole and re.fullmatch(r"[A-Z0-9/:.\-]{4,80}", whole) and any(c.isdigit() for c in whole):
        found.append(whole)
    unique: list[str] = []
    for value in found:
        if value not in unique:
            unique.append(value)
    return unique[:10]


def without_control_characters(text: str) -> str:
    """Control, format, surrogate and private-use characters are never meaningful in a query or a
    filter value; they would only reach logs and engines (PostgreSQL refuses NUL outright)."""
    return "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co") else c for c in text)


def parse(raw: str | None) -> ParsedQuery:
    """Parse anything a user (or a robot) can send. Never raises."""
    text = without_control_characters(raw or "").strip()
    truncated = len(text) > MAX_QUERY_LENGTH
    if truncated:
        text = text[:MAX_QUERY_LENGTH]
    identifiers = find_identifiers(text)
    # ECLIs are phrases of their parts in running text, which is how documents citing them read.
    searchable = _ECLI_RE.sub(lambda m: ' "ECLI ' + " ".join(m.groups()) + '" ', text)
    parser = _Parser(_tokenize(searchable))
    tree = parser.parse_sequence(0, closing=False)
    message = ""
    if truncated:
        message = _("Your search was long; only the first 500 characters were used.")
    elif parser.dropped_terms:
        message = _("Your search had many words; only the first %(count)s were used.") % {
            "count": MAX_TERMS
        }
    if tree is None and text and parser.dropped_stop_words:
        message = _(
            "Your search only had very common words (such as “de” or “het”) that almost every "
            "text contains. Add a more specific word, or put the words in quotes to search for "
            "them as a phrase."
        )
    elif tree is None and text:
        message = _(
            "We could not find words to search for. Type one or more words, a phrase in "
            "quotes, an ECLI or a case number."
        )
    return ParsedQuery(
        raw=raw or "", tree=tree, identifiers=identifiers, message=str(message), truncated=truncated
    )


def with_dutch_forms(parsed: ParsedQuery) -> ParsedQuery:
    """Widen the parsed query with the other forms Dutch texts use for the same thing:

    - a compound the user typed also finds its parts written apart: `intakeprotocol` becomes
      `intakeprotocol OF (intake protocol)` (that a part finds the compound is the index's side:
      documents carry the parts of their compounds, search/compounds.py);
    - `artikel` and its abbreviation `art.` are one word: `"artikel 8 75"` also finds
      `"art 8 75"`;
    - the forms the stemmer keeps apart (search/inflection.py): `kind` also finds `kinderen`,
      `Syrische` also finds `Syrië`.

    User-typed phrases keep their words, apart from the article abbreviation."""
    if parsed.tree is None:
        return parsed
    return replace(parsed, tree=_widened(parsed.tree))


def _article_form(word: str) -> str | None:
    return ARTICLE_WORDS.get(normalise_word(word))


def _widened(node: Node) -> Node:
    if isinstance(node, Term):
        alternatives: list[Node] = [node]
        for other in (
            _article_form(node.word),
            other_number(node.word),
            country_for_adjective(node.word),
        ):
            if other:
                alternatives.append(Term(other))
        parts = split(normalise_word(node.word))
        if parts:
            alternatives.append(Parts(parts))
        return Or(tuple(alternatives)) if len(alternatives) > 1 else node
    if isinstance(node, Phrase):
        other = _article_form(node.words[0]) if node.words else None
        if other:
            return Or((node, Phrase((other, *node.words[1:]))))
        return node
    if isinstance(node, Or):
        flat: list[Node] = []
        for alternative in node.alternatives:
            widened = _widened(alternative)
            flat += widened.alternatives if isinstance(widened, Or) else [widened]
        return Or(tuple(dict.fromkeys(flat)))
    return And(
        tuple(_widened(n) for n in node.required),
        tuple(_widened(n) for n in node.excluded),
    )


def _cites_an_article(node: Node) -> bool:
    if isinstance(node, Phrase):
        return bool(node.words) and normalise_word(node.words[0]) in ARTICLE_WORDS
    if isinstance(node, Or):
        return any(map(_cites_an_article, node.alternatives))
    return False


def relaxed(parsed: ParsedQuery) -> ParsedQuery | None:
    """The query with "every word" loosened to "any word", for when the whole query finds
    nothing: `medicijnen Irak` then finds the page on Irak, `intakeprotocol` the texts on intake.
    A typed compound counts as its parts. Phrases and exclusions stay as typed, and documents
    that hold more of the words still rank first. None when loosening changes nothing, and for a
    query citing an article (`artikel 3 EVRM`)."""
    if parsed.tree is None or any(map(_cites_an_article, parsed.tree.required)):
        # "artikel 3 EVRM": texts on other articles of the EVRM are wrong answers, not partial
        # ones; the reference is what the user is after.
        return None
    alternatives: list[Node] = []

    def collect(node: Node) -> None:
        if isinstance(node, Or):
            for alternative in node.alternatives:
                collect(alternative)
        elif isinstance(node, Parts):
            alternatives.extend(Term(word) for word in node.words)
        elif isinstance(node, And) and not node.excluded:
            for required in node.required:
                collect(required)
        else:
            alternatives.append(node)

    for node in parsed.tree.required:
        collect(node)
    alternatives = list(dict.fromkeys(alternatives))
    loosened = And((Or(tuple(alternatives)),), parsed.tree.excluded)
    if len(alternatives) < 2 or loosened == parsed.tree:
        return None
    return replace(parsed, tree=loosened)
