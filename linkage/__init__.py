"""Entity resolution: significant-adult records -> persons (dedupe), with confidence.

See ``linkage.records.resolve_adult_records`` (records), ``linkage.normalise`` (field
normalisation and comparators), ``linkage.settings`` (typed model settings),
``evaluation.record_linkage`` (pairwise and B-cubed metrics against synthetic truth).
"""

# Bump when normalisation or comparators change: cached learned settings are keyed on it.
MODEL_VERSION = "records-1"
