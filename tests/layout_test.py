"""The folder listing is the architecture: each layer imports only the layers below it, and the
two native libraries are each wrapped by one module."""
from __future__ import annotations

import ast
import fnmatch
import os
import sys

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, 'vcx_hook')


def _modules() -> dict[str, str]:
    """Module name -> path of every module in vcx_hook."""
    found = {}
    for dirpath, _, names in os.walk(PACKAGE):
        for name in names:
            if name.endswith('.py'):
                rel = os.path.relpath(os.path.join(dirpath, name), ROOT)[:-3].replace(os.sep, '.')
                found[rel.removesuffix('.__init__')] = os.path.join(dirpath, name)
    return found


def _imports(path: str) -> set[str]:
    """Every module the file imports, at the top or inside a function (``from a import b`` gives ``a.b``)."""
    with open(path, encoding='utf-8') as f:
        tree = ast.parse(f.read(), path)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f'{node.module}.{a.name}' for a in node.names}
    return names


MODULES = _modules()
# Records every layer passes on (what changed in a file); they import nothing at run time.
RECORDS = ('vcx_hook.engine.target',)
IMPORTS = {m: _imports(p) for m, p in MODULES.items()}


def _importers(prefix: str) -> list[str]:
    return sorted(m for m, names in IMPORTS.items() if any(n == prefix or n.startswith(f'{prefix}.') for n in names))


def test_only_engine_git_imports_pygit2():
    assert _importers('pygit2') == ['vcx_hook.engine.git']


def test_only_lang_syntax_imports_tree_sitter():
    assert _importers('tree_sitter') == ['vcx_hook.lang.syntax']
    assert _importers('tree_sitter_javascript') == ['vcx_hook.lang.syntax']
    assert _importers('tree_sitter_typescript') == ['vcx_hook.lang.syntax']


@pytest.mark.parametrize(('layer', 'above'), (
    pytest.param('vcx_hook.lang', ('vcx_hook.engine', 'vcx_hook.commands', 'vcx_hook.ecosystem', 'vcx_hook.checks', 'vcx_hook.main', 'vcx_hook.report'), id='lang'),
    pytest.param('vcx_hook.ecosystem', ('vcx_hook.engine', 'vcx_hook.commands', 'vcx_hook.checks', 'vcx_hook.main', 'vcx_hook.report'), id='ecosystem'),
    pytest.param('vcx_hook.checks', ('vcx_hook.engine', 'vcx_hook.commands', 'vcx_hook.main', 'vcx_hook.report'), id='checks'),
    pytest.param('vcx_hook.engine', ('vcx_hook.commands', 'vcx_hook.main'), id='engine'),
    pytest.param('vcx_hook.commands', ('vcx_hook.main',), id='commands'),
))
def test_a_layer_does_not_import_the_layers_above_it(layer, above):
    wrong = sorted(
        f'{m} imports {n}' for m, names in IMPORTS.items() if m == layer or m.startswith(f'{layer}.')
        for n in names if any(n == a or n.startswith(f'{a}.') for a in above)
        and not any(n == r or n.startswith(f'{r}.') for r in RECORDS)
    )
    assert wrong == []


def test_every_query_file_is_package_data():
    with open(os.path.join(ROOT, 'pyproject.toml'), 'rb') as f:
        patterns = tomllib.load(f)['tool']['setuptools']['package-data']['vcx_hook']
    queries = [
        os.path.relpath(os.path.join(d, n), PACKAGE).replace(os.sep, '/')
        for d, _, names in os.walk(PACKAGE) for n in names if n.endswith('.scm')
    ]
    assert queries
    assert [q for q in queries if not any(fnmatch.fnmatch(q, p) and q.count('/') == p.count('/') for p in patterns)] == []


# In tests/<package>/, a test file names a module of vcx_hook/<package>/, except these tests of
# behaviour across modules.  Tests at the top level hold the top-level modules and whole features.
ACROSS = frozenset(('checks/fixtures_test.py', 'checks/registry_test.py', 'engine/gates_test.py', 'engine/git_layouts_test.py'))


def test_tests_in_a_package_folder_mirror_its_modules():
    tests = os.path.join(ROOT, 'tests')
    unmatched = []
    for package in ('checks', 'commands', 'engine', 'lang'):
        for name in sorted(os.listdir(os.path.join(tests, package))):
            rel = f'{package}/{name}'
            module = os.path.join(PACKAGE, package, name.removesuffix('_test.py'))
            if name.endswith('_test.py') and rel not in ACROSS and not os.path.isfile(module + '.py') \
                    and not os.path.isfile(os.path.join(module, '__init__.py')):  # a family package's test
                unmatched.append(rel)
    assert unmatched == []
