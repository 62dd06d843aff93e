"""No timeout on a client a class keeps, in server code: ``this.axiosInstance = axios.create({
responseType: 'json', httpsAgent })``, with no ``timeout`` there, in ``this.axiosInstance.defaults``
or on any call of it in the file (also request's and request-promise's ``rp.defaults({ json: true
})``). axios (got, superagent, ofetch, request) waits for ever by default, so when the other side
accepts the connection and never answers, every call through the instance
hangs, and whatever awaits it (a send loop, a job) stays stuck. Asked once, at the ``create()``:
the calls of a class-held instance are not network calls to the call rule (it knows the names an
instance is bound to, not ``this.x``). Low, as a missing timeout alone is (bench/judged)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.error_handling import rpc_providers
from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import runtime
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# What bounds a call, or may: options built elsewhere (`this.x.get(url, axiosConfig)`, `{ ...config }`).
_TIME_BOUNDS = (b'timeout', b'signal', b'Timeout', b'...', b'onfig', b'ptions', b'opts')


def findings(scope: Scope) -> Iterator[Finding]:
    yield from rpc_providers.findings(scope)
    legacy = b'defaults' in scope.file.words and _imports_legacy(scope.file)
    if not (legacy or http.makes_instances(scope.file)) or not runtime.is_server(scope.file):
        return
    source = scope.file.source
    makers = [(m, False) for m in http.INSTANCE.finditer(source)]
    makers += [(m, True) for m in http.LEGACY_INSTANCE.finditer(source)] if legacy else []
    for m, by_defaults in makers:
        if m.group(1).decode() in http.DEFAULT_TIMEOUT or not any(st <= m.start() < en for st, en in scope.ranges):
            continue
        node = s.descendant(scope.file.tree.root, m.start(1), m.end(1))
        call = s.inside(node, ('call_expression',), stop_at_function=False) if node is not None else None
        if call is None or (by_defaults and not _legacy_client(scope, call)):
            continue
        field = _this_field(call)
        args = s.arguments(call)
        if field is None or (args and http.sets_option(args[0], ('timeout', 'signal'), unknown=True)):
            continue
        if _bounded_elsewhere(source, field):
            continue
        yield scope.finding(
            call, ID,
            f'`{s.normalized(call, 40)}` makes the client every call of `this.{field}` uses, with no `timeout`: '
            f'{"request" if by_defaults else m.group(1).decode()} waits for ever by default, so a server that never '
            'answers hangs each call',
            QUESTION, confidence=LOW)


def _imports_legacy(file: File) -> bool:
    return any(b.library in http.LEGACY_PACKAGES for b in bindings.imports(file).values())


def _legacy_client(scope: Scope, call: Node) -> bool:
    """``rp.defaults({...})`` where ``rp`` is bound to request or request-promise."""
    receiver = s.receiver(call)
    found = bindings.binding(scope.file, receiver) if receiver is not None else None
    return found is not None and found.library in http.LEGACY_PACKAGES


def _this_field(call: Node) -> str | None:
    """``x`` of ``this.x = axios.create(...)`` (or a class field ``x = axios.create(...)``)."""
    holder = s.parent_of(s.outer_expression(call))
    if holder is None:
        return None
    if holder.type == 'assignment_expression':
        left = holder.child_by_field_name('left')
        if left is not None and left.type == 'member_expression' and s.text(left.child_by_field_name('object')) == 'this':
            return s.text(left.child_by_field_name('property'))
        return None
    if holder.type in ('public_field_definition', 'field_definition'):
        name = holder.child_by_field_name('name') or holder.child_by_field_name('property')
        return s.text(name) if name is not None else None
    return None


def _bounded_elsewhere(source: bytes, field: str) -> bool:
    """``this.x.defaults.timeout = ...``, or a call ``this.x.get(url, { timeout })`` /
    ``this.x({ ..., signal })``, or one given options built elsewhere (``axiosConfig``, a spread):
    a bound the file gives, or may give, the instance's calls (read loosely: the text from the
    call up to a blank line)."""
    for m in re.finditer(rb'\.' + re.escape(field.encode()) + rb'(?![\w$])', source):
        window = source[m.end():m.end() + 600]
        end = window.find(b'\n\n')
        window = window if end == -1 else window[:end]
        if window.startswith(b'.defaults') or (window.lstrip()[:1] in (b'.', b'(', b'<')
                                                 and any(w in window for w in _TIME_BOUNDS)):
            return True
    return False
