"""Boards: a unit's "Kehadiran hari ini" for its head and operators, the city coverage board for admins, and
the snapshots that serve both while nothing changed."""
