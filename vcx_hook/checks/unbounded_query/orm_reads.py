"""ORM reads of every row: Prisma/Drizzle ``findMany()``, Sequelize ``findAll()``, Mongoose and
MongoDB ``find()``, TypeORM ``find()`` and ``manager.find(Entity)``, with no filter and no limit;
and the gate that finds such a call in a scope."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.unbounded_query import builders
from vcx_hook.checks.unbounded_query import evidence
from vcx_hook.checks.unbounded_query import pages
from vcx_hook.checks.unbounded_query import reads
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import stores
from vcx_hook.finding import MEDIUM
from vcx_hook.lang import scope as s
from vcx_hook.lang import sql
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

Names = Mapping[str, frozenset[str]]
_ORM_METHODS = frozenset(m.encode() for m in stores.MANY_READS)
# The methods the file's words are asked for (``_methods_of``); getMany... only come with
# createQueryBuilder, and `.select()` only in a file with a `select` in it.
ORM_KEYS = tuple(sorted(m.encode() for m in stores.MANY_READS - stores.QUERY_BUILDER_READS))
ORM_KEYS_BUT_SELECT = tuple(k for k in ORM_KEYS if k.decode() not in stores.FIELD_READS)
QUERY_BUILDER_KEYS = tuple(sorted(m.encode() for m in stores.QUERY_BUILDER_READS))


def orm_possible(scope: Scope, names: Names, keys: tuple[bytes, ...]) -> bool:
    """A method call the query's ``unbounded-query.call`` pattern takes and ``orm_call`` reports;
    each method name that may be a property (``x.find``) is looked up in the tree."""
    source = scope.file.source
    for _, first, last in s.word_spans(source, _methods_of(keys) & scope.file.words, scope.ranges):
        if not s.after_dot(source, first):
            continue
        node = s.descendant(scope.root, first, last)  # parses on first use
        member = s.parent_of(node) if node is not None and node.type == 'property_identifier' else None
        call = s.parent_of(member) if member is not None and member.type == 'member_expression' else None
        if call is None or call.type != 'call_expression' or call.child_by_field_name('function') != member:
            continue
        if scope.contains(call) and next(orm_call(call, names, set(), scope.file), None) is not None:
            return True
    return False


@functools.lru_cache(maxsize=8)
def _methods_of(keys: tuple[bytes, ...]) -> frozenset[bytes]:
    """The ORM methods that start with one of ``keys``: those the file's words are asked for."""
    return frozenset(m for m in _ORM_METHODS if m.startswith(keys))


def orm_findings(scope: Scope, names: Names) -> Iterator[tuple[Node, str, tuple[Node, ...], str]]:
    tops: set[int] = set()
    for call in scope.captures('unbounded-query.call'):
        for node, message, confidence in orm_call(call, names, tops, scope.file):
            yield node, message, (), confidence


def orm_call(call: Node, names: Names, tops: set[int], file: File) -> Iterator[tuple[Node, str, str]]:
    """The finding for one ``unbounded-query.call`` candidate (``tops``: builder chains seen)."""
    method = s.callee_name(call)
    if method in stores.BUILDER_READS:
        top = s.chain_top(call)
        if top.start_byte * 7 + top.end_byte in tops:
            return
        tops.add(top.start_byte * 7 + top.end_byte)
        for node, message in builders.builder(call, top, names):
            yield node, message, evidence.whole_read(call, None)[0]
        return
    top = s.chain_top(call)
    if not reads.executed(top) and not any(
            s.callee_name(c) in stores.QUERY_RUNS for c in s.chain_calls(top)):
        return
    if reads.streamed(top):
        return
    confidence = ''
    whole = False  # a read of every record with no filter: asked only with evidence.worth_asking
    if method in stores.QUERY_BUILDER_READS:
        result = builders.query_builder(call)
        confidence = evidence.whole_read(call, None)[0]
    elif method in stores.GROUP_READS:
        result, confidence = pages.ranked_groups(call, names['small_tables']), pages.groups_confidence(call)
    elif method in stores.FIND_MANY | stores.FIND_ALL:
        result = _find_many(call) if method in stores.FIND_MANY else _find_all(call)
        whole = result is not None
        if result is None:
            result, confidence = pages.skipped_page(call), pages.skip_confidence(call, file)  # issue 18's documenso templates
    else:
        result, whole = _find(call, top, file), True
    if result is not None and whole:
        tier = evidence.worth_asking(call, result[0], names)
        if tier is None:
            return
        confidence = tier
    if result is not None and not (result[0] and sql.is_small_table(result[0], names['small_tables'])):
        yield call, result[1], confidence


def _find_many(call: Node) -> tuple[str, str] | None:
    segments = reads.receiver_segments(call)  # prisma.user, db.query.users: a client, then a model
    if len(segments) < 2 or re.search(r'(?:Service|Controller|Api|Client|Resolver)$', segments[-1]):
        return None
    args = s.arguments(call)
    if not reads.unbounded_options(args[0] if args else None, ('take', 'where', 'cursor', 'limit')):
        return None
    model = reads.entity(segments[-1])
    return model, f'`{reads.label(call)}()` has no `where` or `take`, so it loads every `{model}` record into memory'


def _find_all(call: Node) -> tuple[str, str] | None:
    segments = reads.receiver_segments(call)
    if not segments or not reads.is_model(segments[-1]):
        return None
    args = s.arguments(call)
    if not reads.unbounded_options(args[0] if args else None, ('where', 'limit')) or _filtered_include(args[0] if args else None):
        return None
    model = reads.entity(segments[-1])
    return model, f'`{reads.label(call)}()` has no `where` or `limit`, so it loads every `{model}` record into memory'


def _conditions(arg: Node) -> bool:
    """An entity manager's second argument naming fields rather than find options (``{ userId }``,
    ``{ externalGroupId: id }``): MikroORM's ``em.find(Entity, where, options)`` takes its filter
    there, as TypeORM 0.2's ``manager.find(Entity, conditions)`` did (schulcloud-server's
    repositories, round 26: each read filtered by its owner, not worth asking)."""
    keys = s.object_keys(s.unwrap(arg))
    return bool(keys) and not set(keys) <= stores.TYPEORM_FIND_OPTIONS


def _filtered_include(opts: Node | None) -> bool:
    """Sequelize ``include: [{ model, where }]``: an inner join on a filtered model filters; so does
    a ``required: true`` include whose own include is filtered (the join is inner all the way down)."""
    include = s.object_keys(s.unwrap(opts)).get('include') if opts is not None else None
    return include is not None and include.type == 'array' and any(
        _filtering(item) for item in include.named_children
    )


def _filtering(item: Node) -> bool:
    keys = s.object_keys(s.unwrap(item)) if s.unwrap(item).type == 'object' else {}
    if 'where' in keys:
        return True
    required = keys.get('required')
    return required is not None and s.text(required) == 'true' and _filtered_include(item)


def _find(call: Node, top: Node, file: File) -> tuple[str, str] | None:
    obj = s.receiver(call)
    if obj is None:
        return None
    obj = s.unwrap(obj)
    segments = reads.receiver_segments(call)
    args = [a for a in s.arguments(call) if not reads.node_callback(a)]  # Model.find({}, (err, docs) => ...)
    last = segments[-1] if segments else ''
    if last in stores.ENTITY_MANAGERS or (last.endswith('Manager') and 'cache' not in last.lower()):
        if not args or not reads.PASCAL.match(s.text(args[0])):
            return None
        if len(args) > 1 and _conditions(args[1]):
            return None  # MikroORM's `em.find(Note, { userId })` and TypeORM 0.2's conditions: a filter
        if len(args) > 2 and not reads.unbounded_options(args[2], ('limit',)):
            return None  # MikroORM's options after the filter: `em.find(Note, {}, { limit: 20 })`
        if not reads.unbounded_options(args[1] if len(args) > 1 else None, ('where', 'take')):
            return None
        model = s.text(args[0])
        return model, f'`{reads.label(call)}({model})` has no `where` or `take`, so it loads every `{model}` record into memory'
    if obj.type == 'call_expression':
        factory = s.callee_name(obj)
        if factory not in stores.MODEL_FACTORIES:
            return None
        factory_args = s.arguments(obj)
        model = (s.string_value(factory_args[0]) or s.text(factory_args[0])) if factory_args else ''
    elif last and (reads.is_model(last) or document_collection(file, obj)):
        model = reads.entity(last)
    else:
        return None
    if any(s.callee_name(c) in stores.FIND_STOPS for c in s.chain_calls(top)):
        return None
    if not args:
        return model, f'`{reads.label(call)}()` has no filter or limit, so it loads every `{model}` record into memory'
    first = s.unwrap(args[0])
    if first.type != 'object' or s.has_spread(first):
        return None
    keys = s.object_keys(first)
    if keys and (not set(keys) <= stores.TYPEORM_FIND_OPTIONS or len(args) > 1 or _has_operator(keys.values())):
        return None  # a Mongo filter: field names, a projection after it, or `$` operators
    if keys and not reads.unbounded_options(first, ('where', 'take')):
        return None
    for extra in args[1:]:
        extra = s.unwrap(extra)
        if extra.type != 'object' or s.has_spread(extra) or 'limit' in s.object_keys(extra):
            return None
    shown = '{}' if not keys else '...'
    return model, f'`{reads.label(call)}({shown})` has no filter or limit, so it loads every `{model}` record into memory'


def document_collection(file: File, receiver: Node) -> bool:
    """A receiver bound to a MongoDB collection or a Mongoose model whatever its name says
    (``private workspaces: Collection<Workspace>``, ``this.workspaces = db.collection('workspaces')``):
    hawk.workers' subscription check, a real bug of holdout13."""
    found = bindings.binding(file, receiver)
    return found is not None and found.kind == bindings.STORE and found.library in (packages.MONGODB, packages.MONGOOSE)


def _has_operator(values: Iterable[Node]) -> bool:
    """Whether a value of the object is a Mongo condition (``{ $regex: ... }``, ``{ $in: [...] }``):
    TypeORM's ``order``/``select`` values are field maps, never ``$`` operators."""
    return any(
        v is not None and s.unwrap(v).type == 'object' and any(k.startswith('$') for k in s.object_keys(s.unwrap(v)))
        for v in values
    )
