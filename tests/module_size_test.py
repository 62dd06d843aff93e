"""Issue 16's size goals, held: no module in ``vcx_hook/`` over 500 lines, and a check family over
~400 lines is a package (``checks/<family>/``) with one module per rule."""
from __future__ import annotations

import os

from tests.helpers import ROOT

PACKAGE = os.path.join(ROOT, 'vcx_hook')


def _lines(path: str) -> int:
    with open(path, encoding='utf-8') as f:
        return sum(1 for _ in f)


def test_no_module_is_over_500_lines():
    sizes = {
        os.path.relpath(os.path.join(d, n), ROOT).replace(os.sep, '/'): _lines(os.path.join(d, n))
        for d, _, names in os.walk(PACKAGE) for n in names if n.endswith('.py')
    }
    assert sorted(f'{path}: {n} lines' for path, n in sizes.items() if n > 500) == []


def test_a_family_over_400_lines_is_a_package():
    checks = os.path.join(PACKAGE, 'checks')
    modules = [n for n in os.listdir(checks) if n.endswith('.py') and n not in ('__init__.py', 'common.py')]
    assert sorted(f'checks/{n}: {_lines(os.path.join(checks, n))} lines' for n in modules
                  if _lines(os.path.join(checks, n)) > 400) == []
