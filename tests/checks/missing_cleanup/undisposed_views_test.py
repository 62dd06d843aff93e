"""missing-cleanup/undisposed_views: a GPU view its owner's teardown never releases."""
from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

CONFIG = default_config()._replace(enabled=frozenset((ID,)), show='low')


def asked(imports: str, make: str, teardown: str) -> list[str]:
    src = (f'{imports}\nexport class W {{\n  init(el) {{ {make}; }}\n'
           f'  destroy() {{ {teardown}; }}\n}}\n')
    result = audit.audit(Target('src/w.js', src.encode(), None), CONFIG)
    return [f'{f.line} {f.message}' for f in result.findings if f.check_id == ID and 'never releases' in f.message]


@pytest.mark.parametrize(('imports', 'make', 'label'), [
    pytest.param("import { WebGLRenderer } from 'three';", 'this.renderer = new WebGLRenderer({ canvas: el })',
                 'three.js renderer', id='three'),
    pytest.param("import * as THREE from 'three';", 'this.renderer = new THREE.WebGLRenderer({ canvas: el })',
                 'three.js renderer', id='a namespace import'),
    pytest.param("import { Map as OlMap } from 'ol';", 'this.map = new OlMap({ target: el })', 'OpenLayers map',
                 id='an aliased named import'),
    pytest.param("import maplibregl from 'maplibre-gl';", 'this.map = new maplibregl.Map({ container: el })',
                 'MapLibre map', id='a default import'),
])
def test_asked(imports, make, label):
    found = asked(imports, make, 'this.off()')
    assert len(found) == 1 and found[0].startswith(f'4 `destroy()` never releases the {label} made on line 3')


@pytest.mark.parametrize(('imports', 'make', 'teardown'), [
    pytest.param("import { WebGLRenderer } from 'three';", 'this.renderer = new WebGLRenderer()', 'this.renderer.dispose()',
                 id='disposed'),
    pytest.param("import OlMap from 'ol/Map';", 'this.map = new OlMap({ target: el })', 'this.map.setTarget(undefined)',
                 id='detached from its target'),
    pytest.param("import { Map } from './map';", 'this.map = new Map()', 'this.off()', id="the project's own Map"),
    pytest.param("import mapboxgl from 'mapbox-gl';", 'const m = new mapboxgl.Map({}); this.map = m',
                 'this.map.remove()', id='released through the name it is handed to'),
])
def test_not_asked(imports, make, teardown):
    assert asked(imports, make, teardown) == []


def test_attached_again_still_asked():
    assert len(asked("import OlMap from 'ol/Map';", 'this.map = new OlMap({ target: el }); this.map.setTarget(el)',
                     'this.off()')) == 1


def test_no_teardown_not_asked():
    src = "import OlMap from 'ol/Map';\nexport const map = new OlMap({ target: 'map' });\n"
    result = audit.audit(Target('src/m.js', src.encode(), None), CONFIG)
    assert [f for f in result.findings if 'never releases' in f.message] == []
