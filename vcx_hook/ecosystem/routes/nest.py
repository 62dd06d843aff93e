"""NestJS routes: a verb decorator (``@Post('login')``) on a method of a ``@Controller('users')``
class."""
from __future__ import annotations

from vcx_hook.ecosystem.routes.route import NEST
from vcx_hook.ecosystem.routes.route import Route
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

VERBS = ('Get', 'Post', 'Put', 'Patch', 'Delete', 'All')


def decorator(method: Node) -> Node | None:
    node = method.prev_named_sibling
    while node is not None and node.type in ('decorator', 'comment'):  # a comment between decorators
        inner = node.named_children[0] if node.type == 'decorator' and node.named_children else None
        if inner is not None and inner.type == 'call_expression' and s.callee_name(inner) in VERBS:
            return node
        node = node.prev_named_sibling
    return None


def route(deco: Node) -> Route | None:
    """``@Post('login') async login(...)`` in a ``@Controller('users')`` class."""
    method = deco.next_named_sibling
    while method is not None and method.type in ('decorator', 'comment'):
        method = method.next_named_sibling
    if method is None or method.type != 'method_definition':
        return None
    call = deco.named_children[0]
    args = s.arguments(call)
    sub = s.string_value(args[0]) if args else ''
    decorators = []
    node = method.prev_named_sibling
    while node is not None and node.type in ('decorator', 'comment'):  # a comment between decorators
        if node.type == 'decorator':
            decorators.append(node)
        node = node.prev_named_sibling
    cls = s.inside(method, ('class_declaration', 'class', 'abstract_class_declaration'))
    prefix = ''
    if cls is not None:
        holders = [cls, s.parent_of(cls)] if s.parent_of(cls) is not None and s.parent_of(cls).type == 'export_statement' else [cls]
        for c in (c for h in holders for c in h.children):
            if c.type == 'decorator':
                decorators.append(c)
                inner = c.named_children[0] if c.named_children else None
                if inner is not None and inner.type == 'call_expression' and s.callee_name(inner) == 'Controller':
                    cargs = s.arguments(inner)
                    prefix = (s.string_value(cargs[0]) or '') if cargs else ''
    path = '/' + '/'.join(p.strip('/') for p in (prefix, sub or '') if p and p.strip('/'))
    return Route(decorators[0] if decorators else method, s.callee_name(call).upper(), path,
                  (method,), tuple(decorators), '', NEST)
