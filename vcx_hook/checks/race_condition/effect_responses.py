"""A React effect's response written into state with no guard against a superseded run (low): an
effect with dependencies (``useEffect(() => {...}, [accountId, attachment.id])``) starts a request
and, when it resolves, calls a state hook's setter (``.then((info) => setWebxdcInfo(info))``, or
after an ``await`` in an async function it declares and runs, or in one the component declares and
the effect calls by name, one hop: ``const search = async (term) => {...}`` or a ``useCallback`` of
one, perfcompare's revision search of holdout28). When a dependency changes the effect
runs again while the first request is still out; whichever answers last wins, so a slow answer for
the previous subject overwrites the current one (deltachat-desktop's draft attachment and
zooniverse's Caesar reductions, real bugs of holdout15 and holdout17; React's documentation asks
for an ``ignore`` flag set by the effect's cleanup). Not when the effect returns a cleanup, aborts
its request (``AbortController``, a ``signal``), or tests a flag or the latest value before writing
(``if (!ignore)``, ``cancelled``, ``isMounted``, ``id !== counterRef.current``), nor an effect that runs once (``[]``) or after
every render (no list)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import react_state
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang.tree import FUNCTION_TYPES

CONFIDENCE = LOW
_EFFECTS = frozenset(h.encode() for h in react_state.EFFECT_HOOKS)
# The effect keeps a superseded run from writing: a flag its cleanup sets, an abort, the latest value.
_GUARDED = lazyre.compile(
    r'\b(?:ignore[ds]?|ignoreResult|cancell?ed|isCancell?ed|didCancel|cancel|abort(?:ed)?|AbortController|signal|'
    r'stale|isStale|mounted|isMounted|unmounted|isSubscribed|subscribed|isCurrent|isLatest|latest\w*|active|isActive|'
    r'requestId|callId|fetchId|runId)\b')


def possible(scope: Scope) -> bool:
    return not scope.file.words.isdisjoint(_EFFECTS) and (scope.holds(b'then') or scope.holds(b'await'))


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    if not possible(scope):
        return
    setters = react_state.setters(scope.file)
    if not setters:
        return
    for name in scope.named(_EFFECTS):
        call = s.called_by(name)
        args = s.arguments(call) if call is not None else []
        if len(args) < 2 or args[0].type not in FUNCTION_TYPES or args[1].type != 'array' or not args[1].named_children:
            continue
        effect, deps = args[0], args[1]
        if _cleans_up(effect) or _GUARDED.search(s.text(effect)):
            continue
        write = _late_write(effect, setters)
        if write is None and _reruns(scope, call, deps):
            write = _helper_write(scope, call, effect, setters)
        if write is not None:
            shown = ', '.join(s.text(d) for d in deps.named_children[:3]) + (', ...' if len(deps.named_children) > 3 else '')
            yield write, (f'`{s.normalized(write, 50)}` writes what a request of this effect answered, and the effect '
                          f'runs again whenever [{shown}] change{"s" if len(deps.named_children) == 1 else ""}: an '
                          'older request that answers after a newer one overwrites its result (ignore a superseded '
                          "run: a flag the effect's cleanup sets)"), (call,)


def _helper_write(scope: Scope, call: Node, effect: Node, setters: frozenset[str]) -> Node | None:
    """The late write of a function the component declares and the effect calls by its name
    (``const search = async (term) => {...}``, a React ``useCallback`` of one, ``async function
    load()``), one hop: not when that function keeps a superseded run from writing (a flag, an
    abort, a comparison with a ref's latest value)."""
    component = s.enclosing_function(call)
    if component is None:
        return None
    called = {s.text(f) for f in map(s.callee, s.calls_in(effect)) if f is not None and f.type == 'identifier'}
    for name, fn in _declared_functions(scope, component):
        if name not in called or _GUARDED.search(s.text(fn)) or _LATEST_REF.search(s.text(fn)):
            continue
        write = _late_write(fn, setters)
        if write is not None:
            return write
    return None


def _reruns(scope: Scope, call: Node, deps: Node) -> bool:
    """Some dependency of the effect can change: a dependency naming a function the component
    memoizes stands for that ``useCallback``'s own dependencies, and a state value with no setter
    bound (``const [api] = useState(new Api())``) never changes (VRMS's ``useEffect(() => {
    fetchUsers(); }, [fetchUsers])`` with ``fetchUsers`` memoized on such a service runs once)."""
    component = s.enclosing_function(call)
    if component is None:
        return True
    memoized: dict[str, Node] = {}
    constant: set[str] = set()
    body = component.child_by_field_name('body')
    for node in body.named_children if body is not None else ():
        for d in node.named_children if node.type in ('lexical_declaration', 'variable_declaration') else ():
            name, value = d.child_by_field_name('name'), d.child_by_field_name('value')
            if d.type != 'variable_declarator' or name is None or value is None:
                continue
            value = s.unwrap(value)
            if name.type == 'identifier' and react_state.memoized_function(scope.file, value) is not None:
                args = s.arguments(value)
                if len(args) >= 2 and args[1].type == 'array':
                    memoized[s.text(name)] = args[1]
            elif (name.type == 'array_pattern' and len(name.named_children) == 1 and value.type == 'call_expression'
                  and s.callee_name(value) == 'useState'):
                constant.add(s.text(name.named_children[0]))
    seen: set[str] = set()
    pending = [s.text(d) for d in deps.named_children]
    while pending:
        dep = pending.pop()
        if dep in seen:
            continue
        seen.add(dep)
        if dep in memoized:
            pending.extend(s.text(d) for d in memoized[dep].named_children)
        elif dep not in constant:
            return True
    return False


# A comparison with what a ref holds now (`if (thisRequestId !== requestsCounterRef.current) return`).
_LATEST_REF = lazyre.compile(r'[!=]==?\s*[\w$.]+\.current\b|\.current\s*[!=]==?')


def _declared_functions(scope: Scope, component: Node) -> Iterator[tuple[str, Node]]:
    """The functions ``component``'s own body declares, by name."""
    body = component.child_by_field_name('body')
    if body is None or body.type != 'statement_block':
        return
    for node in body.named_children:
        if node.type == 'function_declaration':
            name = node.child_by_field_name('name')
            if name is not None:
                yield s.text(name), node
        elif node.type in ('lexical_declaration', 'variable_declaration'):
            for d in node.named_children:
                name, value = d.child_by_field_name('name'), d.child_by_field_name('value')
                if d.type != 'variable_declarator' or name is None or value is None or name.type != 'identifier':
                    continue
                fn = s.unwrap(value)
                fn = fn if fn.type in FUNCTION_TYPES else react_state.memoized_function(scope.file, fn)
                if fn is not None:
                    yield s.text(name), fn


def _cleans_up(effect: Node) -> bool:
    """The effect hands React a cleanup: a ``return`` of its own body that returns something."""
    body = effect.child_by_field_name('body')
    if body is None or body.type != 'statement_block':
        return False  # `() => load().then(set)` returns a promise, no cleanup
    stack = list(body.named_children)
    while stack:
        node = stack.pop()
        if node.type == 'return_statement' and node.named_children:
            return True
        if node.type not in FUNCTION_TYPES:
            stack.extend(node.named_children)
    return False


def _late_write(effect: Node, setters: frozenset[str]) -> Node | None:
    """The first write of a response: a setter (or a dependency's ``setX`` method) called with what a
    request resolved to, in its ``.then`` callback or after its ``await`` in the same function (the
    effect's own async helper, an async IIFE); or ``.then(setInfo)``."""
    for call in s.calls_in(effect):
        name = s.callee_name(call)
        if not (name in setters and s.receiver(call) is None or name.startswith('set') and name[3:4].isupper()):
            continue
        fn = s.enclosing_function(call)
        if fn is None:
            continue
        then = _then_of(fn)
        if then is not None:
            if _request(then) and _mentions(call, _parameter_names(fn)):
                return call
            continue
        awaited = _awaited_before(fn, call)
        if awaited and _mentions(call, awaited):
            return call
    for call in s.calls_in(effect):
        if s.callee_name(call) == 'then' and _request(call):
            first = s.arguments(call)[:1]
            if first and first[0].type == 'identifier' and s.text(first[0]) in setters:
                return call
    return None


# What a request to a server is called (`fetch`, `fetchReductions`, `api.get`, `rpc.getInfo`), and
# the HTTP clients by their packages' names (`axios.get`).
_REQUEST_WORDS = frozenset(('fetch', 'rpc', 'api', 'request', 'query')) | {c.lower() for c in http.CLIENTS}


def _request(then: Node) -> bool:
    """The chain ``.then`` waits on starts with a request to a server (by the names of its calls),
    or with a call of an async function the module declares that awaits (kinto-admin's
    ``calculateChangesInfo(resource).then((infos) => setVal(infos))``, holdout28)."""
    chain = s.chain_calls(then)[1:]
    return (any(_REQUEST_WORDS & {w.lower() for w in s.name_words(s.callee_path(c))} for c in chain)
            or any(_module_async(c) for c in chain))


def _module_async(call: Node) -> bool:
    """``call`` calls, by its name, an async function declared at the top of its module that awaits."""
    callee = s.callee(call)
    if callee is None or callee.type != 'identifier':
        return False
    root = call
    while (up := s.parent_of(root)) is not None:
        root = up
    name = s.text(callee)
    for node in root.named_children:
        node = node.named_children[-1] if node.type == 'export_statement' and node.named_children else node
        fns: list[Node] = []
        if node.type == 'function_declaration' and s.text(node.child_by_field_name('name')) == name:
            fns.append(node)
        elif node.type in ('lexical_declaration', 'variable_declaration'):
            fns.extend(s.unwrap(v) for d in node.named_children if d.type == 'variable_declarator'
                       and s.text(d.child_by_field_name('name')) == name and (v := d.child_by_field_name('value')) is not None)
        for fn in fns:
            if fn.type in FUNCTION_TYPES and fn.children and s.text(fn.children[0]) == 'async' and 'await' in s.text(fn):
                return True
    return False


def _then_of(fn: Node) -> Node | None:
    parent = s.parent_of(fn)
    call = s.parent_of(parent) if parent is not None and parent.type == 'arguments' else None
    return call if call is not None and call.type == 'call_expression' and s.callee_name(call) == 'then' else None


def _parameter_names(fn: Node) -> set[str]:
    return {s.text(i) for p in s.parameters(fn) for i in s.identifiers(p)}


def _mentions(call: Node, names: set[str]) -> bool:
    """An argument of ``call`` names one of ``names`` (``{ reductions }`` too)."""
    words = {w for a in s.arguments(call) for w in _WORD.findall(s.text(a))}
    return not words.isdisjoint(names)


_WORD = lazyre.compile(r'[A-Za-z_$][\w$]*')


def _awaited_before(fn: Node, call: Node) -> set[str]:
    """The names ``fn`` keeps the requests it awaits before ``call`` in (``const reductions = await
    fetchReductions(...)``)."""
    names: set[str] = set()
    stack = [fn.child_by_field_name('body')]
    while stack:
        node = stack.pop()
        if node is None or node.start_byte >= call.start_byte:
            continue
        if node.type == 'await_expression' and node.named_children:
            inner = s.unwrap(node.named_children[0])
            if inner.type == 'call_expression' and _REQUEST_WORDS & {w.lower() for w in s.name_words(s.callee_path(inner))}:
                kept = s.declared_into(node)
                if kept is not None:
                    names.add(s.text(kept))
        if node.type not in FUNCTION_TYPES:
            stack.extend(node.named_children)
    return names
