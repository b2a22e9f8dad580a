"""Coverage alerts (issue 14): a frontline unit below its on-site minimum while open raises an alert that climbs."""
