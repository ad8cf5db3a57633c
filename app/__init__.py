"""The Reflex app: routes, the page shell and guard, one module per page, the mounted API."""
