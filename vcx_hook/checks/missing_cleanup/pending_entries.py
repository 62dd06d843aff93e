"""An in-flight promise kept in a long-lived map and removed only when it resolves: a function stores
the promise of its work under a key in a module-level or instance map (``pending[id] = save(x)``,
``this.inflight.set(key, p)``) so that concurrent callers share it, and deletes the entry only in
the ``.then`` callback of that promise (``pending[id].then(() => { delete pending[id]; })``). When
the work fails the entry is never removed: the rejected promise stays in the map for the life of
the process, and every later call with that key gets the old failure instead of trying again.
Not when the map loses entries anywhere else (a ``.finally``, a ``.catch`` or rejection handler,
``clear()``, another function, a reassignment of the map)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_THEN = frozenset((b'then',))
_DELETE = frozenset((b'delete',))
_KEYWORD = frozenset(('delete',))
_FUNCTIONS = frozenset(('arrow_function', 'function_expression'))
_MAPS = re.compile(r'^(?:\{\s*\}|new\s+Map\s*\(\s*\)|Object\.create\(\s*null\s*\))$')


def possible(scope: Scope) -> bool:
    return b'.then' in scope.text and b'delete' in scope.text


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(the ``.then`` call, message, evidence) for each entry removed only on success."""
    if not possible(scope):
        return
    for name in scope.named(_THEN):
        call = s.called_by(name)
        args = s.arguments(call) if call is not None else []
        if call is None or len(args) != 1 or s.unwrap(args[0]).type not in _FUNCTIONS:
            continue
        callback = s.unwrap(args[0])
        outer = s.enclosing_function(call)
        if outer is None:
            continue
        for delete, target in _deletes(scope, callback):
            if not _long_lived(scope, target) or not _stored_here(outer, target, s.receiver(call)):
                continue
            if _removed_elsewhere(scope, target, callback) or _reassigned(scope, target):
                continue
            yield call, (f'`{target}` loses this entry only when the promise resolves: if it rejects, the '
                         'entry stays for good (and later calls get the old failure); remove it in '
                         '`.finally()`'), (delete,)
            break


def _deletes(scope: Scope, within: Node) -> list[tuple[Node, str]]:
    """(node, map) for ``delete map[key]`` and ``map.delete(key)`` inside ``within``."""
    ranges = ((within.start_byte, within.end_byte),)
    out = []
    for kw in scope.file.named(_DELETE, ranges, types=_KEYWORD):
        unary = s.parent_of(kw)
        arg = unary.child_by_field_name('argument') if unary is not None else None
        arg = s.unwrap(arg) if arg is not None else None
        if unary is not None and arg is not None and arg.type == 'subscript_expression':
            out.append((unary, s.text(arg.child_by_field_name('object'))))
    for prop in scope.file.named(_DELETE, ranges):
        call = s.called_by(prop)
        recv = s.receiver(call) if call is not None else None
        if call is not None and recv is not None and prop.type == 'property_identifier':
            out.append((call, s.text(recv)))
    return out


def _long_lived(scope: Scope, target: str) -> bool:
    """``this.x``, or a name the module declares as an empty object or ``new Map()``."""
    if re.fullmatch(r'this\.[\w$]+', target):
        return True
    if not re.fullmatch(r'[\w$]+', target):
        return False
    for child in scope.file.tree.root.named_children:
        if child.type == 'export_statement':
            child = child.child_by_field_name('declaration') or child
        if child.type not in ('lexical_declaration', 'variable_declaration'):
            continue
        for d in child.named_children:
            value = d.child_by_field_name('value')
            if d.type == 'variable_declarator' and s.text(d.child_by_field_name('name')) == target \
                    and value is not None and _MAPS.match(s.text(value)):
                return True
    return False


def _stored_here(outer: Node, target: str, promise: Node | None) -> bool:
    """The function stores the very promise it chains on in the map: ``.then`` on ``map[key]`` or
    ``map.get(key)`` after a store, or on a name it stores (``map.set(key, p)``, ``map[key] = p``)."""
    if promise is None:
        return False
    body = s.text(outer)
    t = re.escape(target)
    if not re.search(rf'{t}\s*\[[^\]]+\]\s*=[^=]|{t}\.set\(', body):
        return False
    p = s.text(s.unwrap(promise))
    if re.fullmatch(rf'{t}\s*(?:\[[^\]]+\]|\.get\([^)]*\))', p):
        return True
    n = re.escape(p)
    return re.fullmatch(r'[\w$]+', p) is not None and re.search(
        rf'{t}\s*\[[^\]]+\]\s*=\s*{n}\s*[;\n]|{t}\.set\([^,]+,\s*{n}\s*\)', body) is not None


def _removed_elsewhere(scope: Scope, target: str, callback: Node) -> bool:
    """Something in the file outside this callback deletes from or clears the map."""
    root = scope.file.tree.root
    for node, t in _deletes(scope, root):
        if t == target and not (callback.start_byte <= node.start_byte < callback.end_byte):
            return True
    return re.search(rf'{re.escape(target)}\.clear\(', scope.file.source.decode('utf-8', 'replace')) is not None


def _reassigned(scope: Scope, target: str) -> bool:
    """``map = {}`` or ``this.map = new Map()`` outside its declaration: reset wholesale."""
    text = scope.file.source.decode('utf-8', 'replace')
    assigned = re.findall(rf'(?<![\w$.]){re.escape(target)}\s*=[^=>]', text)
    declared = re.search(rf'(?:const|let|var)\s+{re.escape(target)}\s*=', text) is not None
    return len(assigned) > (1 if declared or target.startswith('this.') else 0)
