"""init and update: headers from CLDR, and a merge that never loses a translation."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leaflet_i18n.catalogs import merge, new_catalog, translations_of
from leaflet_i18n.po import Catalog, Entry, dumps, loads

from .conftest import HAVE_GETTEXT


def pot(*messages: tuple[str, str]) -> Catalog:
    header = Entry(msgid="", msgstr="POT-Creation-Date: 2026-11-26 00:00+0000\n")
    return Catalog(entries=[header] + [Entry(msgid=m, msgctxt=c) for c, m in messages])


def translated(*messages: tuple[str, str, str], fuzzy: bool = False) -> Catalog:
    header = Entry(
        msgid="",
        msgstr="Language: de\nContent-Type: text/plain; charset=UTF-8\n"
        "Plural-Forms: nplurals=2; plural=(n != 1);\n",
    )
    entries = [
        Entry(msgid=m, msgstr=t, msgctxt=c, flags=["fuzzy"] if fuzzy else [])
        for c, m, t in messages
    ]
    return Catalog(entries=[header, *entries])


def test_new_catalog_header_has_language_and_cldr_plural_forms() -> None:
    catalog = new_catalog(pot(("a", "Hello.")), "pl", "demo")
    assert catalog.header_field("Language") == "pl"
    assert catalog.header_field(
        "Plural-Forms",
    ) == ("nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);")
    assert catalog.header_field("Content-Type") == "text/plain; charset=UTF-8"
    assert [e.msgstr for e in catalog.messages()] == [""]


def test_unchanged_message_keeps_translation_and_fuzzy_state() -> None:
    old = translated(("a", "One.", "Eins."), ("a", "Two.", "Zwei."))
    old.entries[2].fuzzy = True
    merged, report = merge(old, pot(("a", "One."), ("a", "Two.")))
    assert [(e.msgstr, e.fuzzy) for e in merged.messages()] == [("Eins.", False), ("Zwei.", True)]
    assert report.kept == 2 and not report.changed


def test_changed_source_becomes_fuzzy_with_previous_msgid() -> None:
    old = translated(("dose", "Take 2 tablets a day.", "Nehmen Sie 2 Tabletten täglich."))
    merged, report = merge(old, pot(("dose", "Take 2 tablets twice a day.")))
    [entry] = merged.messages()
    assert entry.fuzzy and entry.msgstr == "Nehmen Sie 2 Tabletten täglich."
    assert entry.previous_msgid == "Take 2 tablets a day."
    assert report.fuzzy == 1 and report.obsoleted == 0
    text = dumps(merged).decode()
    assert '#, fuzzy\n#| msgid "Take 2 tablets a day."\nmsgctxt "dose"' in text


def test_fuzzy_matching_never_crosses_sections() -> None:
    old = translated(("warnings", "Do not drive.", "Fahren Sie nicht."))
    merged, report = merge(old, pot(("driving", "Do not drive.")))
    [entry] = merged.messages()
    assert entry.msgstr == "" and not entry.fuzzy
    [gone] = merged.obsolete()
    assert (gone.msgctxt, gone.msgstr) == ("warnings", "Fahren Sie nicht.")
    assert report.obsoleted == 1


def test_unmatched_translation_becomes_obsolete_and_returns_later() -> None:
    old = translated(
        ("a", "Keep me.", "Behalte mich."), ("a", "Totally different words here.", "X.")
    )
    merged, _ = merge(old, pot(("a", "Keep me.")))
    assert [e.msgid for e in merged.obsolete()] == ["Totally different words here."]
    back, report = merge(
        loads(dumps(merged), "de.po"),
        pot(("a", "Keep me."), ("a", "Totally different words here.")),
    )
    assert [e.msgstr for e in back.messages()] == ["Behalte mich.", "X."]
    assert report.revived == 1 and list(back.obsolete()) == []


def test_translator_comments_survive() -> None:
    old = translated(("a", "One.", "Eins."))
    old.entries[1].comments = ["checked by pharmacist"]
    merged, _ = merge(old, pot(("a", "One.")))
    [entry] = merged.messages()
    assert entry.comments == ["checked by pharmacist"]


# -------------------------------------------------------------- the no-loss property

_words = st.sampled_from(
    "take one two tablet tablets daily water food dose mg 5 10 do not drive children".split()
)
_sentence = st.lists(_words, min_size=1, max_size=8).map(lambda w: " ".join(w).capitalize() + ".")
_context = st.sampled_from(["dose", "warnings", "side-effects", "storage"])
_source = st.lists(st.tuples(_context, _sentence), min_size=1, max_size=12, unique=True)


@st.composite
def edits(draw: st.DrawFn) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """A source leaflet and a random edit of it: change, delete, add, move messages."""
    before = draw(_source)
    after = []
    for ctx, text in before:
        action = draw(st.sampled_from(["keep", "keep", "change", "delete", "move"]))
        if action == "keep":
            after.append((ctx, text))
        elif action == "change":
            after.append((ctx, text[:-1] + " " + draw(_words) + "."))
        elif action == "move":
            after.append((draw(_context), text))
    after += draw(st.lists(st.tuples(_context, _sentence), max_size=3))
    return before, list(dict.fromkeys(after))


@settings(max_examples=300, deadline=None)
@given(edits(), st.data())
def test_no_translation_vanishes(
    change: tuple[list[tuple[str, str]], list[tuple[str, str]]], data: st.DataObject
) -> None:
    before, after = change
    old = translated(*[(c, m, f"DE[{c}:{m}]") for c, m in before])
    for entry in old.messages():
        if data.draw(st.booleans()):
            entry.msgstr = ""  # some messages not translated yet
    merged, _ = merge(loads(dumps(old), "de.po"), pot(*after))
    reread = loads(dumps(merged), "de.po", strict=False)
    # every translation present before is afterwards active, fuzzy or obsolete
    assert translations_of(old) <= translations_of(reread)
    # exact matches stay translated and non-fuzzy; fuzzy never crosses sections
    for entry in reread.messages():
        if entry.msgstr:
            assert entry.msgstr.startswith(f"DE[{entry.msgctxt}:")
            assert entry.fuzzy == (entry.msgstr != f"DE[{entry.msgctxt}:{entry.msgid}]")
    # merging again changes nothing
    again, report = merge(reread, pot(*after))
    assert dumps(again) == dumps(reread) and not report.changed


@pytest.mark.skipif(not HAVE_GETTEXT, reason="GNU gettext is not installed")
def test_merged_catalog_passes_msgfmt(tmp_path: object) -> None:
    from pathlib import Path

    from .conftest import msgcat, msgfmt_check

    old = translated(
        ("dose", "Take 2 tablets a day.", "Nehmen Sie 2 Tabletten täglich."), ("x", "Gone.", "Weg.")
    )
    merged, _ = merge(old, pot(("dose", "Take 2 tablets twice a day."), ("x", "New.")))
    target = Path(str(tmp_path)) / "de.po"
    target.write_bytes(dumps(replace(merged)))
    assert msgfmt_check(target).returncode == 0
    assert msgcat(target) == target.read_bytes()


def test_merge_of_a_latin1_catalog_is_written_as_utf8() -> None:
    data = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
        'msgctxt "storage"\nmsgid "Keep cool."\nmsgstr "K\xfchl lagern."\n'
    ).encode("latin-1")
    merged, _ = merge(loads(data, "de.po"), pot(("storage", "Keep cool.")))
    reread = loads(dumps(merged), "de.po")
    assert reread.header_field("Content-Type") == "text/plain; charset=UTF-8"
    assert [e.msgstr for e in reread.messages()] == ["Kühl lagern."]
