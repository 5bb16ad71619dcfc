"""Ground truth bookkeeping: surface forms per true person and network evidence per child."""

from __future__ import annotations

from datetime import date

from synthetic import roles
from synthetic.people import Person
from synthetic.records import ExportWriter


class FormBook:
    """Every surface form each true person is written as. Family-local people are flushed
    after their family; people shared across families (staff, carers, associates, children in
    exploitation clusters) stay until the end."""

    def __init__(self) -> None:
        self.glob: dict[str, tuple[Person, set[str]]] = {}
        self.local: dict[str, tuple[Person, set[str]]] = {}

    def add(self, p: Person, form: str | None) -> None:
        if not form or not form.strip():
            return
        book = self.glob if p.is_global else self.local
        entry = book.get(p.pid)
        if entry is None:
            entry = book[p.pid] = (p, set())
        entry[1].add(form)

    def _write(self, w: ExportWriter, book: dict) -> None:
        for pid, (p, forms) in book.items():
            w.truth["persons.csv"].write({"person_id": pid, "canonical_name": p.canonical,
                                          "surface_forms": "|".join(sorted(forms))})

    def flush_local(self, w: ExportWriter) -> None:
        self._write(w, self.local)
        self.local = {}

    def flush_global(self, w: ExportWriter) -> None:
        self._write(w, dict(sorted(self.glob.items(), key=lambda kv: _pid_key(kv[0]))))
        self.glob = {}


def _pid_key(pid: str) -> int:
    try:
        return int(pid.rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return 0


class Network:
    """(child, person) -> category, role, first_seen, last_seen, from every piece of evidence."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], list] = {}

    def see(self, child_id: str, pid: str, category: str, role: str, d: date | None,
            d2: date | None = None) -> None:
        if d is None:
            return
        key = (child_id, pid)
        row = self.rows.get(key)
        last = d2 or d
        if row is None:
            self.rows[key] = [category, role, d, last]
        else:
            if d < row[2]:
                row[2] = d
            if last > row[3]:
                row[3] = last

    def write(self, w: ExportWriter) -> None:
        for (cid, pid), (cat, role, first, last) in self.rows.items():
            w.truth["networks.csv"].write({"child_id": cid, "person_id": pid, "category": roles.truth_category(cat, role),
                                           "role": role, "first_seen": first.isoformat(),
                                           "last_seen": last.isoformat()})
        self.rows = {}
