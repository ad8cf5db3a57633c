"""The installable, offline-capable app: the build plugin, service worker template, HTTP headers."""
