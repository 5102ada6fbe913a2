"""Turn English-only messages into `say(...)` calls, in place (docs/architecture.md, "Messages in Chinese").

    python scripts/say_convert.py FILE...            messages of raise/Finding/usage_error/(path, code, msg, hint)
    python scripts/say_convert.py --returns FILE...  also `return f"..."` (an edit's outcome message)
    python scripts/say_convert.py --wrap FILE...     also write_stderr(...)/sys.stderr.write(...) in cli/, as said(say(...))
    python scripts/say_convert.py --missing          the templates of the source without a Chinese entry

It rewrites f-strings and literals in the message positions it knows into `say("template", name=expr)`,
keeping the English text identical, and lists what it left alone (a concatenation, a variable):
convert those by hand. Then add `from rectify_cli.errors import say`, review the parameter names
it chose, and write the Chinese of each template in src/rectify_cli/data/messages.zh.txt.
"""
import ast
import re
import sys
from pathlib import Path

CALLS = {
    "RectifyError": ([0], {"message", "hint"}),
    "RefusedChange": ([0], {"message", "hint"}),
    "UnreadableInput": ([0, 1], {"message", "hint"}),
    "usage_error": ([0, 1], {"message", "hint"}),
    "Finding": ([4], {"message", "hint"}),
    "Described": ([1, 2], {"message", "hint"}),
}
EXTRA = {
    "Suspicious": ([1, 2], {"reason", "hint"}),
    "_BuildError": ([2, 3], {"message", "hint"}),
    "YamlEditError": ([0], {"message"}),
    "SheetError": ([1], {"message"}),
    "SheetRefused": ([], {"hint"}),
    "_bad": ([2], set()),
    "_usage": ([0, 1], {"message", "hint"}),
    "need": ([2], set()),
    "NotADate": ([0], set()),
    "ValueError": ([0], set()),
    "RoundNotRecorded": ([0], {"hint"}),
    "NotThere": ([0, 1], set()),
    "error": ([0], {"hint"}),
    "InvalidPolicy": ([0], {"hint"}),
}
CODE = re.compile(r"^[EW]-[A-Z0-9-]+$")


def esc(text):
    return text.replace("{", "{{").replace("}", "}}")


def name_for(node, source):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("str", "repr", "len") and node.args:
        inner = name_for(node.args[0], source)
        return ("count" if node.func.id == "len" else "") + (inner or "") if inner else None
    if isinstance(node, ast.Subscript):
        return name_for(node.value, source)
    return None


class Converter:
    def __init__(self, source):
        self.source = source
        self.edits = []  # (start, end, text)
        self.skipped = []
        lines = source.splitlines(keepends=True)
        self.offsets = [0]
        for line in lines:
            self.offsets.append(self.offsets[-1] + len(line))

    def pos(self, lineno, col):
        # col_offset is in utf-8 bytes
        line_start = self.offsets[lineno - 1]
        line = self.source[line_start:self.offsets[lineno]]
        return line_start + len(line.encode("utf-8")[:col].decode("utf-8"))

    def segment(self, node):
        return self.source[self.pos(node.lineno, node.col_offset):self.pos(node.end_lineno, node.end_col_offset)]

    def convert(self, node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if not node.value:
                return
            self.replace(node, f"say({_dq(esc(node.value))})")
        elif isinstance(node, ast.JoinedStr):
            self.joined(node)
        elif isinstance(node, ast.IfExp):
            self.convert(node.body)
            self.convert(node.orelse)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "say":
            return
        else:
            self.skipped.append((node.lineno, self.segment(node)[:80]))

    def joined(self, node):
        template = []
        params = {}  # name -> source
        counter = 0
        for part in node.values:
            if isinstance(part, ast.Constant):
                template.append(esc(part.value))
                continue
            assert isinstance(part, ast.FormattedValue)
            expr = self.segment(part.value)
            name = name_for(part.value, self.source)
            if not name or not name.isidentifier() or name in ("self",):
                counter += 1
                name = f"value{counter}" if counter > 1 else "value"
            base = name
            n = 2
            while name in params and params[name] != expr:
                name = f"{base}{n}"
                n += 1
            params[name] = expr
            text = "{" + name
            if part.conversion != -1:
                text += "!" + chr(part.conversion)
            if part.format_spec is not None:
                spec = part.format_spec
                if not all(isinstance(v, ast.Constant) for v in spec.values):
                    self.skipped.append((node.lineno, "nested spec " + self.segment(node)[:60]))
                    return
                text += ":" + "".join(v.value for v in spec.values)
            template.append(text + "}")
        args = ", ".join(f"{k}={v}" for k, v in params.items())
        self.replace(node, f"say({_dq(''.join(template))}{', ' + args if args else ''})")

    def replace(self, node, text):
        if getattr(self, "wrap", False):
            text = "said(" + text + ")"
        self.edits.append((self.pos(node.lineno, node.col_offset), self.pos(node.end_lineno, node.end_col_offset), text))

    def visit(self, tree):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
                spec = CALLS.get(name) or EXTRA.get(name)
                if spec:
                    positions, keywords = spec
                    for index in positions:
                        if index < len(node.args):
                            self.convert(node.args[index])
                    for keyword in node.keywords:
                        if keyword.arg in keywords:
                            self.convert(keyword.value)
                if WRAP and name in ("write_stderr", "write") and (name == "write_stderr" or self.segment(func) == "sys.stderr.write") and node.args:
                    self.wrap = True
                    self.convert(node.args[0])
                    self.wrap = False
            elif RETURNS and isinstance(node, ast.Return) and isinstance(node.value, ast.JoinedStr):
                self.convert(node.value)
            elif isinstance(node, ast.Tuple) and len(node.elts) == 4:
                code = node.elts[1]
                if isinstance(code, ast.Constant) and isinstance(code.value, str) and CODE.match(code.value):
                    self.convert(node.elts[2])
                    self.convert(node.elts[3])


def _dq(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


WRAP = False
RETURNS = False


def main(paths):
    for path in paths:
        path = Path(path)
        source = path.read_text(encoding="utf-8")
        converter = Converter(source)
        converter.visit(ast.parse(source))
        edits = sorted(set(converter.edits), reverse=True)
        # drop edits nested in others
        for start, end, text in edits:
            source = source[:start] + text + source[end:]
        if edits and "import say" not in source and "say," not in source:
            print(f"{path}: needs `from rectify_cli.errors import say`")
        path.write_text(source, encoding="utf-8")
        print(f"{path}: {len(edits)} converted")
        for line, text in converter.skipped:
            print(f"  skipped {path}:{line}: {text}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--missing"]:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
        from rectify_cli.render.messages import catalogue

        package = Path(__file__).resolve().parent.parent / "src" / "rectify_cli"
        for path in sorted(package.rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "say" and node.args
                        and isinstance(node.args[0], ast.Constant) and node.args[0].value not in catalogue()):
                    print(f"{path.relative_to(package)}:{node.lineno}\nen: {node.args[0].value}\nzh: ")
        sys.exit(0)
    if sys.argv[1] == "--returns":
        RETURNS = True
        sys.argv.pop(1)
    if sys.argv[1] == "--wrap":
        WRAP = True
        sys.argv.pop(1)
    main(sys.argv[1:])
