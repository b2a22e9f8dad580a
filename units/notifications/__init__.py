"""The in-app notices: the bell in the header and the list at /pemberitahuan/."""
