"""NestJS providers whose methods call another service over HTTP: read one hop away, by class and
by the token a module binds to the class."""
from __future__ import annotations

import json
import shutil

import pytest

from vcx_hook.ecosystem import remote_providers
from vcx_hook.lang.scope import File
from vcx_hook.main import main

from tests.helpers import ROOT
from tests.helpers import git

HTTP_REPOSITORY = b'''import { HttpService } from '@nestjs/axios';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
export class MiloHttpRepository {
  constructor(private http: HttpService, @InjectRepository(Log) private logs: Repository<Log>) {}
  async save(a) { await this.http.post('/actions', a); }
  async saveAndLog(a) { await this.http.post('/actions', a); await this.logs.save({ a }); }
  label(a) { return a.name; }
}
'''


def _remote(*sources: bytes) -> dict[str, frozenset[str]]:
    return remote_providers.remote_methods(
        File.unparsed(f's{i}.ts', data, 'typescript') for i, data in enumerate(sources) if remote_providers.may_call_out(data))


def test_methods_that_call_an_http_client_and_no_store():
    assert _remote(HTTP_REPOSITORY) == {'MiloHttpRepository': frozenset({'save'})}


def test_a_file_importing_no_http_client_is_not_read():
    assert not remote_providers.may_call_out(HTTP_REPOSITORY.replace(b"'@nestjs/axios'", b"'./http'"))


@pytest.mark.parametrize(('module', 'expected'), [
    pytest.param(b"providers: [{ provide: MiloToken, useClass: MiloHttpRepository }]", {'MiloToken': frozenset({'save'})},
                 id='a token bound to the class'),
    pytest.param(b"providers: [{ provide: 'MiloToken', useClass: MiloHttpRepository }]", {'MiloToken': frozenset({'save'})},
                 id='a string token'),
    pytest.param(b"providers: [{ provide: MiloToken, useClass: MiloSqlRepository }]", {}, id='another class'),
])
def test_tokens(module, expected):
    classes = _remote(HTTP_REPOSITORY)
    files = [File.unparsed('m.ts', b'@Module({ ' + module + b' }) export class M {}', 'typescript')]
    assert remote_providers.tokens([f for f in files if remote_providers.wanted(f.source, classes)], classes) == expected



def test_a_staged_handler_is_judged_by_the_provider_its_module_binds(repo, capsys):
    shutil.copytree(ROOT / 'fixtures' / 'missing-transaction' / 'remote_providers', repo / 'src')
    (repo / 'package.json').write_text('{"dependencies": {"@nestjs/common": "10", "@nestjs/axios": "3"}}')
    git(repo, 'add', '.')
    git(repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'base')
    path = repo / 'src' / 'qualifier-action.handler.ts'
    path.write_text(path.read_text().replace('{ ...action, code }', '{ ...action, code, staged: true }'))
    git(repo, 'add', 'src')
    assert main(['audit', '--format', 'json', '--show', 'low', '--ask', 'touched-functions']) in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    found = [(f['line'], f['confidence']) for f in doc['findings'] if f['check'] == 'missing-transaction']
    assert found == [(22, 'low')]  # the low questions of lines 28 and 34 folded into line 22's
    assert doc['findings'][0]['message'].endswith('(and 2 more in this file: lines 28, 34)')
