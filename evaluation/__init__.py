"""Evaluation against synthetic truth: a development tool above the product.

Mention extraction (:mod:`evaluation.mentions`), record linkage
(:mod:`evaluation.record_linkage`), whole networks (:mod:`evaluation.network`) and the one
report of the chain (:mod:`evaluation.report`, ``kinscope eval``). The product never imports
this package; the CLI imports it lazily for its evaluation commands.
"""
