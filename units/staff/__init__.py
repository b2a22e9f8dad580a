"""Staff pages: search, a person's record, adding and editing people."""
