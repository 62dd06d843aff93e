"""An execa subprocess handled as a child process only: ``const cp = execa(cmd, args, { timeout })``
kept in a name that the code listens to (``cp.on('exit', ...)``, ``cp.stdout``, ``cp.kill()``) and
never awaits, returns, hands to ``Promise.all`` or gives a ``.then``/``.catch``, outside browser
code. execa's subprocess is also a promise, and it rejects when the command fails, times out or is
killed: handled through its events alone, that rejection is unhandled, and Node ends the process.
Not when it is made with ``reject: false``, nor when it is handed to a call (a helper may await it),
but for a function of the same file that awaits nothing and chains no ``.then``/``.catch``
(``initStreamListeners(cp, opts)``, ``kill(cp, signal)``)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import runtime
from vcx_hook.ecosystem import services
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_MAKERS = frozenset(n.encode() for n in services.EXECA_MAKERS)
# What a child process is used through (its events, streams, signals).
_PROCESS_USES = frozenset(('on', 'once', 'addListener', 'stdout', 'stderr', 'stdin', 'all', 'kill', 'pid', 'pipe'))
# What handles a promise's rejection, or passes it on.
_PROMISE_USES = frozenset(('then', 'catch', 'finally'))
_COMBINATORS = frozenset(('all', 'allSettled', 'race', 'any'))
_DECLARATIONS = frozenset(('function_declaration', 'generator_function_declaration'))
# Where a use hands the promise on: returned, kept in another name, an array or an object.
_HANDED = frozenset((
    'return_statement', 'await_expression', 'yield_expression', 'array', 'pair', 'object',
    'variable_declarator', 'assignment_expression', 'arrow_function', 'spread_element',
    'shorthand_property_identifier',
))


def possible(scope: Scope) -> bool:
    return not scope.file.words.isdisjoint(_MAKERS) and not runtime.is_browser(scope.file)


def findings(scope: Scope) -> Iterator[Finding]:
    if not possible(scope):
        return
    for name in scope.named(_MAKERS):
        call = _execa_call(scope, name)
        if call is None or _no_reject(call):
            continue
        handle = _handle(call)
        if handle is None:
            continue
        uses = _uses(scope, handle)
        process = next((u for u in uses if _member(u) in _PROCESS_USES), None)
        if process is None or any(_handles(scope, u) for u in uses):
            continue
        shown = s.parent_of(process)
        if shown is not None and s.parent_of(shown) is not None and s.parent_of(shown).type == 'call_expression':
            shown = s.parent_of(shown)
        yield scope.finding(
            call, ID,
            f'`{short(call, 30)}` is used as a child process (`{short(shown, 30)}`) and never awaited '
            'or given a `.catch()`: the subprocess is also a promise that rejects when the command fails, times out '
            'or is killed, and that rejection goes unhandled', QUESTION, evidence=(process,), confidence=LOW)


def _execa_call(scope: Scope, name: Node) -> Node | None:
    """``execa(...)``/``execaCommand(...)``, or ``execa.command(...)``, of the ``execa`` package."""
    parent = s.parent_of(name)
    if parent is None or name.type != 'identifier':
        return None
    if parent.type == 'call_expression' and parent.child_by_field_name('function') == name:
        call = parent
    elif parent.type == 'member_expression' and parent.child_by_field_name('object') == name \
            and s.text(parent.child_by_field_name('property')) in services.EXECA_METHODS \
            and s.parent_of(parent) is not None and s.parent_of(parent).type == 'call_expression':
        call = s.parent_of(parent)
    else:
        return None
    bound = bindings.binding(scope.file, name)
    return call if bound is not None and bound.library == services.EXECA else None


def _no_reject(call: Node) -> bool:
    """``execa(cmd, args, { reject: false })``: failures resolve."""
    return any(a.type == 'object' and s.text(s.object_keys(a).get('reject')) == 'false' for a in s.arguments(call)
               if s.object_keys(a).get('reject') is not None)


def _handle(call: Node) -> Node | None:
    """The name the subprocess is kept in, as written: ``cp`` of ``const cp = execa(...)``, ``this.child``."""
    parent = s.parent_of(call)
    if parent is None:
        return None
    if parent.type == 'variable_declarator' and parent.child_by_field_name('value') == call:
        name = parent.child_by_field_name('name')
        return name if name is not None and name.type == 'identifier' else None
    if parent.type == 'assignment_expression' and parent.child_by_field_name('right') == call:
        left = parent.child_by_field_name('left')
        return left if left is not None and left.type in ('identifier', 'member_expression') else None
    return None


def _uses(scope: Scope, handle: Node) -> list[Node]:
    """Every other mention of the handle: the same variable, or ``this.x`` anywhere in the file."""
    text = s.text(handle)
    if handle.type == 'member_expression':
        prop = handle.child_by_field_name('property')
        word = s.text(prop).encode() if prop is not None else b''
        found = [s.parent_of(n) for n in scope.file.named(frozenset((word,)), ((0, len(scope.file.source)),))]
        return [n for n in found if n is not None and n.type == 'member_expression' and s.text(n) == text
                and n.start_byte != handle.start_byte]
    decl = s.declaration(handle)
    body = s.enclosing_function(handle) or scope.root
    named = scope.file.named(frozenset((text.encode(),)), ((body.start_byte, body.end_byte),))
    return [n for n in named if n.start_byte != handle.start_byte
            and n.type in ('identifier', 'shorthand_property_identifier') and _same(s.declaration(n), decl)]


def _same(a: Node | None, b: Node | None) -> bool:
    return a is not None and b is not None and (a.start_byte, a.end_byte) == (b.start_byte, b.end_byte)


def _member(use: Node) -> str:
    """``on`` of ``cp.on(...)``/``cp?.on``, ``stdout`` of ``cp.stdout``; '' for other uses."""
    parent = s.parent_of(use)
    if parent is not None and parent.type == 'member_expression' and parent.child_by_field_name('object') == use:
        return s.text(parent.child_by_field_name('property'))
    return ''


def _handles(scope: Scope, use: Node) -> bool:
    """The use awaits the promise, chains a handler on it, or hands it on (returned, kept, given to a
    call other than a same-file function that awaits and chains nothing)."""
    if _member(use) in _PROMISE_USES:
        return True
    parent = s.parent_of(use)
    while parent is not None and parent.type in ('parenthesized_expression', 'as_expression', 'non_null_expression'):
        parent = s.parent_of(parent)
    if parent is None:
        return False
    if use.type == 'shorthand_property_identifier' or parent.type in _HANDED:
        return parent.type != 'assignment_expression' or parent.child_by_field_name('right') == use
    if parent.type == 'arguments':
        call = s.parent_of(parent)
        return call is None or s.callee_name(call) in _COMBINATORS or not _inert_helper(scope, call)
    return False


def _inert_helper(scope: Scope, call: Node) -> bool:
    """The callee is a function declared in this file whose body neither awaits nor chains
    ``.then``/``.catch``: it cannot be handling the promise it is given."""
    callee = s.callee(call)
    if callee is None or callee.type != 'identifier':
        return False
    whole = ((0, len(scope.file.source)),)
    for name in scope.file.named(frozenset((s.text(callee).encode(),)), whole):
        decl = s.parent_of(name)
        if decl is not None and decl.type in _DECLARATIONS and decl.child_by_field_name('name') == name:
            body = s.text(decl)
            return 'await' not in body and '.then(' not in body and '.catch(' not in body
    return False
