"""A cleanup returned from a Solid effect: ``createEffect(() => { window.addEventListener('storage', f);
return () => window.removeEventListener('storage', f) })``. React runs what an effect returns;
Solid does not: ``createEffect``'s callback returns the value handed to its next run, so the
function is never called and the listener stays. Solid's cleanup is ``onCleanup(...)``."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Solid's computations whose callback's result is the next run's argument, not a cleanup.
_EFFECTS = frozenset((b'createEffect', b'createRenderEffect', b'createComputed'))
_SOLID = packages.SOLID.encode()
_RETURNS = frozenset(('return_statement',))


def possible(scope: Scope) -> bool:
    return not scope.file.words.isdisjoint(_EFFECTS) and _SOLID in scope.file.source


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(returned function, message, evidence: the effect's call) for each cleanup a Solid effect returns."""
    if not possible(scope):
        return
    imported = bindings.imports(scope.file)
    for name in scope.named(_EFFECTS):
        call = s.called_by(name)
        found = imported.get(s.text(name))
        if call is None or s.callee(call) != name or found is None or found.library.split('/')[0] != packages.SOLID:
            continue
        callback = next(iter(s.arguments(call)), None)
        if callback is None or s.unwrap(callback).type not in s.FUNCTION_TYPES:
            continue
        for returned in _returned_functions(s.unwrap(callback)):
            yield returned, (f'`{s.text(name)}` does not run the function its callback returns (Solid hands it to '
                             'the next run as the previous value): this cleanup never runs; register it with '
                             '`onCleanup(...)`'), (call,)


def _returned_functions(fn: Node) -> list[Node]:
    body = fn.child_by_field_name('body')
    if body is None:
        return []
    if body.type != 'statement_block':
        values = [body]
    else:
        values = [r.named_children[0] for r in s.own_nodes(body, _RETURNS) if r.named_children]
    return [v for v in (s.unwrap(v) for v in values) if v.type in s.FUNCTION_TYPES or _local_function(v, fn)]


def _local_function(value: Node, fn: Node) -> bool:
    """``return cleanup`` where ``const cleanup = () => ...`` is declared in the callback."""
    if value.type != 'identifier':
        return False
    body = fn.child_by_field_name('body')
    if body is not None and any(stmt.type == 'function_declaration' and s.text(stmt.child_by_field_name('name')) == s.text(value)
                                for stmt in body.named_children):
        return True
    decl = s.declaration(value)
    if decl is None or not (fn.start_byte <= decl.start_byte < fn.end_byte):
        return False
    init = decl.child_by_field_name('value') if decl.type == 'variable_declarator' else None
    return init is not None and s.unwrap(init).type in s.FUNCTION_TYPES
