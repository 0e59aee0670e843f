"""The joint procurement API: tenders as each caller may see them, a vendor's own bids
(placing one returns its receipt), the opening, questions and answers, scores, the
evaluation, the award and requests for its reasons; and, in a town's workspace, the
town's answers to the intent surveys (docs/procurement.md, "API")."""
