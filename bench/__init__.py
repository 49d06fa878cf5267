"""Benchmarks of UptimeSentinel (not tests): `python -m bench --help`, see BENCHMARKS.md."""
