"""Parse and evaluate gettext ``Plural-Forms`` headers safely (no ``eval``).

``nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);``
is parsed by a small recursive-descent parser for the C subset gettext
accepts, into a closure of ``n``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

Expr = Callable[[int], int]


class PluralError(ValueError):
    """The Plural-Forms header is malformed."""


_TOKEN = re.compile(r"\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")
_BINARY: list[tuple[str, ...]] = [
    ("||",),
    ("&&",),
    ("==", "!="),
    ("<", ">", "<=", ">="),
    ("+", "-"),
    ("*", "/", "%"),
]


def _div(a: int, b: int) -> int:
    if b == 0:
        raise ZeroDivisionError("division by zero in plural expression")
    return a // b


def _mod(a: int, b: int) -> int:
    if b == 0:
        raise ZeroDivisionError("division by zero in plural expression")
    return a % b


_OPS: dict[str, Callable[[int, int], int]] = {
    "||": lambda a, b: int(bool(a) or bool(b)),
    "&&": lambda a, b: int(bool(a) and bool(b)),
    "==": lambda a, b: int(a == b),
    "!=": lambda a, b: int(a != b),
    "<": lambda a, b: int(a < b),
    ">": lambda a, b: int(a > b),
    "<=": lambda a, b: int(a <= b),
    ">=": lambda a, b: int(a >= b),
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": _div,
    "%": _mod,
}


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = self._tokenize(text)
        self.pos = 0

    @staticmethod
    def _tokenize(text: str) -> list[str]:
        tokens, pos = [], 0
        text = text.rstrip()
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if not m or m.end() == pos:
                raise PluralError(f"invalid plural expression near {text[pos : pos + 10]!r}")
            tokens.append(m.group(1) or m.group(2) or m.group(3))
            pos = m.end()
        return tokens

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        tok = self.peek()
        if tok is None or (expected is not None and tok != expected):
            raise PluralError(f"invalid plural expression: expected {expected or 'more'}")
        self.pos += 1
        return tok

    def parse(self) -> Expr:
        expr = self.ternary()
        if self.peek() is not None:
            raise PluralError(f"invalid plural expression: unexpected {self.peek()!r}")
        return expr

    def ternary(self) -> Expr:
        cond = self.binary(0)
        if self.peek() != "?":
            return cond
        self.take("?")
        yes = self.ternary()
        self.take(":")
        no = self.ternary()
        return lambda n: yes(n) if cond(n) else no(n)

    def binary(self, level: int) -> Expr:
        if level == len(_BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _BINARY[level]:
            op = _OPS[self.take()]
            right = self.binary(level + 1)
            left = (lambda lf, rf, o: lambda n: o(lf(n), rf(n)))(left, right, op)
        return left

    def unary(self) -> Expr:
        tok = self.take()
        if tok == "!":
            inner = self.unary()
            return lambda n: int(not inner(n))
        if tok == "(":
            inner = self.ternary()
            self.take(")")
            return inner
        if tok == "n":
            return lambda n: n
        if tok.isdigit():
            value = int(tok)
            return lambda n: value
        raise PluralError(f"invalid plural expression: unexpected {tok!r}")


def parse_expression(text: str) -> Expr:
    """A function of ``n`` for a C plural expression."""
    return _Parser(text).parse()


_SPEC = re.compile(r"^\s*nplurals\s*=\s*([^;\s]*)\s*;\s*plural\s*=\s*([^;]*?)\s*;?\s*$")


@lru_cache(maxsize=256)
def parse_plural_forms(spec: str) -> tuple[int, Expr]:
    """``(nplurals, plural)`` from a Plural-Forms value; checks the values it yields."""
    m = _SPEC.match(spec)
    if not m:
        raise PluralError("invalid Plural-Forms header: expected 'nplurals=N; plural=EXPR;'")
    if not m.group(1).isdigit() or int(m.group(1)) < 1:
        raise PluralError(f"invalid nplurals value {m.group(1)!r}")
    nplurals = int(m.group(1))
    expr = parse_expression(m.group(2))
    try:
        largest = max(expr(n) for n in range(1001))
    except ZeroDivisionError as exc:
        raise PluralError(str(exc)) from exc
    if largest >= nplurals or largest < 0:
        raise PluralError(
            f"plural expression can produce values as large as {largest}, "
            f"while nplurals = {nplurals}"
        )
    return nplurals, expr


@lru_cache(maxsize=256)
def often_used_forms(nplurals: int, expr: Expr) -> list[bool]:
    """Which forms serve five or more values of n in 0..1000 (gettext's notion of 'often')."""
    counts = [0] * nplurals
    for n in range(1001):
        counts[expr(n)] += 1
    return [c >= 5 for c in counts]
