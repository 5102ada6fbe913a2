"""Pydantic models of a ledger and of the policy: the format itself (documented in docs/format.md).

Field names come from the domain's vocabulary; each field's description carries the Chinese term
so that the JSON Schema, editor completion and docs/format.md say the same thing. Everything is
strict: unknown keys are errors and no value is coerced from another YAML type.
Derived values (overdue, the rate) are not stored here: see figures.py.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)

from rectify_cli.errors import say

FORMAT_VERSION = 1


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, validate_assignment=False)


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError(say("must not be empty or blank"))
    return value


Text = Annotated[str, AfterValidator(_non_blank)]

ORG_ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
ITEM_ID_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,38}[A-Za-z0-9])?$"
OrgId = Annotated[str, Field(pattern=ORG_ID_PATTERN, description="lower-case letters, digits and '-'")]
ItemId = Annotated[str, Field(pattern=ITEM_ID_PATTERN, description="letters, digits, '.', '_' and '-'")]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Count = Annotated[int, Field(ge=0)]

_MONEY = re.compile(r"^\d{1,15}(\.\d{1,2})?$")


def parse_money(value: object) -> Decimal:
    """Yuan, exact. A YAML float is refused: 0.1 + 0.2 is not money."""
    if isinstance(value, bool):
        raise ValueError(say("must be an amount of yuan, not a yes/no value"))
    if isinstance(value, int):
        if value < 0:
            raise ValueError(say("must not be negative"))
        return Decimal(value)
    if isinstance(value, float):
        raise ValueError(say("write the amount as quoted text (\"{value}\") so it stays exact", value=value))
    if isinstance(value, Decimal):
        if value < 0:
            raise ValueError(say("must not be negative"))
        return value
    if isinstance(value, str) and _MONEY.fullmatch(value):
        return Decimal(value)
    raise ValueError(say("must be an amount in yuan such as \"1500\" or \"1500.50\" (digits only, no commas, not negative, at most 2 decimals)"))


Money = Annotated[
    Decimal,
    BeforeValidator(parse_money),
    WithJsonSchema({"type": ["string", "integer"], "pattern": r"^\d{1,15}(\.\d{1,2})?$", "minimum": 0}),
]


def parse_fraction(value: object) -> Fraction:
    """A threshold as "50%", "1/2", "0.5" or 0.5; kept as an exact fraction for comparisons."""
    if isinstance(value, bool):
        raise ValueError(say("must be a share such as \"50%\" or 0.5"))
    if isinstance(value, Fraction):
        result = value
    elif isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(say("must be a share such as \"50%\", \"1/2\" or 0.5"))
        result = Fraction(str(value))
    elif isinstance(value, str):
        text = value.strip()
        # Plain decimals, percentages and fractions only: "1e-99999999" would compute a huge power.
        if not re.fullmatch(r"\d{1,6}(\.\d{1,6})?%?|\d{1,6}/\d{1,6}", text):
            raise ValueError(say("must be a share such as \"50%\", \"1/2\" or 0.5"))
        try:
            result = Fraction(text[:-1].strip()) / 100 if text.endswith("%") else Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise ValueError(say("must be a share such as \"50%\", \"1/2\" or 0.5")) from None
    else:
        raise ValueError(say("must be a share such as \"50%\", \"1/2\" or 0.5"))
    if not 0 <= result <= 1:
        raise ValueError(say("must be between 0% and 100%"))
    return result


Share = Annotated[
    Fraction,
    BeforeValidator(parse_fraction),
    WithJsonSchema({"type": ["string", "number"], "description": 'a share: "50%", "1/2" or 0.5'}),
]

Status = Literal["open", "basically-done", "long-term", "claimed", "under-review", "closed", "partial", "waived",
                 "dismissed"]
# Outcomes other than rectified (整改认定), each decided with a reason by an approver (`decisions:`).
DecisionKind = Literal["partial", "waived", "dismissed"]
DECISION_KINDS: tuple[str, ...] = get_args(DecisionKind)
DECISION_NAMES: dict[str, str] = {"partial": "部分整改", "waived": "暂缓整改", "dismissed": "不予认定"}


def decision_named(kind: str) -> str:
    """A decision's kind as the ledger writes it, with its Chinese name: partial (部分整改)."""
    return f"{kind} ({DECISION_NAMES[kind]})"
DismissalGround = Literal["inaccurate", "appeal"]
DISMISSAL_GROUNDS: tuple[str, ...] = get_args(DismissalGround)
InspectionKind = Literal["regular", "special", "mobile"]
Grade = Literal["优秀", "合格", "基本合格", "不合格", "好", "较好", "一般", "差"]
Responsibility = Literal["main", "supervisory", "leading"]
# The closed sets as tuples, from the types themselves: the CLI's choices and the edits' checks use these.
STATUSES: tuple[str, ...] = get_args(Status)
KINDS: tuple[str, ...] = get_args(InspectionKind)
GRADES: tuple[str, ...] = get_args(Grade)
RESPONSIBILITIES: tuple[str, ...] = get_args(Responsibility)
Action = Literal[
    "added", "edited", "measure-added", "measure-done", "closed", "reopened", "long-term",
    "extended", "status", "accountability", "outcomes", "imported", "claimed", "corrected", "sampled", "rechecked",
    "submitted", "approved", "returned",
    "progress", "milestone-added", "milestone-done",
    "supervised", "replied", "handed-over",
    "partial", "waived", "dismissed", "extension-requested", "extension-refused",
]
RecheckResult = Literal["confirmed", "inadequate", "false"]
RECHECK_RESULTS: tuple[str, ...] = get_args(RecheckResult)
InstrumentKind = Literal["督办单", "提醒函", "告诫函", "约谈", "通报"]
INSTRUMENT_KINDS: tuple[str, ...] = get_args(InstrumentKind)
HandoverRole = Literal["secretary", "leader", "person"]
HANDOVER_ROLES: tuple[str, ...] = get_args(HandoverRole)
PERIOD_PATTERN = r"^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$"
RecordHash = Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]


def described(description: str, **kwargs):
    return Field(description=description, **kwargs)


class Organisation(Strict):
    """被巡视/巡察党组织: the inspected organisation this ledger belongs to."""

    id: OrgId = described("Stable id, also the file name (ledgers/<id>.yaml). 组织代码")
    name: Text = described("Full name. 党组织名称")
    kind: Text | None = described("Kind of organisation, e.g. department, district, enterprise. 单位类别", default=None)
    secretary: Text | None = described("Party secretary, the first responsible person. 党组织书记/第一责任人", default=None)
    parent: Text | None = described("Higher Party organisation. 上级党组织", default=None)


class Survey(Strict):
    """满意度测评 / 民主测评会: satisfaction survey on the rectification."""

    held_on: dt.date = described("Date of the survey. 测评日期")
    participants: Annotated[int, Field(ge=1)] = described("People who took part. 参评人数")
    satisfied: Count = described("Satisfied. 满意")
    basically_satisfied: Count = described("Basically satisfied. 基本满意", default=0)
    dissatisfied: Count = described("Dissatisfied. 不满意", default=0)


def parse_points(value: object) -> Decimal:
    """Points of a score, exact: 9, "8.5" (at most 2 decimals). A YAML float is refused, as for money."""
    if isinstance(value, bool):
        raise ValueError(say("must be points such as 9 or \"8.5\", not a yes/no value"))
    if isinstance(value, int):
        if value < 0:
            raise ValueError(say("must not be negative"))
        return Decimal(value)
    if isinstance(value, Decimal) and value >= 0:
        return value
    if isinstance(value, float):
        raise ValueError(say("write the points as quoted text (\"{value}\") so they stay exact", value=value))
    if isinstance(value, str) and re.fullmatch(r"\d{1,3}(\.\d{1,2})?", value):
        return Decimal(value)
    raise ValueError(say("must be points such as 9 or \"8.5\" (digits, at most 2 decimals, not negative)"))


Points = Annotated[
    Decimal,
    BeforeValidator(parse_points),
    WithJsonSchema({"type": ["string", "integer"], "pattern": r"^\d{1,3}(\.\d{1,2})?$", "minimum": 0}),
]


class IndicatorScore(Strict):
    """评价打分: the points an evaluator gave one indicator of the policy's evaluation scheme, and why."""

    indicator: ItemId = described("The indicator's id in the policy's evaluation scheme. 指标")
    points: Points = described("Points given, at most the indicator's points. 得分")
    by: Text = described("Who scored it (the evaluator). 评分人")
    date: dt.date = described("Date it was scored. 评分日期")
    note: Text = described("What justifies the points: what was checked and found. 评分依据")


class Disclosure(Strict):
    """整改情况公开: a text published about the round's rectification, pinned by its sha256 and its figures."""

    date: dt.date = described("Date it was published. 公开日期")
    by: Text = described("Who published it. 发布人")
    scope: Literal["organisation", "round"] = described(
        "organisation: this organisation's text; round: the round's text over every organisation. 公开范围",
        default="organisation")
    where: Text | None = described("Where it was published, e.g. 江城日报, the committee's website. 发布渠道",
                                   default=None)
    sha256: Sha256 = described("sha256 of the published text (UTF-8). 文本校验值")
    as_of: dt.date = described("The date its figures stand at. 数据截止日期")
    figures: dict[Text, Money] = described(
        "The figures the text published, by name (problems, rectified, in_progress, ..., funds_returned in "
        "yuan); for a round's text, this organisation's share of them. 公开数字")


class Evaluation(Strict):
    """考核评价: the scored evaluation of the rectification and its grade."""

    score: Annotated[Decimal, BeforeValidator(lambda v: Decimal(v) if isinstance(v, int) and not isinstance(v, bool) else v),
                     Field(ge=0, le=100), WithJsonSchema({"type": "integer", "minimum": 0, "maximum": 100})] | None = described(
        "Score out of 100 (e.g. Fufeng: leadership 15, responsibility 15, tasks 60, satisfaction 10). 考核得分",
        default=None)
    grade: Grade | None = described(
        "优秀 / 合格 / 基本合格 / 不合格 (or 好 / 较好 / 一般 / 差). With an evaluation scheme in the policy and "
        "every evaluator-scored indicator scored, the grade is computed and a grade written here must agree. 评定等次",
        default=None)
    by: Text | None = described("Who evaluated. 评价单位", default=None)
    date: dt.date | None = described("Date of the evaluation. 评价日期", default=None)
    scores: list[IndicatorScore] = described(
        "The evaluators' points for the scheme's indicators they score (the others are computed). 评价打分",
        default_factory=list)

    @model_validator(mode="after")
    def _grade_or_scores(self) -> Evaluation:
        if self.grade is None and not self.scores:
            raise ValueError(say("an evaluation records a grade (grade:) or the evaluators' scores (scores:)"))
        return self


class Clue(Strict):
    """问题线索移交: a clue handed to the discipline commission or another body."""

    id: ItemId = described("Stable id, e.g. C7-001. 线索编号")
    handed_on: dt.date = described("Date handed over. 移交日期")
    to: Text = described("Receiving body, e.g. 市纪委监委. 移交对象")
    summary: Text | None = described("What the clue is about, without personal details. 线索概要", default=None)
    disposal: Text | None = described("How it was disposed of, e.g. 立案审查, 谈话函询, 了结. 处置方式", default=None)
    disposed_on: dt.date | None = described("Date the disposal was settled. 办结日期", default=None)


class Sample(Strict):
    """回头看抽查: a random sample of the round's closed problems, drawn by `rectify sample` (docs/format.md)."""

    date: dt.date = described("Date of the draw: the closures in force on it are the candidates. 抽查日期")
    seed: Text = described("The recorded seed; the same seed and ledgers give the same sample. 随机种子")
    by: Text = described("Who drew it. 抽查人")
    share: Share | None = described("Share of the candidates drawn (rounded up), e.g. 20%. 抽查比例", default=None)
    count: Annotated[int, Field(ge=1)] | None = described("Number of candidates drawn. 抽查数量", default=None)
    per_organisation: bool = described(
        "Drawn in each organisation apart (true) or over all the round's organisations (false). 按单位抽取",
        default=False)
    candidates: Count = described("Closed problems the draw was made from, in this ledger. 候选问题数")
    drawn: list[ItemId] = described("This organisation's problems drawn, sorted. 抽中问题")

    @model_validator(mode="after")
    def _share_or_count(self) -> Sample:
        if (self.share is None) == (self.count is None):
            raise ValueError(say("a sample records either share: or count:, exactly one of them"))
        return self


class Submission(Strict):
    """报送: one periodic progress report submitted under the policy's reporting duty (`rectify submit-report`)."""

    period: Annotated[str, Field(pattern=PERIOD_PATTERN)] = described(
        "The period reported on: a month (2026-05) or a quarter (2026-Q3). 报送期次")
    date: dt.date = described("Date it was submitted (business date). 报送日期")
    by: Text = described("Who recorded the submission. 登记人")
    file: Evidence | None = described("The report as filed: its path in the repository and sha256. 报送材料",
                                      default=None)
    note: Text | None = described("Remarks. 备注", default=None)
    hash: RecordHash | None = described(
        "Chain hash: first 16 hex of sha256 over the previous submission's hash (or ORG/round N/submissions) "
        "and this record. 校验链", default=None)


class Reply(Strict):
    """回复: the reply to a supervision instrument (`rectify reply`)."""

    date: dt.date = described("Date of the reply (business date). 回复日期")
    by: Text = described("Who replied (or recorded the reply). 回复人")
    summary: Text = described("What the reply says was done. 回复内容")
    file: Evidence | None = described("The reply as filed: its path and sha256. 回复材料", default=None)
    hash: RecordHash | None = described(
        "Chain hash over the instrument's hash and this reply. 校验链", default=None)


class Instrument(Strict):
    """督办: a supervision instrument sent to the organisation (督办单, 提醒函, 告诫函, 约谈, 通报)."""

    id: ItemId = described("Stable id within the inspection, e.g. S7-001. 督办编号")
    kind: InstrumentKind = described("督办单 / 提醒函 / 告诫函 / 约谈 / 通报")
    date: dt.date = described("Date it was issued (or the interview held). 下发日期")
    issuer: Text = described("Who issued it, e.g. 市委巡察办. 督办单位")
    to: Text = described("Recipient: the person or unit it is addressed to. 督办对象")
    problems: list[ItemId] = described("The problems it concerns. 涉及问题", default_factory=list)
    reply_due: dt.date | None = described("Date the reply is due. 回复时限", default=None)
    note: Text | None = described("Remarks. 备注", default=None)
    by: Text = described("Who recorded it. 登记人")
    hash: RecordHash | None = described(
        "Chain hash over the previous instrument's hash (or ORG/round N/supervision) and this record, "
        "without its reply. 校验链", default=None)
    reply: Reply | None = described("The reply, once recorded. 回复情况", default=None)


class Acknowledgement(Strict):
    """接收确认: the successor's acknowledgement of a handover (`rectify acknowledge`)."""

    date: dt.date = described("Date the successor acknowledged the list (business date). 确认日期")
    by: Text = described("Who acknowledged it (the successor). 确认人")
    hash: RecordHash | None = described("Chain hash over the handover's hash and this record. 校验链", default=None)


class Handover(Strict):
    """新官理旧账: a change of secretary, responsible leader or responsible person, and the items handed over."""

    date: dt.date = described("Date of the change (business date). 交接日期")
    role: HandoverRole = described("secretary 党组织书记 / leader 责任领导 / person 责任人")
    predecessor: Text = described("Who left the post. 原任")
    successor: Text = described("Who took it over. 继任")
    items: list[ItemId] = described("Problems handed over: unfinished and long-term ones. 交接事项", default_factory=list)
    repointed: bool = described(
        "`responsible` of the items was re-pointed to the successor (each with a history entry). 已变更责任人",
        default=False)
    annex: Text | None = described("Where the 交接清单 was written, as the user named it. 交接清单", default=None)
    by: Text = described("Who recorded it. 登记人")
    hash: RecordHash | None = described(
        "Chain hash over the previous handover's hash (or ORG/handovers) and this record, without its "
        "acknowledgement. 校验链", default=None)
    acknowledged: Acknowledgement | None = described("The successor's acknowledgement. 接收确认", default=None)


class Inspection(Strict):
    """An inspection round the organisation received (轮次)."""

    round: Annotated[int, Field(ge=1)] = described("Round number, e.g. 7 for the 7th round. 轮次")
    term: Annotated[int, Field(ge=1)] | None = described("Committee term, e.g. 11 for the 11th municipal committee. 届", default=None)
    kind: InspectionKind = described("regular 常规 / special 专项 / mobile 机动")
    team: Text | None = described("Inspection team. 巡视组/巡察组", default=None)
    feedback_on: dt.date = described("Date the feedback was given. 反馈日期")
    rectify_by: dt.date | None = described(
        "End of the concentrated rectification period; default feedback + 3 months. 集中整改期满", default=None)
    report_on: dt.date | None = described("Date the rectification report was submitted. 整改报告报送日期", default=None)
    on_site: OnSite | None = described(
        "The on-site period: measures and closures of immediate problems (立行立改) dated within it are "
        "边巡边改, accepted before the feedback date. 进驻期间", default=None)
    survey: Survey | None = described("Satisfaction survey. 满意度测评", default=None)
    evaluation: Evaluation | None = described("Evaluation and grade. 考核评价", default=None)
    clues: list[Clue] = described("Clues handed over. 问题线索移交", default_factory=list)
    samples: list[Sample] = described("Samples of closed problems drawn for re-checking. 回头看抽查",
                                      default_factory=list)
    disclosures: list[Disclosure] = described(
        "Texts published about the rectification (`rectify disclose --record`). 整改情况公开", default_factory=list)
    submissions: list[Submission] = described(
        "Periodic progress reports submitted under the policy's reporting duty. 定期报送", default_factory=list)
    supervision: list[Instrument] = described(
        "Supervision instruments sent about this round's rectification. 督办情况", default_factory=list)


class Responsible(Strict):
    """责任清单: who answers for a problem."""

    leader: Text = described("Responsible leader. 责任领导")
    unit: Text = described("Responsible unit. 责任部门")
    person: Text = described("Responsible person. 责任人")


class Evidence(Strict):
    """佐证材料: a file proving the work, pinned by its sha256 so later edits are noticed; or a paper
    document (纸质材料, a document number such as 〔2026〕12号) that is not a file, said so explicitly."""

    model_config = ConfigDict(json_schema_extra={"oneOf": [
        {"required": ["path"], "not": {"required": ["paper"]}},
        {"required": ["paper"], "not": {"anyOf": [{"required": ["path"]}, {"required": ["sha256"]}]}},
    ]})

    path: Text | None = described(
        "A file: its path relative to the ledger repository (the folder holding ledgers/), with '/'. 材料路径",
        default=None)
    sha256: Sha256 | None = described("sha256 of the file when it was recorded. 校验值", default=None)
    paper: Text | None = described(
        "Evidence that is not a file: a paper document or a document number, e.g. "
        "〔2026〕12号 整改报告（纸质，存档于办公室）. 纸质材料", default=None)
    note: Text | None = described("What the evidence shows. 说明", default=None)

    @model_validator(mode="after")
    def _file_or_paper(self) -> Evidence:
        if (self.path is None) == (self.paper is None):
            raise ValueError(say("an evidence record names either a file (path:) or a paper document (paper:), "
                                 "exactly one of them"))
        if self.paper is not None and self.sha256 is not None:
            raise ValueError(say("a paper document (paper:) has no sha256: only a file (path:) has one"))
        return self


Percent = Annotated[int, Field(ge=0, le=100)]


class Progress(Strict):
    """整改进展: one dated progress report (一月一报) on a problem or a measure, by `rectify progress`."""

    date: dt.date = described("Date of the report (business date). 报告日期")
    by: Text = described("Who reported it. 报告人")
    done: Text = described("What was done since the last report. 已完成工作")
    next: Text | None = described("The next step. 下一步计划", default=None)
    obstacles: Text | None = described("Obstacles met. 存在困难", default=None)
    support: Text | None = described("Support or coordination needed. 需协调事项", default=None)
    percent: Percent | None = described("Share of the work done, 0-100, as the unit estimates it. 完成进度（%）",
                                        default=None)


class Milestone(Strict):
    """时间节点: a planned step of a measure with its planned date (按时间节点推进), by `rectify milestone`."""

    id: ItemId = described("Stable id within the measure, e.g. N1. 节点编号")
    text: Text = described("What is to be done by then. 节点任务")
    due: dt.date = described("Planned date; moved only by a recorded change, never by hand. 计划完成日期")
    done_on: dt.date | None = described("Date it was done. 实际完成日期", default=None)


class Measure(Strict):
    """整改措施: one task of the task list (任务清单)."""

    id: ItemId = described("Stable id within the problem, e.g. M1. 措施编号")
    text: Text = described("The measure. 整改措施")
    owner: Text = described("Who carries it out. 责任人")
    due: dt.date = described("Deadline of the measure. 完成时限")
    done_on: dt.date | None = described("Date it was done. 完成日期", default=None)
    evidence: list[Evidence] = described("Evidence for this measure. 佐证材料", default_factory=list)
    milestones: list[Milestone] = described("Planned steps with their dates (the plan, 序时进度). 时间节点",
                                            default_factory=list)
    progress: list[Progress] = described("Progress reports on this measure, oldest first. 整改进展",
                                         default_factory=list)


class Claim(Strict):
    """自报完成，待对账销号: the unit says the problem is finished; the closure is not yet verified."""

    date: dt.date = described("Date the unit reported it finished (business date). 自报完成日期")
    by: Text = described("Who reported it (the unit or the person who recorded the report). 报告人")
    awaits: Text | None = described(
        "What the verified closure still needs, e.g. 佐证材料, 完成时间. 待补材料", default=None)


class OnSite(Strict):
    """巡视巡察进驻期间: the on-site period, when items may be rectified at once (边巡边改)."""

    start: dt.date = described("First day the inspection team was on site. 进驻日期")
    end: dt.date = described("Last day on site. 撤离日期")


class Approval(Strict):
    """One review step's approval of a submitted closure (审核通过)."""

    step: Text = described("The policy's review step, by id, e.g. team. 审核环节")
    date: dt.date = described("Date of the approval (business date). 审核日期")
    by: Text = described("Who approved, acting in the step's role. 审核人")
    note: Text | None = described("Opinion recorded with the approval. 审核意见", default=None)


class Review(Strict):
    """申请销号: a closure submitted by the unit with its evidence, awaiting the policy's review steps."""

    submitted: dt.date = described("Date the unit submitted the closure (business date). 申请销号日期")
    by: Text = described("Who submitted it for the unit. 申请人")
    was: Status = described("The status before the submission; a return restores it. 申请前状态", default="open")
    note: Text | None = described("What the unit says was done. 申请说明", default=None)
    evidence: list[Evidence] = described("Evidence submitted; at least one. 佐证材料", default_factory=list)
    approvals: list[Approval] = described("Steps approved so far, in the policy's order. 已审核环节", default_factory=list)


class Return(Strict):
    """退回: a submitted closure returned by a review step, with the reasons, kept as it was."""

    date: dt.date = described("Date returned (business date). 退回日期")
    step: Text = described("The review step that returned it. 退回环节")
    by: Text = described("Who returned it. 退回人")
    reason: Text = described("Why, for the unit to act on. 退回理由")
    submission: Review = described("The submission returned, with its evidence and earlier approvals. 原申请")


class Closure(Strict):
    """对账销号: the verified closure of a problem."""

    date: dt.date = described("Closure date (business date). 销号日期")
    by: Text = described("Who closed it. 销号人")
    verified_by: Text | None = described("Who verified it, e.g. 市纪委监委第三监督检查室. 验收单位", default=None)
    evidence: list[Evidence] = described("Supporting evidence; at least one. 佐证材料", default_factory=list)
    submitted: dt.date | None = described(
        "Date the unit submitted the closure, when it was reviewed in steps. 申请销号日期", default=None)
    approvals: list[Approval] = described(
        "The review steps that approved it, in order; the last required one closed it. 审核记录", default_factory=list)


class LongTerm(Strict):
    """需长期整改: a problem that continues beyond the concentrated period under supervision."""

    since: dt.date = described("Date it was declared long-term. 转入长期整改日期")
    review_by: dt.date = described("Next review date. 下次督查日期")
    reason: Text = described("Why it cannot be finished in the period. 原因")


class Extension(Strict):
    """申请延期: a deadline moved, with its reason and approver."""

    to: dt.date = described("The new deadline. 延期至")
    reason: Text = described("Why. 延期理由")
    approved_by: Text = described("Who approved it. 批准单位")
    date: dt.date = described("Date of the approval (business date). 批准日期")


class ExtensionRequest(Strict):
    """申请延期: a deadline extension the unit asked for, pending until approved (`rectify extend`) or refused."""

    date: dt.date = described("Date requested (business date). 申请日期")
    by: Text = described("Who asked for it. 申请人")
    to: dt.date = described("The deadline asked for. 申请延期至")
    reason: Text = described("Why. 申请理由")
    decision: Literal["approved", "refused"] | None = described(
        "approved 批准 (the extension is under `extensions`) / refused 不予批准; absent while pending. 审批结果",
        default=None)
    decided_on: dt.date | None = described("Date of the decision. 审批日期", default=None)
    decided_by: Text | None = described("Who decided it. 审批单位", default=None)
    note: Text | None = described("The decision's reasons (a refusal's). 审批意见", default=None)


class Decision(Strict):
    """整改认定: an outcome other than rectified, decided with a reason by an approver; the problem's text is kept."""

    kind: DecisionKind = described(
        "partial 部分整改 / waived 暂缓整改（经批准不予整改，有期限） / dismissed 不予认定（反馈不实、申诉成立）. 认定类型")
    date: dt.date = described("Date of the decision (business date). 认定日期")
    by: Text = described("Who recorded it. 经办人")
    approved_by: Text = described("Who approved it, e.g. 市委巡察办. 批准单位")
    reason: Text = described("Why. 认定理由")
    expires: dt.date | None = described(
        "waived only (required): the last day of the waiver; from the day after, the problem is open again. 暂缓期限",
        default=None)
    ground: DismissalGround | None = described(
        "dismissed only (required): inaccurate 反馈不实 / appeal 申诉成立. 不予认定理由类别", default=None)
    remaining: Text | None = described("partial only: what remains undone. 未完成部分", default=None)


class Reopening(Strict):
    """改后又犯: a closed problem found again and reopened (a relapse)."""

    date: dt.date = described("Date reopened (business date). 重新整改日期")
    by: Text = described("Who reopened it. 经办人")
    reason: Text = described("Why. 原因")
    closed_on: dt.date = described("Date of the closure that was undone. 原销号日期")
    closure: Closure | None = described("The closure that was undone, kept as it was. 原销号记录", default=None)
    recheck: Literal["inadequate", "false"] | None = described(
        "Set when a re-check (回头看) reopened it: inadequate 整改不到位 (a failed verification) or false 虚假整改; "
        "such a reopening is not a relapse. 复查结论", default=None)


class Recheck(Strict):
    """回头看复查: the result of re-checking a closed problem drawn in a sample."""

    date: dt.date = described("Date of the re-check (business date). 复查日期")
    by: Text = described("Who re-checked it. 复查人")
    seed: Text = described("Seed of the sample it was drawn in. 抽查种子")
    result: RecheckResult = described(
        "confirmed 确认整改到位 / inadequate 整改不到位 (reopened) / false 虚假整改 (reopened, accountability asked). 复查结论")
    reason: Text = described("What the re-check found. 复查情况")


class Outcomes(Strict):
    """整改成效: countable results of the rectification."""

    rules_made: Count = described("Rules and systems made or revised. 建章立制（项）", default=0)
    funds_returned: Money = described("Irregular funds returned, yuan. 退缴违规资金（元）", default=Decimal(0))
    losses_recovered: Money = described("Economic losses recovered, yuan. 挽回经济损失（元）", default=Decimal(0))


class Accountability(Strict):
    """问责: a person or organisation held accountable, by the four forms (四种形态)."""

    person: Text = described("Who was held accountable (a cadre or an organisation). 被问责对象")
    post: Text | None = described("Post at the time. 职务", default=None)
    form: Annotated[int, Field(ge=1, le=4)] = described(
        "The four forms: 1 criticism/reminder/admonition, 2 warning/adjustment, 3 heavy sanction, 4 case. 四种形态")
    action: Text = described("What was done, e.g. 诫勉谈话, 党内警告. 处理方式")
    responsibility: Responsibility | None = described(
        "main 主体责任 / supervisory 监督责任 / leading 领导责任", default=None)
    date: dt.date = described("Date of the decision. 处理日期")


class Signature(Strict):
    """签名: the signature of the person acting over the entry's signed text (docs/reliability.md)."""

    scheme: Literal["ssh"] = described("Signature scheme: ssh (ssh-keygen -Y sign, namespace rectify). 签名方案",
                                       default="ssh")
    key: Text = described("Fingerprint of the signing key, e.g. SHA256:3q2+7w…. 公钥指纹")
    sshsig: Annotated[str, Field(pattern=r"^[A-Za-z0-9+/=]+$")] = described(
        "The signature: the base64 inside ssh-keygen's armor, on one line. 签名值")


class HistoryEntry(Strict):
    """One recorded change: when the command ran, who, what, on which business date, why."""

    at: AwareDatetime = described("When the change was recorded, with its time zone offset. 记录时间")
    by: Text = described("Who made the change. 操作人")
    did: Action = described("What was done. 操作")
    date: dt.date | None = described("Business date of the event (may be earlier than `at`). 业务日期", default=None)
    reason: Text | None = described("Why. 原因", default=None)
    deadline: dt.date | None = described("Deadline as recorded when the problem was added. 原定时限", default=None)
    to: dt.date | None = described("New deadline (extended) or review date (long-term). 新时限", default=None)
    measure: ItemId | None = described("Measure concerned. 措施编号", default=None)
    step: Text | None = described("Review step concerned (submitted, approved, returned). 审核环节", default=None)
    milestone: ItemId | None = described("Milestone of the measure concerned. 节点编号", default=None)
    percent: Percent | None = described("Share of the work done, as a progress report gave it. 完成进度（%）",
                                        default=None)
    status: Status | None = described("Status set. 状态", default=None)
    field: Text | None = described(
        "The field a correction (`did: corrected`) put right, as named in the problem or in its measure, "
        "e.g. found_on, closed.date, done_on, summary. 更正字段", default=None)
    old: Text | None = described("The value before the correction, as text (absent if none was recorded). 原值",
                                 default=None)
    new: Text | None = described("The value after the correction, as text. 更正为", default=None)
    hash: Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")] | None = described(
        "Chain hash: first 16 hex of sha256 over the previous entry's hash and this entry. 校验链", default=None)
    signature: Signature | None = described(
        "Signature of the person acting; not part of the chain hash, so it can be added later. 签名", default=None)


class ProblemItem(Strict):
    """问题: one problem fed back by the inspection, with its three lists (problem, responsibility, task)."""

    id: ItemId = described("Stable id, never reused, e.g. P7-001. 问题编号")
    round: Annotated[int, Field(ge=1)] = described("Round that found it. 轮次")
    category: Text = described(
        "Category from the policy's list: its id, or its Chinese name or an alias, read as the id. 问题类别")
    summary: Text = described("The problem as fed back. 问题表现")
    source: Text | None = described("Where it came from, e.g. 巡视反馈, 巡视期间立行立改, 自查. 问题来源", default=None)
    common: bool = described("Common problem fed back to all units (共性) rather than individual (个性).", default=False)
    immediate: bool = described("To be rectified at once. 立行立改", default=False)
    repeat_of: ItemId | None = described("Id of an earlier problem this repeats (改后又犯 across rounds). 重复问题", default=None)
    found_on: dt.date | None = described("Business date it counts from, if not the round's feedback date. 交办日期", default=None)
    responsible: Responsible = described("Responsible leader, unit and person. 责任清单")
    deadline: dt.date = described("Original deadline; moved only by an extension. 完成时限")
    extensions: list[Extension] = described("Deadline extensions. 延期记录", default_factory=list)
    extension_requests: list[ExtensionRequest] = described(
        "Extensions asked for, pending, approved or refused. 延期申请", default_factory=list)
    measures: list[Measure] = described("Measures. 整改措施", default_factory=list)
    status: Status = described(
        "open 整改中 / basically-done 基本完成 / long-term 需长期坚持 / claimed 自报完成，待对账销号 / "
        "under-review 待审核 / closed 已销号 / partial 部分整改 / waived 暂缓整改 / dismissed 不予认定")
    label: Text | None = described("The status label as the unit wrote it, e.g. 正在推进. 原状态表述", default=None)
    closed: Closure | None = described("Verified closure; present exactly when status is closed. 对账销号", default=None)
    long_term: LongTerm | None = described("Present exactly when status is long-term. 长期整改", default=None)
    review: Review | None = described(
        "The closure submitted and under review (待审核); present exactly when status is under-review. 销号审核",
        default=None)
    returns: list[Return] = described("Submitted closures returned by a review step (退回). 退回记录", default_factory=list)
    decisions: list[Decision] = described(
        "Outcomes other than rectified, oldest first; the last is in force when the status is its kind. 整改认定",
        default_factory=list)
    claimed: Claim | None = described(
        "The unit's report that it is finished; required when status is claimed, kept after the closure. 自报完成",
        default=None)
    reopened: list[Reopening] = described("Reopenings after closure (relapse). 重新整改记录", default_factory=list)
    rechecks: list[Recheck] = described("Re-checks of its closure (回头看). 复查记录", default_factory=list)
    progress: list[Progress] = described("Progress reports on the problem as a whole, oldest first. 整改进展",
                                         default_factory=list)
    outcomes: Outcomes | None = described("Results. 整改成效", default=None)
    accountability: list[Accountability] = described("Accountability. 问责情况", default_factory=list)
    notes: Text | None = described("Free notes. 备注", default=None)
    heading: Text | None = described(
        "The section heading it was listed under in the sheet it came from, e.g. 一、落实党中央决策部署方面. 所属标题",
        default=None)
    history: list[HistoryEntry] = described("Changes, oldest first, hash-chained. 变更记录", default_factory=list)


class Ledger(Strict):
    """A ledger (三清单一台账): one inspected organisation, its inspections and its problems."""

    model_config = ConfigDict(
        title="rectify ledger",
        json_schema_extra={"$id": "https://rectify.invalid/schemas/ledger.schema.json"},
    )

    version: Literal[1] = described("Format version.", default=1)
    organisation: Organisation = described("被巡视/巡察党组织")
    inspections: list[Inspection] = described("Inspection rounds received. 接受巡视巡察情况", default_factory=list)
    problems: list[ProblemItem] = described("Problems fed back. 问题清单", default_factory=list)
    handovers: list[Handover] = described(
        "Changes of secretary or responsible leader and the items handed over (新官理旧账). 工作交接",
        default_factory=list)


# ---------------------------------------------------------------------------------------------
# The policy: categories, which statuses count as rectified, warning colours, consequence rules.


class CategoryName(Strict):
    zh: Text = described("Chinese name. 中文名称")
    en: Text | None = described("English name.", default=None)
    group: Text | None = described("Classification it belongs to, e.g. 三个聚焦. 所属分类", default=None)
    aliases: list[Text] = described(
        "Other headings and labels that mean this category in a sheet, e.g. 落实党中央决策部署. 别称",
        default_factory=list)


class Consequence(Strict):
    zh: Text = described("The consequence in Chinese, e.g. 召开专题民主生活会并全市通报")
    en: Text = described("The consequence in English")


class RateRule(Strict):
    enabled: bool = True
    rate_at_or_below: Share = described('Fires when the rate is at or below this share ("50%以下" includes 50%).')
    consequence: Consequence = Consequence(zh="召开专题民主生活会，并在全市范围内通报", en="special democratic-life meeting and city-wide circulation")


class UnfinishedRule(Strict):
    enabled: bool = True
    unfinished_at_least: Annotated[int, Field(ge=1)] = described("Fires when at least this many problems are unfinished.", default=1)
    statuses: list[Status] | None = described(
        "Statuses that count as unfinished, e.g. [open, basically-done, claimed, under-review] to leave long-term and "
        "waived items under supervision out. Absent: every status not rectified. 计为未完成的状态", default=None)
    consequence: Consequence = Consequence(zh="向市委作出深刻检查", en="written deep self-examination to the committee")


class SatisfactionRule(Strict):
    enabled: bool = True
    satisfaction_below: Share = described("Fires when the satisfaction rate is below this share.")
    consequence: Consequence = Consequence(zh="约谈党组织主要负责人", en="interview of the principal")


class GradeRule(Strict):
    enabled: bool = True
    grades: list[Grade] = described("Grades that fire the rule.", default_factory=lambda: ["不合格", "差"])
    consequence: Consequence = Consequence(zh="约谈并责令重新整改", en="interview and re-rectification")


class WarningRule(Strict):
    enabled: bool = True
    overdue_at_least: Annotated[int, Field(ge=1)] = described("Fires when at least this many problems are overdue.", default=3)
    hanging_at_least: Annotated[int, Field(ge=1)] = described(
        "Or when at least this many problems are left hanging (挂账: open past the end of the period with no measure done).",
        default=3)
    consequence: Consequence = Consequence(zh="警示约谈", en="warning interview")


class MissingReportsRule(Strict):
    """Off by default: a place that holds units to their reporting duty turns it on in its policy."""

    enabled: bool = False
    missing_at_least: Annotated[int, Field(ge=1)] = described(
        "Fires when at least this many periodic reports due by the date were not submitted. 缺报期数", default=1)
    consequence: Consequence = Consequence(zh="通报批评，责令限期补报", en="circulated criticism and an order to submit")


class Rules(Strict):
    democratic_life_meeting: RateRule = Field(
        alias="democratic-life-meeting", default_factory=lambda: RateRule(rate_at_or_below=Fraction(1, 2)))
    self_examination: UnfinishedRule = Field(alias="self-examination", default_factory=UnfinishedRule)
    interview: SatisfactionRule = Field(default_factory=lambda: SatisfactionRule(satisfaction_below=Fraction(4, 5)))
    re_rectification: GradeRule = Field(alias="re-rectification", default_factory=GradeRule)
    warning_interview: WarningRule = Field(alias="warning-interview", default_factory=WarningRule)
    missing_reports: MissingReportsRule = Field(alias="missing-reports", default_factory=MissingReportsRule)

    model_config = ConfigDict(populate_by_name=True)


class WarningDays(Strict):
    green: Count = described("Green at this many days left or fewer (Jiangjin: 20).", default=20)
    yellow: Count = described("Yellow at this many days left or fewer (Jiangjin: 10); red when overdue.", default=10)
    behind_plan: Literal["yellow", "red"] = described(
        "Colour of a measure behind plan (a milestone's planned date passed undone, 进度滞后) while its own "
        "deadline has not passed. Default yellow; red when overdue stays red.", default="yellow")


def _ssh_public_key(value: str) -> str:
    import sshsig

    try:
        sshsig.PublicKey.from_openssh_str(value.strip())
    except (ValueError, NotImplementedError) as exc:
        raise ValueError(say("not an SSH public key such as `ssh-ed25519 AAAA…` ({error})", error=exc)) from None
    return value


class Formalism(Strict):
    """形式主义迹象: thresholds of the warnings about closures (docs/report.md); warnings, never consequences."""

    enabled: bool = True
    last_days: Annotated[int, Field(ge=1, le=90)] = described(
        "The last days of the concentrated period watched for bunched closures (突击销号). 期末天数", default=7)
    last_days_share: Share = described(
        "Warn when at least this share of the round's closures fell in those days. 期末销号占比",
        default=Fraction(1, 2))
    last_days_at_least: Annotated[int, Field(ge=1)] = described(
        "... and at least this many closures. 期末销号数", default=3)
    shared_evidence_at_least: Annotated[int, Field(ge=2)] = described(
        "Warn when one evidence file (sha256) supports at least this many problems. 同一材料问题数", default=2)
    recorded_within_days: Count = described(
        "Warn when a closure was recorded more than this many days after its date. 补录天数", default=7)
    same_day_measures_at_least: Annotated[int, Field(ge=1)] = described(
        "Warn when a problem with at least this many measures had all done on its closure day. 同日完成措施数",
        default=2)


class Signer(Strict):
    """A person allowed to sign, with their public key and roles (like a line of git's allowed-signers file)."""

    name: Text = described("The name the person acts under (`--by`). 姓名")
    key: Annotated[Text, AfterValidator(_ssh_public_key)] = described(
        "Public key, as in ~/.ssh/id_ed25519.pub: ssh-ed25519 AAAA… 公钥")
    roles: list[Text] = described("Roles the person may sign in, e.g. 巡察办. 角色", default_factory=list)


class Signatures(Strict):
    """签名规则: who may sign which action, and whether plain validation checks signatures."""

    required: bool = described("Check signatures in every `rectify validate`, as --signatures does. 默认校验签名",
                               default=False)
    signers: list[Signer] = described("People allowed to sign. 签名人", default_factory=list)
    actions: dict[Literal["closed", "extended", "approved", "returned", "partial", "waived", "dismissed"],
                  list[Text]] = described(
        "Actions that must be signed -> the roles allowed to sign them, e.g. closed: [巡察办]; for approved and "
        "returned an empty list means the review step's own role. 须签名的操作",
        default_factory=dict)


class ReviewStep(Strict):
    """One step of closure review (销号审核环节), e.g. 巡察组初审 by the inspection team."""

    id: Annotated[str, Field(pattern=ITEM_ID_PATTERN)] = described("Short id used on the command line, e.g. team. 环节代码")
    name: Text = described("The step's name, e.g. 巡察组初审. 环节名称")
    role: Text = described("The role that acts in it, e.g. 巡察组; signatures are checked against it. 审核角色")
    required: bool = described("Whether the closure waits for it (会签 may be optional). 必经环节", default=True)


class ReviewPolicy(Strict):
    """销号审核: closures submitted by the unit and approved step by step, in this order."""

    steps: Annotated[list[ReviewStep], Field(min_length=1)] = described("The steps, in order. 审核环节")
    since: dt.date | None = described(
        "Closures dated on or after this day must have gone through the steps; earlier ones stand as recorded. "
        "Absent: every closure. 启用日期", default=None)

    @model_validator(mode="after")
    def _steps_distinct(self) -> ReviewPolicy:
        ids = [step.id for step in self.steps]
        if len(set(ids)) != len(ids):
            raise ValueError(say("review step ids must be distinct (got {ids})", ids=", ".join(ids)))
        if not any(step.required for step in self.steps):
            raise ValueError(say("at least one review step must be required"))
        return self

    def step(self, step_id: str) -> ReviewStep | None:
        return next((step for step in self.steps if step.id == step_id), None)

    def pending(self, approvals: list[Approval]) -> ReviewStep | None:
        """The next required step a submission waits for, given its approvals; None when all required approved."""
        done = {approval.step for approval in approvals}
        return next((step for step in self.steps if step.required and step.id not in done), None)
MeasureId = Literal["rate", "measure-rate", "on-time-rate", "immediate-rate", "satisfaction", "clue-disposal-rate",
                    "overdue", "hanging", "reopened", "unfinished", "claimed", "repeats"]
MEASURES: tuple[str, ...] = get_args(MeasureId)
SHARE_MEASURES: tuple[str, ...] = MEASURES[:6]


class Indicator(Strict):
    """考核指标: one indicator of the evaluation scheme, computed from the ledger or scored by an evaluator."""

    id: ItemId = described("Stable id, named by an evaluator's score. 指标编号")
    zh: Text = described("Name in Chinese, e.g. 一查主要领导是否真重视. 指标名称")
    en: Text | None = described("Name in English.", default=None)
    points: Points = described("Points the indicator is worth. 分值")
    computed: MeasureId | None = described(
        "Computed from the figures at the consequence date: a share (rate, measure-rate, on-time-rate, "
        "immediate-rate, satisfaction, clue-disposal-rate) gives points × share; a count (overdue, hanging, "
        "reopened, unfinished, claimed, repeats) deducts `deduct` points each from `points`, never below 0. "
        "Absent: scored by an evaluator. 计算方式", default=None)
    deduct: Points | None = described("Points deducted per item counted (count measures only). 每项扣分",
                                      default=None)
    if_none: Literal["full", "zero"] = described(
        "Points when a share has no value (no problems, no closures, no survey, no clue): full or zero. 无数据时",
        default="zero")
    checks: Text | None = described("What the evaluator looks at, for the score sheet. 考核内容", default=None)

    @model_validator(mode="after")
    def _deduct_with_counts(self) -> Indicator:
        if self.computed in SHARE_MEASURES and self.deduct is not None:
            raise ValueError(say("{measure} is a share: it gives points × share, with no deduct:",
                                 measure=self.computed))
        if self.computed is not None and self.computed not in SHARE_MEASURES and self.deduct is None:
            raise ValueError(say("{measure} is a count: say how many points each one deducts (deduct:)",
                                 measure=self.computed))
        if self.computed is None and self.deduct is not None:
            raise ValueError(say("deduct: goes with a computed count (computed: overdue, ...)"))
        return self


class Band(Strict):
    """等次: the grade given from a total score up."""

    grade: Grade = described("The grade. 等次")
    at_least: Points = described("Lowest total that earns it. 最低分")


class EvaluationScheme(Strict):
    """考核评价办法: the indicators of the scored evaluation and the grade bands (docs/report.md)."""

    example: bool = described(
        "The scheme is an example to adapt (the default policy's, after Xiaodian's eight checks). 示例", default=False)
    indicators: list[Indicator] = described("The indicators; their points add up to 100. 考核指标")
    bands: list[Band] = described("Grade bands, best first, each `at_least` lower than the one before. 等次划分")

    @model_validator(mode="after")
    def _consistent(self) -> EvaluationScheme:
        ids = [indicator.id for indicator in self.indicators]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(say("indicator id {id!r} is used twice", id=twice[0]))
        total = sum((indicator.points for indicator in self.indicators), Decimal(0))
        if total != 100:
            raise ValueError(say("the indicators' points add up to {total}, not 100", total=total))
        lines = [band.at_least for band in self.bands]
        if not self.bands or any(a <= b for a, b in itertools.pairwise(lines)):
            raise ValueError(say("bands: list the grades best first, each at_least lower than the one before"))
        if lines[-1] != 0:
            raise ValueError(say("bands: the last grade starts at 0 (at_least: 0), so every total has a grade"))
        return self

    def indicator(self, indicator_id: str) -> Indicator | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)


class Redaction(Strict):
    """公开审核: what a published text never carries; applied and listed by `rectify disclose`."""

    persons_below_form: Annotated[int, Field(ge=1, le=5)] = described(
        "Names of people held accountable are published only from this form (四种形态) up; 5: never. "
        "默认只公开第三、四种形态的人名", default=3)
    clues: bool = described("Never publish clue details (问题线索); only their count. 不公开线索内容", default=True)
    evidence: bool = described("Never publish evidence paths or documents. 不公开佐证材料", default=True)
    notes: bool = described("Never publish notes, reasons and evaluators' notes. 不公开内部备注", default=True)
    terms: list[Text] = described("Further words never published (names, places). 其他不公开词语",
                                  default_factory=list)


class DisclosurePolicy(Strict):
    """整改情况公开: how the published text is made."""

    redact: Redaction = Field(default_factory=Redaction, description="What is never published. 不公开内容")
class Cadence(Strict):
    """How often a report is due and by which day of the following month."""

    every: Literal["month", "quarter"] = described("month 每月 / quarter 每季度")
    by_day: Annotated[int, Field(ge=1, le=28)] = described(
        "Due by this day of the month after the period (e.g. 5: the May report by 5 June). 报送截止日", default=5)


class Reporting(Strict):
    """报送制度: the periodic progress reports a unit owes (docs/format.md, "Reporting duties")."""

    during_period: Cadence | None = described(
        "Reports due during the concentrated period, one per month (or quarter) from the feedback month to the "
        "month of its end. 集中整改期内", default_factory=lambda: Cadence(every="month"))
    long_term: Cadence | None = described(
        "Reports due after the period while the round has a problem not rectified at the start of the period "
        "reported on (long-term items until settled). 长期整改期间", default_factory=lambda: Cadence(every="quarter"))
    late_after_days: Count = described("Days of grace after the due day before a submission counts as late. 宽限天数",
                                       default=0)
    organisations: list[OrgId] = described(
        "Only these organisations owe the reports (e.g. those under special supervision); empty: every "
        "organisation. 报送单位", default_factory=list)

    def applies_to(self, org_id: str) -> bool:
        return not self.organisations or org_id in self.organisations


class Step(Strict):
    """One step of the escalation ladder: when it applies, which instrument, to whom."""

    colour: Literal["green", "yellow", "red"] | None = described(
        "Applies to a problem of this warning colour (or worse). 预警颜色", default=None)
    overdue_days: Annotated[int, Field(ge=1)] | None = described(
        "Applies to a problem at least this many days past its deadline. 超期天数", default=None)
    kind: InstrumentKind = described("The instrument to send. 督办方式")
    to: Literal["person", "leader", "unit", "secretary"] = described(
        "To whom: the responsible person, the responsible leader, the responsible unit, or the Party secretary. 督办对象")
    reply_days: Annotated[int, Field(ge=1)] = described("Days given for the reply. 回复期限（天）", default=7)

    @model_validator(mode="after")
    def _colour_or_days(self) -> Step:
        if (self.colour is None) == (self.overdue_days is None):
            raise ValueError(say("a step of the ladder names either colour: or overdue_days:, exactly one of them"))
        return self


def _default_ladder() -> list[Step]:
    # Jiangjin's ladder: the officer in charge, then the leader in charge, then the unit and its secretary
    return [Step(colour="yellow", kind="提醒函", to="person"), Step(colour="red", kind="督办单", to="leader"),
            Step(overdue_days=30, kind="告诫函", to="secretary"), Step(overdue_days=60, kind="约谈", to="secretary")]


class Supervision(Strict):
    """督办: the escalation ladder `rectify notices` follows (docs/format.md, "Supervision")."""

    issuer: Text | None = described("Who issues the notices, e.g. 市委巡察办. 督办单位", default=None)
    ladder: list[Step] = described("Steps, mildest first; a problem gets the last step that applies. 督办阶梯",
                                   default_factory=_default_ladder)


class Policy(Strict):
    """ledgers/policy.yaml: the place's rules. Defaults are the seeds' (Tianjin, Beijing, Yuxi, Jiangjin)."""

    model_config = ConfigDict(title="rectify policy")

    version: Literal[1] = 1
    name: Text | None = described("Whose policy, e.g. 中共某市委巡察工作领导小组. 制定单位", default=None)
    rectified_statuses: list[Status] = described(
        "Statuses counted as rectified in the rate. Default: closed only. 计入整改完成的状态",
        default_factory=lambda: ["closed"])
    excluded_statuses: list[DecisionKind] = described(
        "Outcomes left out of the count (the rate's denominator and every problem figure), shown beside the rate. "
        "Default: dismissed. 不计入问题总数的认定", default_factory=lambda: ["dismissed"])
    satisfaction_counts: list[Literal["satisfied", "basically_satisfied"]] = described(
        "Survey answers counted as satisfied. 计入满意的选项",
        default_factory=lambda: ["satisfied", "basically_satisfied"])
    include_carry_over: bool = described(
        "Count earlier rounds' unsettled problems in this round's rate. Default no. 未结账问题计入本轮", default=False)
    consequence_date: Literal["end-of-period", "as-of"] = described(
        "Date at which consequences are judged by default: the end of the concentrated period, or --as-of.",
        default="end-of-period")
    period_months: Annotated[int, Field(ge=1, le=24)] = described(
        "Default length of the concentrated period in months. 集中整改期（月）", default=3)
    warning_days: WarningDays = Field(default_factory=WarningDays)
    categories: dict[Text, CategoryName] = described(
        "Allowed problem categories: id -> names. Empty means any category is accepted. 问题类别", default_factory=dict)
    rules: Rules = Field(default_factory=Rules)
    signatures: Signatures | None = described("Signed approvals (docs/reliability.md). 签名", default=None)
    review: ReviewPolicy | None = described(
        "Closure review in steps (申请销号 → 审核 → 销号). Absent: `rectify close` closes in one step. 销号审核",
        default=None)
    formalism: Formalism = Field(default_factory=Formalism, description="Signs of formalism, warned of in the report. 形式主义迹象")
    evaluation: EvaluationScheme | None = described(
        "The scored evaluation (考核评价办法): indicators, weights or deductions, grade bands. Absent: grades are "
        "as recorded. 考核评价", default=None)
    disclosure: DisclosurePolicy = Field(default_factory=DisclosurePolicy,
                                         description="What a published text may carry. 整改情况公开")
    reporting: Reporting | None = described(
        "Periodic progress reports owed (报送制度); absent: none is owed. 报送制度", default=None)
    supervision: Supervision = Field(default_factory=Supervision,
                                     description="The escalation ladder of supervision notices. 督办阶梯")

    def category_id(self, written: str) -> str | None:
        """The category a ledger or an option names: its id, its Chinese name (zh) or one of its aliases,
        exactly as the policy writes them; None when it names none (or the policy lists no categories)."""
        if written in self.categories:
            return written
        for category_id, names in self.categories.items():
            if written == names.zh or written in names.aliases:
                return category_id
        return None

    def category_names(self) -> dict[str, list[str]]:
        """Each category's Chinese name and aliases, by id: what a "did you mean" compares with."""
        return {category_id: [names.zh, *names.aliases] for category_id, names in self.categories.items()}

    def category_list(self) -> str:
        """The categories as a hint lists them: `party-leadership (党的领导弱化), …`."""
        return ", ".join(f"{category_id} ({names.zh})" for category_id, names in self.categories.items())

    def category_name(self, category: str, lang: str) -> str:
        entry = self.categories.get(category)
        if entry is None:
            return category
        return entry.zh if lang == "zh" or not entry.en else entry.en
