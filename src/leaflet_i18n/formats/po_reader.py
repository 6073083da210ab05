"""Read PO/POT bytes into a :class:`~leaflet_i18n.model.catalog.Catalog`, as GNU gettext does.

The reader accepts the syntax GNU's ``read-catalog`` accepts and reports the
first syntax error as ``file:line`` (:class:`POError`). It reads every
charset GNU reads (:mod:`leaflet_i18n.formats.po_charset`). It does not
judge the catalog: what ``msgfmt --check`` checks beyond syntax (duplicates,
plural forms, format strings) is in :mod:`leaflet_i18n.checks.conformance`.

How it reads: the file is decoded once, and one compiled regular expression
(:data:`_ENTRY`) matches it an entry at a time, comments, previous strings
(``#|``, ``#~|``), context, plural forms, obsolete entries (``#~``) and CRLF
line ends included. The expression encodes the grammar of lines and
entries; the strings of a line are checked when their value is taken, with
``str`` methods (:func:`_quick`), and against the exact string grammar only
where that quick test fails. Where the expression stops, or a string or
escape is bad, the line-by-line :class:`_Reader` reads again from the start
of that entry (or the one before, which what follows may continue), only to
find the first error and word it exactly; it never runs on a file the
expression reads. (Files valid only through oddities no tool writes, such
as a continued string after a comment line or non-ASCII blank lines, are
read by :class:`_Reader` from that entry on, with the same result.)

:func:`tally` reads the same way for ``stats``, building no catalog: it
counts, and keeps as entries only those a ``msgfmt --check`` check could
object to.

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
from leaflet_i18n.util.fs import read_file

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
    """The careful line-by-line reader: finds and words the first syntax error.

    ``first_line`` is the number of the first of ``lines`` in the file, so a
    file can be read from the start of any entry.
    """

    def __init__(
        self, lines: list[str], path: str, transcode: str | None, first_line: int = 1
    ) -> None:
        self.lines = lines
        self.first_line = first_line
        self.path = path
        self.transcode = transcode  # codec to apply to strings read byte-wise
        self.entries: list[Entry] = []
        self.warnings: list[Finding] = []
        self.b = _Builder()

    def run(self) -> list[Entry]:
        for lineno, line in enumerate(self.lines, self.first_line):
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
        self.finish(self.first_line + len(self.lines) - 1, at_eof=True)
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
            name = text.strip(" ")
            if " " not in name:  # one name, as tools write it: "#: content/x.yaml:12"
                return [name] if name else []
            return [t for t in name.split(" ") if t]
        return [t for t in re.split(r"[ \t]+", text) if t]
    return [
        t.replace("\u2068", "").replace("\u2069", "")
        for t in re.findall(r"\u2068[^\u2069]*\u2069(?::\d+)?|\S+", text)
    ]


# ---------------------------------------------------------------- the grammar, as one expression
#
# The careful reader above is the reference for every rule here. Lines are
# told apart by how they begin. A string line is matched loosely, to its end;
# whether its strings are well-formed is decided when its value is taken
# (:class:`_Decoder`), at no cost for the layouts tools write.
_T = r"[ \t\f\v\r]*"  # what may end a line of strings
_BLANK = r"[ \t\f\v\r]*\n"
_EMPTY_MARK = r"\#~[ \t]*(?:\|[ \t]*)?\r*\n|\#\|[ \t]*\r*\n"  # "#~", "#|", "#~|" alone: ignored
_IGNORED = rf"(?:{_BLANK}|{_EMPTY_MARK}|\#~[ \t]*\#[^\n]*\n)"  # also "#~ #...": ignored


def _body(name: str | None, line: str) -> str:
    # A message string goes on in "..." lines, or "#~ ..." ones (GNU takes
    # them for a continuation too); ignored lines in between are skipped,
    # "#~ #" ones only without quotes: a body's strings are found by their quotes.
    more = rf'{line}|{_BLANK}|[ \t]+{line}|\#~[ \t]*{line}|{_EMPTY_MARK}|\#~[ \t]*\#[^"\n]*\n'
    body = rf"[ \t\f\v]*{line}(?:{more})*"
    return f"(?P<{name}>{body})" if name else body


_LOOSE = r'"[^\n]*\n'  # a line of strings, checked later
_COMMENT = r"\#(?:[^~|\n][^\n]*)?\n"  # "#", "# ", "#.", "#:", "#,", "#!" and any other "#x"
_PREV = r"\#(?:~[ \t]*)?\|[ \t]*"  # "#|" or "#~|"
_PREV_KEYWORD = rf"{_PREV}(?:msgctxt|msgid_plural|msgid)[ \t\f\v]*{_LOOSE}"
_AFTER_PREV = rf"(?:{_COMMENT}|{_IGNORED}|{_PREV_KEYWORD}|{_PREV}{_LOOSE})*"
# Comments and previous strings before an entry, and between msgctxt and
# msgid (a block that cannot start with an ignored line: the msgctxt body took it).
_PRE = rf"(?:{_COMMENT}|{_IGNORED})*(?:{_PREV_KEYWORD}{_AFTER_PREV})?"
_MID = (
    rf"(?:{_COMMENT}(?:{_COMMENT}|{_IGNORED})*(?:{_PREV_KEYWORD}{_AFTER_PREV})?"
    rf"|{_PREV_KEYWORD}{_AFTER_PREV})?"
)
# The first keyword decides whether the entry is obsolete; msgid and every
# msgstr must agree with it (GNU does not check msgid_plural).
_SAME = r"(?(o)\#~[ \t]*|[ \t]*)"
_ENTRY = re.compile(
    rf"(?P<pre>{_PRE})"
    rf"(?:(?P<o>\#~)[ \t]*|[ \t]*)"
    rf"(?:msgctxt{_body('ctx', _LOOSE)}(?P<mid>{_MID}){_SAME})?"
    rf"msgid{_body('id', _LOOSE)}"
    rf"(?:(?:\#~[ \t]*|[ \t]*)msgid_plural{_body('pl', _LOOSE)}"
    rf"(?P<plu>(?:{_SAME}msgstr\[[0-9]+\]{_body(None, _LOOSE)})+)"
    rf"|{_SAME}msgstr{_body('str', _LOOSE)})"
)
_ID = _ENTRY.groupindex["id"]
_TRAILER = re.compile(_PRE)  # what may follow the last entry: comments that belong to none
# Strings as GNU reads them (a body is checked against this only when the
# quick test of :class:`_Decoder` fails).
_S = r'"[^"\\\n]*(?:\\[^\n][^"\\\n]*)*"'
_STRICT_BODY = re.compile(_body(None, rf"{_S}(?:[ \t\f\v]*{_S})*{_T}\n"))
_PIECE = re.compile(r'"([^"\\\n]*(?:\\[^\n][^"\\\n]*)*)"')
_PLURAL_FORM = re.compile(r"^(?:\#~)?[ \t]*msgstr\[([0-9]+)\]", re.MULTILINE)
_PREV_LINE = re.compile(r"\#(?:~[ \t]*)?\|[ \t]*(msgctxt|msgid_plural|msgid)?")
_IGNORED_LINE = re.compile(r"\#~[ \t]*(?:\#.*|\|[ \t]*\r*|\r*)|\#\|[ \t]*\r*")
# What joins the strings of a body in the layouts tools write (LF, CRLF, obsolete).
_SEPARATORS = [(s, s.index("\n")) for s in ('"\n"', '"\r\n"', '"\n#~ "', '"\r\n#~ "')]


class _Stop(Exception):
    """The expression reads no further; the careful reader words the problem."""


_RARE_ESCAPES = (("\\r", "\r"), ("\\f", "\f"), ("\\v", "\v"), ("\\b", "\b"), ("\\a", "\a"))


def _simple(part: str) -> str | None:
    """``part`` (no "\\\\" in it) without its one-character escapes; None if it has others."""
    if "\\" not in part:
        return part
    part = part.replace("\\n", "\n")
    if "\\" in part:
        part = part.replace('\\"', '"').replace("\\t", "\t")
        if "\\" in part:
            for escape, char in _RARE_ESCAPES:
                part = part.replace(escape, char)
            if "\\" in part:
                return None
    return part


def _unescaped(raw: str) -> str | None:
    """``raw`` with its one-character escapes undone; None if it has octal, hex or bad ones.

    "\\\\" pairs split the text at escape boundaries (the first pair is one,
    and so is each after it), so the other escapes can be undone part by part.
    """
    if "\\\\" not in raw:
        return _simple(raw)
    parts: list[str] = []
    for part in raw.split("\\\\"):
        simple = _simple(part)
        if simple is None:
            return None
        parts.append(simple)
    return "\\".join(parts)


def _no_value(body: str) -> None:
    return None


def _quick(body: str) -> str | None:
    """The value of a body that passes the quick test, else None.

    The quick test: the body is '"' text '"' lines with nothing around them.
    Then the value is the text between the first and the last quote without
    the line breaks: no quote may be left in it but escaped ones, and the
    last may not follow a backslash (the string would not end). Escapes are
    undone with ``str.replace``.
    """
    end = body.rfind('"')
    start = body.find('"') + 1
    if start > end or not body[end + 1 :].isspace():
        return None
    raw = body[start:end]
    escaped = "\\" in raw
    quoted = False
    if escaped:
        if raw[-1] == "\\":
            return None  # the closing quote may be escaped: the string would not end
        if '\\"' in raw:
            if "\\\\" in raw or "\0" in raw:
                return None
            # Without "\\\\" every backslash starts an escape, so '\\"' is an
            # escaped quote: out of the way (as NUL) while the layout is checked.
            raw = raw.replace('\\"', "\0")
            quoted = True
    first = raw.find("\n")
    if first >= 0:
        # One kind of separator, removed in one pass: pieces left of a removed
        # one must not join into another.
        for separator, before in _SEPARATORS:
            if first >= before and raw.startswith(separator, first - before):
                break
        else:
            return None
        raw = raw.replace(separator, "")
        if "\n" in raw:
            return None
    if '"' in raw:
        return None
    if not escaped:
        return raw
    if quoted:
        raw = raw.replace("\0", '\\"')
    # Without "\\\\" pairs every backslash starts an escape; with one, a
    # backslash is left after the "\\n" escapes are undone.
    done = raw.replace("\\n", "\n")
    return done if "\\" not in done else _unescaped(raw)


class _Decoder:
    """Turns a matched body (a string's lines) into its value.

    A value is None where the strings are not well-formed or an escape is
    bad. ``transcode`` is the codec of a file read byte-wise (each piece is
    undone, then decoded, as GNU does).
    """

    def __init__(self, transcode: str | None) -> None:
        self.transcode = transcode
        self.nul = False  # a value came out of an escape as NUL

    def careful(self, body: str) -> str | None:
        if _STRICT_BODY.fullmatch(body) is None:
            return None
        try:
            pieces = (unescape(piece) for piece in _PIECE.findall(body))
            if self.transcode is None:
                value = "".join(pieces)
            else:
                value = "".join(p.encode("latin-1").decode(self.transcode) for p in pieces)
        except (_Syntax, UnicodeError):
            return None
        self.nul = self.nul or "\0" in value
        return value

    def one(self, body: str) -> str | None:
        if self.transcode is None:
            value = _quick(body)
            if value is not None:
                return value
        return self.careful(body)

    def value(self, body: str) -> str:
        value = self.one(body)
        if value is None:
            raise _Stop
        return value


def _previous(block: str, entry: Entry | None, decoder: _Decoder) -> None:
    """The previous strings (#|) of a comment block: checked, and kept in ``entry`` if given."""
    found: dict[str, list[str]] = {}
    current: list[str] = []
    for line in block.split("\n"):
        if line[:2] not in ("#|", "#~"):
            continue
        match = _PREV_LINE.match(line)
        if match is None:
            continue  # "#~ #..." or a bare "#~": GNU ignores them
        rest = line[match.end() :]
        if match.group(1):
            key = "previous_" + match.group(1)
            if key in found:  # GNU reads the string it then replaces
                decoder.value("\n".join(found[key]) + "\n")
            current = found[key] = [rest]
        elif '"' in rest:
            current.append(rest)
    for key, lines in found.items():
        value = decoder.value("\n".join(lines) + "\n")
        if entry is not None:
            setattr(entry, key, value)


def _comments(entry: Entry, block: str, decoder: _Decoder) -> None:
    """The comments and previous strings of a matched block, into ``entry``."""
    references: list[str] = []
    for line in block.split("\n"):
        kind = line[:2]
        if kind == "#:":
            references.append(line[2:])
        elif kind == "#,":
            for flag in line[2:].split(","):
                flag = flag.strip()
                if flag:
                    entry.flags.append(flag)
        elif kind == "#.":
            text = line[2:]
            entry.extracted.append(text[1:] if text.startswith(" ") else text)
        elif kind == "#|" or kind == "#~" or kind == "#!" or not kind or kind[0] != "#":
            continue  # previous strings (below), ignored lines, "#!" (GNU ignores it), blank
        else:
            text = line[1:]
            entry.comments.append(text[1:] if text.startswith(" ") else text)
    if references:
        if len(references) > 1 and "\u2068" not in block:
            tokens = _split_references(" ".join(references))  # no token spans two lines
        else:
            tokens = [t for text in references for t in _split_references(text)]
        if not entry.references:
            # the first of repeated names
            entry.references = tokens if len(tokens) < 2 else list(dict.fromkeys(tokens))
        else:
            entry.references.extend(t for t in dict.fromkeys(tokens) if t not in entry.references)
    if "#|" in block or "#~" in block:
        _previous(block, entry, decoder)


def _flag_lines(block: str) -> list[str]:
    """The text after "#," of a comment block's flag lines."""
    lines: list[str] = []
    start = block.find("#,")
    while start >= 0:
        if start == 0 or block[start - 1] == "\n":
            lines.append(block[start + 2 : block.find("\n", start)])
        start = block.find("#,", start + 2)
    return lines


def _plural_forms(block: str, decoder: _Decoder) -> list[str]:
    """The msgstr[N] values of a plural entry's block."""
    parts = _PLURAL_FORM.split(block)
    if any(int(index) != i for i, index in enumerate(parts[1::2])):
        raise _Stop  # "plural form has wrong index"
    return [decoder.value(part) for part in parts[2::2]]


_Groups = tuple[str, str | None, str | None, str | None, str, str | None, str | None, str | None]


@dataclass
class _Scan:
    """The entries the expression matched from the start of a text, and where it stopped."""

    text: str
    path: str
    transcode: str | None
    groups: list[_Groups]
    starts: list[int]  # where each entry's match starts
    msgids: list[int]  # where each entry's msgid string starts
    end: int

    @classmethod
    def of(cls, text: str, path: str, transcode: str | None) -> _Scan:
        if text and not text.endswith("\n"):
            text += "\n"
        groups: list[_Groups] = []
        starts: list[int] = []
        msgids: list[int] = []
        add, add_start, add_msgid = groups.append, starts.append, msgids.append
        match = _ENTRY.match
        pos, end = 0, len(text)
        while pos < end:
            m = match(text, pos)
            if m is None:
                break
            add(m.groups())  # type: ignore[arg-type]
            add_start(pos)
            add_msgid(m.start(_ID))
            pos = m.end()
        return cls(text, path, transcode, groups, starts, msgids, pos)

    def complete(self, decoder: _Decoder) -> bool:
        return _complete(self.text, self.end, decoder)

    def dangling(self) -> list[Finding]:
        """The warning for comments after the last entry (blank and ignored lines do not count)."""
        first = self.text.count("\n", 0, self.end) + 1
        for number, content in enumerate(self.text[self.end :].split("\n"), first):
            if content.startswith("#") and not _IGNORED_LINE.fullmatch(content):
                return [
                    Finding(
                        "warning",
                        "po.dangling-comment",
                        Location(self.path, number),
                        "comment at the end of the file belongs to no entry and is not kept",
                    )
                ]
        return []

    def careful(self, index: int) -> tuple[list[Entry], list[Finding]]:
        """Entry ``index`` on, read by the careful reader (to word an error).

        At the start of an entry the expression matched, GNU's state is a fresh
        one, whatever came before.
        """
        pos = self.starts[index] if index < len(self.starts) else self.end
        line = self.text.count("\n", 0, pos) + 1
        reader = _Reader(_lines_of(self.text[pos:]), self.path, self.transcode, line)
        return reader.run(), reader.warnings


def _complete(text: str, pos: int, decoder: _Decoder) -> bool:
    """Whether only comments follow ``pos``, where the entries end (previous strings checked)."""
    if pos == len(text):
        return True
    trailer = _TRAILER.match(text, pos)
    if trailer is None or trailer.end() != len(text):
        return False
    _previous(text[pos:], None, decoder)
    return True


def _read(text: str, path: str, transcode: str | None) -> tuple[list[Entry], list[Finding]]:
    """The entries of ``text`` and the warnings; :class:`_Syntax` on the first syntax error."""
    scan = _Scan.of(text, path, transcode)
    decoder = _Decoder(transcode)
    value = decoder.value
    entries: list[Entry] = []
    append = entries.append
    count = scan.text.count
    msgids = scan.msgids
    line, last = 1, 0
    index = 0
    try:
        for index, (pre, old, ctx, mid, msgid, plural, forms, msgstr) in enumerate(scan.groups):
            entry = Entry(msgid=value(msgid))
            if ctx is not None:
                entry.msgctxt = value(ctx)
            if plural is not None:
                entry.msgid_plural = value(plural)
                entry.msgstr_plural = _plural_forms(forms, decoder)  # type: ignore[arg-type]
            else:
                entry.msgstr = value(msgstr)  # type: ignore[arg-type]
            if pre:
                _comments(entry, pre, decoder)
            if mid:
                _comments(entry, mid, decoder)
            if old is not None:
                entry.obsolete = True
            at = msgids[index]
            line += count("\n", last, at)
            last = at
            entry.line = line
            append(entry)
        index = len(scan.groups)
        if scan.complete(decoder):
            return entries, scan.dangling()
        # What follows may continue the last entry (a string after an ignored
        # "#~ #" line, say): read again from that entry.
        if entries:
            entries.pop()
            index -= 1
    except _Stop:
        pass  # entry ``index`` has a bad string, escape or plural index
    more, warnings = scan.careful(index)  # raises _Syntax, unless valid through an oddity
    return entries + more, warnings


def _syntax_error(exc: _Syntax, path: str) -> POError:
    finding = Finding("error", exc.code, Location(path, exc.line), exc.message)
    return POError(exc.message, path=path, line=exc.line, code=exc.code, findings=[finding])


# ---------------------------------------------------------------- counting without a catalog


@dataclass
class Tally:
    """What ``stats`` needs of a catalog, read without building every entry.

    ``counts`` and ``words`` are per state (``translated``, ``fuzzy``,
    ``untranslated``) as ``msgfmt --statistics`` counts them, ``obsolete`` the
    obsolete entries with a translation. ``checked`` holds the entries that
    :func:`~leaflet_i18n.checks.conformance.validate` could object to, in file
    order: the header; translated entries that are plural, carry a format
    flag, or begin or end with a newline on one side only; entries with a
    NUL. Validating it finds what validating the whole catalog finds, since
    every other entry passes every check, duplicates aside: a file with a
    duplicate key gets no tally. Their line numbers are counted only when a
    finding needs them (:meth:`number_lines`).
    """

    counts: dict[str, int]
    words: dict[str, int]
    obsolete: int
    checked: Catalog
    text: str = field(repr=False, default="")
    offsets: list[int] = field(repr=False, default_factory=list)  # of each checked msgid

    def number_lines(self) -> None:
        """Set the line number of every checked entry."""
        line, last = 1, 0
        for entry, offset in zip(self.checked.entries, self.offsets, strict=True):
            line += self.text.count("\n", last, offset)
            last = offset
            entry.line = line


def tally(data: bytes, path: str = "<string>") -> Tally | None:
    """The :class:`Tally` of PO bytes, or None where it takes the whole catalog.

    None for a file with a duplicate key, a NUL or a syntax error: read it
    with :func:`parse` to have its errors worded. Raises :class:`POError`
    for bytes that do not decode.
    """
    text, codec, transcode, _ = decode_po(data, path)
    if text and not text.endswith("\n"):
        text += "\n"
    decoder = _Decoder(transcode)
    one = decoder.one
    quick = _quick if transcode is None else _no_value
    translated: list[str] = []  # the msgids of each state
    fuzzy: list[str] = []
    untranslated: list[str] = []
    obsolete = 0
    plain: set[str] = set()  # the msgids without a context seen so far
    contextual: set[tuple[str, str]] = set()
    checked: list[Entry] = []
    offsets: list[int] = []  # where the msgid of each checked entry is
    flag_lines: dict[str, tuple[list[str], bool]] = {}  # flags, and whether one is a format
    match = _ENTRY.match
    pos, end = 0, len(text)
    try:
        while pos < end:
            m = match(text, pos)
            if m is None:
                break
            pos = m.end()
            pre, old, ctx, mid, id_body, plural, forms, str_body = m.groups()
            msgid = quick(id_body)
            if msgid is None:
                msgid = one(id_body)
                if msgid is None:
                    return None
            if ctx is None:
                msgctxt = None
            else:
                msgctxt = one(ctx)
                if msgctxt is None:
                    return None
            flags: list[str] = []
            formatted = False
            if "#," in pre or mid:
                for found in _flag_lines(pre + mid if mid else pre):
                    known = flag_lines.get(found)
                    if known is None:
                        listed = [f for f in (f.strip() for f in found.split(",")) if f]
                        known = (listed, any(f.endswith("-format") for f in listed))
                        flag_lines[found] = known
                    flags += known[0]
                    formatted = formatted or known[1]
            if "|" in pre:
                _previous(pre, None, decoder)
            if mid and "|" in mid:
                _previous(mid, None, decoder)
            if plural is None:
                msgstr = quick(str_body)
                if msgstr is None:
                    msgstr = one(str_body)
                    if msgstr is None:
                        return None
            else:
                msgid_plural = decoder.value(plural)
                translations = _plural_forms(forms, decoder)
                msgstr = translations[0]
            if old is not None:
                obsolete += msgstr != ""
                continue
            if msgctxt is None:
                if msgid in plain:
                    return None  # a duplicate: its finding names the line of the first
                plain.add(msgid)
            elif (msgctxt, msgid) in contextual:
                return None
            else:
                contextual.add((msgctxt, msgid))
            if msgctxt is not None or msgid:  # a message; the header is only checked
                if not msgstr:
                    untranslated.append(msgid)
                    continue
                if "fuzzy" in flags:
                    fuzzy.append(msgid)
                    continue
                translated.append(msgid)
                if not (
                    formatted
                    or plural is not None
                    or (msgid[:1] == "\n") != (msgstr[:1] == "\n")
                    or (msgid[-1:] == "\n") != (msgstr[-1:] == "\n")
                ):
                    continue
            offsets.append(m.start(_ID))
            entry = Entry(msgid, msgctxt=msgctxt, flags=flags)
            if plural is None:
                entry.msgstr = msgstr
            else:
                entry.msgid_plural = msgid_plural
                entry.msgstr_plural = translations
            checked.append(entry)
        if not _complete(text, pos, decoder) or decoder.nul or b"\0" in data:
            return None  # a NUL is checked on the whole catalog
    except _Stop:
        return None
    states = {"translated": translated, "fuzzy": fuzzy, "untranslated": untranslated}
    return Tally(
        {state: len(msgids) for state, msgids in states.items()},
        {state: sum(map(len, map(str.split, msgids))) for state, msgids in states.items()},
        obsolete,
        Catalog(checked, path, codec),
        text,
        offsets,
    )


# ---------------------------------------------------------------- public API


def parse(data: bytes, path: str = "<string>") -> Catalog:
    """The catalog in PO bytes; raises :class:`POError` (``path:line: message``) on bad syntax."""
    text, codec, transcode, warnings = decode_po(data, path)
    try:
        entries, found = _read(text, path, transcode)
    except _Syntax as exc:
        raise _syntax_error(exc, path) from None
    catalog = Catalog(entries=entries, path=path, charset=codec)
    catalog.warnings = warnings + found
    return catalog


def read_bytes(path: Path, shown: str) -> bytes:
    """A file's bytes; a file that cannot be read is a :class:`POError` naming it."""
    try:
        return read_file(path)
    except OSError as exc:
        raise POError(f"cannot read file: {exc.strerror}", path=shown, code="io.read") from exc


def read(path: Path, *, display: str | None = None) -> Catalog:
    """Read a PO/POT file without judging it; ``display`` is the path shown in messages."""
    shown = display or str(path)
    return parse(read_bytes(path, shown), shown)
