"""The rule: a helper this file defines, called once per element with the element, whose body
awaits a query keyed by what it was given, or an insert of a record made from it (``tasks.map((t) => serializeTask(t))`` where
``serializeTask`` runs ``await repo.findById(task.parentId)``; ``for (const alert of alerts)
await queue.add(() => processAlert(alert))`` where ``processAlert`` reads ``AlertHistory.find({
alert: alert.id })``): the query runs once per element, one hop down.

A query in a branch the helper takes only when another of its parameters is missing
(``moveCounts ? moveCounts[task.id] : await countMoves(task.id)``) is the fallback of a helper
that was handed the batch; it is not asked.
"""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.n_plus_one.candidates import used_calls
from vcx_hook.checks.n_plus_one.data_calls import built_query
from vcx_hook.checks.n_plus_one.data_calls import data_call
from vcx_hook.checks.n_plus_one.data_calls import elsewhere
from vcx_hook.checks.n_plus_one.external import external_work
from vcx_hook.checks.n_plus_one.elements import element_in
from vcx_hook.checks.n_plus_one.elements import ID_LIKE
from vcx_hook.checks.n_plus_one.elements import id_argument
from vcx_hook.checks.n_plus_one.elements import mentions
from vcx_hook.checks.n_plus_one.elements import tail
from vcx_hook.checks.n_plus_one.helpers import defined_here
from vcx_hook.checks.n_plus_one.iterations import Iteration
from vcx_hook.checks.n_plus_one.iterations import Names
from vcx_hook.checks.n_plus_one.iterations import bound
from vcx_hook.checks.n_plus_one.iterations import iterations_around
from vcx_hook.ecosystem import data_access
from vcx_hook.ecosystem import stores
from vcx_hook.ecosystem.search_engines import searched
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang import expressions
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not judged on held-out code: found for recall (issue 18: per-element helpers of the same file).
CONFIDENCE = LOW
_BRANCHES = frozenset(('if_statement', 'ternary_expression'))


def per_helper(scope: Scope, call: Node, names: Names) -> tuple[str, Node] | None:
    """The message and the iteration's head when ``call`` (awaited, gathered or handed to a queue
    as ``() => helper(x)``) hands the element to a helper this file defines whose body queries
    with it."""
    helper = defined_here(call)
    anchor = anchor_of(call)
    if helper is None or anchor is None:
        return None  # the function the call is in may be the helper: a recursive walk
    params = s.parameters(helper)
    args = s.arguments(call)
    if not params or not args:
        return None  # nothing handed to the helper, in whatever loop
    for it in iterations_around(anchor, names, scope.file):
        for i, arg in enumerate(args[:len(params)]):
            element = mentions(arg, it, anchor, 0)
            if element is None:
                continue
            found = _query_with(scope, helper, _given(params[i], arg, it, anchor), names)
            if found is None or external_work(it, anchor, lambda c: elsewhere(c, names, scope.file),
                                              lambda c: element_in(s.chain_calls(c), it, c) is not None):
                continue
            label, line = found
            name = s.callee_name(call)
            return (f'`{name}()` runs `{label}` (line {line}) once per {element} of {it.where} '
                    f'on line {it.node.start_point.row + 1}'), it.node
        return None
    return None


def anchor_of(call: Node) -> Node | None:
    """Where the call's promise is used in the loop: the call itself when awaited, gathered or
    returned from a callback; the call taking ``() => helper(x)`` when that is awaited (a queue's
    ``add``, a limiter)."""
    outer = s.outer_expression(call)
    parent = s.parent_of(outer)
    if parent is None:
        return None
    if s.is_awaited(call) or parent.type == 'array':
        return call
    outer = expressions.through_branches(call)  # `return ok ? helper(x) : null`: returned when taken
    parent = s.parent_of(outer)
    if parent is not None and (parent.type == 'return_statement' or (
            parent.type == 'arrow_function' and parent.child_by_field_name('body') == outer)):
        fn = s.enclosing_function(call)
        thunk = s.calling(fn) if fn is not None and not s.parameters(fn) else None
        if thunk is not None and s.is_awaited(thunk):
            return thunk
        return call
    return None


def _given(param: Node, arg: Node, it: Iteration, anchor: Node) -> frozenset[bytes]:
    """The names the helper binds to the element: the whole parameter, or, for an object handed
    to a destructuring parameter (``getKeys({ table, column: column.name })``), the keys whose
    values are the element's."""
    names = bound(param)
    pattern = param.child_by_field_name('pattern') if param.type in ('required_parameter', 'optional_parameter') else param
    if pattern is None or s.unwrap(arg).type != 'object' or pattern.type != 'object_pattern':
        return names
    keys = {k for k, v in s.object_keys(s.unwrap(arg)).items() if mentions(v, it, anchor, 0) is not None}
    return frozenset(n for n in names if n.decode('utf-8', 'replace') in keys)


def _query_with(scope: Scope, helper: Node, given: frozenset[bytes], names: Names) -> tuple[str, int] | None:
    """The label and 1-based line of the first query awaited in ``helper`` (not in a loop of its
    own, nor next to a request to another service taking the same value) with ``given`` (or a
    name computed from it), outside a fallback branch."""
    body = s.function_body(helper)
    if body is None or not given:
        return None
    others = frozenset(n for p in s.parameters(helper) for n in bound(p)) - given
    pseudo = Iteration(helper, body, given, frozenset(), '', False, scope.file)
    if external_work(pseudo, helper, lambda c: elsewhere(c, names, scope.file),
                     lambda c: element_in(s.chain_calls(c), pseudo, c) is not None):
        return None  # the helper calls another service with it: one request per element already
    for inner in _awaited(scope, body):
        built = _built_before(s.chain_calls(inner)[-1], body)  # `await qb.getMany()` runs the builder `qb` holds
        chain = s.chain_calls(inner) + built
        data = (built_query(chain[0], built, names, scope.file) if built else None) \
            or data_call(s.chain_calls(inner), names, scope.file)
        if data is None or s.inside(inner, s.LOOP_TYPES) is not None:
            continue
        if data.kind == 'create' and _inserts(data.link, pseudo, inner) and not _fallback(inner, helper, others):
            return data.label, inner.start_point.row + 1
        if data.kind not in ('read', 'helper') or _redis(data.link, names):
            continue
        if data.kind == 'helper' and not id_argument(data.link, pseudo, inner):
            continue
        if not _keyed(chain, pseudo, inner, searched(data.link, scope.file)) or _fallback(inner, helper, others):
            continue
        if s.inside(inner, ('catch_clause',)) is not None:
            continue
        return data.label, inner.start_point.row + 1
    return None


def _inserts(call: Node, given: Iteration, anchor: Node) -> bool:
    """An insert of a record made from what the helper was given (``collection.insertOne({
    ...candidate, contentHash })`` with ``candidate`` built from the entry): one insert per element,
    where one ``insertMany``/``bulkWrite`` takes them all (epr's row states, a real bug of
    holdout24)."""
    args = s.arguments(call)
    return s.callee_name(call) in data_access.INSERTS and bool(args) and s.unwrap(args[0]).type == 'object' \
        and mentions(args[0], given, anchor, 0) is not None


def _built_before(root: Node, body: Node) -> list[Node]:
    """The calls of the builder a local holds when ``root`` runs it (``const qb =
    Model.createQueryBuilder('m').where(...)`` before ``await qb.getMany()``): one query, built in
    steps."""
    receiver = s.receiver(root)
    if receiver is None or s.unwrap(receiver).type != 'identifier':
        return []
    name = s.unwrap(receiver).text
    for stmt in body.named_children:
        if stmt.type not in ('lexical_declaration', 'variable_declaration') or stmt.start_byte > root.start_byte:
            continue
        for d in stmt.named_children:
            value = d.child_by_field_name('value') if d.type == 'variable_declarator' else None
            if value is not None and (d.child_by_field_name('name') or d).text == name \
                    and s.unwrap(value).type == 'call_expression':
                return s.chain_calls(s.unwrap(value))
    return []


def _redis(call: Node, names: Names) -> bool:
    """A Redis command: one round trip of microseconds, not a query to batch."""
    words = {w for seg in s.path_segments(s.receiver(call)) for w in s.name_words(seg)}
    return s.callee_name(call) in names['redis_methods'] and bool(words & stores.REDIS_WORDS)


def _keyed(chain: list[Node], given: Iteration, call: Node, whole: bool = False) -> bool:
    """The query takes what the helper was given only through its id or key (``alert.id``,
    ``json.parentId``, ``teamId``): a lookup one ``IN (...)`` replaces, not a query built from
    the element's own filters. With ``whole``, a search engine's request, any use counts: one
    ``msearch`` sends every query (opencrvs's count per workqueue, a real bug of holdout12)."""
    keyed = False
    for link in chain:
        for arg in s.arguments(link):
            stack = [arg]
            while stack:
                n = stack.pop()
                if n.type in ('identifier', 'shorthand_property_identifier'):
                    if _constructed(n):
                        continue  # `new QueryExecutor(record.sequelize)`: what runs the query, not its filter
                    if mentions(n, given, call, 0) is not None:
                        if whole:
                            return True
                        if not ID_LIKE.search(_key_of(n)):
                            return False
                        keyed = True
                elif n.type not in ('string', 'number', 'property_identifier', 'comment'):
                    stack.extend(n.named_children)
    return keyed


def _constructed(ident: Node) -> bool:
    """A local the helper constructs (``const qx = new SequelizeQueryExecutor(record.sequelize)``)."""
    decl = s.declaration(ident) if ident.type == 'identifier' else None
    value = decl.child_by_field_name('value') if decl is not None and decl.type == 'variable_declarator' else None
    return value is not None and s.unwrap(value).type == 'new_expression'


def _key_of(ident: Node) -> str:
    """The last property read from ``ident`` (``id`` of ``alert.id``), the key it is passed under
    (``id`` of ``findOneBy({ id: src })``: sharkey's file packed per id, a real bug of holdout15),
    or its own name."""
    node = ident
    parent = s.parent_of(node)
    if parent is not None and parent.type == 'pair' and parent.child_by_field_name('value') == node:
        key = parent.child_by_field_name('key')
        if key is not None and key.type in ('property_identifier', 'string'):
            return (s.string_value(key) or '') if key.type == 'string' else s.text(key)
    while parent is not None and parent.type == 'member_expression' and parent.child_by_field_name('object') == node:
        node, parent = parent, s.parent_of(parent)
    return tail(node) if node != ident else s.text(ident)


def _awaited(scope: Scope, body: Node) -> Iterator[Node]:
    for call in used_calls(scope.file, [(body.start_byte, body.end_byte)]):
        if s.enclosing_function(call) == s.parent_of(body):
            yield call


def _fallback(call: Node, helper: Node, others: frozenset[bytes]) -> bool:
    """``call`` runs only in the branch taken when another parameter of ``helper`` is not given
    (``map ? map[id] : await load(id)``, ``if (map && id in map) ... else await load(id)``)."""
    child = call
    for node in s.ancestors(call):
        if node == helper:
            return False
        if node.type in _BRANCHES and child == node.child_by_field_name('alternative'):
            cond = node.child_by_field_name('condition')
            if cond is not None and _names_in(cond) & others:
                return True
        child = node
    return False


def _names_in(node: Node) -> set[bytes]:
    out: set[bytes] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == 'identifier':
            out.add(n.text)
        elif n.type == 'member_expression':
            obj = n.child_by_field_name('object')
            if obj is not None:
                stack.append(obj)
        else:
            stack.extend(n.named_children)
    return out
