"""The index document: what every engine stores about one searchable thing.

Content apps turn their models into IndexDocuments with builder functions listed in
search/registry.py; engines never look at content models themselves. Members-only text lives in
`members_text`, apart from `public_text`, so that an engine can search and highlight the public
part alone for a visitor who is not a member."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

# The visibility values are the access rule's own (portal.access); documents carry them.
from portal.access import MEMBERS, PUBLIC, VISIBILITIES

__all__ = ["MEMBERS", "PUBLIC", "VISIBILITIES", "IndexDocument"]


@dataclass
class IndexDocument:
    id: str  # stable and unique across types, e.g. "caselaw:42" or "country:17:section:3"
    type: str
    title: str
    url: str
    public_text: str = ""
    members_text: str = ""
    # "members": the whole document is members-only (a restricted page, an expert profile).
    visibility: str = PUBLIC
    countries: list[str] = field(default_factory=list)  # ISO 3166 alpha-2 codes, upper case
    topics: list[str] = field(default_factory=list)  # Topic slugs
    tags: list[str] = field(default_factory=list)
    court: str = ""
    legal_areas: list[str] = field(default_factory=list)
    # Statutory provisions the document cites, as rechtspraak.nl names them
    # ("Algemene wet bestuursrecht 8:75").
    laws: list[str] = field(default_factory=list)
    date: datetime.date | None = None  # the date users sort by (decision date, publication date)
    ecli: str = ""
    case_numbers: list[str] = field(default_factory=list)
    # Extra exact-match identifiers (e.g. an organisation's city); searched, never shown.
    keywords: list[str] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    def __post_init__(self):
        if self.visibility not in VISIBILITIES:
            raise ValueError(f"visibility must be one of {VISIBILITIES}, not {self.visibility!r}")
