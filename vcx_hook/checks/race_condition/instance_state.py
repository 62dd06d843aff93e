"""race-condition's instance state: a member of a long-lived object (``this.clients``,
``this.counts[id]``, a class's static ``Reranker.#model``) tested in an ``if`` and set only after an
``await`` (or in a ``.then`` callback) that follows the test: two concurrent calls both pass the
test before either sets it, and both start the client, load the model or take the same number.
Also a naive queue: the previous call's promise awaited when it is there (``if (this.lastOp) await
this.lastOp``) and the member set to this call's only after another wait; and a registry read into a
``const`` the ``if`` tests and filled by its own methods (``const existing =
this.registry.getContext(id); if (existing) return; ... await ...; this.registry.addContext(ctx)``).
Not when the member is tested again after the last wait. In browser code only for a class named for
a service (``ApiClientContextService``, ``...Manager``, ``...Store``), not in components."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.race_condition.candidates import awaits
from vcx_hook.checks.race_condition.nodes import acts_after
from vcx_hook.checks.race_condition.nodes import head
from vcx_hook.checks.race_condition.nodes import same
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

# Not yet judged on held-out code: found for recall, not listed (--show low).
CONFIDENCE = LOW
_PENDING = lazyre.compile(rb'\.#?\w*(?:[Pp]romise|[Pp]ending|[Ii]nflight|[Ll]oading)\w*(?:\[[^\]]*\])?\s*=[^=]',
                          needs=(b'romise', b'ending', b'nflight', b'oading'))
_RECORD_BASES = lazyre.compile(r'extends\s+[\w.]*(?:Model|BaseEntity|Entity)\b')
_THEN = frozenset((b'then',))
_IFS = '(if_statement condition: (parenthesized_expression) @condition) @if'
_WRITES = '''
(assignment_expression left: [(member_expression) (subscript_expression)] @target) @write
(augmented_assignment_expression left: [(member_expression) (subscript_expression)] @target) @write
(update_expression argument: [(member_expression) (subscript_expression)] @target) @write
(call_expression function: (member_expression object: [(member_expression) (subscript_expression)] @target
  property: (property_identifier) @method)) @call
(await_expression) @await
(call_expression function: (member_expression property: (property_identifier) @then)) @chain
'''
_MUTATORS = frozenset(('set', 'add', 'push'))
_PEEKS = frozenset(('has', 'get', 'includes', 'length', 'size', 'find', 'some'))
# A registry's own methods, by their first word: `this.registry.getContext(id)` reads it,
# `this.registry.addContext(ctx)` fills it (requestly's workspace contexts, holdout22).
_PEEK_WORDS = frozenset(('get', 'has', 'find', 'lookup'))
_MUTATOR_WORDS = frozenset(('add', 'set', 'put', 'register', 'insert'))
_SERVICE_WORDS = frozenset(('service', 'manager', 'registry', 'client', 'provider', 'repository', 'store'))
_CALLBACK_CHAINS = frozenset(('then', 'finally'))
# A cache filled twice holds the same value; a member holding the pending promise is the fix.
_CACHES = ('cache', 'memo', 'pending', 'inflight', 'promise', 'lock', 'mutex')


def possible(scope: Scope) -> bool:
    """An ``await`` or a ``.then`` and a member of ``this`` or a class's private static."""
    text = scope.text
    return (scope.holds(b'await') or scope.holds(b'then') and b'.then(' in text) \
        and (scope.holds(b'this') and b'this.' in text or b'.#' in text)


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(write, message, evidence): the first write of a member after the async boundary that
    follows the ``if`` that tests it."""
    words = scope.file.words
    if b'this' not in words and b'class' not in words:
        return  # a tested member hangs off `this` or the class's own name (`_key`)
    reported: set[int] = set()
    ui = s.is_ui_file(scope.file)
    if ui and scope.file.path.endswith(('.jsx', '.tsx')):
        return  # components: their state is one user's screen
    ifs = scope.file.captures(_IFS, _waiting_functions(scope)).get('if', [])
    for stmt in ifs:
        cond = stmt.child_by_field_name('condition')
        if cond is None or not scope.contains(stmt):
            continue
        tested = {key: node for node in (*_chains(cond), *_read_into(cond)) if (key := _key(node)) is not None}
        tested = {k: n for k, n in tested.items() if not any(c in k[1].lower() for c in _CACHES)}
        fn = s.enclosing_function(stmt) if tested else None
        if fn is None or _record_class(stmt) or _locked(scope, fn) or ui and not _service_class(stmt):
            continue
        every_write, every_boundary = _facts(scope, fn)
        found = [(w, k) for w, k in every_write if w.start_byte >= cond.end_byte]
        boundaries = [b for b in every_boundary if b.start_byte >= cond.end_byte]
        for write, key in found:
            if key not in tested or write.start_byte in reported or _clears(write) \
                    or not _acts(stmt, write, key, found, boundaries):
                continue
            waits = boundaries
            if write.start_byte >= stmt.end_byte and (acts_after(stmt, write) or _waits_for(stmt, key)):
                # After an `if` that returns: only a wait outside it comes between this test and write.
                waits = [b for b in boundaries if not stmt.start_byte <= b.start_byte < stmt.end_byte]
            boundary = _boundary_before(write, fn, waits)
            if boundary is None or _claimed_before(found, key, write, boundary) \
                    or _retested(ifs, key, write, [b for b in waits if b.end_byte <= write.start_byte]):
                continue
            reported.add(write.start_byte)
            member = s.normalized(_member(tested[key]) or tested[key], 40)
            yield write, (
                f'`{member}` is tested on line {cond.start_point.row + 1} and set here only after '
                f'`{head(s.normalized(boundary, 80))}` on line {boundary.start_point.row + 1}: concurrent calls '
                'all pass the test before one sets it (set it, or the promise, before waiting?)'
            ), (cond, boundary)
            break


def _waiting_functions(scope: Scope) -> list[tuple[int, int]]:
    """The spans of the outermost functions that hold an ``await`` or a ``.then`` in the scope:
    only there can a wait come between a test and a write (the ``if`` query runs nowhere else)."""
    waits = [*awaits(scope), *scope.file.named(_THEN, scope.ranges)] if b'.then(' in scope.text else awaits(scope)
    top = scope.file.tree.root
    spans = sorted({(f.start_byte, f.end_byte) for w in waits if (f := flow.root_of(w, top)).type != 'program'})
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _peek(method: str) -> bool:
    words = s.name_words(method)
    return method in _PEEKS or len(words) > 1 and words[0] in _PEEK_WORDS


def _mutator(method: str) -> bool:
    words = s.name_words(method)
    return method in _MUTATORS or len(words) > 1 and words[0] in _MUTATOR_WORDS


def _read_into(cond: Node) -> Iterator[Node]:
    """The member chains a ``const`` the condition tests was read from (``const existing =
    this.registry.getContext(id); if (existing) return``), in memory (not an awaited store's read)."""
    for ident in s.identifiers(cond):
        value = s.initializer(ident) if s.declaration(ident) is not None else None
        if value is not None and value.type == 'call_expression':  # not awaited: an in-memory registry
            callee = s.unwrap(value.child_by_field_name('function'))
            if callee.type == 'member_expression':
                yield callee


def _chains(node: Node) -> Iterator[Node]:
    """The outermost member chains in ``node`` (``this.a.b[c]``, not ``this.a``)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type in ('member_expression', 'subscript_expression'):
            yield n
            index = n.child_by_field_name('index')
            if index is not None:
                stack.append(index)
            continue
        stack.extend(reversed(n.named_children))


def _member(chain: Node) -> Node | None:
    """The chain without its indexes and a trailing peek (``this.clients.has`` -> ``this.clients``)."""
    node: Node | None = chain
    if chain.type == 'member_expression' and _peek(s.text(chain.child_by_field_name('property'))):
        node = chain.child_by_field_name('object')
    while node is not None and node.type == 'subscript_expression':
        node = node.child_by_field_name('object')
    return node if node is not None and node.type == 'member_expression' else None


def _key(chain: Node) -> tuple[str, str] | None:
    """(owner, member) of a chain rooted at ``this`` or at the enclosing class's name
    (``this.clients.has(id)`` -> ('this', 'clients'))."""
    node = _member(chain)
    if node is None:
        return None
    member = s.text(node.child_by_field_name('property'))
    root = node
    while root is not None and root.type in ('member_expression', 'subscript_expression'):
        root = root.child_by_field_name('object')
    if root is None:
        return None
    if root.type == 'this':
        return 'this', member
    if root.type == 'identifier' and s.text(root)[:1].isupper() and s.text(root) == _class_name(chain):
        return s.text(root), member
    return None


def _class_name(node: Node) -> str | None:
    for a in s.ancestors(node):
        if a.type in ('class_declaration', 'class', 'abstract_class_declaration'):
            name = a.child_by_field_name('name')
            return s.text(name) if name is not None else None
    return None


def _facts(scope: Scope, fn: Node) -> tuple[list[tuple[Node, tuple[str, str]]], list[Node]]:
    """The member writes and the waits of a function (and the functions nested in it), once."""
    def compute(_f: object) -> tuple[list[tuple[Node, tuple[str, str]]], list[Node]]:
        found = scope.file.captures(_WRITES, [(fn.start_byte, fn.end_byte)])
        return _writes(found), _boundaries(found, fn)
    return scope.file.memo(f'race-instance-facts:{fn.start_byte}:{fn.end_byte}', compute)


def _writes(found: Mapping[str, list[Node]]) -> list[tuple[Node, tuple[str, str]]]:
    out = []
    for w in found.get('write', []):
        target = w.child_by_field_name('left') or w.child_by_field_name('argument')
        if target is not None and (key := _key(target)) is not None:
            out.append((w, key))
    for call in found.get('call', []):
        fn = call.child_by_field_name('function')
        if fn is None or not _mutator(s.text(fn.child_by_field_name('property'))):
            continue
        target = fn.child_by_field_name('object')
        if target is not None and (key := _key(target)) is not None:
            out.append((call, key))
    return sorted(out, key=lambda p: p[0].start_byte)


def _boundaries(found: Mapping[str, list[Node]], fn: Node) -> list[Node]:
    """The awaits and the ``.then``/``.finally`` calls after the test, in the tested function or
    in functions nested in it."""
    out = list(found.get('await', []))
    out += [c for c in found.get('chain', [])
            if s.text(c.child_by_field_name('function').child_by_field_name('property')) in _CALLBACK_CHAINS]
    return sorted((b for b in out if any(same(a, fn) for a in s.ancestors(b))), key=lambda b: b.start_byte)


def _boundary_before(write: Node, fn: Node, boundaries: list[Node]) -> Node | None:
    """An await that ends before the write is done (``this.x = await load()`` included), in the
    tested function or the functions between it and the write, or a ``.then`` whose callback
    holds the write."""
    between = []
    f = s.enclosing_function(write)
    while f is not None and not same(f, fn):
        between.append(f)
        f = s.enclosing_function(f)
    if f is None:
        return None
    owners = [fn, *between]
    for b in boundaries:
        if b.start_byte >= write.end_byte:
            break
        if b.type == 'await_expression':
            wraps = b.start_byte < write.start_byte and b.end_byte >= write.end_byte
            if not wraps and any(same(s.enclosing_function(b), o) for o in owners):
                return b
        elif any(same(s.parent_of(s.parent_of(inner)), b) for inner in between):
            return b
    return None


def _acts(stmt: Node, write: Node, key: tuple[str, str], found: list[tuple[Node, tuple[str, str]]],
          boundaries: list[Node]) -> bool:
    """Inside the ``if``, after it when it returns or throws, or after it when its branch waits
    and fills the member (``if (this.n[id] === undefined) { this.n[id] = await max(); } this.n[id] += 1``)."""
    if acts_after(stmt, write):
        return True
    if write.start_byte >= stmt.end_byte and _waits_for(stmt, key):
        return True
    consequence = stmt.child_by_field_name('consequence')
    if consequence is None or write.start_byte < stmt.end_byte:
        return False
    inside = (consequence.start_byte, consequence.end_byte)
    return any(inside[0] <= b.start_byte < inside[1] for b in boundaries) and any(
        inside[0] <= w.start_byte < inside[1] for w, k in found if k == key)


def _waits_for(stmt: Node, key: tuple[str, str]) -> bool:
    """``if (this.lastOp) await this.lastOp``: the tested member is the previous call's promise, a
    queue each call joins by waiting for it and then setting it; set after another wait, two calls
    both wait for the same previous one and run together (passport's ComposeDB writes, holdout22)."""
    consequence = stmt.child_by_field_name('consequence')
    for node in s.identifiers(consequence, frozenset(('await_expression',)), into_functions=False):
        awaited = node.named_children[0] if node.named_children else None
        if awaited is not None and awaited.type == 'member_expression' and _key(awaited) == key:
            return True
    return False


def _claimed_before(found: list[tuple[Node, tuple[str, str]]], key: tuple[str, str], write: Node, boundary: Node) -> bool:
    """The member is set before the wait (the promise stored, a flag raised): the test holds. Not by
    a write inside the reported one (a close callback in its value, ``closeCallback: () => { this._timeline
    = null }``: hydrogen's openTimeline, holdout17) nor one that clears it."""
    return any(w.start_byte < boundary.start_byte and not same(w, write) and not _clears(w)
               and not write.start_byte <= w.start_byte < write.end_byte for w, k in found if k == key)


def _locked(scope: Scope, fn: Node) -> bool:
    """A lock (``mutex.runExclusive``, a lock per key) or a pending promise kept in a member
    (``this.#loading = (async () => ...)()``): concurrent calls wait for the first."""
    return scope.file.memo(f'race-instance-locked:{fn.start_byte}:{fn.end_byte}', lambda _f: bool(
        stores.SERIALIZES.search(fn.text) or stores.KEYED_LOCKS.search(fn.text) or _PENDING.search(fn.text)))


def _clears(write: Node) -> bool:
    """``this.subscriber = null`` after unsubscribing: a teardown, not a fill."""
    value = write.child_by_field_name('right')
    return value is not None and s.text(value) in ('null', 'undefined', 'false')


def _retested(ifs: list[Node], key: tuple[str, str], write: Node, waits: list[Node]) -> bool:
    """The member tested again after the last wait, before the write (``if (this.registry.getContext(id))
    return;`` just before ``addContext``): the double check that makes the fill safe."""
    last = max((b.end_byte for b in waits), default=-1)
    if last < 0:
        return False  # the wait is in the write itself (`this.x = new X(await y())`): nothing between
    for stmt in ifs:
        cond = stmt.child_by_field_name('condition')
        if cond is None or not last <= stmt.start_byte < write.start_byte or not acts_after(stmt, write):
            continue
        if any(_key(n) == key for n in (*_chains(cond), *_read_into(cond))):
            return True
    return False


def _service_class(node: Node) -> bool:
    """A method of a class named for a long-lived service (``ApiClientContextService``, ``SyncManager``,
    ``ContextRegistry``): in browser code too, one instance every caller of the app shares, and its
    async methods run concurrently for parallel events (requestly's workspace contexts, holdout22)."""
    name = _class_name(node)
    words = s.name_words(name) if name else []
    return bool(words) and words[-1] in _SERVICE_WORDS


def _record_class(node: Node) -> bool:
    """A method of an ORM record (``class Document extends ParanoidModel``): ``this`` is the row one
    request loaded, not an object calls share."""
    for a in s.ancestors(node):
        if a.type in ('class_declaration', 'class', 'abstract_class_declaration'):
            heritage = next((c for c in a.children if c.type == 'class_heritage'), None)
            return heritage is not None and bool(_RECORD_BASES.search(s.text(heritage)))
    return False
