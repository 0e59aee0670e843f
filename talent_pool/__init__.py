"""The shared pool of digital specialists (デジタル人材).

So far this package holds the assignment core, which is plain Python over NumPy and
SciPy and knows nothing of the database: `optimiser.propose_assignment` (with its input
in `candidates`, the fit in `fit`, the programme in `model`, distances in `geo` and the
Japanese explanations in `explain`). docs/talent_pool.md describes the model.
"""
