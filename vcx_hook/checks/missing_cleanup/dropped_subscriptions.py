"""A subscription a class drops while its teardown unsubscribes the others: ``ngOnDestroy`` (or
``destroy``, ``onUnload``...) calls ``this.blocksSubscription.unsubscribe()``, while a method that
runs again and again (not the constructor, a ``start()`` or a mount hook: the registrations' rule
asks those) subscribes to a stream and keeps nothing (``this.state.mempoolBlocks$.subscribe(...)``
as a statement). The class keeps its subscriptions' books, so the dropped one is an oversight:
each call adds a live subscription that nothing ends, holding the component after it is gone."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.missing_cleanup.partial_teardown import teardown
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_WORDS = (b'subscribe', b'unsubscribe')
_CLASSES = frozenset(('class_declaration', 'class', 'abstract_class_declaration'))


def possible(scope: Scope) -> bool:
    source = scope.file.source
    return all(w in source for w in _WORDS)


def find(scope: Scope, names: Mapping[str, frozenset[str]]) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(subscribe call, message, evidence) for each dropped subscription of such a class."""
    if not possible(scope):
        return
    for name in scope.named(frozenset((b'subscribe',))):
        call = _dropped(name)
        if call is None:
            continue
        method = next((a for a in s.ancestors(call) if a.type == 'method_definition'), None)
        body = s.parent_of(method) if method is not None else None
        if method is None or body is None or body.type != 'class_body' or s.parent_of(body).type not in _CLASSES:
            continue
        if s.text(method.child_by_field_name('name')) in names['start_methods'] | names['mount_methods']:
            continue
        ending = _unsubscribing_teardown(scope, body, names)
        if ending is None:
            continue
        stream = s.receiver(call)
        label = s.normalized(stream, 60) if stream is not None else 'the stream'
        yield call, (f'`{label}.subscribe()` in `{s.text(method.child_by_field_name("name"))}` keeps no '
                     f'subscription, while `{ending}` unsubscribes the others: each call leaves one more live'), ()


def _dropped(name: Node) -> Node | None:
    """``this.service.x$.subscribe(...)`` used as a statement: a held stream, with nothing piped (a
    piped stream may end: ``take(1)``, ``takeUntil(this.destroy$)``)."""
    member = s.parent_of(name)
    call = s.parent_of(member) if member is not None else None
    if member is None or member.type != 'member_expression' or call is None or call.type != 'call_expression':
        return None
    statement = s.parent_of(call)
    if statement is None or statement.type != 'expression_statement':
        return None
    stream = member.child_by_field_name('object')
    if stream is None:
        return None
    stream = s.unwrap(stream)
    if stream.type != 'member_expression' or not s.text(stream).startswith('this.') or not s.text(stream).endswith('$'):
        return None  # a service's stream the class holds (`this.state.blocks$`), not a request that completes (`api.get$(id)`)
    return call


def _unsubscribing_teardown(scope: Scope, body: Node, names: Mapping[str, frozenset[str]]) -> str | None:
    """The name of a teardown method of the class that unsubscribes a field (``this.sub.unsubscribe()``)."""
    for method in body.named_children:
        if method.type != 'method_definition':
            continue
        name = s.text(method.child_by_field_name('name'))
        if not teardown(name, names):
            continue
        for node in scope.file.named(frozenset((b'unsubscribe',)), ((method.start_byte, method.end_byte),)):
            member = s.parent_of(node)
            if member is not None and member.type == 'member_expression' and s.text(member).startswith('this.'):
                return name
    return None
