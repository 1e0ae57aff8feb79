"""Form widgets shared by the apps."""

from django import forms
from django.utils.html import format_html, format_html_join


class PlainSelect(forms.Select):
    """A select rendered in Python. Django renders every <option> through a template of its own,
    which for the few hundred options of a list's filters (every country, court and year)
    costs more than the rest of the page. Same markup as forms.Select for flat choices."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)
        selected = chosen[0] if chosen else None
        final = self.build_attrs(self.attrs, attrs)
        options = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if key == selected else "", label)
                for key, label in ((self._key(v), lbl) for v, lbl in self.choices)
            ),
        )
        return format_html(
            '<select name="{}"{}>\n{}\n</select>', name, self._attributes(final), options
        )

    @staticmethod
    def _attributes(attrs: dict) -> str:
        # In the order given, as Django's attrs.html writes them: a True value as a bare name.
        return format_html_join(
            "",
            "{}",
            (
                (format_html(" {}", key) if value is True else format_html(' {}="{}"', key, value),)
                for key, value in attrs.items()
                if value is not None and value is not False
            ),
        )

    @staticmethod
    def _key(value) -> str:
        return "" if value is None else str(value)
