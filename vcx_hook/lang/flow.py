"""A little data flow inside a function: which names were bound from which expressions, and which
calls received them.

Computed once per outermost function (or once for the top level of a file) and cached on the
``File``, so every check family shares one walk.  Names are resolved at function granularity: a
reference belongs to the nearest enclosing function that binds its name (block scopes and
shadowing inside one function are merged, which only ever adds origins).

API::

    fl = flow.of(scope.file, node)            # the Flow around any node (cached per outermost function)
    fl.bindings_of(ident)                      # -> [Binding]  where did this name get its value?
    fl.bindings(name)                          # -> [Binding]  every binding of a name under the root
    fl.origins(expr, follow_call=None, path=(), skip=None)
                                               # -> [Origin]   the leaf expressions a value is built from
    fl.references(binding)                     # -> [Node]     identifiers reading that binding
    fl.uses(binding)                           # -> [Use]      calls (and returns, assignments) receiving it
    fl.free_references(name)                   # -> [Node]     reads of a module-level name or global
    fl.free_writes(name)                       # -> [Binding]  assignments to such a name
    flow.use_of(node)                          # -> Use | None where one expression's value goes (``uses``)
    flow.root_of(node)                         # the outermost function around a node (the cache key)

``origins`` follows identifiers to their bindings (destructuring included), and walks through
member access, template literals, concatenation and other binary operators, object and array
literals, ternaries, ``||``/``??``, ``await``, parentheses and TypeScript casts.  Calls and
``new`` are leaves unless ``follow_call`` says which of their parts carry the value on (e.g. a
``.trim()`` receiver).  Each ``Origin`` keeps the property path read from the leaf, so
``const { to } = req.body; send(to)`` gives the parameter ``req`` with path ``('body', 'to')``.

Example::

    app.post('/mail', async (req, res) => {
      const { to, subject } = req.body;          # to   <- req.body.to      (Binding, path ('to',))
      const msg = `Hi ${subject}`;                # msg  <- template
      await sendEmail(to, msg);                   # Use(ref=to, role='argument', target=sendEmail(...), position=0)
      const id = setInterval(tick, 1000);         # uses(id) -> clearInterval(id): role 'argument'
      return () => clearInterval(id);             #   sub.unsubscribe() would be role 'receiver'
    });

    fl.origins(<msg>)  -> [Origin(node=<req>, path=('body', 'subject'), binding=<req parameter>)]
    origin.name        -> 'req.body.subject'
"""
from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from typing import NamedTuple

from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node
from vcx_hook.lang.uses import is_non_reference
from vcx_hook.lang.uses import same
from vcx_hook.lang.uses import Use
from vcx_hook.lang.uses import use_of

__all__ = ['ELEMENT', 'Binding', 'Flow', 'Origin', 'Use', 'of', 'root_of', 'use_of']

ELEMENT = '[]'  # path step for "some element of": for-of variables, unknown subscripts
_MAX_DEPTH = 24
_TRANSPARENT = frozenset((
    'parenthesized_expression', 'await_expression', 'as_expression', 'non_null_expression',
    'satisfies_expression', 'type_assertion',
))
_DECLARATIONS = frozenset(('lexical_declaration', 'variable_declaration'))


class Binding(NamedTuple):
    """``name`` gets ``value`` read along ``path``: ``const { to } = req.body`` is ``to <- req.body . to``.

    ``kind`` is 'declaration', 'assignment', 'update' (``x += y``: value is the whole expression),
    'loop' (``for (const x of xs)``: path starts with ``ELEMENT``), or 'parameter' (value is None,
    ``node`` is the parameter's identifier).  ``owner`` is the function (or program) whose scope
    holds the name.  ``statement`` is the declaration/assignment/loop node (the parameter for
    parameters), for ordering against awaits.
    """
    name: str
    node: Node
    value: Node | None
    path: tuple[str, ...]
    kind: str
    owner: Node
    statement: Node

    @property
    def row(self) -> int:
        return int(self.node.start_point.row)


class Origin(NamedTuple):
    """A leaf a value was built from: an unresolved identifier (a global, an import, a module-level
    name), a parameter, a call, or a literal; plus the property ``path`` read from it.  For a
    parameter, ``node`` is its bound identifier and ``binding.path`` says where that name sits in a
    destructured parameter (``({ body }) => body.to``: path ``('to',)``, binding.path ``('body',)``)."""
    node: Node
    path: tuple[str, ...]
    binding: Binding | None  # the parameter binding when the leaf is a parameter

    @property
    def name(self) -> str:
        """``req.body.to``-style text: the leaf (its bound name for parameters) plus the path."""
        base = self.binding.name if self.binding is not None else s.normalized(self.node, 80)
        return '.'.join((base, *self.path)).replace('.' + ELEMENT, ELEMENT)


class _Walk(NamedTuple):
    follow_call: Callable[[Node], Iterable[Node]] | None
    skip: Callable[[Node], bool] | None
    out: list[Origin]
    seen: set[tuple[int, int, tuple[str, ...]]]


class Flow:
    """Bindings and references under one root node (a function, or the program)."""

    def __init__(self, root: Node) -> None:
        self.root = root
        self._bindings: dict[tuple[int, int, str], list[Binding]] = {}  # (owner bytes, name)
        self._refs: dict[str, list[Node]] = {}
        self._pending: list[tuple[Node, Node | None, tuple[str, ...], str, Node]] = []
        self._free_writes: dict[str, list[Binding]] = {}
        self._collect()
        self._resolve_assignments()

    # --- queries -----------------------------------------------------------------------------

    def bindings_of(self, ident: Node) -> list[Binding]:
        """The bindings an identifier reference (or a shorthand ``{ name }``) reads."""
        name = s.text(ident)
        owner = self._owner_of(ident, name)
        return self._bindings.get((owner.start_byte, owner.end_byte, name), []) if owner is not None else []

    def bindings(self, name: str) -> list[Binding]:
        """Every binding of ``name`` under the root, in source order (all owners)."""
        found = [b for (_, _, n), bs in self._bindings.items() if n == name for b in bs]
        return sorted(found, key=lambda b: b.node.start_byte)

    def references(self, binding: Binding) -> list[Node]:
        """Identifiers that read ``binding``'s name in its owner's scope, in source order."""
        return [
            r for r in self._refs.get(binding.name, ())
            if same(self._owner_of(r, binding.name), binding.owner)
        ]

    def free_references(self, name: str) -> list[Node]:
        """References to ``name`` that no binding under the root resolves (module-level names,
        imports, globals), in source order."""
        return [r for r in self._refs.get(name, ()) if self._owner_of(r, name) is None]

    def free_writes(self, name: str) -> list[Binding]:
        """Assignments (``x = ...``, ``x += ...``) to a name nothing under the root declares."""
        return self._free_writes.get(name, [])

    def uses(self, binding: Binding) -> list[Use]:
        """Where each reference of ``binding`` flows, see ``Use``; references going nowhere are left out."""
        out = []
        for ref in self.references(binding):
            use = use_of(ref)
            if use is not None:
                out.append(use)
        return out

    def origins(
            self,
            expr: Node,
            follow_call: Callable[[Node], Iterable[Node]] | None = None,
            path: tuple[str, ...] = (),
            skip: Callable[[Node], bool] | None = None,
    ) -> list[Origin]:
        """The leaves ``expr``'s value (or its property ``path``, e.g. ``('to',)``) is built from;
        see the module docstring.  ``skip`` prunes expressions the caller knows are clean."""
        out: list[Origin] = []
        seen: set[tuple[int, int, tuple[str, ...]]] = set()
        self._origins(expr, path, _Walk(follow_call, skip, out, seen), 0)
        return out

    # --- origins -----------------------------------------------------------------------------

    def _origins(
            self,
            node: Node,
            path: tuple[str, ...],
            walk: _Walk,
            depth: int,
    ) -> None:
        key = (node.start_byte, node.end_byte, path)
        if key in walk.seen or depth > _MAX_DEPTH or (walk.skip is not None and walk.skip(node)):
            return
        walk.seen.add(key)
        t = node.type
        out = walk.out

        def go(child: Node | None, p: tuple[str, ...] = ()) -> None:
            if child is not None:
                self._origins(child, p, walk, depth + 1)

        if t in _TRANSPARENT:
            inner = [c for c in node.named_children if c.type not in ('type_annotation', 'comment')]
            if inner:
                go(inner[0] if t != 'type_assertion' else inner[-1], path)
            return
        if t in ('identifier', 'shorthand_property_identifier'):
            bindings = self.bindings_of(node)
            if not bindings:
                out.append(Origin(node, path, None))
            for b in bindings:
                if b.kind == 'parameter':
                    out.append(Origin(b.node, path, b))
                elif b.value is not None:
                    go(b.value, b.path + path)
            return
        if t == 'member_expression':
            go(node.child_by_field_name('object'), (s.text(node.child_by_field_name('property')), *path))
            return
        if t == 'subscript_expression':
            index = node.child_by_field_name('index')
            step = s.string_value(index)
            if step is None:
                step = s.text(index) if index is not None and index.type == 'number' else ELEMENT
            go(node.child_by_field_name('object'), (step, *path))
            return
        if t == 'template_string':
            for c in node.named_children:
                if c.type == 'template_substitution':
                    for e in c.named_children:
                        go(e)
            return
        if t == 'binary_expression':
            op = s.text(node.child_by_field_name('operator'))
            keep = path if op in ('||', '??', '&&') else ()
            go(node.child_by_field_name('left'), keep)
            go(node.child_by_field_name('right'), keep)
            return
        if t == 'ternary_expression':
            go(node.child_by_field_name('consequence'), path)
            go(node.child_by_field_name('alternative'), path)
            return
        if t == 'object':
            self._object_origins(node, path, go)
            return
        if t == 'array':
            elements = [c for c in node.named_children if c.type != 'comment']
            if path and path[0].isdigit() and int(path[0]) < len(elements):
                go(elements[int(path[0])], path[1:])
                return
            for e in elements:
                go(e.named_children[0] if e.type == 'spread_element' else e, path[1:] if path else ())
            return
        if t in ('assignment_expression', 'augmented_assignment_expression'):
            go(node.child_by_field_name('right'), path)
            return
        if t == 'sequence_expression':
            go(node.named_children[-1] if node.named_children else None, path)
            return
        if t in ('call_expression', 'new_expression') and walk.follow_call is not None:
            parts = list(walk.follow_call(node))
            if parts:
                for p in parts:
                    go(p, path)
                return
        out.append(Origin(node, path, None))

    @staticmethod
    def _object_origins(node: Node, path: tuple[str, ...], go: Callable[..., None]) -> None:
        spreads = [c.named_children[0] for c in node.named_children
                   if c.type == 'spread_element' and c.named_children]
        if path and path[0] != ELEMENT:
            value = s.object_keys(node).get(path[0])
            if value is not None:
                go(value, path[1:])
            for sp in spreads:
                go(sp, path)
            return
        for value in s.object_keys(node).values():
            if value.type != 'method_definition':
                go(value)
        for sp in spreads:
            go(sp)

    # --- collection --------------------------------------------------------------------------

    def _collect(self) -> None:
        """One walk: bindings (declarations, assignments, parameters, loops) and references."""
        bound: set[int] = set()  # start bytes of identifiers in binding position
        stack = [self.root]
        while stack:
            node = stack.pop()
            t = node.type
            if t in s.FUNCTION_TYPES:
                self._parameters(node, bound)
                fname = node.child_by_field_name('name')
                if fname is not None:
                    bound.add(fname.start_byte)
            elif t == 'variable_declarator':
                pattern = node.child_by_field_name('name')
                if pattern is not None:
                    self._bind_pattern(pattern, node.child_by_field_name('value'), (), 'declaration',
                                       node, bound)
            elif t == 'assignment_expression':
                left = s.unwrap(node.child_by_field_name('left') or node)
                if left.type in ('identifier', 'object_pattern', 'array_pattern'):
                    self._bind_pattern(left, node.child_by_field_name('right'), (), 'assignment',
                                       node, bound)
            elif t == 'augmented_assignment_expression':
                left = node.child_by_field_name('left')
                if left is not None and left.type == 'identifier':
                    self._add(left, node, (), 'update', node)
                    self._refs.setdefault(s.text(left), []).append(left)
                    bound.add(left.start_byte)
            elif t == 'for_in_statement':
                left = node.child_by_field_name('left')
                right = node.child_by_field_name('right')
                if left is not None:
                    of = any(c.type == 'of' for c in node.children)
                    self._bind_pattern(left, right, (ELEMENT,) if of else (), 'loop', node, bound)
            elif t in ('identifier', 'shorthand_property_identifier') and node.start_byte not in bound:
                if not is_non_reference(node):
                    self._refs.setdefault(s.text(node), []).append(node)
            stack.extend(reversed(node.named_children))

    def _resolve_assignments(self) -> None:
        """Assignments belong to the function that declares the name; the rest write free names."""
        for ident, value, path, kind, statement in self._pending:
            name = s.text(ident)
            owner = self._owner_of(ident, name)
            binding = Binding(name, ident, value, path, kind, owner or self.root, statement)
            if owner is None:
                self._free_writes.setdefault(name, []).append(binding)
            else:
                self._bindings[(owner.start_byte, owner.end_byte, name)].append(binding)
        for bindings in self._bindings.values():
            bindings.sort(key=lambda b: b.node.start_byte)
        self._pending = []

    def _parameters(self, fn: Node, bound: set[int]) -> None:
        for p in s.parameters(fn):
            target = p.child_by_field_name('pattern') if p.type in ('required_parameter', 'optional_parameter') else p
            self._bind_pattern(target or p, None, (), 'parameter', p, bound, owner=fn)

    def _bind_pattern(
            self,
            pattern: Node,
            value: Node | None,
            path: tuple[str, ...],
            kind: str,
            statement: Node,
            bound: set[int],
            owner: Node | None = None,
    ) -> None:
        t = pattern.type
        if t in ('identifier', 'shorthand_property_identifier_pattern'):
            bound.add(pattern.start_byte)
            self._add(pattern, value, path, kind, statement, owner)
        elif t == 'object_pattern':
            for c in pattern.named_children:
                if c.type == 'shorthand_property_identifier_pattern':
                    self._bind_pattern(c, value, (*path, s.text(c)), kind, statement, bound, owner)
                elif c.type == 'pair_pattern':
                    key = s.text(c.child_by_field_name('key')).strip('\'"`')
                    inner = c.child_by_field_name('value')
                    if inner is not None:
                        self._bind_pattern(inner, value, (*path, key), kind, statement, bound, owner)
                elif c.type == 'object_assignment_pattern':
                    left = c.child_by_field_name('left')
                    if left is not None:
                        self._bind_pattern(left, value, (*path, s.text(left)), kind, statement, bound, owner)
                elif c.type == 'rest_pattern' and c.named_children:
                    self._bind_pattern(c.named_children[0], value, path, kind, statement, bound, owner)
        elif t == 'array_pattern':
            for i, c in enumerate(x for x in pattern.named_children if x.type != 'comment'):
                step = ELEMENT if c.type == 'rest_pattern' else str(i)
                inner = c.named_children[0] if c.type == 'rest_pattern' and c.named_children else c
                self._bind_pattern(inner, value, (*path, step), kind, statement, bound, owner)
        elif t == 'assignment_pattern':
            left = pattern.child_by_field_name('left')
            if left is not None:
                self._bind_pattern(left, value, path, kind, statement, bound, owner)
        elif t == 'rest_pattern' and pattern.named_children:
            self._bind_pattern(pattern.named_children[0], value, path, kind, statement, bound, owner)

    def _add(
            self,
            ident: Node,
            value: Node | None,
            path: tuple[str, ...],
            kind: str,
            statement: Node,
            owner: Node | None = None,
    ) -> None:
        if kind in ('assignment', 'update') or (kind == 'loop' and statement.child_by_field_name('kind') is None):
            self._pending.append((ident, value, path, kind, statement))
            return
        if owner is None:
            owner = s.enclosing_function(ident) or self.root
            if not self._within_root(owner):
                owner = self.root
        name = s.text(ident)
        self._bindings.setdefault((owner.start_byte, owner.end_byte, name), []).append(
            Binding(name, ident, value, path, kind, owner, statement))

    # --- scoping -----------------------------------------------------------------------------

    def _within_root(self, node: Node) -> bool:
        return self.root.start_byte <= node.start_byte and node.end_byte <= self.root.end_byte

    def _owner_of(self, ident: Node, name: str) -> Node | None:
        """The nearest function (within the root) around ``ident`` that binds ``name``."""
        node = ident
        while node is not None and self._within_root(node):
            if (node.type in s.FUNCTION_TYPES or same(node, self.root)) \
                    and (node.start_byte, node.end_byte, name) in self._bindings:
                return node
            node = s.parent_of(node)
        return None


def root_of(node: Node, top: Node | None = None) -> Node:
    """The outermost function around ``node``, or the program when it is at the top level.
    Given the tree's ``top``, found walking down to ``node`` (a node's ``parent`` is looked up
    from the top each time: walking up costs the depth squared)."""
    if top is not None:
        down: Node | None = top
        while down is not None and down != node:
            if down.type in s.FUNCTION_TYPES:
                return down
            down = down.child_with_descendant(node)
        return node if node.type in s.FUNCTION_TYPES else top
    root = None
    current: Node | None = node
    while current is not None:
        if current.type in s.FUNCTION_TYPES:
            root = current
        if s.parent_of(current) is None and root is None:
            root = current
        current = s.parent_of(current)
    return root if root is not None else node


def of(file: File, node: Node) -> Flow:
    """The (cached) ``Flow`` of the outermost function around ``node``."""
    root = root_of(node, file.tree.root)
    return file.memo(f'flow:{root.start_byte}:{root.end_byte}', lambda _f: Flow(root))
