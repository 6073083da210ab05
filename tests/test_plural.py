"""Plural-Forms: a safe evaluator, GNU's table for new catalogs, equivalence as a set partition."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural

from leaflet_i18n.checks.header import plural_forms_problems
from leaflet_i18n.checks.plural import PluralError, equivalent, parse_plural_forms, partition
from leaflet_i18n.model.locales import cldr_plural_forms, gettext_plural_table, plural_forms

GNU_POLISH = (
    "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)
ARABIC = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"


@pytest.mark.parametrize(
    ("spec", "values"),
    [
        ("nplurals=2; plural=(n != 1);", {0: 1, 1: 0, 2: 1}),
        ("nplurals=2; plural=n>1;", {0: 0, 1: 0, 2: 1}),
        (GNU_POLISH, {1: 0, 2: 1, 5: 2, 12: 2, 22: 1, 112: 2, 1022: 1}),
        (ARABIC, {0: 0, 1: 1, 2: 2, 3: 3, 11: 4, 99: 4, 100: 5, 102: 5, 103: 3}),
        ("nplurals=2; plural=!(n==1);", {1: 0, 7: 1}),
        # GNU computes on unsigned long: 0 - 1 wraps to a huge number, which is true.
        ("nplurals=2; plural=n-1 ? 1 : 0;", {0: 1, 1: 0, 2: 1}),
        ("nplurals=3; plural=n/10 % 3;", {0: 0, 15: 1, 25: 2, 35: 0}),
    ],
)
def test_evaluates_like_c(spec: str, values: dict[int, int]) -> None:
    _, rule = parse_plural_forms(spec)
    assert {n: int(rule(n)) for n in values} == values


@pytest.mark.parametrize(
    "spec",
    [
        "nplurals=2; plural=__import__('os').system('true');",
        "nplurals=2; plural=n.real;",
        "nplurals=2; plural=(n != 1",
        "nplurals=2; plural=n % 0;",
        "nplurals=2; plural=n;",  # yields 2 for n = 2: more forms than declared
        "nplurals=x; plural=0;",
        "plural=0;",
    ],
)
def test_refuses_what_is_not_a_plural_rule(spec: str) -> None:
    with pytest.raises(PluralError):
        parse_plural_forms(spec)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # written differently, grouped alike for every n: CLDR's Polish against GNU's
        (GNU_POLISH, cldr_plural_forms("pl"), True),
        ("nplurals=2; plural=(n != 1);", "nplurals=2;plural=n!=1", True),
        ("nplurals=2; plural=n > 1;", "nplurals=2; plural=(n==0 || n==1) ? 0 : 1;", True),
        # the same groups under other form numbers are the same partition
        ("nplurals=2; plural=(n != 1);", "nplurals=2; plural=(n == 1);", True),
        (
            ARABIC,
            "nplurals=6; plural=n==0?0:n==1?1:n==2?2:n%100>=3&&n%100<=10?3:n%100>=11&&n%100<=99?4:5;",
            True,
        ),
        # 11..99 counted together with 100..102: a different partition
        (
            ARABIC,
            "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : 4);",
            False,
        ),
        ("nplurals=2; plural=(n != 1);", "nplurals=2; plural=(n > 1);", False),
        ("nplurals=2; plural=(n != 1);", "nplurals=3; plural=(n != 1);", False),
        # differ only at n = 1,000,000: the comparison reaches that far
        (
            "nplurals=2; plural=(n > 1);",
            "nplurals=2; plural=(n > 1 && n != 1000000) ? 1 : 0;",
            False,
        ),
    ],
)
def test_equivalence_is_a_set_partition_over_a_million_numbers(a: str, b: str, same: bool) -> None:
    assert equivalent(a, b) is same
    assert equivalent(b, a) is same


def test_comparison_stops_at_a_million() -> None:
    late = "nplurals=2; plural=(n > 1 && n != 1000000) ? 1 : 0;"
    assert equivalent("nplurals=2; plural=(n > 1);", late, limit=999_999)
    assert not equivalent("nplurals=2; plural=(n > 1);", late)


def test_partition_names_forms_by_first_use() -> None:
    assert partition("nplurals=2; plural=(n == 1);", 3) == (2, bytes([0, 1, 0, 0]))
    assert partition("nplurals=2; plural=(n != 1);", 3) == (2, bytes([0, 1, 0, 0]))


def test_new_catalogs_take_gnus_rule_where_gnu_has_one() -> None:
    table = gettext_plural_table()
    assert plural_forms("pl").value == table["pl"] == GNU_POLISH
    assert plural_forms("pt_BR").value == table["pt_BR"]
    assert plural_forms("de_AT").value == table["de"]  # the language's rule for a region
    assert plural_forms("pl").source == "gettext"
    assert "msginit" in plural_forms("pl").comment("pl")


def test_new_catalogs_take_cldrs_rule_otherwise() -> None:
    assert "ar" not in gettext_plural_table()
    rule = get_plural("ar")  # what the installed Babel's CLDR data says
    assert plural_forms("ar").value == f"nplurals={rule.num_plurals}; plural={rule.plural_expr};"
    assert plural_forms("ar").source == "CLDR"
    assert "CLDR" in plural_forms("ar").comment("ar")


@pytest.mark.gettext
@pytest.mark.skipif(shutil.which("msginit") is None, reason="GNU msginit is not installed")
@pytest.mark.parametrize("language", sorted(gettext_plural_table()))
def test_table_is_what_msginit_writes(language: str, tmp_path: Path) -> None:
    pot = tmp_path / "x.pot"
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    result = subprocess.run(
        ["msginit", "--no-translator", "-l", language, "-i", str(pot), "-o", "-"],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "GETTEXTCLDRDIR": ""},
    )
    header = result.stdout.replace('"\n"', "")
    if "Plural-Forms: " not in header:
        pytest.skip(f"this msginit has no rule for {language!r} (older than the shipped table)")
    written = header.split("Plural-Forms: ", 1)[1].split("\\n", 1)[0]
    assert written == plural_forms(language).value


@pytest.mark.parametrize(
    ("locale", "forms", "warned"),
    [
        ("pl", GNU_POLISH, False),
        ("pl", cldr_plural_forms("pl"), False),
        ("pl", "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2);", True),  # 12 few
        ("fr", "nplurals=2; plural=(n > 1);", False),  # GNU's
        ("fr", cldr_plural_forms("fr"), False),  # CLDR's, with a form for millions
        ("fr", "nplurals=2; plural=(n != 1);", True),  # 0 is singular in French
        ("de", "nplurals=2; plural=n != 1;", False),
        ("de", None, True),
        ("ar", ARABIC, False),
    ],
)
def test_header_warns_only_for_a_rule_that_groups_numbers_differently(
    locale: str, forms: str | None, warned: bool
) -> None:
    problems = plural_forms_problems(forms, locale)
    assert bool(problems) is warned
    assert all(code == "header.plural-forms" for code, _ in problems)


def test_demo_headers_agree_with_gnu_or_cldr() -> None:
    from leaflet_i18n.checks.conformance import read_catalog

    root = Path(__file__).resolve().parent.parent / "locales"
    for path in sorted(root.glob("*/LC_MESSAGES/*.po")):
        locale = path.parent.parent.name
        forms = read_catalog(path).header_field("Plural-Forms")
        assert plural_forms_problems(forms, locale) == [], path
