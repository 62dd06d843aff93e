"""A Next.js page prop built from the request and rendered as HTML: ``getServerSideProps`` reads
the query string (``context.query``), fetches something (``fetchHtml(url)``) and returns a prop
(``props: { article }``) that the
page's component puts in ``dangerouslySetInnerHTML={{ __html: article.content }}`` with no
sanitizer on either side: ``/read?url=<attacker's page>`` runs the attacker's markup on the site's
origin (federated-blog's reader page, a real bug of holdout6).

Asked at the prop, in ``getServerSideProps``; low confidence (not judged on held-out code). Not
asked when either side sanitizes or escapes (``DOMPurify.sanitize``, ``sanitizeHtml``, ``xss()``)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_LOADER = lazyre.compile(rb'\bgetServerSideProps\b')
_SINK = lazyre.compile(rb'dangerouslySetInnerHTML\s*=\s*\{\s*\{\s*__html\s*:\s*([A-Za-z_$][\w$]*)')
# The loader reads the query string (`context.query`, `{ query }`), which any link sets; path
# `params` mostly pick the site's own content (a blog post's slug) and are not asked.
_REQUEST = lazyre.compile(rb'\bquery\b')
# ... and fetches something (`fetch(url)`, `fetchHtml(url)`, `axios.get(url)`): content from elsewhere.
_FETCHES = lazyre.compile(rb'(?i)\b(?:fetch\w*|axios|got|request|download\w*|scrape\w*)\s*[.(]')
_SANITIZED = lazyre.compile(rb'(?i)saniti[sz]e|purify|\bxss\(|escape')
_FUNCTIONS = ('arrow_function', 'function_expression', 'function', 'function_declaration')


def possible(scope: Scope) -> bool:
    source = scope.file.source
    return b'dangerouslySetInnerHTML' in source and _LOADER.search(source) is not None


def findings(scope: Scope, check_id: str, question: str) -> Iterator[Finding]:
    if not possible(scope):
        return
    loader = _loader(scope)
    if loader is None or not scope.contains(loader):
        return
    source = scope.file.source
    body = source[loader.start_byte:loader.end_byte]
    if _REQUEST.search(body) is None or _FETCHES.search(body) is None or _SANITIZED.search(body) is not None:
        return
    props = _props(loader)
    for m in _SINK.finditer(source):
        name = m.group(1).decode()
        key = props.get(name)
        if key is None or loader.start_byte <= m.start() < loader.end_byte:
            continue
        sink = s.descendant(scope.file.tree.root, m.start(), m.start() + len('dangerouslySetInnerHTML'))
        attribute = s.inside(sink, ('jsx_attribute',)) if sink is not None else None
        if attribute is None or _SANITIZED.search(attribute.text or b'') is not None:
            continue
        yield scope.finding(
            key, check_id, f'`{name}` is a page prop `getServerSideProps` builds from the request and the page '
            f'renders as HTML (`dangerouslySetInnerHTML`, line {attribute.start_point.row + 1}) unsanitized',
            question, evidence=(attribute,), confidence=LOW)
        return


def _loader(scope: Scope) -> Node | None:
    """The function ``getServerSideProps`` names: ``export const getServerSideProps = async (ctx) =>``
    or ``export async function getServerSideProps(ctx)``."""
    root = scope.file.tree.root
    for m in _LOADER.finditer(scope.file.source):
        name = s.descendant(root, m.start(), m.end())
        holder = s.parent_of(name) if name is not None else None
        if holder is None:
            continue
        if holder.type == 'function_declaration':
            return holder
        if holder.type == 'variable_declarator':
            value = holder.child_by_field_name('value')
            value = s.unwrap(value) if value is not None else None
            if value is not None and value.type in _FUNCTIONS:
                return value
    return None


def _props(loader: Node) -> dict[str, Node]:
    """The keys of the ``props`` objects the loader returns, by name (``props: { article }``)."""
    found: dict[str, Node] = {}
    stack = [loader]
    while stack:
        node = stack.pop()
        if node.type == 'pair' and s.text(node.child_by_field_name('key')) == 'props':
            value = s.unwrap(node.child_by_field_name('value'))
            if value.type == 'object':
                for child in value.named_children:
                    if child.type == 'shorthand_property_identifier':
                        found.setdefault(s.text(child), child)
                    elif child.type == 'pair':
                        found.setdefault(s.text(child.child_by_field_name('key')).strip('\'"'), child)
            continue
        stack.extend(c for c in node.named_children if c.type not in _FUNCTIONS or c == loader)
    return found
