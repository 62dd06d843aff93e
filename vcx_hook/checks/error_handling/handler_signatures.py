"""An Express handler whose parameters do not say what Express (and Connect) read from them, at low
confidence. Express tells an error handler from a middleware by the function's length alone:

- an error handler registered with three parameters (``app.use((err, req, res) => ...)``) is called
  as a middleware, with the request as ``err``, and never with an error: errors reach Express's
  default handler instead, and a request the middleware does not answer hangs (kartotherian's, a
  real bug of holdout25: requests timed out and workers died);
- a route handler that calls ``next(err)`` without declaring ``next`` (``.get(async (req, res) =>
  { try { ... } catch (err) { next(err) } })``), where nothing else in the file binds the name: the
  catch throws a ``ReferenceError``, and the error it was handling never reaches the error handler
  (nginx-proxy-manager's schema route, a real bug of holdout21)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import runtime
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not judged on held-out code: found for recall (issue 18).
CONFIDENCE = LOW
_ERRORS = frozenset(('err', 'error', 'e', 'ex', 'exception', '_err', '_error'))
_REQ = frozenset(('req', 'request', '_req'))
_RES = frozenset(('res', 'response', '_res'))
_NEXT = b'next'
_REGISTERS = s.ROUTE_METHODS | {'use'}
_FUNCTIONS = frozenset(('arrow_function', 'function_expression'))
# A function or class of the file named `next`, at any depth.
_DECLARED_NEXT = lazyre.compile(rb'(?:\bfunction\s*\*?\s*|\bclass\s+)next\b')


def possible(scope: Scope) -> bool:
    words = scope.file.words
    return b'req' in scope.file.word_text and (b'use' in words or _NEXT in words) and not runtime.is_browser(scope.file)


def findings(scope: Scope) -> Iterator[Finding]:
    if not possible(scope):
        return
    for name in scope.named(frozenset((b'use',))):
        call = s.called_by(name)
        if call is None or s.receiver(call) is None:
            continue
        for fn in s.arguments(call):
            if fn.type in _FUNCTIONS and scope.contains(fn) and _three_parameter_error_handler(fn):
                yield scope.finding(
                    fn, ID,
                    f'`{s.normalized(s.receiver(call), 30)}.use()` registers an error handler with three parameters: '
                    'Express takes only a four-parameter function (`err, req, res, next`) as one, so this runs '
                    'as a middleware (the request as `err`) and errors never reach it', QUESTION, confidence=CONFIDENCE)
    for name in scope.named(frozenset((_NEXT,))):
        call = s.called_by(name)
        if call is None or s.callee(call) != name:
            continue
        handler = _route_handler_around(call)
        if handler is not None and not _bound(scope, name):
            yield scope.finding(
                call, ID,
                f'`{s.normalized(call, 40)}` calls `next`, which this handler does not declare and nothing in the '
                'file binds: it throws a `ReferenceError` here, and the error never reaches the error handler',
                QUESTION, evidence=(handler,), confidence=CONFIDENCE)


def _three_parameter_error_handler(fn: Node) -> bool:
    """``(err, req, res) => ...``: a request and a response after an error, and nothing more."""
    params = s.parameter_names(fn)
    return len(params) == 3 and params[0] in _ERRORS and params[1] in _REQ and params[2] in _RES


def _route_handler_around(call: Node) -> Node | None:
    """The ``(req, res)`` function, handed to a route method or ``use``, that ``call`` is in (not
    through a nested function of its own)."""
    fn = s.enclosing_function(call)
    while fn is not None:
        params = s.parameter_names(fn)
        if len(params) == 2 and params[0] in _REQ and params[1] in _RES:
            args = s.parent_of(fn)
            registration = s.parent_of(args) if args is not None and args.type == 'arguments' else None
            if registration is not None and s.callee_name(registration) in _REGISTERS \
                    and s.receiver(registration) is not None:
                return fn
            return None
        fn = s.enclosing_function(fn)
    return None


def _bound(scope: Scope, name: Node) -> bool:
    """``next`` is a parameter or a declaration in sight, an import, or a function or class of the file."""
    if s.declaration(name) is not None or s.text(name) in bindings.imports(scope.file):
        return True
    for fn in s.ancestors(name):
        if fn.type in s.FUNCTION_TYPES and _NEXT.decode() in _all_parameter_names(fn):
            return True
    return _DECLARED_NEXT.search(scope.file.source) is not None


def _all_parameter_names(fn: Node) -> set[str]:
    """Every name a function's parameters bind, destructured ones too (``{ next }``)."""
    out = set()
    for param in s.parameters(fn):
        stack = [param]
        while stack:
            node = stack.pop()
            if node.type in ('identifier', 'shorthand_property_identifier_pattern'):
                out.add(s.text(node))
            stack.extend(node.named_children)
    return out
