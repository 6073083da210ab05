"""Look messages up through the C library's gettext, in a process of its own.

Run as ``python libc_gettext.py`` with ``LC_ALL`` and ``LANGUAGE`` set by
the caller and a JSON request on standard input::

    {"localedir": "...", "domain": "...",
     "queries": [["key"], ["singular", "plural", 3], ...]}

It prints a JSON list with one UTF-8 answer per query. A separate process
keeps ``setlocale`` and the C library's catalog cache out of the test run.
"""

from __future__ import annotations

import ctypes
import json
import sys
from typing import Any

LC_MESSAGES = 5  # glibc's value
LC_ALL = 6


def _libc() -> Any:
    libc = ctypes.CDLL(None)
    for name in ("setlocale", "bindtextdomain", "bind_textdomain_codeset"):
        getattr(libc, name).restype = ctypes.c_char_p
    libc.setlocale.argtypes = [ctypes.c_int, ctypes.c_char_p]
    libc.dcgettext.restype = ctypes.c_char_p
    libc.dcgettext.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
    libc.dcngettext.restype = ctypes.c_char_p
    libc.dcngettext.argtypes = [
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_ulong,
        ctypes.c_int,
    ]
    return libc


def lookup(request: dict[str, Any]) -> list[str]:
    """The C library's answer to each query of a request."""
    libc = _libc()
    if libc.setlocale(LC_ALL, b"") is None:
        raise SystemExit("setlocale failed: is LC_ALL a locale this system has?")
    domain = request["domain"].encode()
    libc.bindtextdomain(domain, request["localedir"].encode())
    # Ask for UTF-8 so that catalogs in legacy charsets answer comparably.
    libc.bind_textdomain_codeset(domain, b"UTF-8")
    answers = []
    for query in request["queries"]:
        if len(query) == 1:
            raw = libc.dcgettext(domain, query[0].encode(), LC_MESSAGES)
        else:
            singular, plural, n = query
            raw = libc.dcngettext(domain, singular.encode(), plural.encode(), n, LC_MESSAGES)
        answers.append(raw.decode("utf-8"))
    return answers


if __name__ == "__main__":
    json.dump(lookup(json.load(sys.stdin)), sys.stdout, ensure_ascii=False)
