"""The pilot territory generator (Tashkent city, Samarkand region) and its national-scale twin; synthetic.

territory = generate_pilot(seed)              # plain dataclasses (a `Territory`)
collection = territory_feature_collection(territory)   # a GeoJSON FeatureCollection
"""

from services.geo.domain.geojson import territory_feature_collection
from services.geo.pilot.generator import DEFAULT_SEED, generate_national, generate_pilot, region_layout

__all__ = ["DEFAULT_SEED", "generate_national", "generate_pilot", "region_layout", "territory_feature_collection"]
