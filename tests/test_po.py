"""The PO reader agrees with msgfmt; the writer writes what msgcat writes."""

from __future__ import annotations

import shutil
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leaflet_i18n.checks.conformance import load_catalog, read_catalog
from leaflet_i18n.formats import po_reader
from leaflet_i18n.formats.po_charset import decode_po
from leaflet_i18n.formats.po_writer import dumps, generate_po
from leaflet_i18n.model.catalog import Catalog, Entry
from leaflet_i18n.model.diagnostics import POError

from .conftest import (
    CORPUS,
    DATA,
    HAVE_GETTEXT,
    corpus_id,
    manifest,
    msgcat,
    msgfmt_check,
    needs_corpus,
    needs_gettext,
)

SAMPLE = DATA / "po" / "sample.po"


def counts(catalog: Catalog) -> tuple[int, int, int]:
    states = [e.state for e in catalog.messages()]
    return (states.count("translated"), states.count("fuzzy"), states.count("untranslated"))


# ---------------------------------------------------------------- reading


def test_reads_entries_with_context_plural_fuzzy_and_obsolete() -> None:
    cat = read_catalog(SAMPLE)
    assert cat.header_field("Language") == "de"
    dose = cat.get("Take 2.5 mg twice a day.", context="dosage")
    assert dose is not None and dose.msgstr == "Nehmen Sie zweimal täglich 2,5 mg ein."
    assert dose.references == ["content/sample.yaml:12"]
    assert dose.extracted == ["section: dosage (dosage), safety-critical"]
    assert dose.line == 14
    keep = cat.get("Keep this medicine out of the sight and reach of children.", "storage")
    assert keep is not None and keep.fuzzy
    assert keep.previous_msgid == "Keep out of reach of children."
    plural_entry = cat.get("%d tablet")
    assert plural_entry is not None and plural_entry.msgstr_plural == [
        "%d Tablette",
        "%d Tabletten",
    ]
    [old] = list(cat.obsolete())
    assert (old.msgctxt, old.msgid, old.msgstr) == ("side-effects", "Headache.", "Kopfschmerzen.")
    assert counts(cat) == (2, 1, 1)


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('msgid ""\nmsgstr "x\\q"\n', "invalid control sequence", 2),
        ('msgid ""\nmsgstr ""\n\nmsgid "a"\n', "missing 'msgstr'", 4),
        ('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstrr "b"\n', 'keyword "msgstrr" unknown', 5),
        ('msgid ""\nmsgstr ""\n\nmsgid "a\nmsgstr "b"\n', "end-of-line within string", 4),
        ('msgid ""\nmsgstr ""\n\nmsgctxt "c"\nmsgstr "b"\n', "missing 'msgid'", 5),
        ('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgid_plural "b"\nmsgstr "c"\n', r"msgstr\[N\]", 6),
        (
            'msgid ""\nmsgstr "Plural-Forms: nplurals=2; plural=n!=1;\\n"\n\n'
            'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "c"\nmsgstr[2] "d"\n',
            "wrong index",
            7,
        ),
        ('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', "duplicate", 7),
        ('\ufeffmsgid ""\nmsgstr ""\n', "byte-order mark", 1),
        ("", "header missing", 1),
        ('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b\\0c"\n', "NUL", 4),
        ('msgid ""\nmsgstr ""\n\n#, c-format\nmsgid "%d mg"\nmsgstr "%s mg"\n', "argument 1", 5),
        (
            'msgid ""\nmsgstr "Plural-Forms: nplurals=2; plural=n>1?2:0;\\n"\n',
            "as large as 2",
            1,
        ),
        ('msgid ""\nmsgstr "Plural-Forms: nplurals=x; plural=0;\\n"\n', "nplurals", 1),
    ],
)
def test_rejects_what_msgfmt_rejects(text: str, message: str, line: int) -> None:
    with pytest.raises(POError, match=message) as info:
        load_catalog(text.encode("utf-8"), "x.po")
    assert info.value.line == line
    assert str(info.value).startswith(f"x.po:{line}: ")


def test_invalid_utf8_names_line_and_column() -> None:
    data = (
        b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        b'msgid "a"\nmsgstr "\xff"\n'
    )
    with pytest.raises(POError, match="column 9: invalid multibyte sequence") as info:
        load_catalog(data, "x.po")
    assert info.value.line == 5


def test_reads_legacy_charsets_and_crlf() -> None:
    text = (
        'msgid ""\r\nmsgstr "Content-Type: text/plain; charset=ISO-8859-2\\n"\r\n\r\n'
        'msgid "a"\r\nmsgstr "Zażółć"\r\n'
    )
    cat = load_catalog(text.encode("iso-8859-2"), "x.po")
    entry = cat.get("a")
    assert entry is not None and entry.msgstr == "Zażółć"
    assert b"charset=UTF-8" in dumps(cat)


def test_template_placeholders_are_accepted_in_pot_files() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=CHARSET\\n"\n'
        '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n\n'
        'msgid "a"\nmsgid_plural "b"\nmsgstr[0] ""\nmsgstr[1] ""\n'
    )
    assert len(load_catalog(text.encode(), "x.pot")) == 2
    with pytest.raises(POError, match="nplurals"):
        load_catalog(text.replace('msgstr[0] ""', 'msgstr[0] "x"').encode(), "x.po")


def test_unreadable_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(POError, match="cannot read file"):
        read_catalog(tmp_path / "missing.po")


# ---------------------------------------------------------------- writing


def test_writer_layout_matches_gnu_conventions() -> None:
    entry = Entry(
        msgid="A long sentence about the medicine that will certainly not fit on one line of text.",
        msgstr="",
        msgctxt="before-you-take/warnings",
        comments=["checked by QA"],
        extracted=["section: warnings"],
        references=["./content/x.yaml:3", "content/x.yaml:9"],
        flags=["c-format", "fuzzy"],
    )
    out = dumps(Catalog(entries=[entry])).decode()
    assert out == (
        "# checked by QA\n"
        "#. section: warnings\n"
        "#: content/x.yaml:3 content/x.yaml:9\n"
        "#, c-format\n"  # GNU drops fuzzy from an entry without translation
        'msgctxt "before-you-take/warnings"\n'
        'msgid ""\n'
        '"A long sentence about the medicine that will certainly not fit on one line "\n'
        '"of text."\n'
        'msgstr ""\n'
    )


def test_newlines_and_escapes() -> None:
    lines = generate_po(Catalog(entries=[Entry(msgid='a\nb "c"\t\\', msgstr="x")]))
    assert list(lines) == ['msgid ""', '"a\\n"', '"b \\"c\\"\\t\\\\"', 'msgstr "x"']


def test_cjk_text_breaks_between_characters() -> None:
    text = "本製品は医師の指示に従って服用してください。" * 3
    lines = list(generate_po(Catalog(entries=[Entry(msgid="x", msgstr=text)])))
    assert lines[1] == 'msgstr ""'
    assert all(len(ln.encode("utf-16-le")) // 2 <= 79 for ln in lines)
    assert "".join(ln.strip('"') for ln in lines[2:]) == text


def test_obsolete_entry_without_translation_is_not_written() -> None:
    cat = Catalog(
        entries=[Entry(msgid="a", obsolete=True), Entry(msgid="b", msgstr="c", obsolete=True)]
    )
    assert dumps(cat).decode() == '#~ msgid "b"\n#~ msgstr "c"\n'


def test_round_trip_keeps_everything() -> None:
    data = SAMPLE.read_bytes()
    assert dumps(load_catalog(data, "x.po")) == data


_texts = st.text(
    alphabet=st.sampled_from(
        list(string.ascii_letters + string.digits + ' .,;:-/()%"\\\n\t')
        + list("äöüßłęąśźżçéàñ日本語العربيةעבר·–—«»€°µ")
    ),
    max_size=200,
)


@settings(max_examples=150, deadline=None)
@given(
    msgid=_texts.filter(bool),
    msgstr=_texts,
    ctxt=st.none() | st.from_regex(r"[a-z][a-z0-9-]{0,20}(/[a-z0-9-]{1,12}){0,2}", fullmatch=True),
    fuzzy=st.booleans(),
    obsolete=st.booleans(),
    previous=st.none() | _texts,
)
def test_round_trip_property(
    msgid: str, msgstr: str, ctxt: str | None, fuzzy: bool, obsolete: bool, previous: str | None
) -> None:
    header = Entry(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n")
    entry = Entry(
        msgid=msgid,
        msgstr=msgstr,
        msgctxt=ctxt,
        flags=["fuzzy"] if fuzzy and msgstr else [],
        previous_msgid=previous,
        obsolete=obsolete and bool(msgstr),
    )
    data = dumps(Catalog(entries=[header, entry]))
    back = po_reader.parse(data, "x.po")
    assert [
        (e.msgctxt, e.msgid, e.msgstr, e.fuzzy, e.previous_msgid, e.obsolete) for e in back
    ] == [
        (None, "", header.msgstr, False, None, False),
        (ctxt, msgid, msgstr, entry.fuzzy, previous, entry.obsolete),
    ]
    assert dumps(back) == data


@needs_gettext
@settings(max_examples=60, deadline=None)
@given(msgid=_texts.filter(bool), msgstr=_texts, ctxt=st.none() | st.just("side-effects/common"))
def test_reader_agrees_with_msgfmt_and_msgcat_keeps_our_layout(
    tmp_path_factory: pytest.TempPathFactory, msgid: str, msgstr: str, ctxt: str | None
) -> None:
    header = Entry(
        msgid="",
        msgstr="Project-Id-Version: t\nLanguage: de\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n",
    )
    path = tmp_path_factory.mktemp("po") / "t.po"
    data = dumps(Catalog(entries=[header, Entry(msgid, msgstr, ctxt)]))
    path.write_bytes(data)
    try:
        load_catalog(data, "t.po")
        accepted = True
    except POError:
        accepted = False
    assert (msgfmt_check(path).returncode == 0) == accepted
    assert msgcat(path) == data


# ---------------------------------------------------------------- the real-world corpus


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("row", manifest("po"), ids=corpus_id)
def test_corpus_counts_equal_msgfmt(row: dict[str, str]) -> None:
    cat = read_catalog(CORPUS / "po" / row["file"])
    assert counts(cat) == (
        int(row["msgfmt translated"]),
        int(row["fuzzy"]),
        int(row["untranslated"]),
    )


@needs_corpus
@needs_gettext
@pytest.mark.corpus
@pytest.mark.parametrize("row", manifest("po"), ids=corpus_id)
def test_corpus_writes_equal_msgcat(row: dict[str, str], tmp_path: Path) -> None:
    path = CORPUS / "po" / row["file"]
    cat = read_catalog(path)
    args = () if cat.charset == "utf-8" else ("--to-code=UTF-8",)
    try:
        expected = msgcat(path, *args)
    except Exception:
        pytest.skip("msgcat cannot convert this file itself")
    assert dumps(cat) == expected


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("row", manifest("po-bad"), ids=corpus_id)
def test_corpus_broken_files(row: dict[str, str]) -> None:
    path = CORPUS / "po-bad" / row["file"]
    rejected_by_msgfmt = row["msgfmt exit status (--check --statistics)"] == "1"
    if rejected_by_msgfmt or row["file"] == "nul-byte.po":
        with pytest.raises(POError) as info:
            read_catalog(path)
        assert info.value.line is not None and info.value.line >= 1
        assert str(info.value).startswith(f"{path}:{info.value.line}: ")
    else:
        read_catalog(path)


@needs_corpus
@pytest.mark.corpus
def test_corpus_is_complete() -> None:
    """Guard against a silently shrunken corpus making the tests above vacuous."""
    assert len([r for r in manifest("po") if r["file"].endswith(".po")]) == 38
    assert len(manifest("po-bad")) == 22


@pytest.mark.skipif(not HAVE_GETTEXT or shutil.which("msgfmt") is None, reason="no gettext")
def test_sample_passes_msgfmt() -> None:
    assert msgfmt_check(SAMPLE).returncode == 0


# ---------------------------------------------------------------- the fast path


def _both_paths(data: bytes) -> tuple[object, object]:
    text, _, transcode, _ = decode_po(data, "x.po")
    assert transcode is None
    reader = po_reader._Reader(text, "x.po", None)
    try:
        full: object = reader.run()
    except po_reader._Syntax:
        full = "error"
    try:
        fast: object = po_reader._scan(reader.lines)
    except po_reader._NeedFullReader:
        fast = full  # deferred to the full reader: nothing to compare
    except po_reader._Syntax:
        fast = "error"
    return fast, full


@needs_corpus
@pytest.mark.corpus
def test_fast_path_reads_corpus_files_exactly_like_the_full_reader() -> None:
    compared = 0
    for folder in ("po", "po-bad", "po-invalid"):
        for path in sorted((CORPUS / folder).glob("*.po*")):
            data = path.read_bytes()
            try:
                _, _, transcode, _ = decode_po(data, str(path))
            except POError:
                continue
            if transcode is not None or b"\r" in data:
                continue
            fast, full = _both_paths(data)
            assert fast == full, path
            compared += 1
    assert compared > 30


@settings(max_examples=200, deadline=None)
@given(
    msgid=_texts.filter(bool),
    msgstr=_texts,
    ctxt=st.none() | st.just("dose"),
    fuzzy=st.booleans(),
    previous=st.none() | _texts,
    noise=st.sampled_from(["", "#\n", "# c\n", "#. x\n", "#: a:1 b\n", 'msgid ""\n']),
)
def test_fast_path_equals_full_reader(
    msgid: str, msgstr: str, ctxt: str | None, fuzzy: bool, previous: str | None, noise: str
) -> None:
    entry = Entry(
        msgid=msgid,
        msgstr=msgstr,
        msgctxt=ctxt,
        previous_msgid=previous,
        flags=["fuzzy"] if fuzzy and msgstr else [],
    )
    data = dumps(Catalog(entries=[Entry(msgid="", msgstr="Language: de\n"), entry]))
    fast, full = _both_paths(data + noise.encode())
    assert fast == full
