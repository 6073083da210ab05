"""init and update: headers from CLDR, and a merge that never loses a translation."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leaflet_i18n.checks.conformance import load_catalog, read_catalog
from leaflet_i18n.formats import po_reader
from leaflet_i18n.formats.po_writer import dumps
from leaflet_i18n.model.catalog import Catalog, Entry
from leaflet_i18n.model.locales import plural_forms
from leaflet_i18n.steps.merge import merge, new_catalog, same_content, translations_of

from .conftest import HAVE_GETTEXT, msgcat, msgfmt_check, needs_gettext
from .helpers import cli, translated_workspace


def pot(*messages: tuple[str, str]) -> Catalog:
    header = Entry(
        msgid="",
        msgstr="POT-Creation-Date: 2026-11-26 00:00+0000\n"
        "Content-Type: text/plain; charset=UTF-8\n",
    )
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


@pytest.mark.parametrize("locale", ["pl", "fr", "ar", "pt_BR"])
def test_new_catalog_header_has_language_and_plural_forms(locale: str) -> None:
    catalog = new_catalog(pot(("a", "Hello.")), locale, "demo")
    rule = plural_forms(locale)
    assert catalog.header_field("Language") == locale
    assert catalog.header_field("Plural-Forms") == rule.value
    assert catalog.header.comments == [rule.comment(locale)]  # type: ignore[union-attr]
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


@pytest.mark.parametrize(
    ("old_context", "old_text", "new_context", "new_text"),
    [
        ("warnings", "Do not drive.", "driving", "Do not drive or cycle."),
        ("warnings", "Do not drive or cycle.", "driving", "Do not drive."),
        ("storage", "Keep below 25 °C.", "storage/conditions", "Keep below 30 °C."),
        ("how-to-take/overdose", "Call a doctor.", "overdose", "Call a doctor now."),
    ],
)
def test_similar_text_never_crosses_sections(
    old_context: str, old_text: str, new_context: str, new_text: str
) -> None:
    old = translated((old_context, old_text, "Übersetzt."))
    merged, report = merge(old, pot((new_context, new_text)))
    [entry] = merged.messages()
    assert entry.msgstr == "" and not entry.fuzzy
    [gone] = merged.obsolete()
    assert (gone.msgctxt, gone.msgstr) == (old_context, "Übersetzt.")
    assert (report.added, report.fuzzy, report.moved, report.obsoleted) == (1, 0, 0, 1)


def test_unmatched_translation_becomes_obsolete_and_returns_later() -> None:
    old = translated(
        ("a", "Keep me.", "Behalte mich."), ("a", "Totally different words here.", "X.")
    )
    merged, _ = merge(old, pot(("a", "Keep me.")))
    assert [e.msgid for e in merged.obsolete()] == ["Totally different words here."]
    back, report = merge(
        load_catalog(dumps(merged), "de.po"),
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
_renamed = st.sampled_from(["precautions", "before-you-take/warnings", "storage/conditions"])


@st.composite
def edits(draw: st.DrawFn) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """A source leaflet and a random edit of it: change, delete, add, move messages, and
    rename whole sections."""
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
    renames = draw(st.dictionaries(_context, _renamed, max_size=2))
    return before, list(dict.fromkeys((renames.get(c, c), m) for c, m in after))


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
    merged, _ = merge(load_catalog(dumps(old), "de.po"), pot(*after))
    reread = po_reader.parse(dumps(merged), "de.po")
    # every translation present before is afterwards active, fuzzy or obsolete
    assert translations_of(old) <= translations_of(reread)
    # exact matches stay translated and non-fuzzy; only the very same text crosses
    # sections, as fuzzy, with #| msgctxt naming where it came from
    for entry in reread.messages():
        if entry.msgstr:
            origin = entry.previous_msgctxt or entry.msgctxt
            assert entry.msgstr.startswith(f"DE[{origin}:")
            if origin != entry.msgctxt:
                assert entry.fuzzy and entry.msgstr == f"DE[{origin}:{entry.msgid}]"
            else:
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
    merged, _ = merge(load_catalog(data, "de.po"), pot(("storage", "Keep cool.")))
    reread = load_catalog(dumps(merged), "de.po")
    assert reread.header_field("Content-Type") == "text/plain; charset=UTF-8"
    assert [e.msgstr for e in reread.messages()] == ["Kühl lagern."]


# -------------------------------------------------------------- renamed and moved sections

Row = tuple[str | None, str, str, bool, str | None, str | None]  # ctx, msgid, msgstr, fuzzy, #|


def catalog(*entries: Entry) -> Catalog:
    """A German catalog of exactly these entries."""
    return Catalog(entries=[translated().entries[0], *entries])


def done(context: str, msgid: str, msgstr: str) -> Entry:
    return Entry(msgid=msgid, msgstr=msgstr, msgctxt=context)


def gone(context: str, msgid: str, msgstr: str) -> Entry:
    return Entry(msgid=msgid, msgstr=msgstr, msgctxt=context, obsolete=True)


def reviewed(
    context: str, msgid: str, msgstr: str, previous: str, previous_context: str | None = None
) -> Entry:
    """A fuzzy entry whose translation was last checked against ``previous``."""
    return Entry(
        msgid=msgid,
        msgstr=msgstr,
        msgctxt=context,
        flags=["fuzzy"],
        previous_msgid=previous,
        previous_msgctxt=previous_context,
    )


def rows(merged: Catalog) -> list[Row]:
    return [
        (e.msgctxt, e.msgid, e.msgstr, e.fuzzy, e.previous_msgctxt, e.previous_msgid)
        for e in merged.messages()
    ]


# (old entries, new template, messages after the merge, obsolete (ctx, msgid) after the merge)
MOVES: dict[str, tuple[list[Entry], list[tuple[str, str]], list[Row], list[tuple[str, str]]]] = {
    "section renamed": (
        [done("storage", "Keep cool.", "Kühl lagern."), done("storage", "Keep dry.", "Trocken.")],
        [("keeping", "Keep cool."), ("keeping", "Keep dry.")],
        [
            ("keeping", "Keep cool.", "Kühl lagern.", True, "storage", "Keep cool."),
            ("keeping", "Keep dry.", "Trocken.", True, "storage", "Keep dry."),
        ],
        [],
    ),
    "nested section moved to the top": (
        [
            done("before-you-take/warnings", "Do not drive.", "Fahren Sie nicht."),
            done("before-you-take", "Ask your doctor.", "Fragen Sie Ihren Arzt."),
        ],
        [("before-you-take", "Ask your doctor."), ("warnings", "Do not drive.")],
        [
            ("before-you-take", "Ask your doctor.", "Fragen Sie Ihren Arzt.", False, None, None),
            ("warnings", "Do not drive.", "Fahren Sie nicht.", True, "before-you-take/warnings",
             "Do not drive."),
        ],
        [],
    ),
    "message moved between sections that stay": (
        [done("dose", "Take one.", "Eine."), done("warnings", "Do not drive.", "Nicht fahren.")],
        [("warnings", "Avoid alcohol."), ("dose", "Take one."), ("dose", "Do not drive.")],
        [
            ("warnings", "Avoid alcohol.", "", False, None, None),
            ("dose", "Take one.", "Eine.", False, None, None),
            ("dose", "Do not drive.", "Nicht fahren.", True, "warnings", "Do not drive."),
        ],
        [],
    ),
    "obsolete translation of a removed section": (
        [gone("old-warnings", "Do not drive.", "Nicht fahren.")],
        [("warnings", "Do not drive.")],
        [("warnings", "Do not drive.", "Nicht fahren.", True, "old-warnings", "Do not drive.")],
        [],
    ),
    "the same text beats similar text of the section": (
        [
            done("warnings", "Do not drive.", "Nicht fahren."),
            done("driving", "Do not drive or ride.", "Nicht fahren oder reiten."),
        ],
        [("driving", "Do not drive.")],
        [("driving", "Do not drive.", "Nicht fahren.", True, "warnings", "Do not drive.")],
        [("driving", "Do not drive or ride.")],
    ),
    "one old translation seeds two new sections": (
        [done("warnings", "Do not drive.", "Nicht fahren.")],
        [("driving", "Do not drive."), ("machines", "Do not drive.")],
        [
            ("driving", "Do not drive.", "Nicht fahren.", True, "warnings", "Do not drive."),
            ("machines", "Do not drive.", "Nicht fahren.", True, "warnings", "Do not drive."),
        ],
        [],
    ),
    "a moved translation also seeds a changed copy left behind": (
        [done("warnings", "Do not drive.", "Nicht fahren.")],
        [("warnings", "Do not drive at night."), ("driving", "Do not drive.")],
        [
            ("warnings", "Do not drive at night.", "Nicht fahren.", True, None, "Do not drive."),
            ("driving", "Do not drive.", "Nicht fahren.", True, "warnings", "Do not drive."),
        ],
        [],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", MOVES)
def test_translation_follows_a_renamed_or_moved_section(case: str) -> None:
    old, template, expected, obsolete = MOVES[case]
    merged, report = merge(catalog(*old), pot(*template))
    assert rows(merged) == expected
    assert [(e.msgctxt, e.msgid) for e in merged.obsolete()] == obsolete
    moved = sum(1 for row in expected if row[4] is not None)
    fuzzy = sum(1 for row in expected if row[3])
    assert (report.moved, report.fuzzy, report.obsoleted) == (moved, fuzzy, len(obsolete))
    assert f"{fuzzy} fuzzy ({moved} from another section)" in report.summary()
    again, second = merge(load_catalog(dumps(merged), "de.po"), pot(*template))
    assert dumps(again) == dumps(merged) and not second.changed


def test_moved_entry_is_written_with_previous_context_and_msgid() -> None:
    old = catalog(done("before-you-take/warnings", "Do not drive.", "Fahren Sie nicht."))
    merged, _ = merge(old, pot(("warnings", "Do not drive.")))
    assert (
        '#, fuzzy\n#| msgctxt "before-you-take/warnings"\n#| msgid "Do not drive."\n'
        'msgctxt "warnings"\nmsgid "Do not drive."\nmsgstr "Fahren Sie nicht."\n'
    ) in dumps(merged).decode()
    [entry] = load_catalog(dumps(merged), "de.po").messages()
    assert entry.previous_msgctxt == "before-you-take/warnings"


# (old entries, new template, the context and translation chosen, obsolete contexts left)
CHOICES: dict[str, tuple[list[Entry], list[tuple[str, str]], tuple[str, str], list[str]]] = {
    "a vanished section beats one still in the template": (
        [done("dose", "Same text.", "DOSE"), done("gone", "Same text.", "GONE")],
        [("dose", "Something else entirely."), ("warnings", "Same text.")],
        ("gone", "GONE"),
        ["dose"],
    ),
    "the same last path component": (
        [done("a/x", "Same text.", "AX"), done("b/y", "Same text.", "BY")],
        [("c/y", "Same text.")],
        ("b/y", "BY"),
        ["a/x"],
    ),
    "the longest shared path tail": (
        [done("x/c", "Same text.", "XC"), done("a/b/c", "Same text.", "ABC")],
        [("z/b/c", "Same text.")],
        ("a/b/c", "ABC"),
        ["x/c"],
    ),
    "then file order": (
        [done("q", "Same text.", "Q"), done("p", "Same text.", "P")],
        [("r", "Same text.")],
        ("q", "Q"),
        ["p"],
    ),
    "file order puts active before obsolete": (
        [done("q", "Same text.", "Q"), gone("p", "Same text.", "P")],
        [("r", "Same text.")],
        ("q", "Q"),
        ["p"],
    ),
    "vanishing outranks the path": (
        [done("x/warnings", "Same text.", "XW"), done("gone", "Same text.", "GONE")],
        [("x/warnings", "Other words altogether."), ("warnings", "Same text.")],
        ("gone", "GONE"),
        ["x/warnings"],
    ),
}


@pytest.mark.parametrize("case", CHOICES)
def test_choice_among_old_sections_with_the_same_text(case: str) -> None:
    old, template, (context, msgstr), left = CHOICES[case]
    for attempt in range(2):  # the same answer every time
        merged, report = merge(catalog(*[replace(e) for e in old]), pot(*template))
        [entry] = [e for e in merged.messages() if e.msgstr]
        assert (entry.previous_msgctxt, entry.msgstr, entry.fuzzy) == (context, msgstr, True)
        assert [e.msgctxt for e in merged.obsolete()] == left, attempt
        assert report.moved == 1


# (old entry, new template message, expected #| msgctxt and #| msgid)
REVIEWED: dict[str, tuple[Entry, tuple[str, str], tuple[str | None, str]]] = {
    "changed again within the section": (
        reviewed("storage", "Keep it cool.", "Kühl lagern.", "Keep cool."),
        ("storage", "Keep it very cool."),
        (None, "Keep cool."),
    ),
    "kept as it is": (
        reviewed("storage", "Keep it cool.", "Kühl lagern.", "Keep cool."),
        ("storage", "Keep it cool."),
        (None, "Keep cool."),
    ),
    "moved to another section": (
        reviewed("storage-old", "Store it dry.", "Trocken lagern.", "Store dry."),
        ("keeping", "Store it dry."),
        ("storage-old", "Store dry."),
    ),
    "moved, then changed": (
        reviewed("warnings", "Do not drive.", "Nicht fahren.", "Do not drive.", "before/warnings"),
        ("warnings", "Do not drive or ride."),
        ("before/warnings", "Do not drive."),
    ),
    "moved back where it was reviewed": (
        reviewed("warnings", "Do not drive.", "Nicht fahren.", "Do not drive.", "before/warnings"),
        ("before/warnings", "Do not drive."),
        (None, "Do not drive."),
    ),
    "fuzzy without a previous msgid": (
        replace(done("storage", "Keep it cool.", "Kühl lagern."), flags=["fuzzy"]),
        ("storage", "Keep it very cool."),
        (None, "Keep it cool."),
    ),
}


@pytest.mark.parametrize("case", REVIEWED)
def test_fuzzy_entry_matched_again_keeps_the_source_last_reviewed(case: str) -> None:
    old, template, previous = REVIEWED[case]
    merged, _ = merge(catalog(old), pot(template))
    [entry] = merged.messages()
    assert entry.fuzzy and entry.msgstr == old.msgstr
    assert (entry.previous_msgctxt, entry.previous_msgid) == previous
    [reread] = load_catalog(dumps(merged), "de.po").messages()
    assert (reread.previous_msgctxt, reread.previous_msgid) == previous


def _parsed(catalog: Catalog) -> tuple[list[tuple[object, ...]], set[tuple[object, ...]]]:
    """Messages on the msgctxt/msgid/msgstr/flags/#| level, and obsolete translations.

    msgmerge repeats ``#| msgctxt`` when it equals the entry's context; we leave
    it out (it goes without saying), so an equal one counts as none.
    """
    messages: list[tuple[object, ...]] = [
        (
            e.msgctxt,
            e.msgid,
            tuple(e.translations),
            tuple(sorted(e.flags)),
            e.previous_msgctxt if e.previous_msgctxt != e.msgctxt else None,
            e.previous_msgid,
            e.previous_msgid_plural,
        )
        for e in catalog.messages()
    ]
    obsolete: set[tuple[object, ...]] = {
        (e.msgctxt, e.msgid, tuple(e.translations)) for e in catalog.obsolete()
    }
    return messages, obsolete


# Cases where msgmerge and this merge agree. They differ by design in three: of several
# old sections with the same text msgmerge takes the first in the file (see CHOICES);
# when a fuzzy entry with #| moves, msgmerge drops the old section from its #|; and a
# fuzzy entry without #| gets none from msgmerge, where we name its old msgid.
AS_MSGMERGE = [
    "section renamed",
    "nested section moved to the top",
    "message moved between sections that stay",
    "obsolete translation of a removed section",
    "the same text beats similar text of the section",
    "one old translation seeds two new sections",
    "a moved translation also seeds a changed copy left behind",
]


@needs_gettext
@pytest.mark.gettext
@pytest.mark.parametrize("case", AS_MSGMERGE + ["changed again within the section"])
def test_moved_sections_merge_as_msgmerge_previous_does(tmp_path: Path, case: str) -> None:
    if case in MOVES:
        old_entries, template, _, _ = MOVES[case]
        old = catalog(*old_entries)
    else:
        old_entry, message, _ = REVIEWED[case]
        old, template = catalog(old_entry), [message]
    (tmp_path / "old.po").write_bytes(dumps(old))
    (tmp_path / "new.pot").write_bytes(dumps(pot(*template)))
    gnu = subprocess.run(
        ["msgmerge", "--previous", "--quiet", "-o", "-", "old.po", "new.pot"],
        cwd=tmp_path,
        capture_output=True,
        check=True,
    ).stdout
    merged, _ = merge(load_catalog(dumps(old), "old.po"), pot(*template))
    target = tmp_path / "de.po"
    target.write_bytes(dumps(merged))
    assert msgfmt_check(target).returncode == 0, msgfmt_check(target).stderr
    assert _parsed(load_catalog(target.read_bytes(), "de.po")) == _parsed(
        load_catalog(gnu, "gnu.po")
    )


# -------------------------------------------------------------- update --check compares content


def sample() -> Catalog:
    """A catalog using every part of an entry, with lines long enough to wrap."""
    long = (
        "Take {n} tablets a day with a full glass of water, after a meal, "
        "and never more than 8 tablets in 24 hours."
    )
    dose = Entry(
        msgid=long,
        msgstr="Nehmen Sie täglich {n} Tabletten mit einem vollen Glas Wasser nach dem Essen ein.",
        msgctxt="how-to-take/dose",
        comments=["checked by the pharmacist", "keep the glass of water"],
        extracted=["SAFETY-CRITICAL: translate completely.", "Keep unchanged (protected): Demo"],
        references=["content/demo.yaml:12", "content/demo.yaml:14"],
        flags=["fuzzy", "python-brace-format"],
        previous_msgid="Take {n} tablets a day.",
    )
    storage = Entry(msgid="Store below 25 °C.", msgctxt="storage", extracted=["Storage."])
    old = gone("warnings", "Do not drive.", "Fahren Sie nicht.")
    return catalog(dose, storage, old)


def _swap_comment_kinds(data: bytes) -> bytes:
    """Extracted comments (#.) before translator comments (#), as some editors save."""
    return re.sub(rb"((?:# [^\n]*\n)+)((?:#\. [^\n]*\n)+)", rb"\2\1", data)


LAYOUTS: dict[str, Callable[[bytes], bytes]] = {
    "CRLF line ends": lambda data: data.replace(b"\n", b"\r\n"),
    "comment kinds swapped": _swap_comment_kinds,
    "flags reordered": lambda data: data.replace(
        b"#, fuzzy, python-brace-format", b"#, python-brace-format, fuzzy"
    ),
    "all of them": lambda data: _swap_comment_kinds(data).replace(b"\n", b"\r\n"),
}


def _resaved(data: bytes, layout: str, tmp_path: Path) -> bytes:
    if layout == "narrower wrapping":
        path = tmp_path / "de.po"
        path.write_bytes(data)
        return msgcat(path, "--width=40")
    return LAYOUTS[layout](data)


_narrower = pytest.param("narrower wrapping", marks=[needs_gettext, pytest.mark.gettext])


@pytest.mark.parametrize("layout", [*LAYOUTS, _narrower])
def test_a_catalog_resaved_with_another_layout_has_the_same_content(
    tmp_path: Path, layout: str
) -> None:
    data = dumps(sample())
    resaved = _resaved(data, layout, tmp_path)
    assert resaved != data
    assert same_content(load_catalog(resaved, "de.po"), sample())


def _reviewed_fuzzy(c: Catalog) -> None:
    c.entries[1].fuzzy = False


def _translated(c: Catalog) -> None:
    c.entries[2].msgstr = "Nicht über 25 °C lagern."


def _flag_dropped(c: Catalog) -> None:
    c.entries[1].flags.remove("python-brace-format")


def _new_obsolete(c: Catalog) -> None:
    c.entries.append(gone("storage", "Keep dry.", "Trocken lagern."))


def _revived(c: Catalog) -> None:
    c.entries[3].obsolete = False


def _header(c: Catalog) -> None:
    c.set_header_field("POT-Creation-Date", "2026-12-01 00:00+0000")


def _comment(c: Catalog) -> None:
    c.entries[1].comments[0] = "checked by the doctor"


def _comment_order(c: Catalog) -> None:
    c.entries[1].comments.reverse()


def _extracted(c: Catalog) -> None:
    c.entries[2].extracted = ["Storage conditions."]


def _reference(c: Catalog) -> None:
    c.entries[1].references[1] = "content/demo.yaml:15"


def _previous(c: Catalog) -> None:
    c.entries[1].previous_msgid = "Take {n} tablets."


def _order(c: Catalog) -> None:
    c.entries[1], c.entries[2] = c.entries[2], c.entries[1]


CHANGES: list[Callable[[Catalog], None]] = [
    _reviewed_fuzzy,
    _translated,
    _flag_dropped,
    _new_obsolete,
    _revived,
    _header,
    _comment,
    _comment_order,
    _extracted,
    _reference,
    _previous,
    _order,
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda f: f.__name__.strip("_"))
def test_a_real_change_is_a_change_whatever_the_layout(change: Callable[[Catalog], None]) -> None:
    changed = sample()
    change(changed)
    assert not same_content(changed, sample())
    resaved = load_catalog(LAYOUTS["all of them"](dumps(changed)), "de.po")
    assert not same_content(resaved, sample())


def _commented_workspace(tmp_path: Path) -> tuple[Path, list[Path]]:
    """A translated workspace whose catalogs have translator comments too."""
    ws = translated_workspace(tmp_path)
    paths = sorted((ws / "locales" / "de" / "LC_MESSAGES").glob("*.po"))
    for path in paths:
        c = read_catalog(path)
        for entry in c.messages():
            entry.comments = ["checked"]
        path.write_bytes(dumps(c))
    return ws, paths


# The workspace's messages have no flags (any the template lacks would be a real change).
@pytest.mark.parametrize("layout", [*(k for k in LAYOUTS if k != "flags reordered"), _narrower])
def test_update_leaves_a_catalog_resaved_with_another_layout_alone(
    tmp_path: Path, layout: str
) -> None:
    ws, paths = _commented_workspace(tmp_path)
    for path in paths:
        canonical = path.read_bytes()
        path.write_bytes(_resaved(canonical, layout, tmp_path))
        assert path.read_bytes() != canonical
    before = {path: path.read_bytes() for path in paths}
    assert all(b"#. " in data for data in before.values())
    for args in (["update", "--check"], ["update"]):
        code, output = cli(ws, *args)
        assert (code, output) == (0, "all catalogs of de are up to date\n"), args
    assert {path: path.read_bytes() for path in paths} == before


def _edit_header(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"POT-Creation-Date: [^\\]*", "POT-Creation-Date: 2000-01-01", text))


def _add_message(path: Path) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write('\nmsgctxt "gone"\nmsgid "No longer in the leaflet."\nmsgstr "Nicht mehr."\n')


def _add_flag(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgctxt "_title"', '#, no-wrap\nmsgctxt "_title"', 1))


def _edit_extracted(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("#. Title of the leaflet", "#. Title of a leaflet", 1))


FILE_CHANGES: list[Callable[[Path], None]] = [
    _edit_header,
    _add_message,
    _add_flag,
    _edit_extracted,
]


@pytest.mark.parametrize("change", FILE_CHANGES, ids=lambda f: f.__name__.strip("_"))
def test_update_check_still_reports_a_real_change_in_a_resaved_catalog(
    tmp_path: Path, change: Callable[[Path], None]
) -> None:
    ws, _ = _commented_workspace(tmp_path)
    path = ws / "locales/de/LC_MESSAGES/demo.po"
    change(path)
    path.write_bytes(LAYOUTS["all of them"](path.read_bytes()))
    code, output = cli(ws, "update", "--check")
    assert code == 1 and output.startswith("would update locales/de/LC_MESSAGES/demo.po: ")
    assert "templates.po" not in output
    code, output = cli(ws, "update")
    assert code == 0 and output.startswith("updated locales/de/LC_MESSAGES/demo.po: ")
    assert path.read_bytes() == dumps(read_catalog(path))  # written in the canonical layout
    assert cli(ws, "update", "--check") == (0, "all catalogs of de are up to date\n")
