"""The access rule, in one place: who is a member of the network and what a visitor may see.

Membership is the Django group "Leden": the same group Wagtail's view restrictions use, so one
rule decides both page access and members-only parts of pages. Every app asks here; none keeps a
rule of its own."""

from django.db.models import Q

PUBLIC = "public"
MEMBERS = "members"
VISIBILITIES = (PUBLIC, MEMBERS)

MEMBERS_GROUP = "Leden"

# Cached on the user object for the length of one request.
MEMBER_CACHE_ATTR = "_eno_is_member"


def users_with_permission(permission: str):
    """The active users who hold a model permission through a group or directly, superusers
    included."""
    from django.contrib.auth import get_user_model

    # Permissions live in the model backend; the login lockout's backend holds none.
    return get_user_model().objects.with_perm(
        permission, include_superusers=True, backend="django.contrib.auth.backends.ModelBackend"
    )


def email_addresses(users) -> list[str]:
    """The addresses of the active users among them, each once, for a notice to a team."""
    return sorted({user.email for user in users.filter(is_active=True) if user.email})


def is_member(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, MEMBER_CACHE_ATTR, None)
    if cached is None:
        cached = user.groups.filter(name=MEMBERS_GROUP).exists()
        setattr(user, MEMBER_CACHE_ATTR, cached)
    return cached


def request_is_member(request) -> bool:
    return is_member(getattr(request, "user", None))


def closed_restrictions(request) -> list:
    """The page view restrictions this request does not pass (a group it is not in, a login it
    lacks, a password it has not given), looked up once per request."""
    from wagtail.models import PageViewRestriction

    cached = getattr(request, "_eno_closed_restrictions", None) if request is not None else None
    if cached is None:
        restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
        if request is None or not hasattr(request, "user"):
            cached = list(restrictions)
        else:
            cached = [r for r in restrictions if not r.accept_request(request)]
        if request is not None:
            request._eno_closed_restrictions = cached
    return cached


def visible_pages(queryset, request):
    """Live pages this request may open: Wagtail's own rule for serving a page, applied to a
    whole listing. A page restricted to the members group is there for members; a page
    restricted to another group only for that group, whoever else is signed in."""
    queryset = queryset.live()
    closed = closed_restrictions(request)
    if not closed:
        return queryset
    hidden = Q()
    for restriction in closed:
        hidden |= queryset.descendant_of_q(restriction.page, inclusive=True)
    return queryset.exclude(hidden)


def may_view(page, request) -> bool:
    """Wagtail's own rule for serving a page: every view restriction on the page or an ancestor
    (a group, a login, a password) accepts this request."""
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def page_visibility(page) -> str | None:
    """Who may find the page in search and in what is shared with everyone: PUBLIC when nothing
    restricts it; MEMBERS when every restriction on it or an ancestor lets members in (the
    members group, or any signed-in user); None when a restriction admits others only (another
    group, a password), so the page is for neither audience the index serves."""
    from wagtail.models import PageViewRestriction

    restrictions = list(page.get_view_restrictions().prefetch_related("groups"))
    if not restrictions:
        return PUBLIC
    for restriction in restrictions:
        if restriction.restriction_type == PageViewRestriction.LOGIN:
            continue
        if restriction.restriction_type == PageViewRestriction.GROUPS and any(
            group.name == MEMBERS_GROUP for group in restriction.groups.all()
        ):
            continue
        return None
    return MEMBERS
