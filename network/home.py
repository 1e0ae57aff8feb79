"""The network on the front page: the next events."""


def upcoming_events(home, request) -> dict:
    """As the visitor may see them in the agenda."""
    from network.models import Event

    return {"upcoming_events": Event.objects.visible_to(request.user).upcoming()[:3]}
