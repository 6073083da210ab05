"""Import a Word (.docx) leaflet, such as one written on the EMA QRD template.

Paragraphs are read in document order with python-docx: the ``Title`` style (or the first
paragraph) is the leaflet's title; ``Heading 1``/``2``/``3`` paragraphs are headings of
that depth, and so is any paragraph the QRD heading table recognises; paragraphs with
numbering (``w:numPr``) or a list style (``List Bullet 2``) are list items, nested by their
level; bold runs become the content format's ``**bold**``; tables are kept as table blocks
(rows marked "repeat as header row", or a bold first row, are header rows). The sections
are then built as for a text leaflet (:func:`~leaflet_i18n.sources.text.draft_from_lines`).

A note's "line" is the paragraph's number in the document body (tables count as one).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from leaflet_i18n.model.diagnostics import Finding, LeafletError
from leaflet_i18n.sources.draft import Draft, DraftRow, DraftTable
from leaflet_i18n.sources.text import Line, draft_from_lines

_HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre|titolo|título|kop)\s*(\d)$", re.I)
_LIST_STYLE = re.compile(r"\blist\b.*?(\d)?$", re.I)


def read_docx(path: Path, source: str, lang: str | None = None) -> tuple[Draft, list[Finding]]:
    """The draft of a Word leaflet, and notes on what needs a human decision."""
    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LeafletError(
            f"not a Word .docx file ({exc})", path=source, code="import.docx"
        ) from exc
    lines = list(_lines(document))
    if not lines:
        raise ValueError("the file has no text")
    title_index = next((i for i, ln in enumerate(lines) if ln.heading == -1), 0)
    title = lines.pop(title_index)
    title.heading = 0
    return draft_from_lines(title, lines, source, lang)


def _lines(document: object) -> Iterator[Line]:
    body = document.element.body  # type: ignore[attr-defined]
    number = 0
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            number += 1
            line = _paragraph_line(Paragraph(child, document), number)  # type: ignore[arg-type]
            if line is not None:
                yield line
        elif child.tag == qn("w:tbl"):
            number += 1
            table = _table(Table(child, document), number)  # type: ignore[arg-type]
            if table.rows:
                yield Line(" ".join(" ".join(r.cells) for r in table.rows), number, table=table)


def _paragraph_line(paragraph: Paragraph, number: int) -> Line | None:
    text, all_bold = inline_text(paragraph)
    if not text.strip():
        return None
    style = paragraph.style.name if paragraph.style is not None else ""
    style = style or ""
    if style.lower() == "title":
        return Line(_unbold(text, all_bold), number, heading=-1)
    heading = _HEADING_STYLE.match(style)
    if heading:
        return Line(_unbold(text, all_bold), number, heading=int(heading.group(1)))
    level = _list_level(paragraph, style)
    if level is not None:
        return Line(text, number, item=True, level=level)
    if all_bold and len(text.split()) <= 12 and not text.rstrip().endswith((".", ":", ";")):
        return Line(_unbold(text, all_bold), number, heading=3)
    return Line(text, number)


def _unbold(text: str, all_bold: bool) -> str:
    return text[2:-2].strip() if all_bold and text.startswith("**") else text


def _list_level(paragraph: Paragraph, style: str) -> int | None:
    ppr = paragraph._p.pPr
    numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
    if numpr is not None:
        num_id = numpr.find(qn("w:numId"))
        ilvl = numpr.find(qn("w:ilvl"))
        if num_id is not None and num_id.get(qn("w:val")) not in (None, "0"):
            level = ilvl.get(qn("w:val")) if ilvl is not None else "0"
            return int(level) if level and level.isdigit() else 0
    found = _LIST_STYLE.search(style)
    if found and not style.lower().startswith("list paragraph"):
        return int(found.group(1)) - 1 if found.group(1) else 0
    if style.lower().startswith("list paragraph") and re.match(r"^\s*[•\-–]\s", paragraph.text):
        return 0
    return None


def inline_text(paragraph: Paragraph) -> tuple[str, bool]:
    """The paragraph's text with bold runs as ``**bold**``; and whether all of it is bold."""
    parts: list[tuple[str, bool]] = []
    for run in paragraph.runs:
        text = run.text
        if not text:
            continue
        bold = bool(run.bold) or (run.style is not None and bool(run.style.font.bold))
        if parts and parts[-1][1] == bold:
            parts[-1] = (parts[-1][0] + text, bold)
        else:
            parts.append((text, bold))
    visible = [p for p in parts if p[0].strip()]
    all_bold = bool(visible) and all(b for _, b in visible)
    out = []
    for text, bold in parts:
        if bold and text.strip():
            lead = text[: len(text) - len(text.lstrip())]
            tail = text[len(text.rstrip()) :]
            out.append(f"{lead}**{text.strip()}**{tail}")
        else:
            out.append(text)
    return " ".join("".join(out).split()), all_bold


def _table(table: Table, number: int) -> DraftTable:
    rows: list[DraftRow] = []
    header_rows = 0
    first_bold = True
    for index, row in enumerate(table.rows):
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                continue
            seen.add(id(cell._tc))
            texts = [inline_text(p) for p in cell.paragraphs]
            cells.append(" ".join(t for t, _ in texts if t))
            if index == 0:
                first_bold = first_bold and all(b for t, b in texts if t)
        trpr = row._tr.trPr
        if trpr is not None and trpr.find(qn("w:tblHeader")) is not None and index == header_rows:
            header_rows += 1
        rows.append(DraftRow(cells, number))
    if header_rows == 0 and first_bold and len(rows) > 1:
        header_rows = 1
        rows[0].cells = [
            c[2:-2] if c.startswith("**") and c.endswith("**") else c for c in rows[0].cells
        ]
    return DraftTable(rows, number, header_rows=header_rows)
