"""Read models built from the event store's notification log, exactly once."""
