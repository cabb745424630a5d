"""Benchmarks behind `inloop bench`."""
