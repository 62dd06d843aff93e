"""The registry: ids and modules agree, and reading the configuration does not load the checks."""
from __future__ import annotations

import pickle
import re
import subprocess
import sys

import pytest

from vcx_hook import checks
from vcx_hook import config as config_mod
from vcx_hook.lang import lazyre


def test_ids_name_the_registered_modules_in_order():
    assert tuple(c.ID for c in checks.CHECKS) == checks.IDS
    assert list(checks.BY_ID) == list(checks.IDS)
    assert len(set(checks.IDS)) == len(checks.IDS)


def test_every_module_has_a_gate_and_a_run():
    for c in checks.CHECKS:
        assert callable(c.relevant) and callable(c.run), c.ID


def test_configuration_is_read_without_importing_a_check():
    code = (
        'import sys\n'
        'from vcx_hook import config\n'
        'cfg = config.parse("[checks.timezone]\\nseverity = \\"warn\\"\\n", ".vcx.toml")\n'
        'cfg = config.with_packages(cfg, b\'{"dependencies": {"express": "^5"}}\')\n'
        'loaded = sorted(m for m in sys.modules if m.startswith(("vcx_hook.checks.", "tree_sitter")))\n'
        'print(cfg.severity["timezone"], sorted(cfg.enabled) == sorted(config.DEFAULT_NAMES), loaded)\n'
    )
    out = subprocess.run((sys.executable, '-c', code), capture_output=True, text=True, check=True).stdout
    assert out.split() == ['warn', 'True', '[]']


def test_default_names_load_on_use_and_pickle_as_a_reference():
    cfg = config_mod.default_config()
    assert cfg.names['timezone'] == dict(checks.BY_ID['timezone'].NAMES)
    assert pickle.loads(pickle.dumps(cfg)).names is config_mod.DEFAULT_NAMES
    assert len(pickle.dumps(cfg.names)) < 100
    assert cfg == pickle.loads(pickle.dumps(cfg))


def test_extending_a_list_copies_the_defaults_once():
    cfg = config_mod.parse('[checks.timezone]\ndate_names = ["when"]\n', '.vcx.toml')
    assert 'when' in cfg.names['timezone']['date_names']
    assert 'when' not in config_mod.DEFAULT_NAMES['timezone']['date_names']
    assert cfg.names['n-plus-one'] == config_mod.DEFAULT_NAMES['n-plus-one']


def test_lazy_patterns_behave_like_compiled_ones():
    p = lazyre.compile(rb'a(b+)')
    assert p.search(b'xabbb').group(1) == b'bbb'
    assert p.pattern == rb'a(b+)'
    assert p.sub(b'-', b'abab') == b'--'
    q = lazyre.compile('x', 2)
    assert q.match('X') is not None and [m.start() for m in q.finditer('xXy')] == [0, 1]


def test_a_lazy_pattern_with_needs_searches_only_texts_that_hold_one():
    p = lazyre.compile(rb'[ab]c+', needs=(b'ac', b'bc'))
    assert p.search(b'xxbccc').group() == b'bccc'
    assert p.search(b'a c') is None
    assert p.search(b'xac', 1).span() == (1, 3)
    assert p.match(b'acc') is not None  # not guarded


def test_warm_compiles_unused_patterns_while_there_is_time():
    fresh = lazyre.compile(r'warm-me-\d+')
    assert 'search' not in fresh.__dict__  # type: ignore[attr-defined, unused-ignore]
    assert lazyre.warm(lambda: False) == 0
    assert 'search' not in fresh.__dict__  # type: ignore[attr-defined, unused-ignore]
    assert lazyre.warm(lambda: True) >= 1
    assert 'search' in fresh.__dict__  # type: ignore[attr-defined, unused-ignore]
    assert fresh.search('x warm-me-42').group() == 'warm-me-42'
    assert lazyre.warm(lambda: True) == 0


@pytest.mark.parametrize('data', [
    pytest.param(b'const r = await got(url)', id='a name called'),
    pytest.param(b'forgot(url); x.got(url)', id='inside a word or after a dot'),
    pytest.param(b'got(url)', id='at the start'),
    pytest.param(b'https.get(u); http (u)', id='a longer name first'),
    pytest.param(b'$got(u); got\n.get(u)', id='after a dollar; a method'),
    pytest.param(b'', id='nothing'),
])
def test_found_at_is_a_search_tried_where_a_start_is(data):
    pattern = re.compile(rb'(?<![\w$.])(?:got|http|https)(?:\(|\s*\.\s*get\s*\()')
    assert lazyre.found_at(pattern, (b'got', b'http', b'https'), data) == (pattern.search(data) is not None)

