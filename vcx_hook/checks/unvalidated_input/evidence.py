"""Which lines a question is about besides the sink's: where the request data it names was read
and each assignment that carried it to the sink (``const { to } = req.body;``), so a change to
any of them asks again (docs/changed.md)."""
from __future__ import annotations

from collections.abc import Callable

from vcx_hook.ecosystem import requests
from vcx_hook.lang.flow import Flow
from vcx_hook.lang.flow import Origin
from vcx_hook.lang.syntax import Node

_REFERENCES = frozenset(('identifier', 'shorthand_property_identifier'))
_MAX_STEPS = 12


def trail(fl: Flow, expr: Node, origin: Origin, through: Callable[[Node], list[Node]]) -> tuple[Node, ...]:
    """The statements between ``origin`` and ``expr``: each binding whose value carries the
    origin on, and the reads of the request itself (``req`` in ``req.body.to``, a call such as
    ``request.json()``, or the parameter when the parameter is the source, as NestJS ``@Query() q``
    is)."""
    leaf = (origin.node.start_byte, origin.node.end_byte)
    out: list[Node] = []
    if origin.binding is None:
        out.append(origin.node)
    elif not origin.binding.path and requests.nest_source(origin.binding.statement):
        out.append(origin.binding.statement)
    seen: set[tuple[int, int]] = set()
    stack = [expr]
    while stack and len(seen) < _MAX_STEPS:
        node = stack.pop()
        for ident in _references(node):
            for b in fl.bindings_of(ident):
                if b.value is None and origin.binding is not None and b.node == origin.binding.node:
                    out.append(ident)  # the request read where it is (a sink's later line)
                    continue
                span = (b.statement.start_byte, b.statement.end_byte)
                if b.value is None or span in seen:
                    continue
                seen.add(span)
                if any((o.node.start_byte, o.node.end_byte) == leaf for o in fl.origins(b.value, through)):
                    out.append(b.statement)
                    stack.append(b.value)
    return tuple(out)


def _references(node: Node) -> list[Node]:
    out = []
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type in _REFERENCES:
            out.append(n)
        stack.extend(n.named_children)
    return out
