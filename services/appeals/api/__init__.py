"""HTTP routes of the appeals service, thin: validate, build a command, call a handler, map the result."""
