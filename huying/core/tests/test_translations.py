import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted((Path(settings.BASE_DIR) / "huying").glob("*/locale/zh_Hans/LC_MESSAGES/django.po"))


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 3


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_zh_hans_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
    assert missing == [], f"untranslated in {po_path}: run `make messages` and translate"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), "run `manage.py huying_messages --compile`"
    with mo_path.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for entry in po.translated_entries():
        if entry.msgid_plural or entry.msgctxt:
            continue
        assert compiled.gettext(entry.msgid) == entry.msgstr, "the .mo is stale: run huying_messages --compile"


def test_interface_defaults_to_simplified_chinese(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    assert "民有所呼" in html
    assert "When the people call" not in html


def test_english_is_available(client):
    response = client.get("/", headers={"accept-language": "en"})
    assert 'lang="en"' in response.content.decode()
