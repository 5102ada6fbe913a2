"""Generate synthetic ledgers in the real format, for the benchmark: Chinese text, a realistic mix.

    python benchmarks/generate.py OUT_DIR --ledgers 1000 --problems 100 [--seed 7]

Each ledger has rounds 4 and 7, problems with 1-5 measures, closures with evidence hashes,
long-term items, extensions, accountability and a hash-chained history, and validates clean.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from pathlib import Path

import yaml

from rectify_cli.model import HistoryEntry
from rectify_cli.validation.rules import history_hash


def render_scalar(value) -> str:
    """Plain where YAML reads it back as the same value, else double-quoted (as a person would)."""
    if isinstance(value, (dt.date, int)) and not isinstance(value, bool):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    text = str(value)
    plain_safe = text and not any(c in text for c in ":#{}[],&*!|>'\"%@`") and text[0] not in "-?"
    if plain_safe and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣佳"
UNITS = ["办公室", "组织人事处", "财务处", "机关党委", "纪检监察室", "宣传处", "审计处", "规划处", "后勤服务中心", "信访办"]
CATEGORIES = ["party-leadership", "party-building", "strict-governance", "personnel", "formalism",
              "central-decisions", "corruption-near-people", "grassroots-weak", "previous-rectification"]
PROBLEMS = [
    "落实全面从严治党主体责任不到位，对下级党组织监督不力", "“三会一课”制度落实不严格，组织生活流于形式",
    "违规发放津补贴，财务管理制度执行不严", "干部选拔任用程序不规范，个别岗位长期未轮岗",
    "意识形态工作责任制落实不够有力", "上轮巡察反馈问题整改不彻底，存在反弹回潮",
    "形式主义、官僚主义问题仍然存在，文山会海现象突出", "惠民资金发放审核把关不严，存在优亲厚友",
    "基层党组织建设薄弱，党员发展程序不规范", "政府采购程序不规范，未严格执行招投标规定",
]
MEASURES = ["制定专项整改方案并逐项明确责任", "召开专题会议研究部署", "修订完善相关管理制度",
            "开展全面自查并建立问题台账", "组织集中学习培训", "清退违规款项并追究相关责任",
            "建立长效监督机制并定期检查"]


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def flow(mapping: dict) -> str:
    return "{" + ", ".join(f"{key}: {render_scalar(value)}" for key, value in mapping.items()) + "}"


def history_lines(problem_id: str, entries: list[dict]) -> list[str]:
    previous, lines = problem_id, []
    for entry in entries:
        entry["hash"] = history_hash(previous, HistoryEntry.model_validate(entry))
        previous = entry["hash"]
        lines.append(f"      - {flow(entry)}")
    return lines


def problem_lines(rng: random.Random, round_number: int, number: int, feedback: dt.date, today: dt.date) -> list[str]:
    tz = dt.timezone(dt.timedelta(hours=8))
    problem_id = f"P{round_number}-{number:03d}"
    deadline = feedback + dt.timedelta(days=rng.choice((30, 60, 92)))
    leader, responsible = person(rng), person(rng)
    at = dt.datetime.combine(feedback, dt.time(9, 30), tz)
    history = [{"at": at, "by": responsible, "did": "added", "date": feedback, "deadline": deadline}]
    measures = []
    roll = rng.random()
    status = "closed" if roll < 0.6 else "long-term" if roll < 0.7 else "basically-done" if roll < 0.75 else "open"
    for index in range(1, rng.randint(1, 5) + 1):
        due = min(deadline, feedback + dt.timedelta(days=rng.randint(10, 90)))
        measure = {"id": f"M{index}", "text": rng.choice(MEASURES), "owner": person(rng), "due": due}
        if status == "closed" or rng.random() < 0.4:
            done = min(due, feedback + dt.timedelta(days=rng.randint(5, 60)), today)
            measure["done_on"] = done
            history.append({"at": dt.datetime.combine(done, dt.time(17, 0), tz), "by": responsible,
                            "did": "measure-done", "date": done, "measure": measure["id"]})
        measures.append(measure)
    lines = [
        f"  - id: {problem_id}",
        f"    round: {round_number}",
        f"    category: {rng.choice(CATEGORIES)}",
        f"    summary: {render_scalar(rng.choice(PROBLEMS))}",
    ]
    if rng.random() < 0.1:
        lines.append("    immediate: true")
    lines += [
        f"    responsible: {flow({'leader': leader, 'unit': rng.choice(UNITS), 'person': responsible})}",
        f"    deadline: {deadline}",
    ]
    if status == "open" and rng.random() < 0.5:
        approved = min(deadline, today)
        extension = {"to": deadline + dt.timedelta(days=60), "reason": "涉及历史遗留问题需进一步核实",
                     "approved_by": "市委巡察办", "date": approved}
        lines += ["    extensions:", f"      - {flow(extension)}"]
        history.append({"at": dt.datetime.combine(approved, dt.time(10, 0), tz), "by": responsible,
                        "did": "extended", "date": approved, "to": extension["to"], "reason": extension["reason"]})
    lines.append("    measures:")
    lines += [f"      - {flow(m)}" for m in measures]
    lines.append(f"    status: {status}")
    last_done = max((m["done_on"] for m in measures if "done_on" in m), default=feedback)
    if status == "closed":
        closed_on = min(last_done + dt.timedelta(days=rng.randint(0, 20)), today)
        sha = f"{rng.getrandbits(256):064x}"
        lines += ["    closed:", f"      date: {closed_on}", f"      by: {responsible}",
                  "      verified_by: 市纪委监委第三监督检查室",
                  f"      evidence: [{flow({'path': f'evidence/{problem_id}.pdf', 'sha256': sha})}]"]
        history.append({"at": dt.datetime.combine(closed_on, dt.time(16, 0), tz), "by": responsible,
                        "did": "closed", "date": closed_on})
        if rng.random() < 0.3:
            lines.append(f"    outcomes: {flow({'rules_made': rng.randint(1, 3), 'funds_returned': f'{rng.randint(0, 500000)}.00'})}")
    elif status == "long-term":
        since = min(last_done, today)
        block = {"since": since, "review_by": since + dt.timedelta(days=180), "reason": "需建立长效机制"}
        lines.append(f"    long_term: {flow(block)}")
        history.append({"at": dt.datetime.combine(since, dt.time(11, 0), tz), "by": responsible,
                        "did": "long-term", "date": since, "to": block["review_by"], "reason": block["reason"]})
    elif status == "basically-done":
        history.append({"at": dt.datetime.combine(last_done, dt.time(12, 0), tz), "by": responsible,
                        "did": "status", "date": last_done, "status": "basically-done"})
    if rng.random() < 0.08:
        record = {"person": person(rng), "post": "原" + rng.choice(UNITS) + "负责人", "form": rng.randint(1, 4),
                  "action": rng.choice(["诫勉谈话", "党内警告", "批评教育", "调离岗位"]), "date": min(deadline, today)}
        lines += ["    accountability:", f"      - {flow(record)}"]
    history.sort(key=lambda entry: entry["at"])
    lines.append("    history:")
    lines += history_lines(problem_id, history)
    return lines


def ledger_text(rng: random.Random, index: int, problems: int, today: dt.date) -> tuple[str, str]:
    org_id = f"org-{index:05d}"
    rounds = [(4, dt.date(2025, 3, 10)), (7, dt.date(2026, 5, 15))]
    lines = ["# yaml-language-server: $schema=../schemas/ledger.schema.json",
             f"# 第{index}号单位 巡察整改台账（基准测试用合成数据）",
             f"organisation: {flow({'id': org_id, 'name': f'江城市第{index}单位党委', 'kind': 'department', 'secretary': person(rng)})}",
             "inspections:"]
    for number, feedback in rounds:
        lines += [f"  - round: {number}", "    kind: regular", f"    feedback_on: {feedback}",
                  f"    rectify_by: {feedback + dt.timedelta(days=92)}",
                  f"    survey: {flow({'held_on': feedback + dt.timedelta(days=100), 'participants': 100, 'satisfied': rng.randint(60, 90), 'basically_satisfied': 5})}"]
    lines.append("problems:")
    for number in range(1, problems + 1):
        round_number, feedback = rounds[0] if number <= problems // 3 else rounds[1]
        lines += problem_lines(rng, round_number, number, feedback, today)
    return org_id, "\n".join(lines) + "\n"


def generate(folder: Path, ledgers: int, problems: int, seed: int = 7, today: dt.date = dt.date(2026, 11, 24)) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for index in range(1, ledgers + 1):
        org_id, text = ledger_text(rng, index, problems, today)
        path = folder / f"{org_id}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        write_evidence(folder.parent, org_id, text)
    return paths


def write_evidence(root: Path, org_id: str, text: str) -> None:
    """The evidence files a ledger names, under the repository root (its folder's parent): validate
    refuses a closure whose evidence file is missing, and an invalid ledger is never cached, so without
    them every benchmark would time the error path. The sha256 in the ledger is random: only `rectify
    validate --evidence` compares contents, and no benchmark runs it."""
    for named in set(re.findall(r"path: (evidence/[^,}\s]+)", text)):
        target = root / named
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"整改佐证材料（基准测试用合成数据）{org_id}\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--ledgers", type=int, default=100)
    parser.add_argument("--problems", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    generate(options.out, options.ledgers, options.problems, options.seed)


if __name__ == "__main__":
    main()
