"""The Chinese catalogue: what the pages show is what the .po file says, and no translation breaks a message's
placeholders (a broken one stops `compilemessages` and leaves a stale catalogue behind)."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "patentbridge" / "locale" / "zh_Hans" / "LC_MESSAGES"
# A conversion as Python's %-formatting reads it: %(name)s, %s, %d, %.2f … (%% is a literal per cent sign).
DIRECTIVE = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*\d*(?:\.\d+)?(?P<kind>[a-zA-Z%])")


def _directives(text: str) -> list[tuple[str | None, str]]:
    return sorted((m.group("name"), m.group("kind")) for m in DIRECTIVE.finditer(text) if m.group("kind") != "%")


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(LOCALE / "django.po"))


def _translated(po):
    return [entry for entry in po if entry.translated() and not entry.obsolete]


def test_every_python_format_translation_keeps_the_placeholders_of_its_message(po):
    broken = [entry.msgid for entry in _translated(po) if "python-format" in entry.flags and not entry.msgid_plural
              and _directives(entry.msgstr) != _directives(entry.msgid)]
    assert broken == []


def test_the_compiled_catalogue_holds_what_the_po_file_says(po):
    with open(LOCALE / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    stale = [entry.msgid for entry in _translated(po) if not entry.msgid_plural
             and catalogue.get(f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid) != entry.msgstr]
    assert stale == []
