"""race-condition's file read-modify-write in a promise chain: ``loadFile(p).then((data) => {
const o = JSON.parse(data); o[key] = value; return writeFile(p, JSON.stringify(o)); })``.  Two
calls both read the file before either writes it back, and one's change is lost."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.ecosystem import stores
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_THEN = frozenset((b'then',))
_READS = frozenset(n.encode() for n in stores.FILE_READS)
_WRITES = frozenset(n.encode() for n in stores.FILE_WRITES)


def possible(scope: Scope) -> bool:
    """A ``.then`` in the scope, and a whole-file read and write in the file (their names are words)."""
    words = scope.file.words
    return not words.isdisjoint(_READS) and not words.isdisjoint(_WRITES) and b'.then' in scope.text


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(write, message, evidence) for each write of a file inside the ``.then`` callback of a read
    of the same path, computed from what was read."""
    if not possible(scope):
        return
    for name in scope.named(_THEN):
        then = s.called_by(name)
        read = s.receiver(then) if then is not None else None
        read = s.unwrap(read) if read is not None else None
        if read is None or read.type != 'call_expression' or s.callee_name(read) not in stores.FILE_READS:
            continue
        args = s.arguments(then)
        callback = s.unwrap(args[0]) if args else None
        read_args = s.arguments(read)
        if callback is None or callback.type not in s.FUNCTION_TYPES or not read_args:
            continue
        params = s.parameter_names(callback)
        write = _write_back(callback, s.text(read_args[0]), params[0] if params else '')
        if write is None:
            continue
        body = flow.root_of(then, scope.file.tree.root).text
        if stores.SERIALIZES.search(body) or stores.KEYED_LOCKS.search(body):
            continue
        yield write, (
            f'`{s.callee_path(write)}()` writes back `{s.normalized(read_args[0], 40)}`, read by the '
            f'`{s.callee_name(read)}()` on line {read.start_point.row + 1}; a concurrent change of the file is lost'
        ), (read,)


def _write_back(callback: Node, path: str, data: str) -> Node | None:
    """The write of ``path`` in the callback that uses the read data (``data``) before or in it."""
    if not data:
        return None
    body = callback.child_by_field_name('body')
    stack = [body] if body is not None else []
    used_at = None
    writes = []
    while stack:
        node = stack.pop()
        if node.type == 'identifier' and s.text(node) == data and (used_at is None or node.start_byte < used_at):
            used_at = node.start_byte
        if node.type == 'call_expression' and s.callee_name(node) in stores.FILE_WRITES:
            args = s.arguments(node)
            if args and s.text(args[0]) == path:
                writes.append(node)
        stack.extend(node.named_children)
    return next((w for w in sorted(writes, key=s.document_order) if used_at is not None and used_at < w.end_byte), None)
