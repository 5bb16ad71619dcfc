"""Locust users of the app (run by `bench/locust_app.py`, which starts the server and reports).

Each simulated user signs in with its own account and then, like a practitioner, in turn: finds a
child by family name, opens the child's page and its ecomap, taps a member for the evidence, and
searches the child's records and the whole council. The app is a Dash app, so each page is what
the browser asks for: the page callback (``url.pathname`` → page layout), then the page's own
callbacks (find results, the map's elements, the evidence panel, search results), posted to
``/_dash-update-component`` exactly as the browser posts them (ids and properties read from
``/_dash-dependencies``, initial values from the page layout). Requests are named per page in
the statistics: ``find``, ``child page``, ``ecomap``, ``evidence``, ``search (child)``,
``search (council)``.

The sample of children comes from ``KINSCOPE_LOCUST_SAMPLE`` (JSON written by the driver).
"""

from __future__ import annotations

import json
import os
import random
import re
from typing import Any

from locust import HttpUser, between, task

SAMPLE = json.loads(open(os.environ["KINSCOPE_LOCUST_SAMPLE"], encoding="utf-8").read())  # noqa: SIM115
_USERS = iter(SAMPLE["users"])


def layout_values(tree: Any, out: dict[str, Any] | None = None) -> dict[str, Any]:
    """``{"id.prop": value}`` for every component with an id in a Dash layout (JSON)."""
    out = {} if out is None else out
    if isinstance(tree, list):
        for item in tree:
            layout_values(item, out)
    elif isinstance(tree, dict):
        props = tree.get("props")
        if isinstance(props, dict):
            cid = props.get("id")
            if isinstance(cid, str):
                for k, v in props.items():
                    if k not in ("id", "children"):
                        out[f"{cid}.{k}"] = v
            for v in props.values():
                if isinstance(v, (list, dict)):
                    layout_values(v, out)
    return out


class Practitioner(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        self.username, self.password = next(_USERS)
        for _ in range(20):  # the app checks at most a few passwords at once: 503 means try again
            page = self.client.get("/login", name="sign-in form").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            with self.client.post("/login", data={"csrf": csrf, "username": self.username, "password": self.password,
                                                  "next": "/"}, allow_redirects=False, name="sign in",
                                  catch_response=True) as r:
                if r.status_code == 302:
                    r.success()
                    break
                if r.status_code == 503:
                    r.success()
                    continue
                r.failure(f"sign-in answered {r.status_code}")
                return
        deps = self.client.get("/_dash-dependencies", name="dash dependencies").json()
        self.callbacks = {d["output"]: d for d in deps}

    # -- Dash's wire format ------------------------------------------------------------------
    def _callback(self, output_part: str) -> dict:
        return next(d for out, d in self.callbacks.items() if output_part in out)

    def _post(self, name: str, output_part: str, values: dict[str, Any], changed: list[str]) -> Any:
        dep = self._callback(output_part)
        output = dep["output"]
        if output.startswith(".."):
            outputs = [dict(zip(("id", "property"), o.rsplit(".", 1))) for o in output.strip(".").split("...")]
        else:
            outputs = dict(zip(("id", "property"), output.rsplit(".", 1)))
        payload = {
            "output": output, "outputs": outputs,
            "inputs": [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in dep["inputs"]],
            "state": [{**s, "value": values.get(f"{s['id']}.{s['property']}")} for s in dep.get("state", [])],
            "changedPropIds": changed,
        }
        with self.client.post("/_dash-update-component", json=payload, name=name, catch_response=True) as r:
            if r.status_code == 204:  # no update: still an answer
                return {}
            if r.status_code != 200:
                r.failure(f"{r.status_code}")
                return None
            return r.json().get("response", {})

    def _page(self, name: str, path: str, search: str = "") -> dict[str, Any]:
        out = self._post(name, "page-content.children", {"url.pathname": path, "url.search": search},
                         ["url.pathname"])
        return layout_values(out.get("page-content", {}).get("children")) if out else {}

    # -- what a practitioner does ----------------------------------------------------------------
    @task(1)
    def health(self) -> None:
        """The baseline: the cheapest signed-in request, under the same load."""
        self.client.get("/healthz", name="baseline: /healthz")

    @task(4)
    def visit_a_child(self) -> None:
        child = random.choice(SAMPLE["children"])
        self._page("find page", "/")
        self._post("find", "find-results.children",
                   {"find-go.n_clicks": 1, "find-text.value": child["family_name"], "find-dob.value": None},
                   ["find-go.n_clicks"])
        values = self._page("child page", f"/child/{child['child_id']}")
        if not values:
            return
        drawn = self._post("ecomap", "ecomap.elements", values, ["categories.value"])
        nodes = [e["data"] for e in (drawn or {}).get("ecomap", {}).get("elements", [])
                 if "source" not in e.get("data", {}) and e.get("data", {}).get("kind") not in ("child", "group")]
        if nodes:
            self._post("evidence", "evidence.children",
                       {**values, "ecomap.tapNodeData": random.choice(nodes[:10])}, ["ecomap.tapNodeData"])
        words = random.choice(SAMPLE["child_words"])
        search = {"search-go.n_clicks": 1, "search-text.value": words, "search-child.value": child["child_id"],
                  "search-order.value": "newest", "search-skip.data": 0}
        self._page("search page", "/search")
        self._post("search (child)", "search-results.children", search, ["search-go.n_clicks"])
        council = {**search, "search-text.value": random.choice(SAMPLE["council_words"]), "search-child.value": None}
        self._post("search (council)", "search-results.children", council, ["search-go.n_clicks"])
