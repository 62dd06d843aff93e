"""What a value is, as the sinks ask it: string text with its computed parts, HTML, an object
literal, a constant; and the ``Sink`` record every sink rule makes."""
from __future__ import annotations

from typing import NamedTuple

from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.flow import Binding
from vcx_hook.lang.flow import Flow
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

_HTML = lazyre.compile(r'<[a-zA-Z!/]')


class Sink(NamedTuple):
    node: Node  # where the finding is reported
    exprs: list[tuple[Node, tuple[str, ...]]]  # values that must not be unvalidated request data
    message: str  # with {src} for the source's name
    victim: bool = False  # the attacker needs a victim's browser to send the value (XSS, redirects)
    # Text for an interpreter (SQL, a shell, an LDAP filter) with a value interpolated: a parameter
    # of the function, which its caller passes, is asked too, with this message (``callers``).
    caller_message: str = ''
    # The caller's value is asked only where a call in the file passes request data for it; the
    # message then says where with ``{caller}`` (``callers.call_sites``).
    caller_hop: bool = False
    # A record's id its caller passes (`balId`, `titreEtape.id`) is not asked where no call in the
    # file passes request data for it: the key of a record the caller loaded or a route checked.
    ids_loaded: bool = False
    confidence: str = ''  # LOW for a shape that is asked at low confidence; '' for the family's
    # Only sources read from these request fields (`params`, `query`: what a link sets); any when empty.
    fields: frozenset[str] = frozenset()
    # A value whose name has none of these words is asked at low confidence (outbound's positional
    # recipient of the project's own send); any when empty.
    named: frozenset[str] = frozenset()
    # A file path: only a value that may hold `../` climbs out of the folder (not multer's basename).
    file_path: bool = False


class FlowOnDemand:
    """The flow around a node, built only if a name must be looked up: `res.send({ ok: true })`
    needs none, and most responses send objects."""

    def __init__(self, file: File, node: Node) -> None:
        self._file = file
        self._node = node
        self._flow: Flow | None = None

    def bindings_of(self, ident: Node) -> list[Binding]:
        if self._flow is None:
            self._flow = flow.of(self._file, self._node)
        return self._flow.bindings_of(ident)


def literal_text(fl: Flow | FlowOnDemand, node: Node, depth: int = 0) -> str | None:
    """String text with ``${}`` for every computed part; None when it is not built from strings."""
    node = s.unwrap(node)
    if depth > 4:
        return None
    if node.type in ('string', 'template_string'):
        return s.string_like_text(node)
    if node.type == 'binary_expression' and s.text(node.child_by_field_name('operator')) == '+':
        # `'a' + x + 'b' + y + ...` nests to the left: its operands are one level, however many.
        operands = [node.child_by_field_name('right')]
        left = s.unwrap(node.child_by_field_name('left'))
        while left.type == 'binary_expression' and s.text(left.child_by_field_name('operator')) == '+':
            operands.append(left.child_by_field_name('right'))
            left = s.unwrap(left.child_by_field_name('left'))
        operands.append(left)
        parts = [literal_text(fl, o, depth + 1) for o in reversed(operands)]
        if all(p is None for p in parts):
            return None
        return ''.join(p if p is not None else '${}' for p in parts)
    if node.type == 'augmented_assignment_expression' and s.text(node.child_by_field_name('operator')) == '+=':
        right = literal_text(fl, node.child_by_field_name('right'), depth + 1)  # `sql += ...`
        return '${}' + (right if right is not None else '${}')
    if node.type == 'identifier':
        values = [b.value for b in fl.bindings_of(node) if b.value is not None and not b.path]
        texts = [t for t in (literal_text(fl, v, depth + 1) for v in values) if t is not None]
        if texts:
            return ''.join(texts) + ('${}' if any(b.kind == 'update' for b in fl.bindings_of(node)) else '')
    return None


def is_html(fl: Flow | FlowOnDemand, node: Node) -> bool:
    text = literal_text(fl, node)
    return text is not None and '${}' in text and bool(_HTML.search(text))


def object_literal(fl: Flow, node: Node) -> Node | None:
    node = s.unwrap(node)
    if node.type == 'object':
        return node
    if node.type == 'identifier':
        for b in fl.bindings_of(node):
            if b.value is not None and not b.path and s.unwrap(b.value).type == 'object':
                return s.unwrap(b.value)
    return None


def constant(node: Node) -> bool:
    """Literals and callbacks carry no request data (``items.find(x => ...)``, ``redirect('/')``)."""
    node = s.unwrap(node)
    return node.type in ('number', 'true', 'false', 'null', 'arrow_function', 'function_expression', 'function') \
        or s.string_value(node) is not None


def short(text: str) -> str:
    return text if len(text) <= 40 else '…' + text[-39:]
