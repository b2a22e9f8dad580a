"""Check-ins, daily status codes, boards, recaps and exports. Depends on `policy` and `units`."""
