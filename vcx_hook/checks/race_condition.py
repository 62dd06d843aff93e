"""race-condition: a read and a dependent write with room for another request in between.

With one user in development, every request finishes before the next starts. In production two
requests interleave at every `await`: both read `views: 10` and both write `11`, both find no user
with that email and both create one, both see the coupon unused and both redeem it, both see one
ticket left and both buy it. Nothing fails; the numbers are just wrong, and it cannot be reproduced
on a laptop.

Asked in a touched server function (UI files are left alone) for:

- read-modify-write: a record read from a database, cache or file (`findUnique`, `findById`,
  `redis.get`, `fs.readFile`, a `getX()`/`loadX()` helper) and written back computed from what was
  read — arithmetic (`post.views + 1`, `balance - amount`), an array spread or `concat`, directly, via
  a local, or by mutating the document (`product.stock -= 1`) and calling `save()`. The message names
  the write, the expression and the read's line;
- check-then-act: a single-record read or a count (`findUnique`, `findOne`, `exists`, `count`,
  `redis.get`...) tested in an `if`, then a create on the same model or store (`create`, `insert`,
  `save` of a new document, `set`) inside the `if` or after it returns/throws; and a status or flag
  checked and then set to a new value (`status: 'paid'`, `redeemed: true`) when the function then
  does something that costs to do twice (charge, send, payout, grant, create...);
- module-level mutable state (`let` at the top of the file, or a top-level object, array or map
  mutated) read before an `await` and written after it inside an async request handler — either a
  stale copy written back (`const n = counter; await x(); counter = n + 1`) or a check whose act comes
  after the await (`if (left > 0) { await charge(); left -= 1 }`).

Not asked:

- atomic updates: `{ increment: 1 }`, `$inc`, `INCR`, `SET n = n + 1`, `updateMany` with the
  condition in its `where` (`where: { id, balance: { gte: amount } }`, `where: { id, status:
  'pending' }`): no value was read first, or the write repeats the check;
- upserts, `ON CONFLICT`/`onConflict`, `skipDuplicates`, `SET NX`, `$setOnInsert`, and a handler for
  the unique violation (`P2002`, `E11000`, `23505`, `ER_DUP_ENTRY`...) in the function: the database
  decides;
- `SELECT ... FOR UPDATE`, serializable isolation, pessimistic locks, mutexes and distributed locks
  (`runExclusive`, `acquire`, `withLock`, Redlock) anywhere in the function; check-then-act inside
  `$transaction`/`transaction` callbacks or on a transaction object;
- list reads (`findMany`, `find`) tested for emptiness, ownership checks (`post.authorId !== me`)
  before an edit, a flag set twice to the same value with nothing else done, clearing a field
  (`null`), values computed from a read but only returned or logged;
- state taken before the first `await` (`left -= 1; await charge()`), compensating writes after it,
  and module-level caches (names with `cache`, `memo`, `pending`, `promise`...): a duplicate fill is
  harmless.

Bad:

```js
app.post('/posts/:id/view', async (req, res) => {
  const post = await prisma.post.findUnique({ where: { id: req.params.id } });
  await prisma.post.update({ where: { id: post.id }, data: { views: post.views + 1 } });
  res.json({ ok: true });
});
```

Good:

```js
app.post('/posts/:id/view', async (req, res) => {
  await prisma.post.update({ where: { id: req.params.id }, data: { views: { increment: 1 } } });
  res.json({ ok: true });
});
```

Answer it in code when only one request can run this at a time:

```js
// vcx-ignore race-condition -- runs from a single-instance cron with concurrency 1
await prisma.stats.update({ where: { id }, data: { total: stats.total + batch.length } });
```

Names the configuration can extend (`[checks.race-condition]`):

- `data_receivers`: words in a receiver path that mark a store (`prisma`, `db`, `redis`, `fs`...);
- `read_methods`, `single_reads`: reads, and the single-record reads whose absence or count is checked;
- `write_methods`, `create_methods`: writes, and the ones that create a record;
- `cache_names`: module-level names that are caches, never asked about.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Mapping
from typing import NamedTuple

from vcx_hook.config import Config
from vcx_hook.ecosystem import stores
from vcx_hook.finding import Finding
from vcx_hook.finding import MEDIUM
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.flow import Binding
from vcx_hook.lang.flow import Flow
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

ID = 'race-condition'
QUESTION = 'What happens when two requests run this at the same time?'
# Held-out precision 24% (19 judged findings, bench/judged): its questions are listed, not blocking,
# until a shape is shown to be worth asking 80% of the time (docs/confidence.md).
CONFIDENCE = MEDIUM
SUMMARY = 'read-modify-write, check-then-act or shared state with an await in between'
# Candidates are found from the `await` keywords (`_awaits`), not by a query walk of every tree.
QUERY = ''
NAMES = {
    'data_receivers': stores.SHARED_STATE_RECEIVERS,
    # Reads whose result can go stale (generic names such as `get` need a data receiver).
    'read_methods': stores.STALE_READS,
    'write_methods': stores.STATE_WRITES,
    # Single-record reads whose absence (or a count) is checked before creating.
    'single_reads': stores.SINGLE_READS,
    # Writes that create a record (the "act" after an existence or count check).
    'create_methods': stores.CREATE_METHODS,
    # Module-level names that are caches: a duplicate fill is harmless.
    'cache_names': frozenset(('cache', 'cached', 'memo', 'pending', 'inflight', 'promise', 'client', 'instance')),
}

_SPECIFIC_READS = re.compile(r'^find[A-Z]|^findById|^hget|^count[A-Z]|^getItem$|^readFile')
_HELPER_READ = re.compile(r'^(get|find|fetch|load|read)[A-Z]')
_HELPER_WRITE = re.compile(r'^(update|save|set|put|write|store|increment|decrement|insert|create|add)[A-Z]')
_CHAIN = frozenset(('exec', 'lean', 'populate', 'select', 'sort', 'limit', 'skip', 'where', 'orFail'))
_NOT_MODELS = frozenset(('Promise', 'Object', 'JSON', 'Math', 'Array', 'Date', 'Number', 'String',
                         'Reflect', 'Intl', 'Buffer', 'URL', 'Response', 'NextResponse'))
_UNWRAP_READ = frozenset(('JSON.parse', 'Number', 'parseInt', 'parseFloat', 'String', 'BigInt'))
_VERSION_KEYS = frozenset(('version', '__v', 'updatedAt', 'updated_at', 'rev', 'revision', 'etag', 'lockVersion'))
_ENCODE = frozenset(('JSON.stringify', 'String', 'Number', 'Buffer.from'))
_ARITHMETIC = frozenset(('+', '-', '*', '/', '%', '**'))
_COERCE = frozenset(('Number', 'parseInt', 'parseFloat', 'BigInt', 'Math.max', 'Math.min', 'Math.round'))
# Locks, FOR UPDATE and serializable isolation make the read and the write one step.
_SERIALIZED = re.compile(
    rb'FOR\s+UPDATE|forUpdate\(|[Ss]erializable|SERIALIZABLE|pessimistic_write|LOCK\.UPDATE|lock:\s*true'
    rb'|runExclusive|\.acquire\(|[lL]ock\(|withLock|redlock|[mM]utex|advisory_x?lock',
)
# A handler for the unique violation is the engineer's answer to check-then-create.
_UNIQUE_HANDLED = re.compile(
    rb'P2002|E?11000|23505|ER_DUP_ENTRY|UniqueConstraint|[dD]uplicate|onConflict|ON CONFLICT|skipDuplicates'
    rb'|ignoreDuplicates|upsert|\$setOnInsert|NX\b|nx:\s*true|attribute_not_exists',
)
_TX_NAMES = frozenset(('tx', 'trx', 'transaction', 'session', 't'))
_SIDE_EFFECT = re.compile(
    r'(?i)(send|charge|transfer|payout|refund|credit|debit|grant|award|queue|publish|mint|fulfil|ship|redeem'
    r'|commission|^create|^insert)')
_EXITS = re.compile(r'\b(return|throw)\b')
_HTTP_NAMES = frozenset(('GET', 'POST', 'PUT', 'PATCH', 'DELETE'))
_REQUEST_PARAMS = frozenset(('req', 'request', 'ctx', 'context'))


class _Read(NamedTuple):
    call: Node  # the awaited store call (the base of a `.lean()`/`.exec()` chain)
    store: str  # dotted receiver: `prisma.user`, `User`
    bindings: list[Binding]  # names bound from it (empty for an inline check)


def relevant(scope: Scope, config: Config) -> bool:
    """Every finding needs an ``await`` in the scope: the awaited store read of a read-modify-write
    or check-then-act (``_store_calls`` are awaited), or the
    await between a read and a write of module state (``_shared_state`` returns without one)."""
    return b'await' in scope.text and not s.is_ui_file(scope.file)


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    if s.is_ui_file(scope.file):
        return
    names = config.names[ID]
    calls = _store_calls(scope)
    writes = [c for c in calls if _kind(c, names, 'write') or _kind(c, names, 'create')]
    reported: set[int] = set()
    for call in calls:
        if not _kind(call, names, 'read') or _serialized(scope, call):
            continue
        read = _read_of(scope, call, names)
        for finding_node, message in (*_read_modify_write(scope, read, names), *_check_then_act(scope, read, writes, names)):
            if finding_node.start_byte not in reported:
                reported.add(finding_node.start_byte)
                yield scope.finding(finding_node, ID, message, QUESTION, evidence=(read.call,))
    yield from _shared_state(scope, names)


# --- candidates, found from the `await` keywords ----------------------------------------------

_AWAIT = frozenset((b'await',))
_AWAIT_TYPES = frozenset(('await',))
# The callee names of awaited store calls (tests/race_condition_test.py holds them to the query they replaced).
_STORE_CALL = re.compile(
    r'^(find\w*|get\w*|fetch[A-Z]\w*|load[A-Z]\w*|read\w*|count\w*|exists|select|first|one|oneOrNone|query'
    r'|execute|exec|lean|hget|hgetall|mget|aggregate|scan|create\w*|update\w*|upsert|save\w*|insert\w*|put\w*'
    r'|set\w*|hset|delete\w*|remove|destroy|bulkCreate|add|write\w*|increment|decrement|incr|decr)$')
# Writes of state (`x = `, `x += `, `x++`, `obj.k = `), looked for only in the functions that await.
WRITES_QUERY = '''
(assignment_expression left: [(identifier) (member_expression) (subscript_expression)]) @write
(augmented_assignment_expression left: [(identifier) (member_expression) (subscript_expression)]) @write
(update_expression argument: [(identifier) (member_expression) (subscript_expression)]) @write
'''


def _awaits(scope: Scope) -> list[Node]:
    """The ``await`` expressions that start in the scope, in document order (from the keyword)."""
    return scope.file.memo(f'{ID}:awaits:{scope.ranges}', lambda f: [
        s.parent_of(k) for k in f.named(_AWAIT, scope.ranges, _AWAIT_TYPES)
        if s.parent_of(k) is not None and s.parent_of(k).type == 'await_expression'
    ])


def _store_calls(scope: Scope) -> list[Node]:
    """Awaited calls named like a store read or write: ``await prisma.user.findUnique()``."""
    out = []
    for a in _awaits(scope):
        call = next((c for c in a.named_children if c.type == 'call_expression'), None)
        fn = call.child_by_field_name('function') if call is not None else None
        if fn is not None and fn.type == 'member_expression':
            fn = fn.child_by_field_name('property')
            fn = fn if fn is not None and fn.type == 'property_identifier' else None
        elif fn is not None and fn.type != 'identifier':
            fn = None
        if fn is not None and _STORE_CALL.match(s.text(fn)):
            out.append(call)
    return out


def _writes(scope: Scope, awaits: list[Node]) -> list[Node]:
    """The writes in the functions holding ``awaits`` (only there can an await come between a
    read and a write of the same state), in the scope, in document order."""
    spans: list[tuple[int, int]] = []
    for fn in sorted({(f.start_byte, f.end_byte) for a in awaits if (f := s.enclosing_function(a)) is not None}):
        if spans and fn[0] < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], fn[1]))
        else:
            spans.append(fn)
    found = scope.file.captures(WRITES_QUERY, spans).get('write', [])
    return [w for w in found if scope.contains(w)]


# --- classifying store calls -------------------------------------------------------------------

def _base(call: Node) -> Node:
    """``User.findById(id)`` for ``User.findById(id).populate('x').lean()``."""
    while s.callee_name(call) in _CHAIN:
        recv = s.receiver(call)
        if recv is None or s.unwrap(recv).type != 'call_expression':
            break
        call = s.unwrap(recv)
    return call


def _store(call: Node) -> str:
    recv = s.receiver(call)
    if recv is None:
        return ''
    recv = s.unwrap(recv)
    if recv.type == 'new_expression':
        return s.text(recv.child_by_field_name('constructor'))
    return s.dotted(recv)


def _is_store(path: str, names: Mapping[str, frozenset[str]]) -> bool:
    parts = [p.rstrip('()') for p in path.split('.') if p]
    if not parts or parts[0] in _NOT_MODELS:
        return False
    return any(
        p in names['data_receivers'] or p.lower().endswith(('repository', 'repo', 'model', 'collection', 'table'))
        for p in parts
    ) or parts[-1][:1].isupper() or (len(parts) >= 2 and parts[0] in ('prisma', 'db', 'this'))


def _kind(call: Node, names: Mapping[str, frozenset[str]], kind: str) -> bool:
    call = _base(call)
    name = s.callee_name(call)
    store = _store(call)
    if not store:
        return bool((_HELPER_READ if kind == 'read' else _HELPER_WRITE).match(name)) and (
            kind != 'create' or name.startswith(('create', 'insert', 'add')))
    methods = names[f'{kind}_methods']
    if name not in methods:
        return False
    if kind == 'read' and _SPECIFIC_READS.match(name):
        return True
    if kind == 'write' and name == 'save':
        return True  # `await order.save()`: a document saving itself
    recv = s.receiver(call)
    return _is_store(store, names) or (recv is not None and s.unwrap(recv).type == 'new_expression')


def _read_of(scope: Scope, call: Node, names: Mapping[str, frozenset[str]]) -> _Read:
    base = _base(call)
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
            bindings += [b for b in fl.bindings_of(ident) if _same(b.statement, parent)]
    return _Read(base, _store(base), bindings)


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


def _serialized(scope: Scope, call: Node) -> bool:
    root = flow.root_of(call, scope.file.tree.root)
    return scope.file.memo(f'race-serialized:{root.start_byte}:{root.end_byte}',
                           lambda _f: bool(_SERIALIZED.search(root.text)))


# --- read-modify-write ---------------------------------------------------------------------------

def _read_modify_write(scope: Scope, read: _Read, names: Mapping[str, frozenset[str]]) -> Iterator[tuple[Node, str]]:
    fl = flow.of(scope.file, read.call)
    line = read.call.start_point.row + 1
    for b in read.bindings:
        for ref in fl.references(b):
            computed = _computed(ref)
            if computed is None:
                continue
            for write in _writes_receiving(fl, ref, b, names, depth=0):
                if write.start_byte > read.call.end_byte and not _optimistic(write):
                    yield write, (
                        f'`{_short(s.callee_path(write))}()` writes `{_head(s.normalized(computed, 80))}`, computed from the '
                        f'`{s.callee_name(read.call)}()` on line {line}; a concurrent update is lost (atomic update?)'
                    )


def _optimistic(write: Node) -> bool:
    """``update({ where: { id, version } })``: the write fails when someone else wrote first."""
    for arg in s.arguments(write)[:2]:
        if arg.type != 'object':
            continue
        keys = s.object_keys(arg)
        where = keys.get('where')
        if _VERSION_KEYS & (s.object_keys(where) if where is not None else keys).keys():
            return True
    return False


def _computed(ref: Node) -> Node | None:
    """The arithmetic, array spread or ``concat`` that ``ref`` takes part in, if any."""
    node = ref
    found = None
    while s.parent_of(node) is not None:
        parent = s.parent_of(node)
        t = parent.type
        if t == 'member_expression' and _same(parent.child_by_field_name('object'), node):
            call = s.parent_of(parent)
            if call is not None and call.type == 'call_expression' and s.callee_name(call) == 'concat':
                found = call
                node = call
                continue
        elif t == 'binary_expression' and s.text(parent.child_by_field_name('operator')) in _ARITHMETIC:
            found = parent
        elif t in ('augmented_assignment_expression', 'update_expression'):
            return parent if found is None and _is_left(parent, node) else found
        elif t == 'spread_element' and s.parent_of(parent) is not None and s.parent_of(parent).type == 'array':
            found = s.parent_of(parent)
            node = s.parent_of(parent)
            continue
        elif t == 'arguments' and s.callee_path(s.parent_of(parent)) in _COERCE:
            node = s.parent_of(parent)
            continue
        elif t not in ('subscript_expression', 'parenthesized_expression', 'unary_expression', 'member_expression'):
            return found
        node = parent
    return found


def _is_left(mutation: Node, node: Node) -> bool:
    left = mutation.child_by_field_name('left') or mutation.child_by_field_name('argument')
    return left is not None and _same(left, node)


def _writes_receiving(fl: Flow, ref: Node, b: Binding, names: Mapping[str, frozenset[str]],
                      depth: int) -> list[Node]:
    """Awaited writes that store a value computed from ``ref`` (directly, via a local, or by
    mutating the record and saving it)."""
    mutation = _mutation_of(ref)
    if mutation is not None:
        return [u.target for u in fl.uses(b) if u.role == 'receiver' and u.target.start_byte > mutation.end_byte
                and s.callee_name(u.target) in ('save', 'update', 'put', 'set')][:1]
    use = flow.use_of(ref)
    while use is not None and use.role == 'argument' and s.callee_path(use.target) in _ENCODE:
        use = flow.use_of(use.target)  # `JSON.stringify([...rows, row])` still carries the rows
    if use is None:
        return []
    if use.role == 'argument' and use.target.type == 'call_expression':
        return [use.target] if _kind(use.target, names, 'write') else []
    if use.role == 'declared' and depth == 0:
        local = use.target.child_by_field_name('name')
        if local is None or local.type != 'identifier':
            return []
        out = []
        for lb in fl.bindings_of(local):
            for r in fl.references(lb):
                out += _writes_receiving(fl, r, lb, names, depth + 1)
        return out
    if use.role == 'assigned':
        left = use.target.child_by_field_name('left')
        root = _root_identifier(left)
        if root is not None and s.text(root) == b.name:
            return [u.target for u in fl.uses(b) if u.role == 'receiver' and u.target.start_byte > use.target.end_byte
                    and s.callee_name(u.target) == 'save'][:1]
    return []


def _mutation_of(ref: Node) -> Node | None:
    """``post.views += 1`` / ``post.views++`` / ``post.tags.push(x)``: the mutation of ``ref``'s record."""
    node = ref
    while s.parent_of(node) is not None and s.parent_of(node).type in ('member_expression', 'subscript_expression') \
            and _same(s.parent_of(node).child_by_field_name('object'), node):
        node = s.parent_of(node)
    parent = s.parent_of(node)
    if node is ref or parent is None:
        return None
    if parent.type in ('augmented_assignment_expression', 'update_expression') and _is_left(parent, node):
        return parent
    return None


def _root_identifier(node: Node | None) -> Node | None:
    while node is not None and node.type in ('member_expression', 'subscript_expression'):
        node = node.child_by_field_name('object')
    return node if node is not None and node.type == 'identifier' else None


# --- check-then-act ------------------------------------------------------------------------------

def _check_then_act(scope: Scope, read: _Read, writes: list[Node], names: Mapping[str, frozenset[str]]) -> Iterator[tuple[Node, str]]:
    fl = flow.of(scope.file, read.call)
    checks: list[tuple[Node, str]] = []  # (if statement, checked property or '')
    for b in read.bindings:
        for ref in fl.references(b):
            stmt = _if_testing(ref)
            if stmt is not None:
                checks.append((stmt, _property_read(ref)))
    inline = _if_testing(read.call)
    if inline is not None:
        checks.append((inline, ''))
    if not checks:
        return
    if _in_transaction(read.call):
        return
    unique_handled = bool(_UNIQUE_HANDLED.search(flow.root_of(read.call, scope.file.tree.root).text))
    fn = s.enclosing_function(read.call)
    line = read.call.start_point.row + 1
    for stmt, prop in checks:
        if not prop and not _single_read(read.call, names):
            continue  # `if (rows.length === 0) return` on a list is no uniqueness check
        for write in writes:
            if not _acts_after(stmt, write) or not _same(s.enclosing_function(write), fn):
                continue
            if not _acts_on(fl, write, read, prop, names, unique_handled):
                continue
            if prop and not _side_effect_after(scope, write, fn):
                continue  # setting a flag twice to the same value is harmless on its own
            what = f'`{prop}`' if prop else _what(read.call)
            yield write, (
                f'`{_short(s.callee_path(read.call))}()` on line {line} checks {what}, then '
                f'`{_short(s.callee_path(write))}()` acts; two requests can both pass the check'
            )
            break


def _single_read(read: Node, names: Mapping[str, frozenset[str]]) -> bool:
    name = s.callee_name(read)
    if name in names['single_reads']:
        return True
    noun = re.sub(r'^(get|find|fetch|load|read)', '', name).split('By')[0]
    return not read.child_by_field_name('function').type == 'member_expression' and bool(noun) \
        and not noun.endswith('s') and not re.search(r'All|Many|List', noun)


def _in_transaction(read: Node) -> bool:
    if s.receiver_name(read) in _TX_NAMES:
        return True
    return any(a.type == 'call_expression' and s.callee_name(a) in ('$transaction', 'transaction')
               for a in s.ancestors(read))


def _side_effect_after(scope: Scope, write: Node, fn: Node | None) -> bool:
    """A payment, message, grant or record created after the write: doing it twice costs something."""
    for a in _awaits(scope):
        if a.start_byte <= write.end_byte or not _same(s.enclosing_function(a), fn):
            continue
        call = s.unwrap(a.named_children[0]) if a.named_children else None
        if call is not None and call.type == 'call_expression' and _SIDE_EFFECT.search(s.callee_name(call)):
            return True
    return False


def _what(read: Node) -> str:
    name = s.callee_name(read)
    if name.startswith('count') or name == 'aggregate':
        return 'the count'
    return 'whether it exists'


def _if_testing(node: Node) -> Node | None:
    """The ``if`` whose condition reads ``node``."""
    child = node
    for parent in s.ancestors(node):
        if parent.type == 'if_statement':
            return parent if _same(parent.child_by_field_name('condition'), child) else None
        if parent.type in s.FUNCTION_TYPES or parent.type.endswith(('statement', 'declaration', 'declarator')):
            return None
        child = parent
    return None


def _property_read(ref: Node) -> str:
    parent = s.parent_of(ref)
    if parent is not None and parent.type == 'member_expression' and _same(parent.child_by_field_name('object'), ref):
        prop = s.text(parent.child_by_field_name('property'))
        return '' if prop == 'length' else f'{s.text(ref)}.{prop}'
    return ''


def _acts_after(stmt: Node, write: Node) -> bool:
    cond = stmt.child_by_field_name('condition')
    if cond is None or write.start_byte < cond.end_byte:
        return False
    if write.start_byte < stmt.end_byte:
        return True
    consequence = stmt.child_by_field_name('consequence')
    return consequence is not None and bool(_EXITS.search(s.text(consequence)[:400]))


def _acts_on(fl: Flow, write: Node, read: _Read, prop: str, names: Mapping[str, frozenset[str]], unique_handled: bool) -> bool:
    store = _store(_base(write))
    own_record = any(s.receiver_name(write) == b.name for b in read.bindings)
    same_store = bool(store) and store == read.store
    if prop:  # a field was checked: a write that changes that field without repeating the check
        field = prop.split('.')[1]
        if not (own_record or same_store) or not _kind(write, names, 'write'):
            return False
        return _sets_field(fl, write, field, read) and not _filter_repeats(write, field)
    if unique_handled or not _kind(write, names, 'create'):
        return False
    return same_store or (not store and not read.store and _helper_pair(read.call, write))


def _sets_field(fl: Flow, write: Node, field: str, read: _Read) -> bool:
    """Whether the write moves ``field`` to a new state (``status: 'paid'``, ``redeemedAt: new Date()``).
    An ownership check before an edit is no race, and clearing a field (``null``) is no claim."""
    if s.callee_name(write) == 'save':  # `order.status = 'paid'; await order.save()`
        record = s.receiver_name(write)
        return any(
            _claims(value) for b in read.bindings if b.name == record for ref in fl.references(b)
            if ref.start_byte < write.start_byte for value in [_assigned_value(ref, field)] if value is not None
        )
    for arg in s.arguments(write)[:2]:
        if arg.type != 'object':
            continue
        keys = s.object_keys(arg)
        for container in ('data', '$set', 'set'):
            inner = keys.get(container)
            value = s.object_keys(inner).get(field) if inner is not None else None
            if value is not None:
                return _claims(value)
        if field in keys and 'where' not in keys:
            return _claims(keys[field])
    return False


def _claims(value: Node) -> bool:
    return s.text(value) not in ('null', 'undefined', 'false', '0', "''", '""')


def _assigned_value(ref: Node, field: str) -> Node | None:
    """The value of ``ref.field = <value>`` (the whole expression for ``+=``/``++``)."""
    member = s.parent_of(ref)
    if member is None or member.type != 'member_expression' or not _same(member.child_by_field_name('object'), ref):
        return None
    parent = s.parent_of(member)
    if s.text(member.child_by_field_name('property')) != field or parent is None:
        return None
    if parent.type == 'assignment_expression' and _is_left(parent, member):
        return parent.child_by_field_name('right')
    if parent.type in ('augmented_assignment_expression', 'update_expression') and _is_left(parent, member):
        return parent
    return None


def _filter_repeats(write: Node, field: str) -> bool:
    """``update({ where: { id, status: 'pending' } })``: the write re-checks the field itself."""
    args = s.arguments(write)
    if not args or args[0].type != 'object':
        return False
    keys = s.object_keys(args[0])
    where = keys.get('where') or keys.get('filter')
    return field in (s.object_keys(where) if where is not None else keys)


def _helper_pair(read: Node, write: Node) -> bool:
    """``findUserByEmail`` / ``createUser``: helpers about the same noun."""
    noun = re.sub(r'^(get|find|fetch|load|read)', '', s.callee_name(read)).split('By')[0]
    return bool(noun) and s.callee_name(write).endswith(noun)


# --- module-level state ----------------------------------------------------------------------

def _shared_state(scope: Scope, names: Mapping[str, frozenset[str]]) -> Iterator[Finding]:
    awaits = _awaits(scope)
    # Only an async handler's writes are asked about, after an await in that same handler: the
    # writes are looked for only in the handlers that await (and the functions nested in them).
    handlers: dict[tuple[int, int], bool] = {}

    def in_handler(a: Node) -> bool:
        fn = s.enclosing_function(a)
        if fn is None:
            return False
        key = (fn.start_byte, fn.end_byte)
        if key not in handlers:
            handlers[key] = s.is_async(fn) and _is_handler(fn)
        return handlers[key]
    in_handlers = [a for a in awaits if in_handler(a)]
    if not in_handlers:
        return
    candidates = _writes(scope, in_handlers)
    for write in candidates:
        target = write.child_by_field_name('left') or write.child_by_field_name('argument')
        root = _root_identifier(target)
        fn = s.enclosing_function(write)
        if root is None or fn is None or not s.is_async(fn) or not _is_handler(fn):
            continue
        name = s.text(root)
        if not _module_state(root, target, names):
            continue
        between = [a for a in awaits if a.end_byte <= write.start_byte and _same(s.enclosing_function(a), fn)]
        if not between:
            continue
        fl = flow.of(scope.file, write)
        for ref in fl.free_references(name):
            if ref.start_byte >= between[-1].start_byte or not _same(s.enclosing_function(ref), fn):
                continue
            awaited = next((a for a in between if a.start_byte > ref.end_byte), None)
            if awaited is None or not _stale_write(fl, ref, write):
                continue
            if any(ref.end_byte < w.start_byte < awaited.start_byte and _writes_name(w, name) for w in candidates):
                continue  # taken before the await (`left -= 1; await charge()`): later writes compensate
            yield scope.finding(write, ID, (
                f'`{name}` is read on line {ref.start_point.row + 1} and written here after '
                f'`{s.normalized(awaited, 30)}` on line {awaited.start_point.row + 1}; another request can run in between'
            ), QUESTION, evidence=(ref, awaited))
            break


def _writes_name(write: Node, name: str) -> bool:
    root = _root_identifier(write.child_by_field_name('left') or write.child_by_field_name('argument'))
    return root is not None and s.text(root) == name


def _is_handler(fn: Node) -> bool:
    if s.route_of(fn) is not None or s.function_name(fn) in _HTTP_NAMES:
        return True
    return any(n in _REQUEST_PARAMS for n in s.parameter_names(fn))


def _module_state(root: Node, target: Node, names: Mapping[str, frozenset[str]]) -> bool:
    name = s.text(root)
    if any(c in name.lower() for c in names['cache_names']):
        return False
    decl = s.declaration(root)
    if decl is None or decl.type != 'variable_declarator':
        return False
    statement = s.parent_of(decl)
    container = s.parent_of(statement) if statement is not None else None
    if container is not None and container.type == 'export_statement':
        container = s.parent_of(container)
    if container is None or container.type != 'program':
        return False
    return target.type != 'identifier' or s.text(statement.children[0]) in ('let', 'var')


def _stale_write(fl: Flow, ref: Node, write: Node) -> bool:
    """The write uses a value read before the await: through a local, or after checking it."""
    use = flow.use_of(ref)
    if use is not None and use.role == 'declared':
        local = use.target.child_by_field_name('name')
        value = write.child_by_field_name('right')
        if local is not None and value is not None and local.type == 'identifier':
            return any(r.start_byte >= value.start_byte and r.end_byte <= value.end_byte
                       for lb in fl.bindings_of(local) for r in fl.references(lb))
    stmt = _if_testing(ref)
    return stmt is not None and _acts_after(stmt, write)


def _same(a: Node | None, b: Node | None) -> bool:
    return a is not None and b is not None and (a.start_byte, a.end_byte, a.type) == (b.start_byte, b.end_byte, b.type)


def _head(text: str) -> str:
    return text if len(text) <= 36 else text[:35] + '…'


def _short(text: str) -> str:
    return text if len(text) <= 36 else '…' + text[-35:]
