"""The pages' router (dashboards.pages.match) and the help page's layout (no graph read)."""

from __future__ import annotations

from types import SimpleNamespace

from dashboards import pages
from dashboards.pages import audit, find, help, quality, review


def _page(path: str) -> SimpleNamespace:
    return SimpleNamespace(PATH=path)


def test_match_picks_the_page_and_its_variables():
    fgc, child = _page("/child/<child_id>/fgc"), _page("/child/<child_id>")
    table = (child, fgc)
    assert pages.match(["child", "C-1", "fgc"], table) == (fgc, {"child_id": "C-1"})
    assert pages.match(["child", "C 1/2"], table) == (child, {"child_id": "C 1/2"})
    assert pages.match(["child", "C-1", "print"], table) is None
    assert pages.match([], table) is None
    assert pages.match(["help"]) == (help, {}) and pages.match(["audit"]) == (audit, {})
    assert pages.match(["quality"]) == (quality, {}) and pages.match(["review"]) == (review, {})
    assert pages.match([]) == (find, {})


class _Cx:
    def __init__(self) -> None:
        self.events: list[tuple] = []

    def audit(self, *args, **kwargs) -> None:
        self.events.append(args)


def _text(component) -> str:
    """Every string in a Dash component tree."""
    if component is None:
        return ""
    if isinstance(component, str):
        return component
    if isinstance(component, (list, tuple)):
        return " ".join(_text(c) for c in component)
    return _text(getattr(component, "children", None))


def test_help_says_what_each_confidence_means_and_who_sees_what():
    text = _text(help.layout(_Cx(), SimpleNamespace(is_admin=False), {}))
    for words in ("High:", "Medium:", "Low:", "Not a person", "Checked by", "restricted", "audit trail",
                  "What data Kinscope holds"):
        assert words in text, words


def test_audit_page_refuses_a_non_admin_and_records_it():
    cx = _Cx()
    page = audit.layout(cx, SimpleNamespace(is_admin=False), {})
    assert "for administrators" in _text(page) and cx.events == [("denied", "audit", {"page": "audit"})]
    assert "Audit trail" in _text(audit.layout(cx, SimpleNamespace(is_admin=True), {}))


def test_quality_page_is_for_practitioners_and_admins():
    assert "for practitioners" in _text(quality.layout(_Cx(), SimpleNamespace(roles=("viewer",)), {}))
    assert "Data quality" in _text(quality.layout(_Cx(), SimpleNamespace(roles=("practitioner",)), {}))
