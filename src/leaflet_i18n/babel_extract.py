"""A Babel extractor for leaflet YAML, so ``pybabel extract`` reads content files directly.

``babel.cfg``::

    [leaflet_yaml: content/**.yaml]

then ``pybabel extract -F babel.cfg -o messages.pot .``. Each message comes
out with its section path as context (through Babel's ``pgettext``
keyword) and the same extracted comments ``leaflet-i18n extract`` writes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from leaflet_i18n.sources.content import load_leaflet
from leaflet_i18n.steps.extract import message_comments


def extract_leaflet(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel's extractor protocol: ``(lineno, funcname, messages, comments)``."""
    name = Path(getattr(fileobj, "name", "leaflet.yaml")).name
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / (name if name.endswith(".yaml") else "leaflet.yaml")
        path.write_bytes(fileobj.read())
        leaflet = load_leaflet(path, str(getattr(fileobj, "name", name)))
    for message in leaflet.messages():
        yield (
            message.line,
            "pgettext",
            (message.context, message.msgid),
            message_comments(message, leaflet),
        )
