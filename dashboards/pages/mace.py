"""MACE (multi-agency child exploitation): several children, or a group of children found
together, compared -- the people and places they share and the chains of ties between two of them.
Only the children the user may see are compared (the queries' rule), and a person hidden from
shared views on any compared child's map is left out (:mod:`dashboards.hidden_people`)."""

from __future__ import annotations

import re
from typing import Any

from dash import Input, Output, dcc, html

from dashboards import ecomap, hidden_people, ids
from graph_model import queries

PATH = "/mace"
MAX_CHILDREN = 50


def layout(cx: Any, user: Any, query: dict[str, str]) -> Any:
    return page(query.get("children", ""), query.get("cohort", ""))


def case_refs(text: str | None) -> list[str]:
    """The case references typed (commas, spaces or semicolons between), at most 50."""
    return [x for x in re.split(r"[,\s;]+", (text or "").strip()) if x][:MAX_CHILDREN]


def page(children_text: str = "", cohort: str = "") -> html.Div:
    return html.Div(className="page", children=[
        html.H1("MACE: children compared"),
        html.P("Pick several children (case references) or a group of children Kinscope found together: "
               "the people and places they share, and the chains of ties between two of them. Peer maps are "
               "for safeguarding, not for labelling children: children are shown by initials unless you untick it.", className="muted"),
        html.Div(className="form-row", children=[
            html.Div([html.Label("Children (case references, comma separated)", htmlFor=ids.MACE_CHILDREN),
                      dcc.Input(id=ids.MACE_CHILDREN, type="text", value=children_text, debounce=True,
                                className="text-input wide")]),
            html.Div([html.Label("or a group of children found together (its number)", htmlFor=ids.MACE_COHORT),
                      dcc.Input(id=ids.MACE_COHORT, type="text", value=cohort, debounce=True, className="text-input")]),
            dcc.Checklist(id=ids.MACE_INITIALS, value=["on"], className="checklist",
                          options=[{"label": "Children and peers by initials only", "value": "on"}]),
            html.Button("Compare", id=ids.MACE_GO, className="button primary", n_clicks=0),
        ]),
        html.Div(id=ids.MACE_RESULTS, **{"aria-live": "polite"}),
    ])


def _link_words(link: dict[str, Any]) -> str:
    """How a child knows a shared person: the roles, else the group ("Role not known", never "Community")."""
    roles = ecomap.known_roles(link)
    if roles:
        return ", ".join(roles)
    return ecomap.group_label(link) if link.get("category") in ecomap.CATEGORY_STYLE else str(link.get("category") or "—")


def results(children: list[dict[str, Any]], shared: list[dict[str, Any]], paths: list[dict[str, Any]],
            *, initials: bool) -> Any:
    if len(children) < 2:
        return html.P("Pick at least two children you have access to.", className="muted", id=ids.MACE_NONE)
    peer_keys = {s["key"] for s in shared if s["kind"] == "child"
                 or any(link.get("category") == "friend_or_peer" for link in s.get("links") or [])}
    names = {c["child_id"]: (ecomap.initials(c.get("display_name")) if initials else (c.get("display_name") or c["child_id"]))
             for c in children}

    def shown(key: str, name: str | None, kind: str) -> str:
        if key in names:
            return names[key]
        if initials and (kind == "child" or key in peer_keys):
            return ecomap.initials(name)
        return name or key

    out: list[Any] = [html.P("Comparing: " + "; ".join(f"{names[c['child_id']]} ({c['child_id']})" for c in children),
                             id=ids.MACE_CHILDREN_LIST)]
    out.append(html.H2(f"Shared people and places ({len(shared)})", className="h3"))
    out.append(html.Table(className="table", id=ids.MACE_SHARED, children=[
        html.Thead(html.Tr([html.Th(h) for h in ("Shared", "Kind", "Children", "How each child knows them")])),
        html.Tbody([html.Tr([
            html.Td(html.Strong(shown(s["key"], s.get("name"), s["kind"]))), html.Td(s["kind"]),
            html.Td(str(len(s["children"]))),
            html.Td("; ".join(f"{names.get(link['child_id'], link['child_id'])}: {_link_words(link)}"
                              for link in s.get("links") or [])),
        ], className="shared-row") for s in shared]),
    ]) if shared else html.P("Nothing shared.", className="muted"))
    if paths:
        a, b = children[0]["child_id"], children[1]["child_id"]
        out.append(html.H2(f"Chains of ties between {names[a]} and {names[b]}", className="h3"))
        out.append(html.Ol(id=ids.MACE_PATHS, children=[
            html.Li(" → ".join(shown(n["key"], n.get("name"), n["kind"]) for n in p["nodes"])) for p in paths]))
    return html.Div(out)


def register(app: Any, cx: Any) -> None:
    @app.callback(Output(ids.MACE_RESULTS, "children"),
                  Input(ids.MACE_GO, "n_clicks"), Input(ids.MACE_CHILDREN, "value"), Input(ids.MACE_COHORT, "value"),
                  Input(ids.MACE_INITIALS, "value"))
    def mace(_n, children_text, cohort, initials):
        user = cx.user()
        asked = case_refs(children_text)
        cohort = (cohort or "").strip() or None
        if not asked and not cohort:
            return ""
        viewer = cx.viewer(user)
        children = queries.mace_children(cx.driver, viewer, asked, cohort, database=cx.database)
        visible = [c["child_id"] for c in children]
        two = len(visible) > 1
        shared = queries.mace_shared(cx.driver, viewer, visible, database=cx.database) if two else []
        paths = queries.mace_paths(cx.driver, viewer, visible[0], visible[1], database=cx.database) if two else []
        hidden = hidden_people.across(cx.members(user, cid)["members"] for cid in visible)
        shared, paths = hidden_people.mace_without(shared, paths, hidden)
        cx.audit("view", "mace", {"children": visible, "cohort": cohort, "shared": len(shared)},
                 about_children=sorted(set(visible) | set(asked)))
        return results(children, shared, paths, initials="on" in (initials or []))
