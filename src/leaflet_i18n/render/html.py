"""Render reviewed pages to HTML: leaflet pages, the index and the status page.

Every text is escaped before the one inline markup of the content format
(``**emphasis**`` → ``<strong>``) is applied, so a translation containing
``<script>`` or ``" onload=`` is shown as text. A number with its unit
(``25 °C``, ``500 mg``, ``2 Tabletten``, as :func:`quantity_spans` reads them
in the text's locale) is shown as one unit: isolated from the direction of
the text around it (``<bdi>``, so an Arabic page never shows ``C° 25``) and
joined by no-break spaces (it never wraps). The renderer does this, never the
translators: a direction mark in a translation is refused by the checks. Template strings are looked
up in the page's reviewed template catalog, escaped, and their ``{name}``
placeholders filled by plain substitution (never ``str.format``, which a
hostile translation could use to reach Python attributes).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from babel.dates import format_date
from jinja2 import Environment
from markupsafe import Markup, escape

from leaflet_i18n.checks.numbers import NumberFormat, number_format, quantity_spans
from leaflet_i18n.model.diagnostics import RenderError
from leaflet_i18n.model.leaflet import (
    TITLE_CONTEXT,
    BoxedWarning,
    ListBlock,
    Paragraph,
    Section,
    TableBlock,
    normalize_space,
    section_messages,
)
from leaflet_i18n.model.locales import bcp47, display_name, text_direction
from leaflet_i18n.model.verdict import MessageReview, PageReview
from leaflet_i18n.render.visible import VisibleText, normalized, visible_text

_EMPHASIS = re.compile(r"\*\*(.+?)\*\*")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)\}")


_BREAKING_SPACES = str.maketrans({" ": "\u00a0", "\u2009": "\u202f"})
_MEMO: dict[tuple[NumberFormat | None, str], Markup] = {}
_MEMO_LIMIT = 200_000


def inline_html(text: str, numbers: NumberFormat | None = None) -> Markup:
    """Escape ``text``, keep each quantity together, then turn ``**x**`` into ``<strong>``.

    With ``numbers`` (the number format of the text's locale), every number with
    its unit becomes ``<bdi dir="ltr">25&nbsp;°C</bdi>``: its spaces no-break
    spaces, its direction its own (``rtl`` when the unit is written in a
    right-to-left script: ``<bdi dir="rtl">500&nbsp;ملغ</bdi>``). Escaping is
    done piece by piece around the quantities, so offsets never point into an
    entity, and a quantity with ``*`` in it is left as it is (emphasis must nest).
    The page check compares critical texts with this same function.
    """
    key = (numbers, text)
    found = _MEMO.get(key)
    if found is None:
        if len(_MEMO) >= _MEMO_LIMIT:
            _MEMO.clear()
        found = _MEMO[key] = _inline_html(text, numbers)
    return found


def _inline_html(text: str, numbers: NumberFormat | None) -> Markup:
    spans = quantity_spans(text, numbers) if numbers is not None else ()
    escaped = Markup(_isolated(text, spans)) if spans else escape(text)
    if "**" not in text:
        return escaped
    return Markup(_EMPHASIS.sub(r"<strong>\1</strong>", str(escaped)))


_SPECIAL = re.compile("[&<>\"']")


def _isolated(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """``text`` escaped, each of ``spans`` in it one isolated, unbreakable unit."""
    clean = _SPECIAL.search(text) is None  # nothing to escape (most texts): no call per piece
    parts, position = [], 0
    for start, end in spans:
        quantity = text[start:end]
        if "*" in quantity:
            continue
        before, joined = text[position:start], quantity.translate(_BREAKING_SPACES)
        if not clean:
            before, joined = str(escape(before)), str(escape(joined))
        parts.append(f'{before}<bdi dir="{_direction(quantity)}">{joined}</bdi>')
        position = end
    rest = text[position:]
    parts.append(rest if clean else str(escape(rest)))
    return "".join(parts)


_TEXTS: dict[tuple[NumberFormat | None, str], Text] = {}


def _translated_text(value: str, numbers: NumberFormat | None) -> Text:
    """``Text`` of a translation (immutable, so one per text: pages share most of them)."""
    key = (numbers, value)
    found = _TEXTS.get(key)
    if found is None:
        if len(_TEXTS) >= _MEMO_LIMIT:
            _TEXTS.clear()
        found = _TEXTS[key] = Text(inline_html(value, numbers), plain(value))
    return found


def _direction(quantity: str) -> str:
    """``rtl`` when a quantity is written with right-to-left letters (``500 ملغ``)."""
    if quantity.isascii():
        return "ltr"
    rtl = any(unicodedata.bidirectional(c) in ("R", "AL") for c in quantity)
    return "rtl" if rtl else "ltr"


def plain(text: str) -> str:
    return _EMPHASIS.sub(r"\1", text) if "**" in text else text


@dataclass(frozen=True)
class Text:
    """A rendered message: its HTML, and whether it falls back to the source language.

    The templates' ``text()`` macro shows a fallback tagged with its language
    and the translated "not yet translated" marker, for every kind of text.
    """

    html: Markup
    plain: str
    fallback: bool = False
    lang: str = ""
    dir: str = "ltr"


@dataclass(frozen=True)
class CellView:
    text: Text | None  # None: an empty cell
    scope: str = ""  # "col" or "row" for a header cell (<th scope>), "" for a data cell


@dataclass(frozen=True)
class ListItemView:
    text: Text
    items: tuple[ListItemView, ...] = ()  # its sub-items


@dataclass(frozen=True)
class BlockView:
    kind: str  # paragraph, boxed, list, nested_list, table
    text: Text | None = None
    lead: Text | None = None
    items: tuple[Text, ...] = ()
    tree: tuple[ListItemView, ...] = ()  # nested_list: items with their sub-items
    caption: Text | None = None  # table
    rows: tuple[tuple[CellView, ...], ...] = ()  # table
    header_rows: int = 0  # table: rows that go into <thead>


# A critical section without subsections and at most this much text (a quarter of an A4 page)
# is never split across printed pages, so none of its paragraphs is parted from its heading.
KEEP_CHARACTERS = 1200
# What the reader must not miss: marked "important"; other critical sections get a quieter sign.
IMPORTANT_KINDS = frozenset({"boxed_warning", "contraindications", "dosage", "overdose"})


@dataclass(frozen=True)
class SectionView:
    path: str
    kind: str
    critical: bool
    badge: bool  # marked: "important", or critical and not inside a critical section
    level: int
    heading: Text | None
    blocks: tuple[BlockView, ...]
    sections: tuple[SectionView, ...] = ()
    mark: str = ""  # "important", "safety" (the quieter sign) or ""
    keep: bool = False  # printed on one page: critical, no subsections, short enough

    def walk(self) -> Iterator[SectionView]:
        yield self
        for child in self.sections:
            yield from child.walk()


def section_mark(section: Section, parent_critical: bool) -> str:
    """How a section is marked: "important" by kind, "safety" for the other critical sections
    (once: not inside a critical section), "" for the rest."""
    if not section.critical:
        return ""
    if section.kind in IMPORTANT_KINDS:
        return "important"
    return "" if parent_critical else "safety"


@dataclass
class Alternate:
    lang: str
    href: str
    name: str
    dir: str
    current: bool = False


@dataclass
class PageContext:
    """Looks up what a page shows for each message.

    ``numbers`` and ``source_numbers`` are the number formats of the page's
    locale and the source locale (default: the locale's own), which find the
    quantities to keep together.
    """

    page: PageReview
    source_locale: str
    numbers: NumberFormat | None = None
    source_numbers: NumberFormat | None = None
    index: dict[tuple[str, str], MessageReview] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for review in (*self.page.messages, *self.page.templates):
            self.index[(review.message.context, review.message.msgid)] = review
        if self.source_numbers is None:
            self.source_numbers = number_format(self.source_locale)
        if self.numbers is None:
            self.numbers = (
                self.source_numbers
                if self.page.locale == self.source_locale
                else number_format(self.page.locale)
            )

    def shown(self, context: str, source: str) -> tuple[str, bool]:
        """The text a page shows for a message, and whether it is the source's (a fallback)."""
        msgid = normalize_space(source)
        review = self.index.get((context, msgid))
        translation = review.translation if review else None
        if translation is not None:
            return translation, False
        if review is not None and review.message.critical and not self.page.is_source:
            # the gate refuses such pages; rendering one anyway is a bug
            raise RenderError(
                f"critical message has no usable translation: {msgid!r}", code="render.verify"
            )
        return msgid, True

    def text(self, context: str, source: str) -> Text:
        value, fallback = self.shown(context, source)
        if not fallback:
            return _translated_text(value, self.numbers)
        return Text(
            inline_html(value, self.source_numbers),
            plain(value),
            True,
            bcp47(self.source_locale),
            text_direction(self.source_locale),
        )

    def gettext(self, context: str, msgid: str, params: dict[str, Any]) -> Markup:
        shown = self.text(context, msgid)
        html = str(shown.html)

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            return str(escape(params[name])) if name in params else match.group(0)

        html = _PLACEHOLDER.sub(fill, html)
        if shown.fallback:
            return Markup(f'<span lang="{shown.lang}" dir="{shown.dir}">{html}</span>')
        return Markup(html)


def _section_view(
    section: Section, cx: PageContext, parent_critical: bool = False, for_print: bool = False
) -> SectionView:
    path = section.path
    blocks = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            blocks.append(BlockView("paragraph", cx.text(path, block.text)))
        elif isinstance(block, BoxedWarning):
            blocks.append(BlockView("boxed", cx.text(path, block.text)))
        elif isinstance(block, TableBlock):
            blocks.append(table_view(block, path, cx))
        elif isinstance(block, ListBlock) and any(i.level for i in block.items):
            blocks.append(nested_list_view(block, path, cx))
        elif isinstance(block, ListBlock):
            lead = cx.text(path, block.lead) if block.lead else None
            blocks.append(
                BlockView(
                    "list", lead=lead, items=tuple(cx.text(path, i.text) for i in block.items)
                )
            )
    mark = section_mark(section, parent_critical)
    keep = (
        for_print
        and section.critical
        and not section.sections
        and sum(len(m.msgid) for m in section_messages(section)) <= KEEP_CHARACTERS
    )
    return SectionView(
        path=path,
        kind=section.kind,
        critical=section.critical,
        badge=bool(mark),
        level=min(section.depth + 1, 6),
        heading=cx.text(path, section.heading) if section.heading else None,
        blocks=tuple(blocks),
        sections=tuple(
            _section_view(child, cx, section.critical, for_print) for child in section.sections
        ),
        mark=mark,
        keep=keep,
    )


def table_view(block: TableBlock, path: str, cx: PageContext) -> BlockView:
    """A table: header rows as ``<th scope="col">``, header columns as ``<th scope="row">``."""
    rows = []
    for r, row in enumerate(block.rows):
        cells = []
        for c, cell in enumerate(row.cells):
            scope = "col" if r < block.header_rows else "row" if c < block.header_columns else ""
            cells.append(CellView(cx.text(path, cell.text) if cell.text.strip() else None, scope))
        rows.append(tuple(cells))
    caption = cx.text(path, block.caption) if block.caption else None
    header_rows = min(block.header_rows, len(rows))
    return BlockView("table", caption=caption, rows=tuple(rows), header_rows=header_rows)


def nested_list_view(block: ListBlock, path: str, cx: PageContext) -> BlockView:
    """A list whose items have sub-items (``ListItem.level``) as a tree of views."""

    def build(start: int, level: int) -> tuple[tuple[ListItemView, ...], int]:
        out: list[ListItemView] = []
        i = start
        while i < len(block.items) and block.items[i].level >= level:
            item = block.items[i]
            children, i = build(i + 1, item.level + 1)
            out.append(ListItemView(cx.text(path, item.text), children))
        return tuple(out), i

    tree, _ = build(0, 0)
    lead = cx.text(path, block.lead) if block.lead else None
    return BlockView("nested_list", lead=lead, tree=tree)


_FALLBACK = Markup(
    '<span class="fallback" lang="{}" dir="{}">{}</span> <span class="fallback-marker">{}</span>'
)


def page_globals(env_page_lang: str, cx: PageContext, home: str = "index.html") -> dict[str, Any]:
    """What every template sees: the translation functions, the page's language and
    direction, and ``home``, the index of the page's language."""

    def _(msgid: str, **params: Any) -> Markup:
        return cx.gettext("", msgid, params)

    def pgettext(context: str, msgid: str, **params: Any) -> Markup:
        return cx.gettext(context, msgid, params)

    def text_shower(marker: Markup) -> Callable[[Text], Markup]:
        """The templates' ``text()``: a message as a page shows it; a fallback tagged with its
        language and followed by ``marker`` (the translated "not yet translated")."""

        def show(text: Text) -> Markup:
            if not text.fallback:
                return text.html
            return _FALLBACK.format(text.lang, text.dir, text.html, marker)

        return show

    return {
        "_": _,
        "gettext": _,
        "pgettext": pgettext,
        "text_shower": text_shower,
        "page_lang": bcp47(env_page_lang),
        "page_dir": text_direction(env_page_lang),
        "home": home,
    }


def render_leaflet(
    env: Environment,
    page: PageReview,
    source_locale: str,
    published: list[str],
    numbers: NumberFormat | None = None,
    for_print: bool = False,
) -> str:
    """The HTML of one leaflet page; ``published`` lists the locales it links to.

    ``numbers`` is the number format the page's translations were checked with
    (default: the locale's own). ``for_print`` adds what a PDF needs: the running
    header (product name, revision date) and the translated "page X of Y".
    """
    cx = PageContext(page, source_locale, numbers)
    leaflet = page.leaflet
    slug = leaflet.slug
    alternates = [
        Alternate(
            bcp47(loc),
            f"../{loc}/{slug}.html",
            display_name(loc),
            text_direction(loc),
            loc == page.locale,
        )
        for loc in published
    ]
    revised = (
        format_date(leaflet.revised, format="long", locale=page.locale) if leaflet.revised else None
    )
    sections = [_section_view(s, cx, False, for_print) for s in leaflet.sections]
    template = env.get_template("leaflet.html")
    html = template.render(
        **page_globals(page.locale, cx),
        root="../",
        title=cx.text(TITLE_CONTEXT, leaflet.title),
        revised=revised,
        alternates=alternates,
        sections=sections,
        marks={v.mark for s in sections for v in s.walk() if v.mark},
        for_print=for_print,
        page_number=Markup('<span class="page-number"></span>'),
        page_count=Markup('<span class="page-count"></span>'),
    )
    verify_page(html, page, cx.numbers)
    return html


def render_index(
    env: Environment, cx: PageContext, leaflets: list[dict[str, Any]], alternates: list[Alternate]
) -> str:
    """The index of one language (``<locale>/index.html``), in that language.

    Each of ``leaflets`` has ``title`` (the title as its page shows it, a
    :class:`Text`), ``href`` (its page, or "" when refused in this language),
    ``status`` (where the status page says why) and ``others`` (links to its
    pages in other languages: for a leaflet not published in this one).
    """
    return env.get_template("index.html").render(
        **page_globals(cx.page.locale, cx),
        root="../",
        leaflets=leaflets,
        alternates=alternates,
    )


def render_languages(
    env: Environment,
    cx: PageContext,
    languages: list[dict[str, str]],
    unpublished: list[dict[str, str]],
) -> str:
    """The site's root index: a link to the index of every language with a published page."""
    return env.get_template("languages.html").render(
        **page_globals(cx.page.locale, cx),
        root="",
        languages=languages,
        unpublished=unpublished,
    )


def title_text(title: str, translated: bool, cx: PageContext, source_title: str) -> Text:
    """A leaflet title as an index shows it: translated, or the source's, marked."""
    if translated:
        return Text(inline_html(title, cx.numbers), plain(title))
    return Text(
        inline_html(source_title, cx.source_numbers),
        plain(source_title),
        True,
        bcp47(cx.source_locale),
        text_direction(cx.source_locale),
    )


def render_status(
    env: Environment,
    data: dict[str, Any],
    details: bool = True,
    root: str = "",
    online: set[str] | None = None,
    built: datetime | None = None,
) -> str:
    """The status page; ``details=False`` links to per-locale pages instead (large sites).

    In a site, ``online`` lists the pages on disk (``locale/slug``: each is linked) and
    ``built`` is when the site was built; without them the page stands alone.
    """
    for row in data["locales"]:
        row["lang"], row["name"] = bcp47(row["locale"]), display_name(row["locale"])

    def bar(tally: dict[str, Any]) -> Markup:
        counts = tally["messages"]
        total = sum(counts.values())
        pct = 100.0 * counts["translated"] / total if total else 100.0
        return Markup(
            f'<span class="bar" aria-hidden="true"><span style="width:{pct:.0f}%"></span></span>'
            f"{counts['translated']} / {total} ({pct:.0f}%)"
        )

    split = not details or root != ""
    pages = [(row, page) for row in data["locales"] for page in row["pages"]]
    shown = None
    if built is not None:
        utc = built.astimezone(timezone.utc)
        shown = {
            "iso": utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "shown": utc.strftime("%Y-%m-%d %H:%M UTC"),
        }
    return env.get_template("status.html").render(
        data=data,
        bar=bar,
        details=details,
        split=split,
        root=root,
        refused=[(row, page) for row, page in pages if not page["publishable"]],
        online=online,
        built=shown,
    )


# ---------------------------------------------------------------- defence in depth


_FORBIDDEN_MARKUP = re.compile(
    r"<(?:script|iframe|object|embed|frame|base|form)\b|<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE
)


def verify_page(html: str, page: PageReview, numbers: NumberFormat | None = None) -> None:
    """Before a page is written: every critical translation is *shown* in its section.

    Raises :class:`RenderError` when markup the templates never produce
    (scripts, frames, event handlers) appears, when a critical section shows
    source-language fallback text, when a critical translation is not in
    the visible text of its section (see :mod:`leaflet_i18n.render.visible`:
    not in a comment, a ``<template>``, or an element that is hidden), or when
    one of its quantities is not on the page as one isolated unit (as
    :func:`inline_html` shows it with ``numbers``, the page's number format).
    """
    bad = _FORBIDDEN_MARKUP.search(html)
    if bad:
        raise RenderError(
            f"unexpected markup in the page: {bad.group(0)[:40]!r}", code="render.verify"
        )
    shown = visible_text(html)
    if shown.fallback_in_critical:
        section = shown.fallback_in_critical[0]
        raise RenderError(
            f"source-language fallback inside a critical section ({section})", code="render.verify"
        )
    for review in (*page.messages, *page.templates):  # the source language's page too
        if review.message.critical:
            _verify_shown(review, shown)
    if not page.is_source:
        _verify_quantities(html, page, numbers or number_format(page.locale))


_QUANTITY = re.compile(r'<bdi dir="(?:ltr|rtl)">[^<]*</bdi>')


def _verify_quantities(html: str, page: PageReview, numbers: NumberFormat) -> None:
    """Each quantity of a critical translation is on the page as :func:`inline_html` shows
    it: one isolated, unbreakable unit (the text around it is checked as the reader sees it)."""
    on_page: set[str] | None = None
    for review in page.messages:
        translation = review.translation
        if not review.message.critical or translation is None:
            continue
        isolated = str(inline_html(translation, numbers))
        if "<bdi" not in isolated:
            continue
        on_page = on_page if on_page is not None else set(_QUANTITY.findall(html))
        if any(unit not in on_page for unit in _QUANTITY.findall(isolated)):
            raise RenderError(
                "critical text is shown without its quantities kept together: "
                f"{review.message.msgid!r}",
                code="render.verify",
            )


_READ: dict[str, str] = {}


def _as_read(translation: str) -> str:
    """A translation as the visible text has it (a page repeats most of them: kept)."""
    found = _READ.get(translation)
    if found is None:
        if len(_READ) >= _MEMO_LIMIT:
            _READ.clear()
        found = _READ[translation] = normalized(plain(translation))
    return found


def _verify_shown(review: MessageReview, shown: VisibleText) -> None:
    message = review.message
    translation = review.translation
    if translation is None:
        raise RenderError(
            f"critical text missing from the page: {message.msgid!r}", code="render.verify"
        )
    if message.role == "template" and "{" in translation:
        return  # filled in when rendered: its parts are checked as the page's text
    where = shown.sections.get(message.context, shown.page)
    if _as_read(translation) not in where:
        raise RenderError(
            f"critical text is not shown on the page (hidden, or missing): {message.msgid!r}",
            code="render.verify",
        )
