"""Reading a Python literal that a script printed or dumped (`str(history.history)`), without evaluating it.

`ast.literal_eval` refuses what such dumps hold (`nan`, `inf`, numpy 2's `np.float64(0.5)`, torch's
`tensor(0.69)`), and `eval` would run whatever the file says. `read_literal` parses the text with `ast.parse`
and builds the value from the syntax tree itself: dicts, lists, tuples, sets, strings, numbers, booleans and
None as they are; the names `nan`, `inf`, `Infinity` as floats; a call of a number type or array constructor
(`np.float32(0.5)`, `float('nan')`, `array([0.1, 0.2], dtype=float32)`, `tensor(0.69)`) as its first argument
read the same way. Nothing is looked up or called: any other name, call, operator or expression is refused.
The text's size and nesting are bounded (the parser's syntax tree takes tens of times the text).
"""

from __future__ import annotations

import ast
import math
from typing import Any

MAX_LITERAL_CHARS = 1 << 20
"""Longest text parsed: `ast.parse` of a list of floats takes ~80x the text (measured here: 1 Mi characters of
`0.123456789, ` took 85 MB and 0.34 s); a Keras history of 1,000 epochs of 20 metrics printed whole is ~400 KB.
JSON, read by `json` at ~4x its size, is not bounded by this."""
MAX_LITERAL_DEPTH = 32
"""Deepest nesting read: a history is a dict of lists (2 levels); a few more for dicts of dicts of lists."""

NAMED_NUMBERS = {"nan": math.nan, "NaN": math.nan, "inf": math.inf, "Infinity": math.inf}
"""The bare names a printed float can be (`repr(float('nan'))` is `nan`; JSON-ish writers print `NaN`)."""
NUMBER_CALLS = frozenset(
    {"float", "int", "float16", "float32", "float64", "float128", "float_", "int8", "int16", "int32", "int64",
     "uint8", "bfloat16", "half", "double", "array", "asarray", "tensor", "Tensor"}
)  # fmt: skip
"""Calls whose first argument is the value (numpy scalars `np.float64(0.5)`, arrays, torch tensors): the call
is never made, its argument is read as a literal."""


def read_literal(text: str) -> Any:
    """The value of a Python literal `text` (see the module's docstring); `ValueError` saying why it is none."""
    if len(text) > MAX_LITERAL_CHARS:
        raise ValueError(f"longer than {MAX_LITERAL_CHARS >> 20} Mi characters, more than a printed literal holds")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, RecursionError, MemoryError) as exc:
        raise ValueError(f"not a Python literal ({type(exc).__name__})") from None
    return _value(tree.body, 0)


def _value(node: ast.expr, depth: int) -> Any:
    if depth > MAX_LITERAL_DEPTH:
        raise ValueError(f"nested deeper than {MAX_LITERAL_DEPTH} levels")
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Dict):
        keys = [key for key in node.keys if key is not None]
        if len(keys) != len(node.keys):  # `{**other}`
            raise ValueError("a dict unpacking `**` is no literal")
        pairs = zip(keys, node.values, strict=True)
        return {_key(_value(key, depth + 1)): _value(value, depth + 1) for key, value in pairs}
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return [_value(item, depth + 1) for item in node.elts]
    if isinstance(node, ast.Name) and node.id in NAMED_NUMBERS:
        return NAMED_NUMBERS[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        operand = _value(node.operand, depth + 1)
        if isinstance(operand, int | float) and not isinstance(operand, bool):
            return -operand if isinstance(node.op, ast.USub) else operand
        raise ValueError("a sign before something that is not a number")
    if isinstance(node, ast.Call) and _callee(node.func) in NUMBER_CALLS and node.args:
        inner = _value(node.args[0], depth + 1)
        if isinstance(inner, str):
            try:
                return float(inner)  # float('nan'), np.float32('inf')
            except ValueError:
                raise ValueError(f"{_callee(node.func)}({inner[:20]!r}) is no number") from None
        return inner
    raise ValueError(f"{type(node).__name__} at line {getattr(node, 'lineno', '?')} is not a literal")


def _callee(func: ast.expr) -> str | None:
    """The last name of a called function (`np.float64` -> float64, `torch.tensor` -> tensor)."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, int | float | bool) or key is None:
        return str(key)
    raise ValueError("a dict key that is not a string or a number")
