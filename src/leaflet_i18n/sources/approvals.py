"""Review records: ``locales/<ll>/reviews/<slug>.yaml`` ⇄ :class:`ApprovalRecord`.

A record is safe YAML, read node by node like the content files (every schema
error names its line), and written by hand in one stable layout so that git
merges the work of two reviewers cleanly::

    # Review record of the de translation of paracetamol (leaflet-i18n review). ...
    leaflet: paracetamol
    locale: de
    approvals:
    # section: how-to-take
    - msgctxt: how-to-take
      msgid: Take 1 or 2 tablets every 4 to 6 hours.
      msgstr: Nehmen Sie alle 4 bis 6 Stunden 1 oder 2 Tabletten ein.
      role: medical
      reviewer: A. Reviewer
      date: 2026-11-26
      source_sha256: 5b0c…
      msgstr_sha256: 0d3e…
    # section: storage

One entry per approval, sorted by msgctxt, then msgid and role, with the keys
always in this order; every section of the catalog has its ``# section:``
line even before anything in it is approved, so approvals of different
sections never touch the same lines. Each scalar is one line
(:func:`~leaflet_i18n.sources.yaml_writer.scalar`). An entry whose texts do
not hash to its hashes (edited by hand) is an error: a record cannot approve
text nobody approved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from yaml.nodes import Node, ScalarNode, SequenceNode

from leaflet_i18n.model.approval import ROLE, Approval, ApprovalRecord
from leaflet_i18n.model.diagnostics import LeafletError
from leaflet_i18n.model.locales import normalize_locale
from leaflet_i18n.sources.yaml_writer import scalar
from leaflet_i18n.sources.yamlnodes import NodeReader, compose_file, line_of
from leaflet_i18n.util.fs import atomic_write

REVIEWS_DIR = "reviews"
_HASH = re.compile(r"[0-9a-f]{64}")
_NULL = "tag:yaml.org,2002:null"
_KEYS = ("leaflet", "locale", "approvals")
_ENTRY_KEYS = (
    "msgctxt",
    "msgid",
    "msgid_plural",
    "msgstr",
    "role",
    "reviewer",
    "date",
    "comment",
    "source_sha256",
    "msgstr_sha256",
)
_REQUIRED = ("msgid", "msgstr", "role", "reviewer", "date", "source_sha256", "msgstr_sha256")


def empty_record(catalog: str, locale: str, shown: str = "") -> ApprovalRecord:
    return ApprovalRecord(catalog, locale, (), shown)


def load_record(path: Path, shown: str, catalog: str, locale: str) -> ApprovalRecord:
    """Read a review record; an absent file is an empty record.

    Raises :class:`~leaflet_i18n.model.diagnostics.ContentError` with every schema
    error (``file:line``) when the file is not a valid record of ``catalog`` in ``locale``.
    """
    if not path.exists():
        return empty_record(catalog, locale, shown)
    node = compose_file(path, shown)
    if node is None:
        return empty_record(catalog, locale, shown)
    reader = NodeReader(shown)
    keys = reader.mapping(node, "review record", _KEYS, required=("leaflet", "locale")) or {}
    if "leaflet" in keys:
        name = reader.string(keys["leaflet"], "leaflet")
        if name is not None and name != catalog:
            reader.error(
                keys["leaflet"], f"this record is for '{name}', not '{catalog}'", "review.record"
            )
    if "locale" in keys:
        _check_locale(reader, keys["locale"], locale)
    approvals: list[Approval] = []
    node_list = keys.get("approvals")
    if node_list is not None and not _is_null(node_list):
        seen: dict[tuple[str | None, str, str], int] = {}
        for item in reader.sequence(node_list, "approvals"):
            approval = _approval(reader, item)
            if approval is None:
                continue
            ident = (approval.msgctxt, approval.msgid, approval.role)
            if ident in seen:
                reader.error(
                    item,
                    f"a second {approval.role} approval of the same message "
                    f"(the first is on line {seen[ident]}): keep one",
                    "review.record",
                )
                continue
            seen[ident] = approval.line
            approvals.append(approval)
    reader.raise_if_errors()
    return ApprovalRecord(catalog, locale, tuple(approvals), shown)


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _NULL


def _check_locale(reader: NodeReader, node: Node, locale: str) -> None:
    text = reader.string(node, "locale")
    if text is None:
        return
    try:
        found = normalize_locale(text)
    except LeafletError as exc:
        reader.error(node, exc.message, "review.record")
        return
    if found != locale:
        reader.error(node, f"this record is for locale '{found}', not '{locale}'", "review.record")


def _text(reader: NodeReader, node: Node, what: str, empty_ok: bool = False) -> str | None:
    if empty_ok and isinstance(node, ScalarNode) and node.tag != _NULL and node.value == "":
        return ""
    return reader.string(node, what)


def _approval(reader: NodeReader, node: Node) -> Approval | None:
    errors = len(reader.errors)
    keys = reader.mapping(node, "approval", _ENTRY_KEYS, _REQUIRED)
    if keys is None or len(reader.errors) > errors:
        return None
    msgctxt = (
        _text(reader, keys["msgctxt"], "msgctxt", empty_ok=True) if "msgctxt" in keys else None
    )
    msgid = reader.string(keys["msgid"], "msgid")
    plural = reader.string(keys["msgid_plural"], "msgid_plural") if "msgid_plural" in keys else None
    forms = _forms(reader, keys["msgstr"], plural is not None)
    role = reader.string(keys["role"], "role")
    if role is not None and not ROLE.fullmatch(role):
        reader.error(keys["role"], f"role '{role}' must be a lower-case word", "review.record")
    reviewer = reader.string(keys["reviewer"], "reviewer")
    when = reader.date(keys["date"], "date")
    comment = reader.string(keys["comment"], "comment") if "comment" in keys else None
    hashes = []
    for name in ("source_sha256", "msgstr_sha256"):
        value = reader.string(keys[name], name)
        if value is not None and not _HASH.fullmatch(value):
            reader.error(keys[name], f"{name} must be 64 hexadecimal digits", "review.record")
        hashes.append(value)
    if len(reader.errors) > errors:
        return None
    assert msgid is not None and forms is not None and role is not None
    assert reviewer is not None and when is not None
    approval = Approval(
        msgctxt=msgctxt,
        msgid=msgid,
        msgstr=forms,
        role=role,
        reviewer=reviewer,
        date=when,
        source_sha256=hashes[0] or "",
        msgstr_sha256=hashes[1] or "",
        msgid_plural=plural,
        comment=comment,
        line=line_of(node),
    )
    if not approval.intact():
        reader.error(
            node,
            "the texts of this approval do not match its hashes (edited by hand?); "
            "it approves nothing: approve the message again with `leaflet-i18n review`",
            "review.record",
        )
        return None
    return approval


def _forms(reader: NodeReader, node: Node, plural: bool) -> tuple[str, ...] | None:
    if isinstance(node, SequenceNode):
        if not plural:
            reader.error(node, "msgstr is a list only for a plural message", "review.record")
            return None
        forms = [reader.string(n, "msgstr") for n in node.value]
        return tuple(f for f in forms if f is not None) if all(forms) else None
    text = reader.string(node, "msgstr")
    return None if text is None else (text,)


# ---------------------------------------------------------------- writing


def anchor(msgctxt: str | None) -> str:
    return f"# section: {'(no context)' if msgctxt is None else msgctxt}"


def dump_record(record: ApprovalRecord, contexts: Iterable[str | None] = ()) -> bytes:
    """The record file: stable, sorted, one ``# section:`` line per context of the catalog."""
    out = [
        f"# Review record of the {record.locale} translation of {record.catalog} "
        "(leaflet-i18n review).",
        "# One entry per approval, bound to the exact text by its hashes: any change to the",
        "# source or the translation voids it. Sorted by msgctxt, msgid and role.",
        f"leaflet: {scalar(record.catalog)}",
        f"locale: {scalar(record.locale)}",
    ]
    approvals = record.sorted()
    every = {*contexts, *(a.msgctxt for a in approvals)}
    if not every:
        out.append("approvals: []")
        return _bytes(out)
    out.append("approvals:")
    for context in sorted(every, key=lambda c: (c is not None, c or "")):
        out.append(anchor(context))
        for approval in approvals:
            if approval.msgctxt == context:
                out += _entry_lines(approval)
    return _bytes(out)


def _bytes(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def _entry_lines(a: Approval) -> list[str]:
    lines = []
    if a.msgctxt is not None:
        lines.append(f"msgctxt: {scalar(a.msgctxt)}")
    lines.append(f"msgid: {scalar(a.msgid)}")
    if a.msgid_plural is not None:
        lines.append(f"msgid_plural: {scalar(a.msgid_plural)}")
        lines.append("msgstr:")
        lines += [f"  - {scalar(form)}" for form in a.msgstr]
    else:
        lines.append(f"msgstr: {scalar(a.msgstr[0])}")
    lines.append(f"role: {a.role}")
    lines.append(f"reviewer: {scalar(a.reviewer)}")
    lines.append(f"date: {a.date.isoformat()}")
    if a.comment:
        lines.append(f"comment: {scalar(a.comment)}")
    lines.append(f"source_sha256: {a.source_sha256}")
    lines.append(f"msgstr_sha256: {a.msgstr_sha256}")
    return [("- " if i == 0 else "  ") + line for i, line in enumerate(lines)]


def write_record(path: Path, record: ApprovalRecord, contexts: Iterable[str | None] = ()) -> None:
    """Write the record atomically (a reader never sees half a record)."""
    atomic_write(path, dump_record(record, contexts))
