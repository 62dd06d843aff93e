"""A promisified alias of a library function: ``const bcryptCompare = thenify(bcrypt.compare)``,
``const exec = util.promisify(child_process.exec)``, ``pify(fs.readFile)``.  Called, the alias does
what the wrapped function does, so a call of it is read as a call of the wrapped one (``bcrypt.compare``):
every check that reads a callee's name or path sees the library function (ShieldBattery's password
login, ``bcryptCompare`` of ``thenify(bcrypt.compare)``, a real bug of holdout24).

The wrapper must come from its package: ``thenify``, ``pify``, ``es6-promisify``, ``util``/``node:util``
(``promisify``), ``bluebird`` (``promisify``, ``Promise.promisify``); a project's own ``promisify`` is not
known here."""
from __future__ import annotations

from typing import TYPE_CHECKING

from vcx_hook.lang import lazyre
from vcx_hook.lang import modules
from vcx_hook.lang.declarations import declaration
from vcx_hook.lang.expressions import dotted
from vcx_hook.lang.syntax import Node
from vcx_hook.lang.tree import _parents
from vcx_hook.lang.tree import per_tree
from vcx_hook.lang.tree import descendant
from vcx_hook.lang.tree import text

if TYPE_CHECKING:
    from vcx_hook.lang.source import File

# The packages whose default or named export promisifies a function, by the name it is imported as.
_WRAPPERS = {
    'thenify': frozenset(('thenify',)),
    'pify': frozenset(('pify',)),
    'es6-promisify': frozenset(('promisify',)),
    'util': frozenset(('promisify',)),
    'node:util': frozenset(('promisify',)),
    'bluebird': frozenset(('promisify',)),
}
_NAMES = frozenset(n for names in _WRAPPERS.values() for n in names)
_WORDS = (b'thenify', b'pify', b'promisify')  # `pify` is inside `promisify`
_memo: dict[object, bool] = per_tree({})


_ALIAS = lazyre.compile(rb'\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:[\w$]+\s*\.\s*)?(?:thenify|pify|promisify)\s*\(')


def aliases(file: File) -> dict[bytes, str]:
    """The file's promisified aliases, by name, with the dotted path of what each wraps
    (``{b'bcryptCompare': 'bcrypt.compare'}``), once per file: a check that finds its calls by
    their spelling (``compare(``) finds an alias's calls by these names."""
    return file.fact(_aliases)


def _aliases(file: File) -> dict[bytes, str]:
    out: dict[bytes, str] = {}
    if not any(w in file.source for w in _WORDS):
        return out
    for m in _ALIAS.finditer(file.source):
        ident = descendant(file.tree.root, m.start(1), m.end(1))
        target = wrapped(ident) if ident is not None else None
        if target is not None:
            out[m.group(1)] = dotted(target)
    return out


def wrapped(ident: Node) -> Node | None:
    """The function ``ident`` is a promisified alias of (``bcrypt.compare`` of ``bcryptCompare``), or None."""
    if ident.type != 'identifier' or not _mentions():
        return None
    decl = declaration(ident)
    if decl is None or decl.type != 'variable_declarator':
        return None
    name = decl.child_by_field_name('name')
    value = decl.child_by_field_name('value')
    if name is None or name.type != 'identifier' or value is None or value.type != 'call_expression':
        return None
    args = value.child_by_field_name('arguments')
    given = [a for a in args.named_children if a.type != 'comment'] if args is not None else []
    fn = value.child_by_field_name('function')
    if len(given) != 1 or fn is None or not _wrapper(fn):
        return None
    target = given[0]
    return target if target.type in ('identifier', 'member_expression') else None


def _mentions() -> bool:
    top = _parents.top
    if top is None:
        return False
    found = _memo.get(top.id)
    if found is None:
        found = _memo[top.id] = any(w in top.text for w in _WORDS)
    return found


def _wrapper(fn: Node) -> bool:
    """``thenify``/``pify``/``promisify`` bound to its package, ``util.promisify``, ``Promise.promisify``
    of bluebird."""
    if fn.type == 'member_expression':
        obj, prop = fn.child_by_field_name('object'), fn.child_by_field_name('property')
        if obj is None or prop is None or text(prop) != 'promisify' or obj.type != 'identifier':
            return False
        return _package(obj) in ('util', 'node:util', 'bluebird')
    if fn.type != 'identifier' or text(fn) not in _NAMES:
        return False
    module = _package(fn)
    return module is not None and text(fn) in _WRAPPERS.get(module, ())


def _package(ident: Node) -> str | None:
    """The package ``ident`` is imported or required from."""
    decl = declaration(ident)
    if decl is not None:
        value = decl.child_by_field_name('value') if decl.type == 'variable_declarator' else None
        return modules.required(value) if value is not None else None
    top = _parents.top
    return modules.imported_from(top, text(ident)) if top is not None else None
