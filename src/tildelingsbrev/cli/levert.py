"""`tb levert` (under arbeid, issue 13)."""
