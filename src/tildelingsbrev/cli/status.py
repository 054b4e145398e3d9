"""`tb status` (under arbeid, issue 13)."""
