"""Every write of the catalog module: catalog curation (catalog.py), adoption requests
(adoption.py) and the versioned cost shares (charges.py)."""
