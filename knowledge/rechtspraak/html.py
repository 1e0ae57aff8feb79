"""Render the body of a rechtspraak.nl ruling (a DocBook-like XML dialect) as clean HTML.

The judiciary's elements (section, title, para, parablock, paragroup with nr, emphasis, lists,
informaltable, footnote, bridgehead, ...) become semantic HTML: numbered paragraphs keep their
number in ``<span class="nr">``, section titles become headings, emphasis becomes
``<strong>``/``<em>``/``<u>``, lists and tables stay lists and tables, footnotes are collected in
an ``<aside class="footnotes">``. Elements we do not know are unwrapped to their text. The result
is always passed through nh3 with an explicit allow-list, so nothing outside what this module
itself produces can reach a page.
"""

from __future__ import annotations

import re
from html import escape

import nh3
from django.utils.translation import gettext
from lxml import etree
from lxml import html as lxml_html

# Sections of a ruling that the judiciary marks with a role; kept as classes so a stylesheet can,
# for instance, set off the decision.
SECTION_ROLES = frozenset(
    {"procesverloop", "overwegingen", "beslissing", "feiten", "conclusie", "uitspraak"}
)

ALLOWED_TAGS = frozenset(
    {
        "a", "aside", "blockquote", "br", "caption", "div", "em", "h2", "h3", "h4", "li", "ol",
        "p", "section", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "u", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "id"},
    "li": {"id"},
    "ol": {"type", "start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
ALLOWED_CLASSES = {
    "aside": {"footnotes"},
    "div": {"info", "para", "paragroup"},
    "p": {"bridgehead", "media-omitted", "nr-only"},
    "section": set(SECTION_ROLES),
    "span": {"nr", "smallcaps"},
    "sup": {"footnote-ref"},
}

_DROP = frozenset({"script", "style", "iframe", "object", "embed", "noscript", "template"})
_BLOCK_SOURCE = frozenset(
    {
        "para", "parablock", "paragroup", "section", "itemizedlist", "orderedlist", "table",
        "informaltable", "blockquote", "mediaobject", "bridgehead", "uitspraak.info",
        "conclusie.info", "listitem",
    }
)  # fmt: skip
_CONTAINER_HTML = frozenset(
    {
        "aside", "blockquote", "div", "li", "ol", "section", "table", "tbody", "td", "tfoot",
        "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_TEXT_BLOCK_HTML = frozenset({"p", "h2", "h3", "h4", "caption", "li", "td", "th", "blockquote"})
_NUMERATION = {
    "arabic": "1",
    "loweralpha": "a",
    "upperalpha": "A",
    "lowerroman": "i",
    "upperroman": "I",
}
_EMPHASIS = {"bold": "strong", "strong": "strong", "italic": "em", "underline": "u"}
_SPACES = re.compile(r"[ \t\r\n]+")
_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]")


def _name(node: etree._Element) -> str:
    tag = node.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def _append_text(parent: etree._Element, text: str | None) -> None:
    if not text:
        return
    if "\n" in text or "\t" in text or "\r" in text or "  " in text:
        text = _SPACES.sub(" ", text)
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _separate(parent: etree._Element) -> None:
    """End the text so far with a space, so unwrapped blocks do not run into each other."""
    last = parent[-1].tail if len(parent) else parent.text
    if last is None and len(parent):
        last = "x"  # right after a child element, whose text ends without a space
    if last and not last[-1].isspace():
        _append_text(parent, " ")


def _has_content(node: etree._Element) -> bool:
    if "".join(node.itertext()).strip():
        return True
    return any(_name(el) in {"mediaobject", "imagedata", "footnote-ref"} for el in node.iter())


class _Converter:
    def __init__(self, heading_level: int):
        self.heading_level = heading_level
        self.pending_nr: str | None = None
        self.footnotes: list[tuple[str, etree._Element]] = []
        self.footnote_labels: dict[str, str] = {}
        self.referenced: set[str] = set()

    def prepare(self, root: etree._Element) -> None:
        for node in root.iter():
            name = _name(node)
            if name == "footnote-ref" and node.get("linkend"):
                self.referenced.add(node.get("linkend"))
        number = 0
        for node in root.iter():
            if _name(node) == "footnote":
                number += 1
                key = node.get("id") or f"n{number}"
                self.footnote_labels[key] = (node.get("label") or str(number)).strip()

    # -- helpers ---------------------------------------------------------------------------

    def _sub(self, parent: etree._Element, tag: str, cls: str | None = None) -> etree._Element:
        el = etree.SubElement(parent, tag)
        if cls:
            el.set("class", cls)
        return el

    def _nr_span(self, parent: etree._Element, nr: str) -> None:
        span = self._sub(parent, "span", "nr")
        span.text = nr
        span.tail = " "

    def _flush_nr(self, parent: etree._Element) -> None:
        if self.pending_nr is not None:
            nr, self.pending_nr = self.pending_nr, None
            p = self._sub(parent, "p", "nr-only")
            self._nr_span(p, nr)

    def children(self, src: etree._Element, dst: etree._Element, depth: int) -> None:
        _append_text(dst, src.text)
        for child in src:
            self.node(child, dst, depth)
            _append_text(dst, child.tail)

    # -- elements --------------------------------------------------------------------------

    def node(self, src: etree._Element, dst: etree._Element, depth: int) -> None:
        if isinstance(src, etree._ProcessingInstruction):
            if src.target == "linebreak":
                etree.SubElement(dst, "br")
            return
        if not isinstance(src.tag, str):
            return
        name = _name(src)
        if name in _DROP:
            return
        inline = dst.tag in {"p", "span", "strong", "em", "u", "sup", "sub", "a"} or dst.tag in {
            "h2",
            "h3",
            "h4",
            "caption",
        }
        if name in _BLOCK_SOURCE and not inline and name not in {"para", "paragroup", "parablock"}:
            self._flush_nr(dst)
        handler = getattr(self, "el_" + name.replace(".", "_").replace("-", "_"), None)
        if handler is None or (inline and name in _BLOCK_SOURCE and name != "para"):
            if inline and name in _BLOCK_SOURCE:
                _separate(dst)
            self.children(src, dst, depth)
            return
        handler(src, dst, depth, inline)

    def el_para(self, src, dst, depth, inline):
        if not _has_content(src):
            return
        if inline:
            # A para inside a heading or another paragraph: keep its text, separated.
            _separate(dst)
            self.children(src, dst, depth)
            return
        has_blocks = any(_name(child) in _BLOCK_SOURCE for child in src)
        p = self._sub(dst, "div" if has_blocks else "p", "para" if has_blocks else None)
        if self.pending_nr is not None:
            nr, self.pending_nr = self.pending_nr, None
            self._nr_span(p, nr)
        self.children(src, p, depth)

    def el_parablock(self, src, dst, depth, inline):
        self.children(src, dst, depth)

    def el_paragroup(self, src, dst, depth, inline):
        self._flush_nr(dst)
        group = self._sub(dst, "div", "paragroup")
        _append_text(group, src.text)
        for child in src:
            if _name(child) == "nr" and self.pending_nr is None:
                self.pending_nr = " ".join("".join(child.itertext()).split())
            else:
                self.node(child, group, depth)
            _append_text(group, child.tail)
        self._flush_nr(group)

    def el_nr(self, src, dst, depth, inline):
        text = " ".join("".join(src.itertext()).split())
        if text:
            self._nr_span(dst, text)

    def el_section(self, src, dst, depth, inline):
        role = (src.get("role") or "").strip().lower()
        section = self._sub(dst, "section", role if role in SECTION_ROLES else None)
        self.children(src, section, depth + 1)
        self._flush_nr(section)

    def el_title(self, src, dst, depth, inline):
        if inline:
            self.children(src, dst, depth)
            return
        if dst.tag == "table":
            caption = dst.makeelement("caption", {})
            dst.insert(0, caption)
            self.children(src, caption, depth)
            return
        words = [
            "".join(child.itertext()) if _name(child) != "nr" else ""
            for child in src
            if isinstance(child.tag, str)
        ]
        own_text = (src.text or "") + "".join(words) + "".join(c.tail or "" for c in src)
        numbers = [c for c in src if _name(c) == "nr"]
        if not own_text.strip():
            # A "title" holding only a number is the number of the paragraph that follows.
            if numbers:
                self.pending_nr = " ".join("".join(numbers[0].itertext()).split())
            return
        level = min(self.heading_level + max(depth - 1, 0), 4)
        heading = self._sub(dst, f"h{level}")
        self.children(src, heading, depth)

    def el_bridgehead(self, src, dst, depth, inline):
        p = self._sub(dst, "p", "bridgehead")
        target = p
        for token in (src.get("role") or "bold").split():
            tag = _EMPHASIS.get(token)
            if tag:
                target = self._sub(target, tag)
        self.children(src, target, depth)

    def el_emphasis(self, src, dst, depth, inline):
        target = dst
        for token in (src.get("role") or "italic").split():
            if token in _EMPHASIS:
                target = self._sub(target, _EMPHASIS[token])
            elif token in {"smallcaps"}:
                target = self._sub(target, "span", "smallcaps")
            elif token in {"sup", "superscript"}:
                target = self._sub(target, "sup")
            elif token in {"sub", "subscript"}:
                target = self._sub(target, "sub")
        if target is dst:
            target = self._sub(dst, "em")
        self.children(src, target, depth)

    def el_superscript(self, src, dst, depth, inline):
        self.children(src, self._sub(dst, "sup"), depth)

    def el_subscript(self, src, dst, depth, inline):
        self.children(src, self._sub(dst, "sub"), depth)

    def el_itemizedlist(self, src, dst, depth, inline):
        self.children(src, self._sub(dst, "ul"), depth)

    def el_orderedlist(self, src, dst, depth, inline):
        ol = self._sub(dst, "ol")
        numeration = _NUMERATION.get((src.get("numeration") or "").strip().lower())
        if numeration and numeration != "1":
            ol.set("type", numeration)
        self.children(src, ol, depth)

    def el_listitem(self, src, dst, depth, inline):
        if dst.tag not in {"ul", "ol"}:
            dst = self._sub(dst, "ul")
        self.children(src, self._sub(dst, "li"), depth)

    def el_blockquote(self, src, dst, depth, inline):
        self.children(src, self._sub(dst, "blockquote"), depth)

    def el_uitspraak_info(self, src, dst, depth, inline):
        self.children(src, self._sub(dst, "div", "info"), depth)

    el_conclusie_info = el_uitspraak_info

    def el_mediaobject(self, src, dst, depth, inline):
        p = self._sub(dst, "p", "media-omitted")
        p.text = gettext("[Image not included; see the ruling on rechtspraak.nl.]")

    el_inlinemediaobject = el_mediaobject

    def el_informaltable(self, src, dst, depth, inline):
        table = self._sub(dst, "table")
        for child in src:
            name = _name(child)
            if name == "tgroup":
                self._tgroup(child, table, depth)
            elif name == "title":
                self.el_title(child, table, depth, False)
            elif name in {"thead", "tbody", "tfoot"}:
                self._rows(child, self._sub(table, name), depth, [], name == "thead")
            elif name == "row":
                body = table[-1] if len(table) and table[-1].tag == "tbody" else None
                self._row(
                    child, body if body is not None else self._sub(table, "tbody"), depth, [], False
                )

    el_table = el_informaltable

    def _tgroup(self, src, table, depth):
        columns = [c.get("colname") for c in src if _name(c) == "colspec"]
        spans = {
            s.get("spanname"): (s.get("namest"), s.get("nameend"))
            for s in src
            if _name(s) == "spanspec"
        }
        for child in src:
            name = _name(child)
            if name in {"thead", "tbody", "tfoot"}:
                self._rows(child, self._sub(table, name), depth, columns, name == "thead", spans)
            elif name == "row":
                body = table[-1] if len(table) and table[-1].tag == "tbody" else None
                if body is None:
                    body = self._sub(table, "tbody")
                self._row(child, body, depth, columns, False, spans)

    def _rows(self, src, section, depth, columns, header, spans=None):
        for child in src:
            if _name(child) == "row":
                self._row(child, section, depth, columns, header, spans or {})

    def _row(self, src, section, depth, columns, header, spans=None):
        tr = self._sub(section, "tr")
        for entry in src:
            if _name(entry) not in {"entry", "entrytbl"}:
                continue
            cell = self._sub(tr, "th" if header else "td")
            start, end = entry.get("namest"), entry.get("nameend")
            if entry.get("spanname") and spans and entry.get("spanname") in spans:
                start, end = spans[entry.get("spanname")]
            if start in columns and end in columns:
                width = columns.index(end) - columns.index(start) + 1
                if width > 1:
                    cell.set("colspan", str(width))
            more = (entry.get("morerows") or "").strip()
            if more.isdigit() and int(more) > 0:
                cell.set("rowspan", str(int(more) + 1))
            self.children(entry, cell, depth)

    def el_footnote_ref(self, src, dst, depth, inline):
        key = src.get("linkend") or ""
        if key in self.footnote_labels:
            self._footnote_marker(dst, key)

    def _footnote_marker(self, dst, key):
        safe = _SAFE_ID.sub("", key)
        sup = self._sub(dst, "sup", "footnote-ref")
        a = self._sub(sup, "a")
        a.set("href", f"#fn-{safe}")
        a.set("id", f"fnref-{safe}")
        a.text = self.footnote_labels[key]

    def el_footnote(self, src, dst, depth, inline):
        key = src.get("id") or f"n{len(self.footnotes) + 1}"
        if key not in self.footnote_labels:
            self.footnote_labels[key] = str(len(self.footnote_labels) + 1)
        if key not in self.referenced:
            # A footnote written in place: leave a marker here, move its text to the end.
            self._footnote_marker(dst, key)
        self.footnotes.append((key, src))

    def render_footnotes(self, wrapper: etree._Element) -> None:
        if not self.footnotes:
            return
        aside = self._sub(wrapper, "aside", "footnotes")
        ol = self._sub(aside, "ol")
        for key, src in self.footnotes:
            li = self._sub(ol, "li")
            li.set("id", "fn-" + _SAFE_ID.sub("", key))
            self.children(src, li, 0)


def _tidy(el: etree._Element) -> None:
    """Drop layout white space between blocks and at the edges of text blocks."""
    for node in el.iter():
        if node.tag in _CONTAINER_HTML:
            if node.text and not node.text.strip() and len(node):
                node.text = None
            for child in node:
                if child.tail and not child.tail.strip():
                    child.tail = None
        if node.tag in _TEXT_BLOCK_HTML or node.tag in _CONTAINER_HTML:
            if node.text:
                node.text = node.text.lstrip() or None
            if len(node):
                last = node[-1]
                if last.tail:
                    last.tail = last.tail.rstrip() or None
            elif node.text:
                node.text = node.text.rstrip() or None
    for node in list(el.iter("p", "h2", "h3", "h4", "li", "ul", "ol", "div", "section")):
        parent = node.getparent()
        if parent is None or node.tag == "div" and node.get("class") == "info":
            continue
        if not len(node) and not (node.text or "").strip() and node.tag != "li":
            if node.tail:
                _append_prev(node, node.tail)
            parent.remove(node)


def _append_prev(node: etree._Element, text: str) -> None:
    prev = node.getprevious()
    parent = node.getparent()
    if prev is not None:
        prev.tail = (prev.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def sanitise_html(html: str) -> str:
    """Clean HTML against this module's allow-list; also for HTML from other sources."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        allowed_classes={tag: set(classes) for tag, classes in ALLOWED_CLASSES.items()},
        url_schemes={"http", "https"},
        link_rel=None,
        strip_comments=True,
    ).replace(' class=""', "")


def body_to_html(element: etree._Element | None, heading_level: int = 2) -> str:
    """Render a parsed ``<uitspraak>``, ``<conclusie>`` or ``<inhoudsindicatie>`` element.

    Section titles start at ``<h{heading_level}>`` and go no deeper than ``<h4>``.
    """
    if element is None:
        return ""
    converter = _Converter(heading_level)
    converter.prepare(element)
    wrapper = etree.Element("div")
    converter.children(element, wrapper, 0)
    converter._flush_nr(wrapper)
    converter.render_footnotes(wrapper)
    _tidy(wrapper)
    html = escape(wrapper.text or "", quote=False) + "".join(
        etree.tostring(child, method="html", encoding="unicode") for child in wrapper
    )
    return sanitise_html(html).strip()


_TEXT_BREAKS = {
    "p": 2, "h2": 2, "h3": 2, "h4": 2, "section": 2, "div": 1, "aside": 2, "blockquote": 2,
    "ul": 1, "ol": 1, "li": 1, "table": 2, "tr": 1, "caption": 1,
}  # fmt: skip


_MARKERS = ("- ", "\t")


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: blocks separated by blank lines, items on their own line."""
    if not html or not html.strip():
        return ""
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        breaks = after = _TEXT_BREAKS.get(tag, 0)
        parent = node.getparent()
        # Items follow each other line by line; so do the blocks inside an item or a cell.
        if tag == "li" or (breaks and parent is not None and parent.tag in {"li", "td", "th"}):
            breaks, after = 1, 0
        # A list item's or cell's first block starts on the marker's line.
        if breaks and not (parts and parts[-1] in _MARKERS):
            parts.append("\n" * breaks)
        if tag == "br":
            parts.append("\n")
        elif tag == "li":
            parts.append("- ")
        elif tag in {"td", "th"}:
            parts.append("\t")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if after:
            parts.append("\n" * after)

    walk(root)
    text = "".join(parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
