"""History: who changed which record or link, when, and how; written with the change."""
