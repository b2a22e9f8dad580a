"""The organisation: the landing page per role, the city overview, units and their tree."""
