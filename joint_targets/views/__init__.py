"""Pages of the joint targets: the town's (workspace) and the prefecture's (prefecture)."""
