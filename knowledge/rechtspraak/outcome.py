"""The outcome of a ruling, read from its decision (the "beslissing", the dictum).

Dutch courts word their decisions in a fixed legal formula: "verklaart het beroep gegrond",
"verklaart het hoger beroep ongegrond", "verklaart het bezwaar niet-ontvankelijk", "wijst het
verzoek af", "vernietigt de uitspraak ... en verwijst de zaak", "verwerpt het beroep" (cassation),
"bevestigt de aangevallen uitspraak" (appeal), "stelt het Hof van Justitie ... de volgende
prejudiciële vragen". The rule below reads those formulas in the decision only, never in the
reasoning (which quotes earlier decisions), and says nothing when the decision is not final
("houdt iedere verdere beslissing aan") or does not use them: an unknown outcome is better than a
wrong one.

The values are those of CaseLawPage.outcome."""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from knowledge.rechtspraak.html import html_to_text

GRANTED, DISMISSED, INADMISSIBLE = "granted", "dismissed", "inadmissible"
PARTLY, REFERRED, PRELIMINARY = "partly", "referred", "preliminary"

# A heading (or a paragraph of its own) that opens the decision in a ruling without marked-up
# sections: "Beslissing", "4 De beslissing", "BESLISSING", "Uitspraak" is not used (it is also
# the document's title).
_DECISION_HEADING = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?(?:de\s+)?(?:beslissing|dictum)\s*:?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
# Where the decision ends: the signature.
_SIGNATURE = re.compile(
    r"(?:deze|dit)\s+(?:uitspraak|arrest|beschikking|vonnis)\s+is\s+(?:gedaan|gewezen|gegeven)"
    r"|aldus\s+(?:gedaan|gewezen|vastgesteld)",
    re.IGNORECASE,
)
_WS = re.compile(r"\s+")

_INTERIM = re.compile(r"houdt\s+(?:iedere|elke)\s+(?:verdere\s+)?beslissing\s+aan", re.I)
_PRELIMINARY = re.compile(
    r"prejudici[eë]le\s+vra(?:ag|gen)|verzoekt\s+het\s+hof\s+van\s+justitie", re.IGNORECASE
)
_REFERRED = re.compile(r"\bvernietigt\b.{0,400}?\bverwijst\b", re.IGNORECASE | re.DOTALL)
# "verklaart het (hoger) beroep / het bezwaar / het verzet / het verzoek (gedeeltelijk) gegrond";
# "ongegrond" is its own word, so "gegrond" is not found inside it.
_GRANTED = re.compile(
    r"(?<![a-z])gegrond|\bwijst\s+(?:het|de)\s+(?:verzoek|vordering|vorderingen)\w*\s+toe"
    r"|\bvernietigt\b",
    re.IGNORECASE,
)
_PARTLY = re.compile(r"(?:gedeeltelijk|deels|ten\s+dele)\s+gegrond", re.IGNORECASE)
_DISMISSED = re.compile(
    r"\bongegrond|\bwijst\s+(?:het|de)\s+(?:verzoek|vordering|vorderingen|beroep)\w*"
    r"(?:\s+\w+){0,6}?\s+af\b|\bverwerpt\s+het\s+beroep|\bbevestigt\s+de\s+(?:aangevallen|"
    r"bestreden)\s+(?:uitspraak|vonnis|beschikking)",
    re.IGNORECASE,
)
_INADMISSIBLE = re.compile(r"niet[\s-]+ontvankelijk", re.IGNORECASE)


def decision_text(ruling_html: str) -> str:
    """The text of the decision: the section the court marked as "beslissing", else what follows
    the last heading that says so; up to the signature. "" when neither is found."""
    if not ruling_html or not ruling_html.strip():
        return ""
    text = ""
    try:
        root = lxml_html.fragment_fromstring(ruling_html, create_parent="div")
        sections = root.xpath(
            "//section[contains(concat(' ', normalize-space(@class), ' '), ' beslissing ')]"
        )
        if sections:
            text = html_to_text(etree.tostring(sections[-1], encoding="unicode"))
    except (etree.ParserError, ValueError):
        text = ""
    if not text:
        full = html_to_text(ruling_html)
        headings = list(_DECISION_HEADING.finditer(full))
        if not headings:
            return ""
        text = full[headings[-1].end() :]
    signature = _SIGNATURE.search(text)
    if signature:
        text = text[: signature.start()]
    return _WS.sub(" ", text).strip()


def outcome_from_decision(decision: str) -> str:
    """The outcome of a decision's text, "" when the formulas do not say."""
    if not decision:
        return ""
    if _PRELIMINARY.search(decision):
        return PRELIMINARY
    if _INTERIM.search(decision):
        return ""
    if _REFERRED.search(decision):
        return REFERRED
    if _PARTLY.search(decision):
        return PARTLY
    granted = bool(_GRANTED.search(decision))
    dismissed = bool(_DISMISSED.search(decision))
    inadmissible = bool(_INADMISSIBLE.search(decision))
    if granted and (dismissed or inadmissible):
        return PARTLY
    if granted:
        return GRANTED
    if dismissed:
        return DISMISSED
    if inadmissible:
        return INADMISSIBLE
    return ""


def derive_outcome(ruling_html: str) -> str:
    """The outcome of a ruling from its stored full text, "" when unknown."""
    return outcome_from_decision(decision_text(ruling_html))
