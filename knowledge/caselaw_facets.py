"""What a lawyer narrows a list of rulings by, beyond the court itself: the level of court
(instance), the procedure and the statutory provisions cited. Each is derived from what the
court publishes, by a general rule, so every ruling the importer brings in has one.

- Instance: the court part of the ECLI names the court, and Dutch court codes carry their kind
  ("RBAMS" is a rechtbank, "GHARL" a gerechtshof, "RVS" the Raad van State). A ruling without a
  court code (typed in by an editor) is placed by the start of the court's name.
- Procedure: rechtspraak.nl's psi:procedure values, stored joined by "; ".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Instance:
    key: str
    label: str
    codes: tuple[str, ...] = ()  # exact ECLI court codes
    prefixes: tuple[str, ...] = ()  # ECLI court codes that start with these
    names: tuple[str, ...] = ()  # court names that start with these (no court code known)

    def matches(self, code: str, name: str) -> bool:
        code = (code or "").upper()
        if code:
            return code in self.codes or code.startswith(self.prefixes)
        name = " ".join((name or "").lower().split())
        return name.startswith(self.names)

    def q(self) -> Q:
        query = Q(court_code__in=self.codes) if self.codes else Q(pk__in=[])
        for prefix in self.prefixes:
            query |= Q(court_code__startswith=prefix)
        for name in self.names:
            query |= Q(court_code="", court__istartswith=name)
        return query


# In the order of the Dutch court system, from the highest court down; "other" (disciplinary
# boards, foreign courts) last.
INSTANCES = (
    Instance("hr", _("Supreme Court (Hoge Raad)"), codes=("HR",), names=("hoge raad",)),
    Instance(
        "phr",
        _("Procurator General at the Supreme Court (conclusions)"),
        codes=("PHR",),
        names=("parket bij de hoge raad",),
    ),
    Instance(
        "rvs",
        _("Council of State (Afdeling bestuursrechtspraak)"),
        codes=("RVS",),
        names=("raad van state",),
    ),
    Instance(
        "crvb",
        _("Central Appeals Tribunal (Centrale Raad van Beroep)"),
        codes=("CRVB",),
        names=("centrale raad van beroep",),
    ),
    Instance(
        "cbb",
        _("Trade and Industry Appeals Tribunal (CBb)"),
        codes=("CBB",),
        names=("college van beroep voor het bedrijfsleven",),
    ),
    Instance(
        "gh",
        _("Court of appeal (Gerechtshof)"),
        prefixes=("GH",),
        names=("gerechtshof", "hof "),
    ),
    Instance(
        "ogh",
        _("Joint Court of Justice (Caribbean)"),
        prefixes=("OGH",),
        names=("gemeenschappelijk hof",),
    ),
    Instance("rb", _("District court (Rechtbank)"), prefixes=("RB",), names=("rechtbank",)),
    Instance(
        "oge",
        _("Court of first instance (Caribbean)"),
        prefixes=("OGE",),
        names=("gerecht in eerste aanleg",),
    ),
)
OTHER_INSTANCE = "other"
INSTANCE_LABELS = {instance.key: instance.label for instance in INSTANCES}
INSTANCE_LABELS[OTHER_INSTANCE] = _("Other courts and boards")


def instance_of(code: str, name: str) -> str:
    """The instance key of a court: "rb" for ("RBAMS", "Rechtbank Amsterdam")."""
    for instance in INSTANCES:
        if instance.matches(code, name):
            return instance.key
    return OTHER_INSTANCE


def instance_q(key: str) -> Q:
    """The rulings of one instance, as a filter."""
    if key == OTHER_INSTANCE:
        known = Q(pk__in=[])
        for instance in INSTANCES:
            known |= instance.q()
        return ~known
    for instance in INSTANCES:
        if instance.key == key:
            return instance.q()
    return Q(pk__in=[])


def instance_choices(courts) -> list[tuple[str, str]]:
    """The instances of (court code, court name) pairs, in the order of the court system."""
    keys = {instance_of(code, name) for code, name in courts}
    return [(key, str(label)) for key, label in INSTANCE_LABELS.items() if key in keys]


PROCEDURE_SEPARATOR = ";"


def normalise_procedure(text: str) -> str:
    """One procedure as one value: white space collapsed, the first letter a capital
    ("hoger  beroep" is "Hoger beroep")."""
    text = " ".join((text or "").split())
    return text[:1].upper() + text[1:]


def split_procedures(stored: str) -> list[str]:
    """The procedures of a ruling's `procedure` field ("Hoger beroep; Voorlopige voorziening")."""
    parts = (stored or "").split(PROCEDURE_SEPARATOR)
    return [normalise_procedure(part) for part in parts if part.strip()]


def procedure_choices(stored_values) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    for stored in stored_values:
        for procedure in split_procedures(stored):
            found.setdefault(procedure.lower(), procedure)
    return [(value, value) for value in sorted(found.values(), key=str.lower)]


def procedure_q(procedure: str) -> Q:
    """Rulings with this procedure among theirs, in any case and however it is joined."""
    value = normalise_procedure(procedure)
    query = Q(procedure__iexact=value) | Q(procedure__istartswith=value + ";")
    for joint in (";", "; "):
        query |= Q(procedure__iendswith=joint + value) | Q(procedure__icontains=joint + value + ";")
    return query


SNIPPET_LENGTH = 250
_OPEN_TAG_AT_END = re.compile(r"<[^>]*$")
_OPEN_ENTITY_AT_END = re.compile(r"&[#\w]*$")


def summary_snippet(html: str, limit: int = SNIPPET_LENGTH, cut: bool = False) -> str:
    """The summary (inhoudsindicatie) as one line of plain text of about `limit` characters,
    cut at a word boundary with an ellipsis. `html` may be the start of the summary only
    (`cut`: there is more), ending anywhere, even inside a tag."""
    from knowledge.rechtspraak.html import html_to_text

    if not html:
        return ""
    if cut:
        html = _OPEN_ENTITY_AT_END.sub("", _OPEN_TAG_AT_END.sub("", html))
    text = " ".join(html_to_text(html).split())
    if len(text) <= limit and not cut:
        return text
    if len(text) > limit:
        head = text[: limit + 1]
        # At the last space, unless that would leave almost nothing (one very long word).
        space = head.rfind(" ")
        text = head[:space] if space > limit // 2 else text[:limit]
    elif cut:
        # The source stopped mid-word, perhaps; the last, possibly partial, word goes.
        space = text.rfind(" ")
        text = text[:space] if space > 0 else text
    return text.rstrip(" ,;:.-–") + "…"
