"""Pages of the catalog module: a town's own (workspace.py, under /m/<slug>/catalog/) and
the prefecture's (prefecture.py, under /catalog/), sharing the request page (requests.py)."""
