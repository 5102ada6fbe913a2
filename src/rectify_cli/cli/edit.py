"""The editing commands: each parses options, runs one edit through write.edit, and reports.

A value not given as an option is asked for only when stdin is a terminal; in a script a missing
option is a usage error (exit 2). Messages go to stderr; the data a script wants (a new id, the
--dry-run diff) goes to stdout.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from rectify_cli.cli.common import (
    NEW_REPOSITORY_HINT,
    NO_FOLDER_HINT,
    ByOption,
    DateOption,
    DryRunOption,
    Lang,
    LedgersOption,
    OrgArgument,
    ProblemArgument,
    SignWithOption,
    asked,
    context,
    guarded,
    language_of,
    ledger_folder,
    limits,
    need,
    need_all,
    parse_date,
    report_outcome,
    run_edit,
)
from rectify_cli.cli.common import usage_error as _usage
from rectify_cli.errors import reason_of, say


@guarded
def init(
    org: OrgArgument,
    name: Annotated[Optional[str], typer.Option("--name", help=asked("Full name, e.g. 天津市公安局党委."))] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help="Kind of organisation, e.g. department, district.")] = None,
    secretary: Annotated[Optional[str], typer.Option("--secretary", help="Party secretary (第一责任人).")] = None,
    parent: Annotated[Optional[str], typer.Option("--parent", help="Higher Party organisation.")] = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Create the ledger of an inspected organisation (ledgers/ORG.yaml)."""
    from rectify_cli.edit import operations as edits
    from rectify_cli.edit import transaction as write

    # Without --ledgers and without a folder, this is likely a first run: point at new-repo.
    folder, policy, today = context(ledgers, NEW_REPOSITORY_HINT if ledgers is None else NO_FOLDER_HINT)
    name = need(name, "--name", say("Organisation name (党组织名称)"))
    text = edits.new_ledger_text(org, name, kind, secretary, parent)
    outcome = write.create(folder, org, text, policy, today, say("created {path}", path=folder / (org + ".yaml")), dry_run=dry_run,
                           lock_timeout=limits().lock_timeout)
    report_outcome(outcome, False)


@guarded
def new_repo(
    directory: Annotated[Path, typer.Argument(
        help="The folder of the new repository (made if missing; may exist if it holds no ledgers yet).",
        file_okay=False, metavar="DIR")],
    lang: Annotated[Optional[Lang], typer.Option(
        "--lang", help="Language of what it prints (default: RECTIFY_LANG, then the locale).", show_default=False)] = None,
) -> None:
    """Start a repository for ledgers: ledgers/ with the default policy, evidence/, pre-commit, CI, .gitignore.

    Writes ledgers/policy.yaml (the default policy shipped with rectify), schemas/, evidence/README.md,
    .pre-commit-config.yaml, .github/workflows/rectify.yml and .gitignore, and runs `git init` when
    git is installed and DIR is not inside a repository. Never overwrites a file: if any is there,
    or ledgers/ already holds files, it lists them and writes nothing (exit 1). Then says what to
    do next (`rectify init`, `add-round`, `import`).
    """
    from rectify_cli import scaffold
    from rectify_cli.render.newrepo import new_repository_text

    result = scaffold.create_repository(directory)
    sys.stdout.write(new_repository_text(result, language_of(lang)))


@guarded
def add_round(
    org: OrgArgument,
    round_number: Annotated[Optional[int], typer.Option("--round", help=asked("Round number, e.g. 7."))] = None,
    kind: Annotated[str, typer.Option("--kind", help="regular (常规), special (专项) or mobile (机动).")] = "regular",
    feedback_on: Annotated[Optional[str], typer.Option("--feedback-on", help=asked("Feedback date (反馈日期)."))] = None,
    rectify_by: Annotated[Optional[str], typer.Option(
        "--rectify-by", help="End of the concentrated period (default: feedback + the policy's months, 3).")] = None,
    term: Annotated[Optional[int], typer.Option("--term", help="Committee term (届).")] = None,
    team: Annotated[Optional[str], typer.Option("--team", help="Inspection team (巡察组).")] = None,
    on_site_from: Annotated[Optional[str], typer.Option(
        "--on-site-from", metavar="DATE", show_default=False,
        help="First day the team was on site (进驻): immediate problems may be rectified from then (边巡边改).")] = None,
    on_site_to: Annotated[Optional[str], typer.Option(
        "--on-site-to", metavar="DATE", show_default=False, help="Last day on site (with --on-site-from).")] = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record an inspection round the organisation received, and its on-site period if any."""
    from rectify_cli.edit import operations as edits
    from rectify_cli.model import KINDS

    if kind not in KINDS:
        _usage(say("--kind: {kind!r} is not one of {value}", kind=kind, value=', '.join(KINDS)), _near(kind, KINDS))
    number, feedback_text = need_all((round_number, "--round", say("Round number (轮次)"), int),
                                     (feedback_on, "--feedback-on", say("Feedback date YYYY-MM-DD (反馈日期)")))
    feedback = parse_date(feedback_text, "--feedback-on")
    end = parse_date(rectify_by, "--rectify-by")
    if (on_site_from is None) != (on_site_to is None):
        _usage(say("give both --on-site-from and --on-site-to (the on-site period), or neither"))
    on_site = ((parse_date(on_site_from, "--on-site-from"), parse_date(on_site_to, "--on-site-to"))
               if on_site_from is not None and on_site_to is not None else None)
    run_edit(ledgers, org, lambda ledger, document, actor, policy: edits.add_round(
        ledger, document, number, kind, feedback, end, policy.period_months, term, team, actor, on_site),
        dry_run, by=by)


@guarded
def add_problem(
    org: OrgArgument,
    round_number: Annotated[Optional[int], typer.Option("--round", help=asked("Round that found it."))] = None,
    category: Annotated[Optional[str], typer.Option("--category", help=asked(
        "Category from the policy: its id or Chinese name, e.g. party-leadership or 党的领导弱化."))] = None,
    summary: Annotated[Optional[str], typer.Option("--summary", help=asked("The problem as fed back (问题表现)."))] = None,
    leader: Annotated[Optional[str], typer.Option("--leader", help=asked("Responsible leader (责任领导)."))] = None,
    unit: Annotated[Optional[str], typer.Option("--unit", help=asked("Responsible unit (责任部门)."))] = None,
    person: Annotated[Optional[str], typer.Option("--person", help=asked("Responsible person (责任人)."))] = None,
    deadline: Annotated[Optional[str], typer.Option("--deadline", help="Deadline (default: end of the period).")] = None,
    immediate: Annotated[bool, typer.Option("--immediate", help="立行立改: to be rectified at once.")] = False,
    common: Annotated[bool, typer.Option("--common", help="共性问题: fed back to all units.")] = False,
    source: Annotated[Optional[str], typer.Option("--source", help="Where it came from, e.g. 巡察反馈.")] = None,
    repeat_of: Annotated[Optional[str], typer.Option("--repeat-of", help="Id of an earlier problem it repeats.")] = None,
    found_on: Annotated[Optional[str], typer.Option("--found-on", help="Date it counts from, if not the feedback date.")] = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Add a problem fed back by a round and print its new id, such as P7-004."""
    from rectify_cli.edit import operations as edits

    number, category, summary, leader, unit, person = need_all(
        (round_number, "--round", say("Round number (轮次)"), int),
        (category, "--category", say("Category (问题类别)")),
        (summary, "--summary", say("Problem (问题表现)")),
        (leader, "--leader", say("Responsible leader (责任领导)")),
        (unit, "--unit", say("Responsible unit (责任部门)")),
        (person, "--person", say("Responsible person (责任人)")),
    )
    due = parse_date(deadline, "--deadline")
    found = parse_date(found_on, "--found-on")
    run_edit(ledgers, org, lambda ledger, document, actor, policy: edits.add_problem(
        ledger, document, number, edits.find_category(policy, category), summary, leader, unit, person, due,
        immediate, common, source, repeat_of, found, actor, policy.period_months), dry_run, by=by, print_value=True)


@guarded
def add_measure(
    org: OrgArgument,
    problem: ProblemArgument,
    text: Annotated[Optional[str], typer.Option("--text", help=asked("The measure (整改措施)."))] = None,
    owner: Annotated[Optional[str], typer.Option("--owner", help=asked("Who carries it out."))] = None,
    due: Annotated[Optional[str], typer.Option("--due", help=asked("Deadline of the measure."))] = None,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Add a measure to a problem and print its id, such as M2."""
    from rectify_cli.edit import operations as edits

    text, owner, due_text = need_all(
        (text, "--text", say("Measure (整改措施)")),
        (owner, "--owner", say("Owner (责任人)")),
        (due, "--due", say("Due date YYYY-MM-DD (完成时限)")),
    )
    due_date = parse_date(due_text, "--due")
    run_edit(ledgers, org, lambda ledger, document, actor, policy: edits.add_measure(
        ledger, document, problem, text, owner, due_date, actor), dry_run, by=by, date=date, print_value=True)


@guarded
def done(
    org: OrgArgument,
    problem: ProblemArgument,
    measure: Annotated[str, typer.Argument(help="Measure id, e.g. M1.")],
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Mark a measure done on a date."""
    from rectify_cli.edit import operations as edits

    run_edit(ledgers, org, lambda ledger, document, actor, policy: edits.measure_done(
        ledger, document, problem, measure, actor), dry_run, by=by, date=date)


@guarded
def close(
    org: OrgArgument,
    problem: ProblemArgument,
    evidence: Annotated[Optional[list[Path]], typer.Option(
        "--evidence", metavar="FILE",
        help="Evidence file in the repository (repeatable); it must exist, and its sha256 is recorded.")] = None,
    paper: Annotated[Optional[list[str]], typer.Option(
        "--paper", metavar="TEXT",
        help="Evidence that is not a file (repeatable): a paper document or document number, "
             "e.g. \"〔2026〕12号 整改报告（纸质，存档于办公室）\".")] = None,
    verified_by: Annotated[Optional[str], typer.Option("--verified-by", help="Who verified the closure (验收单位).")] = None,
    date: DateOption = None,
    by: ByOption = None,
    sign_with: SignWithOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Close a problem (对账销号) whose measures are done, on its evidence.

    Refused, nothing written, while a measure is unfinished, without evidence, or when an evidence
    file does not exist (the near names are suggested). A paper document is recorded with --paper.
    """
    from rectify_cli.edit import operations as edits
    from rectify_cli.validation.evidence import repository_root

    root = repository_root(ledger_folder(ledgers))
    run_edit(ledgers, org, lambda ledger, document, actor, policy: edits.close_with(
        ledger, document, problem, verified_by, list(evidence or []), list(paper or []), root, actor, policy),
        dry_run, by=by, date=date, sign_with=sign_with)


@guarded
def reopen(
    org: OrgArgument,
    problem: ProblemArgument,
    reason: Annotated[Optional[str], typer.Option("--reason", help=asked("Why (e.g. the problem recurred: 改后又犯)."))] = None,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Reopen a closed problem (relapse); the closure is kept under `reopened`."""
    from rectify_cli.edit import operations as edits

    reason = need(reason, "--reason", say("Reason (原因)"))
    run_edit(ledgers, org, lambda ledger, document, actor, policy: edits.reopen(
        ledger, document, problem, reason, actor), dry_run, by=by, date=date)


@guarded
def long_term(
    org: OrgArgument,
    problem: ProblemArgument,
    review_by: Annotated[Optional[str], typer.Option("--review-by", help=asked("Next review date (下次督查)."))] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help=asked("Why it needs long-term work."))] = None,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Declare a problem long-term (需长期坚持) with a review date."""
    from rectify_cli.edit import operations as edits

    review_text, reason = need_all((review_by, "--review-by", say("Review date YYYY-MM-DD")),
                                   (reason, "--reason", say("Reason (原因)")))
    review = parse_date(review_text, "--review-by")
    run_edit(ledgers, org, lambda ledger, document, actor, policy: edits.long_term(
        ledger, document, problem, review, reason, actor), dry_run, by=by, date=date)


@guarded
def extend(
    org: OrgArgument,
    problem: ProblemArgument,
    to: Annotated[Optional[str], typer.Option("--to", help=asked("New deadline."))] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help=asked("Why (延期理由)."))] = None,
    approved_by: Annotated[Optional[str], typer.Option("--approved-by", help=asked("Who approved it."))] = None,
    date: DateOption = None,
    by: ByOption = None,
    sign_with: SignWithOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Move a problem's deadline, with reason and approver (延期); a request pending (`request-extension`) is approved."""
    from rectify_cli.edit import decisions

    to_text, reason, approved_by = need_all(
        (to, "--to", say("New deadline YYYY-MM-DD")),
        (reason, "--reason", say("Reason (延期理由)")),
        (approved_by, "--approved-by", say("Approved by (批准单位)")),
    )
    new_deadline = parse_date(to_text, "--to")
    run_edit(ledgers, org, lambda ledger, document, actor, policy: decisions.extend(
        ledger, document, problem, new_deadline, reason, approved_by, actor), dry_run, by=by, date=date,
        sign_with=sign_with)


@guarded
def set_status(
    org: OrgArgument,
    problem: ProblemArgument,
    status: Annotated[str, typer.Argument(help="open or basically-done (基本完成).")],
    label: Annotated[Optional[str], typer.Option("--label", help="The unit's own wording, e.g. 基本完成.")] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help="Why.")] = None,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Mark a problem basically done (基本完成) or back to open."""
    from rectify_cli.edit import operations as edits

    run_edit(ledgers, org, lambda ledger, document, actor, policy: edits.set_status(
        ledger, document, problem, status, reason, label, actor), dry_run, by=by, date=date)


@guarded
def accountability(
    org: OrgArgument,
    problem: ProblemArgument,
    person: Annotated[Optional[str], typer.Option("--person", help=asked("Who is held accountable."))] = None,
    form: Annotated[Optional[int], typer.Option("--form", min=1, max=4, help=asked("The four forms, 1-4 (四种形态)."))] = None,
    action: Annotated[Optional[str], typer.Option("--action", help=asked("What was done, e.g. 诫勉谈话."))] = None,
    post: Annotated[Optional[str], typer.Option("--post", help="Post at the time.")] = None,
    responsibility: Annotated[Optional[str], typer.Option("--responsibility", help="main, supervisory or leading.")] = None,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record accountability (问责) for a problem, by the four forms."""
    from rectify_cli.edit import operations as edits
    from rectify_cli.model import RESPONSIBILITIES

    if responsibility is not None and responsibility not in RESPONSIBILITIES:
        _usage(say("--responsibility: {responsibility!r} is not one of {value}", responsibility=responsibility,
                   value=', '.join(RESPONSIBILITIES)), _near(responsibility, RESPONSIBILITIES))
    person, form, action = need_all(
        (person, "--person", say("Person held accountable")),
        (form, "--form", say("Form 1-4 (四种形态)"), int),
        (action, "--action", say("Action (处理方式)")),
    )
    run_edit(ledgers, org, lambda ledger, document, actor, policy: edits.hold_accountable(
        ledger, document, problem, person, post, form, action, responsibility, actor), dry_run, by=by, date=date)


@guarded
def outcomes(
    org: OrgArgument,
    problem: ProblemArgument,
    rules_made: Annotated[Optional[int], typer.Option("--rules-made", min=0, help="Rules made (建章立制).")] = None,
    funds_returned: Annotated[Optional[str], typer.Option("--funds-returned", help="Yuan returned, e.g. 1500.50.")] = None,
    losses_recovered: Annotated[Optional[str], typer.Option("--losses-recovered", help="Yuan recovered.")] = None,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record a problem's outcomes: rules made, funds returned, losses recovered."""
    from rectify_cli.edit import operations as edits

    funds = _money(funds_returned, "--funds-returned")
    losses = _money(losses_recovered, "--losses-recovered")
    run_edit(ledgers, org, lambda ledger, document, actor, policy: edits.set_outcomes(
        ledger, document, problem, rules_made, funds, losses, actor), dry_run, by=by, date=date)


def _near(value: str, allowed) -> str:
    from rectify_cli.suggest import did_you_mean

    return did_you_mean(value, list(allowed))


def _money(value: str | None, option: str):
    if value is None:
        return None
    from rectify_cli.model import parse_money as parse

    try:
        return parse(value)
    except ValueError as exc:
        _usage(say("{option}: {exc}", option=option, exc=reason_of(exc)))


@guarded
def survey(
    org: OrgArgument,
    round_number: Annotated[Optional[int], typer.Option("--round", help=asked("Round surveyed."))] = None,
    participants: Annotated[Optional[int], typer.Option(
        "--participants", min=1, help=asked("People who took part."))] = None,
    satisfied: Annotated[Optional[int], typer.Option("--satisfied", min=0, help=asked("Satisfied (满意)."))] = None,
    basically_satisfied: Annotated[int, typer.Option("--basically-satisfied", min=0, help="基本满意.")] = 0,
    dissatisfied: Annotated[int, typer.Option("--dissatisfied", min=0, help="不满意.")] = 0,
    replace: Annotated[bool, typer.Option("--replace", help="Replace a survey already recorded for the round.")] = False,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record the satisfaction survey (满意度测评) of a round."""
    from rectify_cli.edit import operations as edits

    round_number, participants, satisfied = need_all(
        (round_number, "--round", say("Round number (轮次)"), int),
        (participants, "--participants", say("Participants (参加测评人数)"), int),
        (satisfied, "--satisfied", say("Satisfied (满意)"), int),
    )
    run_edit(ledgers, org, lambda ledger, document, actor, policy: edits.record_survey(
        ledger, document, round_number, participants, satisfied, basically_satisfied, dissatisfied, actor, replace),
        dry_run, by=by, date=date)


@guarded
def evaluate(
    org: OrgArgument,
    round_number: Annotated[Optional[int], typer.Option("--round", help=asked("Round evaluated."))] = None,
    grade: Annotated[Optional[str], typer.Option(
        "--grade", help="优秀 / 合格 / 基本合格 / 不合格 (or 好 / 较好 / 一般 / 差). Required unless --indicator is given.")
    ] = None,
    score: Annotated[Optional[int], typer.Option("--score", min=0, max=100, help="Score out of 100.")] = None,
    indicator: Annotated[Optional[str], typer.Option(
        "--indicator", help="An evaluator-scored indicator of the policy's evaluation scheme (评价指标), "
                            "given --points and --note.")] = None,
    points: Annotated[Optional[str], typer.Option("--points", help="Points given to --indicator, e.g. 9 or 8.5.")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="What justifies the points (评分依据).")] = None,
    evaluator: Annotated[Optional[str], typer.Option("--evaluator", help="Who evaluated (评价单位).")] = None,
    replace: Annotated[bool, typer.Option(
        "--replace", help="Replace an evaluation (or the indicator's score) already recorded for the round.")] = False,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record the evaluation (考核评价) of a round: its grade, or an evaluator's points for one indicator."""
    from rectify_cli.edit import operations as edits
    from rectify_cli.model import GRADES

    if indicator is not None:
        if grade is not None or score is not None:
            _usage(say("--indicator records one indicator's points: give --grade and --score in another call"))
        round_number, points, note = need_all((round_number, "--round", say("Round number (轮次)"), int),
                                              (points, "--points", say("Points (得分)")),
                                              (note, "--note", say("What justifies the points (评分依据)")))
        from rectify_cli.model import parse_points

        try:
            given = parse_points(points)
        except ValueError as exc:
            _usage(say("{option}: {exc}", option="--points", exc=reason_of(exc)))
        run_edit(ledgers, org, lambda ledger, document, actor, policy: edits.record_score(
            ledger, document, round_number, indicator, given, note, evaluator, policy, actor, replace),
            dry_run, by=by, date=date)
        return
    if points is not None or note is not None:
        _usage(say("--points and --note go with --indicator"))
    round_number, grade = need_all((round_number, "--round", say("Round number (轮次)"), int),
                                   (grade, "--grade", say("Grade (考核等次)")))
    if grade not in GRADES:
        _usage(say("--grade: {grade!r} is not one of {value}", grade=grade, value=' / '.join(GRADES)), _near(grade, GRADES))
    run_edit(ledgers, org, lambda ledger, document, actor, policy: edits.record_evaluation(
        ledger, document, round_number, grade, score, evaluator, actor, replace), dry_run, by=by, date=date)


@guarded
def add_clue(
    org: OrgArgument,
    round_number: Annotated[Optional[int], typer.Option("--round", help=asked("Round during which it was handed over."))] = None,
    to: Annotated[Optional[str], typer.Option("--to", help=asked("Receiving body, e.g. 市纪委监委第三监督检查室."))] = None,
    handed_on: Annotated[Optional[str], typer.Option("--handed-on", help=asked("Date handed over (移交日期)."))] = None,
    summary: Annotated[Optional[str], typer.Option(
        "--summary", help="What it is about, without personal details (线索概要).")] = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record a clue handed to the discipline commission (问题线索移交); prints its id (e.g. C7-001)."""
    from rectify_cli.edit import operations as edits

    number, to, handed_text = need_all(
        (round_number, "--round", say("Round number (轮次)"), int),
        (to, "--to", say("Receiving body (移交对象)")),
        (handed_on, "--handed-on", say("Date handed over YYYY-MM-DD (移交日期)")),
    )
    handed = parse_date(handed_text, "--handed-on")
    run_edit(ledgers, org, lambda ledger, document, actor, policy: edits.add_clue(
        ledger, document, number, to, handed, summary, actor), dry_run, by=by, print_value=True)


@guarded
def dispose_clue(
    org: OrgArgument,
    clue: Annotated[str, typer.Argument(help="Clue id, e.g. C7-001.")],
    disposal: Annotated[Optional[str], typer.Option(
        "--disposal", help=asked("How it was disposed of, e.g. 立案审查调查, 谈话函询, 了结 (处置方式)."))] = None,
    round_number: Annotated[Optional[int], typer.Option("--round", help="The round, when the id is in several.")] = None,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record how a clue was disposed of and when (counts in the clue disposal rate from that date)."""
    from rectify_cli.edit import operations as edits

    disposal = need(disposal, "--disposal", say("Disposal (处置方式)"))
    run_edit(ledgers, org, lambda ledger, document, actor, policy: edits.dispose_clue(
        ledger, document, clue, disposal, round_number, actor), dry_run, by=by, date=date)


@guarded
def sign(
    org: OrgArgument,
    problem: ProblemArgument,
    key: Annotated[Optional[Path], typer.Option("--key", metavar="KEY", help=asked("Your SSH key (a private key file, or the .pub of a key in ssh-agent)."))] = None,
    entry: Annotated[Optional[int], typer.Option("--entry", min=1, help="Number of the history entry (1 = oldest); default: the latest unsigned closure or extension.")] = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Sign a closure or extension you recorded unsigned, with your SSH key (签名)."""
    from rectify_cli.edit import operations as edits

    key_file = Path(need(str(key) if key is not None else None, "--key", say("Your SSH key file")))
    run_edit(ledgers, org, lambda ledger, document, actor, policy: edits.sign(
        ledger, document, problem, entry, actor), dry_run, by=by, sign_with=key_file)
