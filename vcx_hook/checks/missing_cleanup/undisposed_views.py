"""A view holding a GPU context that the code's own teardown never releases: a component makes a
three.js ``WebGLRenderer`` and its effect cleanups only remove listeners; a composable makes an
OpenLayers ``Map`` and its ``teardownMap`` only stops watching the location; a service keeps
``this._map = new OlMap(...)`` and its ``terminate()`` clears caches but keeps the map on its target.
Each teardown and remake leaves one more WebGL context, canvas and set of listeners behind, until
the browser drops contexts or the tab runs out of memory (zooniverse's volumetric viewer, zskarte's
map renderer, getodk's map block: real bugs of holdout21 and holdout18).

Asked only where the owner (the class keeping the view in a field, or the component or function
making it) has a teardown: a method or function named for one (``destroy``, ``terminate``,
``teardownMap``), an effect's returned cleanup, an unmount hook. A view made once for the page's
life, with nothing torn down beside it, is not asked. Which constructors make such views, and what
releases each, is ``ecosystem.views``."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.ecosystem import resources
from vcx_hook.ecosystem import views
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_MODULE_BYTES = tuple(m.encode() for m in views.MODULES)
_CLASSES = frozenset(('class_declaration', 'class', 'abstract_class_declaration'))
_UNMOUNT_HOOKS = resources.TEARDOWN_HOOKS | frozenset(('onUnmounted', 'onBeforeUnmount', 'onDeactivated'))
_TEARDOWN_WORDS = resources.TEARDOWN_WORDS | frozenset(('terminate',))
_EMPTY = frozenset(('undefined', 'null'))


def possible(scope: Scope) -> bool:
    source = scope.file.source
    return b'new' in scope.file.words and any(m in source for m in _MODULE_BYTES)


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(teardown, message, evidence: the construction) for each view its owner's teardowns never release."""
    if not possible(scope):
        return
    made = _constructors(scope.file)
    if not made:
        return
    file = scope.file
    for name in file.named(frozenset(n.rsplit('.', 1)[-1].encode() for n in made), ((0, len(file.source)),)):
        new = s.parent_of(name)
        if new is not None and new.type == 'member_expression' and new.child_by_field_name('property') == name:
            new = s.parent_of(new)
        ctor = new.child_by_field_name('constructor') if new is not None and new.type == 'new_expression' else None
        view = made.get(s.dotted(ctor)) if ctor is not None else None
        kept = s.kept_under(new) if view is not None and new is not None else None
        if view is None or new is None or kept is None:
            continue
        field = _last(kept)
        if not field or any(_released(file, alias, view) for alias in _aliases(file, field)):
            continue
        owner = _owner(new, kept)
        teardowns = [t for t in _teardowns(owner) if not t[0].start_byte <= new.start_byte < t[0].end_byte]
        if not teardowns or not (_in(scope, new) or any(_in(scope, t[0]) for t in teardowns)):
            continue
        node, what = teardowns[0]
        yield node, (f'{what} never releases the {view.label} made on line {new.start_point.row + 1} '
                     f'(`{s.normalized(kept, 30)}`): its GPU context, canvas and listeners outlive it '
                     f'(`{view.hint}`)'), (new,)


def _constructors(file: File) -> dict[str, views.View]:
    """The constructors the file imports, by the dotted name a ``new`` spells (``WebGLRenderer``,
    ``OlMap``, ``maplibregl.Map``, ``THREE.WebGLRenderer``)."""
    out: dict[str, views.View] = {}
    for top in file.tree.root.named_children:
        source = top.child_by_field_name('source') if top.type == 'import_statement' else None
        module = s.string_value(source) if source is not None else None
        if module not in views.MODULES:
            continue
        for clause in (c for c in top.named_children if c.type == 'import_clause'):
            for part in clause.named_children:
                if part.type == 'identifier':
                    _add(out, s.text(part), module, 'default')
                elif part.type == 'namespace_import':
                    for ident in (c for c in part.named_children if c.type == 'identifier'):
                        _add(out, s.text(ident), module, '*')
                elif part.type == 'named_imports':
                    for spec in part.named_children:
                        exported = spec.child_by_field_name('name')
                        local = spec.child_by_field_name('alias') or exported
                        if exported is not None and local is not None:
                            _add(out, s.text(local), module, s.text(exported))
    return out


def _add(out: dict[str, views.View], local: str, module: str, exported: str) -> None:
    """A constructor under its local name, or every constructor of a module under its namespace."""
    view = views.CONSTRUCTORS.get((module, exported))
    if view is not None:
        out[local] = view
    if exported in ('default', '*'):
        for (m, name), v in views.CONSTRUCTORS.items():
            if m == module and name != 'default':
                out[f'{local}.{name}'] = v


def _last(kept: Node) -> str:
    """The name a view is kept under: ``renderer`` of ``threeRef.current.renderer``, ``_map`` of ``this._map``."""
    if kept.type == 'member_expression':
        prop = kept.child_by_field_name('property')
        return s.text(prop) if prop is not None else ''
    return s.text(kept) if kept.type in ('identifier', 'property_identifier', 'shorthand_property_identifier') else ''


def _aliases(file: File, field: str) -> set[str]:
    """``field`` and the names it is handed to (``map.value = mapLibre``, ``const map = this._map``)."""
    out = {field}
    for name in file.named(frozenset((field.encode(),)), ((0, len(file.source)),)):
        node = name
        if s.parent_of(node) is not None and s.parent_of(node).type == 'member_expression' \
                and s.parent_of(node).child_by_field_name('property') == node:
            node = s.parent_of(node)
        parent = s.parent_of(node)
        if parent is None:
            continue
        if parent.type == 'assignment_expression' and parent.child_by_field_name('right') == node:
            target = parent.child_by_field_name('left')
        elif parent.type == 'variable_declarator' and parent.child_by_field_name('value') == node:
            target = parent.child_by_field_name('name')
        else:
            continue
        alias = _last(s.unwrap(target)) if target is not None else ''
        if alias:
            out.add(alias)
    return out


def _released(file: File, field: str, view: views.View) -> bool:
    """A release of the view anywhere in the file: ``<...>.renderer.dispose()``,
    ``this._map.setTarget(undefined)``, ``map.remove()``."""
    for prop in file.named(frozenset(r.encode() for r in view.releases), ((0, len(file.source)),)):
        member = s.parent_of(prop)
        call = s.parent_of(member) if member is not None else None
        if member is None or member.type != 'member_expression' or call is None or call.type != 'call_expression':
            continue
        obj = member.child_by_field_name('object')
        if obj is None or _last(s.unwrap(obj)) != field:
            continue
        args = s.arguments(call)
        if s.text(prop) == 'setTarget' and args and s.text(s.unwrap(args[0])) not in _EMPTY:
            continue  # attached to a new target
        return True
    return False


def _owner(new: Node, kept: Node) -> Node:
    """The class body keeping the view in a field, else the outermost function making it."""
    if kept.type == 'member_expression' and s.text(kept).startswith('this.'):
        body = next((a for a in s.ancestors(new) if a.type == 'class_body'), None)
        if body is not None:
            return body
    outer = new
    for a in s.ancestors(new):
        if a.type in s.FUNCTION_TYPES:
            outer = a
    return outer


def _teardowns(owner: Node) -> list[tuple[Node, str]]:
    """(node to report, how a message names it) for each teardown in ``owner``, in document order."""
    out: list[tuple[Node, str]] = []
    stack = [owner]
    while stack:
        node = stack.pop()
        found = _teardown(node)
        if found is not None:
            out.append(found)
        stack.extend(reversed(node.named_children))
    return sorted(out, key=lambda t: t[0].start_byte)


def _teardown(node: Node) -> tuple[Node, str] | None:
    kind = node.type
    if kind in ('method_definition', 'function_declaration', 'variable_declarator', 'pair', 'public_field_definition'):
        name = node.child_by_field_name('name') or node.child_by_field_name('key') or node.child_by_field_name('property')
        value = node.child_by_field_name('value') if kind != 'method_definition' and kind != 'function_declaration' else node
        if name is None or value is None or s.unwrap(value).type not in s.FUNCTION_TYPES:
            return None
        text = s.text(name)
        words = set(s.name_words(text))
        if text in resources.TEARDOWN_METHODS or words & _TEARDOWN_WORDS:
            return name, f'`{text}()`'
        return None
    if kind in s.FUNCTION_TYPES:
        parent = s.parent_of(node)
        if parent is not None and parent.type == 'return_statement' and _effect_callback(s.enclosing_function(parent)):
            return node, f'the effect cleanup on line {node.start_point.row + 1}'
        call = s.calling(node)
        if call is not None and s.callee_name(call) in _UNMOUNT_HOOKS:
            return node, f'`{s.callee_name(call)}()`'
    return None


def _effect_callback(fn: Node | None) -> bool:
    call = s.calling(fn) if fn is not None else None
    return call is not None and s.callee_name(call) in resources.EFFECT_HOOKS


def _in(scope: Scope, node: Node) -> bool:
    return any(a <= node.start_byte < b for a, b in scope.ranges)
