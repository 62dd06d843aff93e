"""File path sinks: ``fs.readFile/writeFile/createReadStream/unlink/rm/readdir/rename...``, and
``res.sendFile``/``res.download`` without a ``root``: ``../`` reaches outside the folder."""
from __future__ import annotations

import re

from vcx_hook.checks.unvalidated_input.values import Sink
from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang.flow import Flow
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


def is_fs(scope: Scope, path: str, recv: str) -> bool:
    if recv in stores.FS_MODULES or path.startswith('fs.'):
        return True
    return not recv and scope.file.memo('uses-fs', lambda f: bool(re.search(rb'''['"](?:node:)?fs(?:/promises|-extra)?['"]''', f.source)))


def fs_sink(call: Node, first: Node, label: str) -> Sink:
    return Sink(call, [(first, ())], f'{label} uses a file path built from `{{src}}`; `../` reaches outside the folder', file_path=True)


def served(call: Node, args: list[Node], label: str) -> Sink | None:
    if len(args) > 1 and args[1].type == 'object' and 'root' in s.object_keys(args[1]):
        return None  # send() refuses paths that climb out of `root`
    return Sink(call, [(args[0], ())], f'{label} serves a file path built from `{{src}}`; `../` reaches outside the folder', file_path=True)


# `.replace('../', '')`, `.replace(/\.\.\//g, '')`, `.replace(new RegExp('../', 'g'), '')`: one pass
# that deletes `../` (or `..\`) puts one back together from what surrounds it (`....//` -> `../`).
_STRIP = re.compile(r'''\.replace(?:All)?\(\s*(?P<pattern>new\s+RegExp\([^)]{2,80}\)|[^,]{2,80}?)\s*,\s*(?:''|""|``)\s*\)''')


def strips_climbs(text: str) -> bool:
    """Text holding such a one-pass strip; ``x.replace(/\\.\\./g, '')`` (every ``..``) is not one."""
    for m in _STRIP.finditer(text):
        pattern = m.group('pattern').replace('\\\\', '\\').replace('\\.', '.').replace('\\/', '/')
        if '../' in pattern or '..\\' in pattern:
            return True
    return False


def under_folder(fl: Flow, path: Node, depth: int = 0) -> bool:
    """The file path ``path`` is built from more than one piece (`` `${dir}/${name}` ``, ``dir + name``,
    ``path.join(dir, name)``, or a local given one): a name of one segment in it stays in the folder
    before it, where the name alone picks any file of the working directory."""
    path = s.unwrap(path)
    if path.type == 'template_string':
        return len(path.named_children) > 1
    if path.type == 'binary_expression':
        return s.text(path.child_by_field_name('operator')) == '+'
    if path.type == 'call_expression':
        return len(s.arguments(path)) > 1
    if path.type == 'identifier' and depth < 3:
        values = [b.value for b in fl.bindings_of(path) if b.value is not None and not b.path]
        return bool(values) and all(under_folder(fl, v, depth + 1) for v in values)
    return False


def strip_call(call: Node) -> bool:
    """``call`` is such a strip: its result still carries the path it was given."""
    args = s.arguments(call)
    return s.callee_name(call) in ('replace', 'replaceAll') and len(args) == 2 and s.receiver(call) is not None \
        and strips_climbs('.replace(' + s.text(args[0]) + ', ' + s.text(args[1]) + ')')
