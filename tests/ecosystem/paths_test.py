from __future__ import annotations

import pytest

from vcx_hook.ecosystem import paths


@pytest.mark.parametrize('path', [
    'public/app.js', 'src/Static/x.ts', 'client-v2/main.ts', 'apps/frontend/a.js', 'Front/b.ts', 'ui/components/c.tsx',
    'sw.js', 'src/Service-Worker.ts', 'app-sw.js', 'hooks/use-format-date.ts', 'src/useInterval.ts',
    'lib/server.js', 'src/user/users.ts', 'lib/ProgressPlugin.js', 'src/clients.ts', 'frontier/x.js', 'café/public/x.js',
    'src/ſtatic/x.js', 'src/user-agent/sw.ts', 'test/cases/static/index.js',
])
def test_browser_folder_is_the_pattern(path):
    assert paths.browser_folder(path) is (paths.BROWSER_PATH.search(path) is not None)


@pytest.mark.parametrize(('path', 'browser'), [
    pytest.param('components/server/src/github/api.ts', False, id='monorepo-components-server'),
    pytest.param('apps/client/pages/api/v1/download.js', False, id='next-api-route-in-client-app'),
    pytest.param('packages/server/utils/useDisposeDataloader.ts', False, id='use-name-in-server-package'),
    pytest.param('server/public/app.js', True, id='browser-folder-in-server'),
    pytest.param('client/app/services/query.js', True, id='services-is-not-a-server-folder'),
    pytest.param('frontend/src/useThing.ts', True, id='hook-in-browser-folder'),
])
def test_a_server_folder_inside_a_browser_folder_is_the_server(path, browser):
    assert paths.browser_folder(path) is browser


@pytest.mark.parametrize(('path', 'root'), [
    ('pages/_app.tsx', True),
    ('src/pages/_app.js', True),
    ('apps/web/app/layout.tsx', True),
    ('app/root.tsx', True),
    ('app/_layout.tsx', True),
    ('app/settings/layout.tsx', False),  # a segment's layout: unmounted when the user leaves it
    ('pages/index.tsx', False),
    ('src/components/App.tsx', False),
])
def test_app_root(path, root):
    from vcx_hook.ecosystem import paths

    assert paths.app_root(path) is root
