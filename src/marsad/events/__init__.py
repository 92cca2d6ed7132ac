"""Conflict events: who did what to whom (ACLED-style), starting with the actor knowledge base."""
