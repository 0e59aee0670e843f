"""The joint targets' API: the town's procedure inventory and indicator values under
/m/<slug>/api/v1/, the indicators and the progress of every town under /api/v1/targets/."""
