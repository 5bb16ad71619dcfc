"""Converters from standard council extracts to Kinscope's source export contract.

`convert.ssd` reads Data to Insight's Standard Safeguarding Dataset (SSD) tables, given as a
folder of CSV files, and writes a contract export (docs/contract/README.md); see docs/ssd.md.
"""
