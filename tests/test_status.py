"""How one blocking reason reads on the terminal."""

from __future__ import annotations

import pytest

from leaflet_i18n.model.verdict import Reason


@pytest.mark.parametrize(
    ("section", "msgid", "expected"),
    [
        (
            "warnings",
            "Do not take more than 8 tablets.",
            "de.po:12: warnings: is fuzzy [fuzzy] — “Do not take more than 8 tablets.”",
        ),
        (None, None, "de.po:12: is fuzzy [fuzzy]"),
        (
            "warnings",
            "x" * 60,
            "de.po:12: warnings: is fuzzy [fuzzy] — “" + "x" * 48 + "…”",
        ),
    ],
)
def test_reason_text(section: str | None, msgid: str | None, expected: str) -> None:
    assert Reason("de.po", 12, section, "fuzzy", "is fuzzy", msgid).text() == expected
