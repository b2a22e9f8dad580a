"""Corrections of a day's check-ins and their decisions, and a person's history of requests and decisions."""
