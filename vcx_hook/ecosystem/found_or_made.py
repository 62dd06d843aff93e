"""The project's NestJS providers whose method is a find-or-create: it looks the record up first and
returns what it found, and makes one only when it found none (``async save(address) { const found =
await this.findByInseeKeyOrLabel(address.inseeKey, address.label); if (found) return found;
... INSERT ... }``). Called as the first of two writes (``const a = await this.addressService.save(x)``
then the accommodation that points at it), a failure of the second leaves a shared, deduplicated row
that the retry finds and reuses: the half state is one a retry completes, as with a get-or-create
written in the function itself. Read one hop away, once per project, with the providers that call
out (``engine.project.with_remote_methods``); a field is known by the class NestJS injects into it
(``remote_providers.injection_keys``). vao's accommodation creation, round 20: its address saved
first, not worth asking."""
from __future__ import annotations

from collections.abc import Iterable

from vcx_hook.ecosystem import remote_providers
from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# First words of a lookup: `findByInseeKeyOrLabel`, `getByEmail`.
_LOOKUPS = frozenset(('find', 'get', 'fetch', 'lookup', 'select', 'search', 'read', 'load'))


def may_find_first(source: bytes) -> bool:
    """``source`` may declare a provider with a find-or-create method."""
    return b'@Injectable' in source and b'class ' in source and b'return' in source


def methods(files: Iterable[File]) -> dict[str, frozenset[str]]:
    """Class name -> its methods that return a lookup's result when it found one, before anything else."""
    out: dict[str, frozenset[str]] = {}
    for file in files:
        for cls in remote_providers.classes(file.tree.root):
            name, body = cls.child_by_field_name('name'), cls.child_by_field_name('body')
            if name is None or body is None:
                continue
            found = frozenset(s.text(m.child_by_field_name('name')) for m in body.named_children
                              if m.type == 'method_definition' and _finds_first(m))
            if found:
                out[s.text(name)] = found
    return out


def _finds_first(method: Node) -> bool:
    """The method's body declares a lookup's result, then returns it from an ``if`` on it."""
    body = method.child_by_field_name('body')
    looked: set[str] = set()
    for statement in body.named_children if body is not None else ():
        if statement.type == 'lexical_declaration':
            for d in statement.named_children:
                value = d.child_by_field_name('value') if d.type == 'variable_declarator' else None
                value = s.unwrap(value) if value is not None else None
                target = d.child_by_field_name('name') if value is not None else None
                if value is not None and value.type == 'call_expression' and target is not None \
                        and target.type == 'identifier' and s.name_words(s.callee_name(value) or '')[:1] \
                        and s.name_words(s.callee_name(value) or '')[0] in _LOOKUPS:
                    looked.add(s.text(target))
        elif statement.type == 'if_statement' and looked:
            condition = statement.child_by_field_name('condition')
            name = s.text(s.unwrap(condition)) if condition is not None else ''
            if name in looked and _returns(statement.child_by_field_name('consequence'), name):
                return True
        if looked and _keyed_by_found(statement, looked):
            return True
    return False


def _keyed_by_found(statement: Node, looked: set[str]) -> bool:
    """``statement`` builds the record to save with the key of the one the lookup found (``{ id:
    existing?.id, ...game }``): a save by primary key, which updates the found row and inserts only
    when there was none (TypeORM's ``save``, Sequelize's ``upsert``). gamevault's metadata services,
    round 24: the user's metadata saved before the game that points at it, judged not worth asking."""
    stack = [statement]
    while stack:
        node = stack.pop()
        key = node.child_by_field_name('key') if node.type == 'pair' else None
        if key is not None and s.text(key).strip('\'"') in stores.RECORD_KEYS:
            value = node.child_by_field_name('value')
            value = s.unwrap(value) if value is not None else None
            obj = value.child_by_field_name('object') if value is not None and value.type == 'member_expression' else None
            prop = value.child_by_field_name('property') if value is not None and obj is not None else None
            if obj is not None and prop is not None and s.text(obj) in looked and s.text(prop) in stores.RECORD_KEYS:
                return True
        if node.type not in s.FUNCTION_TYPES:
            stack.extend(node.named_children)
    return False


def _returns(node: Node | None, name: str) -> bool:
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        if n.type == 'return_statement':
            value = n.named_children[0] if n.named_children else None
            if value is not None and s.text(s.unwrap(value)) == name:
                return True
        if n.type not in s.FUNCTION_TYPES:
            stack.extend(n.named_children)
    return False


def is_found_or_made(call: Node, found: frozenset[tuple[str, str]]) -> bool:
    """``this.x.save()`` where the provider injected into ``this.x`` finds the record first in ``save``."""
    name = s.callee_name(call)
    return bool(found) and any((key, name) in found for key in remote_providers.injection_keys(call))
