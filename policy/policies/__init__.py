"""Work-mode policies: drafts with their legal basis and scope, the impact preview, versions, revocation,
and the words that describe them."""
