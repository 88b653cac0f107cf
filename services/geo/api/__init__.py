"""HTTP routes of the geo service (thin: validate, call a handler, shape the answer)."""
