"""A handle made on every call and never closed: ``const audioCtx = new AudioContext()`` in a
function that plays a sound, ``const zip = new StreamZip.async({ file })`` (node-stream-zip) or
``const archive = await Archive.open(buffer)`` (libarchive.js), kept in a local name the function
only calls methods on or reads properties of, and never closes, returns or hands on. Each call
keeps one more: an audio context holds an audio thread until it is closed (browsers cap how many
are open), a zip its file descriptor, an archive its WebAssembly memory."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.ecosystem import bindings
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_AUDIO = frozenset(('AudioContext', 'webkitAudioContext'))
_WORDS = frozenset((b'AudioContext', b'webkitAudioContext', b'StreamZip', b'open'))
_IDENTIFIERS = frozenset(('identifier', 'shorthand_property_identifier'))
_CLOSES = frozenset(('close', 'destroy', 'dispose', 'free'))
# The library a specifier names, also a copy kept in the project (`../libs/nodeStreamZip`).
_STREAM_ZIP = re.compile(r'(?:^|/)node-?stream-?zip$', re.IGNORECASE)
_LIBARCHIVE = re.compile(r'(?:^|/)libarchive(?:\.js)?(?:/|$)', re.IGNORECASE)
_WHAT = {
    'audio': 'an audio context (and its audio thread) stays open, and browsers cap how many there can be',
    'zip': 'a zip file stays open, one file descriptor each',
    'archive': "an archive's memory is kept",
}


def possible(scope: Scope) -> bool:
    words = scope.file.words
    return (b'AudioContext' in words or b'webkitAudioContext' in words or b'StreamZip' in words
            or b'libarchive' in scope.file.source) and not words.isdisjoint(_WORDS)


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(construction, message, evidence) for each handle made and kept in a local nothing closes."""
    if not possible(scope):
        return
    seen: set[int] = set()
    for name in scope.named(_WORDS):
        made = _made(scope, name)
        if made is None or made[0].start_byte in seen:
            continue
        made_node, kind = made
        seen.add(made_node.start_byte)
        holder = s.parent_of(s.outer_expression(made_node))
        kept = holder.child_by_field_name('name') if holder is not None and holder.type == 'variable_declarator' else None
        fn = s.enclosing_function(made_node)
        if kept is None or kept.type != 'identifier' or fn is None or not _never_closed(scope, fn, kept):
            continue
        yield made_node, (f'`{s.text(kept)}` is made on every call and never closed, returned or handed on: '
                          f'each call leaves one more open ({_WHAT[kind]})'), ()


def _made(scope: Scope, name: Node) -> tuple[Node, str] | None:
    """The construction or ``open`` call ``name`` is part of, and what it makes."""
    word = s.text(name)
    if word in _AUDIO:
        new = _new_around(name)
        return (new, 'audio') if new is not None and not _bound(scope, name) else None
    if word == 'StreamZip':
        new = _new_around(name)
        bound = bindings.binding(scope.file, name)
        return (new, 'zip') if new is not None and bound is not None and _STREAM_ZIP.search(bound.library) else None
    call = s.called_by(name)
    member = s.parent_of(name)
    if call is None or member is None or member.type != 'member_expression' or s.callee(call) != member:
        return None
    obj = member.child_by_field_name('object')
    bound = bindings.binding(scope.file, obj) if obj is not None and obj.type == 'identifier' else None
    return (call, 'archive') if bound is not None and _LIBARCHIVE.search(bound.library) else None


def _new_around(name: Node) -> Node | None:
    """``new AudioContext()``, ``new (window.AudioContext || window.webkitAudioContext)()``,
    ``new StreamZip.async(...)``: the ``new`` whose constructor holds ``name``."""
    node = name
    for _ in range(6):
        up = s.parent_of(node)
        if up is None:
            return None
        if up.type == 'new_expression':
            return up if up.child_by_field_name('constructor') == node else None
        if up.type not in ('member_expression', 'parenthesized_expression', 'binary_expression', 'as_expression'):
            return None
        node = up
    return None


def _bound(scope: Scope, name: Node) -> bool:
    """A name the file declares or imports (the project's own ``AudioContext``), not the global."""
    return s.text(name) in bindings.imports(scope.file) or (
        name.type == 'identifier' and s.declaration(name) is not None)


def _never_closed(scope: Scope, fn: Node, kept: Node) -> bool:
    """Every other use of ``kept`` in ``fn`` calls a method on it other than a close, or reads a
    property of it (``ctx.destination``): not closed, returned, stored or passed anywhere."""
    name = s.text(kept)
    uses = [n for n in scope.file.named(frozenset((name.encode(),)), ((fn.start_byte, fn.end_byte),), _IDENTIFIERS)
            if n != kept]
    for use in uses:
        member = s.parent_of(use)
        if member is None or member.type != 'member_expression' or member.child_by_field_name('object') != use:
            return False
        if s.text(member.child_by_field_name('property')) in _CLOSES:
            return False
        up = s.parent_of(member)
        if up is not None and up.type == 'assignment_expression' and up.child_by_field_name('left') == member:
            return False  # `ctx.onstatechange = ...`: it is looked after elsewhere
    return True
