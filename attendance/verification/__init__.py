"""Check-ins outside every place of the day, void until a head accepts their reason (SE BKPSDM 4/2025)."""
