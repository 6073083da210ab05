"""Parse, evaluate and compare gettext ``Plural-Forms`` headers safely.

``nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);``
is parsed by a small recursive-descent parser for the C subset gettext
accepts. The parser builds a Python syntax tree out of its own nodes (only
``n``, integer literals and the operators below can appear in it) and
compiles that: a header's text is never handed to ``eval``. A compiled rule
evaluates a million values of ``n`` in well under a second, which is what
:func:`equivalent` needs.

Two rules are *equivalent* when they have the same number of forms and put
the same numbers together, whatever they call each form: that is what a
translator's catalog depends on.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from functools import lru_cache

Expr = Callable[[int], int]

# GNU evaluates plural expressions on ``unsigned long``; a subtraction wraps.
_WORD = (1 << 64) - 1
# How far msgfmt evaluates a rule to check it; how far rules are compared.
CHECK_LIMIT = 1000
COMPARE_LIMIT = 1_000_000


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
_COMPARE: dict[str, ast.cmpop] = {
    "==": ast.Eq(),
    "!=": ast.NotEq(),
    "<": ast.Lt(),
    ">": ast.Gt(),
    "<=": ast.LtE(),
    ">=": ast.GtE(),
}
_ARITHMETIC: dict[str, ast.operator] = {
    "+": ast.Add(),
    "-": ast.Sub(),
    "*": ast.Mult(),
    "/": ast.FloorDiv(),
    "%": ast.Mod(),
}


def _truth(node: ast.expr) -> ast.expr:
    """``node != 0``, unless it already is a truth value.

    Python's ``True`` and ``False`` are the integers 1 and 0, as C's truth
    values are, so comparisons need no conversion (which would cost a call
    for every n).
    """
    if isinstance(node, ast.Compare | ast.BoolOp):
        return node
    return ast.Compare(node, [ast.NotEq()], [ast.Constant(0)])


def _binary(op: str, left: ast.expr, right: ast.expr) -> ast.expr:
    if op in _COMPARE:
        return ast.Compare(left, [_COMPARE[op]], [right])
    if op in ("||", "&&"):
        joiner = ast.Or() if op == "||" else ast.And()
        return ast.BoolOp(joiner, [_truth(left), _truth(right)])
    node: ast.expr = ast.BinOp(left, _ARITHMETIC[op], right)
    if op in ("+", "-", "*"):
        node = ast.BinOp(node, ast.BitAnd(), ast.Constant(_WORD))
    return node


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

    def parse(self) -> ast.expr:
        expr = self.ternary()
        if self.peek() is not None:
            raise PluralError(f"invalid plural expression: unexpected {self.peek()!r}")
        return expr

    def ternary(self) -> ast.expr:
        cond = self.binary(0)
        if self.peek() != "?":
            return cond
        self.take("?")
        yes = self.ternary()
        self.take(":")
        no = self.ternary()
        return ast.IfExp(_truth(cond), yes, no)

    def binary(self, level: int) -> ast.expr:
        if level == len(_BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _BINARY[level]:
            op = self.take()
            left = _binary(op, left, self.binary(level + 1))
        return left

    def unary(self) -> ast.expr:
        tok = self.take()
        if tok == "!":
            return ast.Compare(self.unary(), [ast.Eq()], [ast.Constant(0)])
        if tok == "(":
            inner = self.ternary()
            self.take(")")
            return inner
        if tok == "n":
            return ast.Name("n", ast.Load())
        if tok.isdigit():
            return ast.Constant(int(tok) & _WORD)
        raise PluralError(f"invalid plural expression: unexpected {tok!r}")


def parse_expression(text: str) -> Expr:
    """A function of ``n`` for a C plural expression.

    Division or remainder by zero raises :class:`ZeroDivisionError`, as it
    would stop a C program.
    """
    body = _Parser(text).parse()
    function = ast.Lambda(
        ast.arguments(
            posonlyargs=[],
            args=[ast.arg("n")],
            kwonlyargs=[],
            kw_defaults=[],
            defaults=[],
        ),
        body,
    )
    tree = ast.fix_missing_locations(ast.Expression(function))
    # The tree names nothing but ``n``: no built-in can be reached from it.
    namespace: dict[str, object] = {"__builtins__": {}}
    compiled: Expr = eval(compile(tree, "<plural>", "eval"), namespace)  # noqa: S307
    return compiled


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
        largest = max(expr(n) for n in range(CHECK_LIMIT + 1))
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
    for n in range(CHECK_LIMIT + 1):
        counts[expr(n)] += 1
    return [c >= 5 for c in counts]


@lru_cache(maxsize=64)
def partition(spec: str, limit: int = COMPARE_LIMIT) -> tuple[int, bytes]:
    """``nplurals`` and the form of every n in 0..limit, forms renamed by first use.

    Renaming makes two rules that group numbers alike give equal bytes, even
    when one calls "few" form 1 and the other form 2.
    """
    nplurals, expr = parse_plural_forms(spec)
    try:
        forms = bytes(map(expr, range(limit + 1)))
    except (ZeroDivisionError, ValueError) as exc:
        raise PluralError(f"plural expression fails for some n up to {limit}: {exc}") from exc
    order = sorted(set(forms), key=lambda form: forms.index(form))
    table = bytearray(range(256))
    for rank, form in enumerate(order):
        table[form] = rank
    return nplurals, forms.translate(bytes(table))


def _squash(spec: str) -> str:
    return re.sub(r"[\s()]", "", spec).rstrip(";")


def equivalent(spec: str, other: str, limit: int = COMPARE_LIMIT) -> bool:
    """Whether two Plural-Forms values group every n in 0..limit alike.

    Raises :class:`PluralError` if either is malformed.
    """
    if _squash(spec) == _squash(other):
        parse_plural_forms(spec)
        return True
    return partition(spec, limit) == partition(other, limit)
