"""Component ids shared by a page's layout and its callbacks (and the browser tests), written
once here instead of as string literals in two files: the pages in :mod:`dashboards.pages` and
the child's map layout in :mod:`dashboards.views` take them from here. An id only one file uses
(and the browser tests' selectors) may stay a literal."""

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

# a record opened from the map, a search or the chronology
RECORD_TITLE = "record-title"
RECORD_TEXT = "record-text"
MENTION_FOCUS = "mention-focus"

# search case notes and documents
SEARCH_SKIP = "search-skip"
SEARCH_TEXT = "search-text"
SEARCH_CHILD = "search-child"
SEARCH_KIND = "search-kind"
SEARCH_TYPE = "search-type"
SEARCH_FROM = "search-from"
SEARCH_TO = "search-to"
SEARCH_GO = "search-go"
SEARCH_ORDER = "search-order"
SEARCH_RESULTS = "search-results"
SEARCH_PREV = "search-prev"
SEARCH_NEXT = "search-next"
SEARCH_NONE = "search-none"
SEARCH_COUNT = "search-count"
SEARCH_LIST = "search-list"

# a print button (printable page, chronology): window.print() in the shell's clientside callback
PRINT_NOW = "print-now"

# MACE: children compared
MACE_CHILDREN = "mace-children"
MACE_COHORT = "mace-cohort"
MACE_INITIALS = "mace-initials"
MACE_GO = "mace-go"
MACE_RESULTS = "mace-results"
MACE_NONE = "mace-none"
MACE_CHILDREN_LIST = "mace-children-list"
MACE_SHARED = "mace-shared"
MACE_PATHS = "mace-paths"

# a child's chronology
CHRON_CHILD = "chron-child"
CHRON_TITLE = "chron-title"
CHRON_PERSON = "chron-person"
CHRON_TYPE = "chron-type"
CHRON_CSV = "chron-csv"
CHRON_DOCX = "chron-docx"
CHRON_UNDATED = "chron-undated"
CHRON_RESULTS = "chron-results"
CHRON_FILTER_LINE = "chron-filter-line"
CHRON_NONE = "chron-none"
CHRON_TABLE = "chron-table"

# family group conference: the wider family
FGC_TITLE = "fgc-title"
FGC_CSV = "fgc-csv"
FGC_CHECKED_ONLY = "fgc-checked-only"
FGC_NOTES = "fgc-notes"
FGC_RELATIVES = "fgc-relatives"

# the printable pages (practitioner, family-facing)
PRINT_TITLE = "print-title"
PRINT_CHECKED_ONLY = "print-checked-only"
PRINT_MAP = "print-map"
PRINT_PEOPLE = "print-people"

# the child's map: the practitioner's decisions and corrections in the evidence panel
DECIDE_RISK = "decide-risk"
DECIDE_PROTECTIVE = "decide-protective"
DECIDE_CLEAR = "decide-clear"
DECIDE_HIDE = "decide-hide"
DECIDE_CONFIRM = "decide-confirm"
DECIDE_SPLIT = "decide-split"
DECIDE_SAME = "decide-same"
DECIDE_NOT_SAME = "decide-not-same"
DECIDE_NOT_PERSON = "decide-not-person"
DECIDE_ROLE = "decide-role"
DECIDE_LOOKS_RIGHT = "decide-looks-right"

# the child's map (layout in dashboards.views.child_page)
CHILD_ID = "child-id"
MONTHS = "months"
ECOMAP = "ecomap"
LEGEND_HOLDER = "legend-holder"
MAP_STATUS = "map-status"
AS_OF = "as-of"
AS_OF_LABEL = "as-of-label"
AS_OF_NOW = "as-of-now"
PLAY = "play"
PLAY_TIMER = "play-timer"
MAP_SELECTION = "map-selection"
CATEGORIES = "categories"
CONFIDENCE = "confidence"
MAP_TEXT = "map-text"
TOP_N = "top-n"
SHOW_MORE = "show-more"
SHOW_FEWER = "show-fewer"
EXPANDED = "expanded"
HIDDEN = "hidden"
HIDE_PERSON = "hide-person"
UNHIDE = "unhide"
LAYOUT = "layout"
MODE = "mode"
SHOW_HIDDEN = "show-hidden"
DECISIONS_VERSION = "decisions-version"
MEMBER_LIST = "member-list"
LIST_SORT = "list-sort"
TIMELINE = "timeline"
EVIDENCE = "evidence"
EVIDENCE_NAME = "evidence-name"
SELECTED_KEY = "selected-key"
DECISION_REASON = "decision-reason"
DECISION_STATUS = "decision-status"
MERGE_RECORDS = "merge-records"
SAME_AS = "same-as"
SAME_AS_SEARCH = "same-as-search"
SAME_AS_SEARCH_GO = "same-as-search-go"
NOT_SAME_NAMES = "not-same-names"
CORRECT_ROLE = "correct-role"
CORRECT_GROUP = "correct-group"
EXPORT_PNG = "export-png"
EXPORT_SVG = "export-svg"
EXPORT_STATUS = "export-status"
CHILD_SEARCH_TEXT = "child-search-text"
CHILD_SEARCH_GO = "child-search-go"
FAMILY_LINES = "family-lines"
MONTH_RECORDS = "month-records"
MONTH_KEYS = "month-keys"  # the time bar's months as buttons (keyboard)
MONTH_KEY = "month-key"  # pattern-matching id type of one month's button
