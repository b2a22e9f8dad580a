"""Checking in and out: the phone page and its POST (the hot path, recording.py), the counter's QR kiosk, the
geofence arithmetic."""
