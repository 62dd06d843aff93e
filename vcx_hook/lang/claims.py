"""A key claimed in memory before a function first waits: ``if (cooldowns.get(key)) return;
cooldowns.set(key, Date.now());`` ahead of any ``await``.  JavaScript runs a function without
interruption up to its first ``await``, so of concurrent calls for one key in a process only the
first gets past the test: they are serialized there (a cooldown, an in-flight guard), as a lock
would (race-condition's ``serialized``; round 23's openstad widget reports, counted once per widget
and domain every five minutes: judged not worth asking, ``race:serialized-by-cooldown``)."""
from __future__ import annotations

from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

# `map.get(key)`/`set.has(key)` tested, then `map.set(key, ...)`/`set.add(key)`.
_TESTS = frozenset(('get', 'has'))
_CLAIMS = frozenset(('set', 'add'))
_LEAVES = frozenset(('return_statement', 'throw_statement'))


def claimed_before_waiting(fn: Node) -> bool:
    """``fn``'s body, before its first ``await``, leaves when a shared map or set holds a key
    (``if (x.get(k) ...) return``) and then puts that key in it (``x.set(k, ...)``); the map is not
    ``fn``'s own (a module's, a class's), so every call sees it."""
    body = s.function_body(fn) if fn.type in s.FUNCTION_TYPES else None
    if body is None or body.type != 'statement_block':
        return False
    tested: set[tuple[str, str]] = set()
    held: dict[str, set[tuple[str, str]]] = {}  # `const last = x.get(k)`: what each name holds
    for stmt in body.named_children:
        if stmt.type in ('lexical_declaration', 'variable_declaration') and not _waits(stmt):
            for decl in stmt.named_children:
                name = decl.child_by_field_name('name') if decl.type == 'variable_declarator' else None
                if name is not None and name.type == 'identifier':
                    held[s.text(name)] = _uses(decl.child_by_field_name('value'), _TESTS, fn)
        elif stmt.type == 'if_statement' and not _waits(stmt.child_by_field_name('condition')) and _leaves(stmt):
            condition = stmt.child_by_field_name('condition')
            tested |= _uses(condition, _TESTS, fn)
            for ident in s.identifiers(condition):
                tested |= held.get(s.text(ident), set())
        elif stmt.type == 'expression_statement' and not _waits(stmt):
            if tested & _uses(stmt, _CLAIMS, fn):
                return True
        if _waits(stmt):
            return False
    return False


def _uses(node: Node | None, methods: frozenset[str], fn: Node) -> set[tuple[str, str]]:
    """(map, key) for each ``map.method(key ...)`` call in ``node`` on a map ``fn`` does not declare;
    a key read from a name (``const k = ...; m.get(k)``) counts by its name."""
    found = set()
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        if n.type == 'call_expression' and s.callee_name(n) in methods and s.arguments(n):
            recv = s.receiver(n)
            if recv is not None and not _own(recv, fn):
                found.add((s.text(recv), s.text(s.arguments(n)[0])))
        stack.extend(n.named_children)
    return found


def _own(recv: Node, fn: Node) -> bool:
    """``recv`` is declared inside ``fn`` (made for this call: it serializes nothing)."""
    if recv.type != 'identifier':
        return False
    decl = s.declaration(recv)
    return decl is not None and fn.start_byte <= decl.start_byte < fn.end_byte


def _leaves(stmt: Node) -> bool:
    """The ``if``'s branch returns or throws (a block ending in one, or the statement itself)."""
    branch = stmt.child_by_field_name('consequence')
    if branch is not None and branch.type == 'statement_block':
        last = branch.named_children[-1] if branch.named_children else None
        return last is not None and last.type in _LEAVES
    return branch is not None and branch.type in _LEAVES


def _waits(node: Node | None) -> bool:
    """``node`` holds an ``await`` or a ``yield`` of its own (not one of a function it declares)."""
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        if n.type in ('await_expression', 'yield_expression'):
            return True
        if n.type not in s.FUNCTION_TYPES:
            stack.extend(n.named_children)
    return False
