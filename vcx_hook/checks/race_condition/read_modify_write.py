"""race-condition's read-modify-write: a record read from a store and written back computed from
what was read (arithmetic, an array spread or ``concat``), directly, via a local, or by mutating
the document and saving it."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.race_condition.calls import base
from vcx_hook.checks.race_condition.calls import helper_nouns
from vcx_hook.checks.race_condition.calls import is_kind
from vcx_hook.checks.race_condition.calls import Read
from vcx_hook.checks.race_condition.calls import store
from vcx_hook.checks.race_condition.nodes import head
from vcx_hook.checks.race_condition.nodes import is_left
from vcx_hook.checks.race_condition.nodes import root_identifier
from vcx_hook.checks.race_condition.nodes import same
from vcx_hook.checks.race_condition.nodes import short
from vcx_hook.checks.race_condition.unique_columns import question
from vcx_hook.ecosystem import schemas
from vcx_hook.ecosystem import stores
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.flow import Binding
from vcx_hook.lang.flow import Flow
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_ENCODE = frozenset(('JSON.stringify', 'String', 'Number', 'Buffer.from'))
_ARITHMETIC = frozenset(('+', '-', '*', '/', '%', '**'))
_COERCE = frozenset(('Number', 'parseInt', 'parseFloat', 'BigInt', 'Math.max', 'Math.min', 'Math.round'))


def find(scope: Scope, read: Read, names: Mapping[str, frozenset[str]],
         uniques: schemas.Uniques = {}) -> Iterator[tuple[Node, str, str]]:  # noqa: B006  (read only)
    """(write, message, confidence) for each awaited write of a value computed from ``read``: the
    family's confidence (''), LOW where the value goes to a column of a unique key (``unique_columns``)."""
    fl = flow.of(scope.file, read.call)
    line = read.call.start_point.row + 1
    for b in read.bindings:
        for ref in fl.references(b):
            computed = _computed(ref)
            if computed is None:
                continue
            for write in _writes_receiving(fl, ref, b, names, depth=0):
                if read.store in ('', 'this') and store(base(write)) in ('', 'this') \
                        and not helper_nouns(read.call) & helper_nouns(write):
                    continue  # `fetchAccessToken()` then `updateGitea()`: helpers about different records
                if _cached_elsewhere(read, write):
                    continue  # rows of the database cached in Redis: the cache is refilled, nothing read from it is lost
                if write.start_byte > read.call.end_byte and not _optimistic(write):
                    said = (f'`{short(s.callee_path(write))}()` writes `{head(s.normalized(computed, 80))}`, computed from '
                            f'the `{s.callee_name(read.call)}()` on line {line}')
                    yield write, *question(write, computed, uniques, said, 'a concurrent update is lost (atomic update?)',
                                           'calls that read the same value', 'to')


def _cached_elsewhere(read: Read, write: Node) -> bool:
    """``redis.set(key, [...rows])`` of rows read from another store (``db.tag.findMany()``): a
    cache fill of a value the write did not read from where it writes."""
    written = store(base(write))
    return bool(read.store) and bool(written) and s.callee_name(write) in stores.CACHE_SETS \
        and read.store.split('.')[0] != written.split('.')[0]


def _optimistic(write: Node) -> bool:
    """``update({ where: { id, version } })``: the write fails when someone else wrote first."""
    for arg in s.arguments(write)[:2]:
        if arg.type != 'object':
            continue
        keys = s.object_keys(arg)
        where = keys.get('where')
        if stores.VERSION_FIELDS & (s.object_keys(where) if where is not None else keys).keys():
            return True
    return False


def _computed(ref: Node) -> Node | None:
    """The arithmetic, array spread or ``concat`` that ``ref`` takes part in, if any."""
    node = ref
    found = None
    while s.parent_of(node) is not None:
        parent = s.parent_of(node)
        t = parent.type
        if t == 'member_expression' and same(parent.child_by_field_name('object'), node):
            call = s.parent_of(parent)
            if call is not None and call.type == 'call_expression' and s.callee_name(call) == 'concat':
                found = call
                node = call
                continue
        elif t == 'binary_expression' and s.text(parent.child_by_field_name('operator')) in _ARITHMETIC:
            found = parent
        elif t in ('augmented_assignment_expression', 'update_expression'):
            return parent if found is None and is_left(parent, node) else found
        elif t == 'spread_element' and s.parent_of(parent) is not None and s.parent_of(parent).type == 'array':
            found = s.parent_of(parent)
            node = s.parent_of(parent)
            continue
        elif t == 'arguments' and s.callee_path(s.parent_of(parent)) in _COERCE:
            node = s.parent_of(parent)
            continue
        elif t not in ('subscript_expression', 'parenthesized_expression', 'unary_expression', 'member_expression'):
            return found
        node = parent
    return found


def _writes_receiving(fl: Flow, ref: Node, b: Binding, names: Mapping[str, frozenset[str]],
                      depth: int) -> list[Node]:
    """Awaited writes that store a value computed from ``ref`` (directly, via a local, or by
    mutating the record and saving it)."""
    moved = _moved_in_place(ref)
    if moved is not None:  # `balance += amount; await saveBalance(balance)`
        return [u.target for u in fl.uses(b) if u.ref.start_byte > moved.end_byte and u.role == 'argument'
                and u.target.type == 'call_expression' and is_kind(u.target, names, 'write')][:1]
    mutation = _mutation_of(ref)
    if mutation is not None:
        return [u.target for u in fl.uses(b) if u.role == 'receiver' and u.target.start_byte > mutation.end_byte
                and s.callee_name(u.target) in ('save', 'update', 'put', 'set')][:1]
    use = flow.use_of(ref)
    while use is not None and use.role == 'argument' and s.callee_path(use.target) in _ENCODE:
        use = flow.use_of(use.target)  # `JSON.stringify([...rows, row])` still carries the rows
    if use is None:
        return []
    if use.role == 'argument' and use.target.type == 'call_expression':
        return [use.target] if is_kind(use.target, names, 'write') else []
    if use.role == 'declared' and depth == 0:
        local = use.target.child_by_field_name('name')
        if local is None or local.type != 'identifier':
            return []
        out = []
        for lb in fl.bindings_of(local):
            for r in fl.references(lb):
                out += _writes_receiving(fl, r, lb, names, depth + 1)
        return out
    if use.role == 'assigned':
        left = use.target.child_by_field_name('left')
        root = root_identifier(left)
        if root is not None and s.text(root) == b.name:
            return [u.target for u in fl.uses(b) if u.role == 'receiver' and u.target.start_byte > use.target.end_byte
                    and s.callee_name(u.target) == 'save'][:1]
    return []


def _moved_in_place(ref: Node) -> Node | None:
    """``balance += amount``, ``balance = balance - cost``: the local read from the store moved
    in place (``ref`` on the left, or on the right of an assignment back to its own name)."""
    parent = s.parent_of(ref)
    if parent is not None and parent.type in ('augmented_assignment_expression', 'update_expression'):
        return parent if is_left(parent, ref) else None
    node = ref
    while s.parent_of(node) is not None and s.parent_of(node).type in ('binary_expression', 'parenthesized_expression'):
        node = s.parent_of(node)
    parent = s.parent_of(node)
    if node is ref or parent is None or parent.type != 'assignment_expression':
        return None
    left = parent.child_by_field_name('left')
    return parent if left is not None and left.type == 'identifier' and left.text == ref.text else None


def _mutation_of(ref: Node) -> Node | None:
    """``post.views += 1`` / ``post.views++`` / ``post.tags.push(x)``: the mutation of ``ref``'s record."""
    node = ref
    while s.parent_of(node) is not None and s.parent_of(node).type in ('member_expression', 'subscript_expression') \
            and same(s.parent_of(node).child_by_field_name('object'), node):
        node = s.parent_of(node)
    parent = s.parent_of(node)
    if node is ref or parent is None:
        return None
    if parent.type in ('augmented_assignment_expression', 'update_expression') and is_left(parent, node):
        return parent
    return None
