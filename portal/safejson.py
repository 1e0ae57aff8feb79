"""JSON that may stand inside HTML: in a <script> element (JSON-LD) or in an answer a client might
mistake for a page. <, > and & become JSON unicode escapes, so no value can close the element,
open a comment or start markup, and the JSON still parses to the same data."""

import json

from django.core.serializers.json import DjangoJSONEncoder

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def escape_for_html(json_text: str) -> str:
    return json_text.translate(_ESCAPES)


def dumps_for_html(data) -> str:
    return escape_for_html(json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder))
