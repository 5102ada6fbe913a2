"""The command-line parser's own sentences (typer's click: "Missing option", "No such command") in Chinese.

The parser words them itself, so they are matched here as it writes them, one pattern a line; a
sentence not listed is left as the parser wrote it. Option names, values and usage lines are kept.
"""

from __future__ import annotations

import re

# (the parser's English, its Chinese); applied in order to the message, each where it matches.
SENTENCES: list[tuple[str, str]] = [
    (r"^Invalid value for (.+?): ", r"\1 的值无效："),
    (r"^Invalid value: ", "值无效："),
    (r"Value error, ", ""),
    (r"^No such option: (\S+)", r"没有选项 \1"),
    (r" ?Did you mean (\S+)\?", r"，是不是 \1？"),
    (r" ?\(Possible options: (.*)\)", r"（可选：\1）"),
    (r"^No such command (.+)\.$", r"没有命令 \1。"),
    (r"^Missing command\.$", "缺少命令。"),
    (r"^Missing argument (.+?)\.", r"缺少参数 \1。"),
    (r"^Missing option (.+?)\.", r"缺少选项 \1。"),
    (r"^Missing parameter: (.+)$", r"缺少参数：\1"),
    (r"^Got unexpected extra argument(?:s|\(s\))? \((.*)\)$", r"多余的参数（\1）"),
    (r"^Option (.+?) requires an argument\.$", r"选项 \1 需要一个值。"),
    (r"^Option (.+?) requires (\d+) arguments\.$", r"选项 \1 需要 \2 个值。"),
    (r"^Option (.+?) does not take a value\.$", r"选项 \1 不接受值。"),
    (r"(.+?) is not one of (.+?)\.$", r"\1 不在可选值 \2 之中。"),
    (r"Input should be less than or equal to (\S+)", r"应小于或等于 \1"),
    (r"Input should be greater than or equal to (\S+)", r"应大于或等于 \1"),
    (r"Input should be less than (\S+)", r"应小于 \1"),
    (r"Input should be greater than (\S+)", r"应大于 \1"),
    (r"Input should be a valid integer, unable to parse string as an integer", "应为整数，无法把这段文字读作整数"),
    (r"Input should be a valid integer", "应为整数"),
    (r"Input should be a valid number, unable to parse string as a number", "应为数字，无法把这段文字读作数字"),
    (r"Input should be a valid number", "应为数字"),
    (r"Input should be a valid boolean", "应为是/否值"),
    (r"(.+?) is not a valid (integer|float|boolean)\.?", r"\1 不是有效的\2。"),
    (r"(?:Directory|dir) (.+?) is a file\.$", r"\1 是文件，不是文件夹。"),
    (r"(?:File|file) (.+?) is a directory\.$", r"\1 是文件夹，不是文件。"),
    (r"(?:Directory|File|Path|dir|file|path) (.+?) does not exist\.$", r"\1 不存在。"),
    (r"(?:Directory|File|Path|dir|file|path) (.+?) is not readable\.$", r"\1 不可读。"),
    (r"(?:Directory|File|Path|dir|file|path) (.+?) is not writable\.$", r"\1 不可写。"),
]
_COMPILED = [(re.compile(english), chinese) for english, chinese in SENTENCES]


def parser_message(message: str, lang: str) -> str:
    """The parser's error message in `lang`."""
    if lang != "zh":
        return message
    for pattern, chinese in _COMPILED:
        message = pattern.sub(chinese, message)
    return message


def usage_lines(usage: str, command_path: str, help_option: str | None, message: str, lang: str) -> str:
    """What the parser prints for a usage error: the usage line, where help is, and the error, in `lang`."""
    if lang != "zh":
        hint = f"Try '{command_path} {help_option}' for help.\n" if help_option else ""
        return f"{usage}\n{hint}\nError: {message}"
    usage = re.sub(r"^Usage: ", "用法：", usage)
    hint = f"运行 '{command_path} {help_option}' 查看帮助。\n" if help_option else ""
    return f"{usage}\n{hint}\n错误：{parser_message(message, lang)}"
