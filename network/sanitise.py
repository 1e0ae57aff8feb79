"""HTML and text cleaning for everything that users, coordinators or imported files put into the
directory. Descriptions may carry simple markup; everything else is plain text."""

import html

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a", "h3", "h4"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def clean_html(value: str | None) -> str:
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()


def clean_text(value: str | None) -> str:
    """Plain text: tags removed, entities decoded (templates escape on output), trimmed."""
    if not value:
        return ""
    if "<" not in value and "&" not in value:
        return value.strip()
    return html.unescape(nh3.clean(value, tags=set())).strip()
