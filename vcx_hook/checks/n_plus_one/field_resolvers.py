"""n-plus-one's per-parent field resolver: a query awaited (or returned) in a GraphQL field resolver
(NestJS ``@ResolveField()``, TypeGraphQL ``@FieldResolver()``: ``ecosystem/graphql_fields.py``) with
what its ``@Parent()``/``@Root()`` object holds (``this.conversationService.getConversationMembers(
conversation.id)``, ``const roleSet = membership.roleSet; ...getUsersWithRole(roleSet)``). GraphQL
calls the method once for every object of its type in a response, so a list of fifty parents runs
fifty queries (alkemio's conversations and explore-spaces lists, real bugs of holdout14); a
DataLoader (``loader.load(key)``, a ``@Loader()`` parameter) batches them into one."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.n_plus_one.data_calls import data_call
from vcx_hook.checks.n_plus_one.iterations import Names
from vcx_hook.ecosystem import graphql_fields
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not judged on held-out code: most field resolvers sit under lists, but some only under one object
# (a viewer's profile). Found for recall, not listed.
CONFIDENCE = LOW
_OWN = frozenset(('await_expression', 'return_statement', 'variable_declarator', 'method_definition'))
_BATCHES = frozenset(('load', 'loadMany'))
_LOADER_WORDS = ('loader', 'Loader')


def possible(scope: Scope) -> bool:
    return not scope.file.words.isdisjoint(graphql_fields.WORDS)


def find(scope: Scope, names: Names) -> Iterator[tuple[Node, str, Node]]:
    """(query, message, method) for the first query of each field resolver keyed by its parent."""
    if not possible(scope):
        return
    for method in _methods(scope.root):
        parent = graphql_fields.field_resolver(method)
        body = s.function_body(method)
        if parent is None or body is None or not scope.contains(body) or _batched(method, body):
            continue
        held = _held(body, parent)
        for node in sorted(s.own_nodes(body, _OWN), key=lambda n: n.start_byte):
            value = node.named_children[0] if node.named_children else None
            if node.type == 'variable_declarator':
                value = node.child_by_field_name('value')
            call = s.unwrap(value) if value is not None else None
            if call is not None and call.type == 'await_expression' and call.named_children:
                call = s.unwrap(call.named_children[0])
            if call is None or call.type != 'call_expression' or not _takes(call, held):
                continue
            data = data_call(s.chain_calls(call), names, scope.file)
            if data is not None and data.kind in ('read', 'helper', 'getter'):
                name = method.child_by_field_name('name')
                yield call, (
                    f'`{data.label}` runs once per `{parent}`: the field resolver `{s.text(name) if name is not None else ""}` '
                    'is called for every object of its type in a response (a DataLoader?)'
                ), method
                break


def _methods(node: Node) -> list[Node]:
    found = []
    for child in node.named_children:
        if child.type == 'method_definition':
            found.append(child)
        elif child.type in ('program', 'export_statement', 'class_declaration', 'class', 'class_body'):
            found += _methods(child)
    return found


def _batched(method: Node, body: Node) -> bool:
    """A DataLoader in the method: a ``@Loader()`` parameter, a ``.load()`` call, a loader by name."""
    params = method.child_by_field_name('parameters')
    if params is not None and any(w.encode() in params.text for w in _LOADER_WORDS):
        return True
    return any(w.encode() in body.text for w in _LOADER_WORDS)


def _held(body: Node, parent: str) -> set[str]:
    """The parent's name and the locals declared from it in the method (``const roleSet = membership.roleSet``)."""
    held = {parent}
    for decl in s.own_nodes(body, frozenset(('variable_declarator',))):
        name, value = decl.child_by_field_name('name'), decl.child_by_field_name('value')
        if name is not None and name.type == 'identifier' and value is not None and _mentions(value, held):
            held.add(s.text(name))
    return held


def _takes(call: Node, held: set[str]) -> bool:
    args = call.child_by_field_name('arguments')
    return args is not None and _mentions(args, held)


def _mentions(node: Node, held: set[str]) -> bool:
    return any(s.text(i) in held for i in s.identifiers(node, frozenset(('identifier', 'shorthand_property_identifier'))))
