from __future__ import annotations

import pytest

from vcx_hook.checks.hardcoded_config.addresses import own_domain
from vcx_hook.config import project_words

OWN = frozenset(('snapshot',))


@pytest.mark.parametrize(
    ('text', 'expected'),
    (
        pytest.param('https://score.snapshot.org/api/strategies', True, id='a-subdomain-of-the-own-domain'),
        pytest.param('https://snapshot.auth0.com/', True, id='the-own-tenant-of-a-provider'),
        pytest.param('https://api.github.com/repos', False, id='a-third-party'),
        pytest.param('https://snapshot.org/license/check', False, id='the-vendor-license-check'),
        pytest.param('https://snapshot.org/api/version', False, id='the-vendor-version-check'),
        pytest.param('https://snapshot', False, id='one-label'),
        pytest.param('https://org.snapshot', False, id='the-name-as-the-top-level-domain'),
        pytest.param('mongodb://snapshot.org/db', False, id='not-a-web-address'),
    ),
)
def test_own_domain(text, expected):
    assert own_domain(text, OWN) is expected


def test_own_domain_without_a_project_name():
    assert own_domain('https://score.snapshot.org/api', frozenset()) is False


@pytest.mark.parametrize(
    ('manifest', 'expected'),
    (
        pytest.param(b'{"name": "snapshot-hub"}', {'snapshot'}, id='generic-word-left-out'),
        pytest.param(b'{"name": "@lunary/backend"}', {'lunary'}, id='scope-kept'),
        pytest.param(b'{"name": "my-app"}', set(), id='short-and-generic'),
        pytest.param(b'{"private": true}', set(), id='no-name'),
        pytest.param(b'{', set(), id='does-not-parse'),
    ),
)
def test_project_words(manifest, expected):
    assert project_words(manifest) == expected
