"""unbounded-query's whole aggregation: a MongoDB or Mongoose ``aggregate(pipeline)`` on a collection
or model, materialised whole (``.toArray()``, or awaited as Mongoose returns the array), whose
pipeline has no stage that filters, caps or folds the documents (``$match``, ``$limit``, ``$group``,
``$count``, ``$sample``...), or only adds one under an ``if`` (``if (id) pipeline.unshift({ $match:
... })``): the other branch reads every document, joined (``$lookup``) and unwound (hawk.workers'
limiter loading every workspace with its plan, a real bug of holdout13). A cursor walked with ``for
await`` streams it. Low: an aggregation over a small collection (plans, settings) is fine whole."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.unbounded_query import reads
from vcx_hook.checks.unbounded_query.orm_reads import document_collection
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

CONFIDENCE = LOW
_AGGREGATE = b'aggregate'
# Stages that keep the output below the collection's size: a filter, a cap, a fold into groups or
# one count, a sample, a search that ranks, an index's or the collection's own statistics.
_BOUNDING = frozenset((
    '$match', '$limit', '$group', '$count', '$sample', '$facet', '$bucket', '$bucketAuto', '$sortByCount',
    '$geoNear', '$search', '$vectorSearch', '$indexStats', '$collStats', '$first', '$skip',
))
_ADDS = frozenset(('push', 'unshift', 'splice', 'concat'))


def possible(scope: Scope) -> bool:
    return _AGGREGATE in scope.file.words


def find(scope: Scope) -> Iterator[tuple[Node, str]]:
    if not possible(scope):
        return
    for name in scope.named(frozenset((_AGGREGATE,))):
        call = s.called_by(name)
        if call is None or name.type != 'property_identifier':
            continue
        top = s.chain_top(call)
        chain = [s.callee_name(c) for c in s.chain_calls(top)]
        whole = 'toArray' in chain or (chain == ['aggregate'] and s.is_awaited(top))
        recv = s.receiver(call)
        if not whole or recv is None or not reads.executed(top) or reads.streamed(top):
            continue
        segments = reads.receiver_segments(call)
        if not (document_collection(scope.file, s.unwrap(recv)) or (segments and reads.is_model(segments[-1]))):
            continue
        args = s.arguments(call)
        pipeline = _pipeline(s.unwrap(args[0])) if args else None
        if pipeline is None or _bounded(pipeline):
            continue
        yield call, (f'`{reads.label(call)}()` has no `$match`, `$limit` or `$group` stage every run takes, '
                     'so it loads every document of the collection into memory')


def _pipeline(arg: Node) -> Node | None:
    """The array literal of stages, given as is or through a local the function declares."""
    if arg.type == 'array':
        return arg
    if arg.type != 'identifier':
        return None
    value = s.initializer(arg)
    value = s.unwrap(value) if value is not None else None
    return value if value is not None and value.type == 'array' else None


def _bounded(pipeline: Node) -> bool:
    """A bounding stage in the literal, a spread of stages made elsewhere, or one added to the local
    outside an ``if`` (``pipeline.push({ $limit: 50 })``)."""
    for stage in pipeline.named_children:
        stage = s.unwrap(stage)
        if stage.type != 'object' or s.has_spread(stage) or not _BOUNDING.isdisjoint(s.object_keys(stage)):
            return True
    decl = s.parent_of(pipeline)
    local = decl.child_by_field_name('name') if decl is not None and decl.type == 'variable_declarator' else None
    fn = s.enclosing_function(pipeline)
    body = s.function_body(fn) if fn is not None else None
    if local is None or body is None:
        return False
    for call in s.calls_in(body):
        if s.callee_name(call) in _ADDS and s.receiver_name(call) == s.text(local) and not _conditional(call, body):
            return True
    return False


def _conditional(node: Node, body: Node) -> bool:
    return any(a.type in ('if_statement', 'ternary_expression', 'switch_statement') for a in s.ancestors(node)
               if body.start_byte <= a.start_byte)
