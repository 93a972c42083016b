"""Scheduled work, apart from the journeys: the reminder delivery job."""
