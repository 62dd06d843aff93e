"""A ``.then()`` chain with no ``.catch()`` on a promise that rejects as a normal outcome, in browser
code too: ``confirmDialogClose(dirty).then(dialog.dismiss)``, where ``confirmDialogClose`` is a
function of the same file returning ``new Promise((resolve, reject) => { Modal.confirm({ onOk: () =>
resolve(), onCancel: () => reject() }) })``. A ``reject()`` with no error is the user's "no", not a
failure: every cancel of the dialog is an unhandled rejection ("Uncaught (in promise) undefined").
Asked at the chain (a statement, neither awaited nor returned, with no rejection handler)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.checks.error_handling.then_chains import floating_then
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_THEN = frozenset((b'then',))
_DECLARATIONS = frozenset(('function_declaration', 'generator_function_declaration'))
_FUNCTIONS = frozenset(('arrow_function', 'function_expression', 'function'))


def possible(scope: Scope) -> bool:
    return b'then' in scope.file.words and b'Promise' in scope.file.words and b'new Promise' in scope.file.source


def findings(scope: Scope) -> Iterator[Finding]:
    if not possible(scope):
        return
    source = scope.file.source
    for _word, first, last in s.word_spans(source, _THEN, scope.ranges):
        if not s.after_dot(source, first) or not floating_then(scope, first, last):
            continue
        node = s.descendant(scope.root, first, last)
        member = s.parent_of(node) if node is not None else None
        call = s.parent_of(member) if member is not None else None
        if call is None:
            continue
        top = s.chain_top(call)
        head = _head(top)
        callee = s.callee(head) if head is not None else None
        if callee is None or callee.type != 'identifier':
            continue
        bare = _bare_reject(scope.file, s.text(callee))
        if bare is None:
            continue
        yield scope.finding(
            top, ID,
            f'`{short(top)}` has no `.catch()`: `{s.text(callee)}` rejects with no error (`{s.normalized(bare, 30)}` on '
            f'line {bare.start_point.row + 1}, a cancel or a "no"), so each time it does the rejection goes unhandled',
            QUESTION, evidence=(bare,), confidence=LOW)


def _head(top: Node) -> Node | None:
    """The first call of the chain: ``confirm(x)`` of ``confirm(x).then(f).finally(g)``."""
    node: Node | None = top
    while node is not None and node.type == 'call_expression':
        fn = node.child_by_field_name('function')
        if fn is not None and fn.type == 'member_expression':
            inner = s.unwrap(fn.child_by_field_name('object'))
            if inner.type != 'call_expression':
                return None
            node = inner
        else:
            return node
    return None


def _bare_reject(file: File, name: str) -> Node | None:
    """A ``reject()`` with no argument in the promise executor of the function ``name`` declares
    in this file (``function name() {...}`` or ``const name = (...) => ...``)."""
    whole = ((0, len(file.source)),)
    for ident in file.named(frozenset((name.encode(),)), whole):
        parent = s.parent_of(ident)
        fn = None
        if parent is not None and parent.type in _DECLARATIONS and parent.child_by_field_name('name') == ident:
            fn = parent
        elif parent is not None and parent.type == 'variable_declarator' and parent.child_by_field_name('name') == ident:
            value = parent.child_by_field_name('value')
            fn = value if value is not None and value.type in _FUNCTIONS else None
        if fn is not None:
            return _executor_bare_reject(fn)
    return None


def _executor_bare_reject(fn: Node) -> Node | None:
    stack = [fn]
    while stack:
        node = stack.pop()
        if node.type == 'new_expression' and s.text(node.child_by_field_name('constructor')) == 'Promise':
            args = node.child_by_field_name('arguments')
            executor = args.named_children[0] if args is not None and args.named_children else None
            if executor is not None and executor.type in _FUNCTIONS and len(s.parameters(executor)) >= 2:
                found = _call_without_arguments(executor, s.text(s.parameters(executor)[1]))
                if found is not None:
                    return found
        stack.extend(reversed(node.named_children))
    return None


def _call_without_arguments(executor: Node, name: str) -> Node | None:
    stack = [executor]
    while stack:
        node = stack.pop()
        if node.type == 'call_expression' and s.text(node.child_by_field_name('function')) == name \
                and not s.arguments(node):
            return node
        stack.extend(reversed(node.named_children))
    return None
