"""Law references in running text ("artikel 8:75 Awb", "art. 64 van de Vreemdelingenwet 2000")
as links to the article in the official law database (wetten.overheid.nl).

Which law is which comes from the portal's own data, not from a list in the code: the statutory
references rechtspraak.nl publishes with every ruling pair a law's name with its BWB identifier
("Algemene wet bestuursrecht 8:75" with BWBR0005537), and the glossary and the editors' synonyms
pair names with their abbreviations (Awb = Algemene wet bestuursrecht). A reference is linked
only when its law resolves to exactly one BWB identifier."""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.rechtspraak.parser import BWB_ID

WETTEN = "https://wetten.overheid.nl/jci1.3:c:{bwb}&artikel={article}"
_LABEL_RE = re.compile(r"^(?P<law>.+?)\s+(?P<article>\d+[a-z]{0,3}(?::\d+[a-z]{0,3})*)$")
_ARTICLE = r"(?P<article>\d{1,4}[a-z]{0,3}(?::\d{1,4}[a-z]{0,3})?)"
# Between the article and the law: ", tweede lid," / "lid 2" / "onder a" and "van de/het".
_BETWEEN = (
    r"(?:,?\s+(?:(?:eerste|tweede|derde|vierde|vijfde|zesde|\d+e)\s+lid|lid\s+\d+)"
    r"(?:,?\s+(?:aanhef\s+en\s+)?onder\s+[a-z0-9]+)?,?)?\s+(?:van\s+(?:de|het)\s+)?"
)


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def provision_label(provision: dict) -> str:
    """A statutory reference as one value, "Algemene wet bestuursrecht 8:75", however the court's
    data spaced it: the search index's law facet and the case-law list's filter both use it, so
    one article is one value everywhere."""
    return " ".join(((provision or {}).get("label") or "").split())


def provision_labels(provisions) -> list[str]:
    """The distinct references of one ruling's `legal_provisions`, sorted."""
    return sorted({label for label in map(provision_label, provisions or []) if label})


def provision_column(provisions) -> str:
    """The ruling's references as one text, a line each between newlines ("\nAwb 8:75\n..."):
    CaseLawPage.provision_lines, so the list filters on a provision in the database, the same
    way on SQLite and PostgreSQL, instead of reading every ruling's JSON."""
    labels = provision_labels(p for p in provisions or [] if isinstance(p, dict))
    return "\n" + "\n".join(labels) + "\n" if labels else ""


def provision_needle(label: str) -> str:
    """What CaseLawPage.provision_lines holds for a ruling citing this provision."""
    return "\n" + " ".join(label.split()) + "\n"


def split_provision(label: str) -> tuple[str, str] | None:
    """(law, article) of a provision as rechtspraak.nl names it: "Algemene wet bestuursrecht
    8:75" gives ("Algemene wet bestuursrecht", "8:75"); None without an article number."""
    match = _LABEL_RE.match(" ".join((label or "").split()))
    return (match["law"], match["article"]) if match else None


def laws_from_references(provisions_lists) -> dict[str, str]:
    """{law name: BWB id} from rulings' statutory references; a name seen with two different
    identifiers is left out (it cannot be linked with certainty)."""
    found: dict[str, set[str]] = {}
    for provisions in provisions_lists:
        for provision in provisions or []:
            split = split_provision(provision.get("label") or "")
            bwb = BWB_ID.search(provision.get("identifier") or "")
            if split and bwb:
                found.setdefault(_key(split[0]), set()).add(bwb.group(0))
    return {name: ids.pop() for name, ids in found.items() if len(ids) == 1}


class LawLinker:
    def __init__(self, laws: dict[str, str], groups) -> None:
        """`laws`: {law name: BWB id}; `groups`: names that mean the same (abbreviations)."""
        self.bwb_by_name = {_key(name): bwb for name, bwb in laws.items()}
        for group in groups:
            ids = {self.bwb_by_name[_key(n)] for n in group if _key(n) in self.bwb_by_name}
            if len(ids) == 1:
                bwb = ids.pop()
                for name in group:
                    self.bwb_by_name.setdefault(_key(name), bwb)
        names = sorted(self.bwb_by_name, key=len, reverse=True)  # longest name first
        self.pattern = None
        if names:
            alternatives = "|".join(r"\s+".join(map(re.escape, n.split())) for n in names)
            self.pattern = re.compile(
                rf"(?<![\w-])(?:art\.?|artikel)\s+{_ARTICLE}{_BETWEEN}(?P<law>{alternatives})"
                r"(?![\w-])",
                re.IGNORECASE,
            )

    def url(self, law: str, article: str) -> str | None:
        bwb = self.bwb_by_name.get(_key(law))
        return WETTEN.format(bwb=bwb, article=article) if bwb else None

    def link_text(self, text: str) -> str:
        """Plain text (no tags) with each reference wrapped in a link; the text is already
        HTML-escaped, and what is added is our own markup."""
        if self.pattern is None or not text:
            return text

        def replace(match: re.Match) -> str:
            url = self.url(match["law"], match["article"])
            if url is None:
                return match.group(0)
            return f'<a href="{url.replace("&", "&amp;")}" rel="noopener">{match.group(0)}</a>'

        return self.pattern.sub(replace, text)


@lru_cache(maxsize=4)
def _linker_for(generation: str) -> LawLinker:
    from django.apps import apps

    # From the app registry: the page models use this module (the list's law filter), so
    # importing them would close an import circle.
    CaseLawPage = apps.get_model("knowledge", "CaseLawPage")
    SynonymGroup = apps.get_model("knowledge", "SynonymGroup")

    # Only rulings everyone may read: whether a reference gets a link must not tell a visitor
    # which laws a members-only ruling cites.
    provisions = CaseLawPage.objects.live().public().values_list("legal_provisions", flat=True)
    laws = laws_from_references(provisions.iterator(chunk_size=500))
    return LawLinker(laws, SynonymGroup.all_groups())


def current_linker() -> LawLinker:
    """The linker for the content as it is now (rebuilt when content changes)."""
    from portal.cache import generation

    return _linker_for(generation())
