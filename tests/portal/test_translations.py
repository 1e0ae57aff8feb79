import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "nl" / "LC_MESSAGES"


def _po_entries():
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if "#, fuzzy" in block and 'msgid ""\nmsgstr ""' not in block:
            yield "FUZZY", block, None
        match = re.search(r'^msgid "(.+)"\nmsgstr "(.*)"$', block, re.M)
        if match:
            context = re.search(r'^msgctxt "(.+)"$', block, re.M)
            yield match.group(1), match.group(2), context.group(1) if context else None


def test_every_dutch_message_is_translated_and_compiled():
    catalog = gettext.GNUTranslations((LOCALE / "django.mo").open("rb"))
    untranslated, stale = [], []
    for msgid, msgstr, context in _po_entries():
        if msgid == "FUZZY":
            untranslated.append(msgstr[:80])
            continue
        if not msgstr:
            untranslated.append(msgid)
            continue
        unescaped = msgid.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        compiled = catalog.pgettext(context, unescaped) if context else catalog.gettext(unescaped)
        expected = msgstr.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        if compiled != expected:
            stale.append(msgid)
    assert not untranslated, f"untranslated or fuzzy: {untranslated}"
    assert not stale, f"django.mo is older than django.po for: {stale} (run make messages)"
