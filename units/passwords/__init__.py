"""Passwords: one-time codes issued by heads, the person's own change, an admin's audited override."""
