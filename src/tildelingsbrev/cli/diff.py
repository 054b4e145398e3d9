"""`tb diff` (under arbeid, issue 14)."""
