"""Every write of the joint targets module: procedures (the town's inventory) and
publishing (the town's values to the public schema)."""
