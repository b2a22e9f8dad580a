"""The integration API (issue 18): a versioned JSON API under /api/v1/ for the city's other systems (SIMPEG/SIASN,
E-Kinerja, Sephia, payroll), described by its OpenAPI schema at /api/v1/openapi.json.

At the top of the dependency order: api may import units, policy and attendance; nothing imports api except
config/urls.py. Grouped by feature:

- `clients/`: client systems, their hashed keys (expiry, rotation, revocation), the key check with the scopes and
  units a client may see, per-client rate limits, and the log of every call;
- `read/`: units, staff, daily statuses, the monthly recap (and its streamed export), leave balances, coverage;
- `write/`: staff sync (the file import's row checks), approved leave and DL from another system;
- `webhooks/`: events (month locked, request decided, unit below minimum, staff changed) pushed to subscribed
  clients, signed, retried with backoff on the task runner, and replayable by day.

docs/api.md says how another system uses it.
"""
