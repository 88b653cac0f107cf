"""Sandbox tools: simulated devices and data for demos, tests and benchmarks."""
