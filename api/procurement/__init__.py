"""The joint procurement API: tenders as each caller may see them, a vendor's own bids
(placing one returns its receipt), and the opening."""
