"""A value spliced into the path of a server-side request to a fixed host, not encoded:
``axios.get('https://raw.githubusercontent.com/org/repo/main/services/' + req.params.name + '/app.yaml')``.
The host is the code's, but ``..%2F`` (a route parameter arrives decoded) or ``?``/``#`` in the
value sends the request, with the server's own credentials and network, to another path of that
host (kubero's service templates, a real bug of holdout9). ``encodeURIComponent`` or a format
check answers it. Low confidence: most such values are ids the upstream rejects."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.flow import Flow
from vcx_hook.lang.syntax import Node

# Text that fixes the host and starts its path, and nothing of a query or fragment yet.
_ORIGIN_AND_PATH = lazyre.compile(r'[a-z][a-z+.-]*://[^/?#]+/[^?#]*$')
_DEPTH = 4


def spliced(fl: Flow, url: Node) -> list[Node]:
    """The computed pieces of ``url`` that fall in the path after a fixed origin, in order."""
    return [piece for piece, prefix in _pieces(fl, url, '', 0) if _ORIGIN_AND_PATH.match(prefix)]


def _pieces(fl: Flow, node: Node, prefix: str, depth: int) -> Iterator[tuple[Node, str]]:
    """Each computed piece of a URL built from strings, with the literal text before it."""
    for piece, text in _parts(fl, node, depth):
        if text is None:
            yield piece, prefix
            prefix += '${}'
        else:
            prefix += text


def _parts(fl: Flow, node: Node, depth: int) -> list[tuple[Node, str | None]]:
    """The URL as a list of (node, its literal text or None when it is computed)."""
    node = s.unwrap(node)
    text = s.string_value(node)
    if text is not None:
        return [(node, text)]
    if depth > _DEPTH:
        return [(node, None)]
    if node.type == 'template_string':
        parts: list[tuple[Node, str | None]] = []
        pos = node.start_byte + 1
        for c in node.named_children:
            if c.type == 'template_substitution':
                parts.append((c, node.text[pos - node.start_byte:c.start_byte - node.start_byte].decode('utf-8', 'replace')))
                inner = c.named_children[0] if c.named_children else None
                parts.extend(_parts(fl, inner, depth + 1) if inner is not None else [])
                pos = c.end_byte
        parts.append((node, node.text[pos - node.start_byte:-1].decode('utf-8', 'replace')))
        return parts
    if node.type == 'binary_expression' and s.text(node.child_by_field_name('operator')) == '+':
        left, right = node.child_by_field_name('left'), node.child_by_field_name('right')
        if left is None or right is None:
            return [(node, None)]
        return _parts(fl, left, depth + 1) + _parts(fl, right, depth + 1)
    if node.type == 'identifier':
        # `const url = `https://x/${name}`` then `axios.get(url)`: the one value it is given
        bindings = fl.bindings_of(node)
        if len(bindings) == 1 and bindings[0].kind != 'parameter' and bindings[0].value is not None \
                and not bindings[0].path:
            return _parts(fl, bindings[0].value, depth + 1)
    if node.type == 'new_expression' and s.text(node.child_by_field_name('constructor')) == 'URL':
        args = s.arguments(node)
        if len(args) == 1:
            return _parts(fl, args[0], depth + 1)
    return [(node, None)]
