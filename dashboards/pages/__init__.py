"""The app's pages, one module each (the shape of Dash Pages, without its process-wide registry:
several apps live in one test process). Each module has

* ``PATH`` -- the path it answers, ``<name>`` parts are variables (``/child/<child_id>/fgc``);
* ``layout(cx, user, query, **variables)`` -- the page for the signed-in user. It runs inside the
  guarded Dash request (:mod:`dashboards.auth` refuses anyone not signed in before it), and its
  own access rule (who may see the page) is checked here, server-side, again in each callback;
* ``register(app, cx)`` -- its callbacks (optional).

Every read goes through :mod:`graph_model.queries` with ``cx.viewer(user)``; ``cx`` is the app's
:class:`dashboards.app.AppContext`.
"""

from __future__ import annotations

from types import ModuleType

from dashboards.pages import audit, child, chronology, fgc, find, help, mace, print_view, quality, record, review, search

PAGES: tuple[ModuleType, ...] = (find, help, audit, quality, review, record, search, mace, chronology, fgc,
                                  print_view, child)


def match(parts: list[str], pages: tuple[ModuleType, ...] = PAGES) -> tuple[ModuleType, dict[str, str]] | None:
    """The page whose ``PATH`` fits the (unquoted) path ``parts``, and its variables."""
    for page in pages:
        pattern = [p for p in page.PATH.strip("/").split("/") if p]
        if len(pattern) != len(parts):
            continue
        found: dict[str, str] = {}
        for want, got in zip(pattern, parts):
            if want.startswith("<") and want.endswith(">"):
                found[want[1:-1]] = got
            elif want != got:
                break
        else:
            return page, found
    return None
