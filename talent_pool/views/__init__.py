"""The pool's pages: the coordinator's (prefecture), the specialist's own page, and the
town's (its workspace). Each view parses input, calls one service or selector, renders."""
