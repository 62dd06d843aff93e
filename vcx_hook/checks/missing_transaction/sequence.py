"""Are two writes in sequence: both can run on one path (not exclusive branches of an ``if``, a
``switch``, a ternary or a ``try``/``catch``, and the first one's block does not leave: a ``return``,
a ``throw``, or a ``continue`` to the next element)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.missing_transaction.candidates import chained_callback
from vcx_hook.checks.missing_transaction.writes import Write
from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

_LOOPS = frozenset(('for_statement', 'for_in_statement', 'while_statement', 'do_statement'))


def sequences(writes: list[Write]) -> Iterator[tuple[Write, Write]]:
    """Pairs of related writes in sequence, by the later write, then the earlier, in document order."""
    for j, later in enumerate(writes):
        for earlier in writes[:j]:
            if related(earlier, later) and in_sequence(earlier.node, later.node):
                yield earlier, later


def related(a: Write, b: Write) -> bool:
    """Whether a failure between two writes can leave a half state worth asking about: not two
    writes of one record (a status set before some work and after it: each is a state of that
    record, and no other record disagrees with it); not two helpers known to write only by their
    names (`updateDeploymentStatus()`, `deleteLoopsContact()`: they may write to another service,
    or set a status), or a DAO's known by a first word only (`addTransaction()`), unless one moves
    money or stock (`updateBalance()`, `insertLedgerEntry()`);
    not an upsert (or an insert that settles its conflict) first: a retry redoes it and goes on; not two `updateMany` sweeps of one table."""
    if (a.named_only and b.named_only or a.verb_only or b.verb_only) and not (a.moves or b.moves):
        return False  # a DAO's `createX()`/`addX()` too: over five apps' repositories, mostly one record in steps
    if a.idempotent:
        return False  # running it all again redoes the first write harmlessly, then the second
    if a.method == b.method and a.method in stores.SET_UPDATES_MANY and a.table and a.table == b.table:
        return False  # two sweeps of one table by filters: each leaves its rows in a state the code writes
    return not (a.record and a.record == b.record)


def in_sequence(a: Node, b: Node) -> bool:
    """Whether ``b`` can run after ``a`` on one path (not in exclusive branches, ``a`` not exiting)."""
    a_path = [a, *s.ancestors(a)]
    b_ids = {(n.start_byte, n.end_byte, n.type) for n in (b, *s.ancestors(b))}
    lca_at = next(i for i, n in enumerate(a_path) if (n.start_byte, n.end_byte, n.type) in b_ids)
    lca = a_path[lca_at]
    a_child = a_path[lca_at - 1] if lca_at > 0 else a
    b_child = next((n for n in (b, *s.ancestors(b)) if s.parent_of(n) is not None and _same(s.parent_of(n), lca)), b)
    if _exclusive(lca, a_child, b_child) or _exclusive_ifs(a_child, b_child, a, b):
        return False
    # A `.then` callback's `return`, from any block of it, hands its value on to the chain's next step.
    passed = max((i for i, node in enumerate(a_path[:lca_at]) if chained_callback(node)), default=-1)
    for i, node in enumerate(a_path[:lca_at]):
        if i > passed and _leaves(node, a_path[i + 1:lca_at]):
            return False  # the first write's block leaves before the second write
    return True


def _leaves(block: Node, between: list[Node]) -> bool:
    """Whether ``block`` (a block or a ``case`` holding the first write) ends by leaving: a
    ``return`` or ``throw``; a ``continue`` or ``break`` of a loop (or ``switch``) around both writes,
    not of one ``between`` it and the place both writes share (the second write comes after that one)."""
    if block.type not in ('statement_block', 'switch_case'):
        return False
    last = next((c for c in reversed(block.named_children) if c.type != 'comment'), None)
    if last is None:
        return False
    if last.type in ('return_statement', 'throw_statement'):
        return True
    targets = _LOOPS | {'switch_statement'} if last.type == 'break_statement' else _LOOPS
    return last.type in ('continue_statement', 'break_statement') and last.named_child_count == 0 and not any(
        n.type in targets for n in between)


def _same(x: Node, y: Node) -> bool:
    return (x.start_byte, x.end_byte, x.type) == (y.start_byte, y.end_byte, y.type)


def _exclusive_ifs(a_if: Node, b_if: Node, a: Node, b: Node) -> bool:
    """``if (kind === 'a') {...}`` then ``if (kind === 'b') {...}``: at most one of them runs."""
    if a_if.type != 'if_statement' or b_if.type != 'if_statement':
        return False
    for stmt, node in ((a_if, a), (b_if, b)):
        body = stmt.child_by_field_name('consequence')
        if body is None or not (body.start_byte <= node.start_byte < body.end_byte):
            return False
    a_cases = _equality_cases(a_if.child_by_field_name('condition'))
    b_cases = _equality_cases(b_if.child_by_field_name('condition'))
    return a_cases is not None and b_cases is not None and a_cases[0] == b_cases[0] and not a_cases[1] & b_cases[1]


def _equality_cases(cond: Node | None) -> tuple[str, frozenset[str]] | None:
    """``x === 'a' || x === 'b'`` -> ``('x', {'a', 'b'})``; ``None`` for any other condition."""
    if cond is None:
        return None
    cond = s.unwrap(cond)
    if cond.type != 'binary_expression':
        return None
    op = s.text(cond.child_by_field_name('operator'))
    left, right = cond.child_by_field_name('left'), cond.child_by_field_name('right')
    if op == '||':
        x, y = _equality_cases(left), _equality_cases(right)
        return (x[0], x[1] | y[1]) if x is not None and y is not None and x[0] == y[0] else None
    if op not in ('===', '=='):
        return None
    for subject, value in ((left, right), (right, left)):
        if value is not None and subject is not None and _constant(value) and not _constant(subject):
            return s.text(subject), frozenset((s.text(value),))
    return None


def _constant(node: Node) -> bool:
    return node.type in ('string', 'number', 'true', 'false', 'null') or (
        node.type == 'member_expression' and s.text(node).split('.')[0][:1].isupper()
    )


def _exclusive(lca: Node, a_child: Node, b_child: Node) -> bool:
    if lca.type in ('if_statement', 'ternary_expression'):
        cond = lca.child_by_field_name('condition')
        return not (cond is not None and (_same(cond, a_child) or _same(cond, b_child)))
    if lca.type == 'switch_body':
        return not _same(a_child, b_child)
    if lca.type == 'try_statement':
        kinds = {a_child.type, b_child.type}
        return 'catch_clause' in kinds and 'statement_block' in kinds
    return False

