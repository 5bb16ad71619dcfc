"""Component ids shared by a page's layout and its callbacks (and the browser tests), written
once here instead of as string literals in two files. Pages moved to :mod:`dashboards.pages`
take theirs from here; the rest still use literals in ``views`` and ``app`` until they move."""

from __future__ import annotations

# the shell
URL = "url"
PAGE_CONTENT = "page-content"
HELP_LINK = "link-help"

# audit trail (administrators)
AUDIT_USER = "audit-user"
AUDIT_ACTION = "audit-action"
AUDIT_TARGET = "audit-target"
AUDIT_FROM = "audit-from"
AUDIT_TO = "audit-to"
AUDIT_GO = "audit-go"
AUDIT_CSV = "audit-csv"
AUDIT_RESULTS = "audit-results"
AUDIT_TABLE = "audit-table"

# data quality
QUALITY_STAGE = "quality-stage"
QUALITY_REASON = "quality-reason"
QUALITY_RESULTS = "quality-results"
QUALITY_TABLE = "quality-table"
QUALITY_COUNTS = "quality-counts"
QUALITY_NONE = "quality-none"

# help
HELP_TITLE = "help-title"

# find a child, find a person
FIND_TEXT = "find-text"
FIND_DOB = "find-dob"
FIND_GO = "find-go"
FIND_RESULTS = "find-results"
FIND_TABLE = "find-table"
FIND_NONE = "find-none"
PERSON_TEXT = "find-person-text"
PERSON_GO = "find-person-go"
PERSON_RESULTS = "find-person-results"
PERSON_TABLE = "find-person-table"
PERSON_NONE = "find-person-none"

# review possible duplicates (layout in dashboards.review)
REVIEW_LIST = "review-list"
REVIEW_CHOSEN = "review-chosen"
REVIEW_CHOICE = "review-choice"
REVIEW_CONFIRM_AREA = "review-confirm-area"
REVIEW_CONFIRM = "review-confirm"
REVIEW_CANCEL = "review-cancel"
REVIEW_SKIP = "review-skip"
REVIEW_ANSWER = "review-answer"
