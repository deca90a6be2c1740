"""Email: the outbox every message waits in, the worker that sends it, and opting out."""
