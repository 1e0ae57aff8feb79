"""Parse one rechtspraak.nl open-data XML file into a :class:`ParsedRuling`.

The files come from outside, so they are parsed with a hardened lxml parser: no DTD loading, no
network, no entity substitution, no huge trees, and any document that declares entities is
refused before it is parsed (entity expansion and external entities are the classic XML attacks).
Every problem with a file is reported as :class:`RulingParseError`, never as another exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext
from lxml import etree

from knowledge.ecli import InvalidECLI, deeplink, find_eclis, normalise_ecli
from knowledge.rechtspraak.html import body_to_html, html_to_text

MAX_RULING_BYTES = 20 * 1024 * 1024
ROOT_TAG = "open-rechtspraak"

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dcterms": "http://purl.org/dc/terms/",
    "psi": "http://psi.rechtspraak.nl/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "ecli": "https://e-justice.europa.eu/ecli",
    "rs": "http://www.rechtspraak.nl/schema/rechtspraak-1.0",
}
# Namespaces of the identifier attribute on dcterms:references, by the scheme they stand for.
REFERENCE_SCHEMES = {
    "bwb-dl": "bwb",
    "http://publications.europa.eu/celex/": "celex",
    "http://decentrale.regelgeving.overheid.nl/cvdr/": "cvdr",
    "http://tuchtrecht.overheid.nl/": "tuchtrecht",
    NS["ecli"]: "ecli",
}
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

_DC = f"{{{NS['dcterms']}}}"
_PSI = f"{{{NS['psi']}}}"
_RDF = f"{{{NS['rdf']}}}"
_ECLI_RESOURCE = f"{{{NS['ecli']}}}resourceIdentifier"
_RDF_DESCRIPTION = _RDF + "Description"
_RDF_ABOUT = _RDF + "about"
_BODY_NAMES = ("uitspraak", "conclusie")
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_EXTERNAL_ID = re.compile(rb"<!DOCTYPE[^>\[]*\b(?:SYSTEM|PUBLIC)\b", re.IGNORECASE)
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
BWB_ID = re.compile(r"\bBWB[RV]\d{7}\b")
_BWB_ARTICLE = re.compile(r"[&?]artikel=([^&]+)")
_CELEX_ID = re.compile(r"\b[0-9CE]\d{4}[A-Z]{1,2}\d{4}[A-Z0-9()]*\b")


class RulingParseError(Exception):
    """The file cannot be read as a ruling; the message says why, for the person importing."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Relation:
    """A formal relation (dcterms:relation) to another ruling, such as the appeal or conclusion."""

    ecli: str
    label: str  # as published, e.g. "Conclusie: ECLI:NL:PHR:2014:69"
    type_uri: str = ""  # e.g. http://psi.rechtspraak.nl/nadereConclusie
    aanleg_uri: str = ""  # http://psi.rechtspraak.nl/eerdereAanleg or .../latereAanleg
    gevolg_uri: str = ""  # outcome, e.g. http://psi.rechtspraak.nl/gevolg#Bekrachtiging/bevestiging

    @property
    def type(self) -> str:
        return _last_part(self.type_uri)

    @property
    def aanleg(self) -> str:
        """ "eerdereAanleg" (the related ruling is earlier) or "latereAanleg" (later)."""
        return _last_part(self.aanleg_uri)

    @property
    def gevolg(self) -> str:
        return self.gevolg_uri.split("#", 1)[1] if "#" in self.gevolg_uri else ""

    @property
    def label_text(self) -> str:
        """The label without the ECLI, e.g. "Conclusie" or "Op verzet tegen"."""
        head = self.label.split("ECLI", 1)[0]
        return head.strip().rstrip(":").strip() or self.label


@dataclass(frozen=True)
class Reference:
    """A reference to legislation (dcterms:references, "Wetsverwijzing")."""

    label: str  # e.g. "Algemene wet bestuursrecht 1:3"
    identifier: str = ""  # e.g. "1.0:v:BWB:BWBR0005537&artikel=1:3&g=1997-10-14"
    scheme: str = ""  # "bwb", "celex", "cvdr", "tuchtrecht", "ecli" or ""

    @property
    def url(self) -> str | None:
        """Where a reader finds the provision, when the identifier says so."""
        if self.scheme == "bwb":
            bwb = BWB_ID.search(self.identifier)
            if not bwb:
                return None
            url = f"https://wetten.overheid.nl/jci1.3:c:{bwb.group(0)}"
            article = _BWB_ARTICLE.search(self.identifier)
            if article:
                url += f"&artikel={article.group(1)}"
            return url
        if self.scheme == "celex":
            celex = _CELEX_ID.search(self.identifier)
            if celex:
                return f"https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:{celex.group(0)}"
        return None


@dataclass
class ParsedRuling:
    """Everything the importer needs from one file. Absent text is "", absent dates None."""

    ecli: str
    source: str = ""
    court: str = ""  # dcterms:creator, e.g. "Rechtbank Amsterdam"
    court_identifier: str = ""  # its resourceIdentifier URI
    document_type: str = ""  # dcterms:type: "Uitspraak" or "Conclusie"
    decision_date: date | None = None
    publication_date: date | None = None
    modified: datetime | None = None  # aware, Europe/Amsterdam
    case_numbers: list[str] = field(default_factory=list)
    procedures: list[str] = field(default_factory=list)
    procedure_identifiers: list[str] = field(default_factory=list)
    legal_areas: list[str] = field(default_factory=list)
    legal_area_identifiers: list[str] = field(default_factory=list)
    # Each legal area with the identifier that belongs to it (see legal_area_pairs()).
    legal_area_identifier_by_name: dict[str, str] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)  # older identifiers, e.g. the LJN "BO3979"
    is_replaced_by: str | None = None
    published_in: list[str] = field(default_factory=list)  # vindplaatsen, e.g. "NJ 2014/12"
    title: str = ""
    spatial: str = ""  # zittingsplaats
    summary_html: str = ""
    summary_text: str = ""
    ruling_html: str = ""
    ruling_text: str = ""
    metadata_only: bool = True
    source_url: str = ""
    raw_size: int = 0

    @property
    def cited_eclis(self) -> list[str]:
        """ECLIs mentioned in the summary and the ruling, other than this ruling's own."""
        return [
            e for e in find_eclis(self.summary_text + "\n" + self.ruling_text) if e != self.ecli
        ]


def _last_part(uri: str) -> str:
    return re.split(r"[/#]", uri.rstrip("/#"))[-1] if uri else ""


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _uri(text: str | None) -> str:
    # Some files wrap URIs over several lines; white space is never part of one.
    return "".join((text or "").split())


def _entities_refused() -> RulingParseError:
    return RulingParseError(
        gettext(
            "The file declares entities or an external document type (DOCTYPE); "
            "such files are refused because they can expand to enormous size or read "
            "other files."
        )
    )


def _check_prolog(data: bytes) -> None:
    head = data
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            head = data.decode(encoding, errors="replace").encode("utf-8")
            break
    if _DOCTYPE.search(head) and (_ENTITY_DECL.search(head) or _EXTERNAL_ID.search(head)):
        raise _entities_refused()


def parse_xml(data: bytes) -> etree._Element:
    """Parse untrusted XML safely and return its root element, or raise RulingParseError."""
    if not data or not data.strip():
        raise RulingParseError(gettext("The file is empty."))
    if len(data) > MAX_RULING_BYTES:
        raise RulingParseError(
            gettext("The file is too large (%(size)s bytes; at most %(limit)s are accepted).")
            % {"size": len(data), "limit": MAX_RULING_BYTES}
        )
    _check_prolog(data)
    # Some files start with white space before the XML declaration, which libxml2 rejects.
    if data[:1].isspace() or data.startswith(b"\xef\xbb\xbf"):
        data = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        collect_ids=False,
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise RulingParseError(
            gettext("The file is not well-formed XML (it may be truncated): %(error)s")
            % {"error": exc.msg or str(exc)}
        ) from exc
    except (ValueError, etree.LxmlError) as exc:
        raise RulingParseError(
            gettext("The file cannot be read as XML: %(error)s") % {"error": exc}
        ) from exc
    if root is None:
        raise RulingParseError(gettext("The file is empty."))
    docinfo = root.getroottree().docinfo
    dtd = docinfo.internalDTD
    if (dtd is not None and any(True for _ in dtd.iterentities())) or any(
        isinstance(node, etree._Entity) for node in root.iter()
    ):
        raise _entities_refused()
    return root


def _date(text: str | None) -> date | None:
    value = _clean(text)
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _datetime(text: str | None) -> datetime | None:
    value = _clean(text)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=AMSTERDAM)
    return moment


def _identifier_key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def legal_area_identifier_fits(name: str, identifier: str) -> bool:
    """Whether a rechtsgebied identifier names this area: the last part of its fragment is the
    name without spaces, e.g. "Civiel recht" and ...#civielRecht, "Vreemdelingenrecht" and
    ...#bestuursrecht_vreemdelingenrecht."""
    fragment = identifier.rpartition("#")[2]
    return bool(fragment) and _identifier_key(fragment.split("_")[-1]) == _identifier_key(name)


def legal_area_pairs(names: list[str], identifier: str) -> list[tuple[str, str]]:
    """Pair the names of one dcterms:subject with identifiers.

    The court publishes one identifier for the whole path: "Bestuursrecht; Vreemdelingenrecht"
    has http://psi.rechtspraak.nl/rechtsgebied#bestuursrecht_vreemdelingenrecht, which names the
    last (most specific) area; the fragment's "_"-separated parts name the path, so the parent
    "Bestuursrecht" is ...#bestuursrecht. When the fragment does not spell out the path, only a
    name it evidently belongs to gets it: no identifier is better than a wrong one."""
    names = [name for name in names if name]
    base, hash_sign, fragment = identifier.partition("#")
    segments = fragment.split("_") if hash_sign and fragment else []
    path_matches = len(segments) == len(names) and all(
        _identifier_key(segment) == _identifier_key(name)
        for segment, name in zip(segments, names, strict=True)
    )
    pairs = []
    for position, name in enumerate(names):
        if path_matches:
            pairs.append((name, f"{base}#{'_'.join(segments[: position + 1])}"))
        elif (
            identifier
            and position == len(names) - 1
            and (len(names) == 1 or legal_area_identifier_fits(name, identifier))
        ):
            pairs.append((name, identifier))
        else:
            pairs.append((name, ""))
    return pairs


def _unique(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _identifier_attribute(el: etree._Element) -> tuple[str, str]:
    """The (namespace, value) of the element's resourceIdentifier attribute in any namespace."""
    for name, value in el.attrib.items():
        qname = etree.QName(name)
        if qname.localname == "resourceIdentifier":
            return qname.namespace or "", value
    return "", ""


def _find_body(root: etree._Element, names: tuple[str, ...]) -> etree._Element | None:
    for child in root:
        if isinstance(child.tag, str) and etree.QName(child).localname in names:
            return child
    return None


def parse_ruling(data: bytes, source: str = "") -> ParsedRuling:
    """Parse one file of the open-data XML; raises :class:`RulingParseError` for bad input."""
    root = parse_xml(data)
    if not isinstance(root.tag, str) or etree.QName(root).localname != ROOT_TAG:
        found = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        raise RulingParseError(
            gettext(
                "This is not a rechtspraak.nl file: the root element is <%(found)s>, "
                "not <%(expected)s>."
            )
            % {"found": found, "expected": ROOT_TAG}
        )

    descriptions = list(root.iter(_RDF_DESCRIPTION))
    main = next((d for d in descriptions if d.get(_RDF_ABOUT) is None), None)
    if main is None and descriptions:
        main = descriptions[0]
    if main is None:
        raise RulingParseError(gettext("The file has no metadata (rdf:Description)."))
    html_description = next((d for d in descriptions if d is not main), None)

    raw_ecli = _clean(main.findtext(_DC + "identifier"))
    if not raw_ecli:
        raise RulingParseError(gettext("The file has no ECLI (dcterms:identifier)."))
    try:
        ecli = normalise_ecli(raw_ecli)
    except InvalidECLI as exc:
        raise RulingParseError(str(exc)) from exc

    ruling = ParsedRuling(ecli=ecli, source=source, raw_size=len(data), source_url=deeplink(ecli))

    creator = main.find(_DC + "creator")
    if creator is not None:
        ruling.court = _clean(creator.text)
        ruling.court_identifier = _uri(_identifier_attribute(creator)[1])
    ruling.document_type = _clean(main.findtext(_DC + "type"))
    ruling.decision_date = _date(main.findtext(_DC + "date"))
    ruling.modified = _datetime(main.findtext(_DC + "modified"))

    # The first description's dcterms:issued is the publication date. A few old files carry a
    # placeholder there (e.g. 1901) that predates the decision; the description of the public
    # HTML version then has the real date.
    published = _date(main.findtext(_DC + "issued"))
    if (published is None or (ruling.decision_date and published < ruling.decision_date)) and (
        html_description is not None
    ):
        fallback = _date(html_description.findtext(_DC + "issued"))
        if fallback is not None:
            published = fallback
    ruling.publication_date = published

    numbers: list[str] = []
    for el in main.iter(_PSI + "zaaknummer"):
        numbers.extend(_clean(part) for part in re.split(r"[,;]", el.text or ""))
    ruling.case_numbers = _unique(numbers)

    for el in main.iter(_PSI + "procedure"):
        ruling.procedures.append(_clean(el.text))
        ruling.procedure_identifiers.append(_uri(_identifier_attribute(el)[1]))
    ruling.procedures = _unique(ruling.procedures)
    ruling.procedure_identifiers = _unique(ruling.procedure_identifiers)

    areas, area_ids = [], []
    for el in main.iter(_DC + "subject"):
        names = [_clean(part) for part in (el.text or "").split(";")]
        identifier = _uri(_identifier_attribute(el)[1])
        areas.extend(names)
        area_ids.append(identifier)
        for name, name_identifier in legal_area_pairs(names, identifier):
            ruling.legal_area_identifier_by_name.setdefault(name, name_identifier)
    ruling.legal_areas = _unique(areas)
    ruling.legal_area_identifiers = _unique(area_ids)

    for el in main.iter(_DC + "relation"):
        label = _clean(el.text)
        target = el.get(_ECLI_RESOURCE) or _identifier_attribute(el)[1]
        candidates = [target] if target else []
        candidates += find_eclis(label)
        for candidate in candidates:
            try:
                target_ecli = normalise_ecli(candidate)
            except InvalidECLI:
                continue
            ruling.relations.append(
                Relation(
                    ecli=target_ecli,
                    label=label,
                    type_uri=_uri(el.get(_PSI + "type")),
                    aanleg_uri=_uri(el.get(_PSI + "aanleg")),
                    gevolg_uri=" ".join((el.get(_PSI + "gevolg") or "").split()),
                )
            )
            break

    for el in main.iter(_DC + "references"):
        namespace, value = _identifier_attribute(el)
        ruling.references.append(
            Reference(
                label=_clean(el.text),
                identifier=_uri(value),
                scheme=REFERENCE_SCHEMES.get(namespace, ""),
            )
        )

    ruling.replaces = _unique(_clean(el.text) for el in main.iter(_DC + "replaces"))
    replaced = _clean(main.findtext(_DC + "isReplacedBy"))
    if replaced:
        try:
            ruling.is_replaced_by = normalise_ecli(replaced)
        except InvalidECLI as exc:
            raise RulingParseError(
                gettext("The file says it is replaced by %(value)s, which is not a valid ECLI.")
                % {"value": replaced[:60]}
            ) from exc

    ruling.published_in = _unique(
        _clean(li.text)
        for version in main.iter(_DC + "hasVersion")
        for li in version.iter(_RDF + "li")
    )
    ruling.spatial = _clean(main.findtext(_DC + "spatial"))
    for description in descriptions:
        title = _clean(description.findtext(_DC + "title"))
        if title:
            ruling.title = title
            break

    summary = _find_body(root, ("inhoudsindicatie",))
    ruling.summary_html = body_to_html(summary, heading_level=3)
    ruling.summary_text = html_to_text(ruling.summary_html)
    body = _find_body(root, _BODY_NAMES)
    ruling.ruling_html = body_to_html(body)
    ruling.ruling_text = html_to_text(ruling.ruling_html)
    ruling.metadata_only = not ruling.ruling_text.strip()
    return ruling
