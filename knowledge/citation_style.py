"""A ruling cited the way Dutch lawyers write it: "Rb. Midden-Nederland 15 maart 2016,
ECLI:NL:RBMNE:2016:1780".

The form is Dutch whatever language the visitor reads the site in (it is pasted into Dutch
pleadings and memos), so month names come from a fixed table rather than the active locale.
Court names follow general rules ("Rechtbank X" is "Rb. X", "Gerechtshof X" is "Hof X"); only
the highest courts, whose abbreviations cannot be derived from their names, are in a table.
"""

from __future__ import annotations

import datetime
import re

DUTCH_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip

# By official name, as dcterms:creator gives it, in lower case.
HIGHEST_COURTS = {
    "hoge raad": "HR",
    "hoge raad der nederlanden": "HR",
    # The Procurator General's office publishes the opinions of the Advocates General, which
    # are cited as such; the data does not name the A-G.
    "parket bij de hoge raad": "Conclusie A-G",
    # The Council of State's rulings are those of its Administrative Jurisdiction Division.
    "raad van state": "ABRvS",
    "afdeling bestuursrechtspraak van de raad van state": "ABRvS",
    "centrale raad van beroep": "CRvB",
    "college van beroep voor het bedrijfsleven": "CBb",
    "europees hof voor de rechten van de mens": "EHRM",
    "hof van justitie": "HvJ EU",
    "hof van justitie van de europese unie": "HvJ EU",
    "hof van justitie eu": "HvJ EU",
    "gerecht van de europese unie": "Gerecht EU",
}
# When a ruling has no court name, the court code of its ECLI still says which court it is.
HIGHEST_COURT_CODES = {
    ("NL", "HR"): "HR",
    ("NL", "PHR"): "Conclusie A-G",
    ("NL", "RVS"): "ABRvS",
    ("NL", "CRVB"): "CRvB",
    ("NL", "CBB"): "CBb",
    ("CE", "ECHR"): "EHRM",
    ("EU", "C"): "HvJ EU",
    ("EU", "T"): "Gerecht EU",
}
# General rules: a prefix of the official name and the customary abbreviation that replaces it.
PREFIX_RULES = (
    ("arrondissementsrechtbank ", "Rb. "),
    ("rechtbank ", "Rb. "),
    ("gerechtshof ", "Hof "),
)
# Courts whose seat (zittingsplaats) is part of the citation: the Hague court hears asylum cases
# in a dozen places, and lawyers tell those rulings apart by the seat.
SEAT_CITED_COURTS = frozenset({"Rb. Den Haag", "Rb. 's-Gravenhage"})
_SAME_PLACE = {"Rb. Den Haag": {"den haag", "'s-gravenhage"}}

_SPACES = re.compile(r"\s+")
_SEAT_IN_NAME = re.compile(r"^(?P<court>.+?)[\s,]+(?:zittingsplaats|zp\.)\s*(?P<seat>.+)$", re.I)
_TAG = re.compile(r"<[^>]*>")
_SEAT_IN_TEXT = re.compile(
    r"\b(?:zittingsplaats|zittinghoudende\s+te)\s*:?\s+(?P<seat>'?[A-Za-z][A-Za-z' -]{1,40}?)"
    r"\s*(?:[,;.()\n]|$|\b(?:bestuursrecht|vreemdelingenrecht|zaaknummers?|uitspraak)\b)",
    re.I,
)
# The seat is named in the head of the ruling; further on "zittingsplaats" is someone's prose.
_HEAD_CHARACTERS = 3000


def dutch_date(value: datetime.date) -> str:
    """The date as Dutch lawyers write it, "15 maart 2016", whatever the active language."""
    return f"{value.day} {DUTCH_MONTHS[value.month - 1]} {value.year}"


def _place(text: str) -> str:
    """A place name as written in running text: "'S-HERTOGENBOSCH" is "'s-Hertogenbosch"."""
    text = _SPACES.sub(" ", text).strip(" ,.;:")
    if text.isupper():
        text = text.title()
    return re.sub(r"^'S-", "'s-", text)


def court_abbreviation(court: str, ecli: str = "", seat: str = "") -> str:
    """The court as cited: "Rechtbank Midden-Nederland" is "Rb. Midden-Nederland", "Gerechtshof
    Arnhem-Leeuwarden" is "Hof Arnhem-Leeuwarden", "Raad van State" is "ABRvS". A name no rule
    knows is kept as it is. A seat is added for the courts whose seat lawyers cite, and always
    when the court's name itself names one ("Rechtbank Den Haag, zittingsplaats Haarlem")."""
    name = _SPACES.sub(" ", court or "").strip()
    in_name = _SEAT_IN_NAME.match(name)
    if in_name:
        name, seat = in_name.group("court").strip(" ,"), in_name.group("seat")
    if not name:
        parts = (ecli or "").upper().split(":")
        return HIGHEST_COURT_CODES.get((parts[1], parts[2]), "") if len(parts) == 5 else ""
    abbreviation = HIGHEST_COURTS.get(name.lower())
    if abbreviation is None:
        abbreviation = name
        for prefix, short in PREFIX_RULES:
            if name.lower().startswith(prefix):
                abbreviation = short + name[len(prefix) :].strip()
                break
    seat = _place(seat or "")
    if seat and (in_name or abbreviation in SEAT_CITED_COURTS):
        own = _SAME_PLACE.get(abbreviation, {abbreviation.split(" ", 1)[-1].lower()})
        if seat.lower() not in own:
            abbreviation = f"{abbreviation} (zp. {seat})"
    return abbreviation


def seat_from_text(html: str) -> str:
    """The seat (zittingsplaats) the head of a ruling names ("Zittingsplaats Amsterdam"), or ""."""
    head = _TAG.sub("\n", (html or "")[:_HEAD_CHARACTERS])
    match = _SEAT_IN_TEXT.search(head)
    return _place(match.group("seat")) if match else ""


def dutch_citation(
    court: str, decision_date: datetime.date | None, ecli: str, seat: str = ""
) -> str:
    """The customary citation: "Rb. Midden-Nederland 15 maart 2016, ECLI:NL:RBMNE:2016:1780"."""
    head = " ".join(
        part
        for part in (
            court_abbreviation(court, ecli, seat),
            dutch_date(decision_date) if decision_date else "",
        )
        if part
    )
    return f"{head}, {ecli}" if head else ecli
