"""attendance models arrive with their issues (see ../README.md)."""
