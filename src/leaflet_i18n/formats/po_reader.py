"""Read PO/POT bytes into a :class:`~leaflet_i18n.model.catalog.Catalog`, as GNU gettext does.

The reader accepts the syntax GNU's ``read-catalog`` accepts and reports the
first syntax error as ``file:line`` (:class:`POError`). It reads every
charset GNU reads (:mod:`leaflet_i18n.formats.po_charset`). It does not
judge the catalog: what ``msgfmt --check`` checks beyond syntax (duplicates,
plural forms, format strings) is in :mod:`leaflet_i18n.checks.conformance`.

Example::

    catalog = read(Path("de.po"))
    entry = catalog.get("Dose", context="dosage")
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from leaflet_i18n.formats.po_charset import decode_po
from leaflet_i18n.model.catalog import Catalog, Entry
from leaflet_i18n.model.diagnostics import Finding, Location, POError

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?(?=[\s\"]|$)")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_STRING_START = re.compile(r'[ \t\f\v]*"')
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {
    "n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a",
    "\\": "\\", '"': '"',
}  # fmt: skip


class _Syntax(Exception):
    def __init__(self, message: str, line: int, column: int | None = None, code: str = "po.syntax"):
        super().__init__(message)
        self.message, self.line, self.column, self.code = message, line, column, code


def unescape(value: str, line: int = 0) -> str:
    """Undo C escapes as GNU does; any other backslash sequence is an error."""
    if "\\" not in value:
        return value

    def one(match: re.Match[str]) -> str:
        seq = match.group(1)
        if seq in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[seq]
        if seq[0] == "x" and len(seq) > 1:
            return chr(int(seq[1:], 16) & 0xFF)
        if seq[0] in "01234567":
            return chr(int(seq, 8) & 0xFF)
        raise _Syntax(f"invalid control sequence '\\{seq[0]}'", line, None, "po.escape")

    return _ESCAPE.sub(one, value)


@dataclass
class _Builder:
    """Collects the pieces of the entry being read."""

    entry: Entry = field(default_factory=lambda: Entry(msgid=""))
    pieces: dict[str, list[str]] = field(default_factory=dict)
    has_msgid: bool = False
    has_msgstr: bool = False
    has_content: bool = False
    current: str | None = None
    obsolete: bool | None = None
    first_line: int = 0


def _lines_of(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


class _Reader:
    def __init__(self, text: str, path: str, transcode: str | None) -> None:
        self.lines = _lines_of(text)
        self.path = path
        self.transcode = transcode  # codec to apply to strings read byte-wise
        self.entries: list[Entry] = []
        self.warnings: list[Finding] = []
        self.b = _Builder()

    def run(self) -> list[Entry]:
        for lineno, line in enumerate(self.lines, 1):
            if not line:
                continue
            first = line[0]
            if first == "#":
                # GNU keeps a CR at the end of a comment as part of its text.
                kind = line[1:2]
                self.comment(line.rstrip("\r") if kind and kind in "~|,!" else line, lineno)
                continue
            if line[-1] == "\r":
                line = line[:-1]
                if not line:
                    continue
            if first == '"':
                self.strings(line, lineno, obsolete=False)
            elif first == "m":
                self.keyword(line, lineno, obsolete=False, previous=False)
            elif line.isspace():
                continue
            elif line[0] in " \t" and line.lstrip()[0] in 'm"':
                stripped = line.lstrip()
                if stripped[0] == '"':
                    self.strings(stripped, lineno, obsolete=False)
                else:
                    self.keyword(stripped, lineno, obsolete=False, previous=False)
            elif line.startswith("domain"):
                raise _Syntax("'domain' directives are not supported", lineno, None, "po.domain")
            else:
                self.unknown(line, lineno)
        self.finish(len(self.lines), at_eof=True)
        return self.entries

    def unknown(self, line: int | str, lineno: int) -> None:
        assert isinstance(line, str)
        word = re.match(r"[A-Za-z_\[\]0-9]+", line)
        if word and word.group(0).startswith("msg"):
            raise _Syntax(f'keyword "{word.group(0)}" unknown', lineno, None, "po.keyword")
        if line.startswith("\ufeff"):
            raise _Syntax(
                "file starts with a byte-order mark; save it as UTF-8 without BOM",
                lineno,
                1,
                "po.bom",
            )
        raise _Syntax("syntax error", lineno, 1)

    # -- comments

    def comment(self, line: str, lineno: int) -> None:
        kind = line[1:2]
        if kind == "~":
            self.obsolete_line(line, lineno)
            return
        if kind == "|":
            self.previous_line(line[2:], lineno, obsolete=False)
            return
        b = self.start_for_comment(lineno)
        e = b.entry
        if kind == ".":
            text = line[2:]
            e.extracted.append(text[1:] if text.startswith(" ") else text)
        elif kind == ":":
            self.references(line[2:], e)
        elif kind == ",":
            for flag in line[2:].split(","):
                flag = flag.strip()
                if flag:
                    e.flags.append(flag)
        elif kind == "!":
            pass  # GNU ignores "#!" lines
        else:
            text = line[1:]
            e.comments.append(text[1:] if text.startswith(" ") else text)
        b.has_content = True

    def references(self, text: str, entry: Entry) -> None:
        for token in _split_references(text):
            if token not in entry.references:
                entry.references.append(token)

    def start_for_comment(self, lineno: int) -> _Builder:
        b = self.b
        if b.has_msgstr:
            self.finish(lineno)
        elif b.has_msgid:
            raise _Syntax("missing 'msgstr' section", b.entry.line, None, "po.missing-msgstr")
        if not self.b.first_line:
            self.b.first_line = lineno
        return self.b

    def obsolete_line(self, line: str, lineno: int) -> None:
        rest = line[2:]
        stripped = rest.lstrip(" \t")
        if not stripped:
            return
        if stripped[0] == "|":
            self.previous_line(stripped[1:], lineno, obsolete=True)
        elif stripped[0] == '"':
            self.strings(stripped, lineno, obsolete=True)
        elif stripped[0] == "m":
            self.keyword(stripped, lineno, obsolete=True, previous=False)
        elif stripped[0] == "#":
            return  # "#~ #" comment inside obsolete block: GNU ignores it
        else:
            self.unknown(stripped, lineno)

    def previous_line(self, rest: str, lineno: int, obsolete: bool) -> None:
        stripped = rest.lstrip(" \t")
        if not stripped:
            return
        if stripped[0] == '"':
            self.strings(stripped, lineno, obsolete=obsolete, previous=True)
        else:
            self.keyword(stripped, lineno, obsolete=obsolete, previous=True)

    # -- keywords and strings

    def keyword(self, line: str, lineno: int, obsolete: bool, previous: bool) -> None:
        match = _KEYWORD.match(line)
        if not match:
            self.unknown(line, lineno)
            return
        word, index = match.group(1), match.group(2)
        rest = line[match.end() :]
        if previous:
            self.previous_keyword(word, index, lineno)
        else:
            self.message_keyword(word, index, lineno, obsolete)
        self.strings(rest, lineno, obsolete=obsolete, previous=previous, first=True)

    def previous_keyword(self, word: str, index: str | None, lineno: int) -> None:
        if word == "msgstr" or index is not None:
            raise _Syntax(f"'{word}' cannot be a previous string (#|)", lineno)
        b = self.start_for_comment(lineno)
        b.current = "previous_" + word
        b.pieces[b.current] = []
        b.has_content = True

    def message_keyword(self, word: str, index: str | None, lineno: int, obsolete: bool) -> None:
        b = self.b
        if word in ("msgctxt", "msgid"):
            if b.has_msgstr:
                self.finish(lineno)
                b = self.b
            elif b.has_msgid:
                raise _Syntax("missing 'msgstr' section", b.entry.line, None, "po.missing-msgstr")
            if word == "msgid" and index is None:
                b.has_msgid = True
                b.entry.line = lineno
            elif word == "msgctxt" and "msgctxt" in b.pieces:
                raise _Syntax("duplicate 'msgctxt'", lineno)
        elif word == "msgid_plural":
            if not b.has_msgid or b.has_msgstr or "msgid_plural" in b.pieces:
                raise _Syntax("'msgid_plural' must follow 'msgid'", lineno)
        else:  # msgstr
            self.check_msgstr(b, index, lineno)
        if index is not None and word != "msgstr":
            raise _Syntax(f"'{word}' cannot have an index", lineno)
        if b.obsolete is None:
            b.obsolete = obsolete
        elif b.obsolete != obsolete and word in ("msgid", "msgstr"):
            raise _Syntax("entry mixes obsolete (#~) and active lines", lineno, None, "po.obsolete")
        if not b.first_line:
            b.first_line = lineno
        key = word if index is None else f"msgstr[{index}]"
        if key in b.pieces:
            raise _Syntax(f"duplicate '{key}'", lineno)
        b.pieces[key] = []
        b.current = key
        b.has_content = True

    def check_msgstr(self, b: _Builder, index: str | None, lineno: int) -> None:
        if not b.has_msgid:
            if "msgctxt" in b.pieces:
                raise _Syntax("missing 'msgid' after 'msgctxt'", lineno, 1)
            raise _Syntax("'msgstr' without 'msgid'", lineno)
        plural_entry = "msgid_plural" in b.pieces
        if index is None:
            if plural_entry:
                raise _Syntax(
                    "entry with 'msgid_plural' needs 'msgstr[N]', not 'msgstr'", lineno, None
                )
            if b.has_msgstr:
                raise _Syntax("duplicate 'msgstr'", lineno)
        else:
            if not plural_entry:
                raise _Syntax("missing 'msgid_plural' section", lineno, None)
            expected = sum(1 for k in b.pieces if k.startswith("msgstr["))
            if int(index) != expected:
                raise _Syntax("plural form has wrong index", lineno, None, "po.plural-index")
        b.has_msgstr = True

    def strings(
        self,
        text: str,
        lineno: int,
        obsolete: bool,
        previous: bool = False,
        first: bool = False,
    ) -> None:
        b = self.b
        pos = 0
        found = False
        while True:
            m = _STRING_START.match(text, pos)
            if not m:
                break
            start = m.end()
            sm = _STRING.match(text, start - 1)
            if not sm:
                raise _Syntax("end-of-line within string", lineno, len(text), "po.unterminated")
            if b.current is None or (not first and not found and not self.continues(b, previous)):
                raise _Syntax("string without a keyword", lineno, start)
            b.pieces[b.current].append(self.decode(sm.group(1), lineno))
            found = True
            pos = sm.end()
        tail = text[pos:].strip()
        if tail:
            if tail.startswith("#"):
                raise _Syntax("comment after a string on the same line", lineno, pos + 1)
            raise _Syntax("syntax error", lineno, pos + 1)
        if first and not found:
            raise _Syntax("keyword without a string", lineno, None)

    def continues(self, b: _Builder, previous: bool) -> bool:
        return b.current is not None and b.current.startswith("previous_") == previous

    def decode(self, raw: str, lineno: int) -> str:
        value = unescape(raw, lineno)
        if self.transcode is not None:
            try:
                value = value.encode("latin-1").decode(self.transcode)
            except UnicodeError as exc:
                raise _Syntax(
                    f"invalid multibyte sequence for charset {self.transcode}",
                    lineno,
                    None,
                    "po.encoding",
                ) from exc
        return value

    # -- entries

    def finish(self, lineno: int, at_eof: bool = False) -> None:
        b = self.b
        if b.has_msgid and not b.has_msgstr:
            raise _Syntax("missing 'msgstr' section", b.entry.line, None, "po.missing-msgstr")
        if b.has_msgid:
            self.entries.append(self.build(b))
        elif b.has_content:
            if "msgctxt" in b.pieces:
                raise _Syntax("missing 'msgid' after 'msgctxt'", lineno)
            if at_eof:
                self.warnings.append(
                    Finding(
                        "warning",
                        "po.dangling-comment",
                        Location(self.path, b.first_line),
                        "comment at the end of the file belongs to no entry and is not kept",
                    )
                )
            else:
                raise _Syntax("comment lines without an entry", b.first_line)
        self.b = _Builder()

    def build(self, b: _Builder) -> Entry:
        e = b.entry
        p = b.pieces
        e.msgid = "".join(p["msgid"])
        if "msgctxt" in p:
            e.msgctxt = "".join(p["msgctxt"])
        if "msgid_plural" in p:
            e.msgid_plural = "".join(p["msgid_plural"])
            e.msgstr_plural = ["".join(v) for k, v in p.items() if k.startswith("msgstr[")]
        else:
            e.msgstr = "".join(p.get("msgstr", []))
        if "previous_msgctxt" in p:
            e.previous_msgctxt = "".join(p["previous_msgctxt"])
        if "previous_msgid" in p:
            e.previous_msgid = "".join(p["previous_msgid"])
        if "previous_msgid_plural" in p:
            e.previous_msgid_plural = "".join(p["previous_msgid_plural"])
        e.obsolete = bool(b.obsolete)
        return e


def _split_references(text: str) -> list[str]:
    """Tokens of a ``#:`` line; names with spaces are wrapped in U+2068/U+2069."""
    if "\u2068" not in text:
        if "\t" not in text:
            return [t for t in text.split(" ") if t]
        return [t for t in re.split(r"[ \t]+", text) if t]
    return [
        t.replace("\u2068", "").replace("\u2069", "")
        for t in re.findall(r"\u2068[^\u2069]*\u2069(?::\d+)?|\S+", text)
    ]


# ---------------------------------------------------------------- fast path

_CLEAN_STRING = re.compile(r'(?:[^"\\]|\\.)*')
_KEYWORD_PREFIX = {
    'msgid "': "msgid",
    'msgstr "': "msgstr",
    'msgctxt "': "msgctxt",
    'msgid_plural "': "msgid_plural",
}


_PREVIOUS_KEYS = ("previous_msgctxt", "previous_msgid", "previous_msgid_plural")


class _NeedFullReader(Exception):
    """The file has something the fast path does not handle; read it the careful way."""


def _string(raw: str, line: str) -> str:
    if "\\" in raw or '"' in raw:
        if not _CLEAN_STRING.fullmatch(raw):
            raise _NeedFullReader
        return unescape(raw)
    return raw


def _scan(lines: list[str]) -> list[Entry]:
    """Entries of a well-formed file in one tight loop (most files take this path).

    Handles the layout every gettext tool writes: comments, then msgctxt /
    msgid / msgid_plural / msgstr[N], strings one per line. Anything else
    (obsolete entries, CR line ends, two strings on a line, syntax errors)
    raises :class:`_NeedFullReader`, and :class:`_Reader` reads the file with
    full error reporting instead. Both produce the same entries.
    """
    entries: list[Entry] = []
    append = entries.append
    entry: Entry | None = None
    target: list[str] | None = None
    fields: dict[str, list[str]] = {}
    plural: list[list[str]] = []
    has_msgstr = False
    for number, line in enumerate(lines, 1):
        if not line:
            continue
        first = line[0]
        if first == '"':
            if target is None or line[-1] != '"' or len(line) < 2:
                raise _NeedFullReader
            target.append(_string(line[1:-1], line))
            continue
        if first == "#":
            if has_msgstr:
                append(_finish(entry, fields, plural))  # type: ignore[arg-type]
                entry, fields, plural, has_msgstr, target = None, {}, [], False, None
            elif "msgid" in fields:
                raise _NeedFullReader
            if entry is None:
                entry = Entry(msgid="")
            kind = line[1:2]
            if kind == " " or kind == "":
                entry.comments.append(line[2:])
            elif kind == ".":
                entry.extracted.append(line[3:] if line[2:3] == " " else line[2:])
            elif kind == ":":
                for token in _split_references(line[2:]):
                    if token not in entry.references:
                        entry.references.append(token)
            elif kind == ",":
                entry.flags.extend(f.strip() for f in line[2:].split(",") if f.strip())
            elif kind == "|":
                target = _previous(line, fields, target)
            else:
                raise _NeedFullReader  # obsolete entries, "#!" and other rarities
            continue
        if first != "m" or line[-1] != '"':
            raise _NeedFullReader
        quote = line.find('"')
        word = _KEYWORD_PREFIX.get(line[: quote + 1])
        value = _string(line[quote + 1 : -1], line)
        if word is None:
            if not line.startswith("msgstr[") or "msgid_plural" not in fields:
                raise _NeedFullReader
            if line[7 : line.index("]")] != str(len(plural)):
                raise _NeedFullReader
            target = [value]
            plural.append(target)
            has_msgstr = True
            continue
        if word in ("msgctxt", "msgid") and has_msgstr:
            append(_finish(entry, fields, plural))  # type: ignore[arg-type]
            entry, fields, plural, has_msgstr = None, {}, [], False
        if entry is None:
            entry = Entry(msgid="")
        if word in fields or (
            word == "msgstr" and ("msgid" not in fields or "msgid_plural" in fields)
        ):
            raise _NeedFullReader
        if word == "msgid_plural" and "msgid" not in fields:
            raise _NeedFullReader
        if word == "msgid":
            entry.line = number
        elif word == "msgstr":
            has_msgstr = True
        target = [value]
        fields[word] = target
    if entry is not None:
        if not has_msgstr:
            raise _NeedFullReader
        append(_finish(entry, fields, plural))
    return entries


def _previous(line: str, fields: dict[str, list[str]], target: list[str] | None) -> list[str]:
    rest = line[2:].lstrip(" \t")
    if rest.startswith('"') and rest.endswith('"') and len(rest) >= 2:
        if target is None or not any(fields.get(k) is target for k in _PREVIOUS_KEYS):
            raise _NeedFullReader
        target.append(_string(rest[1:-1], line))
        return target
    quote = rest.find('"')
    word = _KEYWORD_PREFIX.get(rest[: quote + 1])
    if word not in ("msgctxt", "msgid", "msgid_plural") or not rest.endswith('"'):
        raise _NeedFullReader
    key = "previous_" + word
    if key in fields:
        raise _NeedFullReader
    fields[key] = [_string(rest[quote + 1 : -1], line)]
    return fields[key]


def _finish(entry: Entry, fields: dict[str, list[str]], plural: list[list[str]]) -> Entry:
    if "msgid" not in fields:
        raise _NeedFullReader
    entry.msgid = "".join(fields["msgid"])
    if "msgctxt" in fields:
        entry.msgctxt = "".join(fields["msgctxt"])
    if "msgid_plural" in fields:
        if not plural:
            raise _NeedFullReader
        entry.msgid_plural = "".join(fields["msgid_plural"])
        entry.msgstr_plural = ["".join(p) for p in plural]
    else:
        entry.msgstr = "".join(fields["msgstr"])
    if "previous_msgctxt" in fields:
        entry.previous_msgctxt = "".join(fields["previous_msgctxt"])
    if "previous_msgid" in fields:
        entry.previous_msgid = "".join(fields["previous_msgid"])
    if "previous_msgid_plural" in fields:
        entry.previous_msgid_plural = "".join(fields["previous_msgid_plural"])
    return entry


# ---------------------------------------------------------------- public API


def parse(data: bytes, path: str = "<string>") -> Catalog:
    """The catalog in PO bytes; raises :class:`POError` (``path:line: message``) on bad syntax."""
    text, codec, transcode, warnings = decode_po(data, path)
    reader = _Reader(text, path, transcode)
    try:
        if transcode is None and "\r" not in text:
            try:
                entries = _scan(reader.lines)
            except (_NeedFullReader, _Syntax):
                entries = reader.run()
        else:
            entries = reader.run()
    except _Syntax as exc:
        finding = Finding("error", exc.code, Location(path, exc.line), exc.message)
        raise POError(
            exc.message, path=path, line=exc.line, code=exc.code, findings=[finding]
        ) from None
    catalog = Catalog(entries=entries, path=path, charset=codec)
    catalog.warnings = warnings + reader.warnings
    return catalog


def read_bytes(path: Path, shown: str) -> bytes:
    """A file's bytes; a file that cannot be read is a :class:`POError` naming it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise POError(f"cannot read file: {exc.strerror}", path=shown, code="io.read") from exc


def read(path: Path, *, display: str | None = None) -> Catalog:
    """Read a PO/POT file without judging it; ``display`` is the path shown in messages."""
    shown = display or str(path)
    return parse(read_bytes(path, shown), shown)
