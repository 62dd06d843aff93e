"""unbounded-query's backlog read: every row whose time has passed, read at once with no page size
(Drizzle ``db.select().from(t).where(lt(t.expiresAt, Date.now()))``, Prisma ``findMany({ where: {
expiresAt: { lt: new Date() } } })``): a filter on "before now" with no lower bound keeps all the
past, so the rows grow with every run the job misses and with the table's age (autumn's invoice
cron reading every expired deferred invoice, a real bug of holdout14). Also MongoDB/Mongoose
``Model.find({ deletedAt: { $lt: cutoff } })`` with no ``.limit()``, and a cutoff some time before
now (``new Date(moment().subtract(90, 'days'))``, ``new Date(Date.now() - age)``, a ``const`` holding
one): a retention job's expired records (overleaf's deleted projects, a real bug of holdout22).
Not with a ``limit``/``take``, a lower bound on the same column (``gte(t.at, since)``: a window),
or a stream. Low: a job that deletes what it reads keeps the backlog short, which the read does
not show."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.unbounded_query import orm_reads
from vcx_hook.checks.unbounded_query import reads
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

CONFIDENCE = LOW
_BEFORE = frozenset(('lt', 'lte'))
_AFTER = frozenset(('gt', 'gte', 'between'))
_PAGES = frozenset(('limit', 'take', 'first', 'cursor', 'paginate', 'stream', 'iterator'))
_NOW = (b'Date.now()', b'new Date()')
# What a cutoff before now is computed from: the clock, or a date library's `now`.
_CLOCK = (b'Date.now()', b'new Date()', b'moment()', b'dayjs()', b'DateTime.now()')
_MONGO_BEFORE = frozenset(('$lt', '$lte'))
_MONGO_AFTER = frozenset(('$gt', '$gte'))


def possible(scope: Scope) -> bool:
    return any(n in scope.text for n in _CLOCK) and not scope.file.words.isdisjoint((b'lt', b'lte', b'$lt', b'$lte'))


def find(scope: Scope) -> Iterator[tuple[Node, str]]:
    if not possible(scope):
        return
    for name in scope.named(frozenset((b'lt', b'lte', b'$lt', b'$lte'))):
        node = s.parent_of(name)
        if name.type == 'identifier' and node is not None and node.type == 'call_expression':
            found = _drizzle(node)
        elif name.type == 'property_identifier' and node is not None and node.type == 'pair':
            found = _mongo(scope.file, node) if s.text(name).startswith('$') else _prisma(node)
        else:
            continue
        if found is not None:
            yield found


def _now(value: Node | None) -> bool:
    return value is not None and s.text(s.unwrap(value)).encode() in _NOW


def _before_now(value: Node | None) -> bool:
    """The current instant or a cutoff computed from it (``new Date(Date.now() - age)``,
    ``moment().subtract(90, 'days').toDate()``), also through the ``const`` holding it."""
    if value is None:
        return False
    value = s.unwrap(value)
    if value.type == 'identifier':
        init = s.initializer(value) if s.declaration(value) is not None else None
        if init is None:
            return False
        value = s.unwrap(init)
    if value.type not in ('new_expression', 'call_expression', 'member_expression', 'binary_expression'):
        return False
    text = s.text(value).encode()
    return any(c in text for c in _CLOCK)


def _drizzle(cmp: Node) -> tuple[Node, str] | None:
    """``lt(t.col, Date.now())`` in the ``where`` of a ``select().from(t)`` chain run here."""
    args = s.arguments(cmp)
    if s.callee_name(cmp) not in _BEFORE or len(args) != 2 or not _now(args[1]):
        return None
    where = next((a for a in s.ancestors(cmp) if a.type == 'call_expression' and s.callee_name(a) in stores.WHERE_PREFIXES), None)
    if where is None:
        return None
    top = s.chain_top(where)
    methods = [s.callee_name(c) for c in s.chain_calls(top)]
    if 'from' not in methods or not _PAGES.isdisjoint(methods) or not reads.executed(top) or reads.streamed(top):
        return None
    column = s.text(args[0])
    if any(s.callee_name(c) in _AFTER and s.arguments(c)[:1] and s.text(s.arguments(c)[0]) == column
           for c in s.calls_in(where)):
        return None
    return top, f'`{reads.short(top, 30)}` reads every row whose `{column}` has passed, with no `.limit()`: a backlog'


def _prisma(pair: Node) -> tuple[Node, str] | None:
    """``{ lt: new Date() }`` as a field's condition in the ``where`` of a ``findMany`` with no ``take``."""
    if not _now(pair.child_by_field_name('value')):
        return None
    condition = s.parent_of(pair)
    field = s.parent_of(condition) if condition is not None else None
    if field is None or field.type != 'pair' or any(k in _AFTER for k in s.object_keys(condition)):
        return None
    call = next((a for a in s.ancestors(pair) if a.type == 'call_expression'), None)
    if call is None or s.callee_name(call) not in stores.FIND_MANY or len(reads.receiver_segments(call)) < 2:
        return None
    args = s.arguments(call)
    options = s.unwrap(args[0]) if args else None
    keys = s.object_keys(options) if options is not None and options.type == 'object' else {}
    top = s.chain_top(call)
    if 'where' not in keys or not _PAGES.isdisjoint(keys) or not reads.executed(top):
        return None
    column = s.text(field.child_by_field_name('key'))
    return call, f'`{reads.label(call)}()` reads every record whose `{column}` has passed, with no `take`: a backlog'


def _mongo(file: File, pair: Node) -> tuple[Node, str] | None:
    """``{ $lt: cutoff }`` as a field's condition in the filter of a model's or collection's
    ``find()`` run here with no ``.limit()``, the field bounded on no other side."""
    if not _before_now(pair.child_by_field_name('value')):
        return None
    condition = s.parent_of(pair)
    field = s.parent_of(condition) if condition is not None else None
    if field is None or field.type != 'pair' or not _MONGO_AFTER.isdisjoint(s.object_keys(condition)):
        return None
    query = s.parent_of(field)
    call = s.calling(query) if query is not None and query.type == 'object' else None
    if call is None or s.callee_name(call) != 'find' or s.unwrap(s.arguments(call)[0]).start_byte != query.start_byte:
        return None
    segments = reads.receiver_segments(call)
    receiver = s.receiver(call)
    if not segments or receiver is None or not (
            reads.is_model(segments[-1]) or orm_reads.document_collection(file, s.unwrap(receiver))):
        return None
    args = s.arguments(call)
    if len(args) > 2 or any(s.unwrap(a).type == 'object' and 'limit' in s.object_keys(s.unwrap(a)) for a in args[1:]):
        return None
    top = s.chain_top(call)
    if any(s.callee_name(c) in stores.FIND_STOPS for c in s.chain_calls(top)) or not reads.executed(top) \
            or reads.streamed(top):
        return None
    column = s.string_like_text(field.child_by_field_name('key')) or s.text(field.child_by_field_name('key'))
    return call, f'`{reads.label(call)}()` reads every document whose `{column}` has passed, with no `.limit()`: a backlog'
