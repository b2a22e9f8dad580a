"""Benchmarks and fault demos (run from the repository root; see README.md)."""
