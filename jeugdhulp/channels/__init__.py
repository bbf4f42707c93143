"""Custom Rasa input channels (referenced by class path in credentials.yml)."""
