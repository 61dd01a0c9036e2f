"""Voice a Script: profiles, casting, spoken-text normalisation, the synthesis cache and the worker pool."""
