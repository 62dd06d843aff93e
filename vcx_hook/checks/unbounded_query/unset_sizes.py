"""(low) An ORM page size left unset when the caller gives none: a pagination helper that returns
no ``take`` when it is handed no page size (``if (perPage === undefined) return {}`` before ``return
{ skip, take: perPage }``; ``return { offset: undefined, limit: undefined }``), or a page size made
``undefined`` when the request has none (``const pageSize = page_size ? parseInt(page_size) :
undefined``) and handed on to a many-read (``findMany({ ...getPaginationParams(pageSize, cursor) })``,
``find({ take: pageSize })``): a caller that sends none reads every record (metiers-numeriques'
GraphQL ``perPage``, of holdout26; supaglue's list endpoints, of holdout19). The SQL form, a
``LIMIT`` appended only when given, is ``optional_limits``. Not when the function caps or compares
the size (``Math.min``, ``perPage > 100``), nor in UI code."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.ecosystem import stores
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.expressions import object_keys
from vcx_hook.lang.functions import own_nodes
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_KEYS = frozenset(('take', 'limit'))
WORDS = frozenset((b'take', b'limit'))
# A name for a page size (`perPage`, `page_size`, `limit`, `pageSize`, `first`).
_SIZE_NAME = lazyre.compile(r'(?i)^(?:\w*(?:limit|size|per_?page)|take|first)$')
_CAPS = lazyre.compile(rb'Math\.min|\bclamp\w*\(|\.max\(|\.lte?\(')
_UNSET = frozenset(('undefined', 'null'))


def possible(scope: Scope) -> bool:
    unset = scope.holds(b'undefined') or scope.holds(b'null')
    return unset or not scope.file.words.isdisjoint(WORDS) and b'!' in scope.text


def find(scope: Scope) -> Iterator[tuple[Node, str]]:
    """(node, message) for each page size a helper or a handler leaves unset when none is given."""
    if not possible(scope) or s.is_ui_file(scope.file) or _CAPS.search(scope.text) is not None:
        return
    seen: set[int] = set()
    for name in scope.named(WORDS):
        pair, value = _size_pair(name)
        if pair is None or value is None or not _SIZE_NAME.match(s.text(value)):
            continue
        fn = s.enclosing_function(pair)
        if fn is None or fn.start_byte in seen or _compared(fn, s.text(value)):
            continue
        found = _helper_return(fn, pair, s.text(value))
        if found is not None:
            seen.add(fn.start_byte)
            yield found, (f'called with no `{s.text(value)}`, this returns no page size: the read it is '
                          'handed to returns every record')
    for decl in _unset_declarations(scope):
        fn = s.enclosing_function(decl)
        key = decl.start_byte
        name = s.text(decl.child_by_field_name('name'))
        if fn is None or key in seen or _compared(fn, name):
            continue
        use = _handed_to_read(fn, name)
        if use is not None:
            seen.add(key)
            yield use, (f'`{name}` is left unset when the caller gives no page size, and the read it is handed '
                        'to then returns every record')


def _size_pair(name: Node) -> tuple[Node | None, Node | None]:
    """(member, value) of ``take: perPage`` or of the shorthand ``{ limit }``, a name as its value."""
    if s.text(name) not in _KEYS:
        return None, None
    if name.type == 'shorthand_property_identifier':
        return name, name
    pair = s.parent_of(name)
    if pair is None or pair.type != 'pair' or name.type != 'property_identifier':
        return None, None
    value = pair.child_by_field_name('value')
    value = s.unwrap(value) if value is not None else None
    return (pair, value) if value is not None and value.type == 'identifier' else (None, None)


def _compared(fn: Node, name: str) -> bool:
    """The function compares the size with a bound (``perPage > 100``, ``MAX < limit``)."""
    bound = r'(?:\d+|(?:\w+\.)?[A-Z][A-Z0-9_]*|\w*[Mm]ax\w*)'
    word = re.compile(rf'(?:\b{re.escape(name)}\s*[<>]=?\s*{bound}\b|\b{bound}\s*[<>]=?\s*{re.escape(name)}\b)')
    return word.search(s.text(fn)) is not None


def _absent(condition: Node, name: str) -> bool:
    """A test that ``name`` is missing: ``=== undefined``, ``== null``, ``!name``, ``typeof``."""
    n = re.escape(name)
    return re.search(rf'\b{n}\s*={{2,3}}\s*(?:undefined|null)\b|\b(?:undefined|null)\s*={{2,3}}\s*{n}\b'
                     rf'|!\s*{n}\b(?!\s*[.\[(])|typeof\s+{n}\s*={{2,3}}\s*[\'"]undefined', s.text(condition)) is not None


def _helper_return(fn: Node, pair: Node, name: str) -> Node | None:
    """The early ``return`` of ``fn`` under a test that ``name`` is missing, when ``fn`` returns an
    object with ``take: name`` and the early one an object with no page size (``{}``, ``{ limit:
    undefined }``)."""
    obj = s.parent_of(pair)
    if obj is None or obj.type != 'object' or not _returned(obj, fn) or name not in _parameter_names(fn):
        return None
    for ret in own_nodes(fn, frozenset(('return_statement',))):
        value = ret.named_children[0] if ret.named_children else None
        value = s.unwrap(value) if value is not None else None
        if value is None or value.type != 'object' or not _sizeless(value):
            continue
        for up in s.ancestors(ret):
            if up.type in s.FUNCTION_TYPES:
                break
            if up.type == 'if_statement':
                condition = up.child_by_field_name('condition')
                if condition is not None and _absent(condition, name) \
                        and up.start_byte < pair.start_byte and ret.end_byte <= up.end_byte:
                    return ret
                break
    return None


def _sizeless(obj: Node) -> bool:
    keys = object_keys(obj)
    return all(k not in keys or s.text(keys[k]) in _UNSET for k in _KEYS)


def _returned(obj: Node, fn: Node) -> bool:
    parent = s.parent_of(obj)
    while parent is not None and parent.type == 'parenthesized_expression':
        parent = s.parent_of(parent)
    return parent is not None and (parent.type == 'return_statement' or parent.type == 'arrow_function'
                                   and parent.start_byte == fn.start_byte)


def _parameter_names(fn: Node) -> set[str]:
    return {s.text(i) for p in s.parameters(fn) for i in s.identifiers(p, into_functions=False)}


def _unset_declarations(scope: Scope) -> Iterator[Node]:
    """``const pageSize = page_size ? parseInt(page_size) : undefined``: a size-named variable whose
    value is ``undefined`` when the tested value is missing."""
    for word in (b'undefined', b'null'):
        for node in scope.file.named(frozenset((word,)), scope.ranges, types=frozenset((word.decode(),))):
            ternary = s.parent_of(node)
            if ternary is None or ternary.type != 'ternary_expression' \
                    or ternary.child_by_field_name('alternative') is None \
                    or ternary.child_by_field_name('alternative').start_byte != node.start_byte:
                continue
            decl = s.parent_of(ternary)
            if decl is None or decl.type != 'variable_declarator':
                continue
            name = decl.child_by_field_name('name')
            if name is not None and name.type == 'identifier' and _SIZE_NAME.match(s.text(name)):
                yield decl


def _handed_to_read(fn: Node, name: str) -> Node | None:
    """The use of ``name`` in a library's many-read: as its ``take``/``limit`` option, or an argument
    of a helper spread into the read's options (``findMany({ ...getPaginationParams(pageSize) })``)."""
    for ident in s.identifiers(fn):
        if s.text(ident) != name:
            continue
        parent = s.parent_of(ident)
        if parent is not None and parent.type == 'pair' and s.text(parent.child_by_field_name('key')) in _KEYS:
            obj = s.parent_of(parent)
        elif parent is not None and parent.type == 'arguments':
            call = s.parent_of(parent)
            spread = s.parent_of(call) if call is not None else None
            obj = s.parent_of(spread) if spread is not None and spread.type == 'spread_element' else None
        else:
            continue
        args = s.parent_of(obj) if obj is not None and obj.type == 'object' else None
        read = s.parent_of(args) if args is not None and args.type == 'arguments' else None
        if read is not None and s.receiver(read) is not None and s.callee_name(read) in stores.MANY_READS:
            return ident
    return None
