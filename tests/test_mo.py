"""The .mo writer writes what ``msgfmt -o`` writes, and the C library finds every message."""

from __future__ import annotations

import ctypes
import json
import os
import platform
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leaflet_i18n.checks.conformance import load_catalog, read_catalog
from leaflet_i18n.checks.plural import parse_plural_forms
from leaflet_i18n.formats import po_reader
from leaflet_i18n.formats.mo import (
    MAGIC,
    CompileStats,
    compile_catalog,
    hash_string,
    hash_table_size,
    sysdep_directives,
)
from leaflet_i18n.model.catalog import Catalog, Entry
from leaflet_i18n.model.diagnostics import POError

from .conftest import CORPUS, HAVE_GETTEXT, ROOT, corpus_id, manifest, needs_corpus, needs_gettext

DEMO_CATALOGS = sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po"))
LIBC_HELPER = Path(__file__).with_name("libc_gettext.py")
HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: test 1.0\\n"\n'
    '"POT-Creation-Date: 2024-01-01 00:00+0000\\n"\n"Language: pl\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && '
    '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n'
)


def _has_glibc_gettext() -> bool:
    if platform.libc_ver()[0] != "glibc":
        return False
    return hasattr(ctypes.CDLL(None), "dcgettext")


# glibc >= 2.35 has a built-in C.UTF-8 and honours LANGUAGE under it, so no
# language locale needs to be installed for a catalog to be loaded.
needs_glibc = pytest.mark.skipif(
    not _has_glibc_gettext(),
    reason="the C library is not glibc with dcgettext (LANGUAGE under C.UTF-8 is glibc behaviour)",
)


def msgfmt(path: Path, out: Path) -> bytes | None:
    """What ``msgfmt -o`` writes for a file; None when it writes nothing."""
    out.unlink(missing_ok=True)
    result = subprocess.run(["msgfmt", "-o", str(out), str(path)], capture_output=True, check=False)
    if result.returncode != 0 or not out.exists():
        return None
    return out.read_bytes()


def compile_text(text: str, tmp_path: Path) -> tuple[bytes, bytes | None]:
    """(ours, msgfmt's) for a PO file given as UTF-8 text."""
    path = tmp_path / "case.po"
    path.write_bytes(text.encode("utf-8"))
    ours, _ = compile_catalog(po_reader.parse(path.read_bytes(), str(path)))
    return ours, msgfmt(path, tmp_path / "case.mo") if HAVE_GETTEXT else None


def read_mo(data: bytes) -> dict[bytes, bytes]:
    """The static string pairs of a .mo file (original → translation)."""
    magic, _, count, originals, translations = struct.unpack_from("<5I", data)
    assert magic == MAGIC
    pairs = {}
    for i in range(count):
        olen, ooff = struct.unpack_from("<2I", data, originals + 8 * i)
        tlen, toff = struct.unpack_from("<2I", data, translations + 8 * i)
        pairs[data[ooff : ooff + olen]] = data[toff : toff + tlen]
    return pairs


def libc_lookup(
    localedir: Path, language: str, domain: str, queries: list[list[str | int]]
) -> list[str]:
    """Answers of libc's dcgettext/dcngettext, from a fresh process."""
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANGUAGE": language}
    request = {"localedir": str(localedir), "domain": domain, "queries": queries}
    result = subprocess.run(
        [sys.executable, str(LIBC_HELPER)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    answers: list[str] = json.loads(result.stdout)
    return answers


def install(catalog: Catalog, localedir: Path, language: str, domain: str) -> None:
    target = localedir / language / "LC_MESSAGES" / f"{domain}.mo"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(compile_catalog(catalog)[0])


def key(entry: Entry) -> str:
    return entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"


def queries_and_answers(catalog: Catalog) -> tuple[list[list[str | int]], list[str]]:
    """A lookup for every active message, and what msgfmt semantics say it returns.

    Translated messages answer with their translation (every plural form,
    picked by the catalog's own Plural-Forms); fuzzy and untranslated ones
    answer with the key itself, as gettext does for a missing message.
    """
    spec = catalog.header_field("Plural-Forms") or "nplurals=2; plural=(n != 1);"
    nplurals, plural = parse_plural_forms(spec)
    queries: list[list[str | int]] = []
    expected: list[str] = []
    for entry in catalog.messages():
        found = entry.state == "translated"
        if entry.msgid_plural is None:
            queries.append([key(entry)])
            expected.append(entry.msgstr if found else key(entry))
            continue
        for n in range(30):
            queries.append([key(entry), entry.msgid_plural, n])
            if found:
                expected.append(entry.msgstr_plural[plural(n)])
            else:
                expected.append(key(entry) if n == 1 else entry.msgid_plural)
    assert nplurals >= 1
    return queries, expected


# ---------------------------------------------------------------- byte-for-byte with msgfmt


@needs_gettext
@pytest.mark.gettext
@pytest.mark.parametrize("path", DEMO_CATALOGS, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_demo_catalogs_equal_msgfmt(path: Path, tmp_path: Path) -> None:
    ours, stats = compile_catalog(read_catalog(path))
    assert ours == msgfmt(path, tmp_path / "out.mo")
    assert stats.translated > 0


def _corpus_files() -> list[tuple[str, str]]:
    return [
        (folder, row["file"])
        for folder in ("po", "po-invalid", "po-bad")
        for row in manifest(folder)
    ]


@needs_corpus
@needs_gettext
@pytest.mark.corpus
@pytest.mark.gettext
@pytest.mark.parametrize(("folder", "name"), _corpus_files(), ids=corpus_id)
def test_corpus_equals_msgfmt(folder: str, name: str, tmp_path: Path) -> None:
    """Every corpus file msgfmt compiles, legacy charsets and revision-1 files included.

    Files that ``msgfmt --check`` rejects (po-invalid, po-bad) are read
    leniently, as plain msgfmt reads them.
    """
    path = CORPUS / folder / name
    expected = msgfmt(path, tmp_path / "out.mo")
    if expected is None:
        pytest.skip("msgfmt itself writes no .mo file for it")
    catalog = read_catalog(path) if folder == "po" else po_reader.read(path)
    assert compile_catalog(catalog)[0] == expected


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("row", manifest("po"), ids=corpus_id)
def test_corpus_statistics_equal_msgfmt(row: dict[str, str]) -> None:
    _, stats = compile_catalog(read_catalog(CORPUS / "po" / row["file"]))
    assert stats == CompileStats(
        int(row["msgfmt translated"]), int(row["fuzzy"]), int(row["untranslated"])
    )


ENTRY_KINDS = HEADER + (
    '\n#, fuzzy\nmsgid "Fuzzy"\nmsgstr "Unscharf"\n'
    '\nmsgid "Untranslated"\nmsgstr ""\n'
    '\nmsgctxt "dose"\nmsgid "Take one"\nmsgstr "Weź jedną"\n'
    '\nmsgctxt "dose"\nmsgid ""\nmsgstr "Empty msgid with a context"\n'
    '\nmsgid "%d tablet"\nmsgid_plural "%d tablets"\n'
    'msgstr[0] "%d tabletka"\nmsgstr[1] ""\nmsgstr[2] "%d tabletek"\n'
    '\nmsgid "%d day"\nmsgid_plural "%d days"\n'
    'msgstr[0] ""\nmsgstr[1] "%d dni"\nmsgstr[2] "%d dni"\n'
    '\n#, fuzzy\nmsgid "%d week"\nmsgid_plural "%d weeks"\n'
    'msgstr[0] "%d tydzień"\nmsgstr[1] "%d tygodnie"\nmsgstr[2] "%d tygodni"\n'
    '\n#~ msgid "Obsolete"\n#~ msgstr "Przestarzałe"\n'
    '\nmsgid "Z last in file, sorted by bytes"\nmsgstr "Ż"\n'
    '\nmsgid "B"\nmsgstr "b"\n'
)


def test_entry_selection_follows_msgfmt(tmp_path: Path) -> None:
    ours, expected = compile_text(ENTRY_KINDS, tmp_path)
    pairs = read_mo(ours)
    assert list(pairs) == [
        b"",
        b"%d tablet\x00%d tablets",
        b"B",
        b"Z last in file, sorted by bytes",
        b"dose\x04",
        b"dose\x04Take one",
    ]
    # msgfmt keeps a plural entry whose first form is translated, gaps and all.
    assert pairs[b"%d tablet\x00%d tablets"] == b"%d tabletka\0\0%d tabletek"
    assert b"POT-Creation-Date" not in pairs[b""]
    if expected is not None:
        assert ours == expected


def test_statistics_count_what_is_left_out() -> None:
    _, stats = compile_catalog(po_reader.parse(ENTRY_KINDS.encode()))
    assert stats == CompileStats(translated=5, fuzzy=2, untranslated=2)
    assert str(stats) == (
        "5 translated messages, 2 fuzzy translations left out, 2 untranslated messages"
    )


@pytest.mark.parametrize(
    ("header", "kept"),
    [
        ('#, fuzzy\nmsgid ""\nmsgstr "Language: de\\n"\n', b"Language: de\n"),
        (
            'msgid ""\nmsgstr "A: 1\\nPOT-Creation-Date: x\\nB: 2\\nPOT-Creation-Date: y\\n"\n',
            b"A: 1\nB: 2\nPOT-Creation-Date: y\n",
        ),
        ('msgid ""\nmsgstr "A: 1\\nPOT-Creation-Date: unterminated"\n', b"A: 1\n"),
        ('msgid ""\nmsgstr "X-POT-Creation-Date: kept\\n"\n', b"X-POT-Creation-Date: kept\n"),
    ],
    ids=["fuzzy-header-kept", "first-date-line-dropped", "last-line", "other-field"],
)
def test_header_as_msgfmt_writes_it(header: str, kept: bytes, tmp_path: Path) -> None:
    """msgfmt keeps a fuzzy header and drops only its first POT-Creation-Date line."""
    ours, expected = compile_text(header + '\nmsgid "a"\nmsgstr "b"\n', tmp_path)
    assert read_mo(ours)[b""] == kept
    if expected is not None:
        assert ours == expected


def test_catalog_without_header(tmp_path: Path) -> None:
    ours, expected = compile_text('msgid "a"\nmsgstr "b"\n', tmp_path)
    assert read_mo(ours) == {b"a": b"b"}
    if expected is not None:
        assert ours == expected


def test_empty_catalog_is_a_valid_file_where_msgfmt_writes_none(tmp_path: Path) -> None:
    """msgfmt creates no file for nothing to write; an empty table is the useful answer."""
    ours, expected = compile_text('msgid "a"\nmsgstr ""\n', tmp_path)
    assert read_mo(ours) == {}
    assert struct.unpack_from("<7I", ours) == (MAGIC, 0, 0, 28, 28, 3, 28)
    assert len(ours) == 40
    assert expected is None


@needs_gettext
@pytest.mark.gettext
@pytest.mark.parametrize(
    ("charset", "text"),
    [
        ("ISO-8859-2", "Żółć"),
        ("KOI8-U", "Ґанок"),
        ("EUC-JP", "日本語の表示"),
        ("BIG5", "許功蓋"),  # trail bytes that look like backslashes
        ("GB2312", "中文"),
        ("CP1251", "Привет"),
    ],
)
def test_legacy_charsets_are_written_unconverted(charset: str, text: str, tmp_path: Path) -> None:
    body = (
        f'msgid ""\nmsgstr "Content-Type: text/plain; charset={charset}\\n"\n\n'
        f'msgctxt "{text}"\nmsgid "{text} key"\nmsgstr "{text}"\n'
    )
    path = tmp_path / "legacy.po"
    path.write_bytes(body.encode(charset))
    ours, _ = compile_catalog(read_catalog(path))
    assert text.encode(charset) + b"\x04" in ours
    assert ours == msgfmt(path, tmp_path / "legacy.mo")


def test_unencodable_text_is_refused_clearly() -> None:
    catalog = load_catalog(b'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n')
    catalog.entries.append(Entry(msgid="Price", msgstr="5 €", line=7))
    with pytest.raises(POError) as info:
        compile_catalog(catalog)
    assert info.value.code == "mo.encoding"
    assert "'€'" in str(info.value) and "iso8859-1" in str(info.value)


def test_nul_byte_ends_the_string_as_in_msgfmt() -> None:
    catalog = po_reader.parse(b'msgid "Search"\nmsgstr "Szu\x00kaj"\n')
    assert read_mo(compile_catalog(catalog)[0]) == {b"Search": b"Szu"}


def test_merged_flag_lines_stay_fuzzy() -> None:
    """msgfmt 0.21 reads only an entry's last ``#,`` line; we keep the fuzzy mark."""
    text = b'msgid ""\nmsgstr "Language: de\\n"\n\n#, fuzzy\n#, c-format\nmsgid "a"\nmsgstr "b"\n'
    data, stats = compile_catalog(load_catalog(text))
    assert b"a" not in read_mo(data) and stats.fuzzy == 1


# ---------------------------------------------------------------- system-dependent strings

SYSDEP = HEADER + (
    '\n#, c-format\nmsgid "%<PRIu64> bytes"\nmsgstr "%<PRIu64> bajtów"\n'
    '\n#, c-format\nmsgctxt "disk"\nmsgid "%s: %<PRIx64> of %<PRIu64>"\n'
    'msgid_plural "%s: %<PRIx64> of %<PRIu64> (many)"\n'
    'msgstr[0] "%s: %<PRIx64> z %<PRIu64>"\nmsgstr[1] "%s: %<PRIx64> z %<PRIu64> (1)"\n'
    'msgstr[2] "%s: %<PRIx64> z %<PRIu64> (2)"\n'
    '\n#, c-format\nmsgid "%d files"\nmsgstr "%Id plików"\n'
    '\nmsgid "%<PRIu64> not c-format"\nmsgstr "%<PRIu64> static"\n'
    '\n#, c-format\nmsgid "%<PRIu64> and %1$d mixed"\nmsgstr "%<PRIu64> %1$d invalid"\n'
    '\n#, c-format\nmsgid "plain %d"\nmsgstr "zwykły %d"\n'
)


def test_system_dependent_strings_match_msgfmt(tmp_path: Path) -> None:
    ours, expected = compile_text(SYSDEP, tmp_path)
    magic, revision, static = struct.unpack_from("<3I", ours)
    n_segments, _, n_sysdep = struct.unpack_from("<3I", ours, 28)
    # The 'I' flag needs major revision 1; <PRIxx> strings need minor revision 1.
    assert (magic, revision, n_segments, n_sysdep) == (MAGIC, 0x10001, 3, 3)
    assert set(read_mo(ours)) == {
        b"",
        b"%<PRIu64> not c-format",
        b"%<PRIu64> and %1$d mixed",
        b"plain %d",
    }
    if expected is not None:
        assert ours == expected


@pytest.mark.parametrize(
    ("text", "translated", "ranges"),
    [
        (b"%<PRIu64> of %s", False, [(1, 9)]),
        (b"%1$<PRIdLEAST16> %2$<PRIXFAST64>", False, [(3, 16), (20, 32)]),
        (b"%'I5d", True, [(2, 3)]),
        (b"%'I5d", False, []),  # no 'I' flag in an original string: invalid
        (b"%<PRIu7>", False, []),
        (b"%<PRIu64", False, []),
        (b"%<PRIu64> %1$d", False, []),  # numbered and unnumbered mixed
        (b"%1$<PRIu64> %3$d", False, []),  # argument 2 left out
        (b"%1$<PRIu64> %1$d", False, []),  # argument 1 with two types
        (b"%1$<PRIu64> %1$<PRIu64>", False, [(3, 11), (15, 23)]),
        (b"%*.*<PRIoMAX>%%%m%@", False, [(4, 13)]),
        (b"100%", False, []),
    ],
)
def test_sysdep_directives(text: bytes, translated: bool, ranges: list[tuple[int, int]]) -> None:
    assert sysdep_directives(text, translated) == ranges


# ---------------------------------------------------------------- the hash table


@pytest.mark.parametrize(
    ("data", "value"),
    [
        (b"", 0),
        (b"a", 97),
        (b"msgid", 7642612),
        (b"Project-Id-Version", 65079758),
        (b"dosage\x04Dose", 221503461),
        (b"The quick brown fox jumps over the lazy dog", 69733463),
        (bytes(range(255, 246, -1)), 231516311),
        (b"z" * 64, 77009162),
    ],
)
def test_hash_string_equals_gnu(data: bytes, value: int) -> None:
    """Values printed by gettext 0.21's hash-string.c, compiled on x86_64."""
    assert hash_string(data) == value


@given(st.binary(max_size=200))
def test_hash_string_fits_28_bits(data: bytes) -> None:
    """hashpjw folds the top nibble back in, so the value stays below 2**28."""
    assert 0 <= hash_string(data) < 1 << 28


def test_hash_table_size_is_gnus_next_prime() -> None:
    # GNU's trial division calls 3 composite and never sizes a table below 3.
    assert [hash_table_size(n) for n in range(10)] == [3, 3, 5, 5, 5, 7, 11, 11, 11, 13]
    assert hash_table_size(5708) == 7621


@needs_gettext
@pytest.mark.gettext
@pytest.mark.parametrize("count", [0, 1, 2, 3, 5, 8, 20, 74, 300])
def test_hash_table_size_equals_msgfmt(count: int, tmp_path: Path) -> None:
    body = "".join(f'\nmsgid "m{i}"\nmsgstr "t{i}"\n' for i in range(count))
    ours, expected = compile_text(HEADER + body, tmp_path)
    assert expected is not None
    assert struct.unpack_from("<I", expected, 20)[0] == hash_table_size(count + 1)
    assert ours == expected


def _po_string() -> st.SearchStrategy[str]:
    alphabet = st.sampled_from(list("abcXYZ %dąż€") + ["%<PRIu64>", "%Id", "\\t", '\\"'])
    return st.lists(alphabet, max_size=6).map("".join)


@st.composite
def _catalogs(draw: st.DrawFn) -> str:
    parts = [HEADER]
    for i in range(draw(st.integers(0, 25))):
        flags = draw(st.sets(st.sampled_from(["fuzzy", "c-format"])))
        context = draw(st.none() | _po_string())
        lines = [f"#, {', '.join(sorted(flags))}"] if flags else []
        lines += [] if context is None else [f'msgctxt "{context}"']
        lines.append(f'msgid "{draw(_po_string())}{i}"')
        if draw(st.booleans()):
            lines.append(f'msgid_plural "{draw(_po_string())}"')
            lines += [f'msgstr[{k}] "{draw(_po_string())}"' for k in range(3)]
        else:
            lines.append(f'msgstr "{draw(_po_string())}"')
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


@needs_gettext
@pytest.mark.gettext
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_catalogs())
def test_random_catalogs_equal_msgfmt(text: str, tmp_path: Path) -> None:
    ours, expected = compile_text(text, tmp_path)
    assert expected is not None and ours == expected


# ---------------------------------------------------------------- the C library finds it


def _demo_locales() -> list[str]:
    return sorted({path.parts[-3] for path in DEMO_CATALOGS})


@needs_glibc
@pytest.mark.parametrize("language", _demo_locales())
def test_glibc_finds_every_demo_message(language: str, tmp_path: Path) -> None:
    checked = 0
    for path in sorted((ROOT / "locales" / language / "LC_MESSAGES").glob("*.po")):
        catalog = read_catalog(path)
        install(catalog, tmp_path, language, path.stem)
        queries, expected = queries_and_answers(catalog)
        assert libc_lookup(tmp_path, language, path.stem, queries) == expected
        checked += sum(e.state == "translated" for e in catalog.messages())
    assert checked > 0


def many_context_messages(count: int) -> Catalog:
    body = "".join(
        f'\nmsgctxt "section-{i % 7}"\nmsgid "Message number {i}"\nmsgstr "Wiadomość {i}"\n'
        for i in range(count)
    )
    body += (
        '\nmsgctxt "dose"\nmsgid "%d tablet"\nmsgid_plural "%d tablets"\n'
        'msgstr[0] "%d tabletka"\nmsgstr[1] "%d tabletki"\nmsgstr[2] "%d tabletek"\n'
    )
    return load_catalog((HEADER + body).encode())


@needs_glibc
def test_glibc_finds_many_context_messages_through_the_hash_table(tmp_path: Path) -> None:
    """Regression: without a hash table in msgfmt's layout, dgettext missed most messages."""
    catalog = many_context_messages(150)
    install(catalog, tmp_path, "pl", "many")
    queries, expected = queries_and_answers(catalog)
    assert libc_lookup(tmp_path, "pl", "many", queries) == expected
    assert sum(1 for q, a in zip(queries, expected, strict=True) if a != q[0]) >= 150

    # The C library really consults the table: with its slots emptied it finds nothing.
    data = bytearray(compile_catalog(catalog)[0])
    size, offset = struct.unpack_from("<2I", data, 20)
    data[offset : offset + 4 * size] = bytes(4 * size)
    (tmp_path / "pl" / "LC_MESSAGES" / "many.mo").write_bytes(data)
    misses = libc_lookup(tmp_path, "pl", "many", queries[:150])
    assert misses == [q[0] for q in queries[:150]]


@needs_glibc
def test_glibc_expands_system_dependent_strings(tmp_path: Path) -> None:
    catalog = po_reader.parse(SYSDEP.encode())
    install(catalog, tmp_path, "pl", "sysdep")
    u64 = "lu" if ctypes.sizeof(ctypes.c_ulong) == 8 else "llu"
    x64 = u64[:-1] + "x"
    answers = libc_lookup(
        tmp_path,
        "pl",
        "sysdep",
        [[f"%{u64} bytes"], ["%d files"], [f"disk\x04%s: %{x64} of %{u64}", "many", 5]],
    )
    assert answers == [f"%{u64} bajtów", "%Id plików", f"%s: %{x64} z %{u64} (2)"]
