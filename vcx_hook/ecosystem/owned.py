"""What a UI component owns, and takes with it when it goes: the DOM nodes and child views it
renders, known from the framework's own bindings, and what is found or built from them.

- Vue: ``this.$refs.x`` and ``this.$el``; ``useTemplateRef('x')`` of ``vue``;
- React: a ref object bound to an element by ``ref={x}`` (``useRef()``, ``createRef()``, also
  ``this.x``) and its ``.current``; a callback ref storing its node (``ref={(n) => { this.modal =
  n; }}``); ``findDOMNode(this)``;
- Angular: members decorated ``@ViewChild``/``@ViewChildren``/``@ContentChild``/``@ContentChildren``
  of ``@angular/core`` (a ``QueryList``'s ``changes``, a queried ``ElementRef``'s ``nativeElement``;
  not a child directive's other streams, which may be built on the document) and an injected
  ``ElementRef`` (its ``nativeElement``);
- from those: ``jQuery(node)``, ``node.querySelector(...)``, ``$(node).find(...)``, a widget made on
  the node (``this.table = jQuery(this.domTable).DataTable(options)``) and the nodes it hands to
  the callbacks of its options (``options.createdRow = (row) => ...``), a widget a factory or
  constructor builds in the node (``CodeMirror(this.node, options)``, ``new Chart(canvasRef.current)``,
  ``new Quill(container.appendChild(div))`` with ``container = ref.current``),
  a local or ``this.x`` holding one, and a node ``document.createElement`` makes for ``this``;
- a custom element (``class X extends HTMLElement``, or ``LitElement`` of ``lit``, or a class of the
  file or of the project that extends one of those, followed up to three modules away:
  ``engine/imported.py``): ``this`` itself and what is found in it
  (``this.querySelector('button')``, ``this.shadowRoot.querySelector('#editor')``, ``this.renderRoot``,
  a field or local holding that). A listener added to them in
  ``connectedCallback`` goes with the element (round 28's nav-dekoratoren: 17 such listeners judged
  not worth asking); one added again when the element is moved is a double handler, not a leak.

What leads out of the subtree is not owned: ``ownerDocument``, ``parentNode``, ``closest()``,
``parents()``..., and a Vue instance's other ``$`` properties (``$root``, ``$store``).  Asked by missing-cleanup: a listener on what the component owns dies with it,
while one on ``window``, ``document``, a bus, a store or a service handed in outlives it (issue 17).
"""
from __future__ import annotations

from collections.abc import Callable
from collections.abc import Collection

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import dom
from vcx_hook.ecosystem import importers
from vcx_hook.ecosystem import packages
from vcx_hook.lang import flow
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

VUE_OWN = frozenset(('$refs', '$el'))
VUE_TEMPLATE_REF = (packages.VUE, 'useTemplateRef')
ANGULAR_QUERIES = frozenset(('ViewChild', 'ViewChildren', 'ContentChild', 'ContentChildren'))
ANGULAR_HOST = 'ElementRef'
# What of a view query dies with the view: a QueryList's `changes`, an ElementRef's node.
ANGULAR_QUERY_MEMBERS = frozenset(('changes', 'nativeElement'))
REACT_FIND_NODE = 'findDOMNode'
# A custom element's own shadow root, and the root Lit renders into (`this.shadowRoot`, `this.renderRoot`).
ELEMENT_ROOTS = frozenset(('shadowRoot', 'renderRoot'))
# Properties and methods that lead from a node to what holds it (its document, window, parents).
ESCAPES = frozenset((
    'ownerDocument', 'defaultView', 'view', 'parentNode', 'parentElement', 'offsetParent', 'closest',
    'parents', 'parent', 'parentsUntil', 'getRootNode', 'documentElement', 'body',
))
_MADE_NODE = 'createElement'
# Steps followed (a name to its value is one, a member or a call another): a widget built in a node
# appended to a ref's node (`new Quill(container.appendChild(div))`, `container = ref.current`) is 8.
_DEPTH = 10
_FIELDS = frozenset(('field_definition', 'public_field_definition'))


def owned(file: File, node: Node) -> bool:
    """``node`` (a receiver) is, or is found or built from, something the component renders."""
    return _owned(file, node, 0)


def _owned(file: File, node: Node, depth: int) -> bool:
    if depth > _DEPTH:
        return False
    node = s.unwrap(node)
    if node.type == 'member_expression':
        obj = node.child_by_field_name('object')
        prop = s.text(node.child_by_field_name('property'))
        if obj is None or prop in ESCAPES or (prop.startswith('$') and prop not in VUE_OWN):
            return False  # `node.ownerDocument`; a Vue instance's `$root`, `$store`, `$bus` are the app's
        if s.unwrap(obj).type == 'this':
            return prop in VUE_OWN or (prop in ELEMENT_ROOTS and custom_element(file, s.unwrap(obj))) \
                or _owned_field(file, node, prop, depth)
        if prop not in ANGULAR_QUERY_MEMBERS and _angular_query(file, s.unwrap(obj)):
            return False  # a child directive's stream may be built on the document (`panelClosingActions`)
        return _owned(file, obj, depth + 1)
    if node.type == 'call_expression':
        return _owned_call(file, node, depth)
    if node.type == 'new_expression':
        return _built_on(file, s.arguments(node), depth)
    if node.type == 'assignment_expression':  # `const editor = (this.editor = CodeMirror(node))`
        right = node.child_by_field_name('right')
        return right is not None and _owned(file, right, depth + 1)
    if node.type == 'identifier':
        return _owned_name(file, node, depth)
    if node.type == 'this':
        return custom_element(file, node)
    return False


# The DOM's own element classes a custom element extends (`HTMLElement`, `HTMLButtonElement`).
_ELEMENT_CLASS = lazyre.compile(r'^HTML\w*Element$')
# Lit's base class of a custom element, and the packages it is imported from.
LIT_ELEMENT = 'LitElement'
LIT_PACKAGES = packages.LIT_PACKAGES
_CLASS_TYPES = frozenset(('class_declaration', 'class', 'abstract_class_declaration'))
_HOPS = 3  # classes of the file followed to their base (`class B extends A`, `class A extends LitElement`)


def custom_element(file: File, this: Node) -> bool:
    """``this`` is a custom element (a method of ``class X extends HTMLElement``, the DOM's global
    class, neither imported nor declared in the file, or of a class extending ``LitElement`` of
    ``lit`` or ``lit-element``, or a class of the file or of the project that does, reached through
    arrows only): its own events, and its children's, go with it."""
    for up in s.ancestors(this):
        if up.type in s.FUNCTION_TYPES and up.type != 'arrow_function' and up.type != 'method_definition':
            return False  # a `function` of its own has its own `this`
        if up.type in _CLASS_TYPES:
            return _element_base(file, s.base_class(up), 0)
    return False


def _element_base(file: File, base: Node | None, hops: int) -> bool:
    """``base`` names an element class: the DOM's (a global), Lit's (imported from ``lit``), one
    the project's module it is imported from declares on one of those (``file.element_bases``, by
    the engine), or a class of the file extending one of these."""
    if base is None or base.type != 'identifier' or hops > _HOPS:
        return False
    name = s.text(base)
    found = bindings.imports(file).get(name)
    if found is not None:
        return (name == LIT_ELEMENT and found.library in LIT_PACKAGES) or (file.path, name) in file.element_bases
    cls = _top_class(file, name)
    if cls is not None:
        return _element_base(file, s.base_class(cls), hops + 1)
    return bool(_ELEMENT_CLASS.match(name)) and s.declaration(base) is None


def _top_class(file: File, name: str) -> Node | None:
    """The class ``name`` declared at the top of the file (exported or not)."""
    for top in file.tree.root.named_children:
        decl = top.child_by_field_name('declaration') if top.type == 'export_statement' else top
        if decl is not None and decl.type in _CLASS_TYPES and s.text(decl.child_by_field_name('name')) == name:
            return decl
    return None


# `class YpBaseElement extends LitElement` in a module's source, for the engine's look-up.
_CLASS_EXTENDS = lazyre.compile(rb'\bclass\s+([A-Za-z_$][\w$]*)(?:\s*<[^{]*?>)?\s+extends\s+([A-Za-z_$][\w$]*)')


def extended_classes(source: bytes) -> dict[str, str]:
    """The classes ``source`` declares on a base named by one identifier: name -> base name."""
    if b'extends' not in source:
        return {}
    return {m.group(1).decode(): m.group(2).decode() for m in _CLASS_EXTENDS.finditer(source)}


def element_base_of(source: bytes, imported: dict[str, str], name: str) -> tuple[bool, str]:
    """Whether the class ``name`` of a module (its ``source``, its imports ``imported``: local name ->
    specifier) is an element class: (True, '') when it extends the DOM's or Lit's (through classes
    of the module too), (False, base) when it extends a class it imports from a specifier of the
    project (``base``, to look up there), else (False, '')."""
    classes = extended_classes(source)
    for _ in range(_HOPS + 1):
        base = classes.get(name)
        if base is None:
            return False, ''
        spec = imported.get(base)
        if spec in LIT_PACKAGES:
            return base == LIT_ELEMENT, ''
        if spec is not None:
            return False, base
        if base not in classes:
            return bool(_ELEMENT_CLASS.match(base)), ''
        name = base
    return False, ''


def _owned_call(file: File, call: Node, depth: int) -> bool:
    """``jQuery(node)``, ``findDOMNode(this)``, ``node.querySelector(sel)``, ``$(node).DataTable()``."""
    name = s.callee_name(call)
    if name in ESCAPES:
        return False
    fn = call.child_by_field_name('function')
    args = s.arguments(call)
    if fn is not None and fn.type == 'identifier' and name in dom.JQUERY_ROOTS:
        return any(_owned(file, a, depth + 1) for a in args[:2])  # `$(node)`, `$('.x', node)`
    if name == REACT_FIND_NODE:
        return bool(args) and s.unwrap(args[0]).type == 'this'
    recv = s.receiver(call)
    if recv is not None and _owned(file, recv, depth + 1):
        return True
    return fn is not None and fn.type in ('identifier', 'member_expression') and _built_on(file, args, depth)


def _built_on(file: File, args: list[Node], depth: int) -> bool:
    """A widget built in an owned node (``CodeMirror(this.node, options)``, ``new Chart(canvasRef.current)``,
    ``echarts.init(el)``): it lives in the node, and its listeners go with it."""
    return bool(args) and s.unwrap(args[0]).type != 'this' and _owned(file, args[0], depth + 1)


def _owned_name(file: File, name: Node, depth: int) -> bool:
    """A React ref bound by ``ref={name}``, a local holding an owned node, or a parameter of a
    callback that a widget on an owned node calls."""
    decl = s.declaration(name)
    if decl is None:
        return False
    if decl.start_byte in _jsx_refs(file).locals:
        return True
    if decl.type == 'variable_declarator':
        values = [s.unwrap(b.value) for b in flow.of(file, name).bindings_of(name) if b.value is not None]
        made = [v for v in values if v.type not in ('null', 'undefined')]
        return bool(made) and all(_template_ref(file, v) or _owned(file, v, depth + 1) for v in made)
    return _handed_by_widget(file, decl, depth)


def _template_ref(file: File, value: Node) -> bool:
    """``useTemplateRef('input')`` of ``vue``."""
    fn = value.child_by_field_name('function') if value.type == 'call_expression' else None
    if fn is None or fn.type != 'identifier':
        return False
    found = bindings.imports(file).get(s.text(fn))
    return found is not None and (found.library, s.text(fn)) == VUE_TEMPLATE_REF


def _handed_by_widget(file: File, param: Node, depth: int) -> bool:
    """``param`` is a parameter of a callback passed to a call on an owned node (``$(node).each((i,
    el) => ...)``), or of an option of such a call (``options.createdRow = (row) => ...`` with
    ``$(this.table).DataTable(options)``): the widget hands it its own nodes."""
    fn = next((a for a in s.ancestors(param) if a.type in s.FUNCTION_TYPES), None)
    holder = s.parent_of(fn) if fn is not None else None
    if holder is None:
        return False
    if holder.type == 'arguments':
        call = s.parent_of(holder)
        recv = s.receiver(call) if call is not None else None
        return recv is not None and _owned(file, recv, depth + 1)
    if holder.type == 'pair':
        options = s.parent_of(holder)
        up = s.parent_of(options) if options is not None else None
        if up is not None and up.type == 'arguments':
            call = s.parent_of(up)
            recv = s.receiver(call) if call is not None else None
            return recv is not None and _owned(file, recv, depth + 1)
        name = up.child_by_field_name('name') if up is not None and up.type == 'variable_declarator' else None
        return name is not None and _passed_to_widget(file, name, depth)
    if holder.type == 'assignment_expression':
        left = s.unwrap(holder.child_by_field_name('left'))
        options = left.child_by_field_name('object') if left.type == 'member_expression' else None
        return options is not None and s.unwrap(options).type == 'identifier' and _passed_to_widget(file, s.unwrap(options), depth)
    return False


def _passed_to_widget(file: File, options: Node, depth: int) -> bool:
    """The options object ``options`` is passed, in its function, to a call on an owned node."""
    decl = s.declaration(options)
    where = s.enclosing_function(decl) if decl is not None else None
    if decl is None or where is None:
        return False
    for use in file.named(frozenset((s.text(options).encode(),)), ((where.start_byte, where.end_byte),)):
        up = s.parent_of(use)
        call = s.parent_of(up) if up is not None and up.type == 'arguments' else None
        recv = s.receiver(call) if call is not None else None
        if recv is not None and s.declaration(use) == decl and _owned(file, recv, depth + 1):
            return True
    return False


def _owned_field(file: File, member: Node, prop: str, depth: int) -> bool:
    """``this.prop`` of a class: an Angular view query or host ``ElementRef``, a React ref bound
    by ``ref={this.prop}`` or stored by a callback ref, or a field every assignment of which holds
    an owned node (``this.table = $(this.domTable).DataTable()``, ``document.createElement``)."""
    body = next((a for a in s.ancestors(member) if a.type == 'class_body'), None)
    if body is None:
        return False
    if (body.start_byte, prop) in _jsx_refs(file).fields or _angular_owned(file, body, prop) != '':
        return True
    values = [v for v in field_values(file, body, prop) if v.type not in ('null', 'undefined')]  # empty until set
    return bool(values) and all(_made_node(v) or _owned(file, v, depth + 1) for v in values)


def _made_node(value: Node) -> bool:
    return value.type == 'call_expression' and s.callee_path(value) == f'document.{_MADE_NODE}'


def field_values(file: File, body: Node, prop: str) -> list[Node]:
    """What ``this.prop`` is set to anywhere in the class (a field's initializer, ``this.prop = x``)."""
    out = []
    for name in file.named(frozenset((prop.encode(),)), ((body.start_byte, body.end_byte),)):
        up = s.parent_of(name)
        if up is None:
            continue
        if up.type in _FIELDS and s.parent_of(up) == body:
            value = up.child_by_field_name('value')
            if value is not None:
                out.append(s.unwrap(value))
        elif up.type == 'member_expression' and s.unwrap(up.child_by_field_name('object')).type == 'this':
            assign = s.parent_of(up)
            if assign is not None and assign.type == 'assignment_expression' and assign.child_by_field_name('left') == up:
                right = assign.child_by_field_name('right')
                if right is not None and s.unwrap(right).type not in ('null', 'undefined'):
                    out.append(s.unwrap(right))
    return out


def _angular_query(file: File, member: Node) -> bool:
    """``member`` is ``this.prop``, a view or content query of its class."""
    obj = member.child_by_field_name('object') if member.type == 'member_expression' else None
    body = next((a for a in s.ancestors(member) if a.type == 'class_body'), None)
    return obj is not None and s.unwrap(obj).type == 'this' and body is not None \
        and _angular_owned(file, body, s.text(member.child_by_field_name('property'))) == 'query'


def _angular_owned(file: File, body: Node, prop: str) -> str:
    """'query' for ``@ViewChild(...) prop`` or ``@ViewChildren(...) prop`` (``@angular/core``),
    'host' for an injected ``ElementRef`` (``constructor(private prop: ElementRef)``), else ''."""
    imported = bindings.imports(file)

    def angular(name: str) -> bool:
        found = imported.get(name)
        return found is not None and found.library == packages.ANGULAR_CORE

    for member in body.named_children:
        if member.type in _FIELDS and s.text(member.child_by_field_name('name')) == prop:
            for deco in (c for c in member.children if c.type == 'decorator'):
                call = deco.named_children[0] if deco.named_children else None
                fn = call.child_by_field_name('function') if call is not None and call.type == 'call_expression' else None
                if fn is not None and s.text(fn) in ANGULAR_QUERIES and angular(s.text(fn)):
                    return 'query'
        if member.type == 'method_definition' and s.text(member.child_by_field_name('name')) == 'constructor':
            params = member.child_by_field_name('parameters')
            for p in params.named_children if params is not None else ():
                pattern = p.child_by_field_name('pattern')
                kind = p.child_by_field_name('type')
                if pattern is not None and s.text(pattern) == prop and kind is not None \
                        and s.text(kind).lstrip(':').strip() == ANGULAR_HOST and angular(ANGULAR_HOST):
                    return 'host'
    return ''


class _Refs:
    """The React refs the file binds to elements: locals (by their declaration's start byte) and
    class fields (by their class body's start byte and name)."""

    def __init__(self) -> None:
        self.locals: set[int] = set()
        self.fields: set[tuple[int, str]] = set()


def _jsx_refs(file: File) -> _Refs:
    return file.fact(_find_jsx_refs)


def _find_jsx_refs(file: File) -> _Refs:
    refs = _Refs()
    for name in file.named(frozenset((b'ref',)), ((0, len(file.source)),), frozenset(('property_identifier',))):
        attr = s.parent_of(name)
        if attr is None or attr.type != 'jsx_attribute':
            continue
        value = next((c for c in attr.named_children if c.type == 'jsx_expression'), None)
        inner = s.unwrap(value.named_children[0]) if value is not None and value.named_children else None
        if inner is None:
            continue
        if inner.type in s.FUNCTION_TYPES:  # `ref={(n) => { this.modal = n; }}`
            targets = [a.child_by_field_name('left') for a in _assignments(inner)]
        else:
            targets = [inner]
        for target in (s.unwrap(t) for t in targets if t is not None):
            _add_ref(refs, target)
    return refs


def _add_ref(refs: _Refs, target: Node) -> None:
    if target.type == 'member_expression' and s.text(target.child_by_field_name('property')) == 'current':
        target = s.unwrap(target.child_by_field_name('object'))  # `ref={(n) => { box.current = n; }}`
    if target.type == 'identifier':
        decl = s.declaration(target)
        if decl is not None:
            refs.locals.add(decl.start_byte)
    elif target.type == 'member_expression' and s.unwrap(target.child_by_field_name('object')).type == 'this':
        body = next((a for a in s.ancestors(target) if a.type == 'class_body'), None)
        if body is not None:
            refs.fields.add((body.start_byte, s.text(target.child_by_field_name('property'))))


def _assignments(fn: Node) -> list[Node]:
    out, stack = [], [fn.child_by_field_name('body')]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if node.type == 'assignment_expression':
            out.append(node)
        stack.extend(node.named_children)
    return out


def imported_element_bases(
        path: str, data: bytes, resolve: Callable[[str, str], tuple[str, bytes] | None],
        declared: Collection[str], known: dict[tuple[str, str], bool],
) -> set[str]:
    """The names of the classes the file at ``path`` (holding ``data``) extends, imported from the
    project's own modules (``resolve(importer, specifier)``: the module's path and source, or None;
    not a package of ``declared``), that are element classes (``element_base_of``), followed up to
    three modules away; ``known`` memoises (module path, class name) across files."""
    classes = extended_classes(data)
    if not classes:
        return set()
    imported = _named_imports(data)
    out = set()
    for base in set(classes.values()):
        spec = imported.get(base)
        if spec is not None and spec not in LIT_PACKAGES and (spec.startswith('.') or packages.package_name(spec) not in declared) \
                and _imported_element(path, spec, base, resolve, known, 1):
            out.add(base)
    return out


def _imported_element(importer: str, spec: str, name: str, resolve: Callable[[str, str], tuple[str, bytes] | None],
                      known: dict[tuple[str, str], bool], hops: int) -> bool:
    found = resolve(importer, spec)
    if found is None:
        return False
    module, source = found
    key = (module, name)
    if key not in known:
        known[key] = False  # a cycle of imports stops here
        imported = _named_imports(source)
        yes, base = element_base_of(source, imported, name)
        if not yes and base and hops < _HOPS:
            yes = _imported_element(module, imported[base], base, resolve, known, hops + 1)
        known[key] = yes
    return known[key]


def _named_imports(source: bytes) -> dict[str, str]:
    """Name -> specifier of the names ``source`` imports by their own name (``import { A } from './a'``)."""
    return {name: spec for name, spec in importers.imports(source) if name not in (importers.WHOLE, importers.PASSED_ON)}
