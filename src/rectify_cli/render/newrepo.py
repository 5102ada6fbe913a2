"""What `rectify new-repo` says: the files it made, the state of git, and what to do next (en/zh)."""

from __future__ import annotations

import shlex

from wcwidth import wcswidth

from rectify_cli.scaffold import NewRepository

_GIT = {
    "initialised": ("git: initialised a new repository here (git init)", "git：已在此初始化新仓库（git init）"),
    "inside": ("git: not initialised, the folder is already inside the repository {root}",
               "git：未初始化，该文件夹已在仓库 {root} 之内"),
    "unavailable": ("git: not found, so no repository was made; install git and run `git init` in {root}",
                    "git：未找到 git，未建仓库；请安装 git 后在 {root} 运行 `git init`"),
}

_NEXT = (
    ("Next steps:", "下一步："),
    ("the ledger of an inspected organisation (台账), in ledgers/ORG.yaml",
     "为被巡察党组织建立台账（ledgers/ORG.yaml）"),
    ("the round it received, with the feedback date", "记录其接受的巡察轮次及反馈日期"),
    ("or its problems from the office's Excel sheet (问题清单)", "或从整改台账 Excel 表导入问题"),
    ("check the ledgers (also run by the pre-commit hook and the CI workflow)",
     "校验台账（pre-commit 钩子与 CI 工作流也会运行）"),
    ("adapt ledgers/policy.yaml (categories, thresholds, consequences) to your place's rules",
     "按本地规定修改 ledgers/policy.yaml（问题类别、阈值、负面清单）"),
)


def new_repository_text(result: NewRepository, lang: str) -> str:
    """The lines `rectify new-repo` prints on stdout."""
    zh = lang == "zh"
    pick = 1 if zh else 0
    root = str(result.root)
    lines = [(f"已建立台账仓库 {root}：" if zh else f"made a ledger repository in {root}:")]
    lines += [f"  {name}" for name in result.created]
    where = str(result.git_root) if result.git == "inside" else root
    lines.append(_GIT[result.git][pick].format(root=where))
    cd = f"cd {shlex.quote(root)}"
    steps = [
        (cd, None),
        ("rectify init ORG --name NAME", _NEXT[1]),
        ("rectify add-round ORG --round 1 --feedback-on YYYY-MM-DD", _NEXT[2]),
        ("rectify import 台账.xlsx ORG --round 1", _NEXT[3]),
        ("rectify validate", _NEXT[4]),
        ("pre-commit install", None),
    ]
    lines.append(_NEXT[0][pick])
    width = max(wcswidth(command) for command, _ in steps)
    for command, note in steps:
        padding = " " * (width - wcswidth(command))
        lines.append(f"  {command}{padding}  # {note[pick]}" if note else f"  {command}")
    lines.append(_NEXT[5][pick])
    return "\n".join(lines) + "\n"
