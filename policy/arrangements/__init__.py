"""Requests (arrangements): WFH/WFA, dinas luar, cuti, sakit, izin; the rules that refuse them in words, and
the approve/reject workflow of heads and city admins."""
