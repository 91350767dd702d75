"""A shell command built from a non-constant value.

What it finds:
`os.system`, `os.popen`, `subprocess.*(..., shell=True)` (Python); `exec.Command("sh", "-c", x)`
and `exec.Command(x, ...)` with a request-derived program (Go); `child_process.exec`/`execSync`
and `spawn(..., {shell: true})` (Node) whose command text is not built only from constants,
followed through local variables; `spawn(prog, args)` / `execFile(prog, args)` (Node) whose
program comes from the request. An argument vector (`subprocess.run(["git", "log", ref])`,
`exec.Command("git", "log", ref)`) is not a finding: no shell parses it. A command built only
from command-line arguments, the environment or standard input (directly, or through a
function no other file can call) is the local threat model, not request data: reported at
`info` with that reason (a scaffolding CLI's `exec("git clone " + process.argv[2])`).

Why it matters:
The shell interprets `;`, `|`, `$()` and backticks inside the value, so the input runs its own
commands with the server's privileges (CWE-78).

Example:
    os.system("convert " + filename + " out.png")

Fix:
Pass an argument list without a shell (`subprocess.run([...])`, `exec.Command(prog, args...)`,
`execFile`), and validate values against an allowlist.
"""
from __future__ import annotations

from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.rejects import SHELL
from auditor.checks.treeutil import (file_index, import_map, last_names, literal, mentions,
                                     pairs, resolve_imported, sink_finding, tainted_calls,
                                     unwrap)
from auditor.model import Finding
from auditor.taint.propagate import AcrossFunctions

SHELLS = {"sh", "bash", "/bin/sh", "/bin/bash", "zsh", "cmd", "cmd.exe", "powershell", "pwsh"}
PY_SHELL = ("os.system", "os.popen", "commands.getoutput", "subprocess.getoutput",
            "subprocess.getstatusoutput")
GO_EXEC = ("exec.Command", "exec.CommandContext")
JS_EXEC = ("exec", "execSync")
JS_SPAWN = ("spawn", "spawnSync")
JS_EXEC_FILE = ("execFile", "execFileSync")
# every other Python sink is a subprocess call with the keyword `shell` or spells `shell` in its
# name (asyncio.create_subprocess_shell)
WORDS = {"python": last_names(PY_SHELL, ("shell", "subprocess")), "go": last_names(GO_EXEC),
         "js": last_names(JS_EXEC, JS_SPAWN, JS_EXEC_FILE)}


def _shell_vector(node, func, idx) -> bool:
    """An argument vector that runs a shell on a command line: `["sh", "-c", cmd]`, also when
    built by appends (`args.append("sh"); args.append("-c"); args.append(cmd)`)."""
    node = unwrap(node)
    if node is None:
        return False
    elems = []
    if node.type in ("list", "tuple"):
        elems = list(node.named_children)
    elif node.type == "identifier":
        name = idx.text(node)
        for value, op, _ in idx.assigns_in(func).get(name, []):
            v = unwrap(value)
            if v is not None and v.type in ("list", "tuple"):
                elems.extend(v.named_children)
        elems.extend(st.value for st in idx.stores.get((func, name), ()) if st.value is not None)
    texts = {literal(unwrap(e), idx.data) for e in elems}
    return bool(texts & SHELLS) and bool(texts & {"-c", "/c", "-Command", "/C"})


def _js_shell(call, idx) -> bool:
    """`spawn(cmd, args, {shell: true})`: the command line goes to a shell."""
    opts = pairs(unwrap(call.args[-1]), idx) if call.args else {}
    return "shell" in opts and idx.text(opts["shell"]) == "true"


class CommandInjection(AcrossFunctions, Rule):
    __doc__ = __doc__
    id = "command-injection"
    name = "CommandInjection"
    category = "command-injection"
    cwe = ("CWE-78",)
    severity = "high"
    confidence = "medium"
    precision = "high"
    positive = [
        Example("python", 'import os\n\ndef f(name):\n    os.system("convert " + name)\n'),
        Example("python", 'import subprocess\n\ndef f(name):\n    argv = ["sh", "-c"]\n'
                          '    argv.append("echo " + name)\n    subprocess.run(argv)\n'),
        Example("go", 'package a\n\nfunc F(x string) {\n\texec.Command("sh", "-c", "ls "+x).Run()\n}\n'),
        Example("typescript", 'import { exec } from "child_process";\nexport const f = (x: string) => exec(`ls ${x}`);\n'),
        Example("javascript", 'const { spawn } = require("child_process");\n'
                              'app.get("/r", (req, res) => { const [p, ...a] = req.query.cmd.split(" ");\n'
                              '  spawn(p, a); res.end(); });\n'),
    ]
    negative = [
        Example("python", 'import subprocess\n\ndef f(ref):\n    subprocess.run(["git", "log", ref])\n'),
        Example("python", 'import subprocess\n\ndef f():\n    subprocess.run(["sh", "-c", "ls -l /tmp"])\n'),
        Example("go", 'package a\n\nfunc F(ref string) {\n\texec.Command("git", "log", ref).Run()\n}\n'),
        Example("typescript", 'import { execFile } from "child_process";\nexport const f = (x: string) => execFile("ls", [x]);\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        if not mentions(ctx, WORDS.get(ctx.language, WORDS["js"])):
            return
        imports = import_map(ctx) if ctx.language != "go" else {}

        def select(call, idx):
            return self._command(call, idx, imports)

        for call, culprits, names in tainted_calls(ctx, select, rule=self, rejects=SHELL):
            name = _js_name(call, imports)[0]
            if name in JS_EXEC_FILE or name in JS_SPAWN and not _js_shell(call, file_index(ctx)):
                yield sink_finding(self, ctx, call, culprits, f"Program to run chosen by request "
                                   f"data {names} ({call.callee})")
                continue
            yield sink_finding(self, ctx, call, culprits, f"Shell command built from non-constant "
                               f"{names} ({call.callee})")

    @staticmethod
    def _command(call, idx, imports=None):
        name, callee = call.name, call.callee
        if idx.lang == "python":
            # (the file's import aliases undone: `sp.getoutput` with `import subprocess as sp`,
            # `getoutput` with `from subprocess import getoutput`)
            callee = resolve_imported(call.callee, imports or {}) or call.callee
            if callee in PY_SHELL:
                return (call.args[0] if call.args else None), False
            if callee.rsplit(".", 1)[0] == "subprocess" or callee in ("Popen", "run", "call",
                                                                    "check_output"):
                shell = call.kwargs.get("shell")
                if shell is not None and idx.text(shell) == "True" and call.args:
                    return call.args[0], False
                if call.args and _shell_vector(call.args[0], call.func, idx):
                    return call.args[0], False  # ["sh", "-c", text]: the text is a command line
            if callee == "asyncio.create_subprocess_shell" and call.args:
                return call.args[0], False
            return None, False
        if idx.lang == "go":
            if callee in GO_EXEC and call.args:
                args = call.args[1:] if name == "CommandContext" else call.args
                prog = literal(unwrap(args[0]), idx.data) if args else None
                if prog in SHELLS and len(args) >= 3 and literal(unwrap(args[1]), idx.data) in ("-c", "/c", "-Command"):
                    return args[2], False
                if prog is None and args:
                    return args[0], True
            return None, False
        name, receiver = _js_name(call, imports or {})
        if name in JS_EXEC and (receiver in ("", "child_process", "cp", "childProcess")):
            return (call.args[0] if call.args else None), False
        if name in JS_SPAWN and len(call.args) >= 2:
            if _js_shell(call, idx):
                return call.args[0], False
        if name in JS_SPAWN + JS_EXEC_FILE and call.args and \
                receiver in ("", "child_process", "cp", "childProcess") and \
                literal(unwrap(call.args[0]), idx.data) is None:
            # `spawn(prog, args)` / `execFile(prog, args)`: no shell, but a program the request
            # names runs (Go's `exec.Command(x, ...)` likewise)
            return call.args[0], True
        return None, False


def _js_name(call, imports: dict) -> tuple[str, str]:
    """(name, receiver) of a JavaScript call as the file's imports bind them: `command(x)` with
    `import { exec as command } from "child_process"` (or `const command =
    require("child_process").exec`) is child_process's `exec`; `proc.exec(x)` with `const proc =
    require("child_process")` is too."""
    recv = call.receiver or ""
    if not recv:
        bound = imports.get(call.name, "")
        if bound.startswith("child_process."):
            return bound.split(".", 1)[1], "child_process"
        return call.name, recv
    if imports.get(recv) == "child_process":
        return call.name, "child_process"
    return call.name, recv
