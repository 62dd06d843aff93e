"""race-condition's record of a key-value store merged and put back under its key: ``const item =
await this.get(id) ?? {}``, a value made from it (``{ ...item, ...update }``,
``this.getUpdatedValue(item, update)``, ``item.seen = true``), then ``this.put(id, value)`` on the
same receiver with the same key.  Two updates of one key read the same old record, and the later
put drops the fields the other one merged in (hop-node's TransferRootsDb.update on LevelDB, a real
bug of holdout9).  Not asked when the function takes a lock (``runExclusive``, a mutex) or runs in a
transaction; the get must be awaited (a ``Map`` is not a store another caller interleaves with).
Also a data-access object's record written back whole (``helper_merges``)."""
from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator

from vcx_hook.checks.race_condition.calls import helper_nouns
from vcx_hook.checks.race_condition.calls import in_transaction
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not judged on held-out code: found for recall (issue 18: read-modify-write through every store).
CONFIDENCE = LOW
_GET = frozenset((b'get',))
# A data-access object's read and write helpers about one record (`getInstance`, `updateInstance`).
# A read helper's name among the file's words, one a line (`getInstance`, not `getAll`/`findUsers`).
_HELPER_GETS = lazyre.compile(rb'(?m)^(?:get|find|fetch|load|read)(?!All|Many|List)[A-Z]\w*[^s\n]$')
_HELPER_WRITE = lazyre.compile(r'^(?:update|save|set|put|write|replace|store)[A-Z]')
_ACCESS_WORDS = frozenset(('dao', 'repository', 'repo', 'store', 'db', 'database'))
_PUTS = frozenset(('put', 'set'))
# What may sit between the awaited get and the name it is kept in: `await db.get(k) ?? {}`.
_AROUND = frozenset(('await_expression', 'binary_expression', 'parenthesized_expression', 'as_expression'))


def possible(scope: Scope) -> bool:
    words = scope.file.words
    return b'get' in words and (b'put' in words or b'set' in words) and scope.holds(b'await')


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(put, message, evidence) for each put of a key with a value made from the awaited get of that
    key, and each record of a data-access object written back whole (``helper_merges``)."""
    if scope.holds(b'await'):
        yield from helper_merges(scope)
    if not possible(scope):
        return
    for name in scope.named(_GET):
        get = s.called_by(name)
        if get is None or not scope.contains(get):
            continue
        receiver, args = s.receiver(get), s.arguments(get)
        item = _kept_in(get)
        fn = s.enclosing_function(get)
        if receiver is None or not args or item is None or fn is None or in_transaction(get):
            continue
        body = s.function_body(fn)
        if body is None or _locked(get, body):
            continue
        put = _put_back(body, get, s.text(receiver), s.text(args[0]), item)
        if put is not None:
            yield put, (
                f'`{s.normalized(s.callee(put) or put, 40)}()` puts back under `{s.normalized(args[0], 30)}` a value '
                f'made from the `{s.callee_path(get)}()` on line {get.start_point.row + 1}; a concurrent update of '
                'that key is lost (a lock per key, or an atomic update?)'
            ), (get,)


def helper_merges(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(write, message, evidence) for a record a data-access object's read helper returned
    (``const instance = await candidateDeciderDao.getInstance(uuid)``) spread into a new record
    (``{ ...instance, candidates: instance.candidates.map(...) }``) and handed whole to the same
    object's write helper about the same noun (``candidateDeciderDao.updateInstance(updated)``):
    two updates both start from the same old record and the later write drops the other's (a
    Firestore document in idol's candidate decider, a real bug of holdout12)."""
    for word in scope.file.memo('race-condition:helper-gets', lambda f: _HELPER_GETS.findall(b'\n'.join(f.words))):
        for name in scope.named(frozenset((word,))):
            get = s.called_by(name)
            receiver = s.receiver(get) if get is not None else None
            item = _kept_in(get) if get is not None else None
            fn = s.enclosing_function(get) if get is not None else None
            segments = s.path_segments(receiver) if receiver is not None else []
            if get is None or item is None or fn is None or not segments or not scope.contains(get) \
                    or _ACCESS_WORDS.isdisjoint(s.name_words(segments[-1])) or in_transaction(get):
                continue
            body = s.function_body(fn)
            if body is None or _locked(get, body):
                continue
            write = _written_whole(body, get, s.text(s.receiver(get) or get), item, helper_nouns(get))
            if write is not None:
                yield write, (
                    f'`{s.normalized(s.callee(write) or write, 50)}()` writes back whole a record made from the '
                    f'`{s.callee_path(get)}()` on line {get.start_point.row + 1}; a concurrent update of that record '
                    'is lost (a transaction, or an update of the changed field?)'
                ), (get,)


def _written_whole(body: Node, get: Node, receiver: str, item: str, nouns: frozenset[str]) -> Node | None:
    """The first write helper of ``receiver`` about ``nouns`` after ``get`` handed a record spread
    from ``item`` (or a local holding one)."""
    spread: set[str] = set()
    for node in _calls_after(body, get, lambda value: _spreads(value, item), spread):
        recv = s.receiver(node)
        if recv is None or s.text(recv) != receiver or not _HELPER_WRITE.match(s.callee_name(node)) \
                or not nouns & helper_nouns(node):
            continue
        if any(_spreads(a, item) or (a.type == 'identifier' and s.text(a) in spread) for a in s.arguments(node)):
            return node
    return None


def _calls_after(body: Node, get: Node, derived: Callable[[Node], bool], names: set[str]) -> Iterator[Node]:
    """The calls of ``body`` after ``get``, in order; a local declared on the way whose value is
    ``derived`` joins ``names`` first (``const next = { ...item, n }``)."""
    for node in sorted(s.own_nodes(body, _DECLARED_OR_CALLED), key=s.document_order):
        if node.start_byte <= get.end_byte:
            continue
        if node.type != 'variable_declarator':
            yield node
            continue
        target, value = node.child_by_field_name('name'), node.child_by_field_name('value')
        if target is not None and target.type == 'identifier' and value is not None and derived(value):
            names.add(s.text(target))


_DECLARED_OR_CALLED = frozenset(('variable_declarator', 'call_expression'))


def _spreads(node: Node, item: str) -> bool:
    """``{ ...item, k: v }``: an object literal spreading ``item``."""
    node = s.unwrap(node)
    return node.type == 'object' and any(
        c.type == 'spread_element' and c.named_children and s.text(s.unwrap(c.named_children[0])) == item
        for c in node.named_children)


def _locked(get: Node, body: Node) -> bool:
    """A lock taken in the function, or a callback run under one: ``mutex.runExclusive(async () => ...)``."""
    if stores.SERIALIZES.search(body.text) or stores.KEYED_LOCKS.search(body.text):
        return True
    return any(a.type == 'call_expression' and stores.SERIALIZES.search(s.text(s.callee(a) or a).encode() + b'(')
               for a in s.ancestors(get))


def _kept_in(get: Node) -> str | None:
    """The name an awaited ``get`` is kept in: ``const item = await db.get(k) ?? {}``."""
    node, awaited = get, False
    parent = s.parent_of(node)
    while parent is not None and parent.type in _AROUND:
        if parent.type == 'binary_expression' and parent.child_by_field_name('left') != node:
            return None
        awaited = awaited or parent.type == 'await_expression'
        node, parent = parent, s.parent_of(parent)
    if not awaited or parent is None or parent.type != 'variable_declarator':
        return None
    target = parent.child_by_field_name('name')
    return s.text(target) if target is not None and target.type == 'identifier' else None


def _put_back(body: Node, get: Node, receiver: str, key: str, item: str) -> Node | None:
    """The first put on ``receiver`` of ``key`` after ``get`` whose value is ``item`` or made from it."""
    made = {item}
    for node in _calls_after(body, get, lambda value: _uses(value, made), made):
        args = s.arguments(node)
        recv = s.receiver(node)
        if s.callee_name(node) in _PUTS and recv is not None and s.text(recv) == receiver and len(args) >= 2 \
                and s.text(args[0]) == key and _uses(args[1], made):
            return node
    return None


def _uses(node: Node, names: set[str]) -> bool:
    stack = [node]
    while stack:
        part = stack.pop()
        if part.type in ('identifier', 'shorthand_property_identifier') and s.text(part) in names:
            return True
        stack.extend(part.named_children)
    return False
