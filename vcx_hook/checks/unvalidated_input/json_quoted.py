"""A JSON string quoted by hand for SQL that reads JSON: a template that is only a caller's value
between double quotes (``[`"${address}"`]`` as the parameter of ``JSON_CONTAINS(col, ?)``) in a
function whose SQL compares JSON (``JSON_CONTAINS``, ``JSON_SEARCH``, ``JSON_OVERLAPS``,
``MEMBER OF``, Postgres ``@>``): a quote or a backslash in the value breaks the JSON or makes it
match something else. ``JSON.stringify(value)`` or ``JSON_QUOTE(?)`` quotes it (snapshot-hub's
roles resolver, a real bug of holdout6).

Low confidence (not listed unless ``show = "low"``): not judged on held-out code."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.unvalidated_input.hand_quoted import caller_value
from vcx_hook.checks.unvalidated_input.hand_quoted import root_of
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_OPEN = lazyre.compile(rb'`"\$\{')
_JSON_SQL = lazyre.compile(rb'(?i)\bJSON_(?:CONTAINS|SEARCH|OVERLAPS)\b|\bMEMBER\s+OF\b|@>')


def possible(scope: Scope) -> bool:
    return _OPEN.search(scope.text) is not None and _JSON_SQL.search(scope.file.source) is not None


def findings(scope: Scope, check_id: str, question: str) -> Iterator[Finding]:
    if not possible(scope):
        return
    source = scope.file.source
    seen: set[int] = set()
    for start, end in scope.ranges:
        for m in _OPEN.finditer(source, start, end):
            template = s.descendant(scope.file.tree.root, m.start(), m.start() + 1)
            while template is not None and template.type != 'template_string' and template.start_byte == m.start():
                template = s.parent_of(template)
            if template is None or template.type != 'template_string' or template.start_byte in seen:
                continue
            seen.add(template.start_byte)
            subs = [c for c in template.named_children if c.type == 'template_substitution']
            if len(subs) != 1 or s.text(template) != f'`"{s.text(subs[0])}"`' or not subs[0].named_children:
                continue
            fn = s.enclosing_function(template)
            if fn is None or _JSON_SQL.search(source, fn.start_byte, fn.end_byte) is None:
                continue
            value = subs[0].named_children[0]
            name = caller_value(value, subs[0]) or _through_locals(fn, value)
            if name is not None:
                yield scope.finding(
                    template, check_id, f'`{s.text(template)[1:-1]}` quotes `{s.normalized(value, 30)}` into JSON by hand '
                    f'for SQL that compares JSON: a quote or backslash in it breaks the JSON or changes what '
                    'matches; `JSON.stringify()` or `JSON_QUOTE(?)` quotes it', question, confidence=LOW)


def _through_locals(fn: Node, value: Node) -> str | None:
    """The parameter of ``fn`` that ``value`` is read from through locals (``const { where } = args;
    const { address } = where``), in document order."""
    root = root_of(value)
    known = {n for n in s.parameter_names(fn) if n}
    body = fn.child_by_field_name('body')
    if root is None or body is None or not known:
        return None
    stack = list(reversed(body.named_children))
    while stack:
        node = stack.pop()
        if node.type in s.FUNCTION_TYPES:
            continue
        if node.type != 'variable_declarator':
            stack.extend(reversed(node.named_children))
            continue
        target, init = node.child_by_field_name('name'), node.child_by_field_name('value')
        src = root_of(init) if init is not None else None
        if target is None or src is None or s.text(src) not in known:
            continue
        if target.type == 'identifier':
            known.add(s.text(target))
        else:
            for c in target.named_children:
                inner = c.child_by_field_name('left') if c.type == 'object_assignment_pattern' else c
                if inner is not None and inner.type in ('shorthand_property_identifier_pattern', 'identifier'):
                    known.add(s.text(inner))
    return s.text(root) if s.text(root) in known and s.text(root) not in s.parameter_names(fn) else None
