"""The Angular components an app shell mounts once: their element only in the root's template."""
from __future__ import annotations

import json
import shutil

import pytest

from vcx_hook.ecosystem import app_shell
from vcx_hook.main import main

from tests.helpers import ROOT as REPO_ROOT
from tests.helpers import git

ROOT = b"""@Component({ selector: 'app-root', templateUrl: './app.component.html' })
export class AppComponent {}
"""


def _component(name: str, selector: str, template: str = '') -> bytes:
    return (f"@Component({{ selector: '{selector}', template: `{template}` }})\n"
            f"export class {name} {{ ngOnInit() {{}} }}\n").encode()


@pytest.mark.parametrize(('template', 'expected'), [
    pytest.param('<app-header></app-header><router-outlet></router-outlet>', {'app-header'}, id='beside the outlet'),
    pytest.param('<div [ngClass]="{ open: x }"><app-header/></div>', {'app-header'}, id='in a plain element'),
    pytest.param('<div *ngIf="user"><app-header></app-header></div>', set(), id='under ngIf'),
    pytest.param('<app-header *ngFor="let x of xs"></app-header>', set(), id='its own ngFor'),
    pytest.param('<ng-template #t><app-header></app-header></ng-template>', set(), id='in a template'),
    pytest.param('@if (user) { <app-header></app-header> }', set(), id='in an if block'),
    pytest.param('@if (user) { <p>{{ user }}</p> } <app-header></app-header>', {'app-header'}, id='after an if block'),
    pytest.param('<!-- <div *ngIf="x"> --><app-header></app-header>', {'app-header'}, id='after a comment'),
])
def test_root_template(template, expected):
    sources = [('src/app/app.component.ts', ROOT), ('src/app/header.component.ts', _component('HeaderComponent', 'app-header'))]
    assert app_shell.shell_selectors(sources, [('src/app/app.component.html', template.encode())]) == expected


def test_a_component_another_template_uses_is_not_the_shells():
    sources = [('src/app/app.component.ts', ROOT), ('src/app/header.component.ts', _component('HeaderComponent', 'app-header')),
               ('src/app/page.component.ts', _component('PageComponent', 'app-page', '<app-header></app-header>'))]
    assert app_shell.shell_selectors(sources, [('src/app/app.component.html', b'<app-header></app-header>')]) == frozenset()


@pytest.mark.parametrize(('other', 'expected'), [
    pytest.param(b"import { HeaderComponent } from './header.component';\n"
                 b"@NgModule({ declarations: [AppComponent, HeaderComponent], bootstrap: [AppComponent] })\nexport class AppModule {}",
                 {'app-header'}, id='declared by a module'),
    pytest.param(b"const routes = [{ path: 'h', component: HeaderComponent }];", set(), id='routed too'),
    pytest.param(b"this.dialog.open(HeaderComponent);", set(), id='opened as a dialog'),
])
def test_a_class_named_elsewhere(other, expected):
    sources = [('src/app/app.component.ts', ROOT), ('src/app/header.component.ts', _component('HeaderComponent', 'app-header')),
               ('src/app/other.ts', other)]
    assert app_shell.shell_selectors(sources, [('src/app/app.component.html', b'<app-header></app-header>')]) == expected


def test_the_root_is_what_the_app_bootstraps():
    root = _component('ShellComponent', 'nr-shell', '<nr-nav></nr-nav>')
    sources = [('src/main.ts', b'bootstrapApplication(ShellComponent, appConfig);'), ('src/shell.ts', root),
               ('src/nav.ts', _component('NavComponent', 'nr-nav'))]
    assert app_shell.shell_selectors(sources, []) == {'nr-nav'}
    assert app_shell.shell_selectors(sources[1:], []) == frozenset()  # nothing bootstraps it: any page


def test_a_staged_component_is_judged_by_the_roots_template(repo, capsys):
    """The hook reads the project's templates: the side toggle only the root's template holds is
    low, the banner under ``*ngIf`` listed (fixtures/missing-cleanup/app_shell)."""
    shutil.copytree(REPO_ROOT / 'fixtures' / 'missing-cleanup' / 'app_shell', repo / 'src' / 'app')
    (repo / 'package.json').write_text('{"dependencies": {"@angular/core": "17"}}')
    git(repo, 'add', '.')
    git(repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'base')
    for name in ('side-toggle', 'banner'):
        path = repo / 'src' / 'app' / f'{name}.component.ts'
        path.write_text(path.read_text().replace('(state) =>', '(state: State) =>'))
    git(repo, 'add', 'src')
    assert main(['audit', '--format', 'json', '--show', 'low']) in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    found = sorted((f['path'], f['confidence']) for f in doc['findings'] if f['check'] == 'missing-cleanup')
    assert found == [('src/app/banner.component.ts', 'medium'), ('src/app/side-toggle.component.ts', 'low')]
