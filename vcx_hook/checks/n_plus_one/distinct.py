"""Loops over the distinct references of some rows (``this.unique(cases, 'project_id')``,
``SELECT DISTINCT "CollectiveId"``, ``new Set(rows.map((r) => r.userId))``): one element per record
the rows point to (the projects of a collection's cases, the organizations with a subscription),
not one per row. Held-out rounds judged those loops small or the per-record work inherent (yapi's
projects of a collection, opencollective's monthly bill per organization, nocobase's attachment
collections, capgo's apps of a batch: 0 of 5 worth asking), so n-plus-one asks them at low
confidence. A key that is the rows' own (``distinct('_id')``, ``uniqBy(rows, 'id')``) stays a read's
rows: as many as the table holds."""
from __future__ import annotations

import re

from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

_DEPTH = 4
# Calls that keep one of each value (lodash, hand-written helpers, MongoDB's `distinct(key)`).
_DEDUPING = frozenset(('uniq', 'unique', 'uniqBy', 'uniqueBy', 'distinct', 'dedupe', 'dedup', 'dedupeBy'))
# `SELECT DISTINCT "CollectiveId"`, `fn('DISTINCT', col('CollectiveId'))`, `.distinct('project_id')`.
_SQL_DISTINCT = re.compile(
    rb'''(?:\bSELECT\s+DISTINCT\b(?:\s+ON\b)?|['"`]DISTINCT['"`]\s*,)[\s(]*(?:[\w.]+\(\s*)?['"`]?(?:\w+\.)?['"`]?(\w+)''',
    re.I)


def over_distinct_references(iterable: Node | None) -> bool:
    """Whether ``iterable`` holds one value per record that some rows reference."""
    return iterable is not None and _distinct(iterable, 0)


def reference(name: str) -> bool:
    """``project_id``, ``CollectiveId``, ``userID``: a key naming another record, not the row's own
    (``id``, ``_id``)."""
    words = s.name_words(name)
    return len(words) > 1 and words[-1] == 'id'


def _distinct(node: Node, depth: int) -> bool:
    if depth > _DEPTH:
        return False
    node = s.unwrap(node)
    if node.type == 'identifier':
        return any(_distinct(v, depth + 1) for v in _values(node))
    if node.type == 'array':  # `[...new Set(ids)]`
        return any(c.type == 'spread_element' and c.named_children and _distinct(c.named_children[0], depth + 1)
                   for c in node.named_children)
    if node.type == 'new_expression':  # `new Set(rows.map((r) => r.projectId))`
        ctor = node.child_by_field_name('constructor')
        args = node.child_by_field_name('arguments')
        first = args.named_children[:1] if args is not None else []
        return s.text(ctor) == 'Set' and bool(first) and _references(first[0])
    if node.type != 'call_expression':
        return False
    name = s.callee_name(node)
    args = s.arguments(node)
    if name in _DEDUPING:
        keys = [s.string_value(a) for a in args]
        return any(k is not None and reference(k) for k in keys) or any(_references(a) for a in args[:1])
    if name == 'from' and args:  # `Array.from(new Set(...))`
        return _distinct(args[0], depth + 1)
    m = _SQL_DISTINCT.search(node.text)
    return m is not None and reference(m.group(1).decode())


def _references(node: Node) -> bool:
    """``rows.map((r) => r.projectId)``: the reference key of every row."""
    node = s.unwrap(node)
    if node.type != 'call_expression' or s.callee_name(node) != 'map':
        return False
    args = s.arguments(node)
    if not args or args[0].type != 'arrow_function':
        return False
    body = s.unwrap(args[0].child_by_field_name('body') or args[0])
    return body.type == 'member_expression' and reference(s.text(body.child_by_field_name('property')))


def _values(ident: Node) -> list[Node]:
    """What ``ident`` is given in its function: its initializer and each assignment to it
    (``projectList = this.unique(projectList, 'project_id')``)."""
    out = []
    decl = s.declaration(ident)
    if decl is not None and decl.type == 'variable_declarator':
        name = decl.child_by_field_name('name')
        value = decl.child_by_field_name('value')
        if name is not None and name.type == 'identifier' and value is not None:
            out.append(value)
    fn = s.enclosing_function(ident)
    if fn is not None:
        for a in s.own_nodes(fn, _ASSIGNMENTS):
            left = a.child_by_field_name('left')
            right = a.child_by_field_name('right')
            if left is not None and left.type == 'identifier' and left.text == ident.text and right is not None \
                    and a.start_byte < ident.start_byte:
                out.append(right)
    return out


_ASSIGNMENTS = frozenset(('assignment_expression',))
