"""Every wording a clerk writes in a rectification sheet that the importer reads, in one table each.

Adding a wording is one line here (and one example in tests/test_sheet_words.py). What a cell
means is decided from these tables only; a cell that matches none of them is an error naming the
cell and the accepted forms, never a guess.

  FIELDS            the headers that name each field
  STATUS_WORDS      progress words -> open / basically-done / long-term / finished, tried in order
  DEADLINE_WORDS    deadline words that are not dates: long-term, recurring, immediate
  YES_WORDS, NO_WORDS   yes/no columns (是否完成, 立行立改, 共性问题)
  PERIODS           parts of a year or month written instead of a day (上半年, 第三季度, 中旬)
  ROW_KINDS         rows that are not problems: totals, notes below the table
"""

from __future__ import annotations

# field -> (the header used in messages when the sheet has no such column, the headers recognised)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "number": ("序号", ("序号", "编号", "问题序号", "问题编号", "序")),
    "summary": ("问题", ("问题", "问题表现", "存在问题", "问题描述", "反馈问题", "问题清单", "主要问题", "具体问题",
                        "问题内容", "巡察反馈问题", "巡视反馈问题", "巡察发现问题", "巡视发现问题", "问题及表现",
                        "反馈问题表现", "问题具体表现")),
    "category": ("问题类别", ("问题类别", "问题类型", "类别", "问题分类", "所属类别", "类型", "问题方面")),
    "measure": ("整改措施", ("整改措施", "措施", "整改举措", "具体措施", "整改任务", "具体整改措施", "整改措施及要求",
                            "整改目标及措施")),
    "goal": ("整改目标", ("整改目标", "目标", "整改目标要求")),
    "leader": ("责任领导", ("责任领导", "牵头领导", "分管领导", "责任领导同志", "领导责任人", "牵头责任领导",
                           "牵头校领导", "分管校领导", "责任校领导", "牵头局领导", "牵头委领导")),
    "unit": ("责任部门", ("责任部门", "责任单位", "牵头部门", "牵头单位", "责任科室", "责任处室", "整改责任单位",
                         "整改责任部门", "责任部门(单位)", "牵头责任部门", "牵头股室", "责任股室", "牵头科室",
                         "牵头处室", "责任股(室)")),
    "partners": ("配合单位", ("配合单位", "配合部门", "协同单位", "协助单位", "配合科室", "配合股室", "协办单位")),
    "person": ("责任人", ("责任人", "具体责任人", "整改责任人", "直接责任人", "经办人", "具体负责人", "具体经办人")),
    "deadline": ("完成时限", ("完成时限", "整改时限", "整改期限", "完成期限", "时限", "时限要求", "完成时限要求",
                             "计划完成时间", "计划完成时限", "时间节点", "完成时间节点")),
    "status": ("整改进展", ("整改进展", "完成情况", "整改情况", "整改进度", "进展情况", "整改状态", "状态",
                           "整改完成情况", "进展", "整改进展情况", "完成状态", "整改结果")),
    "done_flag": ("是否完成", ("是否完成", "是否完成整改", "是否整改到位", "是否办结", "是否整改完成")),
    "closed_on": ("销号日期", ("销号日期", "完成时间", "完成日期", "销号时间", "实际完成时间", "实际完成日期",
                              "整改完成时间", "整改完成日期")),
    "evidence": ("佐证材料", ("佐证材料", "佐证资料", "证明材料", "佐证", "佐证材料目录", "支撑材料", "佐证材料清单")),
    "notes": ("备注", ("备注", "说明")),
    "source": ("问题来源", ("问题来源", "来源")),
    "immediate": ("立行立改", ("立行立改", "是否立行立改", "边巡边改", "是否边巡边改")),
    "common": ("共性问题", ("共性问题", "是否共性问题", "共性/个性", "共性个性")),
    "verified_by": ("验收单位", ("验收单位", "验收人", "销号审核单位", "验收部门")),
    "done_on": ("措施完成日期", ("措施完成日期", "措施完成时间")),
    "ignore": ("", ()),
}

# (words, status) in the order they are tried: negations and work still going on before the words
# they contain (已完成管理办法初稿，正在征求意见 is open), long-term and basically-done before 完成.
STATUS_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("未完成", "未销号", "未整改", "未启动", "尚未", "没有完成", "未办结"), "open"),
    (("已销号", "已对账销号", "销号"), "finished"),
    (("需长期坚持", "长期坚持", "长期整改", "需长期", "持续整改", "长期推进", "常态化推进"), "long-term"),
    (("基本完成", "基本整改到位", "阶段性完成", "取得阶段性成效", "阶段性成效"), "basically-done"),
    (("申请延期", "已延期", "延期"), "open"),
    (("超期未完成", "超期"), "open"),
    (("正在整改", "正在推进", "正在落实", "正在", "整改中", "推进中", "进行中", "开发中", "持续推进", "逐步推进", "待完成", "拟于"), "open"),
    (("已完成整改", "已完成", "已全部完成", "全部完成", "按期完成", "已按期完成", "已整改到位", "整改到位", "整改完成",
      "完成整改", "已整改", "已办结", "办结", "已落实", "已于"), "finished"),
)
# A cell that is only one of these says finished too (a 是否完成 column, or 完成 alone).
FINISHED_ALONE = ("完成", "是", "√", "✓", "✔")

# Deadline words that are not dates. Long-term and recurring ones give the measure no date of its
# own (the problem's deadline applies) and are kept in the notes; immediate ones mark 立行立改.
DEADLINE_WORDS: dict[str, tuple[str, ...]] = {
    "long-term": ("长期坚持", "长期", "持续推进", "持续整改", "常态化", "每季度", "每月", "每半年", "每年", "定期",
                  "按季度", "按月"),
    "immediate": ("立行立改", "立即整改", "立即", "即知即改", "边巡边改", "即查即改"),
}

YES_WORDS = frozenset({"是", "√", "✓", "✔", "y", "yes", "true", "1", "立行立改", "共性", "共性问题", "已完成", "完成"})
NO_WORDS = frozenset({"", "否", "×", "n", "no", "false", "0", "个性", "个性问题", "未完成"})

# Parts of a year or a month written instead of a day: the last day of the part (a deadline means
# "by the end of it").
HALF_YEARS = {"上半年": (6, 30), "下半年": (12, 31)}
QUARTERS = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
TEN_DAYS = {"上旬": 10, "中旬": 20}  # 下旬 is the month's last day
CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                  "九": 9, "十": 10}
# Words after a date that say "by then" (2026年6月30日前完成): removed before the date is read.
BY_THEN = ("之前完成", "以前完成", "日前完成", "前完成", "底前完成", "完成", "之前", "以前", "前", "止", "为止")

# Rows that are not problems, by the first text of the row.
TOTAL_WORDS = ("合计", "小计", "总计", "共计", "汇总")
NOTE_PREFIXES = ("注：", "注:", "注1", "备注：", "说明：", "填表人", "填报人", "审核人", "联系人", "联系电话", "制表人",
                 "负责人：", "填报单位", "填报日期", "附件")
