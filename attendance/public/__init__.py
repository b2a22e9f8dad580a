"""The citizens' page (/status/): whether each frontline service is open today and staffed now."""
