"""A mount hook's listener on an object a library made for the component, when the component's
teardown ends the library's root object: ``ngAfterViewInit`` builds ``this.map = L.map('map')``
and the layers on it (``L.geoJSON(data, { onEachFeature: (feature, layer) => layer.on('click',
f) })``), and ``ngOnDestroy`` calls ``this.map.remove()``. The layer is the library's, handed to
a callback of a call the hook made; the map it hangs from goes with the component, and nothing
long-lived holds the layer: NRPTI's app map, round 19, listed and judged not worth asking (12 such
listeners on feature layers). Low, not dropped: the library may keep what it hands over."""
from __future__ import annotations

from vcx_hook.checks.missing_cleanup.contexts import Context
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import resources
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# Calls that end an object's life.
_ENDS = frozenset(('remove', 'destroy', 'dispose'))


def library_owned(file: File, target: Node, ctx: Context) -> bool:
    """``target`` was made by a library (its root binding) inside the mount hook, and the class's
    teardown ends a field the same library made."""
    if ctx.kind != 'lifecycle':
        return False
    library = _made_by(file, target, ctx.fn)
    return bool(library) and library in _ended_libraries(file, ctx)


def _made_by(file: File, target: Node, hook: Node) -> str:
    """The library root (``L``) of the call that hands ``target`` to a callback nested in ``hook``
    (a parameter of ``onEachFeature``, ``this`` of a Leaflet control's ``onAdd``); '' otherwise."""
    node = s.unwrap(target)
    while node.type == 'member_expression':
        node = s.unwrap(node.child_by_field_name('object'))
    if node.type == 'this':
        fn = next((a for a in s.ancestors(node) if a.type in s.FUNCTION_TYPES and a.type != 'arrow_function'), None)
    elif node.type == 'identifier':
        decl = s.declaration(node)
        if decl is None:
            return ''
        fn = next((a for a in s.ancestors(decl) if a.type in s.FUNCTION_TYPES), None)
        if fn is not None and not any(p.start_byte <= decl.start_byte and decl.end_byte <= p.end_byte for p in s.parameters(fn)):
            return ''
    else:
        return ''
    if fn is None or not _within(fn, hook):
        return ''
    call = _handed_to(fn)
    return _library_root(file, call) if call is not None else ''


def _handed_to(fn: Node) -> Node | None:
    """The call ``fn`` is given to: as an argument, or as a method or property of an object argument."""
    up = s.parent_of(fn)
    if up is not None and up.type == 'pair':
        up = s.parent_of(up)
    if up is not None and up.type == 'object':
        up = s.parent_of(up)
    call = s.parent_of(up) if up is not None and up.type == 'arguments' else None
    return call if call is not None and call.type == 'call_expression' else None


def _library_root(file: File, call: Node) -> str:
    """The root name of ``call``'s callee when it is an import or a global (``L`` of
    ``L.geoJSON(...)``, ``L.Control.extend(...)``); '' for a local, a field or ``this``."""
    node = s.callee(call)
    while node is not None and node.type in ('member_expression', 'call_expression'):
        node = node.child_by_field_name('object') if node.type == 'member_expression' else s.callee(node)
        node = s.unwrap(node) if node is not None else None
    if node is None or node.type != 'identifier':
        return ''
    name = s.text(node)
    if name in bindings.imports(file):
        return name
    decl = s.declaration(node)
    return name if decl is None or s.enclosing_function(decl) is None else ''


def _ended_libraries(file: File, ctx: Context) -> set[str]:
    """The library roots of the fields the mount hook's teardown ends (``this.map.remove()`` in
    ``ngOnDestroy``, ``this.map`` set to ``L.map(...)``)."""
    pair = resources.TEARDOWN_OF.get(ctx.label, '')
    teardown = next((m for m in ctx.region.named_children if m.type == 'method_definition'
                     and s.text(m.child_by_field_name('name')) == pair), None)
    if teardown is None:
        return set()
    ended = {s.text(s.receiver(c)) for c in s.own_nodes(teardown, frozenset(('call_expression',)))
             if s.callee_name(c) in _ENDS and s.receiver(c) is not None and s.text(s.receiver(c)).startswith('this.')}
    out = set()
    for field in ended:
        prop = field.removeprefix('this.').encode()
        for name in file.named(frozenset((prop,)), ((ctx.region.start_byte, ctx.region.end_byte),)):
            member = s.parent_of(name)
            assign = s.parent_of(member) if member is not None else None
            if assign is not None and assign.type == 'assignment_expression' and s.text(member) == field \
                    and assign.child_by_field_name('left') == member:
                value = s.unwrap(assign.child_by_field_name('right'))
                if value.type == 'call_expression':
                    out.add(_library_root(file, value))
    return out - {''}


def _within(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte \
        and (node.start_byte, node.end_byte) != (outer.start_byte, outer.end_byte)
