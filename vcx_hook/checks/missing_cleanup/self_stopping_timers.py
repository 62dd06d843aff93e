"""An effect's interval that only stops itself: ``const id = setInterval(poll, 200)`` in a
``useEffect`` whose every ``clearInterval(id)`` sits in the interval's own callback, a function of
the effect it names (``poll`` clears it once the script has loaded), and that returns no cleanup.
(An inline callback is the registrations' rule's: it already asks.) Leave the page before the
condition holds, or when it never does, and the interval keeps running on an unmounted component."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.missing_cleanup import messages
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_WORDS = frozenset((b'setInterval',))


def possible(scope: Scope) -> bool:
    return b'clearInterval' in scope.file.word_text and scope.holds(b'setInterval')


def find(scope: Scope, names: Mapping[str, frozenset[str]]) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(setInterval call, message, evidence) for each such interval."""
    if not possible(scope):
        return
    for name in scope.named(_WORDS):
        call = s.parent_of(name)
        if call is None or call.type != 'call_expression' or call.child_by_field_name('function') != name:
            continue
        declarator = s.parent_of(call)
        if declarator is None or declarator.type != 'variable_declarator':
            continue
        handle = declarator.child_by_field_name('name')
        effect = s.enclosing_function(call)
        hook = s.calling(effect) if effect is not None else None
        if handle is None or handle.type != 'identifier' or effect is None or hook is None \
                or s.callee_name(hook) not in names['effect_hooks'] or messages.has_cleanup(scope.file, effect):
            continue
        args = s.arguments(call)
        callback = _callback(effect, args[0]) if args else None
        if callback is None:
            continue
        clears = _clears(scope, effect, s.text(handle))
        if clears and all(_within(c, callback) for c in clears):
            yield call, (f'`{s.text(handle)}` is cleared only inside its own callback, and the effect returns no '
                         'cleanup: unmounted before that happens, the interval keeps running'), tuple(clears)


def _callback(effect: Node, arg: Node) -> Node | None:
    """The interval's callback: a function of the effect named by it."""
    arg = s.unwrap(arg)
    if arg.type != 'identifier':
        return None
    body = effect.child_by_field_name('body')
    for child in body.named_children if body is not None else []:
        if child.type == 'function_declaration' and s.text(child.child_by_field_name('name')) == s.text(arg):
            return child
        if child.type in ('lexical_declaration', 'variable_declaration'):
            for d in child.named_children:
                value = d.child_by_field_name('value')
                if d.type == 'variable_declarator' and s.text(d.child_by_field_name('name')) == s.text(arg) \
                        and value is not None and value.type in ('arrow_function', 'function_expression'):
                    return value
    return None


def _clears(scope: Scope, effect: Node, handle: str) -> list[Node]:
    out = []
    for node in scope.file.named(frozenset((b'clearInterval',)), ((effect.start_byte, effect.end_byte),)):
        call = s.parent_of(node)
        if call is not None and call.type == 'call_expression' and [s.text(a) for a in s.arguments(call)] == [handle]:
            out.append(call)
    return out


def _within(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte
