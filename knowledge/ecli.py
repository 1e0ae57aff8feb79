"""European Case Law Identifier (ECLI): validation, normalisation and discovery in text.

An ECLI has five colon-separated parts: ``ECLI:<country>:<court>:<year>:<ordinal>``, with a
two-letter country code, a court code of at most seven letters/digits, a four-digit year and an
ordinal of at most 25 letters, digits and dots (Council conclusions 2011/C 127/01).
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple
from urllib.parse import parse_qs, unquote_plus, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

DEEPLINK = "https://deeplink.rechtspraak.nl/uitspraak?id={ecli}"

# The ordinal may contain dots, but never starts or ends with one: a dot after an ECLI in running
# text ("... ECLI:NL:HR:2011:BN3537.") is the end of the sentence.
_ORDINAL = r"[A-Z0-9](?:[A-Z0-9.]{0,23}[A-Z0-9])?"
ECLI_RE = re.compile(rf"ECLI:([A-Z]{{2}}):([A-Z0-9]{{1,7}}):([0-9]{{4}}):({_ORDINAL})")

# In running text and HTML source: any case, white space (also no-break spaces and line breaks)
# or an URL-encoded colon around each separator, and not glued to surrounding letters or digits.
_SEP = r"\s*(?::|%3A)\s*"
ECLI_IN_TEXT = re.compile(
    rf"(?<![A-Za-z0-9])ECLI{_SEP}([A-Za-z]{{2}}){_SEP}([A-Za-z0-9]{{1,7}}){_SEP}"
    rf"([0-9]{{4}}){_SEP}([A-Za-z0-9](?:[A-Za-z0-9.]{{0,23}}[A-Za-z0-9])?)(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_WHITESPACE = re.compile(r"\s+")
_MAX_INPUT = 500


class InvalidECLI(ValueError):
    """The text is not an ECLI, not even after normalisation."""

    def __init__(self, value: object):
        self.value = value
        shown = str(value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        super().__init__(
            gettext("“%(value)s” is not a valid ECLI. An ECLI looks like ECLI:NL:RVS:2020:1234.")
            % {"value": shown}
        )


class ECLIParts(NamedTuple):
    country: str
    court: str
    year: int
    ordinal: str


def _from_url(text: str) -> str:
    """The ``id`` of a deeplink such as https://deeplink.rechtspraak.nl/uitspraak?id=ECLI:..."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    ids = parse_qs(parts.query).get("id")
    return ids[0] if ids else text


def normalise_ecli(text: str) -> str:
    """Return the canonical form (upper case, no white space) or raise :class:`InvalidECLI`.

    Accepts any case, white space around and inside, URL-encoded text ("ECLI%3ANL%3A...") and a
    rechtspraak.nl deeplink; a full stop after the ECLI (end of a sentence) is dropped.
    """
    if not isinstance(text, str) or not text or len(text) > _MAX_INPUT:
        raise InvalidECLI(text)
    candidate = text.strip()
    if candidate.lower().startswith(("http://", "https://")):
        candidate = _from_url(candidate)
    if "%" in candidate or "+" in candidate:
        candidate = unquote_plus(candidate)
    candidate = _WHITESPACE.sub("", candidate).upper().rstrip(".")
    if not ECLI_RE.fullmatch(candidate):
        raise InvalidECLI(text)
    return candidate


def is_valid_ecli(text: str) -> bool:
    try:
        normalise_ecli(text)
    except InvalidECLI:
        return False
    return True


def parse_ecli(text: str) -> ECLIParts:
    country, court, year, ordinal = normalise_ecli(text).split(":", 1)[1].split(":", 3)
    return ECLIParts(country, court, int(year), ordinal)


def court_code(ecli: str) -> str:
    """The court part, e.g. "RVS" for ECLI:NL:RVS:2020:1234."""
    return parse_ecli(ecli).court


def deeplink(ecli: str) -> str:
    """The permanent address of the ruling on rechtspraak.nl."""
    return DEEPLINK.format(ecli=normalise_ecli(ecli))


# Where the courts publish their own rulings, by the ECLI's country part: rechtspraak.nl for
# Dutch courts, EUR-Lex for the Court of Justice and the General Court of the EU, HUDOC for the
# European Court of Human Rights (Council of Europe, "CE"). Other countries have no single
# database the portal can address by ECLI.
OFFICIAL_SOURCES = {
    "NL": ("rechtspraak.nl", DEEPLINK),
    "EU": ("EUR-Lex", "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=ecli:{ecli}"),
    "CE": ("HUDOC", 'https://hudoc.echr.coe.int/#{{"ecli":["{ecli}"]}}'),
}


def official_source(ecli: str) -> tuple[str, str] | None:
    """(name, address) of the court's own publication of the ruling, or None."""
    ecli = normalise_ecli(ecli)
    found = OFFICIAL_SOURCES.get(parse_ecli(ecli).country)
    if found is None:
        return None
    name, address = found
    return name, address.format(ecli=ecli)


_PASTED = re.compile(
    r"(?:ECLI[-:])?([A-Z]{2})[-:]([A-Z0-9]{1,7})[-:]([0-9]{4})[-:](" + _ORDINAL + r")\.?"
)


def normalise_pasted_ecli(text: str) -> str:
    """normalise_ecli, also for the spellings people paste into an address or a search box:
    dashes for colons ("ECLI-NL-RBMNE-2016-1780", a slug) and no "ECLI" prefix
    ("NL:RBMNE:2016:1780")."""
    try:
        return normalise_ecli(text)
    except InvalidECLI:
        if not isinstance(text, str) or len(text) > _MAX_INPUT:
            raise
    match = _PASTED.fullmatch(_WHITESPACE.sub("", text).upper())
    if match is None:
        raise InvalidECLI(text)
    return normalise_ecli("ECLI:" + ":".join(match.groups()))


def ecli_of(match: re.Match) -> str:
    """The normalised ECLI of an ECLI_IN_TEXT match."""
    return "ECLI:" + ":".join(part.upper() for part in match.groups())


def find_eclis(text: str) -> list[str]:
    """All ECLIs mentioned in running text or HTML, normalised, first mention first."""
    if not text:
        return []
    if "&" in text:
        # HTML source may write the separators' surroundings as &nbsp; or &#58;.
        text = html.unescape(text)
    found: dict[str, None] = {}
    for match in ECLI_IN_TEXT.finditer(text):
        ecli = ecli_of(match)
        found.setdefault(ecli, None)
    return list(found)


def validate_ecli(value: str) -> None:
    """Django validator for form and model fields; accepts whatever :func:`normalise_ecli` does."""
    if not is_valid_ecli(value):
        raise ValidationError(
            gettext_lazy("Enter a valid ECLI, for example ECLI:NL:RVS:2020:1234."),
            code="invalid_ecli",
        )
