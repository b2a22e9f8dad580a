"""The status of a day (H, TL1-4, PSW1-4, TK...) from the plan, the hours and the check-ins: the pure rule
(status.py) and its bulk form over many people and days (bulk.py). Boards, calendars and recaps all read it."""
