"""Print-ready PDF of a leaflet page, laid out on A4 by WeasyPrint (CSS paged media).

The PDF is made from the print variant of the very page the gate let through
(:func:`~leaflet_i18n.render.html.render_leaflet` with ``for_print``: the same
text, plus the running header and the translated "page X of Y"), styled by
``leaflet.css`` and ``print.css``. Nothing is fetched while it is laid out:
the stylesheets are handed over and every URL is refused, so a PDF depends on
its page alone and the same page gives the same bytes.

WeasyPrint is an optional dependency (``pip install 'leaflet-i18n[pdf]'``; it
needs the Pango library). It is imported only when a PDF is made, so builds of
HTML alone never load it; :func:`engine_problem` says what is missing.
"""

from __future__ import annotations

import logging
from types import ModuleType
from typing import Any

from leaflet_i18n.model.diagnostics import LeafletError

INSTALL = "pip install 'leaflet-i18n[pdf]'"
PANGO = "apt-get install libpango-1.0-0 libpangoft2-1.0-0 (Debian, Ubuntu)"


def _engine() -> ModuleType:
    import weasyprint

    module: ModuleType = weasyprint
    return module


def engine_problem() -> str | None:
    """Why PDFs cannot be made here (WeasyPrint or its Pango library missing), or None."""
    try:
        _engine()
    except ImportError as exc:
        return f"WeasyPrint is not installed ({exc}); install it with {INSTALL}"
    except OSError as exc:  # WeasyPrint is there, the C libraries it loads are not
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return f"WeasyPrint cannot load the Pango library ({first}); install it with {PANGO}"
    return None


def require_engine(settings: str, line: int | None) -> None:
    """Raise a :class:`LeafletError` naming what is missing when PDFs cannot be made."""
    problem = engine_problem()
    if problem is not None:
        raise LeafletError(
            f"outputs include pdf, but {problem}", path=settings, line=line, code="build.pdf"
        )


def _refuse(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"a leaflet's PDF loads nothing from outside: {url}")


def _fetcher(weasyprint: ModuleType) -> Any:
    """A URL fetcher that refuses every URL, for old (a function) and new (a class) APIs."""
    base = getattr(weasyprint, "URLFetcher", None)
    if base is None:
        return _refuse

    class Refuse(base):  # type: ignore[misc, valid-type]
        def fetch(self, url: str, headers: Any = None) -> Any:
            return _refuse(url)

    return Refuse()


def render_pdf(html: str, stylesheets: list[bytes]) -> bytes:
    """The PDF of the print variant of a page, laid out with ``stylesheets`` (in order).

    Raises :class:`LeafletError` (``render.pdf``) when WeasyPrint cannot lay it out.
    """
    problem = engine_problem()
    if problem is not None:
        raise LeafletError(f"cannot make the PDF: {problem}", code="render.pdf")
    weasyprint = _engine()
    log = logging.getLogger("weasyprint")
    propagate, level = log.propagate, log.level
    log.propagate, log.level = False, logging.CRITICAL  # refused URLs are expected, not news
    try:
        fetcher = _fetcher(weasyprint)
        styles = [
            weasyprint.CSS(string=css.decode("utf-8"), url_fetcher=fetcher) for css in stylesheets
        ]
        document = weasyprint.HTML(string=html, url_fetcher=fetcher)
        data = document.write_pdf(stylesheets=styles)
    except (ValueError, TypeError, AttributeError, OSError) as exc:
        raise LeafletError(
            f"WeasyPrint could not lay out the PDF: {exc}", code="render.pdf"
        ) from exc
    finally:
        log.propagate, log.level = propagate, level
    if not isinstance(data, bytes):
        raise LeafletError("WeasyPrint returned no PDF", code="render.pdf")
    return data
