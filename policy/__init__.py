"""Work-mode policies, requests and approvals, and the daily plan. Depends on `units` only."""
