"""A person's month: the calendar of their codes with totals, and the way into a correction."""
