"""Trends for the policy review (/tren/): the daily figures, their charts (inline SVG) and comparisons."""
