"""Publish: inbox -> episodes -> feed, the project config, the build state and the local server."""
