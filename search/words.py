"""What a word is, for the index and the query alike: the word pattern, the normalisation before
stemming and the stop words. Its own module because both the query parser and the compound
splitter (which the parser imports) need them."""

import re
import unicodedata

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)

# Snowball's Dutch stop words: PostgreSQL's `dutch` configuration and Elasticsearch's `_dutch_`
# filter drop these, so the parser drops them too and every engine answers alike ("de het een"
# would otherwise match everything on SQLite and nothing on PostgreSQL).
STOP_WORDS = frozenset(
    """aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus
    een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets
    ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of
    om omdat onder ons ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren
    was wat werd wezen wie wil worden wordt zal ze zelf zich zij zijn zo zonder zou""".split()  # noqa: SIM905
)


def normalise_word(word: str) -> str:
    """Lower case without diacritics: what the index stores before stemming."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)
