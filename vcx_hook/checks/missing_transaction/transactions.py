"""Is there a transaction: a call that opens one in the function or around it as a callback,
``BEGIN`` in SQL text, a transactional decorator on the method, callers that all build its class
on a transaction's client, or a function every use hands to a transaction call whose writes go
through what it is handed (``ecosystem.transaction_callers``)."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from collections.abc import Mapping

from vcx_hook.checks.missing_transaction.writes import Names
from vcx_hook.checks.missing_transaction.writes import Write
from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

_SQL_BEGIN = b'|'.join(re.escape(w).replace(r'\ ', r'\s+').encode() for w in stores.TRANSACTION_SQL)


@functools.lru_cache(maxsize=16)
def _transaction_pattern(calls: frozenset[str]) -> re.Pattern[bytes]:
    alternatives = b'|'.join(re.escape(c.encode()) for c in sorted(calls, key=len, reverse=True))
    return re.compile(
        rb'(?<![\w$])(?:' + alternatives + rb')\s*\(|[\'"`]\s*(?:' + _SQL_BEGIN + rb')\b|@Transactional\b',
        re.I,
    )


def transactional(scope: Scope, owner: Node | None, names: Names) -> bool:
    calls = names['transaction_calls']
    source = scope.file.source
    if owner is None:
        spans = scope.ranges
    else:
        spans = ((owner.start_byte, owner.end_byte),)
        if _decorated_transactional(owner):
            return True
    pattern = _transaction_pattern(calls)
    if any(not _in_comment(scope, m.start()) for start, end in spans for m in pattern.finditer(source, start, end)):
        return True
    fn = owner
    while fn is not None:
        args = s.parent_of(fn)
        if args is not None and args.type == 'arguments' and s.parent_of(args) is not None \
                and opens_around(s.parent_of(args), names):
            return True
        fn = s.enclosing_function(fn)
    return False


def opens_around(call: Node, names: Names) -> bool:
    """``call``, handed a callback, runs it in a transaction: a name of ``transaction_calls`` (the
    project's own wrappers among them, read where they are declared: ``with_wrappers``), or, where
    the project does not declare it, a name whose last word is ``transaction``
    (``withinTransaction(fn)``, ``runInDbTransaction(cb)``, a package's): such a wrapper usually keeps
    the transaction where the callback's writes find it without a handle (AsyncLocalStorage), so they
    commit together (zero-logement-vacant's controllers, round 20: four not worth asking)."""
    name = s.callee_name(call)
    return name in names['transaction_calls'] or (
        s.name_words(name or '')[-1:] == ['transaction'] and name not in names.get(_PLAIN, ()))


def with_wrappers(names: Names, wrappers: Mapping[str, bool]) -> Names:
    """``names`` knowing the project's own functions handed a callback (``Config.transaction_wrappers``,
    ``ecosystem.transaction_wrappers``): those that open a transaction around it among
    ``transaction_calls``, those that open none kept apart, whatever their names say."""
    if not wrappers:
        return names
    return {**names, 'transaction_calls': names['transaction_calls'] | frozenset(n for n, v in wrappers.items() if v),
            _PLAIN: frozenset(n for n, v in wrappers.items() if not v)}


# The project's functions handed a callback that open no transaction (``with_wrappers``).
_PLAIN = 'missing-transaction:plain-wrappers'


def _in_comment(scope: Scope, at: int) -> bool:
    """``// no transaction (the caller owns it)`` opens none."""
    node = s.descendant(scope.root, at, at + 1)
    return node is not None and node.type == 'comment'


def covered(scope: Scope, owner: Node, names: Names) -> bool:
    """Whether all of ``owner`` runs in a transaction: a transactional decorator, a callback of a
    transaction call around it, or ``BEGIN`` in its SQL."""
    if _decorated_transactional(owner):
        return True
    calls = names['transaction_calls']
    fn: Node | None = owner
    while fn is not None:
        args = s.parent_of(fn)
        if args is not None and args.type == 'arguments' and s.parent_of(args) is not None \
                and opens_around(s.parent_of(args), names):
            return True
        fn = s.enclosing_function(fn)
    return _BEGIN.search(scope.file.source, owner.start_byte, owner.end_byte) is not None


_BEGIN = lazyre.compile(rb'[\'"`]\s*(?:' + _SQL_BEGIN + rb')\b', re.I)


def _decorated_transactional(fn: Node) -> bool:
    sibling = fn.prev_named_sibling
    while sibling is not None and sibling.type in ('decorator', 'comment'):
        if b'Transaction' in sibling.text:
            return True
        sibling = sibling.prev_named_sibling
    return False



def callers_own(owner: Node | None, writes: Iterable[Write], callers: frozenset[tuple[str, str]]) -> bool:
    """``owner`` is a method of a class every caller builds on a transaction's client, and all its
    ``writes`` go through the class's fields (``this.db.insert()``, a repository built on one): they
    commit with the caller's transaction (cosmo's ``new FederatedGraphRepository(logger, tx, orgId).move()``)."""
    if owner is None or owner.type != 'method_definition' or not callers:
        return False
    name = owner.child_by_field_name('name')
    holder = next((a for a in s.ancestors(owner) if a.type in ('class_declaration', 'class')), None)
    title = holder.child_by_field_name('name') if holder is not None else None
    if name is None or title is None or (s.text(title), s.text(name)) not in callers:
        return False
    return all(_on_field(w.node) for w in writes)


def _on_field(call: Node) -> bool:
    root = s.receiver(call)
    while root is not None and s.unwrap(root).type in ('member_expression', 'call_expression'):
        inner = s.unwrap(root)
        root = inner.child_by_field_name('object') if inner.type == 'member_expression' else inner.child_by_field_name('function')
    if root is not None and root.type == 'identifier':  # `const repo = new TargetRepository(this.db, orgId)`
        value = s.initializer(root)
        value = s.unwrap(value) if value is not None else None
        return value is not None and value.type == 'new_expression' and any(_field(a) for a in s.arguments(value))
    return root is not None and root.type == 'this'


def _field(arg: Node) -> bool:
    arg = s.unwrap(arg)
    obj = arg.child_by_field_name('object') if arg.type == 'member_expression' else None
    return obj is not None and obj.type == 'this'


def handed_own(owner: Node | None, writes: Iterable[Write], handed: frozenset[str]) -> bool:
    """``owner`` is, or is nested in, a function every use of the project hands to a transaction
    call, and all its ``writes`` go through what that function is handed: trackdechets'
    ``buildCreateBsff(deps)``, named only in ``useTransaction(buildCreateBsff)``, writes on ``const {
    prisma } = deps``, the transaction's client. A write on an imported client bypasses it and is asked."""
    fn = owner
    while fn is not None and handed:
        if s.function_name(fn) in handed and fn.type != 'method_definition':
            return all(_through_parameters(w.node, fn) for w in writes)
        fn = s.enclosing_function(fn)
    return False


def _through_parameters(call: Node, fn: Node) -> bool:
    """The write's receiver (or, for a helper called bare, one of its arguments) is a parameter of
    ``fn`` or a name taken from one (``const { prisma } = deps``, ``const db = deps.prisma``)."""
    root = s.receiver(call)
    while root is not None and s.unwrap(root).type in ('member_expression', 'call_expression'):
        inner = s.unwrap(root)
        root = inner.child_by_field_name('object') if inner.type == 'member_expression' else inner.child_by_field_name('function')
    if root is not None:
        return s.unwrap(root).type == 'identifier' and from_parameter(s.unwrap(root), fn)
    args = s.arguments(call)
    helper = s.callee(call)
    made = s.initializer(helper) if helper is not None and helper.type == 'identifier' else None
    if made is not None and s.unwrap(made).type == 'call_expression':  # `const updateBsff = buildUpdateBsff(deps)`
        args = [*args, *s.arguments(s.unwrap(made))]
    return any(s.unwrap(a).type == 'identifier' and from_parameter(s.unwrap(a), fn) for a in args)


def from_parameter(ident: Node, fn: Node) -> bool:
    params = s.parameters(fn)
    for _ in range(4):  # `const { prisma } = deps`, then `const db = prisma`
        decl = s.declaration(ident)
        if decl is None:  # a destructured parameter: `function build({ prisma })`
            return any(ident.text == n.text for p in params for n in _bound(p))
        if decl.type != 'variable_declarator':
            return any(decl.id == p.id for p in params)
        value = decl.child_by_field_name('value')
        value = s.unwrap(value) if value is not None else None
        while value is not None and value.type == 'member_expression':
            value = value.child_by_field_name('object')
        if value is None or value.type != 'identifier':
            return False
        ident = value
    return False


def _bound(pattern: Node) -> Iterable[Node]:
    """The names a parameter binds (``{ prisma, user }: Deps``), its type and default aside."""
    stack = [pattern]
    while stack:
        node = stack.pop()
        if node.type in ('identifier', 'shorthand_property_identifier_pattern'):
            yield node
        elif node.type in ('pair_pattern', 'assignment_pattern'):
            inner = node.child_by_field_name('value' if node.type == 'pair_pattern' else 'left')
            stack.extend((inner,) if inner is not None else ())
        elif node.type != 'type_annotation':
            stack.extend(node.named_children)


def other_cases(scope: Scope, owner: Node | None, writes: Mapping[int, Write], names: Names) -> dict[int, Write]:
    """Of a transactional ``owner``'s writes, those in a ``case`` of a ``switch`` whose other cases
    alone open the function's transactions (a webhook dispatching on the event's type, a
    transaction in its ``customer.subscription.updated`` case): each case is its own handler, and
    a transaction in another one covers none of these writes (unkey's subscription-deleted
    webhook, a real bug of holdout2). Empty when a transaction is opened outside the switch's
    cases, around the function or by its decorator."""
    if owner is None or _decorated_transactional(owner):
        return {}
    fn = owner
    while fn is not None:
        args = s.parent_of(fn)
        if args is not None and args.type == 'arguments' and s.parent_of(args) is not None \
                and opens_around(s.parent_of(args), names):
            return {}
        fn = s.enclosing_function(fn)
    pattern = _transaction_pattern(names['transaction_calls'])
    opened = [m.start() for m in pattern.finditer(scope.file.source, owner.start_byte, owner.end_byte)
              if not _in_comment(scope, m.start())]
    cases = [_case_of(scope, at, owner) for at in opened]
    if not cases or any(c is None for c in cases):
        return {}
    with_tx = {(c.start_byte, c.end_byte) for c in cases if c is not None}
    switches = {s.parent_of(c).start_byte for c in cases if c is not None and s.parent_of(c) is not None}
    out = {}
    for key, write in writes.items():
        case = _enclosing_case(write.node, owner)
        if case is not None and (case.start_byte, case.end_byte) not in with_tx \
                and s.parent_of(case) is not None and s.parent_of(case).start_byte in switches:
            out[key] = write
    return out


def _case_of(scope: Scope, at: int, owner: Node) -> Node | None:
    node = s.descendant(scope.root, at, at + 1)
    return _enclosing_case(node, owner) if node is not None else None


def _enclosing_case(node: Node, owner: Node) -> Node | None:
    """The ``case`` of a ``switch`` of ``owner``'s own body that holds ``node`` (the outermost)."""
    found = None
    for up in s.ancestors(node):
        if up == owner:
            return found
        if up.type in ('switch_case', 'switch_default'):
            found = up
    return None
