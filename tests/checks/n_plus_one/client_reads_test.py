"""n-plus-one/client_reads: a read of another service's API through a client, once per element."""
from __future__ import annotations

import pytest

from vcx_hook.checks.n_plus_one import ID
from vcx_hook.ecosystem import api_clients

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.ts')


def _asked(shown: str) -> str:
    return (f'x.ts:3 `{shown}()` asks the API once per `id` of the for-of loop over `ids` on line 2: '
            'one round trip per element (a request taking the list?)')


@pytest.mark.parametrize(('read', 'expected'), [
    pytest.param('await oauthApi.userDetails(ctx, id)', [_asked('oauthApi.userDetails')], id='a record noun of an API object'),
    pytest.param('await this.apiClient.getUser(id)', [_asked('this.apiClient.getUser')], id='a getter of a client'),
    pytest.param('await this.apiClient.getUser(id).catch(() => null)', [_asked('this.apiClient.getUser')],
                 id='through .catch()'),
    pytest.param("await panoptes.get('/users', { id })", [_asked('panoptes.get')], id='a fixed path, the element in its parameters'),
    pytest.param("await panoptes.get('/users', { page: 1 })", [], id='parameters without the element'),
    pytest.param("await panoptes.get('/avatars/default.png', { id })", [], id='a static file'),
    pytest.param('await oauthApi.updateUser(ctx, id)', [], id='a write: the loop\'s work'),
    pytest.param('await redisClient.getValue(id)', [], id='a data store\'s client'),
    pytest.param('await client.getValue(id)', [], id='a bare client: as often a database driver'),
    pytest.param('await apiClient.get(id)', [], id='a bare verb: the path decides'),
    pytest.param('await oauthApi.getCurrentUser(ctx)', [], id='not for the element'),
    pytest.param('await api.getThumbnailUrl(id)', [], id='a URL built, not a record read'),
])
def test_reads_per_element(read, expected):
    src = f'async function f(ids, ctx) {{\n  for (const id of ids) {{\n    const res = {read};\n    console.log(res);\n  }}\n}}\n'
    assert findings(src) == expected


@pytest.mark.parametrize(('name', 'expected'), [
    pytest.param('oauthApi', True, id='api'),
    pytest.param('clientRequestManager', True, id='client and another word'),
    pytest.param('client', False, id='a bare client'),
    pytest.param('redisClient', False, id='a store'),
    pytest.param('mongoClient', False, id='a database'),
])
def test_is_client(name, expected):
    assert api_clients.is_client(name) is expected


@pytest.mark.parametrize(('method', 'expected'), [
    pytest.param('getTorrentTrackers', True, id='a read verb'),
    pytest.param('userDetails', True, id='a record noun'),
    pytest.param('get', False, id='the bare HTTP verb'),
    pytest.param('createUser', False, id='a write'),
    pytest.param('details', False, id='a noun alone'),
])
def test_reads(method, expected):
    assert api_clients.reads(method) is expected


def test_a_promise_nobody_waits_for_is_not_asked():
    src = 'function f(ids) {\n  return ids.map((id) => oauthApi.userDetails(ctx, id));\n}\n'
    assert findings(src) == []
