"""Flattening nested mappings (JSON records, config files) into one level of dotted or slashed names."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def flatten(data: Mapping[str, Any], sep: str, prefix: str = "") -> dict[str, Any]:
    """`{"a": {"b": 1}}` -> `{"a<sep>b": 1}`; values that are not mappings are kept as they are."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, sep, f"{name}{sep}"))
        else:
            flat[name] = value
    return flat
