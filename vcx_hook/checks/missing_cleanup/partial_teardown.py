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
from vcx_hook.checks.missing_cleanup import fields
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_WORDS = (b'setInterval', b'clearInterval')
_CLEARS = frozenset(('clearInterval', 'clearTimeout'))
_CLEAR_WORDS = {clear: frozenset((clear.encode(),)) for clear in _CLEARS}
_INTERVAL = frozenset((b'setInterval',))
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
        for call in fields.calls(scope, method, _INTERVAL):
            field = None if begun_there else fields.assigned_field(call)
            if field is not None:
                started.setdefault(field, call)
        for clear in _CLEARS:
            for call in fields.calls(scope, method, _CLEAR_WORDS[clear]):
                args = s.arguments(call)
                if len(args) != 1 or fields.this_field(args[0]) is None:
                    return None  # a timer cleared by a local or a computed key: the class keeps its own books
                cleared.add(fields.this_field(args[0]) or '')
    left = {f: c for f, c in started.items() if f not in cleared}
    if not left:
        return None
    for method in methods:
        name = s.text(method.child_by_field_name('name'))
        if not teardown(name, names):
            continue
        own = sorted({f for clear in _CLEARS for c in fields.calls(scope, method, _CLEAR_WORDS[clear])
                      if (f := fields.this_field(s.arguments(c)[0])) in started})
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
