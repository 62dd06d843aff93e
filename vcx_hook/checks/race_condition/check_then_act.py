"""race-condition's check-then-act: a single-record read or a count tested in an ``if``, then a
create on the same store inside the ``if`` or after it returns or throws; and a status or flag
checked and then set to a new value before something that costs to do twice."""
from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.race_condition.calls import base
from vcx_hook.checks.race_condition.calls import helper_store
from vcx_hook.checks.race_condition.calls import TRANSACTION_NOTES
from vcx_hook.checks.race_condition.calls import in_transaction
from vcx_hook.checks.race_condition.calls import unlocked_transaction
from vcx_hook.checks.race_condition.calls import is_kind
from vcx_hook.checks.race_condition.calls import on_handle
from vcx_hook.checks.race_condition.calls import Read
from vcx_hook.checks.race_condition.calls import store
from vcx_hook.checks.race_condition.calls import settled_in
from vcx_hook.checks.race_condition import constructed
from vcx_hook.checks.race_condition import sql_inserts
from vcx_hook.checks.race_condition import table_caps
from vcx_hook.checks.race_condition.candidates import awaits
from vcx_hook.checks.race_condition.nodes import acts_after
from vcx_hook.checks.race_condition.nodes import callee
from vcx_hook.checks.race_condition.nodes import exclusive
from vcx_hook.checks.race_condition.nodes import if_testing
from vcx_hook.checks.race_condition.nodes import is_left
from vcx_hook.checks.race_condition.nodes import same
from vcx_hook.checks.race_condition.nodes import short
from vcx_hook.ecosystem import ddl
from vcx_hook.ecosystem import schemas
from vcx_hook.ecosystem import services
from vcx_hook.ecosystem import sql_results
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.flow import Flow
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

# Array methods that look for a record among rows read earlier (`rows.find((r) => r.key === key)`).
# Writes whose first argument is the data, their filter in the chain (objection's `patch`).
_DATA_FIRST = frozenset(('patch',))
_SEARCHES = frozenset(('find', 'some', 'includes', 'findIndex', 'findLast'))
_SIDE_EFFECT = lazyre.compile(
    r'(?i)(send|charge|transfer|payout|refund|credit|debit|grant|award|queue|publish|mint|fulfil|ship|redeem'
    r'|commission|^create|^insert)')


def find(scope: Scope, read: Read, writes: list[Node], names: Mapping[str, frozenset[str]],
         uniques: schemas.Uniques = {}) -> Iterator[tuple[Node, str, str]]:  # noqa: B006  (read only)
    """(write, message, confidence): a record's existence checked before a create is listed (the
    family's confidence, '') when the function also does something outside the store that a second
    pass repeats (``_done_twice``), else LOW; a count, a search in memory and a checked field set
    to a new value keep the family's (too few judged to move)."""
    fl = flow.of(scope.file, read.call)
    checks: list[tuple[Node, str, Node | None]] = []  # (if statement, checked property or '', search in memory)
    # A SQL `SELECT` run by a runner (`client.query(...)`) is a lookup of the table an `INSERT` must then name.
    selected = sql_inserts.selected(read.call)
    single = selected is not None or _single_read(read.call, names)
    for b in read.bindings:
        for ref in fl.references(b):
            search = _searched(ref) if not single else None
            if search is not None:
                checks += [(tested, '', search) for tested in _tests_of(fl, search)]
                continue
            stmt = if_testing(ref)
            if stmt is not None:
                prop = _property_read(ref)
                if selected is not None and prop.rpartition('.')[2] in sql_results.FIELDS:
                    prop = ''  # `if (existing.rows.length > 0)`: how many rows came back
                checks.append((stmt, prop, None))
    inline = if_testing(read.call)
    if inline is not None:
        checks.append((inline, '', None))
    if not checks:
        return
    transaction = ''
    if in_transaction(read.call):
        transaction = unlocked_transaction(read.call)  # `await tx.snapshot.findUnique(...)`, no lock taken
        if not transaction:
            return
    unique_handled = settled_in(flow.root_of(read.call, scope.file.tree.root))
    fn = s.enclosing_function(read.call)
    line = read.call.start_point.row + 1
    for stmt, prop, search in checks:
        if not prop and search is None and not single:
            continue  # `if (rows.length === 0) return` on a list is no uniqueness check
        if not prop and search is None and _keyed_by_unique(read, uniques):
            continue  # the database refuses a second record with that key
        for write in writes:
            inner = _transaction_callback(write, fn)  # `await transaction(async (trx) => { ...; await write })`
            if not acts_after(stmt, write) or not (same(s.enclosing_function(write), fn) or inner is not None):
                continue
            if transaction == 'documents' and prop:
                continue  # two Mongo transactions writing one document conflict, and one is retried
            if not prop and search is None and _acts_where_present(stmt, write, read):
                continue  # `if (!session) return; ...; await redis.set(key, next)`: an update, no create
            if selected is not None and not prop and sql_inserts.inserted(write) is None:
                continue
            if not _acts_on(fl, write, read, prop, names, unique_handled):
                continue
            if not prop and _cache_fill(fl, read, _outermost(stmt, checks), write):
                continue  # cache-aside: two misses compute and set the same key, nothing is lost
            effects = {_side_effect_in(scope, fn, write, write),
                       _side_effect_in(scope, inner, stmt, write) if inner is not None else ''}
            if prop and not effects - {''}:
                continue  # setting a flag twice to the same value is harmless on its own
            what = f'`{prop}`' if prop else _what(read.call)
            if search is not None:
                what = f'whether a record exists (`{short(s.callee_path(search))}()` on line {search.start_point.row + 1})'
            tiered = what == 'whether it exists'  # the count and the search in memory: too few judged
            cap = what == 'the count' and (table_caps.table_cap(read.call, stmt) or table_caps.seeded_when_empty(read.call, stmt))
            twice = _done_twice(scope, stmt, write, fn, names) if tiered else None
            if twice is not None and _refused_before(read.call, write, twice, uniques):
                twice = None  # the second create fails before what it would run twice
            yield write, (
                f'`{short(callee(read.call))}()` on line {line} checks {what}, then '
                f'`{short(callee(write))}()` acts; two requests can both pass the check'
                + (f' and both run `{short(callee(twice))}()`' if twice is not None else '')
                + (TRANSACTION_NOTES[transaction] if transaction else '')
            ), LOW if (tiered and twice is None) or inner is not None or (prop and 'after' not in effects) or transaction \
                or cap or s.callee_name(read.call) in stores.REDIS_SIZES else ''  # a Redis set's size: not yet judged
            break


# An account's sign-in name: what every sign-up keeps unique, whether or not the tool sees the index.
_ACCOUNT_KEYS = frozenset(('email', 'username', 'login'))
_ACCOUNTS = frozenset(('user', 'users', 'account', 'accounts'))


def _refused_before(read: Node, write: Node, twice: Node, uniques: schemas.Uniques) -> bool:
    """What a second pass would run twice comes after the create, and the create is one the store
    refuses twice: an account checked by its sign-in name (``getUserByEmail(email)``, ``findOne({
    username })``), a record created under the very key checked (``getPaymentJournal(id)``, then
    ``createPaymentJournal(id, data)``: a DynamoDB put under that key, conditional or overwriting),
    or one whose data sets a key the schema keeps unique (``createUtilisateur(pool, { email })`` of
    a table whose SQL migration declares ``UNIQUE (email)``, ``models.court.create({ name })`` of one
    whose Liquibase changelog makes ``name`` unique).
    Held-out, the check-then-create that names what it runs twice was worth asking 39% of 9 times;
    its 4 not-worth rows are these first two shapes (flux-retour-cfas, saas-starter-kit and ohmyform's
    sign-ups, rod-licensing's payment journal), the 6 left 75% (3 worth, 3 borderline); round 17's
    camino first sign-in, the third (borderline: the second insert fails before the e-mails)."""
    if twice.start_byte < write.end_byte:
        return False
    return _by_account_key(read) or _same_key(read, write) or _creates_unique(write, uniques)


# A project helper named for making one record (`createUtilisateur`, `insertUser`).
_CREATE_HELPER = lazyre.compile(r'^(?:create|insert|add)([A-Z]\w*)$')


def _creates_unique(write: Node, uniques: schemas.Uniques) -> bool:
    """The create's data (its object argument, Prisma's ``data``) sets every column of a unique key
    of its table other than a primary key (``id``, made anew by each pass)."""
    fn = s.callee(write)
    helper = _CREATE_HELPER.match(s.callee_name(write)) if fn is not None and fn.type == 'identifier' else None
    segments = s.callee_path(write).split('.')
    model = helper.group(1) if helper is not None else segments[-2] if len(segments) >= 2 else ''
    keys = ddl.table_keys(model, uniques) if model else ()
    if not keys:
        return False
    data = next((s.unwrap(a) for a in s.arguments(write) if s.unwrap(a).type == 'object'), None)
    fields = s.object_keys(data) if data is not None else {}
    if 'data' in fields and s.unwrap(fields['data']).type == 'object':
        fields = s.object_keys(s.unwrap(fields['data']))
    given = {f.replace('_', '').lower() for f in fields}
    return any(key <= given and key.isdisjoint(stores.PRIMARY_KEYS) for key in keys)


def _by_account_key(read: Node) -> bool:
    """A user or account read by its sign-in name (an invitation by e-mail is not unique)."""
    if not {w for p in s.callee_path(read).split('.') for w in s.name_words(p)} & _ACCOUNTS:
        return False
    words = set(s.name_words(s.callee_name(read)))
    if words & _ACCOUNT_KEYS and 'by' in words:
        return True  # `getUserByEmail(...)`
    args = s.arguments(read)
    if not args:
        return False
    first = s.unwrap(args[0])
    if first.type == 'object':
        keys = s.object_keys(first)
        where = keys.get('where')
        if where is not None and s.unwrap(where).type == 'object':
            keys = s.object_keys(s.unwrap(where))
        return bool(keys) and set(keys) <= _ACCOUNT_KEYS
    return len(args) == 1 and s.text(first).rsplit('.', 1)[-1] in _ACCOUNT_KEYS


def _same_key(read: Node, write: Node) -> bool:
    """``getX(id)`` then ``createX(id, data)``: a create handed the checked key first (a ``set``
    of that key, ``redis.set(key, '1')``, overwrites instead: a dedupe marker stays asked)."""
    got, made = s.arguments(read), s.arguments(write)
    return s.callee_name(write).startswith(('create', 'insert')) and len(got) == 1 and len(made) >= 2 and s.unwrap(got[0]).type == 'identifier' \
        and s.text(got[0]) == s.text(made[0])


def _keyed_by_unique(read: Read, uniques: schemas.Uniques) -> bool:
    """``prisma.user.findUnique(...)``, ``User.findById(id)``, ``findOne({ where: { id } })``, or a
    ``findFirst`` (a TypeORM ``manager.findOne(Label, ...)``, a Mongoose ``User.findOne({ email })``)
    or a project helper named for the model (``getUser({ email })``) whose filter holds a unique key of the project's schema: a read
    by a key the database keeps unique, so two creates of that record cannot both succeed
    (saas-starter-kit's sign-up, judged not worth asking: ``uq:email-unique-constraint``)."""
    name = s.callee_name(read.call)
    if name in stores.UNIQUE_KEY_READS:
        return True
    args = s.arguments(read.call)
    model = read.store.rsplit('.', 1)[-1]
    # A Mongoose model's `User.findOne({ email })`: the store is the model's name.
    by_schema = name in stores.FIRST_READS or (name in stores.ENTITY_READS and model[:1].isupper())
    if len(args) >= 2 and args[0].type == 'identifier' and name in stores.ENTITY_READS:
        model, args, by_schema = s.text(args[0]), args[1:], True  # `manager.findOne(Label, { where })`
    fn = s.callee(read.call)
    helper = schemas.helper_model(name) if fn is not None and fn.type == 'identifier' else None
    if helper is not None:
        model, by_schema = helper, True  # the project's `getUser({ email })` over `prisma.user`
    if not args or s.unwrap(args[0]).type != 'object':
        return False
    keys = s.object_keys(s.unwrap(args[0]))
    where = keys.get('where')
    if where is not None:
        keys = s.object_keys(s.unwrap(where)) if s.unwrap(where).type == 'object' else {}
    if keys and set(keys) <= stores.PRIMARY_KEYS:
        return True
    return bool(keys) and by_schema and schemas.unique_filter(model, keys, uniques)


def _acts_where_present(stmt: Node, write: Node, read: Read) -> bool:
    """The write runs only where the record read was found: inside ``if (record) { ... }``, in the
    ``else`` of ``if (!record)``, or after ``if (!record) return``.  A create after a check of
    existence races only where the record is missing."""
    cond = stmt.child_by_field_name('condition')
    test = s.unwrap(cond) if cond is not None else None
    negated = False
    if test is not None and test.type == 'unary_expression' and s.text(test).startswith('!'):
        negated = True
        argument = test.child_by_field_name('argument')
        test = s.unwrap(argument) if argument is not None else None
    if test is None or test.type != 'identifier' or not any(s.text(test) == b.name for b in read.bindings):
        return False  # `count >= limit`, `x?.id === y`: the polarity is not read here
    consequence = stmt.child_by_field_name('consequence')
    if consequence is not None and consequence.start_byte <= write.start_byte < consequence.end_byte:
        return not negated
    return negated  # in the `else`, or after a branch that returns or throws


def _searched(ref: Node) -> Node | None:
    """``rows.find((r) => r.key === key)``: the search of rows read earlier for one record."""
    member = s.parent_of(ref)
    call = s.parent_of(member) if member is not None else None
    if member is None or member.type != 'member_expression' or call is None or call.type != 'call_expression':
        return None  # `rows.find()` itself, not `team.plan.includes()`
    if not same(member.child_by_field_name('object'), ref) or not same(call.child_by_field_name('function'), member):
        return None
    return call if s.callee_name(call) in _SEARCHES else None


def _tests_of(fl: Flow, search: Node) -> list[Node]:
    """The ``if`` statements that test the search's result, directly or through a local."""
    stmt = if_testing(search)
    if stmt is not None:
        return [stmt]
    use = flow.use_of(search)
    local = use.target.child_by_field_name('name') if use is not None and use.role == 'declared' else None
    if local is None or local.type != 'identifier':
        return []
    return [stmt for b in fl.bindings_of(local) for ref in fl.references(b) if (stmt := if_testing(ref)) is not None]


def _outermost(stmt: Node, checks: list[tuple[Node, str, Node | None]]) -> Node:
    """The outermost check around ``stmt``: ``if (hit) { if (hit === 'none') return; return
    JSON.parse(hit); }`` is one cache hit, whose inner test decides only what it returns."""
    outer = stmt
    for other, _, _ in checks:
        if other.start_byte < outer.start_byte and outer.end_byte <= other.end_byte:
            outer = other
    return outer


def _cache_fill(fl: Flow, read: Read, stmt: Node, write: Node) -> bool:
    """``const hit = await redis.get(k); if (hit) return JSON.parse(hit); ...; await redis.set(k, v)``:
    the hit branch uses the value read, and the write sets the same key again.  A lock or a dedupe
    marker (``if (seen) return; await kv.put(k, '1')``) never uses the value and stays asked."""
    if s.callee_name(write) not in stores.CACHE_SETS or s.callee_name(read.call) not in stores.CACHE_GETS:
        return False
    read_args, write_args = s.arguments(read.call), s.arguments(write)
    if not read_args or not write_args or s.text(read_args[0]) != s.text(write_args[0]):
        return False
    hit = stmt.child_by_field_name('consequence')
    return hit is not None and any(
        hit.start_byte <= ref.start_byte < hit.end_byte for b in read.bindings for ref in fl.references(b))


def _single_read(read: Node, names: Mapping[str, frozenset[str]]) -> bool:
    name = s.callee_name(read)
    if name in names['single_reads']:
        return True
    noun = re.sub(r'^(get|find|fetch|load|read)', '', name).split('By')[0]
    return not read.child_by_field_name('function').type == 'member_expression' and bool(noun) \
        and not noun.endswith('s') and not re.search(r'All|Many|List', noun)


def _transaction_callback(write: Node, fn: Node | None) -> Node | None:
    """The callback of a transaction opened in ``fn`` that runs ``write`` (``await
    transaction(async (trx) => { ... })``): it runs in line, after a check made outside it."""
    inner = s.enclosing_function(write)
    opener = s.calling(inner) if inner is not None and not same(inner, fn) else None
    if opener is None or s.callee_name(opener) not in stores.TRANSACTION_CALLS or not same(s.enclosing_function(opener), fn):
        return None
    return inner


def _side_effect_in(scope: Scope, fn: Node | None, after: Node, write: Node) -> str:
    """``'after'`` for a payment, message, grant or record made in ``fn`` after ``after``: after the
    write, doing it twice costs something; in a transaction's callback (``after`` the statement
    holding it), the transaction does it again for a second request that passed the same check.
    ``'branch'`` for one only in the other branch of the write's ``if`` (``if (chip) { chip.number
    = n; await chip.save() } else await createMicrochip(n)``), which the pass that writes never
    runs: asked low (aphw-ddi-api's microchip, a field set to the value compared, last-writer-wins:
    bench/judged ``shape:compare-then-set-idempotent-update``)."""
    found = ''
    for a in awaits(scope):
        if a.start_byte <= after.end_byte or not same(s.enclosing_function(a), fn):
            continue
        call = s.unwrap(a.named_children[0]) if a.named_children else None
        if call is not None and call.type == 'call_expression' and _SIDE_EFFECT.search(s.callee_name(call)):
            if not exclusive(write, a):
                return 'after'
            found = 'branch'
    return found


# Receivers whose sends and marks stay inside (`queueCache.markQueued()`, `logger.publish()`).
_NOT_OUTSIDE = frozenset(('cache', 'cached', 'memo', 'log', 'logger', 'logs', 'metrics', 'stats'))


def _done_twice(scope: Scope, stmt: Node, write: Node, fn: Node | None,
                names: Mapping[str, frozenset[str]]) -> Node | None:
    """A call after the check, in its function, that reaches outside the store and costs to do
    twice: a payment, mail or text-message client (``stripe.customers.create()``), or a send,
    charge, grant, publish or create that is no store call (``sendInvitationEmail()``,
    ``CreateTask()``). Held-out, a check-then-create with one was worth asking 5.5 times in 7, one
    without 4.5 in 31 (bench/judged, mostly a unique key, a cache fill or a one-off setup)."""
    for a in awaits(scope):
        if a.start_byte <= stmt.start_byte or not same(s.enclosing_function(a), fn):
            continue
        call = s.unwrap(a.named_children[0]) if a.named_children else None
        if call is None or call.type != 'call_expression' or same(call, write) or exclusive(write, a):
            continue
        path = s.callee_path(call).split('.')
        if path[0] in services.OUTSIDE_CLIENTS:
            return call
        name = path[-1]
        if not _SIDE_EFFECT.search(name) or any(is_kind(call, names, k) for k in ('read', 'write', 'create')):
            continue
        if name.lower().startswith(('create', 'insert')):
            if len(path) == 1:
                return call  # a project's own `CreateTask()`; `collection.createIndex()` is no effect outside
        elif not any(w in _NOT_OUTSIDE for p in path[:-1] for w in s.name_words(p)):
            return call
    return None


def _what(read: Node) -> str:
    name = s.callee_name(read)
    if name.startswith('count') or name == 'aggregate' or name in stores.REDIS_SIZES:
        return 'the count'
    return 'whether it exists'


def _property_read(ref: Node) -> str:
    parent = s.parent_of(ref)
    if parent is not None and parent.type == 'member_expression' and same(parent.child_by_field_name('object'), ref):
        prop = s.text(parent.child_by_field_name('property'))
        return '' if prop == 'length' else f'{s.text(ref)}.{prop}'
    return ''


def _acts_on(fl: Flow, write: Node, read: Read, prop: str, names: Mapping[str, frozenset[str]], unique_handled: bool) -> bool:
    made = constructed.model(write)  # `const pp = new PendingPayment(...); await pp.save()`
    written = made or store(base(write))
    own_record = any(s.receiver_name(write) == b.name for b in read.bindings)
    checked = read.store or helper_store(read.call, names)  # `getActivationRequest(id)` of the module: its `findFirst`
    same_store = bool(written) and (_model_of(written) == _model_of(checked) or on_handle(checked, write, written))
    if prop:  # a field was checked: a write that changes that field without repeating the check
        field = prop.split('.')[1]
        if not (own_record or same_store) or not is_kind(write, names, 'write'):
            return False
        return _sets_field(fl, write, field, read) and not _filter_repeats(write, field)
    table = sql_inserts.inserted(write)
    if table is not None:  # `INSERT INTO t` after a `SELECT ... FROM t`: the table is the store
        return not unique_handled and table == sql_inserts.selected(read.call)
    if unique_handled or not (made or is_kind(write, names, 'create')):
        return False
    return same_store or _same_table(read.call, write) or (not written and not read.store and _helper_pair(read.call, write))


def _named_table(call: Node) -> tuple[str, str] | None:
    """(client, table) of a call that names its table first (``db.findFirst('consent', {...})``, ``tx.create('consent', {...})``)."""
    args = s.arguments(call)
    recv = s.receiver(call)
    table = s.string_value(s.unwrap(args[0])) if args else None
    if not table or recv is None or s.unwrap(recv).type != 'identifier':
        return None
    return s.text(s.unwrap(recv)), table


def _same_table(read: Node, write: Node) -> bool:
    """A read and a create of one table named as their first argument, on one client or on the
    transaction a callback of it was handed (``db.findFirst('consent', ...)`` outside, then
    ``tx.create('consent', ...)`` in ``db.transaction(async (tx) => ...)``)."""
    checked, made = _named_table(read), _named_table(write)
    if checked is None or made is None or checked[1] != made[1]:
        return False
    if checked[0] == made[0] or made[0] in stores.TRANSACTION_NAMES:
        return True
    inner = s.enclosing_function(write)
    opener = s.calling(inner) if inner is not None else None
    return opener is not None and s.callee_name(opener) in stores.TRANSACTION_CALLS and made[0] in s.parameter_names(inner)


def _sets_field(fl: Flow, write: Node, field: str, read: Read) -> bool:
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
    if member is None or member.type != 'member_expression' or not same(member.child_by_field_name('object'), ref):
        return None
    parent = s.parent_of(member)
    if s.text(member.child_by_field_name('property')) != field or parent is None:
        return None
    if parent.type == 'assignment_expression' and is_left(parent, member):
        return parent.child_by_field_name('right')
    if parent.type in ('augmented_assignment_expression', 'update_expression') and is_left(parent, member):
        return parent
    return None


def _filter_repeats(write: Node, field: str) -> bool:
    """``update({ where: { id, status: 'pending' } })``: the write re-checks the field itself.  The
    data-first writes of a query builder (objection's ``patch({ ... })``) filter in their chain
    (``.where({ id }).whereNull('revokedAt')``)."""
    if s.callee_name(write) in _DATA_FIRST:
        return any(_names_field(link, field) for link in s.chain_calls(s.chain_top(write))
                   if s.callee_name(link).startswith('where'))
    args = s.arguments(write)
    if not args or args[0].type != 'object':
        return False
    keys = s.object_keys(args[0])
    where = keys.get('where') or keys.get('filter')
    return field in (s.object_keys(where) if where is not None else keys)


def _names_field(link: Node, field: str) -> bool:
    for arg in s.arguments(link):
        arg = s.unwrap(arg)
        if s.string_value(arg) == field or (arg.type == 'object' and field in s.object_keys(arg)):
            return True
    return False


def _model_of(path: str) -> str:
    """``Token`` for objection's ``Token.query()`` and ``Token.query(trx).findById()``: the model its query reads or writes."""
    head, query, _ = path.partition('.query(')
    return head if query else path


def _helper_pair(read: Node, write: Node) -> bool:
    """``findUserByEmail`` / ``createUser``: helpers about the same noun."""
    noun = re.sub(r'^(get|find|fetch|load|read)', '', s.callee_name(read)).split('By')[0]
    return bool(noun) and s.callee_name(write).endswith(noun)
