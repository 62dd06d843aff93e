"""The vocabulary checks use to ask questions of a syntax tree: names, callees, receivers,
arguments, enclosing functions, declarations.  Functions of tree-sitter nodes (through
``syntax.Node``) that remember what they found in the tree being audited (``track``); rows are
0-based.  Checks reach it through the ``scope`` facade.
"""
from __future__ import annotations

import time
from collections.abc import Iterable
from collections.abc import Iterator

from vcx_hook.lang import lazyre
from vcx_hook.lang.syntax import Node

FUNCTION_TYPES = frozenset((
    'function_declaration', 'function_expression', 'function', 'arrow_function',
    'method_definition', 'generator_function_declaration', 'generator_function',
))
LOOP_TYPES = frozenset((
    'for_statement', 'for_in_statement', 'while_statement', 'do_statement',
))
ROUTE_METHODS = frozenset(('get', 'post', 'put', 'patch', 'delete', 'all', 'head', 'options'))
_WS = lazyre.compile(rb'\s+')
_WORD = lazyre.compile(r'[A-Z]?[a-z0-9$]+|[A-Z]+(?![a-z])')


# Facts about the nodes of the tree being audited, looked up by node (a node is equal only to
# the same node of the same tree, and keeps that tree alive while it is a key here).  Emptied
# by ``track`` when a file's tree is parsed: only one file's facts are ever kept.
_tree_memo: dict[Node, object] = {}


class _Parents:
    """Each node's parent in the tree being audited, as ``node.parent`` gives it.

    tree-sitter keeps no parent links: ``node.parent`` walks down from the root, so it costs the
    node's depth, and walking up from a node the depth squared (minutes for a file of a thousand
    nested loops, issue 19).  Parents asked for are remembered; once asking has cost about what
    indexing every node of the tree costs, every node is indexed, and the rest costs nothing.
    """

    _UNKNOWN = object()
    _INDEX_SECONDS_PER_NODE = 1e-6

    def __init__(self) -> None:
        self.known: dict[Node, Node | None] = {}
        self.top: Node | None = None
        self.budget = 0.0  # seconds of lookups before the whole tree is indexed
        self.indexed = False

    def reset(self, top: Node) -> None:
        self.known = {}
        self.top = top
        self.budget = top.descendant_count * self._INDEX_SECONDS_PER_NODE
        self.indexed = False

    def of(self, node: Node) -> Node | None:
        found = self.known.get(node, self._UNKNOWN)
        if found is not self._UNKNOWN:
            return found
        if self.indexed:
            return node.parent  # a node of another tree
        start = time.perf_counter()
        found = self.known[node] = node.parent
        self.budget -= time.perf_counter() - start
        if self.budget < 0 and self.top is not None:
            self._index()
        return found

    def _index(self) -> None:
        known = self.known
        stack: list[Node] = [self.top]
        while stack:
            node = stack.pop()
            children = node.children
            for child in children:
                known[child] = node
            stack.extend(children)
        known[self.top] = None
        self.indexed = True


_parents = _Parents()


def parent_of(node: Node) -> Node:
    """``node.parent`` (``None`` at the root), remembered for the file being audited (see
    ``_Parents``)."""
    return _parents.of(node)


def descendant(root: Node, start: int, end: int) -> Node | None:
    """``root.descendant_for_byte_range(start, end)``.  tree-sitter searches from ``root``, so
    each search costs the depth; in the tree being audited, it starts from the node the last
    search found instead, up only as far as a node that holds the range."""
    if end <= start or _parents.top is None or root != _parents.top:
        return root.descendant_for_byte_range(start, end)
    node = _last_found[0] or root
    while not (node.start_byte <= start and end <= node.end_byte):
        node = _parents.of(node)
        if node is None:
            return root.descendant_for_byte_range(start, end)
    found = node.descendant_for_byte_range(start, end)
    _last_found[0] = found
    return found


_last_found: list[Node | None] = [None]


def track(top: Node) -> None:
    """From now on the tree of ``top`` is the one being audited: what was remembered of the
    previous one is dropped."""
    _tree_memo.clear()
    _nearest_memo.clear()
    _declarations.clear()
    _last_found[0] = None
    _parents.reset(top)


def text(node: Node | None) -> str:
    if node is None:
        return ''
    return node.text.decode('utf-8', 'replace')


def normalized(node: Node, limit: int = 200) -> str:
    return _WS.sub(b' ', node.text[:limit * 2]).decode('utf-8', 'replace')[:limit]


def ancestors(node: Node) -> Iterator[Node]:
    up = _parents.of
    node = up(node)
    while node is not None:
        yield node
        node = up(node)


def enclosing_function(node: Node, include_self: bool = False) -> Node | None:
    if include_self and node.type in FUNCTION_TYPES:
        return node
    return _nearest(node, FUNCTION_TYPES, False)


def inside(node: Node, kinds: Iterable[str] | frozenset[str], stop_at_function: bool = True) -> Node | None:
    """The nearest ancestor of one of ``kinds``; with ``stop_at_function`` not past a function."""
    kinds = kinds if isinstance(kinds, frozenset) else frozenset(kinds)
    return _nearest(node, kinds, stop_at_function)


# The answers of ``_nearest`` by question, then by node, for the tree being audited.
_nearest_memo: dict[tuple[frozenset[str], bool], dict[Node, Node | None]] = {}


def _nearest(node: Node, kinds: frozenset[str], stop_at_function: bool) -> Node | None:
    """``inside``, remembered for every node on the way up: each of a thousand nested loops
    asked for its function would otherwise walk up all the others."""
    memo = _nearest_memo.get((kinds, stop_at_function))
    if memo is None:
        memo = _nearest_memo[(kinds, stop_at_function)] = {}
    up = _parents.of
    path = []
    current = node
    while True:
        found = memo.get(current, _parents)
        if found is not _parents:
            break
        path.append(current)
        above = up(current)
        if above is None or above.type in kinds:
            found = above
            break
        if stop_at_function and above.type in FUNCTION_TYPES:
            found = None
            break
        current = above
    for n in path:
        memo[n] = found
    return found


def unwrap(node: Node) -> Node:
    """Skip parentheses, ``await``, TS ``as``/``!``/``satisfies`` wrappers."""
    while node.type in ('parenthesized_expression', 'await_expression', 'as_expression',
                        'non_null_expression', 'satisfies_expression', 'type_assertion'):
        inner = [c for c in node.named_children if c.type not in ('type_annotation',)]
        if not inner:
            break
        node = inner[0] if node.type != 'type_assertion' else inner[-1]
    return node


def outer_expression(node: Node) -> Node:
    """Climb through parentheses, ``await`` and TS wrappers to the expression a value flows into."""
    above = parent_of(node)
    while above is not None and above.type in (
            'parenthesized_expression', 'await_expression', 'as_expression',
            'non_null_expression', 'satisfies_expression',
    ):
        node, above = above, parent_of(above)
    return node


def is_awaited(node: Node) -> bool:
    parent = parent_of(node)
    while parent is not None and parent.type in ('parenthesized_expression', 'as_expression',
                                                 'non_null_expression'):
        parent = parent_of(parent)
    return parent is not None and parent.type == 'await_expression'


def callee(call: Node) -> Node | None:
    return call.child_by_field_name('function') or call.child_by_field_name('constructor')


def after_dot(source: bytes, pos: int) -> bool:
    """Whether the word at ``pos`` may be a property: ``x.find``, ``x?.find``, or a comment between."""
    j = pos
    while j > 0 and source[j - 1] in _SPACE_BYTES:
        j -= 1
    if j > 0 and source[j - 1] in (0x2E, 0x2F):  # `.`, or `/` ending a comment
        return True
    # A line comment ends the line before: `x.  // why\n  find()`.
    return b'\n' in source[j:pos] and b'//' in source[source.rfind(b'\n', 0, j) + 1:j]


_SPACE_BYTES = frozenset(b' \t\r\n\v\f')


def document_order(node: Node) -> tuple[int, int]:
    """A sort key: by start, an outer node (a chain's outer call) before the inner ones, as a
    query returns them."""
    return node.start_byte, -node.end_byte


def called_by(name: Node, kind: str = 'call_expression') -> Node | None:
    """The call (or with ``kind='new_expression'``, the ``new``) whose callee is ``name`` itself
    (``foo()``) or a member ending in it (``x.foo()``), as from ``File.named``."""
    parent = parent_of(name)
    if parent is None:
        return None
    fn = name
    if name.type == 'property_identifier':
        if parent.type != 'member_expression' or parent.child_by_field_name('property') != name:
            return None
        fn, parent = parent, parent_of(parent)
    elif name.type != 'identifier':
        return None
    if parent is None or parent.type != kind:
        return None
    return parent if parent.child_by_field_name('function' if kind == 'call_expression' else 'constructor') == fn else None


def callee_name(call: Node) -> str:
    """The called name: ``findMany`` for ``prisma.user.findMany()``, ``fetch`` for ``fetch()``."""
    fn = callee(call)
    if fn is None:
        return ''
    fn = unwrap(fn)
    if fn.type == 'member_expression':
        return text(fn.child_by_field_name('property'))
    if fn.type == 'identifier':
        return text(fn)
    return ''


def callee_path(call: Node) -> str:
    """Dotted callee: ``prisma.user.findMany``; call segments appear as ``name()``."""
    fn = callee(call)
    return dotted(fn) if fn is not None else ''


def dotted(node: Node) -> str:
    node = unwrap(node)
    if node.type in ('identifier', 'this', 'property_identifier', 'super'):
        return text(node)
    if node.type == 'member_expression':
        obj = node.child_by_field_name('object')
        prop = node.child_by_field_name('property')
        left = dotted(obj) if obj is not None else ''
        return f'{left}.{text(prop)}' if left else text(prop)
    if node.type == 'call_expression':
        inner = callee_path(node)
        return f'{inner}()' if inner else ''
    if node.type == 'subscript_expression':
        obj = node.child_by_field_name('object')
        return f'{dotted(obj)}[]' if obj is not None else ''
    return ''


def receiver(call: Node) -> Node | None:
    """The object a method is called on: ``prisma.user`` for ``prisma.user.findMany()``."""
    fn = callee(call)
    if fn is None:
        return None
    fn = unwrap(fn)
    if fn.type == 'member_expression':
        return fn.child_by_field_name('object')
    return None


def receiver_name(call: Node) -> str:
    """The root name of the callee chain: ``prisma`` for ``prisma.user.findMany()``."""
    path = callee_path(call)
    if '.' not in path:
        return ''
    root = path.split('.', 1)[0]
    return root[:-2] if root.endswith('()') else root


def arguments(call: Node) -> list[Node]:
    args = call.child_by_field_name('arguments')
    if args is None:
        return []
    if args.type == 'template_string':
        return [args]
    return [c for c in args.named_children if c.type != 'comment']


def object_keys(node: Node | None) -> dict[str, Node]:
    """Keys of an object literal mapped to their value nodes (shorthand maps to itself)."""
    out: dict[str, Node] = {}
    if node is None or node.type != 'object':
        return out
    for child in node.named_children:
        if child.type == 'pair':
            key = child.child_by_field_name('key')
            value = child.child_by_field_name('value')
            if key is not None and value is not None:
                out[text(key).strip('\'"`')] = value
        elif child.type == 'shorthand_property_identifier':
            out[text(child)] = child
        elif child.type == 'method_definition':
            name = child.child_by_field_name('name')
            out[text(name)] = child
    return out


def has_spread(node: Node | None) -> bool:
    return node is not None and node.type == 'object' and any(
        c.type == 'spread_element' for c in node.named_children
    )


def string_value(node: Node | None) -> str | None:
    """The literal text of a string or substitution-free template; ``None`` otherwise."""
    if node is None:
        return None
    if node.type == 'string':
        return ''.join(text(c) for c in node.named_children if c.type in ('string_fragment', 'escape_sequence'))
    if node.type == 'template_string':
        if any(c.type == 'template_substitution' for c in node.named_children):
            return None
        return text(node)[1:-1]
    return None


def string_like_text(node: Node | None) -> str | None:
    """String or template text, with each substitution shown as ``${}``."""
    if node is None:
        return None
    if node.type == 'string':
        return string_value(node)
    if node.type == 'template_string':
        parts = []
        pos = node.start_byte + 1
        for c in node.named_children:
            if c.type == 'template_substitution':
                parts.append(node.text[pos - node.start_byte:c.start_byte - node.start_byte])
                parts.append(b'${}')
                pos = c.end_byte
        parts.append(node.text[pos - node.start_byte:-1])
        return b''.join(parts).decode('utf-8', 'replace')
    return None


def function_body(fn: Node) -> Node | None:
    return fn.child_by_field_name('body')


def parameters(fn: Node) -> list[Node]:
    params = fn.child_by_field_name('parameters')
    if params is None:
        single = fn.child_by_field_name('parameter')
        return [single] if single is not None else []
    return list(params.named_children)


def parameter_names(fn: Node) -> list[str]:
    names = []
    for p in parameters(fn):
        if p.type in ('required_parameter', 'optional_parameter'):
            p = p.child_by_field_name('pattern') or p
        if p.type == 'assignment_pattern':
            p = p.child_by_field_name('left') or p
        names.append(text(p) if p.type == 'identifier' else '')
    return names


def is_async(fn: Node) -> bool:
    return any(c.type == 'async' for c in fn.children)


def route_of(fn: Node) -> tuple[str, str] | None:
    """``('POST', '/api/x')`` when ``fn`` is a handler passed to ``app.post('/api/x', ...)``,
    directly or through one wrapper such as ``asyncHandler(fn)``."""
    route = _route_call(fn)
    if route is None:
        wrapper = calling(fn)
        route = _route_call(wrapper) if wrapper is not None else None
    return route


def calling(node: Node) -> Node | None:
    """The call ``node`` is a direct argument of: ``useEffect(fn)``, ``withAuth(handler)``."""
    args = parent_of(node)
    if args is None or args.type != 'arguments':
        return None
    call = parent_of(args)
    return call if call is not None and call.type == 'call_expression' else None


def _route_call(fn: Node) -> tuple[str, str] | None:
    call = calling(fn)
    if call is None:
        return None
    method = callee_name(call)
    if method not in ROUTE_METHODS or receiver(call) is None:
        return None
    first = arguments(call)[:1]
    path = string_value(first[0]) if first else None
    if path is None:
        fn_node = callee(call)
        obj = receiver(call)
        # router.route('/x').post(handler)
        if fn_node is not None and obj is not None and obj.type == 'call_expression' and callee_name(obj) == 'route':
            route_args = arguments(obj)
            path = string_value(route_args[0]) if route_args else None
    if path is None:
        return None
    return method.upper(), path


def function_name(fn: Node) -> str | None:
    """The name a reader would use for ``fn``, or ``None`` for an anonymous callback."""
    name = fn.child_by_field_name('name')
    if fn.type == 'method_definition' and name is not None:
        cls = inside(fn, ('class_declaration', 'class', 'abstract_class_declaration'), stop_at_function=True)
        cls_name = cls.child_by_field_name('name') if cls is not None else None
        return f'{text(cls_name)}.{text(name)}' if cls_name is not None else text(name)
    if name is not None and fn.type != 'method_definition':
        return text(name)
    name = _position_name(fn)
    if name:
        return name
    route = route_of(fn)
    if route is not None:
        return f'{route[0]} {route[1]} handler'
    wrapper = calling(fn)
    if wrapper is not None:  # export const GET = withWorkspace(async (req) => ...)
        return _position_name(wrapper)
    return None


def _position_name(value: Node) -> str | None:
    """The name a value is bound to: ``const x =``, ``a.b =``, ``{ key: ``, a class field, ``export default``."""
    parent = parent_of(value)
    while parent is not None and parent.type in ('parenthesized_expression', 'as_expression',
                                                 'satisfies_expression'):
        parent = parent_of(parent)
    if parent is None:
        return None
    if parent.type == 'variable_declarator':
        return text(parent.child_by_field_name('name'))
    if parent.type == 'assignment_expression':
        left = parent.child_by_field_name('left')
        return dotted(left) if left is not None else None
    if parent.type == 'pair':
        return text(parent.child_by_field_name('key')).strip('\'"')
    if parent.type in ('field_definition', 'public_field_definition'):
        prop = parent.child_by_field_name('property') or parent.child_by_field_name('name')
        cls = inside(parent, ('class_declaration', 'class', 'abstract_class_declaration'))
        cls_name = cls.child_by_field_name('name') if cls is not None else None
        return f'{text(cls_name)}.{text(prop)}' if cls_name is not None else text(prop)
    if parent.type == 'export_statement':
        return 'default export'
    return None


def display_name(node: Node) -> str:
    """The nearest named function around ``node`` (anonymous callbacks are skipped)."""
    fn = enclosing_function(node, include_self=True)
    while fn is not None:
        name = function_name(fn)
        if name:
            return name
        fn = enclosing_function(fn)
    return '<module>'


def declaration(ident: Node) -> Node | None:
    """The nearest ``variable_declarator`` or parameter binding ``ident``'s name, if visible."""
    name = ident.text
    memo = _declarations.get(name)
    if memo is None:
        memo = _declarations[name] = {}
    path = []
    found = None
    for a in ancestors(ident):
        known = memo.get(a, _declarations)
        if known is not _declarations:
            found = known
            break
        path.append(a)
        found = _bound_in(a, name)
        if found is not None:
            break
    for a in path:
        memo[a] = found
    return found


# By name, then by node: the binding ``declaration`` finds from that node up (a name no code
# declares, such as ``fetch``, was looked for all the way up from every one of its uses).
_declarations: dict[bytes, dict[Node, Node | None]] = {}


def _bound_in(a: Node, name: bytes) -> Node | None:
    """The parameter of function ``a``, or the declaration in block ``a``, binding ``name``."""
    if a.type in FUNCTION_TYPES:
        for p in parameters(a):
            target = p.child_by_field_name('pattern') or p
            if target.type == 'assignment_pattern':
                target = target.child_by_field_name('left') or target
            if target.type == 'identifier' and target.text == name:
                return p
    elif a.type in _BLOCK_TYPES:
        if a.named_child_count > _INDEXED_BLOCK:
            return _block_bindings(a).get(name)
        for child in a.named_children:
            found = _binding(a, child, name)
            if found is not None:
                return found
    return None


_BLOCK_TYPES = frozenset(('statement_block', 'program', 'switch_case', 'for_statement', 'for_in_statement'))
# A block with more statements than this keeps an index of the names it binds: looking each
# name up statement by statement cost the statements squared in a file of many functions.
_INDEXED_BLOCK = 16


def _binding(block: Node, child: Node, name: bytes) -> Node | None:
    """The node in ``block``'s statement ``child`` that binds ``name``, if any."""
    if child.type == 'export_statement':
        child = child.child_by_field_name('declaration') or child
    if child.type in ('lexical_declaration', 'variable_declaration'):
        for d in child.named_children:
            if d.type == 'variable_declarator' and _binds(d.child_by_field_name('name'), name):
                return d
    elif block.type == 'for_in_statement' and child.type == 'identifier' and child.text == name:
        return block
    return None


def _block_bindings(block: Node) -> dict[bytes, Node]:
    """Each name ``block``'s statements bind, to its first binding (as ``_binding`` finds it)."""
    found = _tree_memo.get(block)
    if found is not None:
        return found  # type: ignore[return-value]
    out: dict[bytes, Node] = {}
    for child in block.named_children:
        if child.type == 'export_statement':
            child = child.child_by_field_name('declaration') or child
        if child.type in ('lexical_declaration', 'variable_declaration'):
            for d in child.named_children:
                if d.type == 'variable_declarator':
                    for bound in _bound_names(d.child_by_field_name('name')):
                        out.setdefault(bound, d)
        elif block.type == 'for_in_statement' and child.type == 'identifier':
            out.setdefault(child.text, block)
    _tree_memo[block] = out
    return out


def _bound_names(pattern: Node | None) -> Iterator[bytes]:
    """Every name ``_binds`` matches in ``pattern``."""
    if pattern is None:
        return
    stack = [pattern]
    while stack:
        node = stack.pop()
        if node.type in ('identifier', 'shorthand_property_identifier_pattern'):
            yield node.text
        else:
            stack.extend(node.named_children)


def _binds(pattern: Node | None, name: bytes) -> bool:
    if pattern is None:
        return False
    if pattern.type in ('identifier', 'shorthand_property_identifier_pattern'):
        return pattern.text == name
    return any(_binds(c, name) for c in pattern.named_children)


def initializer(ident: Node) -> Node | None:
    """The value an identifier was declared with (``const x = <value>``), if any."""
    decl = declaration(ident)
    if decl is not None and decl.type == 'variable_declarator':
        name = decl.child_by_field_name('name')
        if name is not None and name.type == 'identifier':
            return decl.child_by_field_name('value')
    return None


def type_annotation(ident: Node) -> str:
    """The declared TypeScript type of an identifier (``Date`` for ``d: Date``), or ''."""
    decl = declaration(ident)
    if decl is None:
        return ''
    ann = decl.child_by_field_name('type')
    return text(ann).lstrip(':').strip() if ann is not None else ''


def chain_top(call: Node) -> Node:
    """The outermost call of a method chain starting at ``call`` (``a.b().c()`` for ``a.b()``)."""
    node = call
    while True:
        parent = parent_of(node)
        if parent is None or parent.type != 'member_expression' or parent.child_by_field_name('object') != node:
            return node
        grand = parent_of(parent)
        if grand is None or grand.type != 'call_expression':
            return node
        node = grand


def chain_calls(top: Node) -> list[Node]:
    """Calls of a chain from the outermost down to the innermost."""
    out = []
    node: Node | None = top
    while node is not None and node.type == 'call_expression':
        out.append(node)
        fn = unwrap(callee(node)) if callee(node) is not None else None
        node = unwrap(fn.child_by_field_name('object')) if fn is not None and fn.type == 'member_expression' else None
    return out


def name_words(name: str) -> list[str]:
    """Lower-case words of an identifier: ``updateUserBalance`` -> ``['update', 'user', 'balance']``."""
    return [w.lower() for w in _WORD.findall(name)]


def path_segments(node: Node | None) -> list[str]:
    """Named segments of a receiver path: ``this.prisma.user`` -> ``['prisma', 'user']``."""
    path = dotted(node) if node is not None else ''
    return [p.rstrip('()[]') for p in path.split('.') if p and p not in ('this', '()')]
