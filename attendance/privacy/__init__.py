"""Personal data (UU 27/2022): the privacy notice, a person's own data as a ZIP, and the retention purge."""
