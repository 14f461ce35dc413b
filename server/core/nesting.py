"""Flattening nested mappings (JSON records, config files) into one level of dotted or slashed names."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


def flatten(data: Mapping[str, Any], sep: str, prefix: str = "") -> dict[str, Any]:
    """`{"a": {"b": 1}}` -> `{"a<sep>b": 1}`; values that are not mappings are kept as they are.

    Walks with a stack of its own, not by recursion: however deep the nesting, no RecursionError.
    """
    flat: dict[str, Any] = {}
    stack: list[tuple[str, Iterator[tuple[str, Any]]]] = [(prefix, iter(data.items()))]
    while stack:
        outer, items = stack[-1]
        for key, value in items:
            name = f"{outer}{key}"
            if isinstance(value, Mapping):
                stack.append((f"{name}{sep}", iter(value.items())))
                break
            flat[name] = value
        else:
            stack.pop()
    return flat
