"""The daily plan: who is expected where each day and why. The pure core (precedence.py: which policy wins;
day_plan.py: a person's planned day and a unit's minimum), the bulk gathering of its inputs (building.py),
the reference tables kept in memory (reference.py), and the plan pages."""
