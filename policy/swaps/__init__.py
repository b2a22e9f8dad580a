"""Shift swaps (issue 17): two shift staff of one unit (puskesmas, hospitals) swap shifts on given days. The
proposer asks, the partner accepts or declines on their own page, a head decides in the approval workflow
(policy.approvals, with SWAPS in views.py); approved, the plan follows (policy.plan.assigning), and with it the
minimums and the status codes. services.py holds the rules and the steps, views.py the pages."""
