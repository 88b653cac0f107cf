"""Event contracts (one module per producing service), the CloudEvents envelope and the topic registry."""
