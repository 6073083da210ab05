"""The visible text of a page: what the last check before writing reads as the reader would."""

from __future__ import annotations

import pytest

from leaflet_i18n.render.visible import normalized, visible_text


def page(body: str) -> str:
    return f'<!DOCTYPE html><html lang="de"><head><title>T</title></head><body>{body}</body></html>'


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("<p>Nicht über 25&nbsp;°C lagern.</p>", "Nicht über 25 °C lagern."),
        ("<p>a<!-- hidden -->b</p>", "ab"),
        ("<p>a</p><p>b</p>", "a b"),
        ("<p>1<br>2</p>", "1 2"),
        ('<p><bdi dir="ltr">25 °C</bdi>. <b>x</b>y</p>', "25 °C. xy"),  # inline: no space
        ('<p>a <bdi dir="ltr">2<b>5</b> °C</bdi><bdi dir="rtl">x</bdi>.</p>', "a 25 °Cx."),
        ('<p>a <bdi dir="ltr" hidden>25</bdi> b</p>', "a b"),  # a bdi that may hide is walked
        ('<p>a <bdi style="display:none">25</bdi> b <bdi dir="ltr">9</bdi></p>', "a b 9"),
        ('<p>a <bdi dir="ltr"><span hidden>25</span>9</bdi></p>', "a 9"),
        ('<p>a <bdi class="fallback" dir="ltr">9</bdi></p>', "a 9"),
        ("<ul><li>one<li>two</ul>", "one two"),  # unclosed <li>, as HTML allows
        ("<p>one<p>two", "one two"),
        ("<p hidden>x</p>y", "y"),
        ("<P HIDDEN>x</P>y", "y"),
        ('<p aria-hidden=" TRUE ">x</p>y', "y"),
        ('<p aria-hidden="false">x</p>', "x"),
        ('<div style="color:red;DISPLAY : NONE"><p>x</p></div>y', "y"),
        ('<span style="visibility:hidden">x</span>y', "y"),
        ("<template><p>x</p></template>y", "y"),
        ("<noscript>x</noscript>y", "y"),
        ("<style>p{}</style>y", "y"),
        ("<div hidden><p>x</p>tail inside</div>after", "after"),
        ("<p><span hidden>x</span> tail shown</p>", "tail shown"),
        ("<p>&lt;b&gt; &amp; &#x32;&#53;</p>", "<b> & 25"),
        # styles that keep the text on the page but out of sight
        ('<p style="display:/* x */none">x</p>y', "y"),
        ('<p style="opacity: 0">x</p>y', "y"),
        ('<p style="opacity:0.5">x</p>y', "x y"),
        ('<p style="font-size:0px">x</p>y', "y"),
        ('<p style="font-size:0.9em">x</p>y', "x y"),
        ('<p style="color: transparent">x</p>y', "y"),
        ('<p style="background-color: transparent">x</p>y', "x y"),
        ('<p style="position:absolute; left:-10000px">x</p>y', "y"),
        ('<p style="transform: scale(0)">x</p>y', "y"),
        ('<p style="clip-path: inset(50%)">x</p>y', "y"),
        ('<p style="content-visibility: hidden">x</p>y', "y"),
        ('<p style="visibility: collapse">x</p>y', "y"),
        ('<p style="display:\\6e one">x</p>y', "y"),  # a CSS escape is not decoded: hides
        ("<details><summary>s</summary><p>x</p></details>y", "y"),  # closed: not shown
        ("<details open><summary>s</summary><p>x</p></details>y", "s x y"),
        ("<dialog><p>x</p></dialog>y", "y"),
        ("<dialog open><p>x</p></dialog>y", "x y"),
    ],
)
def test_the_page_text_is_what_a_reader_sees(body: str, shown: str) -> None:
    assert visible_text(page(body)).page == shown


def test_each_section_has_its_own_text_and_its_nested_sections() -> None:
    text = visible_text(
        page(
            '<section id="a" class="critical"><h2>A</h2><p>one</p>'
            '<section id="b"><p>two</p></section><p hidden>x</p></section>'
            '<section id="c"><p>three</p></section>'
        )
    )
    assert text.sections == {"a": "A one two", "b": "two", "c": "three"}
    assert text.critical == {"a"}
    assert text.page == "A one two three"


def test_a_fallback_marked_on_a_bdi_in_a_critical_section_is_named() -> None:
    body = '<section id="dose" class="critical"><p><bdi class="fallback">5 mg</bdi></p></section>'
    assert visible_text(page(body)).fallback_in_critical == ["dose"]


def test_a_visible_fallback_inside_a_critical_section_is_named() -> None:
    body = (
        '<section id="dose" class="critical"><p><span class="fallback">Take</span></p></section>'
        '<section id="other"><p><span class="fallback">Store</span></p></section>'
        '<section id="hidden-one" class="critical"><p hidden class="fallback">x</p></section>'
    )
    assert visible_text(page(body)).fallback_in_critical == ["dose"]


def test_normalized_makes_every_space_one() -> None:
    assert normalized(" 25\u00a0°C\u202fund\n\t 30 ") == "25 °C und 30"


@pytest.mark.parametrize(
    "wrapper",
    [
        "<div hidden>{}</div>",
        '<div aria-hidden="true"><div>{}</div></div>',
        '<div style="display:none">{}</div>',
        "<template>{}</template>",
        '<section id="outer" hidden>{}</section>',
    ],
)
def test_a_section_inside_a_hidden_element_shows_nothing(wrapper: str) -> None:
    inner = (
        '<section id="dose" class="critical"><p>Take 2 tablets. '
        '<span class="fallback">Store</span></p></section>'
    )
    text = visible_text(page(wrapper.format(inner) + '<section id="b"><p>y</p></section>'))
    assert text.sections["dose"] == ""  # its critical messages are looked for here: not found
    assert text.sections["b"] == "y"
    assert "dose" in text.critical
    assert text.fallback_in_critical == []
    assert text.page == "y"
