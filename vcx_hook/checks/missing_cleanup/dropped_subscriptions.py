"""A subscription a class drops while its teardown unsubscribes the others: ``ngOnDestroy`` (or
``destroy``, ``onUnload``...) calls ``this.blocksSubscription.unsubscribe()``, while a method that
runs again and again (not a ``start()`` or a mount hook: the registrations' rule asks those)
subscribes to a stream and keeps nothing (``this.state.mempoolBlocks$.subscribe(...)`` as a
statement). The class keeps its subscriptions' books, so the dropped one is an oversight: each call
adds a live subscription that nothing ends, holding the component after it is gone. The constructor
counts for an Angular ``@Component``/``@Directive`` (made for every view it renders), where a
store's selection (``this.store.select(getDirection).subscribe(...)``) is such a stream too.

There, a view whose class has no teardown at all (no ``ngOnDestroy``) is asked too, for a stream
of a service it is injected (``constructor(private feedbackService: FeedbackService) {
this.feedbackService.feedbackUpdate$.subscribe(...) }``): the service outlives every view, as
``ngOnInit``'s registrations are asked (``registrations``), and nothing can end the subscription.
Not the root component (``selector: 'app-root'``), made once."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.missing_cleanup.partial_teardown import teardown
from vcx_hook.checks.missing_cleanup.tiers import mounted_once
from vcx_hook.ecosystem import packages
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_WORDS = (b'subscribe', b'unsubscribe')
# A method named for the events it streams: `notificationOnChange()`, `valueChanges()`, `onLogout()`.
_EVENTS_METHOD = lazyre.compile(r'(?:Changes?|Changed|Updates?|Updated|Events?)$|^(?:on|watch|listen)[A-Z]')
_CLASSES = frozenset(('class_declaration', 'class', 'abstract_class_declaration'))
# Angular's decorators of classes made once per rendered view (not `Injectable`, made once per injector).
_ANGULAR_VIEW_DECORATORS = frozenset(('Component', 'Directive'))


def possible(scope: Scope) -> bool:
    source = scope.file.source
    return all(w in source for w in _WORDS) or b'constructor' in source and _WORDS[0] in source


def find(scope: Scope, names: Mapping[str, frozenset[str]],
         shell: frozenset[str] = frozenset()) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(subscribe call, message, evidence) for each dropped subscription of such a class (not of a
    component mounted once: the root, or one of ``shell``'s selectors)."""
    if not possible(scope):
        return
    for name in scope.named(frozenset((b'subscribe',))):
        call = _dropped(name, names['endless_sources'])
        if call is None:
            continue
        method = next((a for a in s.ancestors(call) if a.type == 'method_definition'), None)
        body = s.parent_of(method) if method is not None else None
        if method is None or body is None or body.type != 'class_body' or s.parent_of(body).type not in _CLASSES:
            continue
        method_name = s.text(method.child_by_field_name('name'))
        view_constructor = method_name == 'constructor' and _angular_view(body)
        if method_name in names['start_methods'] | names['mount_methods'] and not view_constructor \
                or _selection(call) and not view_constructor:
            continue
        stream = s.receiver(call)
        label = s.normalized(stream, 60) if stream is not None else 'the stream'
        ending = _unsubscribing_teardown(scope, body, names)
        if ending is not None:
            yield call, (f'`{label}.subscribe()` in `{s.text(method.child_by_field_name("name"))}` keeps no '
                         f'subscription, while `{ending}` unsubscribes the others: each call leaves one more live'), ()
        elif view_constructor and _injected_stream(call, method) and not _has_teardown(body, names) \
                and not mounted_once(scope.file, body, shell):
            yield call, (f'`{label}.subscribe()` in the constructor keeps no subscription and the view has no '
                         '`ngOnDestroy`: each view made leaves one more live on the service'), ()


def _dropped(name: Node, endless: frozenset[str]) -> Node | None:
    """``this.service.x$.subscribe(...)`` used as a statement: a held stream, with nothing piped (a
    piped stream may end: ``take(1)``, ``takeUntil(this.destroy$)``); or a stream a service's method
    hands out for its events (``this.timeoutNotificationsService.notificationOnChange()``, a name
    for changes, updates or events, or ``endless``), not a request that completes."""
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
    if stream.type == 'call_expression' and s.text(stream).startswith('this.') and s.callee_name(stream) == 'select':
        return call  # a store's selection (`this.store.select(getDirection)`), which never completes
    if stream.type == 'call_expression' and s.text(stream).startswith('this.') and not s.arguments(stream) \
            and (s.callee_name(stream) in endless or _EVENTS_METHOD.search(s.callee_name(stream))):
        return call
    if stream.type != 'member_expression' or not s.text(stream).startswith('this.') or not s.text(stream).endswith('$'):
        return None  # a service's stream the class holds (`this.state.blocks$`), not a request that completes (`api.get$(id)`)
    return call


def _injected_stream(call: Node, ctor: Node) -> bool:
    """``this.service.x$.subscribe(...)`` where ``service`` is a parameter property of ``ctor``
    (``private service: FeedbackService``): what the injector gives outlives the view."""
    stream = s.receiver(call)
    holder = s.unwrap(stream).child_by_field_name('object') if stream is not None and s.unwrap(stream).type == 'member_expression' else None
    parts = s.text(holder).split('.') if holder is not None else []
    if len(parts) != 2 or parts[0] != 'this':
        return False
    params = ctor.child_by_field_name('parameters')
    return any(p.type in ('required_parameter', 'optional_parameter')
               and any(c.type == 'accessibility_modifier' for c in p.children)
               and s.text(p.child_by_field_name('pattern')) == parts[1]
               for p in (params.named_children if params is not None else ()))


def _has_teardown(body: Node, names: Mapping[str, frozenset[str]]) -> bool:
    return any(m.type == 'method_definition' and teardown(s.text(m.child_by_field_name('name')), names)
               for m in body.named_children)


def _selection(call: Node) -> bool:
    """The subscribed stream is a store's selection: asked of an Angular view's constructor only
    (elsewhere the registrations' rule asks what it asks)."""
    stream = s.receiver(call)
    return stream is not None and s.unwrap(stream).type == 'call_expression' and s.callee_name(s.unwrap(stream)) == 'select'


def _angular_view(body: Node) -> bool:
    """The body of a class decorated ``@Component`` or ``@Directive`` of ``@angular/core``: Angular
    makes one per view it renders (an ``@Injectable`` service, made once, is not one)."""
    cls = s.parent_of(body)
    holder = s.parent_of(cls) if cls is not None else None
    decorators = [c for c in (*(cls.children if cls is not None else ()),
                              *(holder.children if holder is not None and holder.type == 'export_statement' else ()))
                  if c.type == 'decorator']
    for decorator in decorators:
        call = next((c for c in decorator.named_children if c.type == 'call_expression'), None)
        name = s.callee_name(call) if call is not None else ''
        if name in _ANGULAR_VIEW_DECORATORS and _imported_from(body, name, packages.ANGULAR_CORE):
            return True
    return False


def _imported_from(node: Node, name: str, module: str) -> bool:
    """``import { name } from 'module'`` at the top of ``node``'s file."""
    root = next((a for a in s.ancestors(node) if a.type == 'program'), None)
    for top in root.named_children if root is not None else ():
        source = top.child_by_field_name('source') if top.type == 'import_statement' else None
        if source is not None and s.string_value(source) == module and any(
                c.type == 'import_specifier' and s.text(c).split(' as ')[-1].strip() == name
                for clause in top.named_children for part in clause.named_children for c in part.named_children):
            return True
    return False


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
