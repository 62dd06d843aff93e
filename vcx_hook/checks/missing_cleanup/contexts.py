"""Where missing-cleanup's registrations run again and again: an effect, a component's mount hook
or lifecycle method, a class's start method, or a per-request or per-connection handler (which
ecosystem/routes recognises)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from vcx_hook.ecosystem import routes
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node


class Context(NamedTuple):
    kind: str  # 'effect' | 'lifecycle' | 'class' | 'request' | 'setup'
    fn: Node  # the function that runs repeatedly
    region: Node  # where an undo counts: the effect, the class body or object, the setup function, the handler
    label: str  # 'useEffect', 'componentDidMount', 'Poller.constructor', 'GET /events handler'


def context(call: Node, names: Mapping[str, frozenset[str]]) -> Context | None:
    """The repeatedly-running code around ``call``: the nearest effect, mount/start method, or
    per-request handler (other functions in between are callbacks of it)."""
    for fn in s.ancestors(call):
        if fn.type not in s.FUNCTION_TYPES:
            continue
        if fn.type == 'method_definition':
            return _method_context(fn, names)
        hook = s.calling(fn)
        hook_name = s.callee_name(hook) if hook is not None else ''
        if hook_name in names['effect_hooks']:
            return Context('effect', fn, fn, hook_name)
        if hook_name in names['mount_hooks']:
            setup = s.enclosing_function(hook) if hook is not None else None
            if setup is not None:
                return Context('setup', fn, setup, hook_name)
            return None
        label = routes.per_request_label(fn, names['connection_events'])
        if label is not None:
            return Context('request', fn, fn, label)
    return None


def _method_context(method: Node, names: Mapping[str, frozenset[str]]) -> Context | None:
    name = s.text(method.child_by_field_name('name'))
    holder = s.parent_of(method)
    if holder is None:
        return None
    if name in names['mount_methods']:
        return Context('lifecycle', method, holder, name)
    if name in names['start_methods'] and holder.type == 'class_body':
        return Context('class', method, holder, s.function_name(method) or name)
    return None
