"""The project's NestJS providers whose methods call another service over HTTP, not a data store.

A command handler's ``this.actionMiloRepository.save(action)`` reads like a repository's write, but
the repository injected there may be ``ActionMiloHttpRepository``, whose ``save()`` posts to
another service's API (``this.httpService.post(url, body)`` with ``HttpService`` of
``@nestjs/axios``). No transaction of this database spans that call. What is injected is read one
hop away, once per project (``engine.project.with_remote_methods``): the classes whose methods call
an HTTP client and no store (by the receivers' bindings), and the module providers that bind a
token to one of them (``{ provide: ActionMiloRepositoryToken, useClass: ActionMiloHttpRepository }``).
A field is then known by its ``@Inject(TOKEN)`` or, without one, by its type, the class NestJS
injects (``private readonly client: ActionMiloHttpRepository``).

Judged in round 18 (pass-emploi-api's qualifier-action handler): an HTTP POST to the MILO API taken
for the first of two writes, not worth asking."""
from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Iterator

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# NestJS's packages: a project declaring one injects its providers.
NEST_PACKAGES = frozenset((packages.NEST_COMMON, packages.NEST_CORE))
_HTTP_SPECIFIERS = tuple(name for name, p in packages.BY_NAME.items() if p.kind == packages.HTTP)
_IMPORTS_HTTP = lazyre.compile(
    rb'''from\s+['"](?:''' + b'|'.join(n.encode().replace(b'.', rb'\.') for n in _HTTP_SPECIFIERS) + rb''')['"]''')
_CLASS_TYPES = frozenset(('class_declaration', 'class', 'abstract_class_declaration'))


def may_call_out(source: bytes) -> bool:
    """``source`` may declare a class that calls an HTTP client: it imports one and declares a class."""
    return b'class ' in source and _IMPORTS_HTTP.search(source) is not None


def remote_methods(files: Iterable[File]) -> dict[str, frozenset[str]]:
    """Class name -> its methods that call an HTTP client (a receiver bound to an HTTP package) and
    nothing bound to a store."""
    out: dict[str, frozenset[str]] = {}
    for file in files:
        for cls in classes(file.tree.root):
            name = cls.child_by_field_name('name')
            body = cls.child_by_field_name('body')
            if name is None or body is None:
                continue
            found = frozenset(s.text(m.child_by_field_name('name')) for m in body.named_children
                              if m.type == 'method_definition' and _calls_out(file, m))
            if found:
                out[s.text(name)] = found
    return out


def classes(root: Node) -> Iterator[Node]:
    for node in s.top_level(root):
        if node.type in _CLASS_TYPES:
            yield node


def _calls_out(file: File, method: Node) -> bool:
    """Whether ``method`` calls an HTTP client and no store."""
    kinds = set()
    stack = [method.child_by_field_name('body')]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if node.type == 'call_expression':
            recv = s.receiver(node)
            found = bindings.binding(file, recv) if recv is not None else None
            if found is not None:
                kinds.add(found.kind)
        stack.extend(node.named_children)
    return packages.HTTP in kinds and packages.STORE not in kinds


def wanted(source: bytes, classes: Iterable[str]) -> bool:
    """``source`` may bind a provider token to one of ``classes``."""
    return b'useClass' in source and any(c.encode() in source for c in classes)


def tokens(files: Iterable[File], classes: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """Token -> the remote methods of the class a module provider binds it to
    (``{ provide: ActionMiloRepositoryToken, useClass: ActionMiloHttpRepository }``)."""
    out: dict[str, frozenset[str]] = {}
    for file in files:
        stack = [file.tree.root]
        while stack:
            node = stack.pop()
            if node.type == 'object':
                keys = s.object_keys(node)
                provide, used = keys.get('provide'), keys.get('useClass')
                if provide is not None and used is not None and s.text(used) in classes:
                    out[s.string_value(provide) or s.text(provide)] = classes[s.text(used)]
                    continue
            stack.extend(node.named_children)
    return out


def injection_keys(call: Node) -> tuple[str, ...]:
    """What NestJS injects into the field ``this.x`` a call is made on: the token of the
    constructor parameter's ``@Inject(TOKEN)`` (the class of ``@Inject(forwardRef(() => X))``),
    else its type (a class)."""
    field = _this_field(call)
    ctor = _constructor(s.inside(call, _CLASS_TYPES, stop_at_function=False)) if field else None
    for param in s.parameters(ctor) if ctor is not None else ():
        pattern = param.child_by_field_name('pattern')
        if pattern is None or s.text(pattern) != field:
            continue
        for child in param.children:
            made = child.named_children[0] if child.type == 'decorator' and child.named_children else None
            args = s.arguments(made) if made is not None and made.type == 'call_expression' else []
            if args and s.callee_name(made) == 'Inject':
                return (s.string_value(args[0]) or _forwarded(args[0]) or s.text(args[0]),)
        annotation = param.child_by_field_name('type')
        named = annotation.named_children[0] if annotation is not None and annotation.named_children else None
        return (s.text(named),) if named is not None and named.type == 'type_identifier' else ()
    return ()


def _forwarded(token: Node) -> str:
    """``X`` of ``forwardRef(() => X)``: the class a circular dependency injects."""
    args = s.arguments(token) if token.type == 'call_expression' and s.callee_name(token) == 'forwardRef' else []
    body = args[0].child_by_field_name('body') if args and args[0].type == 'arrow_function' else None
    return s.text(body) if body is not None and body.type == 'identifier' else ''


def _this_field(call: Node) -> str:
    """``x`` of ``this.x.save()``."""
    recv = s.receiver(call)
    recv = s.unwrap(recv) if recv is not None else None
    if recv is None or recv.type != 'member_expression':
        return ''
    obj, prop = recv.child_by_field_name('object'), recv.child_by_field_name('property')
    return s.text(prop) if obj is not None and obj.type == 'this' and prop is not None else ''


def _constructor(cls: Node | None) -> Node | None:
    body = cls.child_by_field_name('body') if cls is not None else None
    return next((m for m in body.named_children if m.type == 'method_definition'
                 and s.text(m.child_by_field_name('name')) == 'constructor'), None) if body is not None else None


def is_remote(call: Node, methods: frozenset[tuple[str, str]]) -> bool:
    """``this.x.save()`` where the provider injected into ``this.x`` calls out over HTTP in ``save``."""
    name = s.callee_name(call)
    return bool(methods) and any((key, name) in methods for key in injection_keys(call))
