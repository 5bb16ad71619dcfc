"""What the SSD converter reads: the SSD tables and columns it uses, and its vocabularies.

Table and column names are those of the Standard Safeguarding Dataset specification
(data-to-insight/ssd-data-model, `data/objects/*.yml`). Columns are matched by name, case-
insensitively; their order in a file does not matter and other columns are ignored (listed in
the conversion report). The mapping to the contract is documented in docs/ssd.md.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SsdTable:
    """One SSD table the converter reads."""

    name: str
    required: tuple[str, ...]  # without these columns the table cannot be read
    optional: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()  # SQL Server datetimes or ISO dates; 1900-01-01 read as missing
    ids: tuple[str, ...] = ()  # identifiers: -1 read as missing
    row_id: str | None = None  # the column naming a row in the report and quarantine

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


def _t(name: str, required: str, optional: str = "", dates: str = "", ids: str = "",
       row_id: str | None = None) -> SsdTable:
    split = lambda text: tuple(text.split())  # noqa: E731
    return SsdTable(name, split(required), split(optional), split(dates), split(ids),
                    row_id or split(required)[0])


PERSON = _t(
    "ssd_person", "pers_person_id",
    "pers_forename pers_surname pers_sex pers_gender pers_ethnicity pers_dob pers_common_child_id "
    "pers_upn_unknown pers_legacy_id pers_expected_dob pers_death_date",
    dates="pers_dob pers_expected_dob pers_death_date", ids="pers_person_id",
)
ADDRESS = _t(
    "ssd_address", "addr_person_id",
    "addr_table_id addr_address_json addr_address_type addr_address_start_date "
    "addr_address_end_date addr_address_postcode",
    dates="addr_address_start_date addr_address_end_date", ids="addr_person_id addr_table_id",
    row_id="addr_table_id",
)
FAMILY = _t(
    "ssd_family", "fami_family_id fami_person_id", "fami_table_id",
    ids="fami_family_id fami_person_id fami_table_id",
)
MOTHER = _t(
    "ssd_mother", "moth_person_id moth_childs_person_id", "moth_table_id moth_childs_dob",
    dates="moth_childs_dob", ids="moth_person_id moth_childs_person_id moth_table_id",
    row_id="moth_table_id",
)
INVOLVEMENTS = _t(
    "ssd_involvements", "invo_involvements_id invo_person_id invo_professional_id",
    "invo_professional_role_id invo_professional_team invo_involvement_start_date "
    "invo_involvement_end_date invo_worker_change_reason invo_referral_id",
    dates="invo_involvement_start_date invo_involvement_end_date",
    ids="invo_involvements_id invo_person_id invo_professional_id invo_professional_team",
)
PROFESSIONALS = _t(
    "ssd_professionals", "prof_professional_id",
    "prof_staff_id prof_professional_name prof_social_worker_registration_no "
    "prof_professional_job_title prof_professional_department",
    ids="prof_professional_id prof_staff_id",
)
DEPARTMENT = _t(
    "ssd_department", "dept_team_id", "dept_team_name dept_team_parent_id dept_team_parent_name",
    ids="dept_team_id dept_team_parent_id",
)
LINKED_IDENTIFIERS = _t(
    "ssd_linked_identifiers", "link_person_id",
    "link_table_id link_identifier_type link_identifier_value link_valid_from_date link_valid_to_date",
    dates="link_valid_from_date link_valid_to_date", ids="link_person_id link_table_id",
    row_id="link_table_id",
)
LEGAL_STATUS = _t(
    "ssd_legal_status", "lega_person_id",
    "lega_legal_status_id lega_legal_status lega_legal_status_start_date lega_legal_status_end_date",
    dates="lega_legal_status_start_date lega_legal_status_end_date",
    ids="lega_person_id lega_legal_status_id", row_id="lega_legal_status_id",
)
CIN_EPISODES = _t(
    "ssd_cin_episodes", "cine_person_id", "cine_referral_id cine_referral_date cine_close_date",
    dates="cine_referral_date cine_close_date", ids="cine_person_id cine_referral_id",
    row_id="cine_referral_id",
)
CP_PLANS = _t(
    "ssd_cp_plans", "cppl_person_id", "cppl_cp_plan_id cppl_cp_plan_start_date cppl_cp_plan_end_date",
    dates="cppl_cp_plan_start_date cppl_cp_plan_end_date", ids="cppl_person_id cppl_cp_plan_id",
    row_id="cppl_cp_plan_id",
)
CLA_EPISODES = _t(
    "ssd_cla_episodes", "clae_person_id",
    "clae_cla_episode_id clae_cla_episode_start_date clae_cla_episode_ceased_date",
    dates="clae_cla_episode_start_date clae_cla_episode_ceased_date",
    ids="clae_person_id clae_cla_episode_id", row_id="clae_cla_episode_id",
)
CIN_VISITS = _t(
    "ssd_cin_visits", "cinv_cin_visit_id cinv_person_id",
    "cinv_cin_visit_date cinv_cin_visit_seen cinv_cin_visit_seen_alone",
    dates="cinv_cin_visit_date", ids="cinv_cin_visit_id cinv_person_id",
)
CP_VISITS = _t(
    "ssd_cp_visits", "cppv_cp_visit_id cppv_person_id",
    "cppv_cp_plan_id cppv_cp_visit_date cppv_cp_visit_seen cppv_cp_visit_seen_alone",
    dates="cppv_cp_visit_date", ids="cppv_cp_visit_id cppv_person_id",
)
CLA_VISITS = _t(
    "ssd_cla_visits", "clav_cla_visit_id clav_person_id",
    "clav_cla_id clav_cla_visit_date clav_cla_visit_seen clav_cla_visit_seen_alone",
    dates="clav_cla_visit_date", ids="clav_cla_visit_id clav_person_id",
)
EXT_CASE_NOTES = _t(
    "ssd_ext_case_notes", "casenote_id person_id",
    "casenote_date casenote_type casenote_subject casenote_text professional_id recorded_at restricted",
    dates="casenote_date", ids="casenote_id person_id professional_id",
)
"""Kinscope's extension table (not part of the SSD): case-note text, see docs/ssd.md."""
EXT_PERSON_RELATIONSHIP = _t(
    "ssd_ext_person_relationship", "relationship_id person_id related_person_id",
    "relationship_type_code relationship_type start_date end_date related_forename related_surname "
    "related_dob related_gender related_address related_postcode related_phone related_email "
    "parental_responsibility",
    dates="start_date end_date related_dob", ids="relationship_id person_id related_person_id",
)
"""Kinscope's extension table (not part of the SSD): a case system's person relationships
(Liquidlogic FACT_PERSON_RELATION, Mosaic MO_PERSON_RELATIONSHIPS), see docs/ssd.md."""
EXTENSION_TABLES = (EXT_CASE_NOTES, EXT_PERSON_RELATIONSHIP)

TABLES: tuple[SsdTable, ...] = (
    PERSON, ADDRESS, FAMILY, MOTHER, INVOLVEMENTS, PROFESSIONALS, DEPARTMENT, LINKED_IDENTIFIERS,
    LEGAL_STATUS, CIN_EPISODES, CP_PLANS, CLA_EPISODES, CIN_VISITS, CP_VISITS, CLA_VISITS,
    *EXTENSION_TABLES,
)
TABLES_BY_NAME = {t.name: t for t in TABLES}

SSD_TABLES_NOT_READ = frozenset(
    "ssd_api_data_staging ssd_assessment_factors ssd_care_leavers ssd_cin_assessments "
    "ssd_cin_plans ssd_cla_care_plan ssd_cla_convictions ssd_cla_health ssd_cla_immunisations "
    "ssd_cla_placement ssd_cla_previous_permanence ssd_cla_reviews ssd_cla_substance_misuse "
    "ssd_contacts ssd_cp_reviews ssd_disability ssd_early_help_episodes ssd_ehcp_active_plans "
    "ssd_ehcp_assessment ssd_ehcp_named_plan ssd_ehcp_requests ssd_immigration_status "
    "ssd_initial_cp_conference ssd_missing ssd_permanence ssd_pre_proceedings ssd_s251_finance "
    "ssd_s47_enquiry ssd_sdq_scores ssd_sen_need ssd_send ssd_version_log ssd_voice_of_child".split()
)
"""SSD tables that exist in the specification but carry nothing the contract has a place for:
a file for one of them is listed in the report as `not_read`, not as an unknown table."""

RESTRICTION_WORDS = ("restrict", "sensitiv", "confidential")
"""A column of ssd_person (or of the extension table) whose name holds one of these words is read
as a restriction flag, failing closed (docs/ssd.md, Restriction)."""


@dataclass(frozen=True)
class Relationship:
    """How one SSD relationship is written: the contract's `relationship` text, the role Kinscope
    reads from it (ranking.roles.canonical_role) and a Person Standard relationship code."""

    relationship: str
    kinscope_role: str
    person_standard_code: str


MOTHER_OF_CHILD = Relationship("Mother", "mother", "MTH")
CHILD_OF_MOTHER = Relationship("Child", "child", "CHILD")
FAMILY_MEMBER = Relationship("Family member", "family member", "FAMMEMB")
RELATIONSHIPS = (MOTHER_OF_CHILD, CHILD_OF_MOTHER, FAMILY_MEMBER)

RELATED_ROLE_CODES = {
    "mother": "MTH", "father": "FTH", "parent": "PRN",
    "mother's partner": "STPPRN", "father's partner": "STPPRN",
    "grandparent": "GRPRN", "grandmother": "GRMTH", "grandfather": "GRFTH",
    "maternal grandmother": "MGRMTH", "maternal grandfather": "MGRFTH",
    "paternal grandmother": "PGRMTH", "paternal grandfather": "PGRFTH",
    "aunt": "AUNT", "maternal aunt": "MAUNT", "paternal aunt": "PAUNT",
    "uncle": "UNCLE", "maternal uncle": "MUNCLE", "paternal uncle": "PUNCLE",
    "sibling": "SIB", "brother": "BRO", "sister": "SIS", "half-brother": "HBRO", "half-sister": "HSIS",
    "cousin": "COUSN", "child": "CHILD", "son": "SON", "daughter": "DAU", "family member": "FAMMEMB",
    "foster carer": "PRNFOST", "family friend": "FRND", "friend": "FRND", "neighbour": "NBOR",
    "boyfriend": "SIGOTHR", "girlfriend": "SIGOTHR", "partner": "SIGOTHR",
}
"""Kinscope role (ranking.roles.canonical_role of the relationship text) → the Person Standard
relationship code written for an extension-table relationship. Roles with no code here (kinship
carer, godparent, associates...) are written with a blank code and the warning
`relationship_not_coded`. Step-parent (STPPRN) stands for a parent's partner."""
ROLE_OF_CODE: dict[str, str] = {}
for _role, _code in RELATED_ROLE_CODES.items():
    ROLE_OF_CODE.setdefault(_code, _role)
"""A relationship given only as a code: the first role listed with that code (its words)."""
RELATIONSHIP_CODE_COLUMN = "person_standard_relationship"
"""Extra column of significant_adults.csv holding the relationship code (the contract has no
field for it; the loader ignores it)."""

VISIT_TYPES = {"ssd_cin_visits": "CIN visit", "ssd_cp_visits": "CP visit", "ssd_cla_visits": "CLA visit"}
