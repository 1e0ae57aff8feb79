from .articles import ArticlePage
from .caselaw import CaseLawPage, Citation, ECLIAlias
from .countries import CountryPage
from .follows import Follow, FollowAnnouncement
from .protocols import ProtocolChange, ProtocolPage
from .sections import ArticleIndexPage, CaseLawIndexPage, CountryIndexPage, ProtocolIndexPage
from .taxonomy import (
    ArticlePageTag,
    CaseLawPageTag,
    CountryPageTag,
    GlossaryTerm,
    LegalArea,
    ProtocolPageTag,
    SynonymGroup,
    Topic,
)

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageTag",
    "CaseLawIndexPage",
    "CaseLawPage",
    "CaseLawPageTag",
    "Citation",
    "CountryIndexPage",
    "CountryPage",
    "CountryPageTag",
    "ECLIAlias",
    "Follow",
    "FollowAnnouncement",
    "GlossaryTerm",
    "LegalArea",
    "ProtocolChange",
    "ProtocolIndexPage",
    "ProtocolPage",
    "ProtocolPageTag",
    "SynonymGroup",
    "Topic",
]
