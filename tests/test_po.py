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
from leaflet_i18n.steps.status import catalog_stats, file_stats

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
        # a "%<" that names no <inttypes.h> macro, and numbered with unnumbered arguments
        ('msgid ""\nmsgstr ""\n\n#, c-format\nmsgid "%d x"\nmsgstr "%<x"\n', "conversion '<'", 5),
        ('msgid ""\nmsgstr ""\n\n#, c-format\nmsgid "%d"\nmsgstr "%1$*d"\n', "mixes", 5),
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


@pytest.mark.parametrize("text", ["%<x", "%1$*d", "%2$*1$d %<PRIu32>"])
def test_a_flagged_msgid_that_is_no_format_string_is_not_checked(text: str) -> None:
    # msgfmt --check compares the translation only with a msgid that is a valid format string
    po = f'msgid ""\nmsgstr ""\n\n#, c-format\nmsgid "{text}"\nmsgstr "{text}"\n'
    assert len(list(load_catalog(po.encode(), "x.po").messages())) == 1


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


# ---------------------------------------------------------------- one reader, fast on every valid file


def _careful(data: bytes) -> tuple[object, ...]:
    """What the line-by-line reader alone makes of PO bytes: the reference."""
    text, _, transcode, _ = decode_po(data, "x.po")
    reader = po_reader._Reader(po_reader._lines_of(text), "x.po", transcode)
    try:
        return "read", reader.run(), [str(w) for w in reader.warnings]
    except po_reader._Syntax as exc:
        return "error", exc.line, exc.code, exc.message


def _fast(data: bytes, careful_runs: list[int] | None = None) -> tuple[object, ...]:
    """What :func:`po_reader.parse` makes of them (noting where the careful reader starts)."""
    original = po_reader._Reader.run

    def run(self: po_reader._Reader) -> list[Entry]:
        if careful_runs is not None:
            careful_runs.append(self.first_line)
        return original(self)

    po_reader._Reader.run = run  # type: ignore[method-assign]
    try:
        catalog = po_reader.parse(data, "x.po")
        found = [str(w) for w in catalog.warnings if w.code == "po.dangling-comment"]
        return "read", catalog.entries, found
    except POError as exc:
        return "error", exc.line, exc.code, exc.message
    finally:
        po_reader._Reader.run = original  # type: ignore[method-assign]


def _corpus_files() -> list[Path]:
    return sorted(
        p
        for folder in ("po", "po-invalid", "po-bad")
        for p in (CORPUS / folder).glob("*.po*")
        if p.suffix in (".po", ".pot")
    )


@needs_corpus
@pytest.mark.corpus
def test_reader_reads_the_corpus_as_the_careful_reader_without_it() -> None:
    """Same entries, warnings and errors; the careful reader runs only to word an error."""
    compared = 0
    for path in _corpus_files():
        data = path.read_bytes()
        try:
            expected = _careful(data)
        except POError:
            continue  # not decodable: both stop in decode_po
        runs: list[int] = []
        assert _fast(data, runs) == expected, path
        assert bool(runs) == (expected[0] == "error"), path
        compared += 1
    assert compared >= 70


_CHARS = st.sampled_from(
    list(string.ascii_letters + string.digits + ' .,;:-/()%"\\\n\t\r\a\b\f\v{}')
    + list("äöüßłęąśźżçéàñ日本語العربيةעבר·–—«»€°µ")
)
_TEXT = st.text(alphabet=_CHARS, max_size=120)
_LONG = st.text(alphabet=_CHARS, min_size=60, max_size=400)  # wrapped over several lines
_WORD = st.text(alphabet=string.ascii_lowercase + "-", min_size=1, max_size=12)


@st.composite
def _entries(draw: st.DrawFn) -> Entry:
    msgid = draw(_TEXT.filter(bool) | _LONG)
    entry = Entry(msgid=msgid, msgctxt=draw(st.none() | _TEXT))
    if draw(st.booleans()):
        entry.msgid_plural = draw(_TEXT | _LONG)
        entry.msgstr_plural = draw(st.lists(_TEXT | _LONG, min_size=1, max_size=4))
    else:
        entry.msgstr = draw(_TEXT | _LONG)
    entry.comments = draw(st.lists(_WORD, max_size=2))
    entry.extracted = draw(st.lists(_WORD, max_size=2))
    entry.references = draw(st.lists(_WORD.map(lambda w: f"src/{w}.c:12"), max_size=3, unique=True))
    entry.flags = draw(
        st.lists(st.sampled_from(["c-format", "no-wrap", "range: 1..9"]), unique=True)
    )
    if entry.first_msgstr and draw(st.booleans()):
        entry.flags.insert(0, "fuzzy")
        entry.previous_msgctxt = draw(st.none() | _TEXT)
        entry.previous_msgid = draw(_TEXT | _LONG)
        entry.previous_msgid_plural = draw(st.none() | _TEXT)
    entry.obsolete = bool(entry.first_msgstr) and draw(st.booleans())
    return entry


def _catalogs() -> st.SearchStrategy[Catalog]:
    header = Entry(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n")
    return st.lists(_entries(), max_size=6).map(lambda es: Catalog(entries=[header, *es]))


def _fields(entry: Entry) -> tuple[object, ...]:
    return (
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        entry.translations,
        entry.fuzzy,
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
        entry.obsolete,
    )


@settings(max_examples=200, deadline=None)
@given(catalog=_catalogs())
def test_reader_reads_back_what_the_writer_writes(catalog: Catalog) -> None:
    data = dumps(catalog)
    runs: list[int] = []
    result = _fast(data, runs)
    assert not runs and result[0] == "read"
    back = po_reader.parse(data, "x.po")
    written = sorted(catalog.entries, key=lambda e: e.obsolete)  # obsolete ones come last
    assert [_fields(e) for e in back] == [_fields(e) for e in written]
    assert [(e.comments, e.extracted, e.references) for e in back] == [
        (e.comments, e.extracted, e.references) for e in written
    ]
    assert dumps(back) == data
    assert result == _careful(data)


@settings(max_examples=100, deadline=None)
@given(catalog=_catalogs())
def test_crlf_reads_as_lf(catalog: Catalog) -> None:
    data = dumps(catalog)
    crlf = data.replace(b"\n", b"\r\n")
    runs: list[int] = []
    lf_entries, crlf_entries = po_reader.parse(data).entries, po_reader.parse(crlf).entries
    assert _fast(crlf, runs)[0] == "read" and not runs
    assert [(_fields(e), e.line, e.flags) for e in crlf_entries] == [
        (_fields(e), e.line, e.flags) for e in lf_entries
    ]
    # GNU keeps the CR at the end of translator and extracted comments and references.
    for lf, cr in zip(lf_entries, crlf_entries, strict=True):
        assert [c.rstrip("\r") for c in cr.comments] == lf.comments
        assert [c.rstrip("\r") for c in cr.extracted] == lf.extracted
        assert [r.rstrip("\r") for r in cr.references] == lf.references
    assert _fast(crlf) == _careful(crlf)


def test_obsolete_and_previous_entries() -> None:
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        "#, fuzzy\n"
        '#| msgctxt "old"\n#| msgid "Take one"\n#| msgid_plural "Take %d"\n'
        'msgctxt "dose"\nmsgid "Take one tablet"\nmsgid_plural "Take %d tablets"\n'
        'msgstr[0] "Eine"\nmsgstr[1] "%d"\n\n'
        "# kept by the translator\n"
        "#, fuzzy\n"
        '#~| msgid ""\n#~| "Keep "\n#~| "cool."\n'
        '#~ msgctxt "storage"\n#~ msgid ""\n#~ "Keep "\n#~ "dry."\n#~ msgstr "Trocken."\n\n'
        '#~ msgid "%d day"\n#~ msgid_plural "%d days"\n#~ msgstr[0] "%d Tag"\n'
        '#~ msgstr[1] "%d Tage"\n'
    )
    runs: list[int] = []
    assert _fast(text.encode(), runs)[0] == "read" and not runs
    _, dose, storage, days = po_reader.parse(text.encode()).entries
    assert (dose.previous_msgctxt, dose.previous_msgid, dose.previous_msgid_plural) == (
        "old",
        "Take one",
        "Take %d",
    )
    assert (dose.msgctxt, dose.msgstr_plural, dose.fuzzy, dose.obsolete, dose.line) == (
        "dose",
        ["Eine", "%d"],
        True,
        False,
        9,
    )
    assert (storage.previous_msgid, storage.msgid, storage.msgstr) == (
        "Keep cool.",
        "Keep dry.",
        "Trocken.",
    )
    assert storage.obsolete and storage.fuzzy and storage.comments == ["kept by the translator"]
    assert storage.line == 20
    assert days.obsolete and days.msgstr_plural == ["%d Tag", "%d Tage"] and days.line == 25
    assert dumps(po_reader.parse(dumps(po_reader.parse(text.encode())))) == dumps(
        po_reader.parse(text.encode())
    )


_HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
BROKEN = [
    ("unterminated obsolete string", '#~ msgid "a"\n#~ msgstr "b\n', 5, "po.unterminated",
     "end-of-line within string"),
    ("obsolete msgid after an active msgctxt", 'msgctxt "c"\n#~ msgid "a"\n#~ msgstr "b"\n', 5,
     "po.obsolete", "entry mixes obsolete (#~) and active lines"),
    ("active msgstr in an obsolete entry", '#~ msgid "a"\nmsgstr "b"\n', 5, "po.obsolete",
     "entry mixes obsolete (#~) and active lines"),
    ("bad escape in a previous msgid", '#, fuzzy\n#| msgid "\\q"\nmsgid "a"\nmsgstr "b"\n', 5,
     "po.escape", "invalid control sequence '\\q'"),
    ("bad escape in an obsolete previous string",
     '#~| msgid "ok"\n#~| "\\q"\n#~ msgid "a"\n#~ msgstr "b"\n', 5, "po.escape",
     "invalid control sequence '\\q'"),
    ("bad escape on a continuation line", 'msgid "a"\nmsgstr ""\n"one\\n"\n"two\\k"\n', 7,
     "po.escape", "invalid control sequence '\\k'"),
    ("plural index gap in an obsolete entry",
     '#~ msgid "a"\n#~ msgid_plural "as"\n#~ msgstr[0] "x"\n#~ msgstr[2] "y"\n', 7,
     "po.plural-index", "plural form has wrong index"),
    ("msgstr as a previous string", '#| msgstr "x"\nmsgid "a"\nmsgstr "b"\n', 4, "po.syntax",
     "'msgstr' cannot be a previous string (#|)"),
    ("previous string without a keyword", '#| "x"\nmsgid "a"\nmsgstr "b"\n', 4, "po.syntax",
     "string without a keyword"),
    ("plain string after a previous one", '#| msgid "x"\n"y"\nmsgid "a"\nmsgstr "b"\n', 5,
     "po.syntax", "string without a keyword"),
    ("string after a comment", 'msgid "a"\nmsgstr "b"\n# c\n"more"\n', 7, "po.syntax",
     "string without a keyword"),
    ("comment between msgid and msgstr", 'msgid "a"\n# c\nmsgstr "b"\n', 4,
     "po.missing-msgstr", "missing 'msgstr' section"),
    ("junk after the strings", 'msgid "a"\nmsgstr "b" "c" x\n', 5, "po.syntax", "syntax error"),
    ("comment after a string", 'msgid "a" # c\nmsgstr "b"\n', 4, "po.syntax",
     "comment after a string on the same line"),
    ("msgctxt at the end", 'msgid "a"\nmsgstr "b"\n\nmsgctxt "c"\n', 7, "po.syntax",
     "missing 'msgid' after 'msgctxt'"),
    ("msgstr[0] without msgid_plural", 'msgid "a"\nmsgstr[0] "b"\n', 5, "po.syntax",
     "missing 'msgid_plural' section"),
    ("msgid_plural after msgstr", 'msgid "a"\nmsgstr ""\n\nmsgid_plural "b"\nmsgstr[0] "c"\n', 7,
     "po.syntax", "'msgid_plural' must follow 'msgid'"),
    ("domain directive", 'domain "x"\n', 4, "po.domain", "'domain' directives are not supported"),
    ("escaped closing quote", 'msgid "a\\"\nmsgstr "b"\n', 4, "po.unterminated",
     "end-of-line within string"),
    ("a lone quote", 'msgid "a"\nmsgstr "\n', 5, "po.unterminated", "end-of-line within string"),
    ("backslash before a line break", 'msgid ""\n"a\\"\n"b"\nmsgstr "c"\n', 5, "po.unterminated",
     "end-of-line within string"),
    ("two msgctxt", 'msgctxt "a"\nmsgctxt "b"\nmsgid "c"\nmsgstr "d"\n', 5, "po.syntax",
     "duplicate 'msgctxt'"),
    ("keyword without a string", 'msgid "a"\nmsgstr\n', 5, "po.syntax",
     "keyword without a string"),
    ("missing msgstr before the next entry", 'msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 4,
     "po.missing-msgstr", "missing 'msgstr' section"),
    ("index on msgid", 'msgid[0] "a"\nmsgstr "b"\n', 4, "po.syntax",
     "'msgid' cannot have an index"),
    ("a CR between two strings", 'msgid "a"\nmsgstr "x"\r"\n"\n"y"\n', 5, "po.syntax",
     "syntax error"),
    ("a quote after a string, in an obsolete entry",
     '#~ msgid "a"\n#~ msgstr "x""\n#~ "\n#~ "y"\n', 5, "po.unterminated",
     "end-of-line within string"),
    ("escaped quote, then the line break", 'msgid "a"\nmsgstr ""\n"x\\"\n"y"\n', 6,
     "po.unterminated", "end-of-line within string"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "line", "code", "message"), BROKEN, ids=corpus_id)
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_broken_inputs(
    name: str, text: str, line: int, code: str, message: str, newline: str
) -> None:
    data = (_HEADER + text).replace("\n", newline).encode()
    with pytest.raises(POError) as info:
        load_catalog(data, "x.po")
    assert (info.value.line, info.value.code, info.value.message) == (line, code, message)
    assert str(info.value) == f"x.po:{line}: {message}"
    assert _fast(data) == _careful(data) == ("error", line, code, message)


@needs_gettext
@pytest.mark.gettext
@pytest.mark.parametrize(
    "name", ["a lone quote", "plain string after a previous one", "msgid_plural after msgstr"]
)
def test_broken_inputs_the_old_quick_scan_let_through_are_rejected_by_msgfmt(
    name: str, tmp_path: Path
) -> None:
    [text] = [t for n, t, *_ in BROKEN if n == name]
    path = tmp_path / "x.po"
    path.write_text(_HEADER + text, encoding="utf-8")
    assert msgfmt_check(path).returncode == 1


@settings(max_examples=500, deadline=None)
@given(
    strings=st.lists(
        st.text(alphabet='a\\"nt04 é\r#~', max_size=8).map(lambda t: f'"{t}"'),
        min_size=1,
        max_size=4,
    ),
    prefix=st.sampled_from(["", "#~ ", " "]),
    tail=st.sampled_from(["", " ", "\r", '"']),
)
def test_reader_agrees_with_the_careful_reader_on_any_strings(
    strings: list[str], prefix: str, tail: str
) -> None:
    """Escaped quotes and backslashes, CRs and quotes where they do not belong."""
    body = f"\n{prefix}".join(strings) + tail
    for text in (f"msgid {body}\nmsgstr {body}\n", f'#| msgid {body}\nmsgid "a"\nmsgstr ""\n'):
        data = (_HEADER + text).encode()
        assert _fast(data) == _careful(data)


_LINES = [
    "", " ", "\t", "\r", "\f", "#", "# c", "#. x", "#: a:1 b:2", "#, fuzzy", "#, c-format",
    "#! x", "#~", "#~ ", "#~ # old", "#|", "#~|", 'msgid "a"', 'msgid ""', 'msgstr "b"',
    'msgstr ""', 'msgctxt "c"', 'msgid_plural "p"', 'msgstr[0] "x"', 'msgstr[1] "y"',
    'msgstr[2] "z"', '"more"', '"a\\nb"', '"\\101"', '"\\x41"', '"\\q"', '"\\\\"', '"\\""',
    '"open', '"a" "b"', '"a" x', ' "indented"', '#~ msgid "o"', '#~ msgstr "o"', '#~ "o"',
    '#| msgid "p"', '#| "p"', '#~| msgid "p"', '#| msgstr "p"', 'msgstrr "x"', 'msgid "é"',
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(
    lines=st.lists(st.sampled_from(_LINES), max_size=30),
    ends=st.sampled_from(["\n", "\r\n"]),
    last=st.booleans(),
)
def test_reader_agrees_with_the_careful_reader_on_any_lines(
    lines: list[str], ends: str, last: bool
) -> None:
    data = (ends.join(lines) + (ends if last else "")).encode()
    assert _fast(data) == _careful(data)


# ---------------------------------------------------------------- stats without a catalog


def _stats_as_read(path: Path) -> dict[str, object]:
    """What ``stats`` said of a file before it counted without a catalog."""
    try:
        return catalog_stats(read_catalog(path))
    except POError as exc:
        return {"errors": [f.as_dict() for f in exc.findings or [exc.as_finding()]]}


@needs_corpus
@pytest.mark.corpus
def test_stats_of_the_corpus_are_those_of_the_whole_catalog() -> None:
    for path in _corpus_files():
        assert file_stats(str(path)) == _stats_as_read(path), path


_SOURCES = ['"a"', '"%d file"', '"%s and %d"', '"\\nlead"', '"trail\\n"', '"x\\0y"', '"{n}"',
            '"%(n)s"', '""', '"two words\\there"', '""\n"a "\n"b"', '"\\101"']  # fmt: skip
_FLAGS = ["", "#, fuzzy\n", "#, c-format\n", "#, python-format\n", "#, python-brace-format\n",
          "#, fuzzy, c-format\n", "#, no-c-format\n", "#| msgid \"old\"\n"]  # fmt: skip
_PLURALS = ["", "Plural-Forms: nplurals=2; plural=(n != 1);\\n",
            "Plural-Forms: nplurals=3; plural=n%10==1 ? 0 : n%10==2 ? 1 : 2;\\n",
            "Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n", "Plural-Forms: x\\n"]  # fmt: skip


@st.composite
def _stats_entries(draw: st.DrawFn) -> str:
    obsolete = "#~ " if draw(st.integers(0, 6)) == 0 else ""
    source = draw(st.sampled_from(_SOURCES))
    close = draw(st.booleans())  # a translation that keeps the source's directives

    def translation() -> str:
        return source.replace("a", "A") if close else draw(st.sampled_from(_SOURCES))

    text = draw(st.sampled_from(_FLAGS))
    if draw(st.integers(0, 4)) == 0:
        text += f'{obsolete}msgctxt "{draw(st.sampled_from(["c", ""]))}"\n'
    text += f"{obsolete}msgid {source}\n"
    if draw(st.integers(0, 3)) == 0:
        text += f"{obsolete}msgid_plural {draw(st.sampled_from([source, *_SOURCES]))}\n"
        for index in range(draw(st.sampled_from([2, 2, 1, 3]))):
            text += f"{obsolete}msgstr[{index}] {translation()}\n"
    else:
        text += f"{obsolete}msgstr {translation()}\n"
    return text.replace("\n", "\n" + obsolete).removesuffix(obsolete) + "\n"


@settings(max_examples=300, deadline=None)
@given(
    plural=st.none() | st.sampled_from(_PLURALS),
    entries=st.lists(_stats_entries(), max_size=8),
    suffix=st.sampled_from([".po", ".pot"]),
    crlf=st.booleans(),
)
def test_stats_without_a_catalog_agree_with_the_whole_catalog(
    tmp_path_factory: pytest.TempPathFactory,
    plural: str | None,
    entries: list[str],
    suffix: str,
    crlf: bool,
) -> None:
    header = "" if plural is None else f'msgid ""\nmsgstr "{plural}"\n\n'
    text = header + "\n".join(entries)
    path = tmp_path_factory.mktemp("stats") / f"x{suffix}"
    path.write_bytes((text.replace("\n", "\r\n") if crlf else text).encode())
    assert file_stats(str(path)) == _stats_as_read(path)


def test_tally_keeps_only_the_entries_a_check_could_object_to() -> None:
    text = (
        'msgid ""\nmsgstr "Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "plain"\nmsgstr "Klar"\n\n'
        '#, c-format\nmsgid "%d mg"\nmsgstr "%d mg"\n\n'
        'msgid "%d tablet"\nmsgid_plural "%d tablets"\nmsgstr[0] "x"\nmsgstr[1] "y"\n\n'
        'msgid "Line\\n"\nmsgstr "Zeile"\n\n'
        '#, fuzzy\nmsgid "fuzzy"\nmsgstr "unscharf"\n\n'
        'msgid "empty"\nmsgstr ""\n\n'
        '#~ msgid "old"\n#~ msgstr "alt"\n'
    )
    tally = po_reader.tally(text.encode(), "x.po")
    assert tally is not None
    assert {e.line for e in tally.checked} == {0}  # counted only for findings
    tally.number_lines()
    assert [(e.msgid, e.line) for e in tally.checked] == [
        ("", 1),
        ("%d mg", 8),
        ("%d tablet", 11),
        ("Line\n", 16),
    ]
    lines = {e.msgid: e.line for e in po_reader.parse(text.encode(), "x.po")}
    assert all(e.line == lines[e.msgid] for e in tally.checked)
    assert tally.counts == {"translated": 4, "fuzzy": 1, "untranslated": 1}
    assert tally.words == {"translated": 6, "fuzzy": 1, "untranslated": 1}
    assert tally.obsolete == 1
    whole = catalog_stats(po_reader.parse(text.encode(), "x.po"))
    assert (whole["words"], whole["obsolete"]) == (tally.words, tally.obsolete)
    duplicate = text + '\nmsgid "plain"\nmsgstr "again"\n'
    assert po_reader.tally(duplicate.encode(), "x.po") is None  # read whole, to name both lines
