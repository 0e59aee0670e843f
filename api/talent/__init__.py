"""The talent pool's API: specialists, a town's support requests, engagements and hours,
spot consultations, and the coordinator's proposals (docs/talent_pool.md, "API")."""
