"""Reading aids for a ruling's full text: a table of contents and linkable considerations.

Works on the sanitised HTML as it is stored (see knowledge.rechtspraak.html), when the page is
rendered, so rulings imported before these aids existed get them without a re-import. It adds
only what it builds itself: ``id`` attributes made of digits, dots and slug characters, and
small links to those ids; text and markup already there are kept as they are.

- Headings get ids (``sectie-overwegingen``) for the table of contents. Old rulings without
  structure carry their section titles as plain paragraphs ("Procesverloop", "Overwegingen"); a
  paragraph that holds nothing but such a well-known title becomes a heading.
- Numbered considerations get ids ``ro-4.2`` and a link "¶" to themselves, to copy or share.
  The number is the one the court marked up (``<nr>`` in its XML, ``span.nr`` here); a ruling
  without marked-up numbers is read for paragraphs that start with one ("4.2", "4.2.", "2.").
  Numbers in quotations, lists, tables and footnotes are left alone: they are not this ruling's.

Headings move one level down, as the page puts the whole text under its own "Full text" heading.
Anything unexpected leaves the text exactly as stored, without aids, rather than failing.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from html import escape

from django.core.cache import caches
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext
from lxml import etree
from lxml import html as lxml_html

logger = logging.getLogger(__name__)

CACHE_VERSION = 1
CACHE_SECONDS = 7 * 24 * 3600
# Fewer sections than this read well without a table of contents.
MIN_TOC_ENTRIES = 3
HEADING_PREFIX = "sectie-"
CONSIDERATION_PREFIX = "ro-"

_HEADINGS = ("h2", "h3", "h4", "h5")
# Numbers inside these belong to something quoted or listed, not to the ruling's own reasoning.
_NOT_REASONING = frozenset({"blockquote", "li", "table", "aside", "td", "th", "ol", "ul"})
_INLINE_LEAD = frozenset({"strong", "em", "u", "b", "i"})
# "4.2", "4.2." and "2." open a consideration; "2" alone does not (dates: "22 mei 2012").
# Sub-numbers have at most two digits, so "1.000 euro" is not a consideration.
_TEXT_NUMBER = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,2}){1,4}\.?|\d{1,3}\.)(?=\s|$)")
# What the court marked up as a number: any leading run of digits and dots ("2.2 (" is "2.2").
_MARKED_NUMBER = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3}){0,5})")
# Section titles that old, unstructured rulings write as a paragraph of their own.
KNOWN_SECTION_TITLES = frozenset(
    {
        "procesverloop", "het procesverloop", "verloop van de procedure", "verloop van het geding",
        "het verloop van het geding", "ontstaan en loop van het geding", "het geding",
        "feiten", "de feiten", "feiten en omstandigheden", "de feiten en omstandigheden",
        "het geschil", "geschil", "standpunten van partijen", "de standpunten van partijen",
        "overwegingen", "de overwegingen", "beoordeling", "de beoordeling",
        "beoordeling van het geschil", "de beoordeling van het geschil",
        "beoordeling van het beroep", "beoordeling van het hoger beroep",
        "het oordeel van de rechtbank", "het oordeel van het hof", "motivering",
        "de motivering van de beslissing", "conclusie", "proceskosten", "kosten",
        "beslissing", "de beslissing", "uitspraak", "de uitspraak", "rechtsmiddel",
    }
)  # fmt: skip
_MAX_TITLE_WORDS = 8
_MAX_SLUG = 60


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    text: str
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class ReadableText:
    html: str
    toc: tuple[TocEntry, ...] = ()
    considerations: tuple[str, ...] = ()  # their ids, in order

    @property
    def show_toc(self) -> bool:
        return sum(1 + len(entry.children) for entry in self.toc) >= MIN_TOC_ENTRIES


def readable_text(html: str) -> ReadableText:
    """The aids for stored HTML, kept in the cache under the text's hash (so per revision, and
    shared by every page that holds the same text) and the language of the link labels."""
    if not html or not html.strip():
        return ReadableText(html or "")
    digest = hashlib.sha256(html.encode()).hexdigest()
    key = f"knowledge:reading:{CACHE_VERSION}:{translation.get_language()}:{digest}"
    cache = caches["default"]
    value = cache.get(key)
    if not isinstance(value, ReadableText):
        value = add_reading_aids(html)
        cache.set(key, value, CACHE_SECONDS)
    return value


def add_reading_aids(html: str) -> ReadableText:
    try:
        return _Reader(html).run()
    except Exception:  # noqa: BLE001 - odd markup must cost the aids, never the page
        logger.warning("reading aids skipped for a text of %d characters", len(html), exc_info=True)
        return ReadableText(html)


def _text(element: etree._Element) -> str:
    return " ".join(element.text_content().split())


class _Reader:
    def __init__(self, html: str):
        self.root = lxml_html.fragment_fromstring(html, create_parent="div")
        self.used = {el.get("id") for el in self.root.iter() if el.get("id")}
        self.considerations: list[str] = []

    def run(self) -> ReadableText:
        headings = self._headings()
        toc = self._toc(headings)
        self._considerations()
        self._demote()
        root = self.root
        html = escape(root.text or "", quote=False) + "".join(
            etree.tostring(child, method="html", encoding="unicode") for child in root
        )
        return ReadableText(html, toc, tuple(self.considerations))

    def _unique(self, wanted: str) -> str:
        candidate, n = wanted, 1
        while candidate in self.used:
            n += 1
            candidate = f"{wanted}-{n}"
        self.used.add(candidate)
        return candidate

    def _in_reasoning(self, element: etree._Element) -> bool:
        for ancestor in element.iterancestors():
            if ancestor.tag in _NOT_REASONING:
                return False
            if ancestor.tag == "div" and "info" in (ancestor.get("class") or "").split():
                return False
        return True

    # -- sections ------------------------------------------------------------------------------

    def _headings(self) -> list[etree._Element]:
        headings = [el for el in self.root.iter(*_HEADINGS) if _text(el)]
        if not headings:
            headings = self._titles_in_paragraphs()
        for heading in headings:
            slug = slugify(_text(heading))[:_MAX_SLUG].strip("-_")
            heading.set("id", self._unique(HEADING_PREFIX + (slug or "deel")))
        return headings

    def _titles_in_paragraphs(self) -> list[etree._Element]:
        found = []
        for p in self.root.iter("p"):
            text = _text(p)
            if not text or len(text.split()) > _MAX_TITLE_WORDS or not self._in_reasoning(p):
                continue
            title = re.sub(r"^\d{1,2}\.?\s+", "", text).rstrip(":.").strip().lower()
            if title in KNOWN_SECTION_TITLES:
                p.tag = "h2"
                p.attrib.pop("class", None)
                found.append(p)
        return found

    def _toc(self, headings: list[etree._Element]) -> tuple[TocEntry, ...]:
        if not headings:
            return ()
        top = min(int(h.tag[1]) for h in headings)
        entries: list[TocEntry] = []
        children: list[TocEntry] = []
        for heading in headings:
            level = int(heading.tag[1])
            entry = TocEntry(heading.get("id"), _text(heading))
            if level == top:
                if entries:
                    entries[-1] = TocEntry(entries[-1].anchor, entries[-1].text, tuple(children))
                entries.append(entry)
                children = []
            elif level == top + 1 and entries:
                children.append(entry)
        if entries:
            entries[-1] = TocEntry(entries[-1].anchor, entries[-1].text, tuple(children))
        return tuple(entries)

    def _demote(self) -> None:
        for heading in self.root.iter(*_HEADINGS):
            heading.tag = f"h{min(int(heading.tag[1]) + 1, 6)}"

    # -- considerations ------------------------------------------------------------------------

    def _considerations(self) -> None:
        paragraphs = [p for p in self.root.iter("p") if self._in_reasoning(p)]
        marked = [(p, self._marked_number(p)) for p in paragraphs]
        if any(number for _p, number in marked):
            found = [(p, number) for p, number in marked if number]
        else:
            found = [(p, number) for p in paragraphs if (number := self._number_in_text(p))]
        # A number twice ("7.8" quoted in section 2, and section 7's own 7.8): the one in the
        # section of that number gets the plain id, the other one a suffix.
        sections = self._section_numbers()
        in_place = [sections.get(p) in (None, number.split(".")[0]) for p, (number, _span) in found]
        links = {}
        for first_pass in (True, False):
            for (p, (number, span)), fits in zip(found, in_place, strict=True):
                if fits == first_pass:
                    links[p] = self._anchor(p, number, span)
        self.considerations = [links[p] for p, _number in found]

    def _section_numbers(self) -> dict:
        """For each paragraph, the number of the heading above it ("7 Behandeling ..."), if the
        headings are numbered."""
        current, numbers = None, {}
        for element in self.root.iter("p", *_HEADINGS):
            if element.tag == "p":
                numbers[element] = current
            else:
                match = re.match(r"\s*(\d{1,3})\b", _text(element))
                current = match.group(1) if match else current
        return numbers

    @staticmethod
    def _marked_number(p: etree._Element):
        """(number, span) when the paragraph opens with the court's own number."""
        if (p.text or "").strip() or not len(p):
            return None
        first = p[0]
        if first.tag != "span" or "nr" not in (first.get("class") or "").split():
            return None
        match = _MARKED_NUMBER.match(first.text_content())
        return (match.group(1), first) if match else None

    def _number_in_text(self, p: etree._Element):
        """(number, element holding it) when the paragraph's text opens with a number, which is
        then wrapped in a span.nr like the court's own. Also after an inline subheading and a
        line break, as in "<u>Algemeen</u><br>1. Verweerder ..."."""
        if (p.text or "").strip():
            return self._split_number(p, "text")
        if not len(p):
            return None
        first = p[0]
        if first.tag not in _INLINE_LEAD:
            return None
        # "<strong>4.2</strong> De rechtbank ...": the number set in bold or italics.
        lead = _TEXT_NUMBER.match(first.text_content())
        if lead and lead.end() == len(first.text_content().rstrip()):
            return (lead.group(1), first)
        if (first.tail or "").strip() or len(p) < 2 or p[1].tag != "br":
            return None
        return self._split_number(p[1], "tail")

    def _split_number(self, holder: etree._Element, attribute: str):
        text = getattr(holder, attribute) or ""
        match = _TEXT_NUMBER.match(text)
        if not match:
            return None
        span = etree.Element("span", {"class": "nr"})
        span.text = match.group(1)
        span.tail = text[match.end() :]
        setattr(holder, attribute, text[: match.start(1)] or None)
        if attribute == "text":
            holder.insert(0, span)
        else:
            holder.addnext(span)
        return (match.group(1), span)

    def _anchor(self, p: etree._Element, number: str, span: etree._Element) -> str:
        number = number.rstrip(".")
        anchor = self._unique(CONSIDERATION_PREFIX + number)
        p.set("id", anchor)
        label = gettext("Link to r.o. %(number)s") % {"number": number}
        link = etree.Element(
            "a", {"class": "ro-link", "href": f"#{anchor}", "aria-label": label, "title": label}
        )
        link.text = "¶"
        link.tail = span.tail
        span.tail = None
        span.addnext(link)
        return anchor
