from .audit import MembershipLogEntry
from .directory import (
    PROVINCES,
    Contact,
    Location,
    Organisation,
    Phone,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from .events import Event, EventRegistration
from .experts import Expert, ExpertCountry
from .faq import FAQItem
from .helpdesk import Question, QuestionMessage
from .members import Invitation, Membership, MembershipApplication, OrganisationChange
from .ratelimit import RateLimitAttempt
from .taxonomy import Language, TaxonomyTerm

__all__ = [
    "PROVINCES",
    "Contact",
    "Event",
    "EventRegistration",
    "Expert",
    "ExpertCountry",
    "FAQItem",
    "Invitation",
    "Language",
    "Location",
    "Membership",
    "MembershipLogEntry",
    "MembershipApplication",
    "Organisation",
    "OrganisationChange",
    "Phone",
    "Question",
    "QuestionMessage",
    "RateLimitAttempt",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "TaxonomyTerm",
]
