"""What a function is: its body and parameters, whether it is async, the name a reader would
use for it, and the route it handles when it is passed to ``app.post('/x', ...)``.
"""
from __future__ import annotations

from vcx_hook.lang.expressions import arguments
from vcx_hook.lang.expressions import callee
from vcx_hook.lang.expressions import callee_name
from vcx_hook.lang.expressions import dotted
from vcx_hook.lang.expressions import field_root
from vcx_hook.lang.expressions import receiver
from vcx_hook.lang.expressions import string_value
from vcx_hook.lang.expressions import unwrap
from vcx_hook.lang.syntax import Node
from vcx_hook.lang.tree import FUNCTION_TYPES
from vcx_hook.lang.tree import enclosing_function
from vcx_hook.lang.tree import inside
from vcx_hook.lang.tree import parent_of
from vcx_hook.lang.tree import text

ROUTE_METHODS = frozenset(('get', 'post', 'put', 'patch', 'delete', 'all', 'head', 'options'))


def function_body(fn: Node) -> Node | None:
    return fn.child_by_field_name('body')


def parameters(fn: Node) -> list[Node]:
    params = fn.child_by_field_name('parameters')
    if params is None:
        single = fn.child_by_field_name('parameter')
        return [single] if single is not None else []
    return list(params.named_children)


def parameter_type(fn: Node, name: str) -> Node | None:
    """The type the parameter ``name`` of ``fn`` is annotated with (``UserService`` of ``private
    readonly users: UserService``: the annotation's first node), None when it has none."""
    for param in parameters(fn):
        pattern = param.child_by_field_name('pattern')
        annotation = param.child_by_field_name('type')
        if pattern is not None and annotation is not None and text(pattern) == name:
            return annotation.named_children[0] if annotation.named_children else annotation
    return None


def contextual_type(param: Node) -> Node | None:
    """The type annotation TypeScript gives an unannotated parameter of a callback handed to a method
    of the enclosing class: ``api`` of ``this.run(key, (api) => api.repos.get())`` where that class
    declares ``run(key: string, op: (api: Octokit) => Promise<R>)``; None when the code does not say."""
    fn = parent_of(param)
    fn = parent_of(fn) if fn is not None and fn.type == 'formal_parameters' else fn
    args = parent_of(fn) if fn is not None and fn.type in ('arrow_function', 'function_expression') else None
    call = parent_of(args) if args is not None and args.type == 'arguments' else None
    method = callee(call) if call is not None and call.type == 'call_expression' else None
    obj = method.child_by_field_name('object') if method is not None and method.type == 'member_expression' else None
    if obj is None or obj.type != 'this' or fn is None:
        return None
    declared = _method_of_class(call, callee_name(call))
    given = arguments(call)
    slot = given.index(fn) if fn in given else -1
    declared_params = parameters(declared) if declared is not None else []
    if not 0 <= slot < len(declared_params):
        return None
    annotation = declared_params[slot].child_by_field_name('type')
    kind = annotation.named_children[0] if annotation is not None and annotation.named_children else None
    if kind is None or kind.type != 'function_type':
        return None
    index = parameters(fn).index(param) if param in parameters(fn) else -1
    inner = parameters(kind)
    return inner[index].child_by_field_name('type') if 0 <= index < len(inner) else None


def _method_of_class(node: Node, name: str) -> Node | None:
    cls = inside(node, frozenset(('class_body',)), stop_at_function=False)
    for member in cls.named_children if cls is not None else ():
        if member.type == 'method_definition' and text(member.child_by_field_name('name')) == name:
            return member
    return None


def parameter_names(fn: Node) -> list[str]:
    names = []
    for p in parameters(fn):
        if p.type in ('required_parameter', 'optional_parameter'):
            p = p.child_by_field_name('pattern') or p
        if p.type == 'assignment_pattern':
            p = p.child_by_field_name('left') or p
        names.append(text(p) if p.type == 'identifier' else '')
    return names


def own_nodes(node: Node, types: frozenset[str]) -> list[Node]:
    """The nodes of ``types`` under ``node`` that belong to it, not to a function nested in it:
    a function's own ``await`` expressions or ``return`` statements."""
    out, stack = [], list(node.named_children)
    while stack:
        child = stack.pop()
        if child.type in types:
            out.append(child)
        if child.type not in FUNCTION_TYPES:
            stack.extend(child.named_children)
    return out


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


def handed_in(call: Node, outer: Node) -> bool:
    """``call`` runs on a handle a callback inside ``outer`` was handed by whatever runs it:
    ``withLock(key, async (tx) => { await tx.delete(t) })``, ``db.transaction(async (trx) => trx.insert(r))``.
    The receiver's root is a parameter of a function between ``call`` and ``outer`` that is itself
    an argument of a call: the runner chose the client (a transaction's, as a rule), not ``outer``."""
    fn_node = callee(call)
    fn_node = unwrap(fn_node) if fn_node is not None else None
    root = field_root(fn_node) if fn_node is not None and fn_node.type == 'member_expression' else None
    if root is None or root.type != 'identifier':
        return False
    name = text(root)
    fn = enclosing_function(call)
    while fn is not None and fn != outer:
        holder = parent_of(fn)
        if name in parameter_names(fn):
            return holder is not None and holder.type == 'arguments'
        fn = enclosing_function(fn)
    return False


def catches_everything(fn: Node) -> bool:
    """An async function whose whole body is one try/catch whose catch and ``finally`` neither throw
    nor await, and whose try returns no unawaited call (``try { return load() }`` hands the
    rejection past the catch): it resolves whatever happens."""
    body = function_body(fn)
    if not is_async(fn) or body is None or body.type != 'statement_block':
        return False
    stmts = [c for c in body.named_children if c.type != 'comment']
    if len(stmts) != 1 or stmts[0].type != 'try_statement':
        return False
    block = stmts[0].child_by_field_name('body')
    handler = stmts[0].child_by_field_name('handler')
    finalizer = stmts[0].child_by_field_name('finalizer')
    if block is None or handler is None:
        return False
    if any(own_nodes(part, frozenset(('throw_statement', 'await_expression')))
           for part in (handler, finalizer) if part is not None):
        return False
    return not any(r.named_children and unwrap(r.named_children[0]).type == 'call_expression'
                   for r in own_nodes(block, frozenset(('return_statement',))))
