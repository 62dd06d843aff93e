"""What an expression says: calls (callee, receiver, arguments, method chains), the wrappers
around a value (parentheses, ``await``, TypeScript ``as``), string and object literals, dotted
paths and the words of a name.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from vcx_hook.lang import lazyre
from vcx_hook.lang.syntax import Node
from vcx_hook.lang.tree import parent_of
from vcx_hook.lang.tree import text

_WORD = lazyre.compile(r'[A-Z]?[a-z0-9$]+|[A-Z]+(?![a-z])')


def unwrap(node: Node) -> Node:
    """Skip parentheses, ``await``, TS ``as``/``!``/``satisfies`` wrappers."""
    while node.type in ('parenthesized_expression', 'await_expression', 'as_expression',
                        'non_null_expression', 'satisfies_expression', 'type_assertion'):
        inner = [c for c in node.named_children if c.type not in ('type_annotation',)]
        if not inner:
            break
        node = inner[0] if node.type != 'type_assertion' else inner[-1]
    return node


def outer_expression(node: Node) -> Node:
    """Climb through parentheses, ``await`` and TS wrappers to the expression a value flows into."""
    above = parent_of(node)
    while above is not None and above.type in (
            'parenthesized_expression', 'await_expression', 'as_expression',
            'non_null_expression', 'satisfies_expression',
    ):
        node, above = above, parent_of(above)
    return node


def through_branches(node: Node) -> Node:
    """``outer_expression``, and on through a conditional whose branch the value is (``ok ?
    load(id) : null``, also ``load(id) ?? null``, ``ok && load(id)``): the expression the chosen
    branch's value flows into, as it is when that branch is taken."""
    node = outer_expression(node)
    above = parent_of(node)
    if above is not None and (
            above.type == 'ternary_expression' and above.child_by_field_name('condition') != node
            or above.type == 'binary_expression' and (
                text(above.child_by_field_name('operator')) in ('??', '||')
                or text(above.child_by_field_name('operator')) == '&&' and above.child_by_field_name('right') == node)):
        node = outer_expression(above)
    return node


def declared_into(node: Node) -> Node | None:
    """The local a value is declared in (``session`` of ``const session = await lookup()``), through
    ``await``, ``yield``, parentheses and TS wrappers; ``None`` when the value goes anywhere else."""
    parent = parent_of(outer_expression(node))
    while parent is not None and parent.type in ('yield_expression', 'await_expression', 'parenthesized_expression'):
        parent = parent_of(parent)
    if parent is None or parent.type != 'variable_declarator':
        return None
    name = parent.child_by_field_name('name')
    return name if name is not None and name.type == 'identifier' else None


def is_awaited(node: Node) -> bool:
    parent = parent_of(node)
    while parent is not None and parent.type in ('parenthesized_expression', 'as_expression',
                                                 'non_null_expression'):
        parent = parent_of(parent)
    return parent is not None and parent.type == 'await_expression'


def callee(call: Node) -> Node | None:
    return call.child_by_field_name('function') or call.child_by_field_name('constructor')


def after_dot(source: bytes, pos: int) -> bool:
    """Whether the word at ``pos`` may be a property: ``x.find``, ``x?.find``, or a comment between."""
    j = pos
    while j > 0 and source[j - 1] in _SPACE_BYTES:
        j -= 1
    if j > 0 and source[j - 1] in (0x2E, 0x2F):  # `.`, or `/` ending a comment
        return True
    # A line comment ends the line before: `x.  // why\n  find()`.
    return b'\n' in source[j:pos] and b'//' in source[source.rfind(b'\n', 0, j) + 1:j]


_SPACE_BYTES = frozenset(b' \t\r\n\v\f')


def called_by(name: Node, kind: str = 'call_expression') -> Node | None:
    """The call (or with ``kind='new_expression'``, the ``new``) whose callee is ``name`` itself
    (``foo()``) or a member ending in it (``x.foo()``), as from ``File.named``."""
    parent = parent_of(name)
    if parent is None:
        return None
    fn = name
    if name.type == 'property_identifier':
        if parent.type != 'member_expression' or parent.child_by_field_name('property') != name:
            return None
        fn, parent = parent, parent_of(parent)
    elif name.type != 'identifier':
        return None
    if parent is None or parent.type != kind:
        return None
    return parent if parent.child_by_field_name('function' if kind == 'call_expression' else 'constructor') == fn else None


def callee_name(call: Node) -> str:
    """The called name: ``findMany`` for ``prisma.user.findMany()``, ``fetch`` for ``fetch()``."""
    fn = callee(call)
    if fn is None:
        return ''
    fn = unwrap(fn)
    if fn.type == 'identifier':
        fn = _promised(fn)
    if fn.type == 'member_expression':
        return text(fn.child_by_field_name('property'))
    if fn.type == 'identifier':
        return text(fn)
    return ''


def callee_path(call: Node) -> str:
    """Dotted callee: ``prisma.user.findMany``; call segments appear as ``name()``."""
    fn = callee(call)
    if fn is not None and fn.type == 'identifier':
        fn = _promised(fn)
    return dotted(fn) if fn is not None else ''


def _promised(fn: Node) -> Node:
    """The library function a promisified alias wraps (``bcrypt.compare`` of ``bcryptCompare``), else ``fn``."""
    from vcx_hook.lang import promised  # promised reads declarations, which read this module
    return promised.wrapped(fn) or fn


def dotted(node: Node) -> str:
    node = unwrap(node)
    if node.type in ('identifier', 'this', 'property_identifier', 'super'):
        return text(node)
    if node.type == 'member_expression':
        obj = node.child_by_field_name('object')
        prop = node.child_by_field_name('property')
        left = dotted(obj) if obj is not None else ''
        return f'{left}.{text(prop)}' if left else text(prop)
    if node.type == 'call_expression':
        inner = callee_path(node)
        return f'{inner}()' if inner else ''
    if node.type == 'subscript_expression':
        obj = node.child_by_field_name('object')
        return f'{dotted(obj)}[]' if obj is not None else ''
    return ''


def receiver(call: Node) -> Node | None:
    """The object a method is called on: ``prisma.user`` for ``prisma.user.findMany()``."""
    fn = callee(call)
    if fn is None:
        return None
    fn = unwrap(fn)
    if fn.type == 'member_expression':
        return fn.child_by_field_name('object')
    return None


def receiver_name(call: Node) -> str:
    """The root name of the callee chain: ``prisma`` for ``prisma.user.findMany()``."""
    path = callee_path(call)
    if '.' not in path:
        return ''
    root = path.split('.', 1)[0]
    return root[:-2] if root.endswith('()') else root


def kept_under(node: Node) -> Node | None:
    """What the value of the expression ``node`` is kept under: the declared name (``const res =
    ...``), the assigned target (``this.url = ...``) or the property key (``{ successUrl: ... }``)."""
    parent = parent_of(outer_expression(node))
    if parent is None:
        return None
    field = {'variable_declarator': 'name', 'assignment_expression': 'left', 'pair': 'key'}.get(parent.type)
    return parent.child_by_field_name(field) if field is not None else None


def field_root(node: Node) -> Node:
    """The object a member or subscript chain starts from: ``list`` of ``list[i].name``."""
    root = unwrap(node.child_by_field_name('object') or node)
    while root.type in ('member_expression', 'subscript_expression'):
        root = unwrap(root.child_by_field_name('object') or root)
    return root


def arguments(call: Node) -> list[Node]:
    args = call.child_by_field_name('arguments')
    if args is None:
        return []
    if args.type == 'template_string':
        return [args]
    return [c for c in args.named_children if c.type != 'comment']


def object_keys(node: Node | None) -> dict[str, Node]:
    """Keys of an object literal mapped to their value nodes (shorthand maps to itself)."""
    out: dict[str, Node] = {}
    if node is None or node.type != 'object':
        return out
    for child in node.named_children:
        if child.type == 'pair':
            key = child.child_by_field_name('key')
            value = child.child_by_field_name('value')
            if key is not None and value is not None:
                out[text(key).strip('\'"`')] = value
        elif child.type == 'shorthand_property_identifier':
            out[text(child)] = child
        elif child.type == 'method_definition':
            name = child.child_by_field_name('name')
            out[text(name)] = child
    return out


def has_spread(node: Node | None) -> bool:
    return node is not None and node.type == 'object' and any(
        c.type == 'spread_element' for c in node.named_children
    )


def string_value(node: Node | None) -> str | None:
    """The literal text of a string or substitution-free template; ``None`` otherwise."""
    if node is None:
        return None
    if node.type == 'string':
        return ''.join(text(c) for c in node.named_children if c.type in ('string_fragment', 'escape_sequence'))
    if node.type == 'template_string':
        if any(c.type == 'template_substitution' for c in node.named_children):
            return None
        return text(node)[1:-1]
    return None


def number_value(node: Node | None) -> float | None:
    """The value of a numeric literal or a constant expression of them (``15 * 60 * 1000``, ``1e3 - 1``)."""
    node = unwrap(node) if node is not None else None
    if node is None:
        return None
    if node.type == 'number':
        try:
            return float(text(node).replace('_', ''))
        except ValueError:
            return None
    if node.type == 'binary_expression':
        op = text(node.child_by_field_name('operator'))
        left = number_value(node.child_by_field_name('left'))
        right = number_value(node.child_by_field_name('right'))
        if left is None or right is None:
            return None
        if op == '*':
            return left * right
        if op == '+':
            return left + right
        if op == '-':
            return left - right
        if op == '/' and right:
            return left / right
    return None


def string_like_text(node: Node | None) -> str | None:
    """String or template text, with each substitution shown as ``${}``."""
    if node is None:
        return None
    if node.type == 'string':
        return string_value(node)
    if node.type == 'template_string':
        parts = []
        pos = node.start_byte + 1
        for c in node.named_children:
            if c.type == 'template_substitution':
                parts.append(node.text[pos - node.start_byte:c.start_byte - node.start_byte])
                parts.append(b'${}')
                pos = c.end_byte
        parts.append(node.text[pos - node.start_byte:-1])
        return b''.join(parts).decode('utf-8', 'replace')
    return None


def chain_top(call: Node) -> Node:
    """The outermost call of a method chain starting at ``call`` (``a.b().c()`` for ``a.b()``)."""
    node = call
    while True:
        parent = parent_of(node)
        if parent is None or parent.type != 'member_expression' or parent.child_by_field_name('object') != node:
            return node
        grand = parent_of(parent)
        if grand is None or grand.type != 'call_expression':
            return node
        node = grand


def chain_calls(top: Node) -> list[Node]:
    """Calls of a chain from the outermost down to the innermost."""
    out = []
    node: Node | None = top
    while node is not None and node.type == 'call_expression':
        out.append(node)
        fn = unwrap(callee(node)) if callee(node) is not None else None
        node = unwrap(fn.child_by_field_name('object')) if fn is not None and fn.type == 'member_expression' else None
    return out


def name_words(name: str) -> list[str]:
    """Lower-case words of an identifier: ``updateUserBalance`` -> ``['update', 'user', 'balance']``."""
    return list(_name_words(name))


@functools.lru_cache(maxsize=4096)
def _name_words(name: str) -> tuple[str, ...]:
    # Asked of the same few names by every rule (280k times over --all, of a few thousand names).
    return tuple(w.lower() for w in _WORD.findall(name))


class NameWords:
    """Finds, in ``File.word_text``, a name holding one of ``words`` (lower case) as one of its
    ``name_words``: ``pin``, ``userPin``, ``USER_PIN``; not ``mapping`` nor ``Pinned``.  Only the
    words ``File.lower_word_text`` holds are looked for, each pattern starting with them (the
    engine scans for a literal; a pattern that starts with a lookbehind is tried at every byte, and
    a long alternation at every byte too); what must not come before a match is checked after it."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = tuple(sorted({w.encode() for w in words}))

    def found_in(self, text: bytes, lower: bytes) -> bool:
        """``text`` is a file's ``word_text``, ``lower`` its ``lower_word_text``."""
        present = tuple(w for w in self.words if w in lower)
        if not present:
            return False
        title_case, other = _name_word_patterns(present)
        if title_case.search(text) is not None:
            return True
        for m in other.finditer(text):
            before = text[m.start() - 1:m.start()]
            if not before or before not in (_UPPER if m.group()[:1].isupper() else _ALNUM):
                return True
        return False


@functools.lru_cache(maxsize=256)
def _name_word_patterns(words: tuple[bytes, ...]) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """A word capitalised, ending its run of lower-case letters; and in lower or upper case, which
    must also start its run (``NameWords.found_in`` checks the byte before)."""
    lower = b'|'.join(re.escape(w) for w in words)
    title = b'|'.join(re.escape(w.capitalize()) for w in words)
    upper = b'|'.join(re.escape(w.upper()) for w in words)
    return (re.compile(rb'(?:' + title + rb')(?![a-z0-9$])'),
            re.compile(rb'(?:' + lower + rb')(?![a-z0-9$])|(?:' + upper + rb')(?![a-z])'))


_ALNUM = frozenset(bytes([c]) for c in b'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789$')
_UPPER = frozenset(bytes([c]) for c in b'ABCDEFGHIJKLMNOPQRSTUVWXYZ')


def path_segments(node: Node | None) -> list[str]:
    """Named segments of a receiver path: ``this.prisma.user`` -> ``['prisma', 'user']``."""
    path = dotted(node) if node is not None else ''
    return [p.rstrip('()[]') for p in path.split('.') if p and p not in ('this', '()')]
