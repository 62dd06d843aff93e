"""A file opened and never closed: ``await fs.promises.open(path, 'w')`` (or ``open`` of
``fs/promises``, ``fs.openSync``) whose handle is dropped, or kept in a local name that the function
only reads and writes through and never closes, returns or hands on. Every call leaks a file
descriptor until the process runs out of them (EMFILE); a ``FileHandle`` left to the garbage
collector is closed late, with a warning, and not at all in a process that keeps it reachable."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_OPENS = frozenset((b'open', b'openSync'))
_IDENTIFIERS = frozenset(('identifier', 'shorthand_property_identifier'))
# A handle's methods that close it, or hand it to a stream that closes it when it ends (autoClose).
_HANDS_ON = frozenset(('close', 'closeSync', 'createReadStream', 'createWriteStream', 'readableWebStream'))


def possible(scope: Scope) -> bool:
    return not scope.file.words.isdisjoint(_OPENS) and scope.holds(b'open')


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(open call, message, evidence) for each file handle nothing closes."""
    if not possible(scope):
        return
    for name in scope.named(_OPENS):
        call = s.called_by(name)
        if call is None or not _opens_a_file(scope, call):
            continue
        holder = s.parent_of(s.outer_expression(call))
        if holder is not None and holder.type == 'expression_statement':
            yield call, (f'`{s.normalized(call, 50)}` opens a file and drops its handle: nothing closes it, '
                         'so every call leaks a file descriptor'), ()
            continue
        kept = _kept_name(holder)
        fn = s.enclosing_function(call)
        if kept is not None and fn is not None and _never_closed(scope, fn, kept):
            yield call, (f'`{s.text(kept)}` is opened here and never closed, returned or handed on: every call '
                         'leaks a file descriptor'), ()


def _opens_a_file(scope: Scope, call: Node) -> bool:
    """``fs.promises.open()``, ``fsp.open()``, ``fs.openSync()``, ``open()`` imported from
    ``fs/promises``: bound to Node's fs module (or fs-extra), not a dialog's or a window's ``open``;
    and given no callback (``fs.open(path, cb)`` hands the descriptor to it)."""
    callee = s.callee(call)
    if callee is None or any(a.type in s.FUNCTION_TYPES for a in s.arguments(call)):
        return False
    callee = s.unwrap(callee)
    if callee.type == 'identifier' and s.text(callee) != 'open':
        return False
    bound = bindings.binding(scope.file, callee)
    return bound is not None and bound.kind == packages.FILES and bound.library == packages.FS


def _kept_name(holder: Node | None) -> Node | None:
    if holder is None or holder.type != 'variable_declarator':
        return None
    name = holder.child_by_field_name('name')
    return name if name is not None and name.type == 'identifier' else None


def _never_closed(scope: Scope, fn: Node, kept: Node) -> bool:
    """Every other use of ``kept`` in ``fn`` calls a method on it other than ``close`` or a
    stream's (``fh.write(...)``, ``fh.stat()``): not closed, returned, stored or passed anywhere."""
    name = s.text(kept)
    uses = [n for n in _identifiers(scope, fn, name) if n != kept]
    for use in uses:
        member = s.parent_of(use)
        call = s.parent_of(member) if member is not None else None
        if member is None or member.type != 'member_expression' or call is None or call.type != 'call_expression' \
                or s.callee(call) != member:
            return False
        if s.text(member.child_by_field_name('property')) in _HANDS_ON:
            return False
    return True


def _identifiers(scope: Scope, fn: Node, name: str) -> list[Node]:
    return scope.file.named(frozenset((name.encode(),)), ((fn.start_byte, fn.end_byte),), _IDENTIFIERS)
