"""A loader helper the file defines itself (``async function getFeatureData(slug)``, a class's
``this.getThread(id)``): not asked when its body shows it does something else, reading a file or
calling an HTTP API, and reaches no store and no helper defined elsewhere.  What a name says is
the answer where the file does not show more (bench/judged, shape:name-means-something-else).
"""
from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator

from vcx_hook.ecosystem import bindings
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

_BLOCKS = frozenset(('statement_block', 'program', 'class_body'))
# What a call in a helper's body does: reaches a store, something else (an HTTP API, the file
# system), is a helper (looked into when the file defines it), or nothing that says either way.
STORE, OTHER, HELPER = 'store', 'other', 'helper'
Does = Callable[[Node], 'str | None']
_ELSEWHERE = frozenset((bindings.HTTP, bindings.FILES))
_DEPTH = 2


def defined_here(call: Node) -> Node | None:
    """The function a helper call names when the file defines it in a block around the call:
    ``function name() {}``, ``const name = async () => ...``, or for ``this.name()`` a method of
    the enclosing class."""
    fn = s.unwrap(s.callee(call)) if s.callee(call) is not None else None
    if fn is None:
        return None
    if fn.type == 'identifier':
        name, method = fn.text, False
    elif fn.type == 'member_expression' and s.unwrap(fn.child_by_field_name('object')).type == 'this':
        name, method = (fn.child_by_field_name('property') or fn).text, True
    elif fn.type == 'member_expression' and s.unwrap(fn.child_by_field_name('object')).type == 'identifier':
        return _recursion(call, (fn.child_by_field_name('property') or fn).text)
    else:
        return None
    for block in s.ancestors(call):
        if block.type not in _BLOCKS or (block.type == 'class_body') != method:
            continue
        for child in block.named_children:
            found = _defines(child, name)
            if found is not None:
                return found
        if method:
            return None
    return None


def _recursion(call: Node, name: bytes) -> Node | None:
    """The function around ``call`` that ``Holder.name()`` calls again through the object holding it
    (``module.exports = { walk: async (doc) => { ... DocumentService.walk(child) } }``, a method of an
    object literal): a recursive walk, one call per child (grottocenter's document tree, holdout13)."""
    for fn in s.ancestors(call):
        if fn.type not in s.FUNCTION_TYPES:
            continue
        holder = s.parent_of(fn)
        key = holder.child_by_field_name('key') if holder is not None and holder.type == 'pair' else \
            fn.child_by_field_name('name') if fn.type == 'method_definition' and holder is not None and holder.type == 'object' else None
        if key is not None and key.text == name:
            return fn
    return None


def _defines(stmt: Node, name: bytes) -> Node | None:
    if stmt.type == 'export_statement':
        stmt = stmt.child_by_field_name('declaration') or stmt
    if stmt.type in ('function_declaration', 'method_definition'):
        return stmt if (stmt.child_by_field_name('name') or stmt).text == name else None
    if stmt.type in ('lexical_declaration', 'variable_declaration'):
        for d in stmt.named_children:
            value = d.child_by_field_name('value') if d.type == 'variable_declarator' else None
            if value is not None and (d.child_by_field_name('name') or d).text == name \
                    and s.unwrap(value).type in s.FUNCTION_TYPES:
                return s.unwrap(value)
    if stmt.type in ('public_field_definition', 'field_definition'):
        value = stmt.child_by_field_name('value')
        key = stmt.child_by_field_name('name') or stmt.child_by_field_name('property')
        if value is not None and key is not None and key.text == name and s.unwrap(value).type in s.FUNCTION_TYPES:
            return s.unwrap(value)
    return None


def does_something_else(helper: Node, file: File, does: Does) -> bool:
    """Whether the body of ``helper`` shows it is no query: a call in it reads a file or calls an
    HTTP API (``does(call)`` or the callee's binding says so), and none reaches a store or a helper
    this file does not define (what that does is not known here)."""
    seen = _seen(helper, file, does, 0)
    return OTHER in seen and STORE not in seen


def _seen(helper: Node, file: File, does: Does, depth: int) -> set[str]:
    seen: set[str] = set()
    for call in _calls(helper):
        what = does(call)
        if what in (HELPER, None):
            inner = defined_here(call)
            if inner is not None and inner != helper and depth < _DEPTH:
                seen |= _seen(inner, file, does, depth + 1)
            elif what == HELPER:
                seen.add(STORE)  # a helper defined elsewhere may query
            elif _bound_elsewhere(call, file):
                seen.add(OTHER)  # readFileSync from 'fs', axios
        else:
            seen.add(what)
        if STORE in seen:
            break
    return seen


def _bound_elsewhere(call: Node, file: File) -> bool:
    callee = s.callee(call)
    bound = bindings.binding(file, callee) if callee is not None else None
    return bound is not None and bound.kind in _ELSEWHERE and bound.how in (bindings.IMPORT, bindings.REQUIRE)


def _calls(fn: Node) -> Iterator[Node]:
    body = s.function_body(fn)
    stack = [body] if body is not None else []
    while stack:
        node = stack.pop()
        if node.type == 'call_expression':
            yield node
        stack.extend(reversed(node.named_children))
