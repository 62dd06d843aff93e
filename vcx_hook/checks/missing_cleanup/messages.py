"""What missing-cleanup says about a registration nothing undoes, by where it runs."""
from __future__ import annotations

from collections.abc import Mapping

from vcx_hook.checks.missing_cleanup.contexts import Context
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import resources
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_NOUN = {
    'listener': 'listener', 'timer': 'timer', 'subscription': 'subscription', 'observer': 'observer',
    'watcher': 'file watcher', 'connection': 'connection',
}


def message(scope: Scope, short: str, kind: str, ctx: Context, names: Mapping[str, frozenset[str]],
            call: Node | None = None) -> str:
    noun = _NOUN[kind]
    if ctx.kind == 'effect':
        if not has_cleanup(scope.file, ctx.fn):
            return f'`{short}` runs in a `{ctx.label}` that returns no cleanup: every run adds another {noun}'
        return f'`{short}` runs in a `{ctx.label}` whose cleanup does not undo it: every run adds another {noun}'
    if ctx.kind == 'setup':
        return f'`{short}` in `{ctx.label}` is never undone (no `onUnmounted`/`onBeforeUnmount` removes the {noun})'
    if ctx.kind == 'lifecycle':
        pair = resources.TEARDOWN_OF.get(ctx.label, 'the teardown')
        has = any(s.text(m.child_by_field_name('name')) == pair for m in ctx.region.named_children
                  if m.type == 'method_definition')
        where = f'`{pair}` does not undo it' if has else f'there is no `{pair}`'
        return f'`{short}` in `{ctx.label}` adds a {noun} on every mount; {where}'
    if ctx.kind == 'aframe':
        component, _, mount = ctx.label.rpartition('.')
        pair = resources.AFRAME_TEARDOWN_OF.get(mount, 'remove')
        where = f'`{pair}` does not undo it' if pair in _keys(ctx.region) else f'the component has no `{pair}`'
        return f'`{short}` in A-Frame component `{component}`\'s `{mount}` adds {_a(noun)} per entity; {where}'
    label = ctx.label if len(ctx.label) <= 32 else ctx.label[:29] + '...'
    if ctx.kind == 'class':
        teardown = [s.text(m.child_by_field_name('name')) for m in ctx.region.named_children
                    if m.type == 'method_definition' and s.text(m.child_by_field_name('name')) in names['teardown_methods']]
        where = f'`{teardown[0]}()` does not undo' if teardown else 'no stop/close/dispose method undoes'
        return f'`{short}` in `{label}` adds a {noun} per instance that {where}'
    if ctx.kind == 'component':
        has = any(m.type == 'method_definition' and s.text(m.child_by_field_name('name')) == resources.COMPONENT_TEARDOWN
                  for m in ctx.region.named_children)
        where = f'`{resources.COMPONENT_TEARDOWN}` does not undo' if has else f'no `{resources.COMPONENT_TEARDOWN}` undoes'
        return f'`{short}` in class component `{label}` adds {_a(noun)} that {where}'
    if ctx.kind == 'node':
        return f"`{short}` in Node-RED node `{label}` adds {_a(noun)} on every deploy that its `on('close')` does not undo"
    recv = s.receiver(call) if call is not None else None
    if recv is not None and s.unwrap(recv).type == 'identifier' and http.pooled_socket(s.unwrap(recv)):
        return (f'`{short}` adds a {noun}, on every call of the {label}, to the socket the request was given: a '
                'keep-alive agent gives that socket to later requests, and nothing removes it')
    return f'`{short}` adds a {noun} on every call of the {label} and nothing removes it'


def _keys(obj: Node) -> set[str]:
    """The method and property names of an object literal (``remove() {}``, ``remove: function () {}``)."""
    out = set()
    for member in obj.named_children:
        key = member.child_by_field_name('name') if member.type == 'method_definition' else (
            member.child_by_field_name('key') if member.type == 'pair' else None)
        if key is not None:
            out.add(s.text(key))
    return out


def _a(noun: str) -> str:
    return f'an {noun}' if noun[0] in 'aeiou' else f'a {noun}'


def has_cleanup(file: File, fn: Node) -> bool:
    """The effect ``fn`` returns a cleanup (computed once per effect)."""
    return file.memo(f'missing-cleanup:cleanup:{fn.start_byte}', lambda _f: _returns_value(fn))


def _returns_value(fn: Node) -> bool:
    body = fn.child_by_field_name('body')
    if body is None:
        return False
    if body.type != 'statement_block':
        return True
    stack = list(body.named_children)
    while stack:
        node = stack.pop()
        if node.type == 'return_statement' and node.named_children:
            return True
        if node.type not in s.FUNCTION_TYPES and node.type not in ('class_declaration', 'class'):
            stack.extend(node.named_children)
    return False


def short(node: Node) -> str:
    text = s.normalized(node, 60)
    if len(text) > 44:
        text = text[:41] + '...'
    return text
