"""Sending the network's e-mail: a subject template and a plain-text body template per message,
rendered in Dutch (the site language) whatever language the triggering request used."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_mail_template(name: str, context: dict, to: list[str], reply_to: list[str] | None = None):
    """Render templates/network/email/<name>_subject.txt and <name>.txt and send them."""
    context = {"site_name": settings.WAGTAIL_SITE_NAME, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"network/email/{name}_subject.txt", context)
        body = render_to_string(f"network/email/{name}.txt", context)
    subject = " ".join(subject.split())
    message = EmailMessage(subject=subject, body=body, to=to, reply_to=reply_to or None)
    message.send()
    return message
