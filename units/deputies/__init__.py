"""Deputies (Plh./Plt., issue 17): a head who is away names who decides in their place for a date range, or a
city admin appoints one for any unit. The scope they get is decided in units.access (`deputyships`); the
decisions they take record it (policy.approvals.decision)."""
