"""Read an article (file, URL, stream) into an Article: title, byline, date, body, no web cruft."""
