"""The privacy guard: the portal holds knowledge about situations, never records about persons
(DESIGN, "No client files"). Free text that members send or save is searched for likely
personal data of clients, and the form refuses it, naming what to remove.

What counts, and the limits of each rule:

- V-number (IND vreemdelingennummer): ten digits after "V-nummer", "V-nr", "vnr" or
  "vreemdelingennummer" (separators allowed), or ten digits standing alone that do not start
  with 0 (a ten-digit number starting with 0 is a phone number). V-numbers carry no check digit,
  so a bare ten-digit number of another kind is taken for one.
- BSN: nine digits (plain, 4-2-3 or 3-3-3 groups) passing the eleven-test. Invalid numbers never
  count. Dotted 3-3-3 groups read as a number with thousands separators unless "BSN" or
  "burgerservicenummer" stands before them. A number introduced as an RSIN, KvK, fiscal or case
  number, or as an amount, is not a BSN (an RSIN passes the same test).
- Date of birth: a real calendar date, not in the future, after "geboren", "geb.",
  "geboortedatum", "DOB", "date of birth" or "born" (at most a few words between, such as
  "op", "d.d." or a place: "geboren te Kabul op 1-2-1990"), or directly before "(geb.)". Other
  dates never count, and a word such as "na", "voor" or "sinds" between keyword and date
  ("kinderen geboren na 1 januari 2020") makes it a condition rather than someone's birthday.
- Dutch phone number: ten digits starting with 0, or +31 / 0031 and nine digits, in the usual
  groupings; 0800 and 0900 service numbers are not personal and do not count.
- E-mail address; IBAN (shape plus the mod-97 check, any country; invalid ones never count).
- Client's name: a capitalised name right after a word that introduces a client: cliënt(e),
  patiënt(e), betrokkene, belanghebbende, eiser(es), verzoeker/verzoekster, appellant(e),
  aanvrager/aanvraagster, vreemdeling, bewoner/bewoonster, optionally with a title ("cliënte
  mevrouw Ahmadi") or initials ("mijn client J. Jansen"). Without such a word no name is seen:
  the guard does not guess names from name lists. Dutch word order puts capitalised objects
  after the subject too ("mag mijn cliënt Nederland verlaten?"): names of countries and
  languages (pycountry's Dutch and English names), acronyms and nationality adjectives are not
  taken for a name, nor one that starts with a kind of body ("Stichting", "Gemeente"); a city
  or another organisation name there is.

Nothing inside a web address counts (its numbers identify pages), nor a number inside an
IBAN-shaped code that fails its check.

Why not `deduce` (PyPI, the de-identification method for Dutch medical text, LGPL-3.0), tried
in a separate environment: it loads 6.6 MB of lookup lists in about 12 seconds per process,
and builds them first (about 3 minutes) by writing into its own installed package, which a
read-only production install does not allow. It annotates what medical records must lose:
every date ("de uitspraak van 15 maart 2016") and every place name, so the birth-date rule here
would have to be written anyway on top of it, and it reports any long number as an "id"
(an invalid BSN included) while it knows neither V-numbers nor IBANs. Its strength, name lists,
matters less here: a name the guard must catch is one introduced as a client's.
"""

from __future__ import annotations

import datetime
import gettext as gettext_module
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from html import unescape

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

V_NUMBER = "v_number"
BSN = "bsn"
BIRTH_DATE = "birth_date"
PHONE = "phone"
EMAIL = "email"
IBAN = "iban"
CLIENT_NAME = "client_name"

ALL_KINDS = frozenset({V_NUMBER, BSN, BIRTH_DATE, PHONE, EMAIL, IBAN, CLIENT_NAME})
# What identifies a client whoever writes it. Phone numbers, e-mail addresses and IBANs are
# also how an organisation presents itself (a description may give its own helpline or its
# account for donations), so texts about an organisation check these kinds only.
CLIENT_KINDS = frozenset({V_NUMBER, BSN, BIRTH_DATE, CLIENT_NAME})

KIND_LABELS = {
    V_NUMBER: _("V-number"),
    BSN: _("BSN"),
    BIRTH_DATE: _("date of birth"),
    PHONE: _("phone number"),
    EMAIL: _("e-mail address"),
    IBAN: _("bank account number (IBAN)"),
    CLIENT_NAME: _("name of a client"),
}


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    start: int
    end: int

    @property
    def label(self):
        return KIND_LABELS[self.kind]


# Numbers: a digit run that is part of a longer token (an ECLI's "2016:1780", a case number's
# "200.123.456/01", an amount's "1.234,56", a word) is not a number of its own.
NUM_START = r"(?<![\w@+])(?<!\d[.,:/-])"
NUM_END = r"(?![\w@])(?![.,:/-]\d)"

BSN_CANDIDATE = re.compile(
    NUM_START
    + r"(?:\d{9}|\d{4}(?P<s1>[ .-])\d{2}(?P=s1)\d{3}|\d{3}(?P<s2>[ .-])\d{3}(?P=s2)\d{3})"
    + NUM_END
)
BSN_KEYWORD = re.compile(r"(?i)\b(?:bsn|burgerservicenummer|sofi-?(?:nummer|nr)?)\b\W*$")
# Numbers introduced as these are identifiers of organisations or cases, or amounts.
OTHER_NUMBER = re.compile(
    r"(?i)(?:\b(?:rsin|kvk|fiscaal|btw|loonheffingen|anbi|zaak|kenmerk|referentie|ref|dossier"
    r"|awb|iban|rekening|factuur)(?:[-\s]?(?:nummer|nr)\.?)?|€|\beuro?\b)[\s:.#-]*$"
)

V_NUMBER_KEYWORD = re.compile(
    r"(?i)(?<!\w)(?:v[-. ]?(?:nummer|nr)\.?|vnr\.?|vreemdelingen-?\s?nummer)\s*[:#]?\s*"
    r"(?P<number>\d(?:[ .-]?\d){9})" + NUM_END
)
V_NUMBER_BARE = re.compile(NUM_START + r"[1-9]\d{9}" + NUM_END)

PHONE_CANDIDATE = re.compile(
    r"(?<![\w+])(?<!\d[.,:/-])"
    r"(?:"
    # +31 6 12345678, 0031 (0)20 123 4567
    r"(?P<intl>(?:\+|00)\s?31[\s-]?(?:\(0\)\s?)?[1-9]\d{0,2}\)?[\s.-]{0,3}\d{2,8}(?:[\s.]\d{2,4}){0,3})"
    # 06-12345678, (020) 123 45 67, 0570-123456
    r"|(?P<national>\(?0[1-9]\d{0,2}\)?[\s.-]{0,3}\d{2,8}(?:[\s.]\d{2,4}){0,3})"
    r")" + NUM_END
)

EMAIL_PATTERN = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"
)

IBAN_CANDIDATE = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}"
    r"(?:[A-Za-z0-9]{11,30}|(?: [A-Za-z0-9]{4}){2,7}(?: [A-Za-z0-9]{1,3})?)"
    r"(?![A-Za-z0-9])"
)

# Numbers a business answers, never a person.
SERVICE_NUMBERS = ("0800", "0900", "0906", "0909")

URL_PATTERN = re.compile(r"(?i)\b(?:https?://|www\.)\S+")

# Dates of birth.
MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "febr": 2, "february": 2,
    "maart": 3, "mrt": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "augustus": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = "(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
DATE = (
    r"(?:(?P<d1>\d{1,2})(?P<sep>[-/.])(?P<m1>\d{1,2})(?P=sep)(?P<y1>\d{4}|\d{2})"
    r"|(?P<y2>\d{4})-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})"
    r"|(?P<d3>\d{1,2})(?:e|ste|de|st|nd|rd|th)?\s+(?P<m3>" + _MONTH + r"),?\s+(?P<y3>\d{4})"
    r"|(?P<m4>" + _MONTH + r")\s+(?P<d4>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y4>\d{4})"
    r")(?![\d:])"
)
BIRTH_WORD = (
    r"(?i:(?<!\w)(?:geboortedatum|geboorte\s?datum|geb\.?\s?datum|geboren|geb\b\.?"
    r"|d\.o\.b\.?|dob\b|date\s+of\s+birth|birth\s?date|born))"
)
# Between keyword and date: punctuation, "op", "d.d.", "te"/"in" and capitalised words (a place).
BIRTH_GAP = (
    r"(?:[\s:,()–-]|(?i:op|on|d\.d\.|te|in|at)(?!\w)|[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:[-'’][^\W\d_]+)*){0,12}"
)
BIRTH_DATE_AFTER = re.compile(BIRTH_WORD + r"(?P<gap>" + BIRTH_GAP + r")" + DATE)
BIRTH_DATE_BEFORE = re.compile(
    r"(?<![\w/.-])" + DATE + r"\s*[(,]?\s*(?i:geb(?:oren)?\b\.?|geboortedatum|dob\b|born)"
)
MAX_BIRTH_GAP = 40

# Client names.
CLIENT_WORD = re.compile(
    r"(?i)(?<!\w)(?:cli[eë]nt(?:e|\(e\))?|pati[eë]nt(?:e|\(e\))?|betrokkene|belanghebbende"
    r"|eiser(?:es)?|verzoek(?:er|ster)|appellant(?:e)?|aanvra(?:ger|agster)|vreemdeling"
    r"|bewo(?:ner|onster))(?:en|s)?(?!\w)"
)
NAME_LEAD = re.compile(r"[ \t]*(?P<mark>[,:]?)[ \t]*")
TITLES = re.compile(
    r"(?:mevrouw|mevr\.?|mw\.?|meneer|mnr\.?|dhr\.?|de\s+heer|mrs\.?|mr\.?|ms\.?|miss)(?!\w)"
    r"[ \t]*",
    re.IGNORECASE,
)
INITIALS = re.compile(r"(?:[A-ZÀ-ÖØ-Þ][a-z]?\.[ \t]?){1,4}")
# A capitalised word with a lower-case letter in it: "IND" and "COA" are acronyms, not names.
CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ](?=[^\W\d_]*[a-zß-öø-ÿ])[^\W\d_]*(?:[-'’][^\W\d_]+)*(?!\w)")
# Name particles, possibly several ("van der", "van 't").
PARTICLES = re.compile(
    r"(?:(?:van|de|der|den|het|'t|ten|ter|el|al|bin|ben|ibn|abu|da|di|du|dos|das|le|la|von)"
    r"(?!\w)[ \t]+){1,3}",
)
# Dutch nationality adjectives and nouns (Syrische, Eritrese, Marokkaanse, Palestijnse, Syriër,
# Eritreeër): capitalised, but not names. Endings that first names share (Kees, Daan) are left.
DEMONYM = re.compile(r"(?:aanse?|ische?|ese|ijnse?|iërs?|eeërs?)$")
# A party may be a legal person ("belanghebbende Stichting Vluchtelingenwerk", "verzoeker
# Gemeente Utrecht"): a name that starts with the kind of body is no client's.
BODY = re.compile(
    r"(?:stichting|vereniging|coöperatie|gemeente|provincie|staat|staatssecretaris|minister"
    r"|ministerie|college|raad|rechtbank|dienst|afdeling|bv|nv)$"
)


@lru_cache(maxsize=1)
def _place_and_language_names() -> frozenset[str]:
    """Country and language names in Dutch and English, lower case: capitalised words that
    follow "cliënt" as the object of a question ("mag mijn cliënt Nederland verlaten?")."""
    import pycountry

    names = set()
    dutch = {
        domain: gettext_module.translation(
            domain, pycountry.LOCALES_DIR, languages=["nl"], fallback=True
        ).gettext
        for domain in ("iso3166-1", "iso639-3")
    }
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.update((value, dutch["iso3166-1"](value)))
    for language in pycountry.languages:
        if hasattr(language, "alpha_2"):
            names.update((language.name, dutch["iso639-3"](language.name)))
    split = {part.strip() for name in names for part in re.split(r"[;,]", name)}
    return frozenset(name.lower() for name in split if name)


def is_valid_bsn(number: str) -> bool:
    """The eleven-test (elfproef) of a burgerservicenummer: 9*d1 + 8*d2 + ... + 2*d8 - d9 is
    a multiple of 11; all zeros is not a number anyone has."""
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) != 9 or not any(digits):
        return False
    total = sum(weight * digit for weight, digit in zip(range(9, 1, -1), digits[:8], strict=True))
    return (total - digits[8]) % 11 == 0


def is_valid_iban(value: str) -> bool:
    """ISO 13616: country code, two check digits, account; moved to the end and read as a
    number (A=10 ... Z=35), the whole is 1 modulo 97."""
    compact = re.sub(r"\s", "", value).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
        return False
    if compact.startswith("NL") and not re.fullmatch(r"NL\d{2}[A-Z]{4}\d{10}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _before(text: str, start: int, pattern: re.Pattern, width: int = 40) -> bool:
    return bool(pattern.search(text[max(0, start - width) : start]))


def _find_bsns(text: str):
    for match in BSN_CANDIDATE.finditer(text):
        number = match.group()
        if not is_valid_bsn(number):
            continue
        if _before(text, match.start(), OTHER_NUMBER):
            continue
        # 123.456.782 reads as a large number unless it is said to be a BSN.
        if match.group("s2") == "." and not _before(text, match.start(), BSN_KEYWORD):
            continue
        yield Finding(BSN, number, match.start(), match.end())


def _find_v_numbers(text: str):
    for match in V_NUMBER_KEYWORD.finditer(text):
        yield Finding(V_NUMBER, match.group("number"), match.start("number"), match.end("number"))
    for match in V_NUMBER_BARE.finditer(text):
        if not _before(text, match.start(), OTHER_NUMBER):
            yield Finding(V_NUMBER, match.group(), match.start(), match.end())


def _find_phones(text: str):
    for match in PHONE_CANDIDATE.finditer(text):
        if match.group("intl"):
            # Country code and the "(0)" some write after it are not part of the nine digits.
            prefix = re.match(r"(?:\+|00)\s?31[\s-]?(?:\(0\)\s?)?", match.group())
            offset, wanted = match.start() + prefix.end(), 9
        else:
            offset, wanted = match.start(), 10
        # A number may have run into the next one ("06 12345678 12 uur"): the phone number is
        # the part up to the group that completes its digits.
        count, end = 0, None
        for digits in re.finditer(r"\d+", text[offset : match.end()]):
            count += len(digits.group())
            if count == wanted:
                end = offset + digits.end()
            if count >= wanted:
                break
        if end is None:
            continue
        number = text[match.start() : end]
        if not match.group("intl") and re.sub(r"\D", "", number).startswith(SERVICE_NUMBERS):
            continue
        yield Finding(PHONE, number, match.start(), end)


def _find_emails(text: str):
    for match in EMAIL_PATTERN.finditer(text):
        yield Finding(EMAIL, match.group(), match.start(), match.end())


def _find_ibans(text: str):
    for match in IBAN_CANDIDATE.finditer(text):
        candidate = match.group()
        # A space-grouped number may have run into a following four-letter word
        # ("BE68 5390 0754 7034 voor"): try shorter readings at group boundaries.
        groups = candidate.split(" ")
        for count in range(len(groups), 0, -1):
            value = " ".join(groups[:count])
            if is_valid_iban(value):
                yield Finding(IBAN, value, match.start(), match.start() + len(value))
                break


def _plausible_birth_date(match: re.Match) -> bool:
    group = match.group
    if group("d1"):
        day, month, year = int(group("d1")), int(group("m1")), group("y1")
    elif group("y2"):
        day, month, year = int(group("d2")), int(group("m2")), group("y2")
    elif group("d3"):
        day, month, year = int(group("d3")), MONTHS[_month_key(group("m3"))], group("y3")
    else:
        day, month, year = int(group("d4")), MONTHS[_month_key(group("m4"))], group("y4")
    today = datetime.date.today()
    if len(year) == 2:
        year = 2000 + int(year) if 2000 + int(year) <= today.year else 1900 + int(year)
    try:
        date = datetime.date(int(year), month, day)
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= date <= today


def _month_key(word: str) -> str:
    return word.rstrip(".").lower()


def _date_span(match: re.Match) -> tuple[int, int]:
    starts = [match.start(g) for g in ("d1", "y2", "d3", "m4") if match.group(g)]
    ends = [match.end(g) for g in ("y1", "d2", "y3", "y4") if match.group(g)]
    return starts[0], ends[0]


def _find_birth_dates(text: str):
    for match in BIRTH_DATE_AFTER.finditer(text):
        if len(match.group("gap")) <= MAX_BIRTH_GAP and _plausible_birth_date(match):
            start, end = _date_span(match)
            yield Finding(BIRTH_DATE, text[start:end], start, end)
    for match in BIRTH_DATE_BEFORE.finditer(text):
        if _plausible_birth_date(match):
            start, end = _date_span(match)
            yield Finding(BIRTH_DATE, text[start:end], start, end)


def _name_at(text: str, pos: int) -> tuple[int, int] | None:
    """The span of the name that starts at pos (after the word that introduced a client), or
    None when what follows is no name."""
    lead = NAME_LEAD.match(text, pos)
    pos = lead.end()
    title = TITLES.match(text, pos)
    if title:
        pos = title.end()
    start, end, words, initials = pos, None, [], False
    while True:
        initial = INITIALS.match(text, pos)
        if initial and not words and not initials:
            initials, pos = True, initial.end()
            continue
        particle = PARTICLES.match(text, pos)
        if particle and (words or initials) and CAPITALISED.match(text, particle.end()):
            pos = particle.end()
            continue
        word = CAPITALISED.match(text, pos)
        if not word:
            break
        words.append(word.group())
        end = word.end()
        gap = re.match(r"[ \t]+", text[end:])
        if not gap:
            break
        pos = end + gap.end()
    if not words or BODY.match(words[0].lower()):
        return None
    if not (title or initials):
        # One capitalised word after "cliënt" may be what the client does something with.
        non_names = _place_and_language_names()
        if " ".join(words).lower() in non_names or words[0].lower() in non_names:
            return None
        if DEMONYM.search(words[0].lower()):
            return None
        # "voor de cliënt, Vluchtelingenwerk en de gemeente" lists; an apposition names a
        # person more fully ("mijn cliënt, Jan de Vries, ...").
        if lead.group("mark") == "," and len(words) < 2:
            return None
    return start, end


def _find_client_names(text: str):
    for match in CLIENT_WORD.finditer(text):
        span = _name_at(text, match.end())
        if span:
            yield Finding(CLIENT_NAME, text[span[0] : span[1]], *span)


FINDERS = {
    # In this order a finding wins over a later one at the same place: a number inside an
    # e-mail address or an IBAN is part of that, not a number of its own.
    EMAIL: _find_emails,
    IBAN: _find_ibans,
    CLIENT_NAME: _find_client_names,
    BIRTH_DATE: _find_birth_dates,
    V_NUMBER: _find_v_numbers,
    BSN: _find_bsns,
    PHONE: _find_phones,
}


def find_personal_data(text: str | None, kinds: Iterable[str] = ALL_KINDS) -> list[Finding]:
    """Likely personal data of clients in text, in reading order, without overlaps."""
    kinds = frozenset(kinds)
    unknown = kinds - ALL_KINDS
    if unknown:
        raise ValueError(f"unknown kinds of personal data: {sorted(unknown)}")
    if not text:
        return []
    # Numbers inside a web address identify pages; inside an IBAN-shaped code that fails its
    # check (a typo, a made-up example) they are no phone number or BSN either.
    masked = [m.span() for m in URL_PATTERN.finditer(text)]
    masked += [m.span() for m in IBAN_CANDIDATE.finditer(text)]
    found: list[Finding] = []
    # Every kind is looked for, also those not asked for: the digits of an IBAN or an e-mail
    # address belong to it and must not come back as a BSN when only client kinds are asked.
    for finder in FINDERS.values():
        for finding in finder(text):
            inside = any(a <= finding.start and finding.end <= b for a, b in masked)
            if inside and finding.kind != IBAN:
                continue
            if any(finding.start < f.end and f.start < finding.end for f in found):
                continue
            found.append(finding)
    return sorted((f for f in found if f.kind in kinds), key=lambda f: f.start)


# Markup in descriptions: inline elements join the letters around them, block elements part
# them, so "<b>12</b>-03-1985" stays one date and "<p>Jan</p><p>Piet</p>" two words.
INLINE_TAG = re.compile(r"</?(?:a|b|strong|em|i|span|u|small|sub|sup)(?:\s[^>]*)?>", re.I)
ANY_TAG = re.compile(r"<[^>]*>")


def visible_text(markup: str) -> str:
    """The text a reader sees in sanitised HTML (network.sanitise.clean_html output)."""
    return unescape(ANY_TAG.sub(" ", INLINE_TAG.sub("", markup or "")))


def describe(findings: Iterable[Finding]) -> str:
    """What to remove, in the active language: "BSN '123456782', e-mailadres 'a@b.nl'"."""
    parts = []
    for finding in findings:
        part = gettext("%(kind)s '%(text)s'") % {
            "kind": finding.label,
            "text": " ".join(finding.text.split()),
        }
        if part not in parts:
            parts.append(part)
    return ", ".join(parts)


def personal_data_error(findings: Iterable[Finding]) -> ValidationError:
    return ValidationError(
        _(
            "This text seems to contain personal data of clients; the portal keeps none. "
            "Remove it and try again: %(findings)s."
        ),
        code="personal_data",
        params={"findings": describe(findings)},
    )


def refuse_personal_data(
    value: str | None, kinds: Iterable[str] = ALL_KINDS, *, html: bool = False
) -> str | None:
    """The value unchanged, or ValidationError (code "personal_data") naming what to remove.
    In a form: `return refuse_personal_data(clean_text(self.cleaned_data["text"]))`, or name
    the field in PrivacyGuardMixin.privacy_fields. html=True reads sanitised HTML as its text."""
    findings = find_personal_data(visible_text(value) if html else value, kinds)
    if findings:
        raise personal_data_error(findings)
    return value


class PrivacyGuardMixin:
    """For a Django form: refuse personal data of clients in the named fields, each with its
    own kinds (`privacy_fields = {"message": ALL_KINDS}`); fields in `privacy_html_fields`
    hold sanitised HTML and are read as their visible text. The findings stay in
    `privacy_findings` per field, for a template that wants to mark them."""

    privacy_fields: dict[str, Iterable[str]] = {}
    privacy_html_fields: frozenset[str] = frozenset()

    def clean(self):
        cleaned = super().clean()
        self.privacy_findings = {}
        for name, kinds in self.privacy_fields.items():
            value = self.cleaned_data.get(name)
            if not value:
                continue
            text = visible_text(value) if name in self.privacy_html_fields else value
            findings = find_personal_data(text, kinds)
            if findings:
                self.privacy_findings[name] = findings
                self.add_error(name, personal_data_error(findings))
        return cleaned
