"""Help: a short guide inside the app -- what the map shows, what Low/Medium/High mean, how to
check and correct, who can see what, and what data Kinscope holds and why (the GDPR questions
users ask first). Linked from the header of every page. Reads nothing from the case graph."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashboards import ecomap, ids
from dashboards.views import legend

PATH = "/help"


def _section(title: str, anchor: str, *children: Any) -> html.Section:
    return html.Section(id=f"help-{anchor}", className="help-section",
                        children=[html.H2(title, className="h3"), *children])


def layout(cx: Any, user: Any, query: dict[str, str]) -> Any:
    key = [e for e in ecomap.legend_entries([], show_flags=True) if e["type"] in ("node", "line")]
    return html.Div(className="page help-page", children=[
        html.H1("Help", id=ids.HELP_TITLE),
        html.P("Kinscope reads a child's case records and draws the people and places in the child's "
               "life. It suggests; you decide. Everything it shows links back to the record it came from."),
        html.Nav(**{"aria-label": "On this page"}, children=html.Ul([
            html.Li(html.A(t, href=f"#help-{a}")) for t, a in (
                ("What the map shows", "map"), ("Low, Medium and High", "confidence"),
                ("Checking and correcting", "correct"), ("Who can see what", "access"),
                ("What data Kinscope holds, and why", "data"))])),
        _section("What the map shows", "map",
                 html.P("The child is the star in the middle. Around the child are the people and places "
                        "found in the records: recorded relationships, allocated workers, and names in case "
                        "notes and documents. The closer and bigger a shape, the more the records say about "
                        "that person now (more notes, more recent, a recorded relationship). Each group has "
                        "its own shape and colour, so the map still reads when printed in black and white."),
                 html.P("The key beside every map:"),
                 legend(key),
                 html.P("Grey octagons hold more people of a group: click one to open it. The list under the "
                        "map shows the same people, sorted by rank, last seen or group. The time slider shows "
                        "the network as it was at the end of a month.")),
        _section("Low, Medium and High", "confidence",
                 html.Ul([
                     html.Li([html.Strong("High: "), "a recorded fact (a relationship on the file, an allocation), "
                              "or a name the notes use clearly and often."]),
                     html.Li([html.Strong("Medium: "), "probably right; read the evidence before relying on it."]),
                     html.Li([html.Strong("Low: "), "a single mention, or names that only nearly match. Do not rely on "
                              "it without reading the notes. Low people are drawn paler."]),
                 ]),
                 html.P("Conversation mode, the family-facing printable page and the family group conference "
                        "list show only High people and people a practitioner has checked. \"N more people to "
                        "check\" opens the practitioner map with the others.")),
        _section("Checking and correcting", "correct",
                 html.P("Click anyone on the map to see why they are there: every note or document that names "
                        "them, with the name marked. Practitioners can then say:"),
                 html.Ul([
                     html.Li([html.Strong("Same person as… "), "— two entries are one person."]),
                     html.Li([html.Strong("Not the same "), "— names were joined that belong to different people."]),
                     html.Li([html.Strong("Not a person "), "— a word, a heading or a place was read as a name."]),
                     html.Li([html.Strong("Wrong relationship / role / group "), "— choose the right one."]),
                     html.Li([html.Strong("Looks right "), "— you checked it and it is correct."]),
                 ]),
                 html.P(["Each answer is saved with your name and the date, shown on the map as \"Checked by "
                         "<name>, <date>\", written to the audit trail and kept by every later run. The ",
                         dcc.Link("review page", href="/review"), " lists pairs of records that may be the "
                         "same person, answered in two clicks."])),
        _section("Who can see what", "access",
                 html.P("You see the children your team may see. A restricted child, and a restricted note or "
                        "document, is shown only to the teams named on it: to anyone else it does not appear "
                        "in searches, maps, lists, counts or exports, and people known only from it are left "
                        "out. Practitioners can flag, hide and correct; administrators also see the audit "
                        "trail. Every view, search, export and change is recorded with who did it and when."),
                 html.P("Hiding a person takes them out of shared views and exports; it does not delete "
                        "anything.")),
        _section("What data Kinscope holds, and why", "data",
                 html.P("Kinscope holds a copy of the council's case records that it needs to draw the maps: "
                        "children's and adults' names, dates of birth, addresses, recorded relationships, "
                        "worker allocations, and the text of case notes and documents, plus what it works "
                        "out from them (who is mentioned where) and practitioners' corrections. Its purpose "
                        "is to help practitioners understand and support a child's network; the lawful basis "
                        "and how long records are kept are the council's, the same as for the case records "
                        "themselves."),
                 html.Ul([
                     html.Li("Kinscope sends the records to no outside service: its language models run on the "
                             "same servers as the app."),
                     html.Li("A record deleted or corrected in the case system is deleted or corrected here at "
                             "the next load."),
                     html.Li("Requests to see, correct or erase personal data go to the council's data protection "
                             "officer, as for any case record; the audit trail shows who looked at a child's "
                             "data."),
                 ])),
    ])
