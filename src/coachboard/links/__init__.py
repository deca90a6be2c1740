"""Many-to-many links between a client's records: the link kinds and the code written once for all."""
