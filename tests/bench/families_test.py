"""bench/families.py times each family's gate and run, and parsing, over one `--all` audit."""
from __future__ import annotations

import importlib.util

from tests.helpers import ROOT
from tests.helpers import project


def _families():
    spec = importlib.util.spec_from_file_location('families', ROOT / 'bench' / 'families.py')
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_it_times_the_families_that_ran_and_the_parse(tmp_path, monkeypatch, capsys):
    project(tmp_path, monkeypatch, {'jobs.js': 'export function nightly() {\n  const d = new Date();\n  d.setHours(0, 0, 0, 0);\n  return d;\n}\n'})
    assert _families().main(['--top', '40']) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith('total cpu ')
    keys = {line.split('  ')[0].strip() for line in out[1:]}
    assert {'parse', 'timezone gate', 'timezone run'} <= keys
