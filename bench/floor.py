"""The floor: only the work a hook cannot avoid, to measure ``vcx audit`` against.

``python bench/floor.py`` (in a repository): start Python, import pygit2 and tree-sitter with its
grammars, read the staged diff (index against HEAD, listed by ``git diff-index``, which costs the
change where libgit2's index-to-tree diff reads the whole index; a zero-context patch per file)
and the staged blobs, parse each file once and run one compiled query over the changed rows.

``python bench/floor.py --all``: the parse-only pass, single-threaded: every tracked JS/TS file
``vcx audit --all`` would audit (same size guards), read from disk and parsed once.
"""
from __future__ import annotations

import os
import subprocess
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


def staged_patches(repo: pygit2.Repository) -> list[tuple[str, str, pygit2.Patch]]:
    """(path, new blob id, zero-context patch) of each staged JS/TS change that is not a deletion."""
    out = subprocess.run(('git', 'diff-index', '--cached', '--raw', '-z', '-M', '--no-abbrev', 'HEAD', '--'),
                         stdout=subprocess.PIPE, check=True).stdout
    fields = out.split(b'\0')
    patches = []
    i = 0
    while i + 1 < len(fields) and fields[i].startswith(b':'):
        _, _, old_id, new_id, status = fields[i][1:].decode().split(' ')
        paths = 2 if status[0] in 'RC' else 1
        path = fields[i + paths].decode()
        i += 1 + paths
        if status[0] in 'DU' or grammar_for(path) is None:
            continue
        old = repo[old_id].data if status[0] not in 'AC' else None  # bytes: blobs make libgit2 read the index
        patches.append((path, new_id, pygit2.Patch.create_from(old, repo[new_id].data, context_lines=0)))
    return patches


def hook() -> int:
    repo = pygit2.Repository(pygit2.discover_repository(os.getcwd()))
    queries: dict[str, tree_sitter.Query] = {}
    found = 0
    for path, new_id, patch in staged_patches(repo):
        grammar = grammar_for(path)
        assert grammar is not None
        data = repo[new_id].data
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
