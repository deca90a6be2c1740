"""Plumbing shared by every domain package: settings, database, security, errors, pagination."""
