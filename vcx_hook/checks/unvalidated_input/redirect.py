"""Redirect sinks: ``res.redirect``, ``ctx.redirect``, ``reply.redirect``, Next.js ``redirect``,
``location = ...``, ``location.assign/replace``, when the request decides where the URL starts
(``checker.Checker`` reads the head of the URL)."""
from __future__ import annotations

from vcx_hook.checks.unvalidated_input.values import Sink
from vcx_hook.lang.syntax import Node

LOCATIONS = frozenset((
    'location', 'window.location', 'document.location', 'location.href', 'window.location.href',
    'document.location.href',
))


def redirect(call: Node, args: list[Node], label: str) -> Sink | None:
    url = [a for a in args if a.type != 'number'][:1]
    return Sink(call, [(url[0], ('<url>',))], f'{label} sends the browser to `{{src}}` unchecked (open redirect)', True) if url else None


def navigate(call: Node, first: Node, label: str) -> Sink:
    return Sink(call, [(first, ('<url>',))], f'{label} navigates to `{{src}}` unchecked (open redirect)', True)


def assigned(assign: Node, right: Node, target: str) -> Sink:
    return Sink(assign, [(right, ('<url>',))], f'`{target}` navigates to `{{src}}` unchecked (open redirect)', True)
