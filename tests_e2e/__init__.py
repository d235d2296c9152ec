"""End-to-end tests against a real Home Assistant (run by scripts/e2e)."""
