"""Dependency security: the audit, the advisory snapshot and the allow-list (docs/security.md)."""
