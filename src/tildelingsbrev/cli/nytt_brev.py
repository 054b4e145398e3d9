"""`tb nytt-brev` (under arbeid, issue 14)."""
