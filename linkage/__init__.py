"""Entity resolution: significant-adult records -> persons (dedupe), with confidence.

See ``linkage.records.resolve_adult_records`` (records), ``linkage.normalise`` (field
normalisation and comparators), ``linkage.settings`` (typed model settings),
``evaluation.record_linkage`` (pairwise and B-cubed metrics against synthetic truth).
"""

# Bump when normalisation, comparators or training change: cached learned settings are keyed
# on it. records-2: training is deterministic (linkage.deterministic_training); models cached
# before were trained in string-hash order and differ between processes.
MODEL_VERSION = "records-2"
