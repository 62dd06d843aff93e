"""bench/judged/sample.py: the stratified sample a reviewer judges, and its worksheet read back as judged rows."""
from __future__ import annotations

import importlib.util
import json
import os

from tests.helpers import ROOT


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f'judged_{name}', os.path.join(str(ROOT), 'bench', 'judged', f'{name}.py'))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sample = _load('sample')
score = _load('score')


def _run(tmp_path, findings):
    path = tmp_path / 'run.json'
    path.write_text(json.dumps({'files': 3, 'findings': [
        {'path': p, 'line': n, 'check': c, 'confidence': conf, 'message': m} for p, n, c, conf, m in findings]}))
    return str(path)


def test_small_families_are_taken_whole_and_large_ones_drawn_with_the_seed(tmp_path):
    run = _run(tmp_path, [('a.ts', n, 'timezone', 'high', f'q{n}') for n in range(1, 11)]
               + [('b.ts', 4, 'n-plus-one', 'medium', 'loop'), ('b.ts', 2, 'n-plus-one', 'medium', 'loop2')])
    findings = sample.read_run(run)
    first = sample.draw(findings, 3, 17)
    assert first == sample.draw(findings, 3, 17)
    assert [(f.path, f.line, f.check) for f in first if f.check == 'n-plus-one'] == [('b.ts', 2, 'n-plus-one'), ('b.ts', 4, 'n-plus-one')]
    drawn = [f for f in first if f.check == 'timezone']
    assert len(drawn) == 3 and drawn == sorted(drawn, key=lambda f: f.line)
    assert {f.line for f in drawn} < set(range(1, 11))
    assert sample.draw(findings, 3, 18) != first or sample.draw(findings, 3, 19) != first


def test_a_filled_in_worksheet_is_a_judged_file(tmp_path, capsys):
    run = _run(tmp_path, [('src/a.ts', 7, 'race-condition', 'medium', 'Two requests can both read')])
    assert sample.main([run, '--repository', 'o/r', '--commit', 'c0']) == 0
    text = capsys.readouterr().out
    assert text == ('repository,commit,path,line,check,verdict,reason,pattern,confidence,message\n'
                    'o/r,c0,src/a.ts,7,race-condition,,,,medium,Two requests can both read\n')
    sheet = tmp_path / 'r.csv'
    sheet.write_text(text.replace(',,,,medium', ',worth,"read, then write",worth:rmw,medium'))
    assert score.read_judged([str(sheet)]) == [
        score.Judged('o/r', 'c0', 'src/a.ts', 7, 'race-condition', 'worth', 'read, then write', 'worth:rmw', 'medium',
                     'Two requests can both read')]


def test_tiered_takes_every_listed_finding_and_draws_the_low_ones_per_family(tmp_path):
    run = _run(tmp_path, [('a.ts', n, 'timezone', 'medium', f'q{n}') for n in range(1, 6)]
               + [('b.ts', n, 'timezone', 'low', f'l{n}') for n in range(1, 6)]
               + [('c.ts', n, 'n-plus-one', 'low', f'n{n}') for n in range(1, 3)])
    chosen = sample.tiered(sample.read_run(run), 1, 17)
    assert [(f.path, f.line) for f in chosen if f.confidence == 'medium'] == [('a.ts', n) for n in range(1, 6)]
    low = [f for f in chosen if f.confidence == 'low']
    assert sorted(f.check for f in low) == ['n-plus-one', 'timezone'] and len(chosen) == 7
    assert low == [f for f in sample.tiered(sample.read_run(run), 1, 17) if f.confidence == 'low']
