"""Rendering helpers: escaping, emphasis, placeholder filling, the last check before writing."""

from __future__ import annotations

import pytest

from leaflet_i18n.model.catalog import Entry
from leaflet_i18n.model.diagnostics import RenderError
from leaflet_i18n.model.leaflet import Leaflet, Message
from leaflet_i18n.model.verdict import MessageReview, PageReview
from leaflet_i18n.render.html import PageContext, inline_html, verify_page


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
