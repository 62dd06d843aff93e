"""race-condition's check-then-create through a project's data helpers: a record looked up by a
helper of an object (``this.db.getPlaybackSession(id)``, ``tempbans.findExistingTempbanForUserId()``,
``store.getMatrixPmRoom()``), tested for absence, then made by a helper about the same record
(``insertEntity('session', ...)``, ``addTempban()``, ``setPmRoom()``, the lookup's object's bare
``insert()``, or a function named for making what the lookup's local holds:
``handleCreateCustomer()`` for ``customer``) after an ``await`` or a ``yield``: two calls both find
nothing and both create it."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.race_condition.calls import helper_nouns
from vcx_hook.checks.race_condition.calls import in_transaction
from vcx_hook.checks.race_condition.calls import settled_in
from vcx_hook.checks.race_condition.candidates import awaits
from vcx_hook.checks.race_condition.nodes import acts_after
from vcx_hook.checks.race_condition.nodes import callee
from vcx_hook.checks.race_condition.nodes import if_testing
from vcx_hook.checks.race_condition.nodes import same
from vcx_hook.checks.race_condition.nodes import short
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

# Not yet judged on held-out code: found for recall, not listed (--show low).
CONFIDENCE = LOW
_YIELDS = '(yield_expression) @wait'
_LOOKUPS = ('get', 'find', 'fetch', 'load', 'read', 'has', 'exists')
_MAKES = ('create', 'insert', 'add', 'set', 'save', 'store', 'put', 'sync')
_LOOKUP = lazyre.compile(r'^(?:' + '|'.join(_LOOKUPS) + r')(?!All|Many|List)[A-Z]\w*$')
# An existence question (`hasPackageVersionFiles`): plural nouns are what it asks about, not a list read.
_EXISTS = lazyre.compile(r'^(?:has|exists)[A-Z]')
# Bare makes, asked only on the object the lookup asked (`EntityService.insert()`).
_BARE_MAKES = frozenset(('create', 'insert'))
_MAKE_VERBS = frozenset(('create', 'insert'))
_MAKE = lazyre.compile(r'^(?:' + '|'.join(_MAKES) + r')[A-Z]\w*$')
_NEXT = lazyre.compile(r'\bcontinue\b')
_EXIT = lazyre.compile(r'\b(?:return|throw)\b')
_PLURAL = lazyre.compile(r'(?:s|List|Ids)(?:By\w*|For\w*)?$')
# The start of a lookup's and of a create's name, as words of the file (`File.word_text`): without
# both, no yield is looked for and no call is asked.
_LOOKUP_WORD = lazyre.compile(rb' (?:' + '|'.join(_LOOKUPS).encode() + rb')(?!All|Many|List)[A-Z]')
_MAKE_WORD = lazyre.compile(rb' (?:(?:' + '|'.join(_MAKES).encode() + rb')[A-Z]|(?:create|insert) |\w+(?:Create|Insert)[A-Z])')


def possible(scope: Scope) -> bool:
    return scope.holds(b'await') or scope.holds(b'yield')


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(create, message, evidence) for each helper lookup tested for absence and followed by a
    create of the same record."""
    words = scope.file.word_text
    if _LOOKUP_WORD.search(words) is None or _MAKE_WORD.search(words) is None:
        return
    waits = awaits(scope)
    if b'yield' in scope.text:
        waits = sorted([*waits, *scope.file.captures(_YIELDS, scope.ranges).get('wait', [])], key=lambda w: w.start_byte)
    calls = [c for w in waits if (c := _waited_call(w)) is not None]
    made = [c for w in waits if (c := _waited_call(w, free=True)) is not None]
    for read in calls:
        name = s.callee_name(read)
        if not _LOOKUP.match(name) or (_PLURAL.search(name) and not _EXISTS.match(name)):
            continue
        local = s.declared_into(read)
        assigned = _assigned_into(read) if local is None else None
        fn = s.enclosing_function(read)
        if (local is None and assigned is None) or fn is None or in_transaction(read) or _settled(scope, read):
            continue
        if local is not None:
            fl = flow.of(scope.file, read)
            tests = [(stmt, ref) for b in fl.bindings_of(local) for ref in fl.references(b)
                     if (stmt := if_testing(ref)) is not None]
        else:
            tests = _tests_after(fn, read, assigned or '')
        nouns = helper_nouns(read)
        held = s.text(local) if local is not None else assigned or ''
        for make in made:
            if make.start_byte <= read.end_byte or not _makes(read, make, held):
                continue
            if not same(s.enclosing_function(make), fn) or not (
                    _same_record(read, make, nouns) or s.callee_name(make) in _BARE_MAKES or _named_for(make, held)):
                continue
            stmt = next((t for t, ref in tests if _where_absent(t, ref, make)), None)
            if stmt is None:
                continue
            yield make, (
                f'`{_name(read)}()` on line {read.start_point.row + 1} looks the record up, '
                f'`{_name(make)}()` makes it when it is missing; two calls can both find none'
            ), (read, stmt)
            break


def _waited_call(wait: Node, free: bool = False) -> Node | None:
    """The call awaited, a method's (``store.getRoom()``); with ``free``, a function's too
    (``handleCreateCustomer()``, which can only make a record)."""
    value = wait.named_children[0] if wait.named_children else None
    value = s.unwrap(value) if value is not None else None
    if value is None or value.type != 'call_expression':
        return None
    fn = value.child_by_field_name('function')
    return value if fn is not None and (fn.type == 'member_expression' or free and fn.type == 'identifier') else None


def _makes(read: Node, make: Node, held: str) -> bool:
    """A method named for making a record (``addTempban``), a bare ``insert``/``create`` of the
    object the lookup asked (``EntityService.getNull()`` then ``EntityService.insert()``), or a
    function whose name makes the record the lookup's local holds (``customer =
    await handleCreateCustomer()`` after ``customer = await CusService.getById()``)."""
    name = s.callee_name(make)
    fn = s.callee(make)
    if fn is not None and fn.type == 'identifier':
        return _named_for(make, held)
    return bool(_MAKE.match(name)) or (name in _BARE_MAKES and _same_receiver(read, make)
                                       and s.callee_name(read) not in stores.STALE_READS)  # an ORM's own: check_then_act's


def _same_receiver(read: Node, make: Node) -> bool:
    recv, made = s.receiver(read), s.receiver(make)
    return recv is not None and made is not None and s.dotted(s.unwrap(recv)) not in ('', 'this') \
        and s.dotted(s.unwrap(recv)) == s.dotted(s.unwrap(made))


def _named_for(make: Node, held: str) -> bool:
    """``handleCreateCustomer()`` or ``createCustomerRecord()`` for a local named ``customer``."""
    words = s.name_words(s.callee_name(make))
    return bool(held) and len(held) > 2 and _MAKE_VERBS.intersection(words) != set() \
        and held.lower().removesuffix('s') in {w.lower().removesuffix('s') for w in words}


def _assigned_into(call: Node) -> str:
    """``customer`` of ``customer = await CusService.getById(...)``: a ``let`` given the lookup later."""
    parent = s.parent_of(s.outer_expression(call))
    while parent is not None and parent.type in ('await_expression', 'parenthesized_expression'):
        parent = s.parent_of(parent)
    if parent is None or parent.type != 'assignment_expression':
        return ''
    left = parent.child_by_field_name('left')
    return s.text(left) if left is not None and left.type == 'identifier' else ''


def _tests_after(fn: Node, read: Node, name: str) -> list[tuple[Node, Node]]:
    """(if statement, the tested identifier) for ``if (!name)`` / ``if (name)`` after the lookup."""
    body = s.function_body(fn)
    found = []
    for stmt in _ifs(body) if body is not None else []:
        cond = stmt.child_by_field_name('condition')
        test = s.unwrap(cond) if cond is not None else None
        if test is not None and test.type == 'unary_expression' and s.text(test).startswith('!'):
            test = test.child_by_field_name('argument')
            test = s.unwrap(test) if test is not None else None
        if stmt.start_byte > read.end_byte and test is not None and test.type == 'identifier' and s.text(test) == name:
            found.append((stmt, test))
    return found


def _ifs(node: Node) -> list[Node]:
    found = [node] if node.type == 'if_statement' else []
    for child in node.named_children:
        if child.type not in s.FUNCTION_TYPES:
            found += _ifs(child)
    return found


def _same_record(read: Node, make: Node, nouns: frozenset[str]) -> bool:
    """The helpers name one record (``getRole``/``createRoleWithPermissions``), or the create names
    it in a string (``insertEntity('session', ...)`` after ``getPlaybackSession``)."""
    made = set(helper_nouns(make))
    for arg in s.arguments(make)[:1]:
        text = s.string_value(arg)
        if text:
            made.add(text.lower().removesuffix('s'))
    return bool(nouns & made)


def _where_absent(stmt: Node, ref: Node, make: Node) -> bool:
    """``make`` runs where the lookup found nothing: in ``if (!x) { ... }``, in the ``else`` of
    ``if (x)``, or after ``if (x) return``."""
    cond = stmt.child_by_field_name('condition')
    test = s.unwrap(cond) if cond is not None else None
    negated = test is not None and test.type == 'unary_expression' and s.text(test).startswith('!')
    if negated and test is not None:
        argument = test.child_by_field_name('argument')
        test = s.unwrap(argument) if argument is not None else None
    if test is None or not same(test, ref):
        return False
    consequence = stmt.child_by_field_name('consequence')
    inside = consequence is not None and consequence.start_byte <= make.start_byte < consequence.end_byte
    if inside:
        return negated
    alternative = stmt.child_by_field_name('alternative')
    if negated and alternative is not None and make.start_byte >= stmt.end_byte \
            and _EXIT.search(s.text(alternative)[:1000]) and not _EXIT.search(s.text(consequence or stmt)[:400]):
        return True  # `if (!user) { type = 'new' } else if (user.invited) {...} else { return conflict }`, then the create
    exits = consequence is not None and bool(_NEXT.search(s.text(consequence)[:200]))
    if not acts_after(stmt, make) and not (exits and make.start_byte >= stmt.end_byte):
        return False
    return not negated


def _settled(scope: Scope, read: Node) -> bool:
    """A lock, an upsert or a unique violation handled in the outermost function around the
    lookup: the database or the lock decides."""
    root = flow.root_of(read, scope.file.tree.root)
    return scope.file.memo(f'race-helper-settled:{root.start_byte}:{root.end_byte}', lambda _f: bool(
        stores.SERIALIZES.search(root.text) or settled_in(root)
        or stores.KEYED_LOCKS.search(root.text)))


def _name(call: Node) -> str:
    """``this.db.getPlaybackSession`` as written, ``….getIntent().createRoom`` by its name alone."""
    path = callee(call)
    return short(path) if '(' not in path else s.callee_name(call)
