"""A simulated fleet speaking the real device protocols: kids' GT06 watches, turnstiles, unit trackers (OsmAnd)."""
