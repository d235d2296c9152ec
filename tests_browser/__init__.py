"""Browser tests (Node, playwright-core) and the Home Assistant they drive."""
