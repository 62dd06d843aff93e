"""A class whose teardown clears its interval timers but one: ``onUnload`` (or ``destroy``,
``componentWillUnmount``, ``stop``...) calls ``clearInterval(this.a)`` and ``clearInterval(this.b)``,
while another method (not the constructor, a `start()` or a mount hook: the registrations' rule
asks those) also keeps ``this.c = setInterval(...)`` that nothing in the class ever clears. The author cleans timers up there, so the one left out is an oversight: it keeps firing
after every unload (and holds the instance), once more per reload. Asked at the teardown, where the
missing line goes; when only the method starting the timer is touched, at that ``setInterval``."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.ecosystem import resources
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_WORDS = (b'setInterval', b'clearInterval')
_CLEARS = frozenset(('clearInterval', 'clearTimeout'))
_CLASSES = frozenset(('class_declaration', 'class', 'abstract_class_declaration'))


def possible(scope: Scope) -> bool:
    words = scope.file.word_text
    return all(w in words for w in _WORDS)


def find(scope: Scope, names: Mapping[str, frozenset[str]]) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(where, message, evidence) for each class whose teardown leaves an interval field running."""
    if not possible(scope):
        return
    done: set[int] = set()
    for name in scope.file.named(frozenset((b'setInterval',)), ((0, len(scope.file.source)),)):
        body = next((a for a in s.ancestors(name) if a.type == 'class_body'), None)
        if body is None or body.start_byte in done or s.parent_of(body).type not in _CLASSES:
            continue
        done.add(body.start_byte)
        found = _partial(scope, body, names)
        if found is not None:
            yield found


def _partial(scope: Scope, body: Node, names: Mapping[str, frozenset[str]]) -> tuple[Node, str, tuple[Node, ...]] | None:
    methods = [m for m in body.named_children if m.type == 'method_definition']
    started: dict[str, Node] = {}  # field -> its setInterval call
    cleared: set[str] = set()
    starts = names['start_methods'] | names['mount_methods']
    for method in methods:
        # A timer a constructor, `start()` or mount hook begins is the registrations' rule's question.
        begun_there = s.text(method.child_by_field_name('name')) in starts
        for call in _calls(scope, method, 'setInterval'):
            field = None if begun_there else _assigned_field(call)
            if field is not None:
                started.setdefault(field, call)
        for clear in _CLEARS:
            for call in _calls(scope, method, clear):
                args = s.arguments(call)
                if len(args) != 1 or _this_field(args[0]) is None:
                    return None  # a timer cleared by a local or a computed key: the class keeps its own books
                cleared.add(_this_field(args[0]) or '')
    left = {f: c for f, c in started.items() if f not in cleared}
    if not left:
        return None
    for method in methods:
        name = s.text(method.child_by_field_name('name'))
        if not teardown(name, names):
            continue
        own = sorted({f for clear in _CLEARS for c in _calls(scope, method, clear)
                      if (f := _this_field(s.arguments(c)[0])) in started})
        if not own:
            continue
        field, call = min(left.items(), key=lambda kv: kv[1].start_byte)
        row = call.start_point[0] + 1
        shown = ', '.join(f'`this.{f}`' for f in own[:3]) + (' and more' if len(own) > 3 else '')
        message = (f'`{name}` clears {shown} but not `this.{field}`: its `setInterval` (line {row}) keeps firing '
                   'after every teardown')
        where = method.child_by_field_name('name')
        if not scope.contains(method) and scope.contains(call):
            where = call
        elif not scope.contains(method):
            return None
        return where, message, (call,)
    return None


def teardown(name: str, names: Mapping[str, frozenset[str]]) -> bool:
    return name in names['teardown_methods'] or not resources.TEARDOWN_WORDS.isdisjoint(s.name_words(name))


def _calls(scope: Scope, method: Node, callee: str) -> list[Node]:
    out = []
    for node in scope.file.named(frozenset((callee.encode(),)), ((method.start_byte, method.end_byte),)):
        call = s.parent_of(node)
        if call is not None and call.type == 'call_expression' and call.child_by_field_name('function') == node:
            out.append(call)
    return out


def _assigned_field(call: Node) -> str | None:
    """``this.x`` for ``this.x = setInterval(...)``."""
    parent = s.parent_of(call)
    if parent is None or parent.type != 'assignment_expression' or parent.child_by_field_name('right') != call:
        return None
    return _this_field(parent.child_by_field_name('left'))


def _this_field(node: Node | None) -> str | None:
    if node is None:
        return None
    node = s.unwrap(node)
    if node.type != 'member_expression':
        return None
    obj = node.child_by_field_name('object')
    if obj is None or obj.type != 'this':
        return None
    return s.text(node.child_by_field_name('property'))
