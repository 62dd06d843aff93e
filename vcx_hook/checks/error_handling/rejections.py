"""Where a rejection goes: caught (a try/catch, ``.catch``, a caller or framework that catches),
floating (a statement nothing awaits), unhandled (thrown in a callback nobody awaits, directly or
through the same-file functions that call it) or passed up to callers the file does not show."""
from __future__ import annotations

import re

from vcx_hook.checks.error_handling.facts import Facts
from vcx_hook.checks.error_handling.facts import Gap
from vcx_hook.checks.error_handling.facts import Names
from vcx_hook.checks.error_handling.fetch_status import after
from vcx_hook.checks.error_handling.fetch_status import bound_name
from vcx_hook.ecosystem import handlers
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem.http import Client
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Fates of a rejection.
HANDLED = 'handled'  # a try/catch, .catch, or a caller that catches
FLOATING = 'floating'  # a statement: nothing awaits it and it has no .catch
UNHANDLED = 'unhandled'  # thrown in a callback or event handler nobody awaits
UNCAUGHT = 'uncaught'  # passed up to callers this file does not show: theirs to handle
COVERED = 'covered'  # an Express handler, asked once at the handler

_FLOW_THROUGH = frozenset(('map', 'flatMap', 'then', 'catch', 'finally', 'all', 'race', 'any', 'from'))
_WRAPPERS = frozenset(('parenthesized_expression', 'as_expression', 'non_null_expression', 'satisfies_expression'))
_MAX_USES = 40
_EVENT_PROP = lazyre.compile(r'^on[A-Z]')


def missing_catch(scope: Scope, call: Node, client: Client, names: Names, facts: Facts) -> Gap | None:
    """What the message says about the call's rejection (the evidence: where it is handed to code
    that does not await it), or None when something catches it."""
    if client.kind == http.CALLBACKS:
        return None if _has_error_listener(call) else Gap(
            "no `'error'` listener (an error event would crash the process)")
    if client.name in http.CALLBACK_END and _ends_with_callback(call):
        return None  # `superagent.get(url).end((err, res) => ...)`: the error reaches the callback
    fate = fate_of(call, scope, names, facts, 0)
    # Where the project logs unhandled rejections and stays up, a rejection alone is low (held out:
    # bcgov's form service's fire-and-forget webhook, judged not worth asking).
    alone = LOW if facts.rejections_logged else ''
    if fate == FLOATING:
        return Gap('no `.catch()`', alone=alone)
    if fate == UNHANDLED:
        return Gap('no try/catch', _handed_over(call, scope, names, facts), alone=alone)
    return None


def _handed_over(call: Node, scope: Scope, names: Names, facts: Facts) -> tuple[Node, ...]:
    """Where the function around ``call`` goes to code that does not await it: the callback API or
    event prop it is passed to, or else the same-file calls that leave its rejection unhandled."""
    fns = [a for a in s.ancestors(call) if a.type in s.FUNCTION_TYPES]
    for fn in fns:
        if _passed_fate(fn, names) == UNHANDLED:
            parent = s.parent_of(fn)
            while parent is not None and parent.type in _WRAPPERS:
                parent = s.parent_of(parent)
            return (s.parent_of(parent) or parent,) if parent is not None else ()
    name = handlers.binding_name(fns[0]) if fns else None
    if not name:
        return ()
    return tuple(use for use in _uses(scope.file, name)
                 if _use_fate(use, fns[0], scope, names, facts, 0) in (UNHANDLED, FLOATING))


def dropped_by_callers(file: File, fn: Node) -> bool:
    """Every use of the file's own function ``fn`` is a call as a statement of its own, awaited by
    nothing (``saveBeforeSessionTimeout();``), and the file does not export it: no caller reads
    what it did (adoption-web's autosave when the session-timeout popup opens, round 27, judged not
    worth asking: handled:best-effort-degrades-quietly)."""
    name = handlers.binding_name(fn)
    if not name or handlers.exported(fn):
        return False
    uses = _uses(file, name)
    return bool(uses) and all(_dropped_call(use, fn) for use in uses)


def _dropped_call(use: Node, fn: Node) -> bool:
    if fn.start_byte <= use.start_byte < fn.end_byte or use.type != 'identifier':
        return False
    call = s.parent_of(use)
    if call is None or call.type != 'call_expression' or s.callee(call) != use:
        return False
    parent = s.parent_of(call)
    return parent is not None and parent.type == 'expression_statement'


def _ends_with_callback(call: Node) -> bool:
    """The call's chain ends the request with a function for its error (``.end((err, res) => ...)``,
    ``.end(callback)``)."""
    for c in s.chain_calls(s.chain_top(call)):
        if s.callee_name(c) == 'end':
            return bool(s.arguments(c))
    return False


def catches(top: Node) -> bool:
    """A ``.catch()`` or a two-argument ``.then()`` on the chain."""
    for c in s.chain_calls(top):
        name = s.callee_name(c)
        if name == 'catch' or (name == 'then' and len(s.arguments(c)) >= 2):
            return True
    return False


def fire_and_forget(call: Node) -> bool:
    """A statement of its own with a ``.catch()`` (``axios.post(hook, body).catch(log)``, a Kafka
    ``producer.send(...).catch(log)``): nothing waits for it, so a hang holds nobody up (bench/judged
    ``handled:fire-and-forget-notifier-catch``, 0 of 2; 0x-api's quote report send, round 30, not
    worth asking: ``handled:errors-caught-timeout-only``)."""
    top = s.chain_top(call)
    parent = s.parent_of(top)
    return catches(top) and parent is not None and parent.type == 'expression_statement'


def fate_of(node: Node, scope: Scope, names: Names, facts: Facts, depth: int) -> str:
    """What happens to a rejection of the promise ``node`` evaluates to."""
    while True:
        top = s.chain_top(node) if node.type == 'call_expression' else node
        if catches(top):
            return HANDLED
        expr = top
        awaited = False
        while s.parent_of(expr) is not None and (s.parent_of(expr).type in _WRAPPERS or s.parent_of(expr).type == 'await_expression'):
            awaited = awaited or s.parent_of(expr).type == 'await_expression'
            expr = s.parent_of(expr)
        parent = s.parent_of(expr)
        if parent is None:
            return HANDLED
        if awaited or parent.type == 'return_statement' or (
                parent.type == 'arrow_function' and parent.child_by_field_name('body') == expr):
            return surfaces(expr, scope, names, facts, depth)
        if parent.type == 'expression_statement':
            return FLOATING if s.enclosing_function(parent) is not None else HANDLED
        if parent.type in ('ternary_expression', 'binary_expression'):
            node = parent
            continue
        if parent.type == 'array':
            parent = s.parent_of(parent)
        if parent is not None and parent.type == 'arguments':
            call = s.parent_of(parent)
            name = s.callee_name(call)
            if name in ('all', 'race', 'any') and s.receiver_name(call) == 'Promise':
                node = call
                continue
        return HANDLED  # stored or handed on: handled out of sight


def surfaces(expr: Node, scope: Scope, names: Names, facts: Facts, depth: int) -> str:
    """The rejection is thrown at ``expr``: a try/catch around it, or the function's fate."""
    child = expr
    for a in s.ancestors(expr):
        if a.type == 'try_statement' and child == a.child_by_field_name('body') and (
                a.child_by_field_name('handler') is not None):
            return HANDLED
        if a.type in s.FUNCTION_TYPES:
            return _function_fate(a, scope, names, facts, depth)
        child = a
    return HANDLED  # module code: a rejection at startup stops the process loudly


def _function_fate(fn: Node, scope: Scope, names: Names, facts: Facts, depth: int) -> str:
    """What happens to a rejection of the promise ``fn`` returns."""
    parent = s.parent_of(fn)
    while parent is not None and parent.type in _WRAPPERS:
        parent = s.parent_of(parent)
    if parent is None:
        return UNCAUGHT
    if parent.type == 'call_expression' and s.unwrap(s.callee(parent) or parent) == fn:
        return fate_of(parent, scope, names, facts, depth)  # (async () => { ... })()
    if parent.type == 'arguments':
        call = s.parent_of(parent)
        if s.callee_name(call) in _FLOW_THROUGH:
            return fate_of(call, scope, names, facts, depth)
        if facts.express_handler(fn):
            return COVERED
    if handlers.awaited_hook(fn):
        return UNCAUGHT  # `db.on('posts.afterCreate', async ...)`: the ORM awaits it inside the write
    if handlers.emitter_registration(fn) is not None:
        return UNHANDLED  # `bus.on('x', async (event) => ...)`: not a framework's `(event)` handler
    if handlers.framework_catches(fn, scope.file):
        return HANDLED
    if facts.express_handler(fn):
        return COVERED
    fate = _passed_fate(fn, names)
    if fate is not None:
        return fate
    name = handlers.binding_name(fn)
    if not name or depth >= 2:
        return UNCAUGHT
    uses = _uses(scope.file, name)
    if len(uses) > _MAX_USES:
        return UNCAUGHT  # a name like `get` or `load`: too common to follow
    fates = {_use_fate(use, fn, scope, names, facts, depth) for use in uses}
    return HANDLED if HANDLED in fates else UNHANDLED if UNHANDLED in fates or FLOATING in fates else UNCAUGHT


def _passed_fate(value: Node, names: Names) -> str | None:
    """The fate of a function handed over as a value: to a callback API, an event prop, a library."""
    parent = s.parent_of(value)
    while parent is not None and parent.type in _WRAPPERS:
        parent = s.parent_of(parent)
    if parent is None:
        return None
    if parent.type == 'arguments':
        call = s.parent_of(parent)
        name = s.callee_name(call)
        if name in names['unhandled_callbacks']:
            return UNHANDLED
        if name in names['catching_callers']:
            return HANDLED
        wrapped = _passed_fate(call, names)  # onSubmit={handleSubmit(onSubmit)}
        return UNHANDLED if wrapped == UNHANDLED else HANDLED
    if parent.type == 'jsx_expression':
        attr = s.parent_of(parent)
        key = attr.named_children[0] if attr is not None and attr.type == 'jsx_attribute' and attr.named_children else None
        return UNHANDLED if key is not None and _EVENT_PROP.match(s.text(key)) else HANDLED
    if parent.type == 'pair':
        key = s.text(parent.child_by_field_name('key')).strip('\'"')
        if key in names['catching_callers']:
            return HANDLED
        return UNHANDLED if _EVENT_PROP.match(key) else None
    return None


def _use_fate(use: Node, fn: Node, scope: Scope, names: Names, facts: Facts, depth: int) -> str | None:
    if fn.start_byte <= use.start_byte < fn.end_byte:
        return None  # recursion
    target = s.parent_of(use) if s.parent_of(use) is not None and s.parent_of(use).type == 'member_expression' else use
    parent = s.parent_of(target)
    if parent is not None and parent.type == 'call_expression' and s.callee(parent) == target:
        return fate_of(parent, scope, names, facts, depth + 1)
    if use.type == 'identifier':
        return _passed_fate(use, names)
    return None


def _has_error_listener(call: Node) -> bool:
    for c in s.chain_calls(s.chain_top(call)):
        args = s.arguments(c)
        if s.callee_name(c) in ('on', 'once') and args and s.string_value(args[0]) == 'error':
            return True
    var = bound_name(call)
    return var is not None and re.search(
        rf'''\b{var}\s*\.\s*(?:on|once)\(\s*['"]error'''.encode(), after(call)) is not None


def _uses(file: File, name: str) -> list[Node]:
    """Identifiers naming ``name`` outside declarations (calls and references), once per file."""
    return file.memo(f'error-handling.uses:{name}', lambda f: _find_uses(f, name))


def _find_uses(file: File, name: str) -> list[Node]:
    out = []
    for start, end in _spellings(file, name):
        node = s.descendant(file.tree.root, start, end)
        if node is None or node.type not in ('identifier', 'property_identifier'):
            continue
        parent = s.parent_of(node)
        if parent is None or parent.type in ('variable_declarator', 'function_declaration', 'method_definition',
                                             'import_specifier', 'pair', 'formal_parameters'):
            continue
        if node.type == 'property_identifier' and parent.type != 'member_expression':
            continue
        out.append(node)
    return out


_WORD_RUN = lazyre.compile(rb'[\w$]+')
# Names looked up one scan each before the file's words are indexed: a file of many functions
# asks about each of them, and a scan each cost the file's size times its functions.
_SCANNED_NAMES = 8


def _spellings(file: File, name: str) -> list[tuple[int, int]]:
    """Byte ranges of ``name`` as a whole word of the source."""
    word = name.encode()
    scanned = file.memo('error-handling.scanned', lambda f: [0])
    if scanned[0] < _SCANNED_NAMES or not _WORD_RUN.fullmatch(word):
        scanned[0] += 1
        return [m.span() for m in re.finditer(rb'(?<![\w$])' + re.escape(word) + rb'(?![\w$])', file.source)]
    return file.memo('error-handling.words', _word_index).get(word, [])


def _word_index(file: File) -> dict[bytes, list[tuple[int, int]]]:
    index: dict[bytes, list[tuple[int, int]]] = {}
    for m in _WORD_RUN.finditer(file.source):
        index.setdefault(m.group(), []).append(m.span())
    return index
