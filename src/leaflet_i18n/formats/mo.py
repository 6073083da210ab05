"""Compiled catalogs (``.mo``) for applications that read gettext at run time.

:func:`compile_catalog` writes exactly the bytes ``msgfmt -o`` (GNU gettext
0.21, default options) writes for the same catalog, so glibc finds every
message through the hash table and a rebuild never shows a spurious diff.
The gate still applies to the HTML build; a ``.mo`` file is a convenience
for other consumers of the same translations.

What goes in, as msgfmt decides without ``--use-fuzzy``: every active entry
whose first translation (``msgstr`` or ``msgstr[0]``) is not empty and that
is not fuzzy; the header counts even when fuzzy. A plural entry with only
some forms translated goes in as it is, empty forms included.

Layout (GNU ``write-mo.c``): little-endian 32-bit numbers, no padding
between strings, string pairs sorted by their original string, then a hash
table of the next "prime" at or above 4/3 of the message count. Messages
whose ``c-format`` strings use ``<inttypes.h>`` macros (``%<PRIu64>``) or,
in a translation, the ``I`` flag are "system dependent": they go into the
revision-1 sections that the C library expands at load time.

Known difference: msgfmt 0.21 honours only the last ``#,`` (or ``#!``) line
of an entry, so ``#, fuzzy`` followed by ``#, c-format`` compiles as not
fuzzy. The reader merges flag lines, so such an entry stays out as fuzzy;
leaving out a translation someone marked for review is the safe side.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from leaflet_i18n.model.catalog import Catalog, Entry
from leaflet_i18n.model.diagnostics import POError

MAGIC = 0x950412DE
CONTEXT_SEPARATOR = b"\x04"
# glibc reads the 'I' flag only from files whose major revision says so.
_REVISION_WITH_OUTDIGITS = 1 << 16
_SYSDEP_REVISION = 1
_HEADER_SIZE = 7 * 4
_SYSDEP_HEADER_SIZE = 12 * 4
_SEGMENTS_END = 0xFFFFFFFF
# Reproducible builds: msgfmt drops this one header line from every .mo file.
_DROPPED_HEADER_FIELD = b"POT-Creation-Date:"


@dataclass
class CompileStats:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    def __str__(self) -> str:
        return (
            f"{self.translated} translated messages, {self.fuzzy} fuzzy translations left out, "
            f"{self.untranslated} untranslated messages"
        )


@dataclass(frozen=True)
class MoMessage:
    """One message as it goes into a ``.mo`` file, in the file's encoding.

    ``key`` is ``msgctxt + b"\\x04" + msgid`` for an entry with a context;
    ``translation`` holds the plural forms joined by NUL bytes.
    ``c_format`` says the entry is flagged (possibly) ``c-format`` or
    ``objc-format``, the only case where msgfmt looks for system-dependent
    directives.
    """

    key: bytes
    translation: bytes
    plural: bytes | None = None
    c_format: bool = False


# ---------------------------------------------------------------- hashing


def hash_string(data: bytes) -> int:
    """GNU gettext's ``hash_string`` (P. J. Weinberger's hashpjw), 32 bits.

    GNU computes it in an ``unsigned long``, but bits above 31 never flow
    back down, so truncating at every step gives the value msgfmt stores.
    """
    hval = 0
    for byte in data:
        hval = ((hval << 4) + byte) & 0xFFFFFFFF
        high = hval & 0xF0000000
        if high:
            hval ^= high >> 24
            hval ^= high
    return hval


def _is_gnu_prime(candidate: int) -> bool:
    # GNU's trial division starts at 3 and so calls 3 itself composite;
    # copying that keeps table sizes identical for tiny catalogs.
    divisor = 3
    square = divisor * divisor
    while square < candidate and candidate % divisor != 0:
        divisor += 1
        square += 4 * divisor
        divisor += 1
    return candidate % divisor != 0


def _next_prime(seed: int) -> int:
    seed |= 1
    while not _is_gnu_prime(seed):
        seed += 2
    return seed


def hash_table_size(count: int) -> int:
    """Slots msgfmt gives the hash table of ``count`` messages (never below 3)."""
    size = _next_prime(count * 4 // 3)
    # The second hash function divides by size - 2.
    return size if size > 2 else 3


def _hash_table(keys: list[bytes], size: int) -> list[int]:
    """Open addressing with double hashing, slots holding 1-based indexes."""
    table = [0] * size
    for number, key in enumerate(keys, 1):
        hval = hash_string(key)
        index = hval % size
        if table[index]:
            step = 1 + hval % (size - 2)
            while table[index]:
                index = index - (size - step) if index >= size - step else index + step
        table[index] = number
    return table


# ---------------------------------------------------------------- C format directives

_INT = 1
_DOUBLE, _CHAR, _STRING, _OBJC_OBJECT, _POINTER, _COUNT_POINTER = 2, 3, 4, 5, 6, 7
_UNSIGNED = 1 << 3
_SHORT, _SIZE_CHAR, _LONG, _LONGLONG = 1 << 4, 2 << 4, 1 << 6, 2 << 6
_INTMAX, _INTPTR, _SIZE_T, _PTRDIFF = 1 << 20, 1 << 21, 1 << 22, 1 << 23
_SIZE_MASK = 0xFFFFF0
_FLAGS = frozenset(b" +-#0'")
_SIZE_LETTERS = frozenset(b"hlLqjzZt")
# The ISO C 99 <inttypes.h> macro names after "PRI" + d/i/o/u/x/X, with the
# size bits GNU gives them (only compared for equality, in numbered arguments).
_C99_WIDTHS = {b"8": 8, b"16": 9, b"32": 10, b"64": 11}
_C99_SIZES = (
    [(b"MAX", _INTMAX), (b"PTR", _INTPTR)]
    + [(b"LEAST" + w, 1 << (bit + 4)) for w, bit in _C99_WIDTHS.items()]
    + [(b"FAST" + w, 1 << (bit + 8)) for w, bit in _C99_WIDTHS.items()]
    + [(w, 1 << bit) for w, bit in _C99_WIDTHS.items()]
)


class _BadFormat(Exception):
    """The string is no valid C format string; GNU then sees no directives."""


@dataclass
class _FormatScan:
    """State of one pass over a C format string, as GNU ``format-c-parse.h``."""

    text: bytes
    translated: bool
    pos: int = 0
    numbered: list[tuple[int, int]] = field(default_factory=list)
    unnumbered: int = 0
    sysdep: list[tuple[int, int]] = field(default_factory=list)

    def at(self) -> int:
        """The byte at the scan position; 0 past the end, as C's terminating NUL."""
        return self.text[self.pos] if self.pos < len(self.text) else 0

    def starts(self, word: bytes) -> bool:
        return self.text.startswith(word, self.pos)

    def argument_number(self) -> int:
        """``m$`` after a ``%`` or ``*``; 0 (and nothing consumed) if absent."""
        end = self.pos
        while end < len(self.text) and 0x30 <= self.text[end] <= 0x39:
            end += 1
        if end == self.pos or end >= len(self.text) or self.text[end] != ord("$"):
            return 0
        number = int(self.text[self.pos : end])
        if number == 0:
            raise _BadFormat
        self.pos = end + 1
        return number

    def add(self, number: int, kind: int) -> None:
        if number:
            if self.unnumbered:
                raise _BadFormat
            self.numbered.append((number, kind))
        else:
            if self.numbered:
                raise _BadFormat
            self.unnumbered += 1

    def skip_digits(self) -> None:
        while 0x30 <= self.at() <= 0x39:
            self.pos += 1

    def star_or_digits(self) -> None:
        if self.at() == ord("*"):
            self.pos += 1
            self.add(self.argument_number(), _INT)
        else:
            self.skip_digits()


def _scan_flags(scan: _FormatScan) -> None:
    while True:
        char = scan.at()
        if char in _FLAGS:
            scan.pos += 1
        elif scan.translated and char == ord("I"):
            scan.sysdep.append((scan.pos, scan.pos + 1))
            scan.pos += 1
        else:
            return


def _scan_c99_macro(scan: _FormatScan) -> int:
    """``<PRIu64>`` and friends; returns the argument type."""
    start = scan.pos
    scan.pos += 1
    if not scan.starts(b"PRI"):
        raise _BadFormat
    scan.pos += 3
    letter = scan.at()
    if letter not in b"diouxX":
        raise _BadFormat
    kind = _INT if letter in b"di" else _INT | _UNSIGNED
    scan.pos += 1
    for name, bits in _C99_SIZES:
        if scan.starts(name):
            kind |= bits
            scan.pos += len(name)
            break
    else:
        raise _BadFormat
    if scan.at() != ord(">"):
        raise _BadFormat
    scan.sysdep.append((start, scan.pos + 1))
    return kind


def _scan_size(scan: _FormatScan) -> int:
    size = 0
    while scan.at() in _SIZE_LETTERS:
        letter = chr(scan.at())
        if letter == "h":
            size = _SIZE_CHAR if size & (_SHORT | _SIZE_CHAR) else _SHORT
        elif letter == "l":
            size = _LONGLONG if size & (_LONG | _LONGLONG) else _LONG
        else:
            size = {"L": _LONGLONG, "q": _LONGLONG, "j": _INTMAX, "t": _PTRDIFF}.get(
                letter, _SIZE_T
            )
        scan.pos += 1
    return size


def _conversion_type(letter: int, size: int) -> int:
    """The argument type of a conversion; 0 for ``%%`` and ``%m``."""
    char = chr(letter) if letter else ""
    wide = _LONG if size & (_LONG | _LONGLONG) else 0
    if char in ("%", "m"):
        return 0
    if char in ("c", "s"):
        return (_CHAR if char == "c" else _STRING) | wide
    if char in ("C", "S"):
        return (_CHAR if char == "C" else _STRING) | _LONG
    if char in ("i", "d"):
        return _INT | (size & _SIZE_MASK)
    if char and char in "uoxX":
        return _INT | _UNSIGNED | (size & _SIZE_MASK)
    if char and char in "eEfFgGaA":
        return _DOUBLE | (size & _LONGLONG)
    if char == "@":
        return _OBJC_OBJECT  # GNU looks for directives with Objective-C on
    if char == "p":
        return _POINTER
    if char == "n":
        return _COUNT_POINTER | (size & _SIZE_MASK)
    raise _BadFormat


def _scan_directive(scan: _FormatScan) -> None:
    number = scan.argument_number()
    _scan_flags(scan)
    scan.star_or_digits()
    if scan.at() == ord("."):
        scan.pos += 1
        scan.star_or_digits()
    if scan.at() == ord("<"):
        kind = _scan_c99_macro(scan)
    else:
        size = _scan_size(scan)
        kind = _conversion_type(scan.at(), size)
    if kind:
        scan.add(number, kind)
    scan.pos += 1


def _check_numbered(numbered: list[tuple[int, int]]) -> None:
    """Numbered arguments must agree in type and leave no number out."""
    types: dict[int, int] = {}
    for number, kind in numbered:
        if types.setdefault(number, kind) != kind:
            raise _BadFormat
    if sorted(types) != list(range(1, len(types) + 1)):
        raise _BadFormat


def sysdep_directives(text: bytes, translated: bool) -> list[tuple[int, int]]:
    """Byte ranges of the system-dependent directives of a C format string.

    ``<PRIu64>``-style macros (with their angle brackets) and, in a
    translation, ``I`` flags. An invalid format string has none, as in GNU.
    """
    scan = _FormatScan(text, translated)
    try:
        while scan.pos < len(text):
            char = text[scan.pos]
            scan.pos += 1
            if char == ord("%"):
                _scan_directive(scan)
        _check_numbered(scan.numbered)
    except _BadFormat:
        return []
    return scan.sysdep


# ---------------------------------------------------------------- system-dependent strings


@dataclass
class _SysdepString:
    """A string cut into static pieces around references to segments."""

    pieces: list[bytes]  # one more than refs; the last ends with NUL (+ plural)
    refs: list[int]


@dataclass
class _Segments:
    """The table of distinct system-dependent segments, in first-seen order."""

    names: list[bytes] = field(default_factory=list)

    def ref(self, name: bytes) -> int:
        if name not in self.names:
            self.names.append(name)
        return self.names.index(name)


def _cut(text: bytes, ranges: list[tuple[int, int]], segments: _Segments) -> _SysdepString:
    pieces: list[bytes] = []
    refs: list[int] = []
    last = 0
    for start, end in ranges:
        pieces.append(text[last:start])
        name = text[start:end]
        if len(name) >= 2 and name.startswith(b"<") and name.endswith(b">"):
            name = name[1:-1]
        refs.append(segments.ref(name))
        last = end
    pieces.append(text[last:])
    return _SysdepString(pieces, refs)


def _msgstr_ranges(translation: bytes) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    offset = 0
    for form in translation.split(b"\0"):
        ranges.extend((offset + s, offset + e) for s, e in sysdep_directives(form, True))
        offset += len(form) + 1
    return ranges


def _sysdep_ranges(message: MoMessage) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    if not message.c_format:
        return [], []
    context_length = message.key.find(CONTEXT_SEPARATOR) + 1
    msgid = message.key[context_length:]
    id_ranges = [
        (context_length + s, context_length + e) for s, e in sysdep_directives(msgid, False)
    ]
    return id_ranges, _msgstr_ranges(message.translation)


# ---------------------------------------------------------------- layout


def _original(message: MoMessage) -> bytes:
    plural = b"" if message.plural is None else message.plural + b"\0"
    return message.key + b"\0" + plural


def _words(*values: int) -> bytes:
    return struct.pack(f"<{len(values)}I", *values)


def _descriptors(strings: list[bytes], offset: int) -> tuple[bytes, int]:
    """(length, offset) pairs of NUL-terminated strings laid out from ``offset``."""
    table = bytearray()
    for string in strings:
        table += _words(len(string) - 1, offset)
        offset += len(string)
    return bytes(table), offset


@dataclass
class _Sysdep:
    """The revision-1 sections: segments, then the strings that use them."""

    segments: _Segments = field(default_factory=_Segments)
    originals: list[_SysdepString] = field(default_factory=list)
    translations: list[_SysdepString] = field(default_factory=list)

    def add(self, message: MoMessage, ranges: tuple[list[tuple[int, int]], ...]) -> None:
        original = _cut(message.key + b"\0", ranges[0], self.segments)
        if message.plural is not None:
            original.pieces[-1] += message.plural + b"\0"
        self.originals.append(original)
        self.translations.append(_cut(message.translation + b"\0", ranges[1], self.segments))

    def strings(self) -> list[_SysdepString]:
        return self.originals + self.translations

    def tables_size(self) -> int:
        descriptors = sum(12 + 8 * len(s.refs) for s in self.strings())
        return 8 * len(self.segments.names) + 8 * len(self.originals) + descriptors

    def tables(self, tables_offset: int, strings_offset: int) -> bytes:
        """Segment table, both offset tables and the string descriptors."""
        out = bytearray()
        offset = strings_offset
        for name in self.segments.names:
            # A segment's length counts its NUL, unlike a static string's.
            out += _words(len(name) + 1, offset)
            offset += len(name) + 1
        position = tables_offset + len(out) + 8 * len(self.originals)
        for string in self.strings():
            out += _words(position)
            position += 12 + 8 * len(string.refs)
        for string in self.strings():
            pairs = zip(string.pieces, [*string.refs, _SEGMENTS_END], strict=True)
            out += _words(offset, *(v for piece, ref in pairs for v in (len(piece), ref)))
            offset += sum(len(piece) for piece in string.pieces)
        return bytes(out)

    def data(self) -> bytes:
        names = b"".join(name + b"\0" for name in self.segments.names)
        return names + b"".join(b"".join(s.pieces) for s in self.strings())


def _split(messages: Iterable[MoMessage]) -> tuple[list[MoMessage], _Sysdep, int]:
    """Static messages (sorted), the system-dependent ones (in order), and the count."""
    static: list[MoMessage] = []
    sysdep = _Sysdep()
    count = 0
    for message in messages:
        count += 1
        ranges = _sysdep_ranges(message)
        if ranges[0] or ranges[1]:
            sysdep.add(message, ranges)
        else:
            static.append(message)
    static.sort(key=lambda m: m.key)
    return static, sysdep, count


def _revision(sysdep: _Sysdep) -> int:
    if not sysdep.originals:
        return 0
    outdigits = b"I" in sysdep.segments.names
    return (_REVISION_WITH_OUTDIGITS if outdigits else 0) + _SYSDEP_REVISION


def write_mo(messages: Iterable[MoMessage]) -> bytes:
    """The ``.mo`` file msgfmt writes for these messages, given in catalog order."""
    static, sysdep, count = _split(messages)
    revision = _revision(sysdep)
    size = hash_table_size(count)
    n = len(static)
    orig_at = _SYSDEP_HEADER_SIZE if revision else _HEADER_SIZE
    hash_at = orig_at + 16 * n
    tables_at = hash_at + 4 * size
    strings_at = tables_at + (sysdep.tables_size() if revision else 0)
    originals = [_original(m) for m in static]
    translations = [m.translation + b"\0" for m in static]
    orig_tab, offset = _descriptors(originals, strings_at)
    trans_tab, offset = _descriptors(translations, offset)
    header = _words(MAGIC, revision, n, orig_at, orig_at + 8 * n, size, hash_at)
    if revision:
        segments_count = len(sysdep.segments.names)
        pairs = len(sysdep.originals)
        header += _words(segments_count, tables_at, pairs, tables_at + 8 * segments_count)
        header += _words(tables_at + 8 * segments_count + 4 * pairs)
    parts = [header, orig_tab, trans_tab, _words(*_hash_table([m.key for m in static], size))]
    if revision:
        parts.append(sysdep.tables(tables_at, offset))
    parts += [*originals, *translations, sysdep.data()]
    return b"".join(parts)


# ---------------------------------------------------------------- from a catalog


def _c_string(text: str) -> str:
    # msgfmt keeps strings as C strings: a NUL byte (which only a lenient
    # read lets through) ends the string there.
    return text.partition("\0")[0]


def _encode(text: str, catalog: Catalog, entry: Entry) -> bytes:
    try:
        return _c_string(text).encode(catalog.charset)
    except UnicodeEncodeError as exc:
        raise POError(
            f"{text[exc.start : exc.end]!r} cannot be written in the catalog's charset"
            f" {catalog.charset}",
            path=catalog.path,
            line=entry.line or None,
            code="mo.encoding",
        ) from exc


def _without_dropped_field(header: bytes) -> bytes:
    """The header minus its first ``POT-Creation-Date:`` line, as msgfmt writes it."""
    start = 0
    while start < len(header):
        if header.startswith(_DROPPED_HEADER_FIELD, start):
            end = header.find(b"\n", start)
            return header[:start] + (b"" if end < 0 else header[end + 1 :])
        end = header.find(b"\n", start)
        if end < 0:
            break
        start = end + 1
    return header


def _is_c_format(entry: Entry) -> bool:
    """Whether msgfmt would look for system-dependent directives in the entry.

    As in GNU, the last flag about a language wins and ``possible-`` counts.
    """
    state = {"c": False, "objc": False}
    for flag in entry.flags:
        for language in state:
            if flag in (f"{language}-format", f"possible-{language}-format"):
                state[language] = True
            elif flag in (f"no-{language}-format", f"impossible-{language}-format"):
                state[language] = False
    return any(state.values())


def _message(entry: Entry, catalog: Catalog) -> MoMessage:
    key = _encode(entry.msgid, catalog, entry)
    if entry.msgctxt is not None:
        key = _encode(entry.msgctxt, catalog, entry) + CONTEXT_SEPARATOR + key
    forms = [_encode(form, catalog, entry) for form in entry.translations]
    translation = b"\0".join(forms)
    if entry.is_header:
        translation = _without_dropped_field(translation)
    plural = None if entry.msgid_plural is None else _encode(entry.msgid_plural, catalog, entry)
    return MoMessage(key, translation, plural, _is_c_format(entry))


def _state(entry: Entry) -> str:
    """``translated``, ``fuzzy`` or ``untranslated``, judged on what msgfmt reads."""
    if not _c_string(entry.first_msgstr):
        return "untranslated"
    return "fuzzy" if entry.fuzzy else "translated"


def _compiled(catalog: Catalog, stats: CompileStats) -> Iterator[MoMessage]:
    """Messages that go in, in catalog order, counting the ones left out."""
    for entry in catalog.entries:
        if entry.obsolete:
            continue
        state = _state(entry)
        if not entry.is_header:
            setattr(stats, state, getattr(stats, state) + 1)
        elif state == "untranslated":
            stats.untranslated += 1  # msgfmt counts an empty header too
        if state == "translated" or (entry.is_header and state == "fuzzy"):
            yield _message(entry, catalog)


def compile_catalog(catalog: Catalog, locale: str | None = None) -> tuple[bytes, CompileStats]:
    """The ``.mo`` bytes ``msgfmt -o`` writes for a catalog, and what went into it.

    Strings are written in the catalog's own charset, as msgfmt does not
    convert. ``locale`` is accepted for older callers and ignored: msgfmt
    takes everything from the catalog. With nothing to compile the result
    is an empty but valid file, where msgfmt writes no file at all. Raises
    :class:`POError` if a string cannot be encoded in the catalog's charset.
    """
    stats = CompileStats()
    data = write_mo(_compiled(catalog, stats))
    return data, stats
