from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'src/app/tx.component.ts')

CLASS = '''export class TxComponent {{
  constructor(private state: StateService) {{}}
  load() {{
    {subscribe}
  }}
  {teardown}() {{
    this.txSubscription.unsubscribe();
  }}
}}
'''


def test_a_held_stream_subscribed_and_dropped():
    src = CLASS.format(subscribe='this.state.blocks$.subscribe((b) => (this.blocks = b));', teardown='ngOnDestroy')
    assert findings(src) == [
        'src/app/tx.component.ts:4 `this.state.blocks$.subscribe()` in `load` keeps no subscription, while '
        '`ngOnDestroy` unsubscribes the others: each call leaves one more live',
    ]


@pytest.mark.parametrize(
    ('subscribe', 'teardown'),
    (
        pytest.param('this.sub = this.state.blocks$.subscribe(f);', 'ngOnDestroy', id='kept'),
        pytest.param('this.api.getBlock$(id).subscribe(f);', 'ngOnDestroy', id='a request that completes'),
        pytest.param('this.state.blocks$.pipe(take(1)).subscribe(f);', 'ngOnDestroy', id='piped'),
        pytest.param('this.state.blocks$.subscribe(f);', 'refresh', id='no teardown'),
    ),
)
def test_not_asked(subscribe, teardown):
    assert [m for m in findings(CLASS.format(subscribe=subscribe, teardown=teardown)) if 'keeps no' in m] == []


def test_a_mount_hook_is_the_registrations_rule():
    src = CLASS.format(subscribe='this.state.blocks$.subscribe(f);', teardown='ngOnDestroy').replace('load()', 'ngOnInit()')
    assert [m for m in findings(src) if 'keeps no' in m] == []


def angular(decorator: str, imported: str = 'Component, Injectable', stream: str = 'this.store.select(getDirection)') -> str:
    return (f"import {{ {imported} }} from '@angular/core';\n{decorator}\nexport class Fab {{\n"
            '  constructor(private store: Store) {\n'
            f'    {stream}.subscribe((d) => {{ this.direction = d; }});\n'
            '  }\n  ngOnDestroy() { this.subscriptions.unsubscribe(); }\n}\n')


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(angular("@Component({ selector: 'fab' })"),
                 ['src/app/tx.component.ts:5 `this.store.select(getDirection).subscribe()` in `constructor` keeps no '
                  'subscription, while `ngOnDestroy` unsubscribes the others: each call leaves one more live'],
                 id="a view's constructor, a store's selection"),
    pytest.param(angular("@Directive({ selector: '[fab]' })", 'Directive', 'this.state.blocks$'),
                 ['src/app/tx.component.ts:5 `this.state.blocks$.subscribe()` in `constructor` keeps no '
                  'subscription, while `ngOnDestroy` unsubscribes the others: each call leaves one more live'],
                 id="a directive's constructor, a held stream"),
    pytest.param(angular("@Injectable({ providedIn: 'root' })"), [], id='a service, made once'),
    pytest.param(angular("@Component({ selector: 'fab' })", 'Injectable'), [], id='Component not from Angular'),
    pytest.param(angular("@Component({ selector: 'fab' })", stream='this.form.get(name).valueChanges.pipe(take(1))'), [],
                 id='not a selection'),
])
def test_angular_view_constructor(src, expected):
    assert findings(src) == expected
