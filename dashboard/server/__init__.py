"""The server: settings from the environment, fonts the page preloads, and the HTTP
layer around the app (headers, limits, caching)."""
