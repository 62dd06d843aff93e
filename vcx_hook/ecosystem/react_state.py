"""React component state: the setters a state hook hands out (``const [items, setItems] =
useState([])``, ``React.useState``, ``useReducer``'s ``dispatch``), known from the destructuring
that binds them, not from a ``set`` prefix; and the effect hooks whose callbacks run after render."""
from __future__ import annotations

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

STATE_HOOKS = frozenset(('useState', 'useReducer'))
EFFECT_HOOKS = frozenset(('useEffect', 'useLayoutEffect'))
_STATE_WORDS = frozenset(h.encode() for h in STATE_HOOKS)


def setters(file: File) -> frozenset[str]:
    """The names bound to a state hook's setter anywhere in the file."""
    return file.fact(_setters)


def _setters(file: File) -> frozenset[str]:
    if file.words.isdisjoint(_STATE_WORDS):
        return frozenset()
    found = set()
    for name in file.named(_STATE_WORDS, ((0, len(file.source)),)):
        call = s.called_by(name)
        parent = s.parent_of(call) if call is not None else None
        if parent is None or parent.type != 'variable_declarator' or parent.child_by_field_name('value') != call:
            continue
        pattern = parent.child_by_field_name('name')
        if pattern is None or pattern.type != 'array_pattern':
            continue
        items = pattern.named_children
        if len(items) >= 2 and items[1].type == 'identifier':
            found.add(s.text(items[1]))
    return frozenset(found)


def memoized_callback(fn: Node) -> bool:
    """``fn`` is the function a component memoizes with ``useCallback((id) => {...}, [deps])``: the
    component's own handler, run by its effects and events as an effect's callback is."""
    parent = s.parent_of(fn)
    call = s.parent_of(parent) if parent is not None and parent.type == 'arguments' else None
    return (call is not None and call.type == 'call_expression' and s.callee_name(call) == 'useCallback'
            and bool(s.arguments(call)) and s.arguments(call)[0] == fn)


def effect_callback(fn: Node) -> bool:
    """``fn`` is the callback an effect hook runs: ``useEffect(() => {...}, [deps])``."""
    parent = s.parent_of(fn)
    call = s.parent_of(parent) if parent is not None and parent.type == 'arguments' else None
    return (call is not None and call.type == 'call_expression' and s.callee_name(call) in EFFECT_HOOKS
            and bool(s.arguments(call)) and s.arguments(call)[0] == fn)


def memoized_function(file: File, value: Node) -> Node | None:
    """The function of ``useCallback(() => {...}, [deps])`` when ``value`` is that call and
    ``useCallback`` is React's (imported from react, or ``React.useCallback``): calling the memoized
    value runs that function."""
    value = s.unwrap(value)
    if value.type != 'call_expression' or s.callee_name(value) != 'useCallback' or not from_react(file, value):
        return None
    args = s.arguments(value)
    fn = s.unwrap(args[0]) if args else None
    return fn if fn is not None and fn.type in s.FUNCTION_TYPES else None


def from_react(file: File, call: Node) -> bool:
    """``call``'s callee is React's: imported from react, or a member of ``React``."""
    callee = s.callee(call)
    if callee is None:
        return False
    if callee.type == 'member_expression':
        return s.text(callee.child_by_field_name('object')) == 'React'
    bound = bindings.imports(file).get(s.text(callee))
    return bound is not None and bound.library == packages.REACT
