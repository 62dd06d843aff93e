"""Views that hold a GPU context, a canvas and listeners on the page until they are released: a
three.js renderer, an OpenLayers, MapLibre or Mapbox map. Made by a component or a service that
is torn down and made again (a route left and entered, a form reset), each one left unreleased
keeps its WebGL context (browsers allow a handful), its layers and its listeners.

Known by the package a constructor is imported from (``import { WebGLRenderer } from 'three'``,
``import OlMap from 'ol/Map'``, ``import maplibregl from 'maplibre-gl'`` then ``new
maplibregl.Map(...)``), with the methods that release each.
"""
from __future__ import annotations

from typing import NamedTuple


class View(NamedTuple):
    label: str  # as a message names it
    releases: frozenset[str]  # methods of the view that release it
    hint: str  # the call a message suggests


_THREE = View('three.js renderer', frozenset(('dispose', 'forceContextLoss')), 'dispose()')
_OL = View('OpenLayers map', frozenset(('dispose', 'setTarget')), 'setTarget(undefined) or dispose()')
_MAPLIBRE = View('MapLibre map', frozenset(('remove',)), 'remove()')
_MAPBOX = View('Mapbox map', frozenset(('remove',)), 'remove()')

# (module, exported name) -> the view its `new` makes; 'default' is the module's default export.
CONSTRUCTORS: dict[tuple[str, str], View] = {
    ('three', 'WebGLRenderer'): _THREE,
    ('three', 'WebGPURenderer'): _THREE,
    ('three/webgpu', 'WebGPURenderer'): _THREE,
    ('ol', 'Map'): _OL,
    ('ol/Map', 'default'): _OL,
    ('ol/Map.js', 'default'): _OL,
    ('maplibre-gl', 'Map'): _MAPLIBRE,
    ('mapbox-gl', 'Map'): _MAPBOX,
}
MODULES = frozenset(module for module, _ in CONSTRUCTORS)
