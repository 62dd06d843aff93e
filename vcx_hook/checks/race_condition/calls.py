"""Classifying race-condition's awaited store calls: which are reads, writes and creates, on
which store, what a read binds, and whether a lock or ``FOR UPDATE`` serializes them."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from vcx_hook.checks.race_condition.nodes import same
from vcx_hook.ecosystem import isolation
from vcx_hook.ecosystem import stores
from vcx_hook.lang import claims
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.flow import Binding
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

_SPECIFIC_READS = lazyre.compile(r'^find[A-Z]|^findById|^hget|^count[A-Z]|^getItem$|^readFile')
_HELPER_READ = lazyre.compile(r'^(get|find|fetch|load|read)[A-Z]')
_HELPER_WRITE = lazyre.compile(r'^(update|save|set|put|write|store|increment|decrement|insert|create|add)[A-Z]')
_UNWRAP_READ = frozenset(('JSON.parse', 'Number', 'parseInt', 'parseFloat', 'String', 'BigInt'))


# What a helper's name says it does, before the noun it does it to (`findMemberById`, `saveMember`).
_VERBS = lazyre.compile(r'^(?:get|find|fetch|load|read|update|save|set|put|write|store|increment|decrement|insert|create|add)')
# Words of a helper's name that name no record (`getProjectOrThrow`, `findAllForUser`).
_NOT_NOUNS = frozenset(('by', 'or', 'throw', 'and', 'with', 'for', 'all', 'many', 'one', 'ids', 'from', 'into', 'new'))


def helper_nouns(call: Node) -> frozenset[str]:
    """The nouns of a helper's name, singular and lower-cased: ``{'project', 'dashboard'}`` for
    ``getProjectDashboardOrThrow``; words of two letters (``Ai``, ``Id``) say too little."""
    words = re.findall(r'[A-Z][a-z0-9]*', _VERBS.sub('', s.callee_name(call)))
    return frozenset(w.lower().removesuffix('s') for w in words if len(w) > 2 and w.lower() not in _NOT_NOUNS)


class Read(NamedTuple):
    call: Node  # the awaited store call (the base of a `.lean()`/`.exec()` chain)
    store: str  # dotted receiver: `prisma.user`, `User`
    bindings: list[Binding]  # names bound from it (empty for an inline check)


def base(call: Node) -> Node:
    """``User.findById(id)`` for ``User.findById(id).populate('x').lean()``."""
    while s.callee_name(call) in stores.QUERY_CHAIN:
        recv = s.receiver(call)
        if recv is None or s.unwrap(recv).type != 'call_expression':
            break
        call = s.unwrap(recv)
    return call


def store(call: Node) -> str:
    recv = s.receiver(call)
    if recv is None:
        return ''
    recv = s.unwrap(recv)
    if recv.type == 'new_expression':
        return s.text(recv.child_by_field_name('constructor'))
    return s.dotted(recv)


def is_store(path: str, names: Mapping[str, frozenset[str]]) -> bool:
    """Whether a dotted receiver path (``prisma.user``, ``ctx.db[list]`` as ``ctx.db[]``) reaches a store."""
    parts = [p.rstrip('()[]') for p in path.split('.') if p]
    if not parts or parts[0] in stores.GLOBALS:
        return False
    return any(
        p in names['data_receivers'] or p.lower().endswith(('repository', 'repo', 'model', 'collection', 'table'))
        for p in parts
    ) or parts[-1][:1].isupper() or (len(parts) >= 2 and (parts[0] in stores.MODEL_CLIENTS or parts[0] == 'this')) \
        or (len(parts) >= 2 and parts[0][:1].isupper() and parts[1] in stores.OBJECTION_QUERIES)  # `Token.query().findById()`


def is_kind(call: Node, names: Mapping[str, frozenset[str]], kind: str) -> bool:
    """Whether ``call`` is a ``kind`` ('read', 'write' or 'create') of a store."""
    call = base(call)
    name = s.callee_name(call)
    path = store(call)
    if not path or path == 'this' and kind != 'create':
        named = bool((_HELPER_READ if kind == 'read' else _HELPER_WRITE).match(name)) and (
            kind != 'create' or name.startswith(('create', 'insert', 'add')))
        return named and (not path or _method_does(call, names, kind))
    methods = names[f'{kind}_methods']
    if name not in methods:
        return False
    if kind == 'read' and _SPECIFIC_READS.match(name):
        return True
    if kind == 'write' and name == 'save':
        return True  # `await order.save()`: a document saving itself
    recv = s.receiver(call)
    return is_store(path, names) or (recv is not None and s.unwrap(recv).type == 'new_expression')


def _method_does(call: Node, names: Mapping[str, frozenset[str]], kind: str) -> bool:
    """``this.getBalance()`` whose method in the class around the call reads a store itself
    (``return this._redis.get(key)``): one hop into the object's own data helpers."""
    method = own_method(call)
    body = s.function_body(method) if method is not None else None
    return body is not None and any(
        store(c) not in ('', 'this') and is_kind(c, names, kind) for c in _calls(body))


def helper_store(call: Node, names: Mapping[str, frozenset[str]]) -> str:
    """The store a function of the module reads when ``call`` calls it by name
    (``getActivationRequest(venueId)``, declared in the file as ``return
    prisma.deliveryActivationRequest.findFirst(...)``), when its body reads that one store and
    writes nothing: one hop into a module's own data helpers, as ``_method_does`` is into a class's."""
    fn = s.callee(call)
    helper = _module_function(fn) if fn is not None and fn.type == 'identifier' else None
    body = s.function_body(helper) if helper is not None else None
    if body is None:
        return ''
    found = {store(base(c)) for c in _calls(body) if is_kind(c, names, 'read')}
    if len(found) != 1 or any(is_kind(c, names, 'write') or is_kind(c, names, 'create') for c in _calls(body)):
        return ''
    path = found.pop()
    return path if path not in ('', 'this') and is_store(path, names) else ''


def _module_function(ident: Node) -> Node | None:
    """The function a module declares at its top level under ``ident``'s name (``function f()``,
    ``export async function f()``, ``const f = async () => ...``), unless a nearer binding shadows it."""
    if s.declaration(ident) is not None:
        value = s.initializer(ident)
        decl = s.declaration(ident)
        at_top = decl is not None and s.enclosing_function(decl) is None
        return s.unwrap(value) if at_top and value is not None and s.unwrap(value).type in s.FUNCTION_TYPES else None
    if s.enclosing_function(ident) is None:
        return None
    root = ident
    while s.parent_of(root) is not None:
        root = s.parent_of(root)
    for child in root.named_children:
        if child.type == 'export_statement':
            child = child.child_by_field_name('declaration') or child
        name = child.child_by_field_name('name') if child.type == 'function_declaration' else None
        if name is not None and name.text == ident.text:
            return child
    return None


def own_method(call: Node) -> Node | None:
    """The method ``this.name()`` calls, when the class around the call defines it."""
    fn = s.callee(call)
    prop = fn.child_by_field_name('property') if fn is not None and fn.type == 'member_expression' else None
    body = s.inside(call, ('class_body',), stop_at_function=False)
    if prop is None or body is None:
        return None
    return next((m for m in body.named_children if m.type == 'method_definition'
                 and (m.child_by_field_name('name') or m).text == prop.text), None)


def _calls(node: Node) -> list[Node]:
    found = [node] if node.type == 'call_expression' else []
    for child in node.named_children:
        if child.type not in s.FUNCTION_TYPES:
            found += _calls(child)
    return found


def read_of(scope: Scope, call: Node, names: Mapping[str, frozenset[str]]) -> Read:
    root = base(call)
    fl = flow.of(scope.file, call)
    value = s.outer_expression(call)
    parent = s.parent_of(value)
    # `Number(await redis.get(k)) || 0`, `JSON.parse(await fs.readFile(p))`
    while parent is not None and (
            (parent.type == 'arguments' and s.callee_path(s.parent_of(parent)) in _UNWRAP_READ)
            or (parent.type == 'binary_expression' and s.text(parent.child_by_field_name('operator')) in ('||', '??'))):
        value = s.outer_expression(s.parent_of(parent) if parent.type == 'arguments' else parent)
        parent = s.parent_of(value)
    bindings: list[Binding] = []
    if parent is not None and parent.type == 'variable_declarator':
        pattern = parent.child_by_field_name('name')
        for ident in _pattern_names(pattern):
            bindings += [b for b in fl.bindings_of(ident) if same(b.statement, parent)]
    return Read(root, store(root), bindings)


def _pattern_names(pattern: Node | None) -> list[Node]:
    if pattern is None:
        return []
    if pattern.type in ('identifier', 'shorthand_property_identifier_pattern'):
        return [pattern]
    out = []
    for c in pattern.named_children:
        if c.type == 'pair_pattern':
            c = c.child_by_field_name('value') or c
        elif c.type == 'object_assignment_pattern':
            c = c.child_by_field_name('left') or c
        out += _pattern_names(c)
    return out


def serialized(scope: Scope, call: Node) -> bool:
    """A lock, ``FOR UPDATE`` or serializable isolation in the function around ``call``, or a key it
    claims in a shared map before it first waits (``lang.claims``: a cooldown or an in-flight guard)."""
    root = flow.root_of(call, scope.file.tree.root)
    return scope.file.memo(f'race-serialized:{root.start_byte}:{root.end_byte}',
                           lambda _f: bool(stores.SERIALIZES.search(root.text)) or claims.claimed_before_waiting(root))


# A duplicate named as an error (`'duplicate key'`, `isDuplicateError(e)`, `includes('duplicate')`),
# not a log line's "Duplicate consent detected, returning it": that is the code's own check.
_DUPLICATE_ERROR = lazyre.compile(rb'[dD]uplicate(?=[\s_]?(?:[kK]ey|[eE]ntry|[eE]rr|[eE]xception)|[\'"`])|(?:is|on)Duplicate',
                                  needs=(b'uplicate',))


def unique_settled(text: bytes) -> bool:
    """The code settles a duplicate itself: a unique violation handled, an upsert, an insert that
    ignores its conflict, a Redis ``NX`` (``stores.UNIQUE_SETTLED``), a duplicate error."""
    return bool(stores.UNIQUE_SETTLED.search(text) or _DUPLICATE_ERROR.search(text))


def settled_in(root: Node) -> bool:
    """``unique_settled`` in the body of the function ``root`` (the program's text at the top level):
    not its own name, which says what it means to do (``async function upsertStepData()`` checks
    and inserts by hand: SparkyFitness' step sync, a real bug of holdout13)."""
    body = s.function_body(root) if root.type in s.FUNCTION_TYPES else None
    return unique_settled((body if body is not None else root).text or b'')


def in_transaction(read: Node) -> bool:
    """The read runs on a transaction object or inside a callback that opens a transaction
    (``$transaction``, ``transaction``, ``withTransaction``, ``runTransaction``...), and not on the
    client that opened it past the transaction the callback was handed (``prisma.$transaction(async
    (tx) => { await prisma.user.findFirst(...); ...; await tx.user.create(...) })``: the check reads
    outside the transaction; RecipeSage's registration, a real bug of holdout14)."""
    if s.receiver_name(read) in stores.TRANSACTION_NAMES:
        return True
    for a in s.ancestors(read):
        if a.type == 'call_expression' and s.callee_name(a) in stores.TRANSACTION_CALLS:
            return not _past_handle(read, a)
    return False


# Why a transaction around a check does not stop it, by ``unlocked_transaction``'s answer.
TRANSACTION_NOTES = {
    'sql': ' (the transaction takes no lock: under read committed both read before either writes; '
           '`FOR UPDATE` on the read, or a unique key)',
    'documents': ' (a Mongo transaction does not stop two inserts of one key; a unique index does)',
}


def unlocked_transaction(read: Node) -> str:
    """How a transaction around ``read`` still lets two requests read the same state: ``'sql'`` for
    a database transaction under its default isolation (read committed: a plain ``SELECT`` takes no
    lock, so both read before either writes), ``'documents'`` for a Mongo session's (two inserts of
    one key both commit); '' when the read is in none, or in one that locks (``FOR UPDATE``,
    ``forUpdate()``, ``lock: {...}``, ``SERIALIZABLE``, an advisory lock) or serializes its reads
    (Firestore's ``runTransaction``)."""
    opener = None
    for a in s.ancestors(read):
        if a.type == 'call_expression' and s.callee_name(a) in stores.TRANSACTION_CALLS:
            opener = a
            break
    if opener is None and s.receiver_name(read) not in stores.TRANSACTION_NAMES:
        return ''
    around = opener if opener is not None else s.enclosing_function(read)
    if around is None or isolation.LOCKED.search(around.text or b'') is not None:
        return ''
    name = s.callee_name(opener) if opener is not None else ''
    if name in isolation.SERIALIZING_TRANSACTIONS:
        return ''
    return 'documents' if name in isolation.DOCUMENT_TRANSACTIONS or s.receiver_name(read) == 'session' else 'sql'


def on_handle(checked: str, write: Node, written: str) -> bool:
    """The create goes through the transaction a callback was handed and the check through the client
    that opened it, on one model (``prisma.user.findFirst`` then ``tx.user.create`` in
    ``prisma.$transaction(async (tx) => ...)``)."""
    fn = s.enclosing_function(write)
    opener = s.calling(fn) if fn is not None else None
    if opener is not None and s.callee_name(opener) not in stores.TRANSACTION_CALLS:
        opener = None
    params = s.parameter_names(fn) if fn is not None else []
    recv = s.receiver(opener) if opener is not None else None
    if opener is None or recv is None or not params or not params[0]:
        return False
    client = s.dotted(s.unwrap(recv))
    head, _, model = written.partition('.')
    return head == params[0] and bool(model) and checked == f'{client}.{model}'


def _past_handle(read: Node, opener: Node) -> bool:
    """``read`` is in the callback ``opener`` was handed, whose first parameter is the transaction,
    and goes through ``opener``'s own client instead (``prisma.user`` under ``prisma.$transaction``)."""
    recv = s.receiver(opener)
    args = s.arguments(opener)
    callback = next((s.unwrap(a) for a in args if s.unwrap(a).type in s.FUNCTION_TYPES), None)
    if recv is None or callback is None or not (callback.start_byte <= read.start_byte < callback.end_byte):
        return False
    params = s.parameter_names(callback)
    client = s.dotted(s.unwrap(recv))
    if not params or not params[0] or client in ('', 'this') or client.split('.')[0].rstrip('()') == params[0]:
        return False
    path = s.callee_path(read)
    return path.startswith(f'{client}.') and not any(
        n.text == params[0].encode() for n in s.identifiers(read, frozenset(('identifier', 'shorthand_property_identifier'))))
