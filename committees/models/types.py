"""The kinds of committee activity (SPEC §3.2), shared by plan items, activities and the
quotas that count them (evaluation.Quota.activity_types holds these values)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityType(models.TextChoices):
    # SPEC §3.2, in the order of the source document.
    THEORY_STUDY = "theory_study", _("理论学习")
    POLICY_BRIEFING = "policy_briefing", _("政策宣讲")
    HEART_TO_HEART = "heart_to_heart", _("谈心交流")
    RESEARCH = "research", _("专题调研")
    PARTY_DAY = "party_day", _("主题党日")
    INSPECTION = "inspection", _("视察")
    STUDY_TOUR = "study_tour", _("考察")
    MEMBER_VISIT = "member_visit", _("走访看望委员")
    SYMPOSIUM = "symposium", _("专题座谈会")
    INSIDE_BRIEFING = "inside_briefing", _("知情明政吹风会")
    SITUATION_BRIEFING = "situation_briefing", _("情况通报会")
    SEMINAR = "seminar", _("研讨交流会")
    MEMBER_LECTURE = "member_lecture", _("委员讲堂")
    THINK_TANK_LECTURE = "think_tank_lecture", _("智库讲堂")
    SECTOR_ACTIVITY = "sector_activity", _("界别活动")
    COMMITTEE_PLENARY = "committee_plenary", _("专委会全体会议")
    DIRECTORS_MEETING = "directors_meeting", _("主任会议")
    COUNTERPART_SYMPOSIUM = "counterpart_symposium", _("旗区对口专委会工作座谈会")
    JOINT_MEETING = "joint_meeting", _("秘书长和专委会主任联席会议")
    COMMITTEE_WORK_MEETING = "committee_work_meeting", _("专委会工作会议")
    PROPOSAL_ASSIGNMENT = "proposal_assignment", _("提案交办会")
    PROPOSAL_SYMPOSIUM = "proposal_symposium", _("提案工作座谈会")
    TRAINING = "training", _("培训")
    # Counted by quotas Q8 and Q10 and listed in the office's consultation plan (§6, §10).
    PROPOSAL_TRAINING = "proposal_training", _("提案工作培训")
    SECTOR_CONSULTATION = "sector_consultation", _("界别协商")
    TOPIC_CONSULTATION = "topic_consultation", _("专题协商会")
    COUNTERPART_CONSULTATION = "counterpart_consultation", _("对口协商")


# Kinds of activity that leave no document of their own: a visit to a member or a talk
# with him is evidenced by who was there. Every other kind counts for a quota only with an
# output (minutes, photos, a report, a speech) — see committees.selectors.evidence.
WITHOUT_OUTPUT = (ActivityType.MEMBER_VISIT, ActivityType.HEART_TO_HEART)
# Kinds that count only with a counterpart committee of a banner/district body recorded
# among the participants (§15).
WITH_COUNTERPART = (ActivityType.COUNTERPART_SYMPOSIUM,)
