"""The access rule, in one place: who is a member of the network and what a visitor may see.

Membership is the Django group "Leden": the same group Wagtail's view restrictions use, so one
rule decides both page access and members-only parts of pages. Every app asks here; none keeps a
rule of its own."""

PUBLIC = "public"
MEMBERS = "members"
VISIBILITIES = (PUBLIC, MEMBERS)

MEMBERS_GROUP = "Leden"

# Cached on the user object for the length of one request.
MEMBER_CACHE_ATTR = "_eno_is_member"


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


def visible_pages(queryset, request):
    """Live pages a visitor may open: restricted pages only for members."""
    queryset = queryset.live()
    if not request_is_member(request):
        queryset = queryset.public()
    return queryset


def may_view(page, request) -> bool:
    """Wagtail's own rule for serving a page: every view restriction on the page or an ancestor
    (a group, a login, a password) accepts this request."""
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def page_visibility(page) -> str:
    """MEMBERS when the page or any ancestor has a view restriction (members group, login or
    password: none of them is public), else PUBLIC."""
    return MEMBERS if page.get_view_restrictions().exists() else PUBLIC
