"""unbounded-query's route lists: a request handler that answers with every record a filtered
ORM read finds (``KB.find({ id_project }, cb)`` then ``res.send(kbs)``, ``Member.find({ where })``
then ``res.json(members)``, ``db.comment.findMany({ where: { auditId } })`` returned by a loader),
with no page size: the parent's children come back whole however many there are. A tRPC query's
callback counts as a handler, and the rows are followed through the names they are kept in
(``const shown = rows.map(...)``, a ``let`` assigned later) and a repository handed out for an entity
(``em.repo(Activity).find()``).

Also a function anywhere that returns such rows when they are a history, records that pile up with
use (events, logs, audits, runs, and a doc's pending updates, a monitor's checks, a site's builds, a query's
run batches, a media's versions): ``const checks = await Check.find({ monitorId }); return checks``.
Its callers show them, page or not, and the read is where the page size goes (issue 18's real bugs:
checkmate, cloud-gov pages, sqlpad, sourcebot's audit log, AFFiNE's doc updates).

And a request handler that answers with every record of a read with no argument at all
(``versionsRepository.findAll()`` then ``res.json({ data: versions.map(...) })``: OpenTermsArchive's
versions list, a real bug of holdout22), of a history or of a model whose records a request handler
of the same file makes (``prisma.venue.upsert(...)`` in its POST, then ``const venues = await
prisma.venue.findMany()`` answered by its GET: WorkSphere's venues, a real bug of holdout24): every
request adds a row the list sends back, where a catalogue read whole (the services a deployment
declares) stays the size it was made, unless its model is a small lookup table (``small_tables``)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.unbounded_query import reads
from vcx_hook.checks.unbounded_query.evidence import grows
from vcx_hook.ecosystem import procedures
from vcx_hook.ecosystem import routes
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import flow
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.sql import is_small_table
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang.uses import same

# Not yet judged on held-out code (and the family's whole reads scored 0-25% there): found for recall, not listed.
CONFIDENCE = LOW
_READS = stores.FIND_MANY | stores.FIND_ALL | stores.FINDS
_METHODS = frozenset(m.encode() for m in _READS)
METHODS = _METHODS
_PAGES = ('take', 'limit', 'cursor', 'first', 'last', 'skip', 'offset', 'per_page', 'perPage', 'pageSize')
_PAGE_WORDS = frozenset(('page', 'pages', 'paging', 'paginate', 'pagination', 'paginated', 'limit', 'limits', 'take',
                         'cursor', 'window', 'bounds', 'args', 'options', 'opts', 'params', 'query', 'filter', 'filters'))
_ANSWERS = frozenset(('json', 'send', 'jsonp', 'ok', 'success'))
# Histories: records a parent gathers every time it is used (the last word of the model, singular),
# not the things people make (users, files, documents, tags: `growing_tables` has those too), nor
# requests and errors, as often a workflow's few or a catalogue (`ChangeRequest`, `FeedbackError`).
_HISTORIES = frozenset((
    'event', 'log', 'message', 'notification', 'click', 'view', 'visit', 'pageview', 'audit',
    'history', 'activity', 'transaction', 'payment', 'metric', 'execution', 'run', 'trace',
    'span', 'delivery', 'update', 'check', 'build', 'batch', 'version', 'revision', 'snapshot', 'heartbeat',
))
# A range in the filter is a window on the history (`createdAt: { gte, lt }`, `Between(a, b)`).
_WINDOW = lazyre.compile(r'\b(?:\$?gte?|\$?lte?|between|Between|MoreThan(?:OrEqual)?|LessThan(?:OrEqual)?|Op\.(?:gte?|lte?|between))\b')
_HISTORY_WORD = lazyre.compile(rb'(?:' + b'|'.join(w.encode() for w in sorted(_HISTORIES)) + rb')')


def possible(scope: Scope) -> bool:
    if scope.file.words.isdisjoint(_METHODS):
        return False
    if b'json' in scope.text or b'send' in scope.text or b'pipe' in scope.text:
        return True
    return any(m in scope.text for m in _METHODS) and _HISTORY_WORD.search(scope.text.lower()) is not None


def find(scope: Scope, small: frozenset[str] = frozenset()) -> Iterator[tuple[Node, str]]:
    """(read, message) for each filtered many-read whose rows a request handler answers with, or
    that a function returns when its model is a history (``_HISTORIES``), and each unfiltered one a
    handler answers with whole unless its model is one of ``small`` lookup tables."""
    for call, segments in _model_reads(scope):
        fn = s.enclosing_function(call)
        model = reads.entity(segments[-1])
        whole = _whole_read(call) and not is_small_table(model, small) \
            and (grows(model, _HISTORIES) or _made_on_request(scope, call))
        if fn is None or not (whole or _filtered_unpaged(call)):
            continue
        handler = _handler(fn)
        rows = _rows(call)
        label = f'{segments[0]}.{s.callee_name(call)}' if _factory_model(call) else reads.label(call)
        if whole:
            if handler is not None and rows is not None and _answered(scope, rows, handler):
                kind = 'a growing history' if grows(model, _HISTORIES) else 'requests here add them'
                yield call, (f'`{label}()` reads every `{model}` record, unfiltered and unpaged, and the handler '
                             f'answers with them all: {kind}')
            continue
        if grows(model, _HISTORIES) and not _WINDOW.search(s.text(call)) \
                and _returned(scope, call, rows, fn):
            yield call, (
                f'`{label}()` has a filter but no page size, and the function returns every '
                f'`{model}` record it finds: a history that grows with every use'
            )
            continue
        if handler is None or rows is None or not _answered(scope, rows, handler):
            continue
        yield call, (
            f'`{label}()` has a filter but no page size, and the handler answers with every '
            f'`{model}` record it finds'
        )


def _whole_read(call: Node) -> bool:
    """``versionsRepository.findAll()``, ``prisma.venue.findMany()``, Mongoose's ``Sheet.find({})``: a
    read of every record, asked for with nothing (or an empty filter)."""
    args = s.arguments(call)
    empty = not args or len(args) == 1 and s.unwrap(args[0]).type == 'object' and not s.unwrap(args[0]).named_children
    return empty \
        and not any(s.callee_name(c) in stores.FIND_STOPS - {'where'} for c in s.chain_calls(s.chain_top(call)))


_MAKE_WORDS = frozenset(m.encode() for m in stores.INSERT_METHODS | stores.IDEMPOTENT_WRITES | {'save'})
# Updates that make the record they do not find when their options say ``upsert: true`` (Mongoose, MongoDB).
_UPSERTING = stores.UPDATES - stores.IDEMPOTENT_WRITES


def _made_on_request(scope: Scope, read: Node) -> bool:
    """A request handler of the file writes a new record through the read's receiver
    (``prisma.venue.upsert(...)`` beside ``prisma.venue.findMany()``, ``Venue.create(...)`` beside
    ``Venue.findAll()``)."""
    receiver = s.receiver(read)
    if receiver is None:
        return False
    source = scope.file.source
    words = (_MAKE_WORDS | _UPSERT_WORDS) & scope.file.words
    for word, first, last in s.word_spans(source, words, ((0, len(source)),)):
        node = s.descendant(scope.root, first, last)
        member = s.parent_of(node) if node is not None and node.type == 'property_identifier' else None
        call = s.parent_of(member) if member is not None and member.type == 'member_expression' else None
        if call is None or call.type != 'call_expression' or not same(call.child_by_field_name('function'), member):
            continue
        if word in _UPSERT_WORDS and not _upserts(call):
            continue
        made = s.receiver(call)
        fn = s.enclosing_function(call)
        if made is not None and s.text(made) == s.text(receiver) and fn is not None and _handler(fn) is not None:
            return True
    return False


_UPSERT_WORDS = frozenset(m.encode() for m in _UPSERTING)


def _upserts(call: Node) -> bool:
    """``Sheet.findOneAndUpdate({ id }, doc, { upsert: true })``: an update that inserts what it misses."""
    for arg in s.arguments(call)[1:]:
        arg = s.unwrap(arg)
        if arg.type != 'object':
            continue
        for pair in arg.named_children:
            key = pair.child_by_field_name('key') if pair.type == 'pair' else None
            value = pair.child_by_field_name('value') if key is not None else None
            if key is not None and value is not None and s.text(key).strip('\'"') == 'upsert' and s.text(value) == 'true':
                return True
    return False


def filtered_reads(scope: Scope, named: bool = False) -> Iterator[Node]:
    """Each filtered many-read of a model with no page size in the scope (``Model.find({ status })``,
    ``prisma.x.findMany({ where })``; with ``named``, also a filter built elsewhere: ``Model.find(query)``)."""
    for call, _segments in _model_reads(scope):
        if _filtered_unpaged(call) or named and _named_filter(call):
            yield call


def _model_reads(scope: Scope) -> Iterator[tuple[Node, list[str]]]:
    """(call, receiver segments) for each read method called on a model (``Model.find``) or a
    client's model (``prisma.audit.findMany``) in the scope."""
    for _, first, last in s.word_spans(scope.file.source, _METHODS & scope.file.words, scope.ranges):
        node = s.descendant(scope.root, first, last)
        member = s.parent_of(node) if node is not None and node.type == 'property_identifier' else None
        call = s.parent_of(member) if member is not None and member.type == 'member_expression' else None
        if call is None or call.type != 'call_expression' or not same(call.child_by_field_name('function'), member):
            continue
        segments = _factory_model(call) or reads.receiver_segments(call)
        client_model = s.callee_name(call) in stores.FIND_MANY and len(segments) >= 2  # prisma.audit, db.update
        if segments and (_model(segments[-1]) or client_model):
            yield call, segments


# Calls that hand out an entity's repository: TypeORM's `getRepository(User)`, MikroORM's `em.repo(User)`.
_FACTORIES = stores.MODEL_FACTORIES | {'repo'}


def _factory_model(call: Node) -> list[str]:
    """``[AuthActivity]`` for ``em.repo(AuthActivity).find(...)``, ``ds.getRepository(AuthActivity).find(...)``."""
    receiver = s.receiver(call)
    receiver = s.unwrap(receiver) if receiver is not None else None
    if receiver is None or receiver.type != 'call_expression' or s.callee_name(receiver) not in _FACTORIES:
        return []
    args = s.arguments(receiver)
    if len(args) != 1 or s.unwrap(args[0]).type != 'identifier':
        return []
    name = s.text(s.unwrap(args[0]))
    return [name] if reads.is_model(name) else []


def _named_filter(call: Node) -> bool:
    """``Model.find(query)``: one argument, a name, and no page size chained."""
    args = s.arguments(call)
    return (len(args) == 1 and s.unwrap(args[0]).type == 'identifier'
            and not any(s.callee_name(c) in stores.FIND_STOPS - {'where'} for c in s.chain_calls(s.chain_top(call))))


def rows_of(call: Node) -> Node | None:
    """The name a read's rows are bound to (``_rows``)."""
    return _rows(call)


def _model(segment: str) -> bool:
    """``Member``, ``prisma.comment``'s ``comment`` (a model word), and capitalised acronyms (``KB``)."""
    return reads.is_model(segment) or (segment[:1].isupper() and segment.isalnum() and segment not in stores.GLOBALS)


def _filtered_unpaged(call: Node) -> bool:
    """Options with a filter (``where``, or Mongo field names) and no page size, no ``.limit()`` chained."""
    args = [a for a in s.arguments(call) if not reads.node_callback(a)]
    if not args or s.unwrap(args[0]).type != 'object' or not _spreads_no_page(s.unwrap(args[0])):
        return False
    keys = s.object_keys(s.unwrap(args[0]))
    if not keys or any(k in keys for k in _PAGES):
        return False
    for extra in args[1:]:
        extra = s.unwrap(extra)
        if extra.type != 'object' or any(k in s.object_keys(extra) for k in _PAGES):
            return False
    return not any(s.callee_name(c) in stores.FIND_STOPS - {'where'} for c in s.chain_calls(s.chain_top(call)))


def _spreads_no_page(options: Node) -> bool:
    """Each spread into the options is a name that says it is no page (``...planWithItems``, a
    ``select`` or ``include`` kept apart), not ``...pagination`` or a computed value."""
    for spread in (c for c in options.named_children if c.type == 'spread_element'):
        value = spread.named_children[0] if spread.named_children else None
        if value is None or value.type not in ('identifier', 'member_expression'):
            return False
        if not _PAGE_WORDS.isdisjoint(s.name_words(s.text(value).rsplit('.', 1)[-1])):
            return False
    return True


def _handler(fn: Node) -> Node | None:
    """The request handler the read runs in (itself, or the function around a Node-style callback)."""
    f: Node | None = fn
    while f is not None:
        if routes.serves_requests(f) or procedures.resolves_query(f):
            return f
        f = s.enclosing_function(f)
    return None


def _rows(call: Node) -> Node | None:
    """The name the rows are bound to: ``const rows = await Model.find(...)`` or the callback's
    second parameter (``Model.find(q, (err, rows) => ...)``)."""
    callback = next((a for a in s.arguments(call) if reads.node_callback(a)), None)
    if callback is not None:
        names = s.parameters(callback)
        return names[1] if len(names) > 1 and names[1].type == 'identifier' else None
    then = _then_callback(call)
    if then is not None:
        names = s.parameters(then)
        return names[0] if names and names[0].type == 'identifier' else None
    parent = s.parent_of(s.outer_expression(s.chain_top(call)))
    if parent is not None and parent.type == 'assignment_expression':  # `rows = await ...` into a `let` declared before
        name = parent.child_by_field_name('left')
        return name if name is not None and name.type == 'identifier' else None
    if parent is None or parent.type != 'variable_declarator':
        return None
    name = parent.child_by_field_name('name')
    return name if name is not None and name.type == 'identifier' else None


def _then_callback(call: Node) -> Node | None:
    """``Model.find(q).then((rows) => ...)``: the callback the rows are handed to."""
    member = s.parent_of(call)
    outer = s.parent_of(member) if member is not None and member.type == 'member_expression' else None
    if outer is None or s.text(member.child_by_field_name('property')) != 'then' or outer.type != 'call_expression':
        return None
    args = s.arguments(outer)
    return args[0] if args and args[0].type in s.FUNCTION_TYPES else None


def _answered(scope: Scope, rows: Node, handler: Node, depth: int = 0) -> bool:
    """The rows themselves reach the response: an argument of ``res.json()``/``res.send()``/``json()``
    (also as ``rows.map(...)`` or a field of an object, or a list a loop over them pushes each onto:
    ``for (const a of albums) out.push({ ...a })``), or the value the handler returns; not a value
    computed from them (``rows.length > 0``)."""
    fl = flow.of(scope.file, rows)
    for b in fl.bindings_of(rows):
        for ref in fl.references(b):
            node = ref
            parent = s.parent_of(ref)
            if depth == 0 and parent is not None and parent.type == 'for_in_statement' and same(
                    parent.child_by_field_name('right'), ref):
                if any(_answered(scope, out, handler, 1) for out in _pushed_onto(parent)):
                    return True
                continue
            for up in s.ancestors(ref):
                if up.type == 'arguments':
                    call = s.parent_of(up)
                    if call is not None and s.callee_name(call) in _ANSWERS:
                        return True
                elif up.type == 'return_statement':
                    if same(s.enclosing_function(up), handler):
                        return True
                    break
                elif up.type == 'variable_declarator' and depth < _KEPT:
                    # kept under another name first: `const shown = rows.map(...)`, then `shown` answered
                    kept = up.child_by_field_name('name')
                    if same(up.child_by_field_name('value'), node) and kept is not None and kept.type == 'identifier' \
                            and _answered(scope, kept, handler, depth + 1):
                        return True
                    break
                elif up.type == 'call_expression' and s.callee_name(up) == 'pipe' and _to_response(up, handler):
                    return True  # `query.cursor().pipe(formatter).pipe(res)`: streamed into the response whole
                elif not _carries(up, node):
                    break
                node = up
    return False


def _to_response(pipe: Node, handler: Node) -> bool:
    """``.pipe(res)``: the argument is the handler's response, its second parameter."""
    params = s.parameters(handler)
    if len(params) < 2 or params[1].type != 'identifier':
        return False
    return any(s.unwrap(a).type == 'identifier' and s.text(s.unwrap(a)) == s.text(params[1]) for a in s.arguments(pipe))


def answered(scope: Scope, call: Node) -> bool:
    """A read's rows (``_rows``) are what the request handler around it answers with (``_answered``)."""
    fn = s.enclosing_function(call)
    handler = _handler(fn) if fn is not None else None
    rows = _rows(call)
    return handler is not None and rows is not None and _answered(scope, rows, handler)


_CALLS = frozenset(('call_expression',))
# How many names the rows may pass through before they are answered (`const shown = rows.map(...)`).
_KEPT = 2


def _pushed_onto(loop: Node) -> Iterator[Node]:
    """The lists a loop's body pushes onto (``out`` of ``out.push(...)``)."""
    body = loop.child_by_field_name('body')
    for call in s.identifiers(body, _CALLS, into_functions=False):
        callee = call.child_by_field_name('function')
        if callee is not None and callee.type == 'member_expression' and s.text(callee.child_by_field_name('property')) == 'push':
            target = callee.child_by_field_name('object')
            if target is not None and target.type == 'identifier':
                yield target


def _carries(up: Node, node: Node) -> bool:
    """``up`` still holds the rows: ``rows.map(...)``, ``{ data: rows }``, ``[...rows]`` (not ``rows.length``)."""
    if up.type == 'member_expression':  # `rows.map(...)`, not `rows.length`
        return same(up.child_by_field_name('object'), node) and s.text(up.child_by_field_name('property')) != 'length'
    if up.type == 'call_expression':
        return same(up.child_by_field_name('function'), node)
    return up.type in ('pair', 'object', 'array', 'spread_element', 'shorthand_property_identifier', 'satisfies_expression',
                       'as_expression', 'non_null_expression', 'parenthesized_expression', 'await_expression')


def _returned(scope: Scope, call: Node, rows: Node | None, fn: Node) -> bool:
    """The rows are what ``fn`` returns: ``return Model.findAll(...)``, an arrow's body, or the
    name they are bound to returned (also sorted or mapped: ``return updates.sort(...)``)."""
    outer = s.outer_expression(s.chain_top(call))
    parent = s.parent_of(outer)
    if parent is not None and (parent.type == 'return_statement' or (
            parent.type == 'arrow_function' and same(parent.child_by_field_name('body'), outer))):
        return True
    return rows is not None and _then_callback(call) is None and _answered(scope, rows, fn)
