"""`tb grunnlinje` (under arbeid, issue 13)."""
