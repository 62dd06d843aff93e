"""missing-transaction's transaction opened on a pool: ``BEGIN`` and ``COMMIT`` sent as queries of a
connection pool itself (``const pool = new Pool()`` of ``pg``, ``mysql.createPool()``), not of one
client checked out of it (``const client = await pool.connect()``). Each ``pool.query()`` takes
whichever connection is free, so the ``BEGIN``, the writes and the ``COMMIT`` may each run on a
different one: the writes autocommit, a ``ROLLBACK`` undoes nothing, and the ``BEGIN`` leaves a
connection idle in a transaction, back in the pool for the next caller."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.missing_transaction import unrolled
from vcx_hook.checks.missing_transaction.writes import Names
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import resources
from vcx_hook.finding import MEDIUM
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

CONFIDENCE = MEDIUM


def opened(scope: Scope, names: Names) -> Iterator[tuple[Node, str, tuple[Node, ...], str]]:
    """(begin, message, evidence, confidence): a ``BEGIN`` sent to a pool, then (``unrolled``) a
    transaction opened by hand on one connection that nothing rolls back."""
    pooled = set()
    for begin, commit in find(scope, names):
        pooled.add(begin.start_byte)
        yield begin, (f'`{s.normalized(begin, 40)}` opens a transaction on the pool, not one client: each query up '
                      f'to the commit (line {commit.start_point.row + 1}) may take another connection'), (commit,), CONFIDENCE
    for begin, commit in unrolled.find(scope, names):
        if begin.start_byte not in pooled:
            yield begin, (f'`{s.normalized(begin, 40)}` opens a transaction nothing rolls back: a throw before '
                          f'the commit (line {commit.start_point.row + 1}) leaves it open, its locks held'), (commit,), MEDIUM


def find(scope: Scope, names: Names) -> Iterator[tuple[Node, Node]]:
    """(begin, commit) for each ``BEGIN`` sent to a pool whose ``COMMIT`` goes to the same pool."""
    source = scope.file.source
    for begin in unrolled.begins(scope, names):
        owner = s.enclosing_function(begin)
        pool = s.receiver(begin)
        if owner is None or pool is None or not _pool(scope, pool):
            continue
        match = unrolled.COMMIT.search(source, begin.end_byte, owner.end_byte)
        node = s.descendant(scope.root, match.start(), match.end()) if match is not None else None
        commit = next((a for a in (node, *s.ancestors(node)) if a.type == 'call_expression'), None) if node else None
        if commit is not None and s.text(s.receiver(commit) or commit) == s.text(pool):
            yield begin, commit


def _pool(scope: Scope, receiver: Node) -> bool:
    """``receiver`` is a name declared from a pool of ``pg`` or ``mysql``: ``new Pool(config)``,
    ``new pg.Pool()``, ``mysql.createPool(config)``."""
    receiver = s.unwrap(receiver)
    if receiver.type != 'identifier':
        return False
    found = bindings.binding(scope.file, receiver)
    if found is None or found.kind != packages.STORE or found.library not in resources.POOL_LIBRARIES:
        return False
    decl = s.declaration(receiver)
    value = decl.child_by_field_name('value') if decl is not None and decl.type == 'variable_declarator' else None
    value = s.unwrap(value) if value is not None else None
    if value is not None and value.type == 'await_expression' and value.named_children:
        value = s.unwrap(value.named_children[0])
    if value is None:
        return False
    if value.type == 'new_expression':
        made = value.child_by_field_name('constructor')
        return made is not None and s.text(made).rsplit('.', 1)[-1] in resources.POOL_CLASSES
    return value.type == 'call_expression' and s.callee_name(value) in resources.POOL_MAKERS
