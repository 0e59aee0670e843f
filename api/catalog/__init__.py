"""The catalog's API: common systems, adoption requests (the prefecture's side here, the
town's under /m/<slug>/api/v1/), and cost allocations, over shared_services' services
and selectors."""
