"""The coach's week across clients: overdue and due commitments, sessions, goals at risk and
clients gone quiet (GET /api/v1/dashboard, and the home page)."""
