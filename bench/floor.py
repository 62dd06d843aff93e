"""The floor: only the work a hook cannot avoid, to measure ``vcx audit`` against.

``python bench/floor.py`` (in a repository): start Python, import pygit2 and tree-sitter with its
grammars, read the staged diff (index against HEAD) and the staged blobs, parse each file once and
run one compiled query over the changed rows.

``python bench/floor.py --all``: the parse-only pass, single-threaded: every tracked JS/TS file
``vcx audit --all`` would audit (same size guards), read from disk and parsed once.
"""
from __future__ import annotations

import os
import sys

import pygit2
import tree_sitter
import tree_sitter_javascript
import tree_sitter_typescript

GRAMMARS = {
    '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascript',
    '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript', '.tsx': 'tsx',
}
MINIFIED = ('.min.js', '.min.mjs', '.min.cjs', '-min.js', '.bundle.js', '.chunk.js')
# One check's worth of query: local-time Date calls.
QUERY = '''
(call_expression
  function: (member_expression property: (property_identifier) @method)
  (#match? @method "^((get|set)(Date|Day|Month|FullYear|Year|Hours)|toLocale(Date|Time)?String)$")) @call
'''
_parsers: dict[str, tree_sitter.Parser] = {}


def language(grammar: str) -> tree_sitter.Language:
    if grammar == 'javascript':
        return tree_sitter.Language(tree_sitter_javascript.language())
    if grammar == 'typescript':
        return tree_sitter.Language(tree_sitter_typescript.language_typescript())
    return tree_sitter.Language(tree_sitter_typescript.language_tsx())


def parser(grammar: str) -> tree_sitter.Parser:
    if grammar not in _parsers:
        _parsers[grammar] = tree_sitter.Parser(language(grammar))
    return _parsers[grammar]


def grammar_for(path: str) -> str | None:
    return GRAMMARS.get(os.path.splitext(path)[1].lower())


def hook() -> int:
    repo = pygit2.Repository(pygit2.discover_repository(os.getcwd()))
    diff = repo.index.diff_to_tree(repo.head.peel(pygit2.Tree), context_lines=0)
    queries: dict[str, tree_sitter.Query] = {}
    found = 0
    for patch in diff:
        path = patch.delta.new_file.path
        grammar = grammar_for(path)
        if grammar is None:
            continue
        data = repo[patch.delta.new_file.id].data
        root = parser(grammar).parse(data).root_node
        if grammar not in queries:
            queries[grammar] = tree_sitter.Query(language(grammar), QUERY)
        cursor = tree_sitter.QueryCursor(queries[grammar])
        for hunk in patch.hunks:
            cursor.set_point_range((hunk.new_start - 1, 0), (hunk.new_start - 1 + hunk.new_lines, 0))
            found += len(cursor.captures(root).get('call', []))
    print(f'{found} candidates')
    return 0


def parse_all() -> int:
    repo = pygit2.Repository(pygit2.discover_repository(os.getcwd()))
    files = nodes = 0
    for entry in repo.index:
        grammar = grammar_for(entry.path)
        if grammar is None or entry.path.endswith(MINIFIED):
            continue
        with open(os.path.join(repo.workdir, entry.path), 'rb') as f:
            data = f.read()
        if b'\0' in data[:8192] or len(data) > 1_000_000 or max(map(len, data.split(b'\n'))) > 10_000:
            continue
        nodes += parser(grammar).parse(data).root_node.descendant_count
        files += 1
    print(f'{files} files, {nodes} nodes')
    return 0


if __name__ == '__main__':
    code = parse_all() if sys.argv[1:] == ['--all'] else hook()
    sys.stdout.flush()
    os._exit(code)  # as `vcx` does: interpreter teardown is avoidable work, not part of the floor
