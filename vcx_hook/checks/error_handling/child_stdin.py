"""A child process's stdin written with no ``'error'`` listener, outside browser code: ``child =
spawn(cmd)`` of Node's ``child_process`` kept in a name, ``child.stdin.write(data)`` somewhere in
the file, and nothing listening for ``'error'`` on its stdin. A write that lands as the child exits
(or when it never started) fails asynchronously with ``EPIPE``; the try/catch around the write does
not see it, and an ``'error'`` event nobody listens for ends the whole process."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import runtime
from vcx_hook.ecosystem import services
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_STARTS = frozenset((b'spawn', b'exec', b'execFile', b'fork'))
_DOT = rb'\s*(?:\?\.|!?\.)\s*'
# Errors of a stdin handled somewhere in the file, however it is reached: a listener, or a pipeline.
_HANDLED = lazyre.compile(rb'stdin' + _DOT + rb'''(?:on|once|addListener|prependListener)\s*\(\s*['"]error['"]'''
                          rb'|\bpipeline\s*\(')


def possible(scope: Scope) -> bool:
    words = scope.file.word_text
    return b'stdin' in words and packages.CHILD_PROCESS.encode() in words and not scope.file.words.isdisjoint(_STARTS) \
        and not runtime.is_browser(scope.file)


def findings(scope: Scope) -> Iterator[Finding]:
    if not possible(scope) or _HANDLED.search(scope.file.source):
        return
    for name in scope.named(_STARTS):
        call = s.called_by(name)
        if call is None or not _child_process(scope, call):
            continue
        handle = _handle(call)
        write = _first_write(scope, handle) if handle is not None else None
        if handle is not None and write is not None:
            yield scope.finding(
                call, ID,
                f"`{short(handle, 30)}.stdin` is written to with no `'error'` listener on it: a write as the child "
                "exits fails with EPIPE, an unhandled `'error'` event that ends the process", QUESTION,
                evidence=(write,), confidence=LOW)


def _child_process(scope: Scope, call: Node) -> bool:
    callee = s.callee(call)
    if callee is None:
        return False
    named = callee.child_by_field_name('object') if callee.type == 'member_expression' else callee
    bound = bindings.binding(scope.file, named) if named is not None else None
    if bound is not None:
        return bound.library in services.CHILD_PROCESS_PACKAGES
    # `const { spawn } = require('child_process')`: a name taken out of a package is not bound.
    declarator = s.declaration(named) if named is not None and named.type == 'identifier' else None
    value = declarator.child_by_field_name('value') if declarator is not None else None
    required = s.arguments(value)[:1] if value is not None and value.type == 'call_expression' \
        and s.callee_name(value) == 'require' else []
    return bool(required) and s.string_value(required[0]) in services.CHILD_PROCESS_PACKAGES


def _handle(call: Node) -> Node | None:
    """The name the child is kept in: ``const child = spawn(...)``, ``this.child = spawn(...)``."""
    parent = s.parent_of(s.outer_expression(call))
    if parent is None:
        return None
    if parent.type == 'variable_declarator':
        name = parent.child_by_field_name('name')
        return name if name is not None and name.type == 'identifier' else None
    if parent.type == 'assignment_expression':
        left = parent.child_by_field_name('left')
        return left if left is not None and left.type in ('identifier', 'member_expression') else None
    return None


def _first_write(scope: Scope, handle: Node) -> Node | None:
    """The first ``<handle>.stdin.write(...)`` in the file."""
    pattern = re.compile(rb'(?<![\w$])' + re.escape(s.text(handle).encode()) + _DOT + rb'stdin' + _DOT + rb'write\s*\(')
    m = pattern.search(scope.file.source)
    return s.descendant(scope.root, m.start(), m.end() - 1) if m is not None else None
