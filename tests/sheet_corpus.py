"""A corpus of rectification sheets (整改台账) as offices keep them, and what a person counting each finds.

Each SheetCase rebuilds one real layout (a city department's 党组, a township, a state-owned
enterprise, a university, villages, county bureaus) with openpyxl, or as a GBK CSV, and states the
figures a clerk counting the sheet by hand would report. They are the truth `rectify import` must
reach (issue 12), not what it does today; tests/test_sheet_corpus.py runs them, and
tests/sheet_corpus.md is the table of what each case exercises.

The round every case is imported into: round 7, feedback 2026-05-15, end of the concentrated period
2026-08-15, imported and reported on 2026-09-01. The counts:

- ``closed``: the sheet says done AND gives a closing date (a 完成时间 column, or a date inside the
  status text) AND names evidence (佐证材料), and every measure is done.
- ``claimed``: the sheet says done (已完成, 已整改到位, 全部完成, 按期完成, 已办结, 是否完成=是 …) but
  the closing date or the evidence is missing: 自报完成，待对账销号. Not in the rate.
- ``basically_done``: 基本完成 / 取得阶段性成效; ``long_term``: 长期坚持 / 需长期坚持;
  ``open``: everything else (正在推进, 系统已完成需求调研，正在开发, 是否完成=否 …).
  closed + claimed + basically_done + long_term + open = problems.
- A problem whose measures say different things takes the least advanced (1.已完成；2.正在推进 is
  open); a long-term measure makes the problem long-term.
- ``skipped_rows``: the sheet's own rows (1-based, as Excel numbers them; CSV: records) below the
  header that are not problems: "heading", "total" (合计/小计), "repeated-header", "note" (注：…,
  填表人：…). Title rows above the header and empty rows are not listed.
- ``categories``: the n-th problem of the sheet (P7-00n) -> category id of ledgers/policy.yaml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FEEDBACK_ON = "2026-05-15"
RECTIFY_BY = "2026-08-15"
IMPORTED_ON = "2026-09-01"
# The on-site period of the round (巡察组进驻期间), for 边巡边改 items dated before the feedback.
# The option names are this corpus's proposal to the importer work (issue 12, item 6).
ON_SITE_ARGS = ("--on-site-from", "2026-03-16", "--on-site-to", "2026-04-30")

FIGURES = ("problems", "measures", "closed", "claimed", "basically_done", "long_term", "open", "rate_exact")


@dataclass(frozen=True)
class SheetCase:
    name: str
    description: str
    build: Callable[[Path], Path]
    expected: dict
    import_args: list[str] = field(default_factory=list)
    org: str = "corpus-org"
    org_name: str = ""
    round_args: tuple[str, ...] = ()
    # a workbook of several organisations: sheet name -> (org id, org name); `expected` then maps
    # each sheet name to its figures, and `summary_sheet` names the sheet of totals per organisation
    sheets: dict[str, tuple[str, str]] = field(default_factory=dict)
    summary_sheet: str | None = None


def expect(problems: int, measures: int, closed: int, claimed: int, basically_done: int, long_term: int,
           open: int, rate_exact: str, skipped_rows: dict[int, str], categories: dict[int, str]) -> dict:
    return {"problems": problems, "measures": measures, "closed": closed, "claimed": claimed,
            "basically_done": basically_done, "long_term": long_term, "open": open, "rate_exact": rate_exact,
            "skipped_rows": skipped_rows, "categories": categories}


class Grid:
    """Writes a worksheet row by row (1-based, as Excel numbers them) and merges ranges."""

    def __init__(self, sheet: Worksheet, width: int):
        self.sheet, self.width, self.row = sheet, width, 0

    def add(self, *values: object) -> int:
        self.row += 1
        for column, value in enumerate(values, start=1):
            if value is not None and value != "":
                self.sheet.cell(self.row, column, value)
        return self.row

    def across(self, text: str) -> int:
        """A line merged across the table: a title, a heading, a note."""
        row = self.add(text)
        self.sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=self.width)
        return row

    def down(self, columns: str, first: int, last: int | None = None) -> None:
        """Merge each column letter from row `first` to `last` (default: the row just written)."""
        for letter in columns:
            self.sheet.merge_cells(f"{letter}{first}:{letter}{last or self.row}")

    def two_level(self, top: list[str | None], group: str, under: dict[str, str]) -> None:
        """A grouped header over two rows: `group` (责任清单) merged over the columns of `under`
        (letter -> header: 责任领导 | 责任部门 | 责任人) on the second row; the other headers merged down."""
        self.add(*top)
        letters = list(under)
        self.sheet[f"{letters[0]}{self.row}"] = group
        self.sheet.merge_cells(f"{letters[0]}{self.row}:{letters[-1]}{self.row}")
        self.add()
        for letter, header in under.items():
            self.sheet[f"{letter}{self.row}"] = header
        for column in range(1, self.width + 1):
            letter = get_column_letter(column)
            if letter not in under:
                self.sheet.merge_cells(f"{letter}{self.row - 1}:{letter}{self.row}")


def _book(title: str, width: int) -> tuple[Workbook, Grid]:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    return book, Grid(sheet, width)


def _date(text: str) -> dt.datetime:
    """An Excel date cell."""
    return dt.datetime.fromisoformat(text)


# --- 1. a city department (市直部门党组): the 四个落实 headings, a grouped header -------------------


def build_city_department(folder: Path) -> Path:
    path = folder / "教育局巡察整改台账.xlsx"
    book, g = _book("整改台账", 11)
    g.across("中共江城市教育局党组关于市委第三巡察组反馈意见整改落实台账")
    g.across("填报单位（盖章）：江城市教育局办公室                        填报日期：2026年9月1日")
    g.two_level(["序号", "反馈问题", "整改措施", None, None, None, "完成时限", "整改\n进展", "完成时间",
                 "佐证材料", "备注"], "责任清单", {"D": "责任领导", "E": "责任部门", "F": "责任人"})
    g.across("一、落实党中央决策部署方面")                                                    # 5
    first = g.add(1, "落实意识形态工作责任制不到位，对意识形态领域形势分析研判不深入",
                  "1.制定意识形态工作责任清单", "张明", "办公室", "李华", _date("2026-06-30"), "已完成",
                  _date("2026-06-25"), "党组会会议纪要；意识形态工作责任清单")                  # 6
    g.add(None, None, "2.每半年开展一次意识形态形势分析研判", None, None, "李华", "2026年7月31日", None,
          _date("2026-07-28"))                                                                # 7
    g.down("ABDEHJ", first)
    g.add(2, "贯彻落实“双减”政策督导检查不到位，校外培训机构治理存在盲区", "开展校外培训机构专项治理",
          "王强", "基础教育科", "赵敏", "6月底前", "全部完成", "2026年8月10日", "专项治理工作报告")    # 8
    g.across("二、落实全面从严治党战略部署方面")                                              # 9
    g.add(3, "“三重一大”决策制度执行不严格，部分事项未经集体研究", "修订“三重一大”决策制度实施办法",
          "张明", "办公室", "李华", _date("2026-07-31"), "已完成")                              # 10
    g.add(4, "落实中央八项规定精神不严格，公务接待管理不规范",
          "1.清理2024年以来公务接待票据\n2.修订公务接待管理办法", "王强", "计划财务科", "孙丽",
          _date("2026-08-15"), "基本完成")                                                      # 11
    g.across("三、落实新时代党的组织路线方面")                                                # 12
    g.add(5, "干部档案专项审核发现问题整改不到位", "逐一核查干部档案并建立问题台账", "陈刚", "组织人事科",
          "周杰", _date("2026-09-30"), "正在推进")                                              # 13
    g.add(None, None, "建立干部档案管理长效机制", None, None, "周杰", _date("2026-10-31"))        # 14
    g.add(6, "基层党组织书记抓党建述职评议考核流于形式", "完善述职评议考核办法", "陈刚", "机关党委",
          "吴芳", "长期坚持", "长期坚持")                                                       # 15
    g.across("四、落实巡视整改方面")                                                          # 16
    g.add(7, "上轮巡察反馈的校舍维修资金管理问题整改不到位", "开展上轮巡察整改“回头看”", "张明",
          "计划财务科", "孙丽", _date("2026-07-15"), "已整改到位", _date("2026-07-20"))            # 17
    g.add("合计", "7个问题", "10项措施", None, None, None, None, "已完成5个")                    # 18
    g.add()                                                                                   # 19
    g.across("注：1.整改进展填写“已完成”“正在推进”“基本完成”“长期坚持”；2.完成时间填写实际完成日期。")  # 20
    g.add("填表人：李华", None, None, None, None, "审核人：张明", None, None, "联系电话：0791-86801234")  # 21
    book.save(path)
    return path


CITY_DEPARTMENT = SheetCase(
    name="city-department-four-implementations",
    description="a 市直部门党组 整改落实台账: 四个落实 headings merged across, 责任清单 grouped header, "
                "a problem merged over two measure rows, 合计 and 填表人 below",
    build=build_city_department, org="jc-edu", org_name="中共江城市教育局党组",
    expected=expect(problems=7, measures=10, closed=2, claimed=2, basically_done=1, long_term=1, open=1,
                    rate_exact="2/7",
                    skipped_rows={5: "heading", 9: "heading", 12: "heading", 16: "heading", 18: "total",
                                  20: "note", 21: "note"},
                    categories={1: "central-decisions", 2: "central-decisions", 3: "strict-governance",
                                4: "strict-governance", 5: "personnel", 6: "personnel",
                                7: "previous-rectification"}),
)


# --- 2. a township (乡镇党委): headings in two cells, the three big problems, date wordings --------


def build_township_two_cells(folder: Path) -> Path:
    path = folder / "青石镇整改台账.xlsx"
    book, g = _book("Sheet1", 10)
    g.across("中共清河县委第二巡察组反馈问题整改台账（青石镇）")
    g.add("填报单位：中共青石镇委员会（盖章）", None, None, None, None, None, "填报日期：2026年9月1日")
    g.add("序号", "问题清单", "整改措施", "牵头领导", "责任单位", "具体经办人", "整改时限", "完成情况",
          "完成时间", "佐证材料")                                                                # 3
    g.add("一", "党的领导弱化方面")                                                              # 4
    g.add(1, "学习贯彻习近平新时代中国特色社会主义思想不深入，理论学习中心组学习流于形式",
          "制定党委理论学习中心组年度学习计划并严格执行", "杨志刚", "党政办", "何静", "2026年6月30日前完成",
          "已完成", _date("2026-06-28"), "中心组学习计划、学习记录")                              # 5
    g.add(2, "落实意识形态工作责任制不到位，村级宣传阵地管理不规范",
          "1.开展村级宣传阵地清理整治\n2.建立宣传阵地常态化巡查制度", "杨志刚", "宣传办", "何静", "6月底前",
          "已整改到位")                                                                          # 6
    g.add("二", "党的建设缺失方面")                                                              # 7
    first = g.add(3, "基层党组织“三会一课”制度落实不严格，部分支部组织生活不规范",
                  "对全镇各支部组织生活开展专项督查", "陈卫东", "党建办", "罗丹", "六月底", "按期完成",
                  _date("2026-06-30"), "专项督查通报")                                           # 8
    g.add(None, None, "建立支部组织生活记录月查制度", None, None, "罗丹", "2026年6月中旬", None,
          _date("2026-06-15"))                                                                  # 9
    g.down("ABDEHJ", first)
    g.add(4, "发展党员工作不规范，个别党员发展程序缺失", "逐一复核近三年发展党员档案", "陈卫东", "党建办",
          "罗丹", "2026年7月", "基本完成")                                                      # 10
    g.add("三", "全面从严治党不力方面")                                                          # 11
    g.add(5, "村级财务公开不及时，部分村“三资”管理混乱", "1.督促各村按月公开财务收支\n2.开展村级“三资”清理",
          "黄建国", "财政所", "邓丽", "2026年9月30日前", "正在推进")                              # 12
    g.add(6, "惠农补贴发放监管不到位", "开展惠农补贴发放专项检查", "黄建国", "农业服务中心", "邓丽",
          "2026年8月15日", "已完成", _date("2026-08-12"))                                       # 13
    g.add("合计", "共6个问题")                                                                   # 14
    g.add("填表人：何静        审核人：杨志刚")                                                    # 15
    book.save(path)
    return path


TOWNSHIP_TWO_CELLS = SheetCase(
    name="township-two-cell-headings",
    description="a 乡镇党委 巡察整改台账 with the three big problems as section headings in two cells "
                "(序号 一 | 党的领导弱化方面), 牵头领导/具体经办人, 六月底, 2026年6月中旬, 按期完成",
    build=build_township_two_cells, org="qs-town", org_name="中共青石镇委员会",
    expected=expect(problems=6, measures=9, closed=2, claimed=2, basically_done=1, long_term=0, open=1,
                    rate_exact="2/6",
                    skipped_rows={4: "heading", 7: "heading", 11: "heading", 14: "total", 15: "note"},
                    categories={1: "party-leadership", 2: "party-leadership", 3: "party-building",
                                4: "party-building", 5: "strict-governance", 6: "strict-governance"}),
)


# --- 3. a township under county 巡察: the 三个聚焦, headings nested two levels ---------------------


def build_township_three_focuses(folder: Path) -> Path:
    path = folder / "柳林镇巡察整改台账.xlsx"
    book, g = _book("整改台账", 10)
    g.across("中共柳林镇委员会关于县委第四巡察组反馈意见整改落实情况台账")
    g.across("填报单位：柳林镇党政办公室　　　　填报日期：2026年9月1日")
    g.add("序号", "问题表现", "整改措施", "责任领导", "责任部门", "责任人", "完成时限", "整改进展", "完成时间",
          "佐证材料")                                                                            # 3
    g.across("一、聚焦惠民富民政策落实方面")                                                  # 4
    g.across("（一）乡村振兴政策落实不够精准")                                                # 5
    g.add(1, "产业帮扶项目前期论证不充分，部分项目效益不佳", "对全镇产业帮扶项目开展效益评估", "赵永",
          "乡村振兴办", "钱进", "2026年上半年", "已完成", _date("2026-06-29"), "项目效益评估报告")     # 6
    g.add(2, "防止返贫动态监测不及时", "建立防返贫监测月排查机制", "赵永", "乡村振兴办", "钱进", "即知即改",
          "已完成", None, "月排查记录")                                                          # 7
    g.across("（二）民生政策落实打折扣")                                                      # 8
    g.add(3, "城乡居民医保参保动员不到位", "开展参保动员“回头看”", "孙红", "社会事务办", "李平",
          "2026年第三季度", "正在推进")                                                          # 9
    g.across("二、聚焦群众身边不正之风和腐败问题")                                            # 10
    g.across("（一）村级“小微权力”监督不到位")                                                # 11
    g.add(4, "村级工程项目招投标不规范，存在化整为零规避招标问题",
          "1.全面排查2023年以来村级工程项目\n2.制定村级小额工程管理办法", "周斌", "纪委", "吴刚",
          _date("2026-08-31"), "基本完成")                                                      # 12
    g.add(5, "低保评定把关不严，存在“人情保”“关系保”", "开展低保对象专项清理", "孙红", "社会事务办", "李平",
          "每季度", "长期坚持")                                                                 # 13
    g.across("三、聚焦基层党组织软弱涣散")                                                    # 14
    first = g.add(6, "个别村党组织软弱涣散，村“两委”班子战斗力不强", "对软弱涣散村党组织逐村制定整顿方案",
                  "郑伟", "党建办", "王丽", "2026年6月30日", "已完成", _date("2026-07-30"),
                  "整顿方案；验收意见")                                                          # 15
    g.add(None, None, "选派第一书记驻村指导", None, None, "王丽", _date("2026-07-31"), None,
          _date("2026-07-15"))                                                                  # 16
    g.down("ABDEHJ", first)
    g.add()                                                                                   # 17
    g.across("注：本台账每月25日前报县委巡察办。")                                            # 18
    book.save(path)
    return path


TOWNSHIP_THREE_FOCUSES = SheetCase(
    name="township-three-focuses-nested",
    description="a 镇党委 台账 after county 巡察: the 三个聚焦 headings with （一）（二） nested under them, "
                "2026年上半年, 2026年第三季度, 每季度, 即知即改",
    build=build_township_three_focuses, org="ll-town", org_name="中共柳林镇委员会",
    expected=expect(problems=6, measures=8, closed=2, claimed=1, basically_done=1, long_term=1, open=1,
                    rate_exact="2/6",
                    skipped_rows={4: "heading", 5: "heading", 8: "heading", 10: "heading", 11: "heading",
                                  14: "heading", 18: "note"},
                    categories={1: "central-decisions", 2: "central-decisions", 3: "central-decisions",
                                4: "corruption-near-people", 5: "corruption-near-people", 6: "grassroots-weak"}),
)


# --- 4. a state-owned enterprise (国企党委): numbered parts in one cell, 配合单位, 整改目标 ----------


def build_state_enterprise(folder: Path) -> Path:
    path = folder / "城投集团整改台账.xlsx"
    book, g = _book("巡察整改台账", 12)
    g.across("江城城投集团党委落实市委第五巡察组反馈意见整改台账")
    g.add("填报单位：集团党委办公室", None, None, None, None, None, None, None, "填报日期：2026-09-01")
    g.two_level(["序号", "问题", "整改目标", "整改措施", None, None, None, None, "完成时限", "整改进展",
                 "完成时间", "佐证材料"], "责任分工", {"E": "牵头领导", "F": "牵头部门", "G": "配合单位", "H": "责任人"})
    g.across("一、落实党中央决策部署方面")                                                    # 5
    g.add("（一）", "服务全市重大战略不够有力")                                                  # 6
    g.add(1, "服务城市更新重大项目推进不力，部分项目进度滞后", "重点项目按计划节点推进",
          "1.建立重大项目周调度机制\n2.对滞后项目逐一制定赶工计划\n3.纳入年度绩效考核", "李国华", "投资发展部",
          "工程管理部", "1.张伟\n2.刘洋\n3.张伟", "1.2026年6月底前\n2.2026年7月底前\n3.长期坚持",
          "1.已完成；2.正在推进；3.正在推进")                                                    # 7
    g.add(2, "落实国企改革深化提升行动不到位，“三重一大”决策制度执行不严格", "决策程序规范",
          "1.修订“三重一大”决策制度实施办法\n2.开展决策事项专项检查", "王建军", "党委办公室", "法务部", "陈静",
          "1.2026年6月30日前\n2.2026年7月31日前", "1.已完成；2.已完成", "1.2026年6月25日\n2.2026年7月30日",
          "党委会会议纪要；专项检查报告")                                                        # 8
    g.across("二、落实全面从严治党战略部署方面")                                              # 9
    g.add("（一）", "“两个责任”落实不到位")                                                      # 10
    g.add(3, "对下属企业监督管理不到位，子公司违规对外担保", "子公司违规担保全部清理",
          "1.清理子公司对外担保事项\n2.完善担保管理制度", "王建军", "财务部", "审计部", "赵磊", "2026年8月底前",
          "1.已完成；2.基本完成")                                                                # 11
    g.add(4, "工程项目管理存在廉洁风险，个别项目未招先建", "规范招投标", "开展工程项目招投标专项整治",
          "李国华", "工程管理部", "纪委办公室", "刘洋", _date("2026-07-31"), "已完成", _date("2026-08-20"))  # 12
    g.across("三、落实新时代党的组织路线方面")                                                # 13
    g.add(5, "干部选拔任用程序不规范，个别干部“带病提拔”", "规范选人用人",
          "1.开展近三年选人用人专项检查\n2.完善中层干部选拔任用工作办法", "周红", "组织人事部", "纪委办公室",
          "孙敏", "2026年9月30日", "正在推进")                                                  # 14
    g.across("四、落实巡视整改方面")                                                          # 15
    g.add(6, "上轮巡察指出的国有资产出租管理问题整改不彻底", "资产出租规范",
          "1.全面清理出租资产台账\n2.对低价出租合同逐一整改", "王建军", "资产管理部", "财务部", "赵磊",
          "1.2026年7月31日\n2.长期坚持", "1.已完成；2.长期坚持")                                  # 16
    g.add("合计", None, None, "共12项措施")                                                      # 17
    g.across("注：整改进展按“已完成/正在推进/基本完成/长期坚持”填写；多项措施分别标注序号。")    # 18
    g.add("填表人：陈静", None, None, None, "审核人：王建军", None, None, None, "联系电话：0791-86661234")  # 19
    book.save(path)
    return path


STATE_ENTERPRISE = SheetCase(
    name="state-enterprise-numbered-parts",
    description="a 国企党委 整改台账: 四个落实 headings with （一） sub-headings in two cells, 责任分工 over "
                "牵头领导/牵头部门/配合单位/责任人, 整改目标, numbered parts for deadlines, statuses, owners, dates",
    build=build_state_enterprise, org="jc-ctjt", org_name="江城城市建设投资集团有限公司党委",
    expected=expect(problems=6, measures=12, closed=1, claimed=1, basically_done=1, long_term=1, open=2,
                    rate_exact="1/6",
                    skipped_rows={5: "heading", 6: "heading", 9: "heading", 10: "heading", 13: "heading",
                                  15: "heading", 17: "total", 18: "note", 19: "note"},
                    categories={1: "central-decisions", 2: "central-decisions", 3: "strict-governance",
                                4: "strict-governance", 5: "personnel", 6: "previous-rectification"}),
)


# --- 5. a university (高校党委): 牵头校领导, 是否完成 next to 整改进展, the 四个落实 as a column --------


def build_university(folder: Path) -> Path:
    path = folder / "江城大学巡视整改台账.xlsx"
    book, g = _book("整改台账", 14)
    g.across("中共江城大学委员会关于省委第三巡视组巡视反馈意见整改落实台账")
    g.across("填报单位：党委办公室（巡视整改工作办公室）　　　　　　填报时间：2026年9月1日")
    g.add("序号", "问题类别", "存在问题", "整改目标", "整改措施", "牵头校领导", "牵头单位", "配合单位", "责任人",
          "完成时限", "是否完成", "整改进展", "完成时间", "佐证材料")                                # 3
    g.add(1, "落实党中央决策部署", "落实立德树人根本任务不够有力，课程思政建设推进缓慢", "课程思政覆盖全部专业",
          "1.制定课程思政建设实施方案\n2.开展课程思政示范课程评选", "刘建华", "教务处", "党委宣传部", "马丽",
          "2026年上半年", "是", "已印发实施方案，示范课程评选已完成", _date("2026-06-30"),
          "实施方案文件；评选结果通知")                                                          # 4
    g.add(2, "落实党中央决策部署", "意识形态阵地管理存在薄弱环节，哲学社会科学讲座报告会审批不严",
          "审批全覆盖", "修订讲座报告会管理办法", "王志刚", "党委宣传部", "科研处", "何颖", "即知即改", "是")  # 5
    g.add(3, "落实全面从严治党战略部署", "科研经费管理不规范，存在违规报销问题", "经费使用合规",
          "1.开展科研经费使用专项审计\n2.修订科研经费管理办法", "张海", "科研处", "财务处、审计处", "孙建",
          "2026年第三季度", "否", "已完成管理办法初稿，正在征求意见")                              # 6
    g.add(4, "落实全面从严治党战略部署", "落实中央八项规定精神不严格，公务接待超标准", "接待规范",
          "清理2024年以来公务接待支出", "张海", "财务处", "党委办公室", "孙建", "2026年7月", "否",
          "基本完成，已清退超标准费用")                                                          # 7
    g.add(5, "落实新时代党的组织路线", "二级学院党组织书记抓党建述职评议考核不严格", "考核从严",
          "完善述职评议考核办法", "陈伟", "党委组织部", "各二级学院党委", "周琳", "每季度", "否",
          "长期坚持，每季度开展一次督查")                                                        # 8
    g.add(6, "落实巡视整改", "上轮巡视反馈的基建项目审计问题整改不到位", "整改到位",
          "1.对上轮巡视反馈问题逐项“回头看”\n2.追回超付工程款", "刘建华", "基建处", "审计处", "马丽",
          _date("2026-08-15"), "是", "全部完成", _date("2026-08-14"), "回头看报告；追款凭证")          # 9
    g.add(7, "落实新时代党的组织路线", "教职工党支部书记“双带头人”培育工程推进缓慢", "双带头人比例达到100%",
          "实施“双带头人”培育工程", "陈伟", "党委组织部", "人事处", "周琳", "2026年12月底前", "否",
          "正在推进，已完成党支部书记摸底")                                                      # 10
    g.add()                                                                                   # 11
    g.across("注：是否完成填“是”或“否”；整改进展简要填写进展情况。")                          # 12
    g.add("填表人：马丽")                                                                      # 13
    book.save(path)
    return path


UNIVERSITY = SheetCase(
    name="university-yes-no-column",
    description="a 高校党委 巡视整改台账: 牵头校领导/牵头单位/配合单位, 整改目标, the 四个落实 in a 问题类别 "
                "column, 是否完成 是/否 beside 整改进展 (已完成…初稿，正在征求意见 is open)",
    build=build_university, org="jc-univ", org_name="中共江城大学委员会",
    expected=expect(problems=7, measures=10, closed=2, claimed=1, basically_done=1, long_term=1, open=2,
                    rate_exact="2/7",
                    skipped_rows={12: "note", 13: "note"},
                    categories={1: "central-decisions", 2: "central-decisions", 3: "strict-governance",
                                4: "strict-governance", 5: "personnel", 6: "previous-rectification",
                                7: "personnel"}),
)


# --- 6. villages (村党支部): one sheet each, and a 汇总 sheet of totals --------------------------

VILLAGE_HEADER = ("序号", "问题类别", "存在问题", "整改措施", "包村领导", "责任单位", "责任人", "完成时限",
                  "整改情况", "完成时间", "佐证材料")
VILLAGES: dict[str, tuple[str, str]] = {
    "东山村": ("qs-dongshan", "中共青石镇东山村支部委员会"),
    "西岭村": ("qs-xiling", "中共青石镇西岭村支部委员会"),
    "南湾村": ("qs-nanwan", "中共青石镇南湾村支部委员会"),
}
_RULE = "聚焦群众身边不正之风和腐败问题"
_WEAK = "聚焦基层党组织软弱涣散"
_POLICY = "聚焦惠民富民政策落实"


def _village(book: Workbook, name: str, leader: str, rows: list[tuple], below: tuple[str, ...]) -> None:
    g = Grid(book.create_sheet(name), len(VILLAGE_HEADER))
    g.across(f"青石镇{name}党支部巡察反馈问题整改台账")
    g.add("填报日期：2026年9月1日")
    g.add(*VILLAGE_HEADER)
    for number, (category, problem, measure, person, deadline, status, *closing) in enumerate(rows, start=1):
        g.add(number, category, problem, measure, leader, f"{name}党支部", person, deadline, status, *closing)
    g.add("合计", None, f"{len(rows)}个问题")
    for line in below:
        g.add(line)


def build_villages(folder: Path) -> Path:
    path = folder / "青石镇村级巡察整改台账.xlsx"
    book, g = _book("汇总", 7)
    g.across("青石镇村级巡察整改情况汇总表")
    g.add("序号", "村名", "反馈问题数", "整改措施数", "已完成", "正在整改", "整改完成率")
    # the sheet's own count: 已完成 is what the villages call done (closures and claims alike)
    g.add(1, "东山村", 3, 4, 2, 1, "66.67%")
    g.add(2, "西岭村", 4, 5, 2, 2, "50%")
    g.add(3, "南湾村", 3, 4, 1, 2, "33.33%")
    g.add("合计", None, 10, 13, 5, 5, "50%")
    _village(book, "东山村", "杨志刚", [
        (_RULE, "村级财务公开不及时，公开内容不全面", "1.每月5日前公开上月财务收支\n2.设立村务公开栏", "李德明",
         _date("2026-06-30"), "已完成", _date("2026-06-28"), "公开栏照片；财务公开记录"),
        (_WEAK, "“三会一课”制度落实不到位，党员大会未按季度召开", "按季度召开党员大会并规范会议记录", "李德明",
         "每季度", "长期坚持"),
        (_POLICY, "低保评定程序不规范，民主评议走过场", "对全村低保户重新开展民主评议", "王桂芳", "7月底前", "已完成"),
    ], ())
    _village(book, "西岭村", "黄建国", [
        (_WEAK, "村党支部班子不团结，议事决策不规范", "1.召开专题组织生活会\n2.落实“四议两公开”工作法", "赵长林",
         "2026年6月中旬", "已完成", "2026年6月18日", "组织生活会会议记录"),
        (_RULE, "集体资产资源台账不清，部分土地发包未经民主程序", "清理集体资产资源并重新建立台账", "赵长林",
         "2026年9月30日", "正在推进"),
        (_RULE, "村干部优亲厚友，违规享受危房改造补助", "清退违规享受的补助资金", "钱小红", "立行立改", "已完成",
         _date("2026-06-05"), "退款收据"),
        (_POLICY, "耕地地力保护补贴面积核实不准", "逐户核实补贴面积", "钱小红", "2026年8月15日", "基本完成"),
    ], ())
    _village(book, "南湾村", "罗明", [
        (_WEAK, "发展党员“青黄不接”，近三年未发展年轻党员", "建立入党积极分子培养台账", "孙大勇", "长期坚持",
         "需长期坚持"),
        (_RULE, "村级工程项目未按规定公开招标", "1.对2024年以来村级工程项目逐项复核\n2.严格执行小额工程管理办法",
         "孙大勇", _date("2026-07-31"), "已整改到位", None, "工程项目复核报告"),
        (_POLICY, "农村人居环境整治成效不明显", "开展村庄清洁行动", "周秀英", "2026年第三季度", "正在推进"),
    ], ("填表人：周秀英",))
    book.save(path)
    return path


VILLAGE_WORKBOOK = SheetCase(
    name="villages-one-sheet-each",
    description="a 镇 workbook of 村党支部 台账, one sheet per village, the 三个聚焦 in a 问题类别 column, "
                "合计 rows, and a 汇总 sheet with each village's totals",
    build=build_villages, import_args=["--map", "包村领导=leader"],
    sheets=VILLAGES, summary_sheet="汇总",
    expected={
        "东山村": expect(problems=3, measures=4, closed=1, claimed=1, basically_done=0, long_term=1, open=0,
                      rate_exact="1/3", skipped_rows={7: "total"},
                      categories={1: "corruption-near-people", 2: "grassroots-weak", 3: "central-decisions"}),
        "西岭村": expect(problems=4, measures=5, closed=2, claimed=0, basically_done=1, long_term=0, open=1,
                      rate_exact="2/4", skipped_rows={8: "total"},
                      categories={1: "grassroots-weak", 2: "corruption-near-people", 3: "corruption-near-people",
                                  4: "central-decisions"}),
        "南湾村": expect(problems=3, measures=4, closed=0, claimed=1, basically_done=0, long_term=1, open=1,
                      rate_exact="0/3", skipped_rows={7: "total", 8: "note"},
                      categories={1: "grassroots-weak", 2: "corruption-near-people", 3: "central-decisions"}),
    },
)


# --- 7. a county bureau (县局): blocks pasted together, header repeated, 小计 rows, 责任股室 --------

BUREAU_HEADER = ("序号", "反馈问题", "整改措施", "分管领导", "责任股室", "责任人", "整改时限", "整改进展", "完成时间",
                 "佐证材料", "备注")


def build_county_bureau_blocks(folder: Path) -> Path:
    path = folder / "住建局整改台账.xlsx"
    book, g = _book("台账", len(BUREAU_HEADER))
    g.across("清河县住建局落实县委第一巡察组反馈意见整改台账")
    g.add("填报单位：县住建局办公室", None, None, None, None, None, None, "填报日期：2026年9月1日")
    g.add(*BUREAU_HEADER)                                                                     # 3
    g.add("一、党的领导弱化方面")                                                             # 4
    g.add(1, "落实意识形态工作责任制不到位，未按要求开展意识形态形势研判", "每半年召开一次意识形态形势研判会",
          "胡斌", "办公室", "彭丽", "2026年6月30日", "已完成", _date("2026-06-26"), "研判会会议记录")    # 5
    g.add(2, "党组理论学习中心组学习不规范，学习记录不全", "1.制定年度学习计划\n2.规范学习记录", "胡斌", "办公室",
          "彭丽", "2026.7.31", "基本完成")                                                       # 6
    g.add("小计", "2个问题")                                                                   # 7
    g.add(*BUREAU_HEADER)                                                                     # 8
    g.add("二、全面从严治党不力方面")                                                         # 9
    g.add(1, "建筑工地扬尘治理监管不到位，以罚代管", "1.开展建筑工地扬尘专项整治\n2.建立执法检查台账", "邹平",
          "建筑管理股", "谢军", "2026年8月底前", "1.已完成；2.正在推进")                            # 10
    g.add(2, "保障性住房分配管理不严格，存在违规享受问题", "清退违规享受保障性住房人员", "邹平", "住房保障股",
          "冯琳", "立行立改", "已完成", _date("2026-06-10"), "清退名单；收回通知书")                  # 11
    g.add(3, "违规收取工程质量检测费用", "清退违规收取的检测费用", "邹平", "质量安全股", "谢军", "2026年7月15日前",
          "已完成")                                                                              # 12
    g.add("小计", "3个问题")                                                                   # 13
    g.add(*BUREAU_HEADER)                                                                     # 14
    g.add("三、党的建设缺失方面")                                                             # 15
    g.add(1, "机关党支部“三会一课”落实不严格", "严格落实“三会一课”制度", "胡斌", "机关党支部", "彭丽", "长期坚持",
          "长期坚持")                                                                            # 16
    g.add("合计", "共6个问题")                                                                 # 17
    g.add("注：本表由各股室分别填报后汇总。")                                                  # 18
    book.save(path)
    return path


COUNTY_BUREAU_BLOCKS = SheetCase(
    name="county-bureau-pasted-blocks",
    description="a 县局党组 台账 pasted together from three 股室 blocks: the header repeated, 小计 and 合计 rows, "
                "序号 restarting, 责任股室, statuses 1.已完成；2.正在推进",
    build=build_county_bureau_blocks, org="qh-zjj", org_name="中共清河县住房和城乡建设局党组",
    expected=expect(problems=6, measures=8, closed=2, claimed=1, basically_done=1, long_term=1, open=1,
                    rate_exact="2/6",
                    skipped_rows={4: "heading", 7: "total", 8: "repeated-header", 9: "heading", 13: "total",
                                  14: "repeated-header", 15: "heading", 17: "total", 18: "note"},
                    categories={1: "party-leadership", 2: "party-leadership", 3: "strict-governance",
                                4: "strict-governance", 5: "strict-governance", 6: "party-building"}),
)


# --- 8. a county bureau's CSV, saved by Excel on Chinese Windows (GBK) --------------------------

CSV_ROWS: list[list[str]] = [
    ["清河县市场监管局巡察反馈问题整改台账"],
    ["填报单位：县市场监管局办公室", "", "", "", "", "", "填报日期：2026年9月1日"],
    ["序号", "问题描述", "整改措施", "分管领导", "牵头股室", "具体经办人", "完成时限", "整改进展", "佐证材料", "备注"],
    ["一、党的领导弱化方面"],                                                                  # 4
    ["1", "食品安全“两个责任”落实不到位，包保干部督导检查流于形式",
     "1.修订食品安全包保责任制实施方案\n2.开展包保督导检查", "钟伟", "食品安全协调股", "唐敏", "2026年6月30日前完成",
     "已于2026年6月20日完成", "包保责任制实施方案；督导检查记录"],                              # 5
    ["2", "智慧市场监管平台建设滞后，信息化监管手段不足", "建设智慧市场监管信息系统", "钟伟", "办公室", "唐敏",
     "2026年第三季度", "系统已完成需求调研，正在开发"],                                         # 6
    ["二、全面从严治党不力方面"],                                                              # 7
    ["3", "行政处罚自由裁量权行使不规范，同案不同罚", "1.制定行政处罚裁量基准\n2.开展执法案卷评查", "曾强", "法规股",
     "韩雪", "1.2026年7月底前\n2.2026年8月底前", "1.已完成；2.正在推进", "行政处罚裁量基准"],      # 8
    ["4", "违规收受管理服务对象礼品礼金", "开展违规收受礼品礼金专项清查", "曾强", "机关纪委", "韩雪", "即知即改",
     "已完成"],                                                                                  # 9
    ["", "", "建立廉政风险防控台账", "曾强", "机关纪委", "韩雪", "2026年8月15日", "已完成"],     # 10
    ["三、党的建设缺失方面"],                                                                  # 11
    ["5", "基层党支部组织生活不规范，主题党日活动内容单一", "制定主题党日活动清单", "钟伟", "机关党支部", "唐敏",
     "2026年6月底", "取得阶段性成效"],                                                          # 12
    ["6", "发展党员工作程序不严格", "逐一复核发展党员档案", "钟伟", "机关党支部", "唐敏", "持续推进", "需长期坚持"],  # 13
    ["合计", "共6个问题", "9项措施"],                                                          # 14
    ["注：整改进展请写明完成时间。"],                                                          # 15
    ["填表人：唐敏", "", "", "", "", "审核人：钟伟"],                                          # 16
]


def build_county_bureau_csv(folder: Path) -> Path:
    import csv
    import io

    path = folder / "市场监管局整改台账.csv"
    width = max(len(row) for row in CSV_ROWS)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in CSV_ROWS:
        writer.writerow(row + [""] * (width - len(row)))
    path.write_bytes(out.getvalue().encode("gbk"))
    return path


COUNTY_BUREAU_CSV = SheetCase(
    name="county-bureau-gbk-csv",
    description="a 县局 台账 saved as CSV (GBK) by Excel: 牵头股室, 具体经办人, the completion date inside the status "
                "(已于2026年6月20日完成), 系统已完成需求调研，正在开发 (open), a continuation row, 合计",
    build=build_county_bureau_csv, org="qh-scjgj", org_name="中共清河县市场监督管理局党组",
    expected=expect(problems=6, measures=9, closed=1, claimed=1, basically_done=1, long_term=1, open=2,
                    rate_exact="1/6",
                    skipped_rows={4: "heading", 7: "heading", 11: "heading", 14: "total", 15: "note", 16: "note"},
                    categories={1: "party-leadership", 2: "party-leadership", 3: "strict-governance",
                                4: "strict-governance", 5: "party-building", 6: "party-building"}),
)


# --- 9. a city department's 边巡边改: immediate items done during the on-site inspection --------


def build_on_site(folder: Path) -> Path:
    path = folder / "卫健委整改台账.xlsx"
    book, g = _book("整改台账", 12)
    g.across("中共江城市卫生健康委员会党组巡察整改台账（含边巡边改事项）")
    g.across("填报单位：委办公室　　　　填报日期：2026年9月1日")
    g.add("序号", "问题类别", "问题表现", "整改措施", "责任领导", "责任处室", "责任人", "立行立改", "完成时限",
          "整改进展", "完成时间", "佐证材料")                                                    # 3
    g.add(1, "全面从严治党", "违规发放节日慰问品", "清退违规发放的慰问品费用", "张伟", "规划财务处", "李娜", "是",
          "立行立改", "已完成（边巡边改）", _date("2026-04-10"), "退款凭证")                       # 4
    g.add(2, "形式主义、官僚主义", "督查检查考核过多过频，基层负担较重",
          "1.清理规范督查检查考核事项\n2.建立督查检查计划管理制度", "张伟", "办公室", "王磊", "是", "即知即改",
          "已完成", _date("2026-04-25"), "清理事项清单；计划管理制度")                            # 5
    g.add(3, "党的建设", "公立医院党委领导下的院长负责制落实不到位",
          "1.修订医院党委会和院长办公会议事规则\n2.开展落实情况专项督导", "刘芳", "基层党建处", "陈晨", "否",
          "2026年7月31日", "正在推进")                                                          # 6
    g.add(4, "全面从严治党", "医疗设备采购存在廉洁风险", "开展医疗设备采购专项审计", "张伟", "规划财务处", "李娜",
          "否", "2026年8月15日前", "已完成", _date("2026-08-10"))                                # 7
    g.add(5, "选人用人", "干部交流轮岗不到位，个别干部在同一岗位任职超过10年", "制定干部交流轮岗计划", "刘芳",
          "人事处", "赵静", "否", "2026年下半年", "基本完成")                                     # 8
    g.add(6, "党的领导", "落实意识形态工作责任制不到位", "建立意识形态工作季度研判制度", "刘芳", "宣传处", "孙悦",
          "是", "立行立改", "已完成", "2026年4月18日")                                            # 9
    g.add()                                                                                   # 10
    g.across("注：立行立改事项为巡察组进驻期间（2026年3月16日至4月30日）边巡边改完成的事项。")  # 11
    book.save(path)
    return path


ON_SITE = SheetCase(
    name="city-department-on-site-immediate",
    description="a 市直部门党组 台账 with 边巡边改 items: 立行立改 是/否 column, measures and closures dated during "
                "the on-site period (before the feedback), 即知即改, 2026年下半年",
    build=build_on_site, org="jc-wjw", org_name="中共江城市卫生健康委员会党组", round_args=ON_SITE_ARGS,
    expected=expect(problems=6, measures=8, closed=2, claimed=2, basically_done=1, long_term=0, open=1,
                    rate_exact="2/6", skipped_rows={11: "note"},
                    categories={1: "strict-governance", 2: "formalism", 3: "party-building", 4: "strict-governance",
                                5: "personnel", 6: "party-leadership"}),
)


# --- 10. a city department whose sheet has no evidence or closing-date column: every 完成 is a claim


def build_claims_only(folder: Path) -> Path:
    path = folder / "交通运输局整改台账.xlsx"
    book, g = _book("Sheet1", 8)
    g.across("江城市交通运输局党组巡察反馈问题整改落实台账")
    g.across("填报单位：局办公室")
    g.add("序号", "问题", "整改措施", "责任领导", "责任科室", "责任人", "完成时限", "整改情况")     # 3
    g.across("一、党的领导弱化方面的问题（2个）")                                              # 4
    g.add(1, "贯彻落实交通强国建设部署不够有力，重点项目推进缓慢", "1.建立重点项目月调度机制\n2.对滞后项目挂牌督办",
          "郭亮", "规划科", "马超", "2026年7月31日", "已完成")                                    # 5
    g.add(2, "意识形态工作责任制落实不到位", "制定意识形态工作责任清单", "郭亮", "办公室", "马超", "6月底前",
          "已整改到位")                                                                          # 6
    g.across("二、党的建设缺失方面的问题（2个）")                                              # 7
    g.add(3, "机关党建与业务工作“两张皮”", "开展党建业务融合示范创建", "宋佳", "机关党委", "田野", "2026年8月15日",
          "全部完成")                                                                            # 8
    g.add(4, "党员教育管理不严，个别党员长期不参加组织生活", "开展党员组织关系集中排查", "宋佳", "机关党委", "田野",
          "2026年9月30日", "正在推进")                                                          # 9
    g.across("三、全面从严治党不力方面的问题（2个）")                                          # 10
    g.add(5, "公务用车管理不规范，存在公车私用现象", "1.开展公务用车专项检查\n2.安装公务用车定位系统", "郭亮",
          "办公室", "马超", "2026年7月15日", "已办结")                                            # 11
    g.add(6, "工程建设领域廉洁风险防控不到位", "建立工程建设廉洁风险防控清单", "郭亮", "建设管理科", "贺强",
          "长期坚持", "需长期坚持")                                                              # 12
    g.add("填表人：马超　　　审核人：郭亮")                                                    # 13
    book.save(path)
    return path


CLAIMS_ONLY = SheetCase(
    name="city-department-claims-without-evidence",
    description="a 市直部门党组 台账 with neither 完成时间 nor 佐证材料: 已完成/已整改到位/全部完成/已办结 are claims, "
                "the rate is 0/6 and the report must say 4 await 对账销号",
    build=build_claims_only, org="jc-jtj", org_name="中共江城市交通运输局党组",
    expected=expect(problems=6, measures=8, closed=0, claimed=4, basically_done=0, long_term=1, open=1,
                    rate_exact="0/6", skipped_rows={4: "heading", 7: "heading", 10: "heading", 13: "note"},
                    categories={1: "party-leadership", 2: "party-leadership", 3: "party-building",
                                4: "party-building", 5: "strict-governance", 6: "strict-governance"}),
)


CASES: list[SheetCase] = [CITY_DEPARTMENT, TOWNSHIP_TWO_CELLS, TOWNSHIP_THREE_FOCUSES, STATE_ENTERPRISE, UNIVERSITY,
                          VILLAGE_WORKBOOK, COUNTY_BUREAU_BLOCKS, COUNTY_BUREAU_CSV, ON_SITE, CLAIMS_ONLY]


def targets(case: SheetCase) -> list[tuple[str | None, str, str, dict]]:
    """(sheet or None, org id, org name, expected figures) for each organisation the case imports."""
    if case.sheets:
        return [(sheet, org, name, case.expected[sheet]) for sheet, (org, name) in case.sheets.items()]
    return [(None, case.org, case.org_name, case.expected)]
