"""Free values for unique fields (slugs, usernames) derived from a name."""


def unique_value(queryset, field: str, base: str, max_length: int | None = None, *, iexact=False):
    """The first of base, base-2, base-3 ... that no row of queryset has in field.

    A suffix shortens base instead of growing past max_length, so the value always fits the
    column. Pass a queryset that excludes the row being saved, or it collides with itself.
    iexact compares without case, for fields such as usernames that people type in any case."""
    lookup = f"{field}__iexact" if iexact else field

    def fitted(suffix: str) -> str:
        stem = base[: max_length - len(suffix)] if max_length else base
        return stem + suffix

    value, n = fitted(""), 2
    while queryset.filter(**{lookup: value}).exists():
        value, n = fitted(f"-{n}"), n + 1
    return value
