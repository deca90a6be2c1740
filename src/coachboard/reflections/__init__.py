"""Reflections: what a client writes about one of their commitments."""
