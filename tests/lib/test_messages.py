import gettext
import os

from wspolnie.lib.messages import compile_stale_catalogues, stale_catalogues

PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: uk\\n"

msgid "Log in"
msgstr "Увійти"
'''


def test_it_compiles_missing_and_outdated_catalogues(tmp_path):
    messages_dir = tmp_path / "uk" / "LC_MESSAGES"
    messages_dir.mkdir(parents=True)
    po_path = messages_dir / "django.po"
    po_path.write_text(PO, encoding="utf-8")

    assert stale_catalogues(tmp_path) == [po_path]
    compile_stale_catalogues(tmp_path)
    assert stale_catalogues(tmp_path) == []
    with (messages_dir / "django.mo").open("rb") as mo:
        assert gettext.GNUTranslations(mo).gettext("Log in") == "Увійти"

    # An edited .po is newer than its .mo again.
    mo_time = (messages_dir / "django.mo").stat().st_mtime
    os.utime(po_path, (mo_time + 10, mo_time + 10))
    assert stale_catalogues(tmp_path) == [po_path]
