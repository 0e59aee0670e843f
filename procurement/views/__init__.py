"""Joint procurement's pages: the shared list and detail (detail.py), the coordinators'
actions (prefecture.py), the vendors' bids and questions (vendor.py) and the town's
workspace pages (town.py)."""
