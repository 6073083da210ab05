"""Read and write gettext PO/POT files the way GNU gettext does.

The reader accepts what ``msgfmt --check`` accepts and rejects what it
rejects, with ``file:line`` errors (it also rejects a NUL byte, which msgfmt
accepts but silently truncates). It reads every charset GNU reads. The writer
produces exactly what ``msgcat`` writes (UTF-8), so translators' tools make
no noisy diffs.

Example::

    catalog = read_po(Path("de.po"))
    entry = catalog.get("Dose", context="dosage")
    Path("de.po").write_bytes(dumps(catalog))
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from leaflet_i18n.checks import format_strings as formats
from leaflet_i18n.checks import plural
from leaflet_i18n.formats.wrap import format_string
from leaflet_i18n.model.diagnostics import Finding, Location, POError

Key = tuple[str | None, str]

# GNU reads these charsets character-wise because their trail bytes can look
# like ASCII backslashes or quotes; every other charset is read byte-wise.
_WEIRD_CHARSETS = {"big5", "big5hkscs", "gbk", "gb18030", "shift_jis", "johab"}
# Codecs whose trail bytes can be ASCII but which GNU does not read character-wise.
_BYTEWISE_MULTIBYTE = {"cp932", "cp936", "cp949", "cp950"}

# Format flags in the order GNU writes them (gettext 0.21 format_language[]).
FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)  # fmt: skip
_FORMAT_RANK = {lang: i for i, lang in enumerate(FORMAT_LANGUAGES)}
_SYNTAX_CHECKS = ("ellipsis-unicode", "space-ellipsis", "quote-unicode", "bullet-unicode")


@dataclass(slots=True)
class Entry:
    """One message of a catalog, with everything a PO file can say about it."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # translator comments ("# ")
    extracted: list[str] = field(default_factory=list)  # extracted comments ("#.")
    references: list[str] = field(default_factory=list)  # "file:line" ("#:")
    flags: list[str] = field(default_factory=list)  # "#," without fuzzy order rules
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = 0  # line of the msgid keyword in the file it was read from

    @property
    def key(self) -> Key:
        return (self.msgctxt, self.msgid)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @fuzzy.setter
    def fuzzy(self, value: bool) -> None:
        if value and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        elif not value:
            self.flags = [f for f in self.flags if f != "fuzzy"]

    @property
    def first_msgstr(self) -> str:
        """``msgstr``, or ``msgstr[0]`` of a plural entry (what msgfmt counts)."""
        if self.msgid_plural is not None:
            return self.msgstr_plural[0] if self.msgstr_plural else ""
        return self.msgstr

    @property
    def translations(self) -> list[str]:
        return self.msgstr_plural if self.msgid_plural is not None else [self.msgstr]

    @property
    def has_translation(self) -> bool:
        """Some text was written for this entry (even if fuzzy)."""
        return any(self.translations)

    @property
    def state(self) -> str:
        """``translated``, ``fuzzy`` or ``untranslated``, counted as msgfmt does."""
        if not self.first_msgstr:
            return "untranslated"
        return "fuzzy" if self.fuzzy else "translated"


@dataclass
class Catalog:
    """The entries of one PO/POT file, header first, in file order."""

    entries: list[Entry] = field(default_factory=list)
    path: str = "<catalog>"
    charset: str = "UTF-8"
    warnings: list[Finding] = field(default_factory=list)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def header(self) -> Entry | None:
        for entry in self.entries:
            if entry.is_header and not entry.obsolete:
                return entry
        return None

    def messages(self) -> Iterator[Entry]:
        """Active entries, without the header."""
        return (e for e in self.entries if not e.obsolete and not e.is_header)

    def obsolete(self) -> Iterator[Entry]:
        return (e for e in self.entries if e.obsolete)

    def index(self) -> dict[Key, Entry]:
        return {e.key: e for e in self.messages()}

    def get(self, msgid: str, context: str | None = None) -> Entry | None:
        for entry in self.messages():
            if entry.msgid == msgid and entry.msgctxt == context:
                return entry
        return None

    def header_fields(self) -> list[tuple[str, str]]:
        header = self.header
        return parse_header(header.msgstr) if header else []

    def header_field(self, name: str) -> str | None:
        for key, value in self.header_fields():
            if key.lower() == name.lower():
                return value
        return None

    def set_header_field(self, name: str, value: str) -> None:
        """Set one ``Name: value`` header line, keeping the others in order."""
        header = self.header
        if header is None:
            header = Entry(msgid="")
            self.entries.insert(0, header)
        fields = parse_header(header.msgstr)
        for i, (key, _) in enumerate(fields):
            if key.lower() == name.lower():
                fields[i] = (key, value)
                break
        else:
            fields.append((name, value))
        header.msgstr = format_header(fields)


# ---------------------------------------------------------------- header


def parse_header(msgstr: str) -> list[tuple[str, str]]:
    """``Key: value`` lines of a header msgstr, in order."""
    fields = []
    for line in msgstr.split("\n"):
        if ":" in line:
            key, _, value = line.partition(":")
            fields.append((key.strip(), value.strip()))
    return fields


def format_header(fields: Iterable[tuple[str, str]]) -> str:
    return "".join(f"{key}: {value}\n" for key, value in fields)


def header_charset(msgstr: str) -> str | None:
    match = re.search(r"charset=([^\s;\\\"]+)", msgstr)
    return match.group(1) if match else None


# ---------------------------------------------------------------- reading

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?(?=[\s\"]|$)")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_STRING_START = re.compile(r'[ \t\f\v]*"')
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {
    "n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a",
    "\\": "\\", '"': '"',
}  # fmt: skip
_CHARSET_ALIASES = {"charset": None, "ascii": "ascii", "ansi_x3.4-1968": "ascii"}


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


# ---------------------------------------------------------------- decoding


def _python_codec(charset: str) -> str | None:
    name = charset.strip().lower()
    if name in _CHARSET_ALIASES:
        return _CHARSET_ALIASES[name]
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _header_charset_raw(data: bytes) -> str | None:
    """The charset named by the header, found before the file is decoded."""
    text = data[:65536].decode("latin-1")
    match = re.search(r'^msgid\s+""\s*\n(?:[^\n]*\n)*?msgstr\b', text, re.MULTILINE)
    if not match:
        return None
    block = text[match.end() : match.end() + 8192].split("\n\n", 1)[0]
    block = re.sub(r'"\s*\n\s*"', "", block)
    return header_charset(block)


def _offset_to_location(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace")) + 1


def decode_po(data: bytes, path: str) -> tuple[str, str, str | None, list[Finding]]:
    """Decode file bytes as GNU would: returns (text, charset, transcode, warnings)."""
    warnings: list[Finding] = []
    declared = _header_charset_raw(data)
    codec = _python_codec(declared) if declared else None
    if declared and codec is None:
        if declared.upper() != "CHARSET":
            warnings.append(
                Finding(
                    "warning",
                    "po.charset-unknown",
                    Location(path, 1),
                    f"charset {declared!r} is not a known encoding; reading as UTF-8",
                )
            )
    if codec is None or codec == "ascii":
        codec = "utf-8"
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            codec = "latin-1"
    if codec in _BYTEWISE_MULTIBYTE:
        return data.decode("latin-1"), codec, codec, warnings
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line, col = _offset_to_location(data, exc.start)
        raise POError(
            f"column {col}: invalid multibyte sequence for charset {declared or 'UTF-8'}"
            f" (is the file really {declared or 'UTF-8'}?)",
            path=path,
            line=line,
            code="po.encoding",
        ) from exc
    return text, codec, None, warnings


# ---------------------------------------------------------------- validation


def _problem(path: str, line: int, code: str, message: str, severity: str = "error") -> Finding:
    return Finding(severity, code, Location(path, line), message)  # type: ignore[arg-type]


def validate(catalog: Catalog, template: bool) -> list[Finding]:
    """The checks ``msgfmt --check`` makes, plus NUL bytes; returns findings."""
    path = catalog.path
    out: list[Finding] = []
    out.extend(_duplicates(catalog))
    header = catalog.header
    if header is None:
        if not template:
            out.append(_problem(path, 1, "po.header-missing", "PO file header missing or invalid"))
    out.extend(_plural_problems(catalog, header, template))
    often = _often_forms(header)
    for entry in catalog.entries:
        for value in (entry.msgid, entry.msgid_plural or "", *entry.translations):
            if "\0" in value:
                out.append(
                    _problem(
                        path,
                        entry.line,
                        "po.nul",
                        "string contains a NUL byte; compiled catalogs would cut the message there",
                    )
                )
                break
        if not entry.obsolete and not entry.is_header and entry.state == "translated":
            for problem in formats.check_entry(entry, often):
                out.append(_problem(path, entry.line, "po.format", problem))
            for problem in _newline_problems(entry):
                out.append(_problem(path, entry.line, "po.newline", problem))
    return out


def _newline_problems(entry: Entry) -> Iterator[str]:
    """msgfmt --check: translations begin and end with a newline exactly when the source does."""
    if entry.msgid_plural is None:
        pairs = [("msgid", entry.msgid, "msgstr", entry.msgstr)]
    else:
        pairs = [("msgid", entry.msgid, "msgid_plural", entry.msgid_plural)] + [
            ("msgid", entry.msgid, f"msgstr[{i}]", text)
            for i, text in enumerate(entry.msgstr_plural)
        ]
    for name_a, a, name_b, b in pairs:
        if a.startswith("\n") != b.startswith("\n"):
            yield f"'{name_a}' and '{name_b}' entries do not both begin with '\\n'"
        elif a.endswith("\n") != b.endswith("\n"):
            yield f"'{name_a}' and '{name_b}' entries do not both end with '\\n'"


def _often_forms(header: Entry | None) -> list[bool] | None:
    spec = header_value(header, "Plural-Forms") if header else None
    try:
        return plural.often_used_forms(*plural.parse_plural_forms(spec)) if spec else None
    except plural.PluralError:
        return None


def _duplicates(catalog: Catalog) -> Iterator[Finding]:
    seen: dict[Key, Entry] = {}
    for entry in catalog.entries:
        if entry.obsolete:
            continue
        if entry.key in seen:
            yield _problem(
                catalog.path,
                entry.line,
                "po.duplicate",
                f"duplicate message definition (first defined at line {seen[entry.key].line})",
            )
        else:
            seen[entry.key] = entry


def _plural_problems(catalog: Catalog, header: Entry | None, template: bool) -> list[Finding]:
    path = catalog.path
    # msgfmt checks only what it compiles: translated, non-fuzzy entries.
    plural_entries = [
        e for e in catalog.messages() if e.msgid_plural is not None and e.state == "translated"
    ]
    spec = header_value(header, "Plural-Forms") if header else None
    line = header.line if header else 1
    if spec is None:
        if plural_entries and not template:
            return [
                _problem(
                    path,
                    line,
                    "po.plural-forms-missing",
                    "message catalog has plural form translations, but lacks a header "
                    "entry with 'Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;'",
                )
            ]
        return []
    try:
        nplurals, _ = plural.parse_plural_forms(spec)
    except plural.PluralError as exc:
        if template and ("INTEGER" in spec or "EXPRESSION" in spec):
            return []
        return [_problem(path, line, "po.plural-forms", str(exc))]
    out = []
    for entry in plural_entries:
        count = len(entry.msgstr_plural)
        if count != nplurals:
            out.append(
                _problem(
                    path,
                    entry.line,
                    "po.plural-count",
                    f"nplurals = {nplurals} in the header, but this entry has {count} plural forms",
                )
            )
    return out


def header_value(header: Entry, name: str) -> str | None:
    for key, value in parse_header(header.msgstr):
        if key.lower() == name.lower():
            return value
    return None


# ---------------------------------------------------------------- public reading API


def loads(
    data: bytes, path: str = "<string>", *, template: bool | None = None, strict: bool = True
) -> Catalog:
    """Parse PO bytes. ``strict`` rejects what ``msgfmt --check`` rejects.

    Raises :class:`POError` (``path:line: message``) on the first error; all
    error findings are in its ``findings`` attribute.
    """
    if template is None:
        template = path.endswith(".pot")
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
        finding = _problem(path, exc.line, exc.code, exc.message)
        raise POError(
            exc.message, path=path, line=exc.line, code=exc.code, findings=[finding]
        ) from None
    catalog = Catalog(entries=entries, path=path, charset=codec)
    catalog.warnings = warnings + reader.warnings
    if strict:
        problems = validate(catalog, template)
        errors = [p for p in problems if p.severity == "error"]
        catalog.warnings.extend(p for p in problems if p.severity != "error")
        if errors:
            raise POError.from_findings(errors)
    return catalog


def read_po(path: Path, *, display: str | None = None, strict: bool = True) -> Catalog:
    """Read a PO/POT file; ``display`` is the path shown in messages."""
    shown = display or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise POError(f"cannot read file: {exc.strerror}", path=shown, code="io.read") from exc
    return loads(data, shown, template=path.suffix == ".pot", strict=strict)


# ---------------------------------------------------------------- writing


def _flag_line(entry: Entry) -> str | None:
    fuzzy = entry.fuzzy and bool(entry.first_msgstr)
    formats_by_lang: dict[str, str] = {}
    range_flag = None
    wrap_flag = None
    checks: dict[str, str] = {}
    extra: list[str] = []
    for flag in entry.flags:
        if flag == "fuzzy":
            continue
        lang, value = _format_flag(flag)
        if lang is not None:
            formats_by_lang[lang] = value
        elif flag.startswith("range:"):
            range_flag = "range: " + flag[6:].strip()
        elif flag in ("wrap", "no-wrap"):
            wrap_flag = flag
        elif flag.removeprefix("no-") in _SYNTAX_CHECKS:
            checks[flag.removeprefix("no-")] = flag
        else:
            extra.append(flag)  # GNU drops unknown flags; we keep them
    parts = ["fuzzy"] if fuzzy else []
    for lang in sorted(formats_by_lang, key=_FORMAT_RANK.__getitem__):
        if formats_by_lang[lang]:
            parts.append(formats_by_lang[lang])
    if range_flag:
        parts.append(range_flag)
    if wrap_flag == "no-wrap":
        parts.append("no-wrap")
    parts.extend(checks[c] for c in _SYNTAX_CHECKS if c in checks)
    parts.extend(extra)
    return "#, " + ", ".join(parts) if parts else None


def _format_flag(flag: str) -> tuple[str | None, str]:
    if not flag.endswith("-format"):
        return None, ""
    body = flag[: -len("-format")]
    for prefix, kind in (("no-", "no"), ("possible-", "possible"), ("impossible-", "no")):
        if body.startswith(prefix) and body[len(prefix) :] in _FORMAT_RANK:
            lang = body[len(prefix) :]
            return lang, (f"no-{lang}-format" if kind == "no" else f"{lang}-format")
    if body in _FORMAT_RANK:
        return body, f"{body}-format"
    return None, ""


def _reference_lines(refs: list[str], page_width: int = 79) -> list[str]:
    lines = []
    current = "#:"
    for ref in refs:
        while ref.startswith("./"):
            ref = ref[2:]
        name, _, line = ref.rpartition(":")
        if not (name and line.isdigit()):
            name, line = ref, ""
        if " " in name or "\t" in name:
            name = f"\u2068{name}\u2069"
        token = f"{name}:{line}" if line else name
        if len(current) > 2 and len(current) + len(token) + 1 > page_width:
            lines.append(current)
            current = "#:"
        current += " " + token
    lines.append(current)
    return lines


def _entry_lines(entry: Entry) -> list[str]:
    out: list[str] = []
    for text in entry.comments:
        out.extend(("# " + t) if t else "#" for t in text.split("\n"))
    for text in entry.extracted:
        out.extend(("#. " + t) if t else "#." for t in text.split("\n"))
    if entry.references:
        out.extend(_reference_lines(entry.references))
    flags = _flag_line(entry)
    if flags:
        out.append(flags)
    wrap = "no-wrap" not in entry.flags
    prev = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        out.extend(format_string("msgctxt", entry.previous_msgctxt, prev, wrap))
    if entry.previous_msgid is not None:
        out.extend(format_string("msgid", entry.previous_msgid, prev, wrap))
    if entry.previous_msgid_plural is not None:
        out.extend(format_string("msgid_plural", entry.previous_msgid_plural, prev, wrap))
    prefix = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        out.extend(format_string("msgctxt", entry.msgctxt, prefix, wrap))
    out.extend(format_string("msgid", entry.msgid, prefix, wrap))
    if entry.msgid_plural is not None:
        out.extend(format_string("msgid_plural", entry.msgid_plural, prefix, wrap))
        for i, text in enumerate(entry.msgstr_plural):
            out.extend(format_string(f"msgstr[{i}]", text, prefix, wrap))
    else:
        out.extend(format_string("msgstr", entry.msgstr, prefix, wrap))
    return out


def generate_po(catalog: Catalog) -> Iterator[str]:
    """Lines of the canonical (msgcat) form: active entries, then obsolete ones.

    Like msgcat, an obsolete entry without a translation is not written: it
    holds no translator work, and msgcat would drop it anyway.
    """
    first = True
    for obsolete in (False, True):
        for entry in catalog.entries:
            if entry.obsolete != obsolete or (obsolete and not entry.first_msgstr):
                continue
            if not first:
                yield ""
            first = False
            yield from _entry_lines(entry)


def dumps(catalog: Catalog) -> bytes:
    """The catalog as UTF-8 bytes, in exactly the layout ``msgcat`` writes."""
    header = catalog.header
    if header is not None and catalog.charset.lower() not in ("utf-8", "utf8"):
        declared = header_charset(header.msgstr)
        if declared and declared.upper() != "CHARSET":
            header.msgstr = header.msgstr.replace(f"charset={declared}", "charset=UTF-8", 1)
    text = "".join(line + "\n" for line in generate_po(catalog))
    return text.encode("utf-8")
