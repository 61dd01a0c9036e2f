"""Render an episode: voiced script -> mixed, tagged MP3 with transcript, chapters and cover."""
