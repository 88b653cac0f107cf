"""The geo service: territory registry, point → mahalla lookup and the area crime map."""
