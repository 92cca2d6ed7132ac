"""One package per extracted fact, each with its rules or models and its pipeline component:
entities, actors, places, times, figures, quotes and events."""
