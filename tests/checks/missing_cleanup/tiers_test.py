"""missing-cleanup's confidence for effects (checks/missing_cleanup/tiers.py): listed when the effect
starts a timer or registers on what outlives every component; low on the component's own targets,
in callbacks of the effect and for the page's own life events."""
from __future__ import annotations

from vcx_hook.checks.missing_cleanup import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit

EFFECT = '''\
import { useEffect } from 'react';
import { bus } from './bus';
import { useRouter } from 'next/router';
const store = createStore();
export function Panel({ hot, onMessage }) {
  const router = useRouter();
  useEffect(() => {
    window.addEventListener('message', onMessage);
    bus.on('open', onMessage);
    store.subscribe(onMessage);
    setInterval(poll, 1000);
    router.events.on('routeChangeStart', onMessage);
    hot.subscribe(onMessage);
    window.addEventListener('beforeunload', save);
    loader.ready(() => window.addEventListener('resize', onMessage));
    function listen() {
      window.addEventListener('focus', onMessage);
    }
    listen();
  }, []);
  return null;
}
'''
NO_CLEANUP = 'runs in a `useEffect` that returns no cleanup: every run adds another'


def _tiers(src: str, path: str) -> list[str]:
    result = audit.audit(audit.Target(path, src.encode(), None), default_config())
    return [f'{f.line} ({f.confidence}) {f.message}' for f in result.findings if f.check_id == ID]


def test_effect_registrations_listed_and_low():
    assert _tiers(EFFECT, 'src/Panel.tsx') == [
        f"8 (medium) `window.addEventListener('message', onMess...` {NO_CLEANUP} listener",
        f"9 (medium) `bus.on('open', onMessage)` {NO_CLEANUP} listener",
        f'10 (medium) `store.subscribe(onMessage)` {NO_CLEANUP} subscription',
        f'11 (medium) `setInterval(poll, 1000)` {NO_CLEANUP} timer',
        f"12 (low) `router.events.on('routeChangeStart', onMe...` {NO_CLEANUP} listener",
        f'13 (low) `hot.subscribe(onMessage)` {NO_CLEANUP} subscription',
        f"14 (low) `window.addEventListener('beforeunload', s...` {NO_CLEANUP} listener",
        f"15 (low) `window.addEventListener('resize', onMessage)` {NO_CLEANUP} listener",
        f"17 (medium) `window.addEventListener('focus', onMessage)` {NO_CLEANUP} listener",
    ]


def test_a_futile_removal_and_other_contexts_are_not_graded():
    src = (
        "import { useEffect } from 'react';\n"
        'export function Box({ el }) {\n'
        '  useEffect(() => {\n'
        "    el.addEventListener('keydown', () => go());\n"
        "    return () => el.removeEventListener('keydown', () => go());\n"
        '  }, [el]);\n'
        '  return null;\n'
        '}\n'
        'export class Poller {\n'
        '  constructor() {\n'
        '    setInterval(poll, 1000);\n'
        '  }\n'
        '  stop() { this.stopped = true; }\n'
        '}\n'
    )
    assert _tiers(src, 'src/Box.tsx') == [
        "4 (medium) `el.addEventListener('keydown', () => go())` is never removed: the `removeEventListener` on "
        'line 5 passes a new function (the listener was added inline)',
        '11 (medium) `setInterval(poll, 1000)` in `Poller.constructor` adds a timer per instance that `stop()` '
        'does not undo',
    ]


def test_a_class_nothing_can_dispose_of_starts_timers_at_low_confidence_anywhere():
    src = (
        'export class Poller {\n'
        '  constructor() {\n'
        '    setInterval(poll, 1000);\n'
        '  }\n'
        '}\n'
    )
    message = '`setInterval(poll, 1000)` in `Poller.constructor` adds a timer per instance that no stop/close/dispose method undoes'
    assert _tiers(src, 'src/client/poller.ts') == [f'3 (low) {message}']
    assert _tiers(src, 'src/server/poller.ts') == [f'3 (low) {message}']


ROOT_COMPONENT = '''\
import { Component } from '@angular/core';
@Component({ selector: %s, templateUrl: './app.component.html' })
export class AppComponent {
  ngOnInit() {
    this.router.events.pipe(filter((e) => e instanceof NavigationEnd)).subscribe(() => this.track());
  }
}
'''
SUBSCRIBED = ('5 ({}) `this.router.events.pipe(filter((e) => e i...` in `ngOnInit` adds a subscription on every mount; '
              'there is no `ngOnDestroy`')


def test_angular_root_component_is_low():
    """The component Angular bootstraps (`src/app/app.component.ts`, selector `app-root`) is mounted
    once for the app's life (round 15, domifa's three portals, 0 of 3); another component is listed."""
    assert _tiers(ROOT_COMPONENT % "'app-root'", 'packages/frontend/src/app/app.component.ts') == [SUBSCRIBED.format('low')]
    assert _tiers(ROOT_COMPONENT % "'app-root'", 'src/app/shell.component.ts') == [SUBSCRIBED.format('low')]
    assert _tiers(ROOT_COMPONENT % "'app-users'", 'src/app/users/users.component.ts') == [SUBSCRIBED.format('medium')]
