"""The tool's own words in English and Chinese, and how it writes numbers in them.

Only what rectify itself says is translated (headers, statuses, reasons); the text of a ledger
(names, summaries, grades) is printed as written. The language comes from `--lang`, else the
RECTIFY_LANG environment variable, else the locale (zh* -> Chinese), else English.

Numbers: a percentage is the exact fraction rounded half up to two decimals (2/3 -> "66.67%"),
a share of no problems is "—" (never 0%), money is yuan with two decimals and thousands commas.
Thresholds are compared on the exact fraction elsewhere (policy.py); rounding is only for print.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

LANGS = ("en", "zh")
NONE = "—"

# key -> (English, Chinese)
WORDS: dict[str, tuple[str, str]] = {
    # statuses (model.STATUSES) and derived states
    "open": ("open", "正在整改"),
    "basically-done": ("basically done", "基本完成"),
    "long-term": ("long-term", "需长期坚持"),
    "claimed": ("claimed done, awaiting closure", "自报完成，待对账销号"),
    "under-review": ("closure under review", "已申请销号，待审核"),
    "closed": ("closed", "已销号"),
    "partial": ("partly rectified", "部分整改"),
    "waived": ("waived until a date", "暂缓整改"),
    "dismissed": ("not upheld", "不予认定"),
    "reactivated": ("open again (waiver expired)", "暂缓期满，恢复整改"),
    "overdue": ("overdue", "超期未完成"),
    # column headers
    "organisation": ("Organisation", "单位"),
    "category": ("Category", "问题类别"),
    "problems": ("Problems", "反馈问题"),
    "rectified": ("Rectified", "已完成整改"),
    "in_progress": ("In progress", "正在整改"),
    "basically_done": ("Basically done", "基本完成"),
    "long_term": ("Long-term", "需长期坚持"),
    "claimed_count": ("Claimed, not verified", "自报完成待销号"),
    "under_review_count": ("Under review", "待审核"),
    "returned_count": ("Returned", "退回"),
    "partial_count": ("Partly rectified", "部分整改"),
    "waived_count": ("Waived", "暂缓整改"),
    "excluded_count": ("Out of the count", "不计入问题总数"),
    "unfinished_count": ("Unfinished", "未完成"),
    "extension_requested_count": ("Extension requested", "申请延期待批"),
    "extension_approved_count": ("Extension approved", "已批准延期"),
    "extended": ("Extended", "申请延期"),
    "reopened": ("Reopened", "改后又犯"),
    "overdue_count": ("Overdue", "超期未完成"),
    "dismissed_count": ("Not upheld", "不予认定"),
    "hanging": ("Hanging", "挂账"),
    "rate": ("Rate", "整改完成率"),
    "measures": ("Measures done", "措施完成"),
    "measures_done": ("Measures done", "已完成措施"),
    "measures_total": ("Measures", "整改措施"),
    "measure_rate": ("Measure rate", "措施完成率"),
    "on_time_rate": ("On-time closure", "按期销号率"),
    "rules_made": ("Rules made", "建章立制"),
    "funds_returned": ("Funds returned (yuan)", "退缴违规资金（元）"),
    "losses_recovered": ("Losses recovered (yuan)", "挽回经济损失（元）"),
    "form1": ("Form 1", "第一种形态"),
    "form2": ("Form 2", "第二种形态"),
    "form3": ("Form 3", "第三种形态"),
    "form4": ("Form 4", "第四种形态"),
    "satisfaction": ("Satisfaction", "满意率"),
    "grade": ("Grade", "评定等次"),
    "judged_on": ("Judged on", "判定日期"),
    "rule": ("Rule", "规则"),
    "fires": ("Fires", "触发"),
    "reason": ("Reason and consequence", "原因及后果"),
    "distance": ("Distance from the line", "距红线"),
    "to_clear": ("What clears it", "解除条件"),
    "now": ("Now", "现状"),
    "title_distances": ("Distance from the lines (rules not fired)", "未触发规则距红线情况"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "total": ("Total", "合计"),
    "id": ("Id", "编号"),
    "summary": ("Problem", "问题"),
    "person": ("Responsible", "责任人"),
    "deadline": ("Deadline", "完成时限"),
    "status": ("Status", "状态"),
    "start": ("Counts from", "起算日期"),
    "denominator": ("In denominator", "计入分母"),
    "numerator": ("In numerator", "计入分子"),
    "why": ("Why", "说明"),
    "level": ("Level", "层级"),
    "level_organisation": ("organisation", "单位"),
    "level_category": ("category", "类别"),
    "level_total": ("total", "合计"),
    "consequences": ("Consequences", "触发的后果"),
    # table titles
    "title_progress": ("Progress statistics", "整改进展情况统计表"),
    "title_outcomes": ("Outcomes", "整改成效统计表"),
    "title_categories": ("By category", "按问题类别统计"),
    "title_consequences": ("Consequences (the negative list)", "负面清单触发情况"),
    "title_open": ("Items still being rectified", "正在整改情况统计表"),
    "title_explain": ("How the rate of {org} is counted", "{org}整改完成率计算明细"),
    "title_chart": ("Rectification rate by organisation, as of {date}", "各单位整改完成率（截至{date}）"),
    "threshold": ("threshold", "红线"),
    # the header every report carries
    "header_round": ("Round {round}", "第{round}轮"),
    "header_as_of": ("figures as of {date}", "数据截至{date}"),
    "header_basis_end": (
        "consequences judged at the end of each organisation's concentrated period ({dates}), or at the as-of date if earlier",
        "后果按各单位集中整改期满之日（{dates}）判定，期满晚于数据截止日的按数据截止日判定"),
    "header_basis_as_of": ("consequences judged at the as-of date ({dates})", "后果按数据截止日（{dates}）判定"),
    "header_provisional": (
        "provisional: the concentrated period of {orgs} ends on {end}; until then consequences are judged on "
        "the figures of {date} and may change",
        "预判：{orgs}集中整改期{end}届满，届满前后果按{date}数据预判，可能变化"),
    "header_assessments": (
        "satisfaction surveys and grades as recorded by {date}", "满意度测评和评定等次以{date}前录入的为准"),
    "header_filters": ("filtered: {filters}", "筛选：{filters}"),
    "header_claimed": ("{count} problem(s) claimed done await 对账销号 and are not in the rate: {orgs}",
                       "{count}个问题自报完成、待对账销号，未计入整改完成率：{orgs}"),
    "header_under_review": ("{count} closure(s) submitted await review (待审核) and are not in the rate until approved: {orgs}",
                            "{count}个问题已申请销号、待审核，审核通过前未计入整改完成率：{orgs}"),
    "header_returned": ("{count} submitted closure(s) were returned (退回) and await the unit: {orgs}",
                        "{count}个问题的销号申请被退回，待单位重新整改后再次申请：{orgs}"),
    "rectified_means": ("rectified means: {statuses}", "计入已完成整改的状态：{statuses}"),
    "why_partial": ("partly rectified (部分整改) as decided on {date}, approved by {approved_by}: {reason}",
                    "{date}经{approved_by}批准认定为部分整改：{reason}"),
    "why_waived": ("waived (暂缓整改) on {date}, approved by {approved_by}, until {expires}: {reason}",
                   "{date}经{approved_by}批准暂缓整改至{expires}：{reason}"),
    "why_dismissed": ("not upheld (不予认定, {ground}) on {date}, approved by {approved_by}: {reason}",
                      "{date}经{approved_by}批准不予认定（{ground}）：{reason}"),
    "why_reactivated": ("the waiver ended on {expires}: open again, in the rate's count and unfinished",
                        "暂缓期已于{expires}届满，恢复整改，计入问题总数和未完成"),
    "why_excluded": ("out of the count by the policy (excluded_statuses): in no figure but the count of problems "
                     "not upheld", "按政策（excluded_statuses）不计入问题总数，只计入不予认定数"),
    "ground_inaccurate": ("feedback inaccurate, 反馈不实", "反馈不实"),
    "ground_appeal": ("appeal upheld, 申诉成立", "申诉成立"),
    "header_partial": ("{count} problem(s) partly rectified (部分整改), as approved; {counted}: {orgs}",
                       "{count}个问题经批准认定为部分整改，{counted}：{orgs}"),
    "header_waived": ("{count} problem(s) waived (暂缓整改) until their date, in the count and {counted}: {orgs}",
                      "{count}个问题经批准暂缓整改，计入问题总数，{counted}：{orgs}"),
    "header_reactivated": ("{count} problem(s) open again: their waiver expired (暂缓期满): {orgs}",
                           "{count}个问题暂缓期满，已恢复整改：{orgs}"),
    "header_excluded": ("{count} problem(s) not upheld (不予认定: 反馈不实 / 申诉成立) are out of the count, their records "
                        "kept: {orgs}", "{count}个问题不予认定（反馈不实、申诉成立），不计入问题总数，记录保留：{orgs}"),
    "header_in_rate": ("counted as rectified", "计入已完成整改"),
    "header_not_in_rate": ("not rectified", "未计入已完成整改"),
    "header_extensions": ("extensions: {requested} requested and pending (待批); {approved} of {problems} problems "
                          "extended = {share}", "申请延期：待批{requested}个；已批准延期{approved}个，占问题总数{problems}个的{share}"),
    "header_unfinished_means": ("unfinished (self-examination) means: {statuses}",
                                "作出深刻检查所计未完成问题的状态：{statuses}"),
    "header_before_feedback": ("no consequence is due for {orgs} yet: the date judged ({date}) is before the feedback "
                               "({feedback}); items handed over on site count in the figures only",
                               "{orgs}尚未反馈（{feedback}），按{date}不判定后果；巡察期间移交的问题只计入统计"),
    "invalid_left_out_one": ("{count} invalid ledger file left out: {files} (run rectify validate)",
                             "{count}个台账文件无效，未计入：{files}（运行 rectify validate 查看）"),
    "invalid_left_out": ("{count} invalid ledger files left out: {files} (run rectify validate)",
                         "{count}个台账文件无效，未计入：{files}（运行 rectify validate 查看）"),
    "no_consequences": ("No consequence fires.", "未触发负面清单。"),
    "no_open_items": ("No items still being rectified.", "无正在整改事项。"),
    "no_problems_round": ("no problems in this round", "本轮无反馈问题"),
    # --explain reasons
    "why_counted": ("counts from {date}, on or before {as_of}", "{date}起算，不晚于{as_of}"),
    "why_not_yet": ("counts from {date}, after {as_of}", "{date}起算，晚于{as_of}"),
    "why_no_start": ("its round has no feedback date in this ledger", "台账中无本轮反馈日期"),
    "why_closed": ("closed on {date}", "{date}销号"),
    "why_closed_later": ("closed on {date}, after {as_of}", "{date}销号，晚于{as_of}"),
    "why_reopened": ("closure of {closed_on} undone: reopened on {date}", "{closed_on}的销号已撤销：{date}重新整改"),
    "why_status_counted": ("{status}, counted as rectified by the policy", "{status}，按规定计入已完成"),
    "why_status_not_counted": ("{status}, not counted as rectified by the policy", "{status}，按规定不计入已完成"),
    "why_claimed": ("claimed done on {date}, closure not verified (对账销号 pending{awaits}): not counted as rectified",
                    "{date}自报完成，尚未对账销号{awaits}，不计入已完成"),
    "why_under_review": ("closure submitted on {date}, awaiting {step} (step {number} of {steps}); approved so far: {approved}",
                         "{date}申请销号，待{step}（第{number}步，共{steps}步）；已通过：{approved}"),
    "why_under_review_waits": ("not counted as rectified until the last required step approves it",
                               "审核通过前不计入已完成"),
    "why_approved": ("reviewed: {approvals}", "审核：{approvals}"),
    "why_returned": ("closure submitted on {submitted} returned by {step} on {date}: {reason}",
                     "{submitted}的销号申请已于{date}被{step}退回：{reason}"),
    "header_under_review_counted": ("{count} closure(s) submitted await review (待审核), counted as rectified by the policy: {orgs}",
                                    "{count}个问题已申请销号、待审核，按规定计入已完成：{orgs}"),
    "why_long_term": ("long-term since {date}: not counted as rectified by the policy", "{date}转入长期整改，按规定不计入已完成"),
    "why_open": ("still being rectified", "正在整改"),
    "why_corrected": ("{field} corrected {old} → {new} on {date} ({reason})", "{field}已于{date}更正：{old} → {new}（{reason}）"),
    "corrected_line": ("{field}: {old} → {new}, corrected on {date} by {by}: {reason}",
                       "{field}：{old} → {new}，{date}由{by}更正：{reason}"),
    "why_carried": ("carried over from round {round}: unsettled on {date}", "第{round}轮未结账问题：{date}仍未结账"),
    "explain_total": (
        "{org}: {numerator} of {denominator} counted problems rectified on {as_of}: rate {rate}",
        "{org}：截至{as_of}计入分母{denominator}个，计入分子{numerator}个，整改完成率{rate}"),
    "days_overdue": ("{days} days overdue", "超期{days}天"),
    "day_overdue": ("{days} day overdue", "超期{days}天"),
    "explain_judged": (
        "on the consequence date {date}: {numerator} of {denominator} rectified, rate {rate}",
        "后果判定日{date}：计入分母{denominator}个，计入分子{numerator}个，整改完成率{rate}"),
    # carry-over, repeats, clues (issue 5)
    "title_rounds": ("Carry-over, repeats and clues", "未结账、重复问题和问题线索处置情况"),
    "carried": ("Carried over", "往轮未结账"),
    "settled": ("Settled since", "已结账"),
    "unsettled": ("Still unsettled", "仍未结账"),
    "carry_overdue": ("Of which overdue", "其中超期"),
    "repeats": ("Repeats", "重复问题"),
    "relapses": ("Relapses", "改后又犯"),
    "clues_handed": ("Clues handed over", "移交线索"),
    "clues_disposed": ("Clues disposed", "已处置线索"),
    "clue_rate": ("Disposal rate", "线索处置完成率"),
    "title_carry": ("Problems carried over from earlier rounds", "往轮未结账问题"),
    "round": ("Round", "轮次"),
    "status_then": ("Status at feedback", "反馈时状态"),
    "status_now": ("Status now", "当前状态"),
    "no_carry": ("No problem of an earlier round was unsettled on the feedback date.", "无往轮未结账问题。"),
    "carry_apart": (
        "Not counted in this round's figures (policy include_carry_over: false).",
        "不计入本轮整改率等数据（规定 include_carry_over: false）。"),
    "carry_included": (
        "Counted in this round's figures, denominator and numerator alike (policy include_carry_over: true).",
        "已计入本轮整改率等数据的分母和分子（规定 include_carry_over: true）。"),
    "header_carry_included": (
        "earlier rounds' problems unsettled on the feedback date are counted in this round's figures",
        "往轮反馈日未结账问题计入本轮各项数据"),
    # signs of formalism (formalism.py)
    "title_formalism": ("Signs of formalism (warnings, not consequences)", "形式主义迹象提示（预警，不作为处理依据）"),
    "sign": ("Sign", "迹象"),
    "problems_concerned": ("Problems", "涉及问题"),
    "detail": ("Detail", "说明"),
    "closures-at-the-end": ("closures bunched at the end of the period", "期末突击销号"),
    "shared-evidence": ("one evidence file on several problems", "同一佐证材料用于多个问题"),
    "evidence-after-closure": ("closure recorded after the fact", "销号后补录材料"),
    "measures-on-closure-day": ("all measures done on the closure day", "措施均在销号当日完成"),
    "why_closures-at-the-end": ("{count} of {of} closures in the last {days} days of the period",
                                "{of}个销号中有{count}个集中在整改期最后{days}天"),
    "why_shared-evidence": ("the same file (sha256 {sha}…) supports {count} problems",
                            "同一文件（sha256 {sha}…）佐证{count}个问题"),
    "why_evidence-after-closure": ("recorded {count} days after the closure date (more than {days})",
                                   "销号日期后{count}天才录入（超过{days}天）"),
    "why_measures-on-closure-day": ("all {count} measures done on the closure day", "全部{count}项措施均在销号当日完成"),
    "formalism_note": ("Thresholds: policy.yaml, formalism (docs/report.md). Look at the evidence before drawing a conclusion.",
                       "阈值见 policy.yaml 的 formalism 项（docs/report.md）；请核查佐证材料后再作判断。"),
    "explain_signs": ("Signs of formalism: {signs}", "形式主义迹象：{signs}"),
    # 回头看 (sampling.py, figures.RecheckFigures)
    "title_rechecks": ("Re-checks of closed problems (回头看)", "回头看（销号问题抽查复核）"),
    "samples": ("Samples", "抽查次数"),
    "drawn": ("Drawn", "抽查问题"),
    "rechecked": ("Re-checked", "已复核"),
    "confirmed_share": ("Confirmed", "确认到位比例"),
    "failed_verifications": ("Failed verifications", "整改不到位"),
    "false_rectifications": ("False rectifications", "虚假整改"),
    "awaiting_accountability": ("Accountability asked for", "待问责"),
    "explain_rechecks": ("Re-checks (回头看): {drawn} drawn, {rechecked} re-checked, {share} confirmed, "
                         "{failed} failed verification(s), {false} false rectification(s)",
                         "回头看：抽查{drawn}个，已复核{rechecked}个，确认到位{share}，整改不到位{failed}个，虚假整改{false}个"),
    "rechecks_note": ("Found false (虚假整改) with no accountability recorded since: {problems}. Record it with `rectify accountability`.",
                      "复核认定虚假整改但尚未记录问责：{problems}。请用 rectify accountability 记录。"),
    # between feedback and closure (duties.py, notices.py): reporting duty, supervision, handovers
    "title_reporting": ("Reporting duty as of {date} (定期报送)", "定期报送情况（截至{date}）"),
    "reports_owed": ("Reports due", "应报期数"),
    "reports_submitted": ("Submitted", "已报期数"),
    "reports_late": ("Late", "逾期报送"),
    "reports_missing": ("Missing", "缺报"),
    "late_item": ("{period} ({days} days late)", "{period}（逾期{days}天）"),
    "reporting_rule": ("Due: during the concentrated period, {during}; after it, while a problem is unsettled, {after} "
                       "(policy.yaml, reporting).",
                       "报送要求：集中整改期内{during}；期满后仍有未结账问题的，{after}（见 policy.yaml 的 reporting 项）。"),
    "cadence_month": ("monthly by day {day} of the next month", "每月一报，次月{day}日前报送"),
    "cadence_quarter": ("quarterly by day {day} of the month after the quarter", "每季度一报，季后首月{day}日前报送"),
    "cadence_none": ("none", "不要求"),
    "title_supervision": ("Supervision instruments sent as of {date} (督办)", "督办情况（截至{date}）"),
    "instruments": ("Instruments", "督办次数"),
    "instruments_by_kind": ("By kind", "督办方式"),
    "replies_awaited": ("Replies awaited", "待回复"),
    "replies_overdue": ("Replies overdue", "逾期未回复"),
    "title_handovers": ("Handovers (新官理旧账)", "新官理旧账（工作交接）"),
    "handovers": ("Handovers", "交接次数"),
    "unacknowledged": ("Not acknowledged", "未确认接收"),
    "responsible_left": ("Unsettled items of someone who left", "责任人已离任的未结账问题"),
    "handovers_note": ("Re-point an item with `rectify handover --repoint`; the successor acknowledges with "
                       "`rectify acknowledge`.",
                       "可用 rectify handover --repoint 变更责任人；继任者用 rectify acknowledge 确认接收。"),
    "handover_item": ("{date} {role} {old} → {new}", "{date} {role} {old}→{new}"),
    "role_secretary": ("secretary", "党组织书记"),
    "role_leader": ("responsible leader", "责任领导"),
    "role_person": ("responsible person", "责任人"),
    "role_unit": ("responsible unit", "责任部门"),
    "explain_reporting": ("Reports: {owed} due, {submitted} submitted, late: {late}, missing: {missing}",
                          "定期报送：应报{owed}期，已报{submitted}期，逾期：{late}，缺报：{missing}"),
    "explain_supervision": ("Supervision: {sent}; replies awaited: {awaiting}", "督办：{sent}；待回复：{awaiting}"),
    "explain_handovers": ("Handovers: {count}; not acknowledged: {unacknowledged}; items of someone who left: {left}",
                          "工作交接{count}次；未确认接收：{unacknowledged}；责任人已离任：{left}"),
    "title_notices": ("Notices due on {date}, round {round}", "第{round}轮应发督办文书（{date}）"),
    "notice_kind": ("Instrument", "督办方式"),
    "notice_to": ("To", "督办对象"),
    "notice_role": ("As", "身份"),
    "notice_problems": ("Problems", "涉及问题"),
    "notice_reply_due": ("Reply by", "回复时限"),
    "no_notices": ("No notice is due on {date}.", "{date}无应发督办文书。"),
    "notices_record": ("Record each one when it is sent: rectify supervise ORG --kind KIND --issuer WHO --to WHOM "
                       "--problems IDS --reply-due DATE",
                       "发出后逐件登记：rectify supervise 单位 --kind 方式 --issuer 督办单位 --to 对象 --problems 问题编号 --reply-due 日期"),
    "notice_heading": ("{kind} — {org}", "{kind}"),
    "notice_to_line": ("To: {recipient} ({role}, {org})", "{org}{recipient}（{role}）："),
    "notice_body": ("As of {date}, the following rectification items of round {round} are behind their deadlines or "
                    "close to them. Please rectify them item by item and reply in writing, with evidence, by "
                    "{reply_due}.",
                    "截至{date}，你单位第{round}轮巡察反馈问题中下列事项已超期或临近完成时限。请逐项推进整改，"
                    "并于{reply_due}前将整改进展情况及佐证材料书面回复。"),
    "notice_deadline": ("Deadline", "完成时限"),
    "notice_days": ("Time left", "剩余时间"),
    "notice_overdue": ("{days} days overdue", "超期{days}天"),
    "notice_left": ("{days} days left", "剩余{days}天"),
    "notice_issuer": ("{issuer}, {date}", "{issuer}\n{date}"),
    "notice_draft": ("Draft written by rectify; rectify sends nothing.", "本文书由 rectify 生成草稿，由经办人核对后发出。"),
    "annex_title": ("Handover list (交接清单): {org}", "{org}工作交接清单"),
    "annex_intro": ("On {date} the {role} {old} handed over to {new} the following {count} unfinished and long-term "
                    "rectification item(s).",
                    "{date}，{role}由{old}交接给{new}。以下{count}项整改事项尚未完成或需长期坚持，一并移交。"),
    "annex_sign": ("Handed over by: {old}        Received by: {new}        Date:",
                   "移交人：{old}        接收人：{new}        日期："),
    "responsible_col": ("Responsible (leader / unit / person)", "责任领导/责任部门/责任人"),
    # due-soon warnings
    "title_due": ("Due soon (three colours) as of {date}", "到期预警（三色）截至{date}"),
    "colour": ("Colour", "预警"),
    "title_due_counts": ("Due-soon warnings as of {date}", "到期预警情况（截至{date}）"),
    "red_count": ("Red (overdue)", "红色（已超期）"),
    "yellow_count": ("Yellow", "黄色"),
    "green_count": ("Green", "绿色"),
    "due_see": ("Each item: rectify report --due-soon, or rectify list --due-soon.",
                "逐项清单：rectify report --due-soon 或 rectify list --due-soon。"),
    "red": ("red", "红"),
    "yellow": ("yellow", "黄"),
    "green": ("green", "绿"),
    "time_left": ("Time left", "剩余时间"),
    "item": ("Item", "事项"),
    "text": ("Problem or measure", "问题或措施"),
    "due": ("Due", "时限"),
    "days_left": ("{days} days left", "剩余{days}天"),
    "day_left": ("{days} day left", "剩余{days}天"),
    "due_today": ("due today", "今日到期"),
    "due_rule": (
        "red: overdue; yellow: {yellow} days left or fewer; green: {green} days left or fewer",
        "红色：已超期；黄色：剩余{yellow}天以内；绿色：剩余{green}天以内"),
    "no_due": ("Nothing falls due within {green} days, and nothing is overdue.", "{green}天内无到期事项，也无超期事项。"),
    # the rate through the period (as-of series)
    "title_series": ("Rectification rate through the concentrated period", "集中整改期整改完成率变化"),
    "judged_mark": ("{date} (judged)", "{date}（判定日）"),
    "series_note": (
        "the rate at each month-end of the concentrated period and at its end, the consequence date (judged)",
        "集中整改期内各月末及期满日（后果判定日）的整改完成率"),
    "title_line_chart": ("Rectification rate through the concentrated period", "集中整改期整改完成率变化"),
    "title_chart_judged": (
        "Rectification rate by organisation at the consequence date (bars), and as of {date} (marks)",
        "各单位后果判定日整改完成率（柱）及截至{date}整改完成率（标记）"),
    # trend of one organisation
    "title_trend": ("{org}: round after round, as of {date}", "{org}历轮整改情况（截至{date}）"),
    "trend_note": (
        "each round's figures at its consequence date; carried over: earlier rounds' problems unsettled on its feedback date",
        "各轮数据均为该轮后果判定日数据；往轮未结账：该轮反馈日仍未结账的往轮问题"),
    "feedback_on": ("Feedback", "反馈日期"),
    "provisional_mark": ("{date} (provisional)", "{date}（预判）"),
    "title_series_round": ("Round {round}: rate through the concentrated period, as of {date}",
                           "第{round}轮集中整改期整改完成率变化（截至{date}）"),
    # common problems
    "title_common": ("Problems recurring across organisations", "共性问题（跨单位重复出现的问题类别）"),
    "common_scope_round": (
        "round {round}: {count} organisations inspected; categories found in at least {min} of them, problems as of {date}",
        "第{round}轮：被巡察单位{count}个；列出至少{min}个单位存在的问题类别，问题截至{date}"),
    "common_scope_all": (
        "all rounds: {count} organisations; categories found in at least {min} of them, problems as of {date}",
        "各轮：单位{count}个；列出至少{min}个单位存在的问题类别，问题截至{date}"),
    "organisations_count": ("Organisations", "单位数"),
    "which": ("Which", "涉及单位"),
    "marked_common": ("Marked common", "共性问题"),
    "no_common": ("No category recurs in {min} or more organisations.", "无在{min}个及以上单位重复出现的问题类别。"),
    # provenance
    "title_provenance": ("Provenance", "数据来源"),
    "prov_commit_clean": ("ledger folder: git commit {commit}, no uncommitted changes",
                          "台账目录：git 提交 {commit}，无未提交的修改"),
    "prov_commit_dirty": (
        "ledger folder: git commit {commit}, WITH uncommitted changes (the figures may not match the commit)",
        "台账目录：git 提交 {commit}，有未提交的修改（数据可能与该提交不一致）"),
    "prov_commit_unknown": ("ledger folder: git commit {commit}; uncommitted changes unknown ({why})",
                            "台账目录：git 提交 {commit}，是否有未提交的修改未知（{why}）"),
    "prov_no_commit": ("ledger folder: {why}; no commit to state", "台账目录：{why}，无提交可述"),
    "prov_content": ("content: sha256 {hash} over {files} files read (ledgers and policy)",
                     "内容：所读{files}个文件（台账和规定）的 sha256 为 {hash}"),
    "prov_parameters": ("parameters: {parameters}", "参数：{parameters}"),
    "level_provenance": ("provenance", "数据来源"),
    # messages
    "wrote": ("wrote {path}", "已写入{path}"),
    # roll-up (render/rollup.py)
    "rollup_title": ("Roll-up of round {round}: figures as of {as_of}", "第{round}轮整改情况汇总：截至{as_of}"),
    "rollup_office": ("{name}: {folders} ledger folders, {organisations} organisations", "{name}：{folders}个台账库，{organisations}个单位"),
    "rollup_units": ("Figures per unit (subtotals after the units below them)", "分级汇总（下级之后为本级小计）"),
    "rollup_organisations": ("Figures per organisation", "各单位整改情况"),
    "rollup_unit": ("Unit", "单位"), "rollup_level": ("Level", "层级"), "rollup_organisations_count": ("Organisations", "单位数"),
    "rollup_path": ("Organisation (path)", "单位（路径）"), "rollup_fired": ("Consequences", "负面清单后果"),
    "rollup_sources": ("Provenance of every ledger folder", "各台账库数据来源"),
    "rollup_not_recorded": ("{path}: {note}", "{path}：{note}"),
    "rollup_file": ("roll-up file {file}: sha256 {sha}; {git}", "汇总文件{file}：sha256 {sha}；{git}"),
    "rollup_rules_note": ("each ledger folder is judged under its own policy", "各台账库按其自身政策文件判定"),
    # progress and the plan (rectify progress, rectify milestone)
    "latest_progress": ("Latest progress", "最新进展"),
    "progress_of": ("{date}{percent}: {done}", "{date}{percent}：{done}"),
    "progress_next": ("next: {text}", "下一步：{text}"),
    "progress_obstacles": ("obstacles: {text}", "困难：{text}"),
    "progress_support": ("support needed: {text}", "需协调：{text}"),
    "progress_label": ("progress:", "整改进展："),
    "milestones_label": ("milestones:", "时间节点："),
    "milestone_line": ("{id}  {text}  (planned {due}, {done})", "{id}  {text}（计划{due}，{done}）"),
    "milestone_missed": ("missed", "已滞后"),
    "behind_plan": ("Behind plan", "进度滞后措施"),
    "behind_plan_mark": ("behind plan", "进度滞后"),
    "milestones_missed": ("Milestones missed", "滞后节点"),
    "behind_plan_rule": (
        "behind plan: a milestone's planned date passed undone ({colour} while the deadline has not passed)",
        "进度滞后：时间节点已过而未完成（未超过完成时限的标{colour}色）"),
    # rectify calendar (render/ics.py)
    "calendar_name": ("Rectification calendar{scope}", "整改日历{scope}"),
    "calendar_round": (", round {round}", "（第{round}轮）"),
    "event_period-end": ("End of the concentrated period", "集中整改期满"),
    "event_deadline": ("Deadline", "整改时限"),
    "event_review": ("Long-term review", "长期整改督查"),
    "event_measure": ("Measure due", "措施时限"),
    "event_milestone": ("Milestone", "时间节点"),
    "event_report": ("Progress report due", "整改进展报送"),
    "event_summary_report": ("[{kind}] {period}, round {round} ({organisation})", "【{kind}】第{round}轮 {period}期（{organisation}）"),
    "event_summary": ("[{kind}] {item} {text} ({organisation})", "【{kind}】{item} {text}（{organisation}）"),
    "event_summary_round": ("[{kind}] round {round} ({organisation})", "【{kind}】第{round}轮（{organisation}）"),
    "event_person": ("Responsible: {person}", "责任人：{person}"),
    "event_overdue": ("Overdue: the date has passed and it is not done.", "已超期：日期已过，尚未完成。"),
    # 整改情况公开 (disclosure.py; figures.Published)
    "title_published": ("Published texts and the ledger now", "已公开情况与台账核对"),
    "published_on": ("Published on", "公开日期"),
    "published_where": ("Where", "发布渠道"),
    "published_as_of": ("Figures as of", "数据截止"),
    "published_contradicted": ("Contradicted by the ledger", "与台账不符的数字"),
    "published_ok": ("none: every published figure still holds", "无，公开数字与台账一致"),
    "published_change": ("{figure}: published {published}, the ledger now says {now}", "{figure}：公开{published}，台账现为{now}"),
    "published_note": ("Each figure a recorded publication stated, computed again from the ledger at the date it stood "
                       "at: a later change that contradicts it shows here (rectify disclose, docs/report.md).",
                       "按各次公开的数据截止日，以现台账重新计算公开的每个数字：其后台账改动与公开数字不符的列于此"
                       "（rectify disclose，docs/report.md）。"),
    # 考核评价得分表 (scoring.py; render/scoresheet.py)
    "title_scores": ("Evaluation scores", "考核评价得分表"),
    "title_sheet": ("Score sheet of {org}", "{org}考核评价得分表"),
    "indicator": ("Indicator", "考核指标"),
    "points_of": ("Points", "分值"),
    "points_got": ("Score", "得分"),
    "formula": ("Formula", "计算过程"),
    "computed_points": ("Computed", "计算得分"),
    "scored_points": ("Scored by evaluators", "评价打分"),
    "total_points": ("Total", "总分"),
    "computed_grade": ("Grade by the scheme", "按办法评定等次"),
    "recorded_grade": ("Recorded", "录入等次"),
    "not_scored": ("{count} not scored", "{count}项未打分"),
    "sheet_incomplete": ("incomplete: the grade recorded stands", "未打分完毕，暂按录入等次"),
    "sheet_note": ("Computed indicators from the figures at the consequence date ({date}); evaluators' scores as "
                   "recorded by the as-of date. Scheme: policy.yaml, evaluation (docs/report.md).",
                   "计算指标按后果判定日（{date}）数据计算，评价打分以截至统计日录入的为准；考核办法见 policy.yaml 的 "
                   "evaluation 项（docs/report.md）。"),
    "sheet_example": ("The scheme is the default policy's example (after Xiaodian's eight checks): adapt it.",
                      "本考核办法为默认示例（参照小店区“八查”），请按本地办法修改。"),
    "sheet_total": ("Total {formula} = {total}: {grade}", "总分{formula} = {total}，{grade}"),
    "sheet_band": ("{grade} (at least {line})", "{grade}（{line}分及以上）"),
    "sheet_missing": ("not graded: {ids} not scored yet", "暂不评定等次：{ids}未打分"),
    "sheet_disagrees": ("the recorded {what} {value} disagrees (rectify validate)", "录入的{what}{value}与办法不符（见 rectify validate）"),
    "why_share": ("{measure} {part}/{whole} = {share}", "{measure}{part}/{whole} = {share}"),
    "why_share_none": ("no {measure} (nothing to measure): {points}", "无{measure}（无可计算数据）：{points}"),
    "why_full": ("full points", "得满分"),
    "why_zero": ("no points", "不得分"),
    "why_count": ("{measure} {count}, {deduct} point(s) off each", "{measure}{count}个，每个扣{deduct}分"),
    "why_scored": ("{note} ({by}, {date})", "{note}（{by}，{date}）"),
    "why_not_scored": ("not scored yet: rectify evaluate {org} --round {round} --indicator {id} --points P --note …",
                       "尚未打分：rectify evaluate {org} --round {round} --indicator {id} --points P --note …"),
    "formula_share": ("{most} × {part}/{whole} = {points}", "{most} × {part}/{whole} = {points}"),
    "formula_share_none": ("{whole} to measure, if_none: {if_none} → {points}", "无可计算数据，if_none: {if_none} → {points}"),
    "formula_count": ("max(0, {most} − {deduct} × {count}) = {points}", "max(0, {most} − {deduct} × {count}) = {points}"),
    "formula_scored": ("scored {points} of {most}", "评分{points}（满分{most}）"),
    "measured_rate": ("rate", "整改完成率"),
    "measured_measure-rate": ("measure rate", "措施完成率"),
    "measured_on-time-rate": ("on-time closure rate", "按期销号率"),
    "measured_immediate-rate": ("immediate rate", "立行立改完成率"),
    "measured_satisfaction": ("satisfaction", "满意率"),
    "measured_clue-disposal-rate": ("clue disposal rate", "问题线索处置完成率"),
    "measured_overdue": ("overdue", "超期未完成"),
    "measured_hanging": ("hanging", "挂账"),
    "measured_reopened": ("reopened", "改后又犯"),
    "measured_unfinished": ("unfinished", "未完成整改"),
    "measured_claimed": ("claimed, not verified", "自报完成待销号"),
    "measured_repeats": ("repeats", "重复问题"),

}

# git's situations, as provenance.git_state states them
GIT_NOTES_ZH = {
    "not a git repository": "不在 git 仓库中",
    "no commit yet": "仓库尚无提交",
    "git is not installed": "未安装 git",
}


def word(key: str, lang: str, **values: object) -> str:
    """The word for `key` in `lang`, with {placeholders} filled in."""
    english, chinese = WORDS[key]
    text = chinese if lang == "zh" else english
    return text.format(**values) if values else text


def listed(items: list[str], lang: str) -> str:
    """Items in a sentence: 、 between them in Chinese, a comma in English."""
    return ("、" if lang == "zh" else ", ").join(items)


def status_word(status: str, lang: str) -> str:
    return word(status, lang)


# what a history entry records (model.Action, `did:`): the id in English, as written in the ledger
ACTIONS_ZH = {
    "added": "录入问题", "edited": "修改", "measure-added": "新增措施", "measure-done": "措施完成",
    "closed": "销号", "reopened": "重新整改", "long-term": "转入长期整改", "extended": "延期",
    "status": "变更状态", "accountability": "问责", "outcomes": "录入整改成效", "imported": "导入",
    "corrected": "更正",
    "progress": "报告进展", "milestone-added": "新增时间节点", "milestone-done": "节点完成",
    "submitted": "申请销号", "approved": "审核通过", "returned": "退回", "supervised": "督办", "replied": "督办回复", "handed-over": "工作交接",
    "partial": "认定部分整改", "waived": "批准暂缓整改", "dismissed": "不予认定", "extension-requested": "申请延期",
    "extension-refused": "不予批准延期",
}


# the fields `rectify correct` puts right (history `field:`), in Chinese; English keeps the ledger's name
FIELDS_ZH = {
    "found_on": "交办日期", "summary": "问题表现", "responsible.leader": "责任领导", "responsible.unit": "责任部门",
    "responsible.person": "责任人", "closed.date": "销号日期", "closed.evidence": "销号佐证材料",
    "claimed.date": "自报完成日期", "long_term.since": "转入长期整改日期",
    "text": "整改措施", "owner": "措施责任人", "done_on": "完成日期", "evidence": "措施佐证材料",
}


def field_word(field: str | None, lang: str, measure: str | None = None) -> str:
    """A corrected field in words: `M1 done_on`, or under zh `M1 完成日期`."""
    name = FIELDS_ZH.get(field or "", field or "") if lang == "zh" else (field or "")
    return f"{measure} {name}" if measure else name


def action_word(action: str, lang: str) -> str:
    """A history entry's `did` in words: Chinese under zh, the id itself in English."""
    return ACTIONS_ZH.get(action, action) if lang == "zh" else action


def _half_up(value: Fraction, places: int) -> Fraction:
    scale = 10 ** places
    scaled = value * scale
    whole = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    return Fraction(whole, scale)


def percent(value: Fraction | None) -> str:
    """An exact share as a percentage to two decimals, rounded half up; None -> "—"."""
    if value is None:
        return NONE
    if value >= 0:   # in hundredths of a percent, in whole numbers: (2n + d) // 2d rounds n/d half up
        hundredths = (value.numerator * 20_000 + value.denominator) // (2 * value.denominator)
        return f"{hundredths // 100}.{hundredths % 100:02d}%"
    rounded = _half_up(value * 100, 2)
    return f"{Decimal(rounded.numerator) / Decimal(rounded.denominator):.2f}%"


def threshold_text(value: Fraction | int) -> str:
    """A threshold as people write it: "50%" when whole, else two decimals."""
    value = Fraction(value)
    hundred = value * 100
    if hundred.denominator == 1:
        return f"{hundred.numerator}%"
    return percent(value)


def ratio(numerator: int, denominator: int) -> str:
    return f"{numerator}/{denominator}" if denominator else NONE


def money(value: Decimal) -> str:
    """Yuan with two decimals and thousands commas."""
    return f"{value:,.2f}"


def plural(count: int, singular: str, many: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (many or singular + 's')}"

