"""Rendering helpers: escaping, emphasis, placeholder filling, the last check before writing."""

from __future__ import annotations

from pathlib import Path

import pytest

from leaflet_i18n.checks.numbers import number_format
from leaflet_i18n.model.catalog import Entry
from leaflet_i18n.model.diagnostics import RenderError
from leaflet_i18n.model.leaflet import Leaflet, Message
from leaflet_i18n.model.verdict import MessageReview, PageReview
from leaflet_i18n.render.html import PageContext, inline_html, verify_page

from .helpers import cli, edit_entry, translated_workspace


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Do **not** drive.", "Do <strong>not</strong> drive."),
        (
            "<b>x</b> & **<i>y</i>**",
            "&lt;b&gt;x&lt;/b&gt; &amp; <strong>&lt;i&gt;y&lt;/i&gt;</strong>",
        ),
        ('a "quote"', "a &#34;quote&#34;"),
        ("**unbalanced", "**unbalanced"),
    ],
)
def test_inline_html(text: str, html: str) -> None:
    assert str(inline_html(text)) == html


NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("locale", "text", "html"),
    [
        ("ar", "لا تخزن فوق 25 °C.", f'لا تخزن فوق <bdi dir="ltr">25{NBSP}°C</bdi>.'),
        ("ar", "قرص 500 ملغ", f'قرص <bdi dir="rtl">500{NBSP}ملغ</bdi>'),
        ("he", "500 מ״ג", f'<bdi dir="rtl">500{NBSP}מ״ג</bdi>'),
        (
            "de",
            "Nicht mehr als 4 g in 24 Stunden.",
            f'Nicht mehr als <bdi dir="ltr">4{NBSP}g</bdi> in <bdi dir="ltr">24{NBSP}Stunden</bdi>.',
        ),
        ("fr", "1 000 mg", f'<bdi dir="ltr">1{NBSP}000{NBSP}mg</bdi>'),
        (
            "en",
            '<b>25 mg</b> & "4 g"',
            f'&lt;b&gt;<bdi dir="ltr">25{NBSP}mg</bdi>&lt;/b&gt; &amp; &#34;<bdi dir="ltr">4{NBSP}g</bdi>&#34;',
        ),
        (
            "en",
            "Take **2 tablets** at most.",
            f'Take <strong><bdi dir="ltr">2{NBSP}tablets</bdi></strong> at most.',
        ),
        ("en", "Take **2** tablets.", "Take <strong>2</strong> tablets."),  # emphasis must nest
        ("en", "See section 4 and 2 to 6.", "See section 4 and 2 to 6."),  # bare numbers
        ("en", "Take two tablets.", "Take two tablets."),  # spelled numbers
    ],
)
def test_quantities_are_one_unbreakable_isolated_unit(locale: str, text: str, html: str) -> None:
    assert str(inline_html(text, number_format(locale))) == html


def test_a_critical_translation_shown_without_its_isolated_quantities_fails_the_check() -> None:
    leaflet = Leaflet("x", "x.yaml", "X", 1, "en", ())
    message = Message("storage", "Do not store above 25 °C.", "paragraph", 3, "storage", True)
    entry = Entry(message.msgid, "لا تخزن فوق 25 °C.")
    page = PageReview(leaflet, "ar", "x.po", (MessageReview(message, entry, "translated"),))
    shown = PageContext(page, "en").text("storage", message.msgid).html
    verify_page(f"<p>{shown}</p>", page)  # what the renderer shows passes
    with pytest.raises(RenderError, match="without its quantities kept together"):
        verify_page("<p>لا تخزن فوق 25 °C.</p>", page)


def page_with(translation: str, critical: bool = False) -> PageReview:
    leaflet = Leaflet("x", "x.yaml", "X", 1, "en", ())
    message = Message("", "Revised: {date}", "template", 1, "template", critical)
    review = MessageReview(message, Entry(message.msgid, translation), "translated")
    return PageReview(leaflet, "de", "x.po", (), (review,))


def test_placeholders_are_filled_without_str_format() -> None:
    cx = PageContext(page_with("Stand: {date} {date.__class__} {0} {other}"), "en")
    html = str(cx.gettext("", "Revised: {date}", {"date": "<1. Mai>"}))
    assert html == "Stand: &lt;1. Mai&gt; {date.__class__} {0} {other}"


def test_critical_message_without_translation_cannot_be_rendered() -> None:
    leaflet = Leaflet("x", "x.yaml", "X", 1, "en", ())
    message = Message("dose", "Take 2.", "paragraph", 3, "dosage", True)
    page = PageReview(leaflet, "de", "x.po", (MessageReview(message, None, "missing"),))
    with pytest.raises(RenderError, match="no usable translation"):
        PageContext(page, "en").text("dose", "Take 2.")


def test_verify_page_catches_fallback_inside_critical_section() -> None:
    html = (
        '<section class="critical"><p><span class="fallback" lang="en">Take 2.</span></p></section>'
    )
    with pytest.raises(RenderError, match="fallback inside a critical section"):
        verify_page(html, page_with("x"))


def test_verify_page_catches_script_and_event_handlers() -> None:
    for html in ["<p>ok</p><script>x()</script>", '<p onclick="x()">ok</p>']:
        with pytest.raises(RenderError):
            verify_page(html, page_with("x"))


def test_fallback_marker_text_on_headings_paragraphs_lead_ins_and_list_items(
    tmp_path: Path,
) -> None:
    ws = translated_workspace(tmp_path)
    content = ws / "content/demo.yaml"
    content.write_text(
        content.read_text()
        + "      - lead: 'Each pack contains:'\n"
        + "        list:\n"
        + "          - a leaflet.\n"
    )
    cli(ws, "extract")
    cli(ws, "update", "-l", "de")
    po = ws / "locales/de/LC_MESSAGES/demo.po"
    for msgid in (
        "Contents of the pack",
        "Each tablet contains 500 mg paracetamol. Packs of 16 or 32 tablets.",
    ):
        edit_entry(po, msgid, "blank")
    code, _ = cli(ws, "build", "-l", "de")
    assert code == 0  # non-critical text falls back; the page is published
    html = (ws / "site/de/demo.html").read_text(encoding="utf-8")
    marker = '<span class="fallback-marker">⟦not yet translated⟧</span>'  # the German catalog's
    for source in (
        "Contents of the pack",  # a heading (and its entry in the contents list)
        "Each tablet contains 500 mg paracetamol. Packs of 16 or 32 tablets.",  # a paragraph
        "Each pack contains:",  # a list lead-in
        "a leaflet.",  # a list item
    ):
        shown = inline_html(source, number_format("en"))  # quantities kept together
        fallback = f'<span class="fallback" lang="en" dir="ltr">{shown}</span> {marker}'
        assert fallback in html, source
    assert '<span class="fallback-marker"></span>' not in html
    assert html.count(marker) == 5
