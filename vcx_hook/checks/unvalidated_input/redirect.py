"""Redirect sinks: ``res.redirect``, ``ctx.redirect``, ``reply.redirect``, Next.js ``redirect``,
``location = ...``, ``location.assign/replace``, when the request decides where the URL starts
(``checker.Checker`` reads the head of the URL)."""
from __future__ import annotations

from vcx_hook.checks.unvalidated_input.values import short
from vcx_hook.checks.unvalidated_input.values import Sink
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

# A named status code's constant: `MOVED_PERMANENTLY`, `FOUND`, `TEMPORARY_REDIRECT`, `PERMANENT_REDIRECT`.
_STATUS_NAME = lazyre.compile(r'^(?:MOVED_PERMANENTLY|MOVED_TEMPORARILY|FOUND|SEE_OTHER|TEMPORARY_REDIRECT|PERMANENT_REDIRECT|HTTP_\w+)$')

LOCATIONS = frozenset((
    'location', 'window.location', 'document.location', 'location.href', 'window.location.href',
    'document.location.href',
))


def redirect(call: Node, args: list[Node], label: str) -> Sink | None:
    url = [a for a in args if not _status(a)][:1]
    return Sink(call, [(url[0], ('<url>',))], f'{label} sends the browser to `{{src}}` unchecked (open redirect)', True) if url else None


def _status(arg: Node) -> bool:
    """A status code given before the URL: ``301``, ``HttpStatus.MOVED_PERMANENTLY``, ``StatusCodes.FOUND``."""
    arg = s.unwrap(arg)
    if arg.type == 'number':
        return True
    prop = arg.child_by_field_name('property') if arg.type == 'member_expression' else None
    return prop is not None and _STATUS_NAME.match(s.text(prop)) is not None


def navigate(call: Node, first: Node, label: str) -> Sink:
    return Sink(call, [(first, ('<url>',))], f'{label} navigates to `{{src}}` unchecked (open redirect)', True)


def assigned(assign: Node, right: Node, target: str) -> Sink:
    return Sink(assign, [(right, ('<url>',))], f'`{target}` navigates to `{{src}}` unchecked (open redirect)', True)


def own_path_message(sink: Sink) -> str:
    """What a redirect to the request's own path (``ecosystem.request_paths``) is asked, with {src}."""
    where = f'`{short(s.callee_path(sink.node))}()`' if sink.node.type == 'call_expression' else 'The redirect'
    return (f'{where} sends the browser to the request\'s own path `{{src}}` in a middleware every path reaches: '
            'a request for `//evil.example/` is sent to that host (a protocol-relative URL)')


# A new shape, not yet judged on held-out code: low until it is (docs/confidence.md).
SLASH_CONFIDENCE = LOW


def slash_message(sink: Sink) -> str:
    """What a redirect checked only by a leading ``/`` (``validation._slash_only``) is asked, with {src}."""
    where = f'`{short(s.callee_path(sink.node))}()`' if sink.node.type == 'call_expression' else 'The redirect'
    return (f'{where} sends the browser to `{{src}}`, checked only by `startsWith(\'/\')`: `//evil.example` passes it '
            'and goes to that host (open redirect; reject a second `/` or a `\\` too)')
