"""Agenda topics: what a client wants to talk about in a coming session."""
