"""unbounded-query's newest-first lists: a read ordered by a time or a sequence, newest first
(``orderBy: { createdAt: 'desc' }``, ``order: [['createdDate', 'DESC']]``, ``.orderBy('number',
'desc')``, ``.sort({ createdAt: -1 })``, SQL ending ``ORDER BY updated_at DESC``), with no page
size: a list meant to be read from the top, a feed, whose length grows with every use, fetched
whole. The page size that makes it a feed (``take``, ``.limit()``, ``LIMIT``) was forgotten.

Real bugs of five repositories: shelf's audit notes and photos, twikoo's comments of a page,
argos' versions of a media, FreeFeed's search results, ffc-pay's debts. Not when the filter is a
window (``createdAt: { gte }``, ``Between``: the rows of one period), nor on a read its chain
pages, counts, streams or cuts to one row (``.first()``, ``.page()``, ``.range()``)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.unbounded_query import reads
from vcx_hook.ecosystem import list_reads
from vcx_hook.ecosystem import stores
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang import sql
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_OPTION_READS = stores.FIND_MANY | stores.FIND_ALL | stores.FINDS
_ORDER_KEYS = ('orderBy', 'order', 'sort')
_ORDER_CALLS = list_reads.ORDER_CALLS
_ORDER_WORDS = frozenset((*(w.encode() for w in (*_ORDER_KEYS, *_ORDER_CALLS)), b'ORDER', b'Order'))
_STOPS = list_reads.STOPS
_CHAIN_STARTS = list_reads.STARTS
# Options that page a read.
_PAGES = frozenset((
    'take', 'limit', 'first', 'last', 'cursor', 'skip', 'offset', 'per_page', 'perPage', 'pageSize', 'top',
))
# Words of a column that orders by time or sequence: newest first.
_TIME_WORDS = frozenset((
    'created', 'updated', 'modified', 'date', 'time', 'timestamp', 'at', 'inserted', 'published', 'posted',
    'sent', 'received', 'started', 'finished', 'ended', 'completed', 'number', 'seq', 'sequence', 'version',
    'ts', 'when',
))
# Words of a filter that keys the rows to one person: a student's files, a user's documents, the
# mail of one of a structure's users are few (held-out noise check: 0 of 13 worth asking).
_PERSONS = frozenset((
    'user', 'users', 'student', 'usager', 'member', 'customer', 'account', 'person', 'patient', 'applicant',
    'owner', 'profile', 'employee', 'citizen', 'beneficiary', 'me', 'self',
))
# Options that shape the rows rather than pick them, and chained calls that pick them.
_SHAPES = frozenset(('select', 'include', 'relations', 'order', 'orderBy', 'sort', 'attributes', 'populate'))
_FILTERS = ('where', 'andWhere', 'orWhere', 'eq', 'match', 'filter', 'modify', 'find')
_WINDOW = lazyre.compile(r'\b(?:\$?gte?|\$?lte?|between|Between|MoreThan(?:OrEqual)?|LessThan(?:OrEqual)?|Op\.(?:gte?|lte?|between))\b')
# In lower case.  Every alternative starts with a byte (`\bdesc` checked behind it, the quotes one by
# one): the engine skips to those, where a leading `\b` or class is tried at every byte.
_DESC = lazyre.compile(rb'desc(?<=\bdesc)\b|-\s*1\b|ascending\s*:\s*false|\'-\w|"-\w|`-\w')
_SQL_DESC_TAIL = lazyre.compile(r'(?is)\border\s+by\s+([\w."`]+)\s+desc\b(?:\s+nulls\s+(?:first|last))?\s*;?\s*$')
_SQL_BOUND = lazyre.compile(r'(?i)\b(?:limit|top|fetch\s+first|offset)\b')


def possible(scope: Scope) -> bool:
    """An order in the file (an option, a call or SQL's ``ORDER BY``), then a descending one in the
    scope: ``-\\s*1`` alone is in any ``length - 1``, and was most of what opened the gate."""
    return not scope.file.words.isdisjoint(_ORDER_WORDS) and _DESC.search(scope.lower) is not None


def find(scope: Scope, runners: frozenset[str]) -> Iterator[tuple[Node, str]]:
    """(read, message) for each read ordered newest first with no page size."""
    if not possible(scope):
        return
    for name in scope.named(frozenset(n.encode() for n in _OPTION_READS | _ORDER_CALLS | runners)):
        call = s.called_by(name)
        if call is None or name.type != 'property_identifier':
            continue
        callee = s.callee_name(call)
        if callee in _OPTION_READS:
            column = _option_order(call)
        elif callee in _ORDER_CALLS:
            column = _chain_order(call)
        else:
            column = _sql_order(call)
        if column is None or not _time_column(column) or _personal(call):
            continue
        top = s.chain_top(call)
        chain = s.chain_calls(top)
        if any(s.callee_name(c) in _STOPS for c in chain) or _WINDOW.search(s.text(top)) \
                or not (reads.executed(top) or _runs(chain)):
            continue
        yield call, (
            f'`{reads.label(call)}` lists newest first (`{column}` descending) with no page size: every row '
            'comes back, more with each use'
        )


def _option_order(call: Node) -> str | None:
    """``findMany({ where, orderBy: { createdAt: 'desc' } })`` on a model: the first column, when
    it is descending and no page size is set."""
    segments = reads.receiver_segments(call)
    if not segments or not (reads.is_model(segments[-1]) or len(segments) >= 2) or segments[-1] in stores.GLOBALS:
        return None
    args = [s.unwrap(a) for a in s.arguments(call)]
    objects = [a for a in args if a.type == 'object']
    if not objects or any(s.has_spread(o) for o in objects):
        return None
    keys: dict[str, Node] = {}
    for o in objects:
        keys.update(s.object_keys(o))
    if any(k in keys for k in _PAGES):
        return None
    order = next((keys[k] for k in _ORDER_KEYS if k in keys), None)
    return _first_descending(order) if order is not None else None


def _first_descending(order: Node) -> str | None:
    """The primary column of an order value when it sorts descending: ``{ createdAt: 'desc' }``,
    ``[{ createdAt: 'desc' }]``, ``[['createdDate', 'DESC']]``, ``{ createdAt: -1 }``, ``'-createdAt'``."""
    order = s.unwrap(order)
    if order.type == 'array':
        first = next(iter(order.named_children), None)
        if first is None:
            return None
        first = s.unwrap(first)
        if first.type == 'array':
            parts = [s.unwrap(p) for p in first.named_children]
            if len(parts) >= 2 and _descending(parts[-1]):
                return s.string_value(parts[0]) or s.text(parts[0])
            return None
        return _first_descending(first)
    if order.type == 'object':
        pair = next((p for p in order.named_children if p.type == 'pair'), None)
        if pair is None:
            return None
        key, value = pair.child_by_field_name('key'), pair.child_by_field_name('value')
        if key is None or value is None or not _descending(s.unwrap(value)):
            return None
        return s.string_value(key) or s.text(key)
    value = s.string_value(order)
    if value and value.startswith('-'):
        return value[1:]
    return None


def _descending(value: Node) -> bool:
    text = s.string_value(value)
    if text is not None:
        return text.lower() in ('desc', 'descending')
    return s.text(value).replace(' ', '') == '-1'


def _chain_order(call: Node) -> str | None:
    """``Model.query().where(...).orderBy('number', 'desc')``, ``.sort({ createdAt: -1 })``,
    ``.order('created_at', { ascending: false })``, ``.sort('-createdAt')``: a chained order on a
    store's read (not lodash's ``_.orderBy(rows, ...)``, nor an array's ``sort``)."""
    recv = s.receiver(call)
    if recv is None or recv.type != 'call_expression':
        return None
    before = [c for c in s.chain_calls(s.chain_top(call)) if c.end_byte < call.end_byte]
    if not any(s.callee_name(c) in _CHAIN_STARTS for c in before) or any(s.callee_name(c) in _ORDER_CALLS for c in before):
        return None  # not a store's read, or not its primary order (`.orderBy('disposition').orderBy('created_at', 'desc')`)
    args = [s.unwrap(a) for a in s.arguments(call)]
    if not args:
        return None
    if len(args) >= 2:
        second = args[1]
        if _descending(second) or second.type == 'object' and 'ascending: false' in s.normalized(second, 200):
            return s.string_value(args[0]) or s.text(args[0])
        return None
    text = s.string_value(args[0])
    if text is not None:
        words = text.split()
        if len(words) == 2 and words[1].lower() == 'desc':
            return words[0]
    return _first_descending(args[0])


def _sql_order(call: Node) -> str | None:
    """SQL run by a runner whose outer statement ends ``ORDER BY col DESC`` with no ``LIMIT``."""
    args = s.arguments(call)
    template = call.child_by_field_name('arguments')
    node = template if template is not None and template.type == 'template_string' else (args[0] if args else None)
    text = sql.sql_text(node)
    if text is None or not text.lstrip().lower().startswith(('select', 'with', '(')):
        return None
    if _SQL_BOUND.search(text) or text.rstrip().endswith('${}'):
        return None
    match = _SQL_DESC_TAIL.search(text)
    return match.group(1).strip('"`') if match else None


def _personal(call: Node) -> bool:
    """The read's filter names a person (``where: { student: { id } }``, ``.where('user_id', '=', id)``):
    its rows are one person's, few."""
    parts: list[Node] = []
    for link in s.chain_calls(s.chain_top(call)):
        name = s.callee_name(link)
        args = [s.unwrap(a) for a in s.arguments(link)]
        if name in _OPTION_READS:
            for arg in args:
                if arg.type == 'object':
                    keys = s.object_keys(arg)
                    parts.extend([keys['where']] if 'where' in keys else [
                        v for k, v in keys.items() if k not in _SHAPES])
                    parts.extend(c for c in arg.named_children if c.type == 'shorthand_property_identifier')
        elif name.startswith(_FILTERS):
            parts.extend(a for a in args if a.type not in s.FUNCTION_TYPES)
    return any(not _PERSONS.isdisjoint(s.name_words(s.text(p))) for p in parts)


def _time_column(column: str) -> bool:
    last = column.rsplit('.', 1)[-1]
    return any(w.lower() in _TIME_WORDS for w in s.name_words(last)) or last.lower().endswith(('date', 'time'))


def _runs(chain: list[Node]) -> bool:
    """``.get()``, ``.exec()``, ``.then()``, ``.toArray()`` end the chain: the rows are fetched."""
    return any(s.callee_name(c) in list_reads.RUNS for c in chain)
