"""The thesaurus: abbreviations and words that mean the same, applied to every query before any
engine sees it, so that `IND` also finds "Immigratie- en Naturalisatiedienst" and the other way
round, on SQLite, PostgreSQL and Elasticsearch alike.

A group is a set of equivalent terms; one or more words each. Typing any member of a group (as a
word, as consecutive words, or as a quoted phrase) searches for every member. Members of more
than one word are searched as phrases, built by the query parser itself so that they are matched
exactly as a typed phrase would be. Groups come from editors (the "Synoniemen" snippet) and from
any app that registers a source, such as the glossary's terms and their abbreviations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from search.query import And, Node, Or, ParsedQuery, Phrase, Term, normalise_word, parse

# A group larger than this is a list, not synonyms; it would also blow up every query.
MAX_GROUP_SIZE = 8
# Consecutive words typed that may form one member (e.g. "Algemene wet bestuursrecht").
MAX_MEMBER_WORDS = 6

Key = tuple[str, ...]


def _key_of(node: Node) -> Key | None:
    if isinstance(node, Term):
        return (normalise_word(node.word),)
    if isinstance(node, Phrase):
        return tuple(normalise_word(w) for w in node.words)
    return None


def _as_node(member: str) -> Node | None:
    """A member as the parser reads it: one word a Term, more words ("DT&V" is two) a phrase."""
    tree = parse(f'"{member}"').tree
    if tree is None or len(tree.required) != 1:
        return None
    node = tree.required[0]
    if isinstance(node, Phrase) and len(node.words) == 1:
        single = parse(node.words[0]).tree  # a lone stop word is no synonym
        return single.required[0] if single is not None else None
    return node


def _typed_key(member: str) -> Key | None:
    """The words of a member as they appear in a query typed without quotes: the parser drops
    stop words there ("Dienst Terugkeer en Vertrek" arrives as three words)."""
    tree = parse(member).tree
    if tree is None or tree.excluded or not all(isinstance(n, Term) for n in tree.required):
        return None
    return tuple(normalise_word(n.word) for n in tree.required)


@dataclass(frozen=True)
class Thesaurus:
    # Every key (a member's words as typed, or as a phrase) -> the nodes of its whole group.
    groups: dict[Key, tuple[Node, ...]]

    @classmethod
    def from_groups(cls, groups: Iterable[Iterable[str]]) -> Thesaurus:
        by_key: dict[Key, list[Node]] = {}
        for group in groups:
            members = list(dict.fromkeys(m.strip() for m in group if m and m.strip()))
            members = members[:MAX_GROUP_SIZE]
            nodes = {m: _as_node(m) for m in members}
            nodes = {m: n for m, n in nodes.items() if n is not None}
            if len(nodes) < 2:
                continue
            for member, node in nodes.items():
                for key in {_key_of(node), _typed_key(member)} - {None}:
                    alternatives = by_key.setdefault(key, [])
                    alternatives += [n for n in nodes.values() if n not in alternatives]
        return cls({key: tuple(nodes) for key, nodes in by_key.items()})

    def __bool__(self) -> bool:
        return bool(self.groups)

    def expand(self, parsed: ParsedQuery) -> ParsedQuery:
        if not self.groups or parsed.tree is None:
            return parsed
        return replace(parsed, tree=self._and(parsed.tree))

    def _and(self, node: And) -> And:
        return And(self._sequence(node.required), self._sequence(node.excluded))

    def _sequence(self, nodes: tuple[Node, ...]) -> tuple[Node, ...]:
        """Replace each run of consecutive words that spells a member, longest first."""
        result: list[Node] = []
        i = 0
        while i < len(nodes):
            for size in range(min(MAX_MEMBER_WORDS, len(nodes) - i), 1, -1):
                run = nodes[i : i + size]
                if all(isinstance(n, Term) for n in run):
                    key = tuple(normalise_word(n.word) for n in run)
                    if key in self.groups:
                        result.append(Or(self.groups[key]))
                        i += size
                        break
            else:
                result.append(self._node(nodes[i]))
                i += 1
        return tuple(result)

    def _node(self, node: Node) -> Node:
        if isinstance(node, And):
            return self._and(node)
        if isinstance(node, Or):
            return Or(tuple(self._node(n) for n in node.alternatives))
        key = _key_of(node)
        if key in self.groups:
            return Or(self.groups[key])
        return node


EMPTY = Thesaurus({})


def current() -> Thesaurus:
    """The thesaurus from every registered source, built once per content generation: editors'
    changes to synonyms or the glossary start a new one (portal.cache)."""
    from django.core.cache import caches

    from portal.cache import generation
    from search.registry import registry

    key = f"search:thesaurus:{generation()}"
    thesaurus = caches["default"].get(key)
    if thesaurus is None:
        thesaurus = Thesaurus.from_groups(
            group for source in registry.synonym_sources for group in source()
        )
        caches["default"].set(key, thesaurus, 24 * 3600)
    return thesaurus
