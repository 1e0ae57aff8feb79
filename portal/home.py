"""What the content apps show on the front page. Each app registers a function from its own
`AppConfig.ready()`; the home page merges what they return into its template context, so the
portal core names no content app."""

from collections.abc import Callable

# function(home_page, request) -> {template variable: value}
_providers: list[Callable] = []


def register_home_content(provider: Callable) -> None:
    if provider not in _providers:
        _providers.append(provider)


def home_content(home, request) -> dict:
    context: dict = {}
    for provider in _providers:
        context.update(provider(home, request))
    return context
