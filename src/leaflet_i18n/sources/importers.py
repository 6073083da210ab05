"""Pick the importer for a file: plain text, Word, EU ePI (FHIR) or FDA SPL.

By extension first (``.txt``, ``.docx``, ``.fsh``, ``.json``), then by content: a ZIP is a
Word file, JSON or FHIR-namespaced XML is a FHIR document, ``urn:hl7-org:v3`` XML is SPL.
``fmt`` forces one.
"""

from __future__ import annotations

from pathlib import Path

from leaflet_i18n.model.diagnostics import Finding, LeafletError
from leaflet_i18n.sources.draft import Draft

FORMATS = ("text", "docx", "epi", "spl")


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".txt", ".text"):
        return "text"
    if suffix == ".docx":
        return "docx"
    if suffix in (".fsh", ".json"):
        return "epi"
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"["):
        return "epi"
    if stripped[:1] == b"<":
        if b"urn:hl7-org:v3" in head:
            return "spl"
        if b"http://hl7.org/fhir" in head:
            return "epi"
    return "text"


def import_file(
    path: Path, shown: str, fmt: str | None = None, lang: str | None = None
) -> tuple[Draft, list[Finding]]:
    """The draft of any supported leaflet file, and the notes on it."""
    chosen = fmt or detect_format(path)
    try:
        if chosen == "text":
            from leaflet_i18n.sources.text import read_text

            try:
                text = path.read_text(encoding="utf-8-sig")
            except UnicodeDecodeError as exc:
                raise LeafletError(
                    "file is not UTF-8 text", path=shown, code="import.encoding"
                ) from exc
            return read_text(text, shown, lang)
        if chosen == "docx":
            from leaflet_i18n.sources.docx import read_docx

            return read_docx(path, shown, lang)
        if chosen == "epi":
            from leaflet_i18n.sources.epi import read_epi

            return read_epi(path, shown, lang)
        if chosen == "spl":
            from leaflet_i18n.sources.spl import read_spl

            return read_spl(path.read_bytes(), shown, lang)
    except ValueError as exc:
        raise LeafletError(str(exc), path=shown, code="import.empty") from exc
    raise LeafletError(f"unknown import format '{chosen}'", path=shown, code="import.format")
