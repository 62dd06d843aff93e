"""n-plus-one's free-candidate loop: a loop that makes a candidate (a random username, a
discriminator) and awaits a lookup of it on each pass until one is free (``while (attempts < 5) {
const taken = await db.user.findUnique({ where: { username } }); if (!taken) return username; }``):
one query per attempt, where the candidates could be made first and looked up in one query; and
a counted loop that looks a record up by the number it counts until one matches (``for (let i = n;
i > 0; i--)``, leaving with the record found): one query ordered by that number would find it."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang.uses import same

# Not judged on held-out code (a handful of queries at most): found for recall, not listed.
CONFIDENCE = LOW
_LOOPS = frozenset(('while_statement', 'do_statement', 'for_statement'))
_LOOP_WORDS = frozenset((b'while', b'for', b'do'))


def possible(scope: Scope) -> bool:
    return not scope.file.words.isdisjoint(_LOOP_WORDS) and scope.holds(b'await')


def find(scope: Scope) -> Iterator[tuple[Node, str, Node]]:
    """(lookup, message, loop) for a lookup awaited in a counting or open loop and tested for absence
    by a branch that leaves the loop with the candidate."""
    for wait in scope.file.named(frozenset((b'await',)), scope.ranges, frozenset(('await',))):
        expression = s.parent_of(wait)
        call = s.unwrap(expression.named_children[0]) if expression is not None and expression.named_children else None
        if call is None or call.type != 'call_expression' or s.callee_name(call) not in stores.RECORD_LOOKUPS:
            continue
        loop = _loop_around(call)
        local = s.declared_into(expression)
        if loop is None or local is None or not _keyed_per_attempt(call, loop):
            continue
        fl = flow.of(scope.file, call)
        refs = [ref for b in fl.bindings_of(local) for ref in fl.references(b)]
        kind = loop.type.removesuffix("_statement").replace("_", "-")
        if any(_leaves_when_absent(ref, loop) for ref in refs):
            yield call, (
                f'`{s.callee_path(call)}()` runs once per attempt of the {kind} loop on line '
                f'{loop.start_point.row + 1} until a candidate is free'
            ), loop
        elif any(_leaves_when_found(ref) for ref in refs):
            yield call, (
                f'`{s.callee_path(call)}()` runs once per pass of the {kind} loop on line '
                f'{loop.start_point.row + 1} until a record matches: one query ordered by that key could find it'
            ), loop


def _loop_around(call: Node) -> Node | None:
    """The loop whose body holds the call, within the call's function; a ``for`` only with a counter
    (``for (let tries = 0; tries < 5; tries++)``), not ``for...of`` (n-plus-one's element loops)."""
    for a in s.ancestors(call):
        if a.type in s.FUNCTION_TYPES or a.type == 'for_in_statement':
            return None
        if a.type in _LOOPS:
            return a if _counted(a) else None
    return None


def _keyed_per_attempt(call: Node, loop: Node) -> bool:
    """The lookup takes a value the loop makes anew on each pass (``const username = random()`` in
    it, ``suffix++``), not the same key every time: a loop that re-reads one record until its status
    changes is a poll, one query per interval and not per candidate (bench/judged
    shape:polling-loop-not-n-plus-one)."""
    names = {n.text for arg in s.arguments(call) for n in [s.unwrap(arg), *s.own_nodes(arg, _NAMES)] if n.type in _NAMES}
    for node in s.own_nodes(loop, _NAMES):
        decl = s.declaration(node) if node.text in names else None
        if decl is not None and loop.start_byte <= decl.start_byte < loop.end_byte:
            return True
    for change in s.own_nodes(loop, _CHANGES):
        target = change.child_by_field_name('left') or change.child_by_field_name('argument')
        if target is not None and target.type == 'identifier' and target.text in names:
            return True
    return False


_NAMES = frozenset(('identifier', 'shorthand_property_identifier'))
_CHANGES = frozenset(('assignment_expression', 'augmented_assignment_expression', 'update_expression'))


def _counted(loop: Node) -> bool:
    """A bounded number of attempts (``attempts < MAX``, ``tries <= 5``, ``left > 0``), not a walk up a
    chain of parents (``while (parentId)``)."""
    cond = loop.child_by_field_name('condition')
    while cond is not None and cond.type in ('parenthesized_expression', 'expression_statement') and cond.named_children:
        cond = cond.named_children[0]
    return cond is not None and cond.type == 'binary_expression' \
        and s.text(cond.child_by_field_name('operator')) in ('<', '<=', '>', '>=')


def _leaves_when_found(ref: Node) -> bool:
    """``if (statuses.includes(previous?.status)) return previous.number``: the loop ends with the
    record it found (ffc-pay-tracking's walk down the payment request numbers, a real bug of
    holdout12), the test reading the record, not its absence."""
    stmt = next((a for a in s.ancestors(ref) if a.type == 'if_statement' or a.type in s.FUNCTION_TYPES), None)
    cond = stmt.child_by_field_name('condition') if stmt is not None and stmt.type == 'if_statement' else None
    if stmt is None or cond is None or not (cond.start_byte <= ref.start_byte < cond.end_byte):
        return False
    test = s.parent_of(ref)
    if test is not None and test.type == 'unary_expression' and s.text(test).startswith('!'):
        return False  # `if (!found)`: the absent case is `_leaves_when_absent`'s
    consequence = stmt.child_by_field_name('consequence')
    text = s.text(consequence).lstrip('{ \n\t') if consequence is not None else ''
    return text.startswith(('return', 'break')) and not text.startswith(('return;', 'return null', 'return false'))


def _leaves_when_absent(ref: Node, loop: Node) -> bool:
    """``if (!taken) return username`` or ``if (!exists) break``: the loop ends when nothing was found."""
    test = s.parent_of(ref)
    if test is None or test.type != 'unary_expression' or not s.text(test).startswith('!'):
        return False
    cond = s.parent_of(test)
    stmt = s.parent_of(cond) if cond is not None and cond.type == 'parenthesized_expression' else None
    if stmt is None or stmt.type != 'if_statement' or not same(stmt.child_by_field_name('condition'), cond):
        return False
    consequence = stmt.child_by_field_name('consequence')
    text = s.text(consequence) if consequence is not None else ''
    return any(text.lstrip('{ \n\t').startswith(word) for word in ('return', 'break'))
