"""Functions a module exports that nothing else in the project names: dead code.

A question about a function nobody calls is not one a reviewer asks (``getUsersByMonthAndYear``
exported from ``actions/get-users.ts``, whose module the admin page imports for ``getUsers`` only;
a chart helper kept after its chart was removed). Two facts tell it, one per side of the engine:

- ``lone_export`` (per file, in the audit): the top-level ``export function f`` / ``export const f =
  () => ...`` around a question, when the file spells ``f`` only there (no call, no reference in the
  module itself);
- ``named_elsewhere`` (per project, in the main process): which of those names another file of the
  project spells at all, in code, templates or configuration (a serverless.yml's ``handler.hello``).

A name a framework or a platform calls by convention (a route module's ``GET``, a loader, a Lambda's
``handler``) is never taken for dead: nothing imports those by name."""
from __future__ import annotations

import itertools
from collections.abc import Iterable
from collections.abc import Mapping

from vcx_hook.ecosystem import importers
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.source import word_spans
from vcx_hook.lang.syntax import Node

# Exports a framework or a platform calls by their name, from the file's place or its configuration.
CONVENTIONAL = frozenset((
    'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS',  # Next.js, SvelteKit, Astro route modules
    'loader', 'action', 'clientLoader', 'clientAction', 'meta', 'links', 'headers', 'handle',  # Remix, React Router
    'load', 'actions', 'prerender', 'entries',  # SvelteKit
    'getServerSideProps', 'getStaticProps', 'getStaticPaths', 'getInitialProps', 'generateMetadata',
    'generateStaticParams', 'generateViewport', 'generateImageMetadata', 'generateSitemaps',
    'middleware', 'proxy', 'config', 'runtime', 'revalidate', 'dynamic', 'metadata', 'register', 'onRequestError',  # Next.js
    'handler', 'main', 'default', 'fetch', 'scheduled', 'queue', 'onRequest',  # serverless and workers
))
_FUNCTIONS = frozenset(('arrow_function', 'function_expression', 'function', 'generator_function'))
_DECLARATIONS = frozenset(('function_declaration', 'generator_function_declaration'))
# Where a name may be spelled by another part of the project: its code, templates and configuration.
SUFFIXES = ('.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx', '.vue', '.svelte', '.astro',
            '.html', '.hbs', '.ejs', '.pug', '.json', '.yml', '.yaml', '.toml')


def lone_export(file: File, node: Node) -> str | None:
    """The name of the exported top-level function around ``node`` when the file spells it nowhere
    else: ``export async function f()``, ``export const f = async () => {...}``; not a default export,
    a class's method or a value (``export const job = schedule(...)``: the platform may run it)."""
    top = importers.top_statement(node)
    if top is None or top.type != 'export_statement' or any(c.type == 'default' for c in top.children):
        return None
    inner = top.child_by_field_name('declaration')
    name = None
    if inner is not None and inner.type in _DECLARATIONS:
        name = inner.child_by_field_name('name')
    elif inner is not None and inner.type == 'lexical_declaration':
        declarators = [c for c in inner.named_children if c.type == 'variable_declarator']
        value = declarators[0].child_by_field_name('value') if len(declarators) == 1 else None
        if value is not None and value.type in _FUNCTIONS:
            name = declarators[0].child_by_field_name('name')
    if name is None or name.type != 'identifier':
        return None
    text = s.text(name)
    return text if text not in CONVENTIONAL and _spelled_once(file.source, text.encode()) else None


def _spelled_once(source: bytes, word: bytes) -> bool:
    return sum(1 for _ in itertools.islice(word_spans(source, (word,), ((0, len(source)),)), 2)) == 1


def named_elsewhere(wanted: Mapping[str, frozenset[str]], files: Iterable[tuple[str, bytes]]) -> set[tuple[str, str]]:
    """``(path, name)`` of the ``wanted`` names (path -> names it exports) that some other file of
    ``files`` (path, bytes) spells as a whole word."""
    names = {name.encode(): name for found in wanted.values() for name in found}
    seen: set[tuple[str, str]] = set()
    for path, data in files:
        for word, name in names.items():
            if word in data and _spelled(data, word):
                seen.update((p, name) for p, found in wanted.items() if name in found and p != path)
    return seen


def _spelled(data: bytes, word: bytes) -> bool:
    return next(word_spans(data, (word,), ((0, len(data)),)), None) is not None
