"""The one YAML loader of the server: PyYAML's safe loader with a budget on what aliases expand to.

`yaml.safe_load` builds no objects from tags, but an alias bomb ("billion laughs": nine anchors, each a list of
nine aliases of the one before) is a 1 KB document that stands for 9^9 = 387 million nodes. PyYAML shares the
anchored objects, so the load itself is small; whatever walks the result (flattening a config, formatting a
run name) expands it, and the server died on a 4 GB allocation. `load_yaml` counts the nodes of the composed
document as if every alias were copied, before anything is built, and refuses the document past
`MAX_YAML_NODES`; a recursive alias (an anchor holding itself) is refused too, and so is nesting too deep
for the parser.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_YAML_NODES = 100_000
"""Nodes a YAML document may stand for with its aliases expanded. A training config or an MLflow meta.yaml
holds tens to a few thousand (a 1,000-key config is ~2,000); the 9-level alias bomb of issue 11 stands for
387 million."""


class YamlRefused(ValueError):
    """The document is refused: its aliases expand past the budget, or refer to themselves."""


class BoundedLoader(yaml.SafeLoader):
    """`yaml.SafeLoader` that refuses a document whose expanded node count passes `MAX_YAML_NODES`."""

    def compose_document(self) -> yaml.Node | None:
        node = super().compose_document()
        if node is not None:
            expanded_nodes(node, MAX_YAML_NODES)
        return node


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def expanded_nodes(root: yaml.Node, budget: int) -> int:
    """How many nodes `root` stands for with every alias copied in place; `YamlRefused` past `budget` or on a
    cycle. Each distinct node is visited once (sizes are memoised), with a stack of its own (no recursion)."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            size = 1 + sum(sizes[id(child)] for child in _children(node))
            if size > budget:
                raise YamlRefused(
                    f"its aliases expand to more than {budget:,} nodes (an alias bomb?); write the values out, "
                    "without anchors and aliases"
                )
            sizes[key] = size
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise YamlRefused("an anchor refers to itself (a recursive alias); write the values out")
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)
    return sizes[id(root)]


def load_yaml(text: str) -> Any:
    """The document `text` holds, read safely; `YamlRefused` (a ValueError) for an alias bomb, a recursive
    alias or nesting too deep to parse, `yaml.YAMLError` for bad syntax."""
    try:
        return yaml.load(text, Loader=BoundedLoader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        raise YamlRefused("it is nested too deeply to parse") from None
