"""HTTP routes of the devices service: registry, guardians' app, and device pushes (turnstiles, cameras)."""
