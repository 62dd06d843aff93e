"""race-condition's limit checked on a read, then the act (low): an amount read from a store
compared with a limit in an ``if`` that returns or throws (``if (memberCount >= quota.memberLimit)
throw``, ``const full = request.fulfilledQuantity >= request.quantity; if (full) return``), then
an awaited write that uses up the limit (``grant``, ``create``, ``update``, ``increment``...). Two
requests read the same amount under the limit and both act: a workspace over its member limit, a
reservation filled twice (AFFiNE's invite and shelf.nu's model requests, real bugs of holdout10 and
holdout3). A transaction alone does not hold the row read; the check belongs in the write
(``UPDATE ... WHERE filled < quantity``, an atomic increment whose result is checked) or under a
lock. Not asked where the function takes a lock (``lock``, ``mutex``, ``runExclusive``, ``FOR
UPDATE``, serializable isolation). Low: not yet judged."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.race_condition.nodes import acts_after
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

CONFIDENCE = LOW

_LIMIT = lazyre.compile(r'(?i)limit|max|quota|capacity|quantity|allowance|seats|stock|available')
_WRITE = lazyre.compile(
    r'^(create|insert|add|grant|increment|incr|update|save|upsert|reserve|claim|invite|book|redeem|assign|'
    r'connect|attach|materiali[sz]e|fulfil)')
_LIMIT_WORDS = (b'limit', b'max', b'quota', b'capacity', b'quantity', b'allowance', b'seats', b'stock', b'available')
_SERIAL = lazyre.compile(rb'(?<![a-z])lock|Lock|[Mm]utex|runExclusive|(?i:for update)|(?i:serializ)|[Ss]emaphore')
_COMPARE = frozenset(('>=', '>', '<=', '<'))


def possible(scope: Scope) -> bool:
    return scope.holds(b'await') and any(w in scope.lower for w in _LIMIT_WORDS)


def _names_limit(text: bytes) -> bool:
    """``text`` names a limit (``_LIMIT``'s words, in any case)."""
    lower = text.lower()
    return any(w in lower for w in _LIMIT_WORDS)


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    if not possible(scope):
        return
    seen: set[int] = set()
    for stmt in _ifs(scope):
        fn = s.enclosing_function(stmt)
        if fn is None or fn.start_byte in seen:
            continue
        seen.add(fn.start_byte)
        yield from _in_function(fn)


def _ifs(scope: Scope) -> Iterator[Node]:
    for start, end in scope.ranges:
        stack = [scope.file.tree.root]
        while stack:
            node = stack.pop()
            if node.end_byte <= start or node.start_byte >= end:
                continue
            if node.type == 'if_statement' and start <= node.start_byte < end:
                yield node
            stack.extend(node.named_children)


def _in_function(fn: Node) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    if not _names_limit(fn.text) or _SERIAL.search(fn.text):
        return  # no limit word to compare (the comparison's texts are the function's), or serialised
    awaited = _awaited_names(fn)
    if not awaited:
        return
    writes = [w for w in s.own_nodes(fn, frozenset(('await_expression',)))
              if w.named_children and s.unwrap(w.named_children[0]).type == 'call_expression'
              and _WRITE.match(s.callee_name(s.unwrap(w.named_children[0])))]
    for stmt in s.own_nodes(fn, frozenset(('if_statement',))):
        compare = _comparison(fn, stmt)
        if compare is None or not _reads_limit(compare, awaited):
            continue
        for w in sorted(writes, key=lambda n: n.start_byte):
            call = s.unwrap(w.named_children[0])
            if acts_after(stmt, call):
                yield call, (
                    f'`{s.callee_name(call)}()` acts after the limit check `{s.normalized(compare, 60)}` on line '
                    f'{stmt.start_point.row + 1}, read earlier with nothing holding it: two requests both pass under '
                    'the limit and both act'), (stmt,)
                break


def _comparison(fn: Node, stmt: Node) -> Node | None:
    cond = stmt.child_by_field_name('condition')
    node = s.unwrap(cond) if cond is not None else None
    if node is not None and node.type == 'identifier':  # `const full = a >= b; if (full) return`
        name = s.text(node)
        for decl in s.own_nodes(fn, frozenset(('variable_declarator',))):
            if s.text(decl.child_by_field_name('name')) == name and decl.start_byte < stmt.start_byte:
                value = decl.child_by_field_name('value')
                node = s.unwrap(value) if value is not None else None
                break
    if node is None or node.type != 'binary_expression' or s.text(node.child_by_field_name('operator')) not in _COMPARE:
        return None
    return node


def _reads_limit(compare: Node, awaited: frozenset[str]) -> bool:
    sides = [compare.child_by_field_name('left'), compare.child_by_field_name('right')]
    texts = [s.text(x) for x in sides if x is not None]
    roots = [t.split('.', 1)[0].split('[', 1)[0].strip('() ') for t in texts]
    return any(_LIMIT.search(t) for t in texts) and any(r in awaited for r in roots)


def _awaited_names(fn: Node) -> frozenset[str]:
    """Locals declared from an awaited call (``const n = await db.x.count()``, ``const [n, quota] =
    await Promise.all([...])``, ``const { count } = await ...``)."""
    out: set[str] = set()
    for decl in s.own_nodes(fn, frozenset(('variable_declarator',))):
        value = decl.child_by_field_name('value')
        name = decl.child_by_field_name('name')
        if value is None or name is None or b'await' not in s.text(value).encode()[:12]:
            continue
        if name.type == 'identifier':
            out.add(s.text(name))
        else:
            out.update(s.text(i) for i in s.identifiers(name))
    return frozenset(out)
