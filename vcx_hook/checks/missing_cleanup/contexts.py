"""Where missing-cleanup's registrations run again and again: an effect, a component's mount hook
or lifecycle method, a class's start method, or a per-request or per-connection handler (which
ecosystem/routes recognises)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import resources
from vcx_hook.ecosystem import routes
from vcx_hook.ecosystem.routes import connection_label
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# Class fields holding a function (JavaScript, TypeScript).
_FIELDS = frozenset(('field_definition', 'public_field_definition'))
# A parameter's default value (`f({ make = () => new X() })`, `f(make = () => ...)`).
_DEFAULTS = frozenset(('assignment_pattern', 'object_assignment_pattern', 'required_parameter', 'optional_parameter'))


class Context(NamedTuple):
    kind: str  # 'effect' | 'lifecycle' | 'class' | 'request' | 'setup' | 'component' | 'node' | 'aframe'
    fn: Node  # the function that runs repeatedly
    region: Node  # where an undo counts: the effect, the class body or object, the setup function, the handler
    label: str  # 'useEffect', 'componentDidMount', 'Poller.constructor', 'GET /events handler'


def context(call: Node, names: Mapping[str, frozenset[str]], file: File) -> Context | None:
    """The repeatedly-running code around ``call``: the nearest effect, mount/start method, or
    per-request handler (other functions in between are callbacks of it)."""
    for fn in s.ancestors(call):
        if fn.type not in s.FUNCTION_TYPES:
            continue
        if fn.type == 'method_definition':
            return _method_context(fn, names, file)
        field = s.parent_of(fn)
        if field is not None and field.type in _DEFAULTS:
            return None  # `getWebSocket = (url) => new WebSocket(url)`: a factory handed in, run by whoever calls it
        aframe = aframe_context(fn, s.text(field.child_by_field_name('key')), s.parent_of(field), file) \
            if field is not None and field.type == 'pair' else None  # `{ init: function () { ... } }`
        if aframe is not None:
            return aframe
        component = _component_context(fn, s.parent_of(field), file) if field is not None and field.type in _FIELDS else None
        if component is not None:
            return component
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
        if _creates_node_red_node(fn):
            return Context('node', fn, fn, s.function_name(fn) or 'node')
        effect = _effect_calling(fn, names, file)
        if effect is not None:
            return effect
        label = _connection_method(fn, names['connection_events'], file)
        if label is not None:
            return Context('request', fn, fn, label)
    return None


def _connection_method(fn: Node, events: frozenset[str], file: File, depth: int = 0) -> str | None:
    """How to name a method (``X.prototype.m = function`` or a class's ``m() {}``) that runs per
    connection: handed to a connection listener (``this.io.on('connect', this._connect.bind(this))``),
    or called (``this.m(...)``) only from such methods."""
    name = _method_name(fn)
    if not name or depth > 2:
        return None
    label: str | None = None
    for prop in file.named(frozenset((name.encode(),)), ((0, len(file.source)),), frozenset(('property_identifier',))):
        member = s.parent_of(prop)
        if member is None or member.type != 'member_expression' or s.text(member.child_by_field_name('object')) not in ('this', 'self'):
            continue
        up = s.parent_of(member)
        if up is not None and up.type == 'assignment_expression' and up.child_by_field_name('left') == member:
            continue  # `this.m = this.m.bind(this)`: its own binding
        bound = up is not None and up.type == 'member_expression' and s.text(up.child_by_field_name('property')) == 'bind'
        handed = s.parent_of(up) if bound and up is not None else member  # `this.m.bind(this)` or `this.m`
        hook = s.calling(handed) if handed is not None else None
        if hook is not None:
            found = connection_label(hook, events)
            if found is None:
                return None  # handed to something else: it runs there too
            label = found
            continue
        if up is not None and up.type == 'call_expression' and up.child_by_field_name('function') == member:
            caller = s.enclosing_function(up)
            through = routes.per_request_label(caller, events) if caller is not None else None
            if through is None and caller is not None:
                through = _connection_method(caller, events, file, depth + 1)
            if through is None:
                return None  # called from code that does not run per connection
            label = label or f'{through} (through `this.{name}()`)'
            continue
        return None  # read or handed on: it may run anywhere
    return label


def _method_name(fn: Node) -> str:
    """``m`` of ``X.prototype.m = function () {}``, of a class's ``m() {}`` or of its field
    ``m = (socket) => {}``; '' otherwise."""
    if fn.type == 'method_definition':
        return s.text(fn.child_by_field_name('name'))
    holder = s.parent_of(fn)
    if holder is not None and holder.type in _FIELDS:
        key = holder.child_by_field_name('property') or holder.child_by_field_name('name')
        return s.text(key) if key is not None else ''
    left = holder.child_by_field_name('left') if holder is not None and holder.type == 'assignment_expression' else None
    if left is None or left.type != 'member_expression' or '.prototype.' not in s.text(left):
        return ''
    return s.text(left.child_by_field_name('property'))


def _effect_calling(fn: Node, names: Mapping[str, frozenset[str]], file: File) -> Context | None:
    """The effect of a component or hook that alone calls ``fn``, a function the component declares
    (``const listen = async () => { await PushNotifications.addListener(...) }`` called as
    ``listen()`` in one ``useEffect`` and nowhere else): what ``fn`` registers, the effect does, on
    every run."""
    name = _local_name(fn)
    outer = s.enclosing_function(fn) if name else None
    if outer is None or outer.type == 'method_definition':
        return None
    effect: Node | None = None
    for ident in file.named(frozenset((name.encode(),)), ((outer.start_byte, outer.end_byte),)):
        if ident.type == 'shorthand_property_identifier':
            return None  # `return { listen }`: the caller runs it too
        if ident.type != 'identifier' or fn.start_byte <= ident.start_byte < fn.end_byte or _declares(ident, fn):
            continue
        call = s.parent_of(ident)
        if call is None or call.type != 'call_expression' or call.child_by_field_name('function') != ident:
            return None  # handed on (`onClick={listen}`) or read: it runs elsewhere too
        around = s.enclosing_function(call)
        hook = s.calling(around) if around is not None else None
        if hook is None or s.callee_name(hook) not in names['effect_hooks'] or (
                effect is not None and effect != around) or s.enclosing_function(around) != outer:
            return None
        effect = around
    if effect is None:
        return None
    hook = s.calling(effect)
    return Context('effect', effect, effect, s.callee_name(hook) if hook is not None else 'useEffect')


def _local_name(fn: Node) -> str:
    """The name a function declared inside another one goes by: ``function listen() {}`` or
    ``const listen = () => {}``; '' for any other function."""
    if fn.type in ('function_declaration', 'generator_function_declaration'):
        return s.text(fn.child_by_field_name('name'))
    holder = s.parent_of(fn)
    if holder is not None and holder.type == 'variable_declarator' and holder.child_by_field_name('value') == fn:
        target = holder.child_by_field_name('name')
        return s.text(target) if target is not None and target.type == 'identifier' else ''
    return ''


def _declares(ident: Node, fn: Node) -> bool:
    holder = s.parent_of(ident)
    return holder is not None and (holder == fn or holder.type == 'variable_declarator' and holder.child_by_field_name('value') == fn)


def _method_context(method: Node, names: Mapping[str, frozenset[str]], file: File) -> Context | None:
    name = s.text(method.child_by_field_name('name'))
    holder = s.parent_of(method)
    if holder is None:
        return None
    if holder.type == 'object' and name in resources.AFRAME_TEARDOWN_OF:
        return aframe_context(method, name, holder, file)
    if name in names['mount_methods']:
        return Context('lifecycle', method, holder, name)
    if name in names['start_methods'] and holder.type == 'class_body':
        return Context('class', method, holder, s.function_name(method) or name)
    if name not in names['teardown_methods']:
        return _component_context(method, holder, file)
    return None


def _component_context(fn: Node, holder: Node | None, file: File) -> Context | None:
    """A method or arrow-function field of a class component (``class X extends Component``),
    other than its mount and teardown methods: what it registers, ``componentWillUnmount`` (or
    another method) must undo."""
    cls = s.parent_of(holder) if holder is not None and holder.type == 'class_body' else None
    if cls is None or not _is_component(cls, file):
        return None
    name = cls.child_by_field_name('name')
    return Context('component', fn, holder, s.text(name) if name is not None else 'component')


def _is_component(cls: Node, file: File) -> bool:
    """``class X extends Component``, its base React's, Preact's or Inferno's by what the file binds
    it to (an import or a require), or a global: govuk-frontend's ``Component`` is another class."""
    heritage = next((c for c in cls.children if c.type == 'class_heritage'), None)
    if heritage is None:
        return False
    base = s.text(heritage).removeprefix('extends').strip().split('<')[0].strip()
    if base.split('.')[-1] not in resources.COMPONENT_BASES:
        return False
    expression = s.base_class(cls)
    bound = bindings.binding(file, expression) if expression is not None else None
    return bound is None or bound.library in packages.COMPONENT_PACKAGES


def aframe_context(fn: Node, name: str, holder: Node | None, file: File) -> Context | None:
    """``init``/``play`` of the object given to ``AFRAME.registerComponent(name, {...})`` (the
    global's or the ``aframe`` package's): A-Frame runs it for every entity the component is added
    to, and ``remove`` (``pause``) is where it must undo what it registered. Not a system
    (``registerSystem``), made once per scene."""
    if name not in resources.AFRAME_TEARDOWN_OF or holder is None or holder.type != 'object':
        return None
    args = s.parent_of(holder)
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    if call is None or call.type != 'call_expression' or s.callee_name(call) not in resources.AFRAME_REGISTRATIONS:
        return None
    given = s.arguments(call)
    if len(given) < 2 or (given[1].start_byte, given[1].end_byte) != (holder.start_byte, holder.end_byte):
        return None
    recv = s.receiver(call)
    if recv is None or recv.type != 'identifier':
        return None
    if s.declaration(recv) is None:  # the global
        if s.text(recv) != resources.AFRAME_GLOBAL:
            return None
    else:
        bound = bindings.binding(file, recv)
        if bound is None or bound.library != resources.AFRAME_PACKAGE:
            return None
    component = s.string_value(given[0]) or 'component'
    return Context('aframe', fn, holder, f'{component}.{name}')


def _creates_node_red_node(fn: Node) -> bool:
    """``function MyNode(config) { RED.nodes.createNode(this, config); ... }``."""
    body = fn.child_by_field_name('body')
    for stmt in body.named_children if body is not None and body.type == 'statement_block' else ():
        call = stmt.named_children[0] if stmt.type == 'expression_statement' and stmt.named_children else None
        if call is not None and call.type == 'call_expression' and s.callee_name(call) == resources.NODE_RED_CREATE:
            args = s.arguments(call)
            return bool(args) and args[0].type == 'this'
    return False
