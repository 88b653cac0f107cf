"""The geo domain (pure): territory units and codes, geometry, point lookup, crime map, import review."""
