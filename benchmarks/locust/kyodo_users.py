"""Locust users for benchmarks/request_fleet.py: one endpoint per run.

KYODO_LOCUST_PEOPLE names the JSON file of sessions and the API token that
request_fleet.py prepared; KYODO_LOCUST_ENDPOINT which endpoint every user asks for.
A workspace user signs in as the lead of a town of its own, the next of the sampled
towns, so 32 users spread over 32 towns across the country; each asks as fast as it is
answered. An answer with another status than the endpoint's is a failure.
"""

import itertools
import json
import os
from pathlib import Path

from locust import FastHttpUser, task

PEOPLE = json.loads(Path(os.environ["KYODO_LOCUST_PEOPLE"]).read_text(encoding="utf-8"))
ENDPOINT = os.environ["KYODO_LOCUST_ENDPOINT"]
SLUGS = sorted(PEOPLE["leads"])
TURN = itertools.count()


class KyodoUser(FastHttpUser):
    def on_start(self):
        slug = SLUGS[next(TURN) % len(SLUGS)]
        coordinator = {"Cookie": f"sessionid={PEOPLE['coordinator']}"}
        self.request_for = {
            "workspace_page": (f"/m/{slug}/", {"Cookie": f"sessionid={PEOPLE['leads'][slug]}"},
                               200),
            "console": ("/console/", coordinator, 200),
            "api_list": ("/api/v1/municipalities/",
                         {"Authorization": f"Bearer {PEOPLE['token']}"}, 200),
            "no_database": ("/favicon.ico", {}, 301),
        }[ENDPOINT]

    @task
    def ask(self):
        path, headers, expected = self.request_for
        name = "/m/<slug>/" if ENDPOINT == "workspace_page" else path
        with self.client.get(path, headers=headers, name=name, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != expected:
                response.failure(f"{response.status_code}, not {expected}")
