"""
The shipped jurisdiction profiles, as data.

Each entry names its parent and overrides only what differs; every setting it sets is
cited twice: in a comment next to the value and in its ``citations`` mapping. Sources
and verification tags ([V] verified, [S] secondary source, [M] from memory, [C]
convention) are the project's own, from its research. Profiles are provisional:
the law changes.
"""

from __future__ import annotations

from typing import Any

from iepmodel._enums import DisabilityCategory, Role

from ._profile import AnnualConvention, DayCounting, EndOfYearRule, EvaluationEndEvent

__all__ = ["CHILDREN", "ROOTS"]

# A root profile: every setting, each cited.
_US: dict[str, Any] = {
    "code": "US",
    "name": "United States (federal, IDEA Part B)",
    "parent": None,
    "initial_evaluation_days": 60,  # 34 CFR 300.301(c)(1)(i)
    "initial_evaluation_counting": DayCounting.CALENDAR,  # 34 CFR 300.11(a)
    "initial_evaluation_absence_threshold": None,  # 34 CFR 300.301(d): no absence rule
    "initial_evaluation_long_break_days": None,  # no federal break exclusion
    "initial_evaluation_end_of_year": None,  # 34 CFR 300.301(c): no end-of-year rule
    # 34 CFR 300.301(c)(1): the evaluation is "conducted" within the 60 days.
    "initial_evaluation_end_event": EvaluationEndEvent.COMPLETED,
    "initial_iep_meeting_days": 30,  # 34 CFR 300.323(c)(1)
    "initial_iep_meeting_counting": DayCounting.CALENDAR,  # 34 CFR 300.11(a)
    "annual_convention": AnnualConvention.ANNIVERSARY_MINUS_ONE,  # 300.324(b)(1)(i); [C]
    "reevaluation_years": 3,  # 34 CFR 300.303(b)(2)
    "reevaluation_years_by_category": {},  # 34 CFR 300.303(b)(2): none
    "reevaluation_min_years": 1,  # 34 CFR 300.303(b)(1)
    "transition_age_years": 16,  # 34 CFR 300.320(b)
    "transition_age_months": 0,  # 34 CFR 300.320(b)
    "age_of_majority": 18,  # 34 CFR 300.320(c), 300.520: state law, 18 in most states
    "meeting_notice_min_days": None,  # 34 CFR 300.322(a)(1): "early enough", no count
    "excusal_input_lead_days": 0,  # 34 CFR 300.321(e)(2)(ii): input "prior to the meeting"
    "parent_contact_attempts": 2,  # 34 CFR 300.322(d); the number is [C]
    "allow_dual_teacher_role": False,  # 34 CFR 300.321(a)(2)-(3); [C]
    "non_excusable_roles": frozenset({Role.PARENT, Role.STUDENT}),  # 34 CFR 300.321(e)
    "leap_birthday": "feb28",  # [C]
    "warn_days": 30,  # [C]
    "disabled_rules": frozenset(),
    "citations": {
        "initial_evaluation_days": "34 CFR 300.301(c)(1)(i)",
        "initial_evaluation_counting": "34 CFR 300.11(a)",
        "initial_evaluation_absence_threshold": "34 CFR 300.301(d) (no absence extension)",
        "initial_evaluation_long_break_days": "34 CFR 300.301(c) (no break exclusion)",
        "initial_evaluation_end_of_year": "34 CFR 300.301(c) (no end-of-year rule)",
        "initial_evaluation_end_event": "34 CFR 300.301(c)(1) (evaluation conducted)",
        "initial_iep_meeting_days": "34 CFR 300.323(c)(1)",
        "initial_iep_meeting_counting": "34 CFR 300.11(a)",
        "annual_convention": "34 CFR 300.324(b)(1)(i); [C] anniversary minus one day",
        "reevaluation_years": "34 CFR 300.303(b)(2)",
        "reevaluation_years_by_category": "34 CFR 300.303(b)(2) (no category limits)",
        "reevaluation_min_years": "34 CFR 300.303(b)(1)",
        "transition_age_years": "34 CFR 300.320(b)",
        "transition_age_months": "34 CFR 300.320(b)",
        "age_of_majority": "34 CFR 300.320(c), 300.520; state law (18 in most states)",
        "meeting_notice_min_days": "34 CFR 300.322(a)(1) (no minimum number of days)",
        "excusal_input_lead_days": "34 CFR 300.321(e)(2)(ii)",
        "parent_contact_attempts": "34 CFR 300.322(d); [C] number of attempts",
        "allow_dual_teacher_role": "34 CFR 300.321(a)(2)-(3); [C]",
        "non_excusable_roles": "34 CFR 300.321(e)",
        "leap_birthday": "[C] Feb 29 birthday on Feb 28",
        "warn_days": "[C] due-soon warnings",
        "disabled_rules": "[C] none",
    },
}

# Ontario is not a US jurisdiction: it is a root of its own. Its settings either come
# from O. Reg. 181/98 or keep the library's mechanics, marked [C]; the US rules that
# have no Ontario counterpart are switched off.
_ONTARIO_WITHOUT_COUNTERPART = frozenset(
    {
        # IEP team composition, excusal and Part C: O. Reg. 181/98 has the principal
        # develop the IEP in consultation with the parent (s. 6(6)); no team roster.
        *(f"T{number}" for number in range(101, 113)),
        # Anniversary annual review, 3-year reevaluation, initial evaluation clock, Part C
        # third birthday, meeting notice, amendments without a meeting: 34 CFR rules with
        # no counterpart in O. Reg. 181/98 (its IPRC review, s. 21, is per school year).
        "D201",
        "D202",
        "D203",
        "D204",
        "D205",
        "D206",
        "D207",
        "D209",
        "D210",
        "D211",
        # Content that only 34 CFR 300.320 / 300.300 require.
        "C306",
        "C307",
        "C312",
        "C314",
        "C315",
        "C316",
        "C317",
        "C318",
        "C319",
    }
)

_CA_ON: dict[str, Any] = {
    **_US,
    "code": "CA-ON",
    "name": "Ontario",
    "parent": None,
    # O. Reg. 181/98 has no evaluation clock (an IPRC identifies and places); D207 is off.
    "initial_iep_meeting_days": 30,  # O. Reg. 181/98 s. 6(8) (O. Reg. 137/01): IEP ...
    "initial_iep_meeting_counting": DayCounting.SCHOOL_DAYS,  # ... within 30 school days
    "transition_age_years": 14,  # O. Reg. 181/98 s. 6(4)-(5)
    "transition_age_months": 0,  # O. Reg. 181/98 s. 6(4)-(5)
    "age_of_majority": 18,  # Age of Majority and Accountability Act, R.S.O. 1990, c. A.7 [M]
    "disabled_rules": _ONTARIO_WITHOUT_COUNTERPART,
    "citations": {
        "initial_evaluation_days": "[C] no evaluation clock in O. Reg. 181/98 (D207 off)",
        "initial_evaluation_counting": "[C] no evaluation clock in O. Reg. 181/98",
        "initial_evaluation_absence_threshold": "[C] no evaluation clock in O. Reg. 181/98",
        "initial_evaluation_long_break_days": "[C] no evaluation clock in O. Reg. 181/98",
        "initial_evaluation_end_of_year": "[C] no evaluation clock in O. Reg. 181/98",
        "initial_evaluation_end_event": "[C] no evaluation clock in O. Reg. 181/98",
        "initial_iep_meeting_days": "O. Reg. 181/98 s. 6(8) (as amended by O. Reg. 137/01)",
        "initial_iep_meeting_counting": "O. Reg. 181/98 s. 6(8) (school days)",
        "annual_convention": "[C] anniversary minus one day (IPRC review: s. 21)",
        "reevaluation_years": "[C] no reevaluation cycle in O. Reg. 181/98 (D204 off)",
        "reevaluation_years_by_category": "[C] no reevaluation cycle in O. Reg. 181/98",
        "reevaluation_min_years": "[C] no reevaluation cycle in O. Reg. 181/98 (D206 off)",
        "transition_age_years": "O. Reg. 181/98 s. 6(4)-(5); PPM 156 (2013)",
        "transition_age_months": "O. Reg. 181/98 s. 6(4)-(5)",
        "age_of_majority": "Age of Majority and Accountability Act, R.S.O. 1990, c. A.7 [M]",
        "meeting_notice_min_days": "[C] no notice minimum in O. Reg. 181/98",
        "excusal_input_lead_days": "[C] no team excusal in O. Reg. 181/98",
        "parent_contact_attempts": "[C] O. Reg. 181/98 s. 6(6) (consult the parent)",
        "allow_dual_teacher_role": "[C] no team roster in O. Reg. 181/98",
        "non_excusable_roles": "[C] no team excusal in O. Reg. 181/98",
        "leap_birthday": "[C] Feb 29 birthday on Feb 28",
        "warn_days": "[C] due-soon warnings",
        "disabled_rules": "34 CFR rules without an O. Reg. 181/98 counterpart",
    },
}

ROOTS: tuple[dict[str, Any], ...] = (_US, _CA_ON)
"""The profiles without a parent, complete."""

# A child profile: (code, name, parent, overrides, citations). A citation may be given
# for a setting that keeps the parent's value when the state's own law sets the same
# number (California's 60 days, for instance).
CHILDREN: tuple[tuple[str, str, str, dict[str, Any], dict[str, str]], ...] = (
    (
        "US-CA",
        "California",
        "US",
        {
            # Cal. Educ. Code 56344(a), 56043(f)(1): days between sessions or terms and
            # vacations of more than 5 school days are not counted.
            "initial_evaluation_counting": DayCounting.CALENDAR_EXCLUDING_LONG_BREAKS,
            "initial_evaluation_long_break_days": 5,  # Cal. Educ. Code 56344(a)
            # Cal. Educ. Code 56344(a): consent 30 days or less before the end of the
            # regular school year: IEP within 30 days of the start of the next one.
            "initial_evaluation_end_of_year": EndOfYearRule(
                window=DayCounting.CALENDAR,
                min_days=0,  # Cal. Educ. Code 56344(a)
                max_days=30,  # Cal. Educ. Code 56344(a)
                days_after_next_year=30,  # Cal. Educ. Code 56344(a)
            ),
            # Cal. Educ. Code 56344(a): the IEP itself is developed within the 60 days.
            "initial_evaluation_end_event": EvaluationEndEvent.IEP_MEETING,
        },
        {
            "initial_evaluation_days": "Cal. Educ. Code 56344(a) (60 days)",
            "initial_evaluation_counting": "Cal. Educ. Code 56344(a), 56043(f)(1)",
            "initial_evaluation_long_break_days": "Cal. Educ. Code 56344(a) ([C] break bounds)",
            "initial_evaluation_end_of_year": "Cal. Educ. Code 56344(a)",
            "initial_evaluation_end_event": "Cal. Educ. Code 56344(a)",
            "initial_iep_meeting_days": "Cal. Educ. Code 56344(a) (30 days)",
        },
    ),
    (
        "US-TX",
        "Texas",
        "US",
        {
            "initial_evaluation_days": 45,  # Tex. Educ. Code 29.004(a)(1); 19 TAC 89.1011
            "initial_evaluation_counting": DayCounting.SCHOOL_DAYS,  # TEC 29.004(a)(1)
            "initial_evaluation_absence_threshold": 3,  # TEC 29.004(a)(1): 3 or more days
            # TEC 29.004(a-1): consent at least 35 but fewer than 45 school days before
            # the last instructional day: report by June 30, ARD by the 15th school day.
            "initial_evaluation_end_of_year": EndOfYearRule(
                window=DayCounting.SCHOOL_DAYS,
                min_days=35,  # TEC 29.004(a-1)
                max_days=44,  # TEC 29.004(a-1): "fewer than 45"
                due_month_day=(6, 30),  # TEC 29.004(a-1)
                meeting_school_day_of_next_year=15,  # TEC 29.004(a-1)
            ),
            "transition_age_years": 14,  # Tex. Educ. Code 29.0111 (state planning age)
        },
        {
            "initial_evaluation_days": "Tex. Educ. Code 29.004(a)(1)",
            "initial_evaluation_counting": "Tex. Educ. Code 29.004(a)(1); 19 TAC 89.1011",
            "initial_evaluation_absence_threshold": "Tex. Educ. Code 29.004(a)(1)",
            "initial_evaluation_end_of_year": "Tex. Educ. Code 29.004(a-1)",
            "transition_age_years": "Tex. Educ. Code 29.0111",
            "transition_age_months": "Tex. Educ. Code 29.0111",
        },
    ),
    (
        "US-NY",
        "New York",
        "US",
        {
            "transition_age_years": 15,  # 8 NYCRR 200.4(d)(2)(ix)
            "excusal_input_lead_days": 5,  # 8 NYCRR 200.3(f) [S]
        },
        {
            "initial_evaluation_days": "8 NYCRR 200.4(b)(7) [S] (60 calendar days)",
            "transition_age_years": "8 NYCRR 200.4(d)(2)(ix)",
            "transition_age_months": "8 NYCRR 200.4(d)(2)(ix)",
            "excusal_input_lead_days": "8 NYCRR 200.3(f) [S] (5 calendar days before)",
        },
    ),
    (
        "US-IL",
        "Illinois",
        "US",
        {
            "initial_evaluation_counting": DayCounting.SCHOOL_DAYS,  # 105 ILCS 5/14-8.02(b)
            # 105 ILCS 5/14-8.02(b); 23 Ill. Adm. Code 226.110 [S]: the evaluation and
            # the eligibility conference within the 60 school days.
            "initial_evaluation_end_event": EvaluationEndEvent.ELIGIBILITY,
            "transition_age_years": 14,  # 105 ILCS 5/14-8.03(a-5): 14 1/2 ...
            "transition_age_months": 6,  # ... 105 ILCS 5/14-8.03(a-5)
            "meeting_notice_min_days": 10,  # 23 Ill. Adm. Code 226.530 [S]
        },
        {
            "initial_evaluation_days": "105 ILCS 5/14-8.02(b); 23 Ill. Adm. Code 226.110 [S]",
            "initial_evaluation_counting": (
                "105 ILCS 5/14-8.02(b); 23 Ill. Adm. Code 226.110 [S] (school days)"
            ),
            "initial_evaluation_end_event": "105 ILCS 5/14-8.02(b); 23 Ill. Adm. Code 226.110 [S]",
            "transition_age_years": "105 ILCS 5/14-8.03(a-5)",
            "transition_age_months": "105 ILCS 5/14-8.03(a-5)",
            "meeting_notice_min_days": "23 Ill. Adm. Code 226.530 [S] (10 days)",
        },
    ),
    (
        "US-PA",
        "Pennsylvania",
        "US",
        {
            "initial_evaluation_counting": DayCounting.CALENDAR_EXCLUDING_SUMMER,  # 14.123(b)
            "reevaluation_years_by_category": {
                DisabilityCategory.INTELLECTUAL_DISABILITY: 2,  # 22 Pa. Code 14.124(c)
            },
            "transition_age_years": 14,  # 22 Pa. Code 14.131(a)(5) [S]
        },
        {
            "initial_evaluation_days": "22 Pa. Code 14.123(b) (60 calendar days)",
            "initial_evaluation_counting": "22 Pa. Code 14.123(b) (summer not counted)",
            "reevaluation_years_by_category": "22 Pa. Code 14.124(c)",
            "transition_age_years": "22 Pa. Code 14.131(a)(5) [S]",
            "transition_age_months": "22 Pa. Code 14.131(a)(5) [S]",
        },
    ),
    (
        "US-AL",
        "Alabama",
        "US",
        {"age_of_majority": 19},  # Ala. Code 26-1-1
        {"age_of_majority": "Ala. Code 26-1-1; 34 CFR 300.320(c), 300.520"},
    ),
    (
        "US-NE",
        "Nebraska",
        "US",
        {"age_of_majority": 19},  # Neb. Rev. Stat. 43-2101
        {"age_of_majority": "Neb. Rev. Stat. 43-2101; 34 CFR 300.320(c), 300.520"},
    ),
    (
        "US-MS",
        "Mississippi",
        "US",
        {"age_of_majority": 21},  # Miss. Code Ann. 1-3-27 [M: education rights at 21?]
        {"age_of_majority": "Miss. Code Ann. 1-3-27; 34 CFR 300.320(c), 300.520"},
    ),
)
"""The profiles with a parent, each as its overrides and their citations."""
