"""(low) A relation loaded whole only to be counted: a read that joins a record's children
(TypeORM's ``relations: ['projects']``, Prisma's ``include: { projects: true }``) whose rows the
function only counts (``user.projects.length``, lodash's ``_size(user.projects)``): every child row
comes back from the database to make one number, and the more a user has the heavier each call is
(swetrix's project limit check loads every project of the account, a real bug of holdout2). A
``COUNT`` (``count({ where })``, Prisma's ``_count``) gives the number alone."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_KEYS = frozenset((b'relations', b'include'))
# How a list is counted: `.length`, `_size(x)`, `size(x)`, `.size`.
_SIZE_CALLS = frozenset(('_size', 'size', '_.size'))


def possible(scope: Scope) -> bool:
    return not scope.file.words.isdisjoint(_KEYS) and (b'.length' in scope.text or b'size' in scope.text)


def find(scope: Scope) -> Iterator[tuple[Node, str]]:
    if not possible(scope):
        return
    for name in scope.named(_KEYS):
        pair = s.parent_of(name)
        if pair is None or pair.type != 'pair' or pair.child_by_field_name('key') != name:
            continue
        call = _read_of(pair)
        rows = _kept_in(call) if call is not None else None
        if rows is None:
            continue
        for relation in _relations(pair):
            uses = _uses(s.enclosing_function(call), rows, relation, call)
            if uses and all(_counted(u) for u in uses):
                yield call, (f'`{s.normalized(call, 30)}` loads every `{relation}` row only to count them: '
                             'a `COUNT` gives the number alone')
                break


def _read_of(pair: Node) -> Node | None:
    """The awaited call whose options object holds ``pair``."""
    obj = s.parent_of(pair)
    args = s.parent_of(obj) if obj is not None and obj.type == 'object' else None
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    return call if call is not None and call.type == 'call_expression' else None


def _kept_in(call: Node) -> str | None:
    """The local the call's rows are kept in (``const rows = await ...``)."""
    name = s.kept_under(call)
    return s.text(name) if name is not None and name.type == 'identifier' else None


def _relations(pair: Node) -> list[str]:
    """``['projects']`` or ``{ projects: true }``: the relations joined whole (not a nested selection)."""
    value = s.unwrap(pair.child_by_field_name('value') or pair)
    if value.type == 'array':
        return [v for v in (s.string_value(e) for e in value.named_children) if v and '.' not in v]
    if value.type == 'object':
        return [k for k, v in s.object_keys(value).items() if s.text(v) == 'true']
    return []


_WORD = lazyre.compile(r'^\w+$')


def _uses(fn: Node | None, rows: str, relation: str, call: Node) -> list[Node]:
    """Every ``rows.relation`` (also ``rows?.relation``, and through a name the record is copied to:
    ``let user = initiatingUser``) after the read in the function."""
    if fn is None or not _WORD.match(relation):
        return []
    nodes = []
    stack = [fn]
    while stack:
        n = stack.pop()
        if n.start_byte > call.end_byte:
            nodes.append(n)
        stack.extend(n.named_children)
    names = {rows}
    for n in nodes:
        if n.type in ('variable_declarator', 'assignment_expression'):
            target = n.child_by_field_name('name') or n.child_by_field_name('left')
            value = n.child_by_field_name('value') or n.child_by_field_name('right')
            if target is not None and value is not None and target.type == 'identifier' and s.text(value) == rows:
                names.add(s.text(target))
    found = []
    for n in nodes:
        if n.type == 'member_expression':
            obj = n.child_by_field_name('object')
            prop = n.child_by_field_name('property')
            if obj is not None and prop is not None and s.text(obj) in names and s.text(prop) == relation:
                found.append(n)
    return found


def _counted(use: Node) -> bool:
    parent = s.parent_of(use)
    if parent is not None and parent.type == 'member_expression' and s.text(parent.child_by_field_name('property')) == 'length':
        return True
    if parent is not None and parent.type == 'arguments':
        call = s.parent_of(parent)
        return call is not None and s.callee_path(call) in _SIZE_CALLS
    return False
