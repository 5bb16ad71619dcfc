"""Recorded contact details (significant_adults: address_line, postcode, phone, email, with the date
recorded) on the real Neo4j: kept by the loader; read through the gateway only for permitted roles;
never what a restricted child's record says to someone who may not see that child, also when the
adult is shared with a visible child (restricted_graph.py: Marta Duda, mother of restricted C-85
and visible C-86)."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone

import pytest

import restricted_graph as rg
from dashboards import contacts, views
from dashboards.auth import User
from graph_model import queries as q
from graph_model.cypher import cypher
from graph_model.gateway import Viewer

pytestmark = pytest.mark.integration

OUTSIDER = Viewer("ben", frozenset({rg.OUTSIDER_TEAM}), frozenset({"practitioner"}))
INSIDER = Viewer("sam", frozenset({rg.SECRET_TEAM}), frozenset({"fgc_coordinator"}))
ANALYST = Viewer("ana", frozenset({rg.SECRET_TEAM, rg.OUTSIDER_TEAM}), frozenset({"analyst", "admin"}))


def _dump(value) -> str:
    return json.dumps(value, default=str, sort_keys=True)


def test_a_shared_adult_shows_only_what_visible_childrens_records_say(restricted_graph_driver):
    driver = restricted_graph_driver
    seen = q.contact_details(driver, OUTSIDER, "C-86", ["P-M", "P-F", "P-Q"])
    assert [d["relationship_id"] for d in seen["P-M"]] == ["R-86M"]
    assert seen["P-M"][0]["phone"] == "07700 900866" and seen["P-M"][0]["recorded"].year == 2024
    assert not rg.leaks(_dump(seen))
    assert q.contact_details(driver, OUTSIDER, "C-85", ["P-M", "P-F"]) == {}  # the restricted child's map
    # who may see C-85 sees both records (newest first, then by record id)
    both = q.contact_details(driver, INSIDER, "C-85", ["P-M"])["P-M"]
    assert {d["relationship_id"] for d in both} == {"R-85M", "R-86M"}


def test_roles_without_the_permission_read_nothing_even_straight_from_the_statement(restricted_graph_driver):
    driver = restricted_graph_driver
    assert q.contact_details(driver, ANALYST, "C-86", ["P-M"]) == {}
    params = {"child_id": "C-86", "keys": ["P-M"], "contact_roles": sorted(q.CONTACT_DETAILS_ROLES),
              **ANALYST.access_params()}
    records, _, _ = driver.execute_query(cypher("app/contact_details"), params)
    assert records == []
    assert User("asha", roles=frozenset({"practitioner"})).may_see_contact_details
    assert User("fay", roles=frozenset({"fgc_coordinator"})).may_see_contact_details
    assert not User("ana", roles=frozenset({"analyst", "admin"})).may_see_contact_details


def test_a_person_not_on_the_childs_map_gets_nothing(restricted_graph_driver):
    # Rita is named only in Anya's restricted note (read by Anya's allocated team): not for the outsider
    assert q.contact_details(restricted_graph_driver, OUTSIDER, "C-86", ["P-R", "worker:W-1", "child:C-85"]) == {}


def test_the_panel_shows_each_detail_with_its_date_and_nothing_when_not_permitted():
    detail = {"address_line": "4 Mill Lane", "postcode": "AB12 3CD", "phone": "07700 900866", "email": None,
              "recorded": datetime(2024, 1, 1)}
    assert contacts.contact_text(detail) == "4 Mill Lane, AB12 3CD · 07700 900866 (recorded 01 Jan 2024)"
    member = {"key": "P-M", "kind": "person", "name": "Marta Duda", "roles": ["mother"], "category": "family"}
    shown = _dump(views.evidence_panel("C-86", member, {"mentions": []}, contacts=[detail]))
    assert "07700 900866" in shown and "recorded 01 Jan 2024" in shown
    assert "contact-details" not in _dump(views.evidence_panel("C-86", member, {"mentions": []}, contacts=None))
    assert "No contact details recorded" in _dump(views.evidence_panel("C-86", member, {"mentions": []}, contacts=[]))


class _Cx:
    """What the FGC page reads through (the app's AppContext): the driver and the signed-in user."""

    database = None

    def __init__(self, driver, user: User) -> None:
        self.driver, self._user, self.events = driver, user, []

    def user(self) -> User:
        return self._user

    def viewer(self, user: User) -> Viewer:
        return Viewer(user.username, user.teams, user.roles)

    def members(self, user: User, child_id: str) -> dict:
        from ranking.viewer_network import ecomap_members

        return ecomap_members(self.driver, self.viewer(user), child_id)

    def audit(self, action, target=None, detail=None, user=None) -> None:
        self.events.append((action, target, detail))


def test_the_fgc_list_and_csv_show_details_to_permitted_users_only(restricted_graph_driver):
    from dashboards.pages import fgc

    coordinator = User("fay", teams=frozenset({rg.OUTSIDER_TEAM}), roles=frozenset({"fgc_coordinator"}))
    analyst = User("ana", teams=frozenset({rg.OUTSIDER_TEAM, rg.SECRET_TEAM}), roles=frozenset({"analyst"}))
    cx = _Cx(restricted_graph_driver, coordinator)
    listed = [{"key": "P-M", "kind": "person", "name": "Marta Duda", "roles": ["mother"], "category": "family"}]
    details = fgc.contacts(cx, coordinator, "C-86", listed, [])
    assert [d["relationship_id"] for d in details["P-M"]] == ["R-86M"]
    shown = _dump(fgc.page({"child_id": "C-86"}, listed, [], contacts=details))
    assert fgc.CONTACT_HEADING in shown and "07700 900866 (recorded 01 Jan 2024)" in shown
    assert not rg.leaks(shown)
    assert fgc.contacts(cx, analyst, "C-86", listed, []) is None
    assert fgc.CONTACT_HEADING not in _dump(fgc.page({"child_id": "C-86"}, listed, [], contacts=None))
    # the CSV: a column for the coordinator (audited with the count), none for the analyst
    body = fgc.csv_export(cx, "C-86").get_data(as_text=True)
    assert "contact_details_as_recorded" in body.splitlines()[0]
    assert ("export", "child:C-86") in {e[:2] for e in cx.events} and any("contact_details" in (e[2] or {}) for e in cx.events)
    assert not rg.leaks(body)
    assert "contact_details" not in fgc.csv_export(_Cx(restricted_graph_driver, analyst), "C-86").get_data(as_text=True)


def test_the_loader_keeps_the_details_with_the_date_recorded(clean_graph, tmp_path):
    from test_review_browser import EXAMPLE

    from graph_model.loader import load_export

    export = tmp_path / "export"
    shutil.copytree(EXAMPLE, export, ignore=shutil.ignore_patterns("truth"))
    load_export(clean_graph, export, report_dir=tmp_path / "load")
    records, _, _ = clean_graph.execute_query(
        "MATCH (r:AdultRecord {relationship_id: 'R-1'}) RETURN r.address_line AS a, r.postcode AS p, "
        "r.phone AS ph, r.email AS e, r.updated_at AS at")
    r = records[0]
    assert (r["a"], r["p"], r["ph"], r["e"]) == ("14 Filey Road, Scarborough", "YO12 5AB", "07700 900123", None)
    assert r["at"].to_native() == datetime(2023, 3, 2, 10, 0, tzinfo=timezone.utc)
