"""Shared systems: the common-system catalog, adoption and exact cost sharing."""
