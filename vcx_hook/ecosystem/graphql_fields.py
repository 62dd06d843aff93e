"""GraphQL field resolvers written as decorated class methods: NestJS's ``@ResolveField()`` (and its
older ``@ResolveProperty()``) and TypeGraphQL's ``@FieldResolver()``, handed the object they resolve
a field of by a parameter decorated ``@Parent()`` (NestJS) or ``@Root()`` (TypeGraphQL). GraphQL
calls such a method once for every object of that type in a response: a list of fifty
conversations runs ``virtualContributor(@Parent() conversation)`` fifty times."""
from __future__ import annotations

from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

FIELD_DECORATORS = frozenset(('ResolveField', 'ResolveProperty', 'FieldResolver'))
PARENT_DECORATORS = frozenset(('Parent', 'Root'))
# The words a file must hold for a field resolver to be in it.
WORDS = frozenset(w.encode() for w in FIELD_DECORATORS)


def _decorator_name(decorator: Node) -> str:
    call = next((c for c in decorator.named_children), None)
    if call is not None and call.type == 'call_expression':
        return s.callee_name(call)
    return s.text(call).rpartition('.')[2] if call is not None else ''


def field_resolver(method: Node) -> str | None:
    """The name of the parent parameter of ``method`` when it is a field resolver (see the module),
    else ``None``."""
    if method.type != 'method_definition':
        return None
    holder = s.parent_of(method)
    siblings = holder.named_children if holder is not None else []
    i = next((k for k, n in enumerate(siblings) if n.start_byte == method.start_byte), 0)
    decorators = []
    while i > 0 and siblings[i - 1].type == 'decorator':
        decorators.append(siblings[i - 1])
        i -= 1
    decorators += [c for c in method.named_children if c.type == 'decorator']
    if not any(_decorator_name(d) in FIELD_DECORATORS for d in decorators):
        return None
    params = method.child_by_field_name('parameters')
    for param in params.named_children if params is not None else []:
        if any(c.type == 'decorator' and _decorator_name(c) in PARENT_DECORATORS for c in param.named_children):
            pattern = param.child_by_field_name('pattern')
            return s.text(pattern) if pattern is not None and pattern.type == 'identifier' else None
    return None
