# SPDX-License-Identifier: MIT
"""brownie's AST reader (solcast), with the brownie adapter's `solcast_copies` patch: the
same tree as solcast's own code builds from a compiled source's AST, sharing nothing with it."""

import importlib.util
import json
from pathlib import Path

import pytest
import solcast
from solcast import nodes

BUILD = Path(__file__).resolve().parents[2] / "build" / "contracts"


def original_nodes():
    """solcast's nodes module as published, loaded afresh (unpatched)."""
    spec = importlib.util.spec_from_file_location("solcast.nodes_as_published", nodes.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def shape(value, base):
    """A node tree as plain data: node type, fields, depth, offset, children and attributes."""
    if isinstance(value, base):
        return (
            type(value).__name__,
            value.depth,
            value.offset,
            value.fields,
            len(value._children),
            {
                k: shape(v, base)
                for k, v in vars(value).items()
                if k not in ("_parent", "_children")
            },
        )
    if isinstance(value, list):
        return [shape(v, base) for v in value]
    return value


def containers(value, base, seen):
    """ids of every dict and list reachable from `value`: a node tree (through its attributes) or
    plain JSON."""
    if isinstance(value, base):
        for k, v in vars(value).items():
            if k not in ("_parent", "_children"):
                containers(v, base, seen)
    elif isinstance(value, (dict, list)):
        seen.add(id(value))
        for v in value.values() if isinstance(value, dict) else value:
            containers(v, base, seen)
    return seen


@pytest.mark.parametrize("contract", ["CobuildProject", "CobuildFactory", "Bookings"])
def test_the_tree_is_solcasts_and_shares_nothing_with_the_ast(contract):
    ast = json.loads((BUILD / f"{contract}.json").read_text())["ast"]
    before = json.dumps(ast, sort_keys=True)
    published = original_nodes()
    expected = published.node_class_factory(ast, None)
    got = solcast.from_ast(ast)
    assert getattr(nodes.node_class_factory, "_cobuild_patched", False)
    assert shape(got, nodes.NodeBase) == shape(expected, published.NodeBase)
    assert not containers(got, nodes.NodeBase, set()) & containers(ast, nodes.NodeBase, set())
    assert json.dumps(ast, sort_keys=True) == before  # the AST read is left as it was
    # the reader's searches work on the tree
    assert got.children(filters={"nodeType": "FunctionDefinition"})
