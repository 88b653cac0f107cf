"""External systems the geo service talks to, each a Protocol with a sandbox implementation."""
