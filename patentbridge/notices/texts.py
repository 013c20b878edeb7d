"""The sentence of each kind of notice, rendered in the reader's language when shown or e-mailed.

Params hold the event's facts as strings. A param named `*_label` holds an English msgid (a status or a choice's
label, see `msgid`) and is translated at display time too, so nothing in a notice is frozen in one language.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from patentbridge.notices.kinds import NoticeKind

TEXTS: dict[tuple[str, str], Any] = {
    (NoticeKind.SELF_ASSESSMENT_REQUESTED, ""): _("Please assess your patent %(patent)s."),
    (NoticeKind.SELF_ASSESSMENT_ANSWERED, ""): _("%(inventor)s answered the self-assessment of %(patent)s."),
    (NoticeKind.REVIEW_DECISION, ""): _("Decision on %(patent)s: %(decision_label)s."),
    (NoticeKind.LICENCE_TAKEN, ""): _("%(licensee)s took an open licence on %(patent)s."),
    (NoticeKind.INCOME_RECORDED, ""): _("Income of %(amount)s yuan recorded: %(description)s."),
    (NoticeKind.SHARE_ALLOCATED, ""): _("Your share of %(amount)s yuan from %(description)s."),
    (NoticeKind.DEAL_STEP, "proposed"): _("%(party)s proposed the deal “%(deal)s”."),
    (NoticeKind.DEAL_STEP, "moved"): _("%(party)s moved the deal “%(deal)s” to %(status_label)s."),
    (NoticeKind.DEAL_STEP, "sold"): _("The sale “%(source)s” opened the deal “%(deal)s” at its agreed terms: sign it "
                                      "to bind it."),
    (NoticeKind.DEAL_STEP, "awaiting"): _("%(party)s confirmed “%(status_label)s” for the deal “%(deal)s”; "
                                          "your confirmation is awaited."),
    (NoticeKind.RECORDATION_REFUSED, ""): _("The recordation of %(patent)s was refused on %(count)s ground(s)."),
    (NoticeKind.RECORDATION_DUE, ""): _("Record the contract of %(patent)s by %(deadline)s."),
    (NoticeKind.RECORDATION_DUE, "overdue"): _("The recordation of %(patent)s is overdue (deadline %(deadline)s)."),
    (NoticeKind.FEE_DUE, ""): _("The year-%(year)s annual fee of %(patent)s is due on %(due)s."),
    (NoticeKind.FEE_DUE, "overdue"): _("The year-%(year)s annual fee of %(patent)s is overdue (due %(due)s)."),
    (NoticeKind.DEMAND_MATCHED, ""): _("%(patent)s was put forward for your demand “%(demand)s”."),
    (NoticeKind.MATCH_ANSWERED, ""): _("%(enterprise)s answered on %(patent)s for “%(demand)s”: %(answer_label)s."),
    (NoticeKind.PATENT_PUSHED, ""): _("New patent %(patent)s for your subscription “%(subscription)s”."),
    (NoticeKind.REWARD_STEP, "applied"): _("%(enterprise)s applied for the %(year)s reward for “%(product)s” "
                                           "(%(amount)s yuan calculated)."),
    (NoticeKind.REWARD_STEP, "approved"): _("The %(year)s reward for “%(product)s” was approved: %(amount)s yuan."),
    (NoticeKind.REWARD_STEP, "refused"): _("The %(year)s reward for “%(product)s” was refused: %(reason)s"),
    (NoticeKind.REWARD_STEP, "paid"): _("The %(year)s reward for “%(product)s” was paid: %(amount)s yuan."),
    (NoticeKind.REWARD_STEP, "withdrawn"): _("%(enterprise)s withdrew its application for the %(year)s reward for "
                                             "“%(product)s”."),
    (NoticeKind.REVIEW_DECISION, "product"): _("Decision on your product “%(product)s”: %(decision_label)s."),
    (NoticeKind.REVIEW_DECISION, "recognition"): _("Recognition of your product “%(product)s” for %(year)s: "
                                                   "%(decision_label)s."),
    (NoticeKind.REVIEW_REQUESTED, "typical_case_submitted"): _("The typical case “%(case)s” awaits your review."),
    (NoticeKind.REVIEW_DECISION, "typical_case_published"): _("Your typical case “%(case)s” is published."),
    (NoticeKind.REVIEW_DECISION, "typical_case_returned"): _("Your typical case “%(case)s” was returned for changes."),
    (NoticeKind.REVIEW_DECISION, "typical_case_withdrawn"): _("Your typical case “%(case)s” was withdrawn from "
                                                              "publication."),
    (NoticeKind.REVIEW_DECISION, "tender_awarded"): _("Your agency's bid won the tender “%(tender)s”."),
    (NoticeKind.REVIEW_DECISION, "tender_not_awarded"): _("The tender “%(tender)s” was awarded to %(agency)s."),
    (NoticeKind.REVIEW_DECISION, "tender_cancelled"): _("The tender “%(tender)s” was cancelled: %(reason)s"),
    # commissioners (专利运营特派员)
    (NoticeKind.REVIEW_DECISION, "commissioner_designated"): _("You are designated patent-operation commissioner "
                                                               "for %(city)s."),
    (NoticeKind.REVIEW_REQUESTED, "service_request_opened"): _("%(enterprise)s asks for your service."),
    (NoticeKind.REVIEW_DECISION, "service_request_accepted"): _("Your service request was accepted."),
    (NoticeKind.REVIEW_DECISION, "service_request_closed"): _("Your service request was closed."),
    (NoticeKind.REVIEW_DECISION, "service_request_withdrawn"): _("%(enterprise)s withdrew its service request."),
    (NoticeKind.REVIEW_DECISION, "service_request_recommended"): _("Your commissioner recommends: %(thing)s."),
    (NoticeKind.REVIEW_REQUESTED, "attribution_claimed"): _("A commissioner claims the deal “%(deal)s” followed "
                                                            "from their service; please confirm or refuse."),
    (NoticeKind.REVIEW_DECISION, "attribution_decided"): _("Your attribution of the deal “%(deal)s”: "
                                                           "%(status_label)s."),
    # committee (科技成果转移转化工作专家委员会)
    (NoticeKind.REVIEW_REQUESTED, "committee_meeting_invited"): _("The expert committee of %(organisation)s meets on "
                                                                  "%(when)s: “%(meeting)s”. Declare any conflict "
                                                                  "of interest before you vote."),
    (NoticeKind.REVIEW_DECISION, "committee_review_decided"): _("The expert committee's decision on “%(review)s”: "
                                                                "%(status_label)s."),
    # managers (技术经理人)
    (NoticeKind.REVIEW_DECISION, "manager_rank_set"): _("Your technology-manager grade is now %(rank_label)s."),
    (NoticeKind.REVIEW_DECISION, "manager_rank_cleared"): _("Your technology-manager grade was removed."),
    # matchmaker_rewards
    (NoticeKind.REVIEW_REQUESTED, "mm_reward_applied"): _("%(beneficiary)s applied for the %(year)s matchmaker "
                                                          "reward for the deal “%(deal)s”: %(amount)s yuan."),
    (NoticeKind.REVIEW_DECISION, "mm_reward_approved"): _("Your %(year)s matchmaker reward for the deal “%(deal)s” "
                                                          "was approved: %(amount)s yuan."),
    (NoticeKind.REVIEW_DECISION, "mm_reward_refused"): _("Your %(year)s matchmaker reward for the deal “%(deal)s” "
                                                         "was refused: %(reason)s"),
    (NoticeKind.REVIEW_DECISION, "mm_reward_paid"): _("Your %(year)s matchmaker reward for the deal “%(deal)s” was "
                                                      "paid: %(amount)s yuan."),
    (NoticeKind.REVIEW_DECISION, "mm_reward_withdrawn"): _("%(beneficiary)s withdrew the application for the "
                                                           "%(year)s matchmaker reward for the deal “%(deal)s”."),
    # casework (invention disclosure and the technology case)
    (NoticeKind.REVIEW_REQUESTED, "case_disclosed"): _("A new invention disclosure: “%(case)s”."),
    (NoticeKind.REVIEW_REQUESTED, "case_assigned"): _("You are the technology manager of “%(case)s”; please assess "
                                                      "it."),
    (NoticeKind.REVIEW_DECISION, "case_decided"): _("The office decided on “%(case)s”: %(route_label)s."),
    (NoticeKind.REVIEW_DECISION, "case_committee"): _("The committee on the filing of “%(case)s”: %(status_label)s."),
    # listings (挂牌转让)
    (NoticeKind.REVIEW_REQUESTED, "listing_interest"): _("%(organisation)s expressed interest in your listing "
                                                         "%(listing)s (%(patent)s)."),
    (NoticeKind.REVIEW_DECISION, "listing_closed"): _("The listing %(listing)s (%(patent)s) has closed: "
                                                      "%(status_label)s."),
    # finance (pledge disposal)
    (NoticeKind.REVIEW_REQUESTED, "disposal_opened"): _("%(bank)s declared the debt secured by your pledge of "
                                                        "“%(patent)s” in default and asks you to agree to its sale "
                                                        "(%(number)s)."),
    (NoticeKind.REVIEW_DECISION, "disposal_agreed"): _("%(pledgor)s agreed to the disposal of “%(patent)s” "
                                                       "(%(number)s): you may send it to sale."),
    (NoticeKind.REVIEW_DECISION, "disposal_ordered"): _("The pledgee recorded the ruling %(ruling)s of %(court)s "
                                                        "ordering the sale of “%(patent)s” (%(number)s)."),
    (NoticeKind.REVIEW_DECISION, "disposal_sent"): _("The pledgee sent “%(patent)s” to sale: %(route_label)s "
                                                     "(%(number)s)."),
    (NoticeKind.REVIEW_DECISION, "disposal_sold"): _("“%(patent)s” was sold for %(price)s yuan (%(number)s); the "
                                                     "pledgee settles the proceeds."),
    (NoticeKind.REVIEW_DECISION, "disposal_statement"): _("The settlement statement of “%(patent)s” is confirmed "
                                                          "(%(number)s): %(amount)s yuan to the pledgor."),
    (NoticeKind.REVIEW_DECISION, "disposal_released"): _("The pledge of “%(patent)s” was released on %(date)s "
                                                         "(%(number)s)."),
    (NoticeKind.REVIEW_REQUESTED, "disposal_repaid"): _("%(party)s shows the debt secured by the pledge of "
                                                        "“%(patent)s” repaid; confirm it to withdraw the disposal "
                                                        "(%(number)s)."),
    (NoticeKind.REVIEW_DECISION, "disposal_withdrawn"): _("The disposal of “%(patent)s” is withdrawn: the debt is "
                                                          "repaid (%(number)s)."),
}


def msgid(label: Any) -> str:
    """The English msgid of a lazily translated label, to store in a `*_label` param."""
    with translation.override(None):
        return str(label)


def render(kind: str, params: dict[str, Any]) -> str:
    """The notice's sentence in the active language; the kind's name when its facts do not fit the sentence."""
    text = TEXTS.get((kind, str(params.get("variant", "")))) or TEXTS.get((kind, ""))
    values = {key: gettext(value) if key.endswith("_label") and isinstance(value, str) and value else value
              for key, value in params.items()}
    try:
        return str(text) % values
    except (KeyError, TypeError, ValueError):
        return str(NoticeKind(kind).label) if kind in NoticeKind.values else kind
