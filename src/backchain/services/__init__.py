"""Use cases that tie the knowledge base, the domain and storage together."""
