"""A ruling as a reference for a reference manager: RIS (EndNote, Zotero, Mendeley, Citavi) and
BibTeX (LaTeX, JabRef).

Only what the ruling's public page shows goes in: the court's data and its summary. The
knowledge centre's annotation never does, whoever asks (it may be for members only, and a file,
once downloaded, is passed on).
"""

from __future__ import annotations

import re

from django.http import HttpResponse
from django.utils.encoding import iri_to_uri

RIS_CONTENT_TYPE = "application/x-research-info-systems; charset=utf-8"
BIBTEX_CONTENT_TYPE = "application/x-bibtex; charset=utf-8"

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_IN_KEY = re.compile(r"[^A-Za-z0-9.-]+")
_BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun",
                  "jul", "aug", "sep", "oct", "nov", "dec")  # fmt: skip
# Characters that mean something to BibTeX or LaTeX, as LaTeX writes them as text.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    # BibTeX counts every brace, escaped or not, so braces are written as commands.
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL = re.compile(r"[\\{}$&%#_~^]")
# In a URL, braces and backslashes would end or break the field; they are percent-encoded.
_URL_UNSAFE = re.compile(r"[{}\\\s\"<>^`|]")


def _line(value: str) -> str:
    """One line of plain text: RIS and BibTeX values cannot hold line breaks or control codes."""
    return _SPACES.sub(" ", _CONTROL.sub("", value or "")).strip()


def _url(value: str) -> str:
    return _URL_UNSAFE.sub(lambda m: f"%{ord(m.group(0)):02X}", iri_to_uri(_line(value)))


def file_stem(ecli: str) -> str:
    """The ECLI as a file name and a citation key: "ECLI_NL_RBMNE_2016_1780"."""
    return _NOT_IN_KEY.sub("_", ecli).strip("_") or "uitspraak"


def _case_numbers(page) -> str:
    return "; ".join(page.case_number_list)


def ris(page, request) -> str:
    """RIS, with the tags the reference managers read for a court case (Zotero and EndNote map
    PB to the court, DA to the date decided and SV to the docket number); the ECLI is the
    accession number, the identifier of the ruling in the court's database."""
    rows = [("TY", "CASE"), ("TI", page.title), ("PB", page.court)]
    if page.decision_date:
        rows += [
            ("DA", page.decision_date.strftime("%Y/%m/%d")),
            ("PY", str(page.decision_date.year)),
        ]
    rows.append(("AN", page.ecli))
    if page.case_numbers:
        rows.append(("SV", _case_numbers(page)))
    rows += [
        ("ST", page.citation),
        ("UR", _url(page.get_full_url(request))),
        ("L2", _url(page.deeplink)),
        ("AB", page.summary_text),
        ("LA", "nl"),
        ("ER", ""),
    ]
    # The specification asks for "TAG  - value" lines ended by CR LF.
    return "".join(f"{tag}  - {_line(value)}\r\n" for tag, value in rows if value or tag == "ER")


def bibtex_text(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_ESCAPES[m.group(0)], _line(value))


def bibtex(page, request) -> str:
    """BibTeX. The entry type is @misc rather than biblatex's @jurisdiction: classic BibTeX
    styles know no type for court decisions and warn on one they do not know, biblatex's own
    styles print @jurisdiction as @misc anyway, and every tool reads @misc. Fields that only
    biblatex reads (date, langid) are added for those who use it; BibTeX ignores them."""
    official = _url(page.deeplink)
    fields = [
        # Double braces: the court is an institution, not a person to split into first and
        # last names; the title keeps its capitals in styles that lower-case titles.
        ("author", "{" + bibtex_text(page.court) + "}"),
        ("title", "{" + bibtex_text(page.title) + "}"),
    ]
    if page.decision_date:
        fields += [
            ("year", str(page.decision_date.year)),
            ("month", None),
            ("date", page.decision_date.isoformat()),
        ]
    note = page.ecli
    if page.case_numbers:
        label = "zaaknummers" if len(page.case_number_list) > 1 else "zaaknummer"
        note += f"; {label}: {_case_numbers(page)}"
    fields += [
        ("note", bibtex_text(note)),
        # \url inside another field: % and # must be escaped there, and \url prints them plain.
        ("howpublished", r"\url{" + official.replace("%", r"\%").replace("#", r"\#") + "}"),
        ("url", _url(page.get_full_url(request))),
        ("abstract", bibtex_text(page.summary_text)),
        ("langid", "dutch"),
    ]
    lines = [f"@misc{{{file_stem(page.ecli)},"]
    for name, value in fields:
        if name == "month":
            # An unbraced month macro: every style prints it in its own language.
            lines.append(f"  month = {_BIBTEX_MONTHS[page.decision_date.month - 1]},")
        elif value:
            lines.append(f"  {name} = {{{value}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def download(content: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # file_stem leaves only letters, digits, dots, dashes and underscores: safe in the header.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    return response


def ris_response(page, request) -> HttpResponse:
    return download(ris(page, request), RIS_CONTENT_TYPE, file_stem(page.ecli) + ".ris")


def bibtex_response(page, request) -> HttpResponse:
    return download(bibtex(page, request), BIBTEX_CONTENT_TYPE, file_stem(page.ecli) + ".bib")
