"""Use cases of the devices service: registry, guardianship, monitoring and attendance."""
