"""race-condition's shared temp file: a file written under a temp name made only from its target
(``${path}.tmp``, ``path + '.$$$'``) and then renamed onto it.  Two concurrent writes of the same
path write, rename and delete the same temp file.

Low confidence, every one: on held-out code it was worth asking 7% of 7 times (no worth, 1
borderline, 6 not: `python bench/judged/shapes.py --held-out --check race-condition --match 'temp
file'`): a build script run once, a single-threaded Electron or startup writer, callers that pass
unique paths; the synchronous write-and-move, the commonest of them, is no longer asked, and no
evidence the code holds separates the rest from the real bugs it was written for (node-red's and
signalk's atomic writes, bench/realbugs), which stay found."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_MOVE_WORDS = frozenset(n.encode() for n in stores.FILE_MOVES)
CONFIDENCE = LOW


# A word every move ``_file_module`` accepts comes with: its module (`fs.rename`, `fse.move`),
# `promises` (`fs.promises.rename`) or, for a bare `rename`, the `fs` of its import.
_MODULE_WORDS = frozenset(n.encode() for n in stores.FILE_MODULES) | {b'promises'}


def possible(scope: Scope) -> bool:
    words = scope.file.words
    return not words.isdisjoint(_MOVE_WORDS) and not words.isdisjoint(_MODULE_WORDS)


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(move, message, evidence) for each move of a temp file named only after its target."""
    if not possible(scope):
        return
    for name in scope.named(_MOVE_WORDS):
        call = s.called_by(name)
        if call is None or not _file_module(call, scope.file.source):
            continue
        args = s.arguments(call)
        if len(args) < 2:
            continue
        temp, target = s.unwrap(args[0]), s.unwrap(args[1])
        value = s.initializer(temp) if temp.type == 'identifier' else temp
        if value is None or not _named_after(s.unwrap(value), s.text(target)):
            continue
        body = flow.root_of(call, scope.file.tree.root).text
        if stores.SERIALIZES.search(body) or stores.KEYED_LOCKS.search(body):
            continue  # writes of one path wait for each other
        if _synchronous(call, value, scope.file.source):
            continue  # `writeFileSync(tmp)` then `renameSync(tmp, path)`: no other call runs in between
        name = s.normalized(value, 40)
        yield call, (
            f'`{s.callee_path(call)}()` moves a temp file named only after its target '
            f'(`{name.strip("`")}`): two concurrent writes of `{s.text(target)}` share it'
        ), (value,)


# What lets another call run, or defers the move to later: an await, a yield, a callback, a `.then`.
_YIELDS = re.compile(rb'\b(?:await|yield|function)\b|=>|\.then\b')


def _synchronous(call: Node, value: Node, source: bytes) -> bool:
    """The move is a synchronous call (``renameSync``) and nothing from the temp name to it yields:
    Node runs the write and the move of one call before any other starts."""
    return s.callee_path(call).endswith(stores.SYNC_SUFFIX) and value.start_byte < call.start_byte \
        and not _YIELDS.search(source, value.start_byte, call.end_byte)


def _file_module(call: Node, file_source: bytes) -> bool:
    """``fs.rename``, ``fs.promises.rename``, ``fse.move``; a bare ``rename`` in a file importing them."""
    path = s.callee_path(call)
    if '.' not in path:
        return stores.FILE_MODULE_IMPORT.search(file_source) is not None
    parts = path.split('.')[:-1]
    return parts[0] in stores.FILE_MODULES or parts[-1] == 'promises'


def _named_after(value: Node, target: str) -> bool:
    """``${target}.tmp`` or ``target + '.tmp'``: the target and constant text, nothing else."""
    if value.type == 'template_string':
        subs = [c for c in value.named_children if c.type == 'template_substitution']
        return bool(subs) and any(c.type == 'string_fragment' for c in value.named_children) and all(
            len(sub.named_children) == 1 and s.text(sub.named_children[0]) == target for sub in subs)
    if value.type == 'binary_expression' and s.text(value.child_by_field_name('operator')) == '+':
        parts = _operands(value)
        return any(p.type == 'string' for p in parts) and any(s.text(p) == target for p in parts) \
            and all(p.type == 'string' or s.text(p) == target for p in parts)
    return False


def _operands(node: Node) -> list[Node]:
    if node.type == 'binary_expression' and s.text(node.child_by_field_name('operator')) == '+':
        left, right = node.child_by_field_name('left'), node.child_by_field_name('right')
        return [*(_operands(left) if left is not None else []), *(_operands(right) if right is not None else [])]
    return [s.unwrap(node)]
