"""The checks' ``relevant`` gates only save time: with or without them, the same findings.

Every fixture (demo included) is audited whole, as ``--all`` does, and with every row changed, so
the scopes are its functions and top-level statements, as in the hook.  ``bench/gates.py`` runs
the same comparison over real repositories.
"""
from __future__ import annotations

import pytest

from vcx_hook.checks import CHECKS
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Change
from vcx_hook.engine.target import Target
from vcx_hook.lang import scope as scope_mod
from vcx_hook.lang import syntax

from tests import helpers


ROOT = helpers.FIXTURES
FIXTURES = sorted(p for p in ROOT.rglob('*') if p.is_file() and syntax.grammar_for(p.name))


def findings(target: Target, gates: bool) -> list[tuple[object, ...]]:
    result = audit.audit(target, default_config(), gates=gates)
    return [(f.line, f.check_id, f.message) for f in result.findings]


@pytest.mark.parametrize('mode', ['file', 'functions'])
@pytest.mark.parametrize('path', FIXTURES, ids=lambda p: str(p.relative_to(ROOT)))
def test_gates_lose_nothing(path, mode):
    data = path.read_bytes()
    change = None if mode == 'file' else Change(((0, data.count(b'\n') + 1),))
    target = Target(str(path.relative_to(ROOT)), data, change)
    assert findings(target, gates=True) == findings(target, gates=False)


def test_fixtures_exercise_every_gate():
    """Each family's gate opens on its own fixtures (else the comparison above proves nothing)."""
    cfg = default_config()
    queries = audit.family_queries(audit.enabled_checks(cfg))
    opened = set()
    for path in FIXTURES:
        tree = syntax.parse(path.read_bytes(), syntax.grammar_for(path.name))
        file = scope_mod.File(str(path.relative_to(ROOT)), tree, queries)
        for check in CHECKS:
            if check.relevant(scope_mod.whole_file_scopes(file)[0], cfg):
                opened.add(check.ID)
    assert opened == {c.ID for c in CHECKS}


@pytest.mark.parametrize('check', CHECKS, ids=lambda c: c.ID)
def test_gate_closes_on_unrelated_code(check):
    """A gate that never closes saves nothing: plain arithmetic opens none of them."""
    src = b'function add(a, b) {\n  const total = a + b;\n  return total * 2;\n}\n'
    file = scope_mod.File('lib/math.js', syntax.parse(src, 'javascript'), {})
    assert not check.relevant(scope_mod.whole_file_scopes(file)[0], default_config())
