"""`tb init`: en tom mappe blir et repositorium for et tildelingsbrev (under arbeid)."""
