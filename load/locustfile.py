"""A realistic mix of what researchers do, for `make load`: browse, search, facet, read, export.

Each simulated user thinks for one to three seconds between requests. Searches use words the
benchmark's synthetic archive holds in every density (发展 matches most articles, 断卡 few); article
ids come from the API, so that every user reads real pages.
"""

import random

from locust import HttpUser, between, task

WORDS = ["发展", "经济", "改革", "电信网络诈骗", "断卡", "疫情", "扶贫", "长江", "電信網絡詐騙", "近几年"]
AGENCIES = ["ministry-of-public-security", "peoples-bank-of-china", "state-council", "ministry-of-commerce"]
CAMPAIGNS = ["duanka", "yunjian", "jingwang"]
YEARS = [str(y) for y in range(2015, 2027)]
# The site is https only in production; this header is what the TLS proxy in front of it sends.
HEADERS = {"X-Forwarded-Proto": "https"}


class Researcher(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.client.headers.update(HEADERS)
        response = self.client.get(f"/api/articles/?page={random.randint(1, 50)}", name="/api/articles/ (ids)")
        self.article_ids = [a["id"] for a in response.json().get("results", [])] or [1]

    def get(self, path, name):
        self.client.get(path, name=name)

    @task(3)
    def browse(self):
        self.get(f"/?page={random.randint(1, 20)}", "/ browse")

    @task(4)
    def search(self):
        self.get(f"/?q={random.choice(WORDS)}", "/?q=")

    @task(3)
    def facet(self):
        query = random.choice(
            [
                f"agency={random.choice(AGENCIES)}",
                f"campaign={random.choice(CAMPAIGNS)}&year={random.choice(YEARS)}",
                f"q={random.choice(WORDS)}&agency={random.choice(AGENCIES)}&date_from=2020-01-01&date_to=2022-12-31",
            ]
        )
        self.get(f"/?{query}", "/ facets")

    @task(3)
    def article(self):
        self.get(f"/articles/{random.choice(self.article_ids)}/", "/articles/<id>/")

    @task(2)
    def api(self):
        self.get(f"/api/articles/?q={random.choice(WORDS)}&year={random.choice(YEARS)}", "/api/articles/")

    @task(1)
    def figures(self):
        self.get(random.choice(["/figures/", "/figures/?q=案件", "/figures/?year=2020"]), "/figures/")

    @task(1)
    def export(self):
        self.get(f"/export.csv?q=断卡&year={random.choice(YEARS)}", "/export.csv")
