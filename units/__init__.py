"""Organisation, people, roles, schedules and holidays. Depends on no other Hadir app."""
