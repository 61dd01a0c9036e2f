"""Segment an Article into a Script: narration and quotes, with each quote's speaker."""
