"""Full-text search across a coach's clients and their records."""
