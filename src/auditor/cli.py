"""Command-line interface: argument parsing and wiring only.

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage,
configuration or target errors (one line on stderr, a traceback only with --debug).
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from pathlib import Path

from auditor import __version__
from auditor.errors import AuditorError

SEVERITY_CHOICES = ("critical", "high", "medium", "low", "info", "none")


class _Parser(argparse.ArgumentParser):
    """One-line errors (exit 2), no prefix matching of options (`--engine` is not `--engines`),
    and "did you mean" for a mistyped command or option."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        import difflib
        import re

        m = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if m:
            choices = re.findall(r"'([^']*)'", m.group(2))
            close = difflib.get_close_matches(m.group(1), choices, n=1)
            if close:
                message += f"; did you mean '{close[0]}'?"
        m = re.match(r"unrecognized arguments: (.*)", message)
        if m:
            known = [o for parser in _parsers(self) for a in parser._actions
                     for o in a.option_strings if o.startswith("--")]
            for word in m.group(1).split():
                close = difflib.get_close_matches(word.split("=")[0], known, n=1)
                if word.startswith("--") and close:
                    message += f" (did you mean {close[0]}?)"
                    break
        self.print_usage(sys.stderr)
        sys.stderr.write(f"auditor: error: {message}\n")
        raise SystemExit(2)


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """The parser and its subcommands' parsers (argparse reports a subcommand's unknown
    option from the top parser)."""
    out = [parser]
    for a in parser._actions:
        if isinstance(a, argparse._SubParsersAction):
            out += list(dict.fromkeys(a.choices.values()))
    return out


def path_arg(sp):
    sp.add_argument("path", nargs="?", default=".", metavar="PATH",
                    help="the folder (or one file) to analyse (default: the current folder)")


def tree_options(sp):
    sp.add_argument("--config", metavar="FILE",
                    help="configuration file (default: .auditor.toml, else [tool.auditor] "
                         "in pyproject.toml, in PATH)")
    sp.add_argument("--config-from", metavar="REF",
                    help="read the configuration (and .auditorignore) from this git revision, "
                         "e.g. a pull request's base, so the change cannot configure its own "
                         "scan")
    sp.add_argument("--jobs", type=_jobs, default=0, metavar="N",
                    help="worker processes for parsing (default 0: one per core)")
    sp.add_argument("--no-cache", action="store_true",
                    help="neither read nor write the cache (a cold scan)")
    sp.add_argument("--cache-dir", metavar="DIR",
                    help="where the cache lives (default: AUDITOR_CACHE_DIR, else the user "
                         "cache folder); never inside the scanned tree")


def engine_options(sp):
    sp.add_argument("--engines", type=_engines, metavar="LIST",
                    help="comma-separated: native,semgrep,bandit,dependencies (default: all "
                         "that are installed)")
    sp.add_argument("--offline", action="store_true",
                    help="no network: the dependency audit is skipped and says so")
    sp.add_argument("--osv-url", metavar="URL",
                    help="OSV API for the dependency audit (default: https://api.osv.dev; "
                         "also AUDITOR_OSV_URL)")
    sp.add_argument("--checklist", action="append", metavar="NAME",
                    help="a checklist to evaluate (repeatable; default: those that apply)")


def out_options(sp, formats, default):
    sp.add_argument("--format", choices=formats, default=default,
                    help=f"output format (default: {default})")
    sp.add_argument("-o", "--output", metavar="FILE",
                    help="write the output to FILE instead of standard output")


def debug(sp):
    sp.add_argument("--debug", action="store_true",
                    help="show the traceback of an internal error")


def scan_options(s) -> None:
    """The options of `scan` (and of `pre-commit`, which runs a scan)."""
    out_options(s, ("text", "json", "sarif", "markdown", "github"), "text")
    tree_options(s)
    engine_options(s)
    s.add_argument("--fail-on", choices=SEVERITY_CHOICES, metavar="SEVERITY",
                   help="exit 1 on an active finding at or above SEVERITY: critical, high, "
                        "medium, low, info or none (default: the configuration's, else high)")
    s.add_argument("--strict", action=argparse.BooleanOptionalAction, default=None,
                   help="exit 1 when the verdict is incomplete (an engine failed or was partial, "
                        "an engine named in --engines is not installed, a source file was not "
                        "analysed); the default when CI is set")
    s.add_argument("--changed-since", metavar="REF",
                   help="report only findings the change touches: since the merge base of REF "
                        "and HEAD plus uncommitted and untracked files, or between two commits "
                        "with FROM..TO")
    s.add_argument("--baseline", metavar="FILE",
                   help="findings in this baseline are suppressed (hidden from text and SARIF "
                        "by default)")
    s.add_argument("--baseline-from", metavar="REF",
                   help="read --baseline FILE from this git revision instead of the working tree")
    s.add_argument("--write-baseline", metavar="FILE",
                   help="write the active findings as a baseline to FILE")
    s.add_argument("--show-suppressed", action="store_true",
                   help="text and markdown: list baselined and engine-judged findings too "
                        "(default: counted, not listed)")
    s.add_argument("--sarif-suppressed", choices=("omit", "include"), default="omit",
                   help="SARIF: leave suppressed findings out (default; code scanning does not "
                        "honour SARIF suppressions, inline ones are listed as notifications) or "
                        "include them with `suppressions`")
    s.add_argument("--sarif-category", metavar="NAME",
                   help="SARIF automationDetails.id: the code scanning category (default: "
                        "auditor/ plus the scanned folder)")
    s.add_argument("--sarif-output", metavar="FILE",
                   help="also write SARIF to FILE (one scan, several outputs)")
    s.add_argument("--json-output", metavar="FILE", help="also write JSON to FILE")
    s.add_argument("--summary-output", metavar="FILE",
                   help="also write a short Markdown summary (counts, top findings, checklist "
                        "score) to FILE, e.g. $GITHUB_STEP_SUMMARY (appended)")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="auditor", description="Static production-readiness and security audit "
                "of web backends (Go, Python, TypeScript).")
    p.add_argument("--version", action="version", version=f"auditor {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    s = sub.add_parser("scan", help="scan a tree and report findings",
                       description="Scan a tree: native rules, engines, endpoints, checklist.")
    path_arg(s)
    scan_options(s)
    debug(s)

    pc = sub.add_parser("pre-commit", help="the pre-commit hook: scan what pre-commit selected",
                        description="Run by the pre-commit hooks with the files pre-commit "
                        "selected: with PRE_COMMIT_FROM_REF/PRE_COMMIT_TO_REF the findings of that "
                        "range; on a commit (every file given is staged) the findings on the "
                        "staged lines; otherwise (--all-files, --files) the findings in the files "
                        "given. The whole tree is analysed in every case (the call graph needs it).")
    pc.add_argument("files", nargs="*", metavar="FILE", help="files selected by pre-commit")
    scan_options(pc)
    debug(pc)

    e = sub.add_parser("endpoints", help="list the HTTP endpoints with auth and trace")
    path_arg(e)
    out_options(e, ("text", "json"), "text")
    tree_options(e)
    debug(e)

    g = sub.add_parser("graph", help="export the call graph")
    path_arg(g)
    out_options(g, ("json", "dot", "graphml"), "json")
    tree_options(g)
    g.add_argument("--from", dest="from_name", metavar="NAME",
                   help="only what is reachable from the function NAME")
    debug(g)

    m = sub.add_parser("merge", help="join the JSON results of several scans")
    m.add_argument("inputs", nargs="+", metavar="RESULT.json",
                   help="JSON results of `auditor scan --format json`")
    out_options(m, ("json", "sarif"), "json")
    debug(m)

    r = sub.add_parser("report", help="write the audit reports to a folder")
    path_arg(r)
    r.add_argument("--out", default="reports", metavar="DIR",
                   help="the folder to write the reports to (default: reports)")
    tree_options(r)
    engine_options(r)
    debug(r)

    c = sub.add_parser("checklist", help="the checklist table with statuses and evidence")
    path_arg(c)
    out_options(c, ("text", "json"), "text")
    tree_options(c)
    engine_options(c)
    debug(c)

    ru = sub.add_parser("rules", help="every rule with id, category, CWE, severity, docs")
    out_options(ru, ("text", "json", "markdown"), "text")
    debug(ru)
    return p


def _jobs(v: str) -> int:
    try:
        n = int(v)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--jobs must be a whole number, not {v!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("--jobs must be 0 (all cores) or more")
    return n


def _engines(v: str) -> list[str]:
    from auditor.config import ENGINE_NAMES

    import difflib

    names = [x.strip() for x in v.split(",") if x.strip()]
    if not names:
        raise argparse.ArgumentTypeError(f"no engine named (known: {', '.join(ENGINE_NAMES)})")
    for n in names:
        if n not in ENGINE_NAMES:
            close = difflib.get_close_matches(n, ENGINE_NAMES, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(ENGINE_NAMES)}"
            raise argparse.ArgumentTypeError(f"unknown engine '{n}' ({hint})")
    return names


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    debug = getattr(args, "debug", False)
    # The run builds millions of long-lived records and almost no cyclic garbage: the cyclic
    # collector's repeated passes over them cost more than the work (loading the facts of a
    # 100k-line tree: 4.4 s with it, 0.5 s without).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    from auditor.interrupts import Terminated, install

    restore_signals = install()
    try:
        return _dispatch(args)
    except AuditorError as exc:
        if debug:
            raise
        sys.stderr.write(f"auditor: error: {exc}\n")
        return 2
    except KeyboardInterrupt as exc:
        sys.stderr.write("auditor: interrupted\n")
        return 143 if isinstance(exc, Terminated) else 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - never a traceback without --debug
        if debug:
            raise
        sys.stderr.write(f"auditor: internal error: {type(exc).__name__}: {exc} "
                         f"(run with --debug for the traceback)\n")
        return 2
    finally:
        # Re-enabled, the collector's first pass would walk every record of the run (0.7 s on
        # 100k lines): the console script exits right away instead.
        if gc_was_enabled and not _EXITING:
            gc.enable()
        restore_signals()


def run() -> None:
    """The console script: `main`, then exit without tearing down the heap (freeing the
    records of a million-line tree one by one takes longer than some scans)."""
    global _EXITING
    _EXITING = True
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more to say
            pass
    os._exit(code)


def _dispatch(args) -> int:
    cmd = args.command
    if cmd == "rules":
        return _cmd_rules(args)
    if cmd == "merge":
        return _cmd_merge(args)
    if cmd == "scan":
        return _cmd_scan(args)
    if cmd == "pre-commit":
        return _cmd_precommit(args)
    if cmd == "endpoints":
        return _cmd_endpoints(args)
    if cmd == "graph":
        return _cmd_graph(args)
    if cmd == "report":
        return _cmd_report(args)
    if cmd == "checklist":
        return _cmd_checklist(args)
    raise AuditorError(f"unknown command {cmd}")


def write_output(text, output: str | None) -> None:
    """`text` (str, UTF-8 bytes, or an iterator of UTF-8 byte chunks) to the file `output`, or
    to standard output."""
    from auditor.report.json_report import UNPAIRED

    if not isinstance(text, (str, bytes)):
        chunks = text
    elif isinstance(text, bytes):
        chunks = (text,)
    else:
        chunks = None
    if not output or output == "-":
        buffer = getattr(sys.stdout, "buffer", None)
        try:
            if chunks is not None and buffer is not None:
                sys.stdout.flush()
                for chunk in chunks:
                    buffer.write(chunk)
                buffer.flush()
            else:
                text = text if chunks is None else b"".join(chunks).decode("utf-8")
                sys.stdout.write(text.encode(sys.stdout.encoding or "utf-8", UNPAIRED)
                                 .decode(sys.stdout.encoding or "utf-8"))
                sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            _drop_stdout()
            raise AuditorError(f"cannot write to standard output: {exc.strerror or exc}") from None
        return
    p = Path(output)
    try:
        if p.parent and not p.parent.exists():
            raise AuditorError(f"-o {output}: folder {p.parent} does not exist")
        if chunks is not None:
            with open(p, "wb") as fh:
                fh.writelines(chunks)
        else:
            p.write_text(text, encoding="utf-8", errors=UNPAIRED)
    except OSError as exc:
        raise AuditorError(f"-o {output}: cannot write: {exc.strerror}") from None


def append_output(text: str, output: str) -> None:
    """Append to a file (GitHub's job summary file collects every step's Markdown)."""
    from auditor.report.json_report import UNPAIRED

    try:
        with open(output, "a", encoding="utf-8", errors=UNPAIRED) as fh:
            fh.write(text)
    except OSError as exc:
        raise AuditorError(f"{output}: cannot write: {exc.strerror}") from None


def _drop_stdout() -> None:
    """After a failed write, what is left in stdout's buffer would fail again at exit: point
    stdout at the null device so that only the error message remains."""
    try:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")
    except OSError:
        pass


class _Progress:
    """A rich progress display on stderr, only when stderr is a terminal: a bar while files
    are parsed, then the name of the stage that runs (call graph, endpoints, rules, engines,
    checklist) with a spinner."""

    def __init__(self) -> None:
        self.bar = None
        self.task = None
        if sys.stderr.isatty() and not os.environ.get("CI"):
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn,
                                       TextColumn, TimeElapsedColumn)

            self.bar = Progress(SpinnerColumn(), TextColumn("{task.fields[stage]}"), BarColumn(),
                                MofNCompleteColumn(), TextColumn("{task.description}"),
                                TimeElapsedColumn(), console=Console(file=sys.stderr),
                                transient=True)

    def _start(self, total: int | None) -> None:
        if self.task is None:
            self.bar.start()
            self.task = self.bar.add_task("", total=total, stage="parsing")

    def __call__(self, done: int, total: int, path: str) -> None:
        if self.bar is None or total < 50:
            return
        self._start(total)
        self.bar.update(self.task, completed=done, description=path[-50:])

    def stage(self, name: str) -> None:
        if self.bar is None:
            return
        self._start(None)
        self.bar.update(self.task, stage=name, description="", total=None, completed=0)

    def close(self) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.stop()


def _options(args, **extra):
    from auditor.scan import ScanOptions

    engines = getattr(args, "engines", None)
    if getattr(args, "offline", False):
        engines = [e for e in (engines or ["native", "semgrep", "bandit", "dependencies"])]
    return ScanOptions(
        path=args.path, engines=engines, jobs=getattr(args, "jobs", 0),
        use_cache=not getattr(args, "no_cache", False),
        baseline=getattr(args, "baseline", None),
        changed_since=getattr(args, "changed_since", None),
        only_files=getattr(args, "only_files", None),
        changed_untracked=getattr(args, "changed_untracked", True),
        checklists=getattr(args, "checklist", None) or [],
        osv_url=getattr(args, "osv_url", None) or os.environ.get("AUDITOR_OSV_URL") or None,
        offline=getattr(args, "offline", False), config_file=getattr(args, "config", None),
        config_from=getattr(args, "config_from", None),
        baseline_from=getattr(args, "baseline_from", None),
        cache_dir=getattr(args, "cache_dir", None),
        strict=strict_mode(getattr(args, "strict", None)), **extra)


def strict_mode(flag: bool | None) -> bool:
    """--strict / --no-strict; by default on when CI is set (GitHub Actions, GitLab and most
    CI services set it), so that a gate never passes on an incomplete scan unnoticed."""
    if flag is not None:
        return flag
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _run(args, **extra):
    from auditor.scan import run_scan

    progress = _Progress()
    try:
        return _keep(run_scan(_options(args, progress=progress, **extra)))
    finally:
        progress.close()


_KEPT: list = []  # analyses that outlive the command when `run` exits the process after it


def _keep(analysis):
    """Under the console script, the analysis is never freed: the process exits right after
    the command, and freeing the records of a million-line tree one by one took 10 s."""
    if _EXITING:
        _KEPT.append(analysis)
    return analysis


_EXITING = False


def _cmd_scan(args) -> int:
    from auditor.model import severity_at_least
    from auditor.report import render, render_chunks

    if args.baseline_from and not args.baseline:
        raise AuditorError("--baseline-from needs --baseline FILE (the file to read at that "
                           "revision)")
    analysis = _run(args)
    result = analysis.result
    sarif = {"suppressed": args.sarif_suppressed, "category": args.sarif_category}
    data = render_chunks(result, args.format, sarif=sarif)
    if data is not None:
        write_output(data, args.output)
    else:
        write_output(render(result, args.format, color=args.format == "text" and not args.output
                            and sys.stdout.isatty(), show_suppressed=args.show_suppressed,
                            sarif=sarif), args.output)
    for fmt, dest in (("sarif", args.sarif_output), ("json", args.json_output)):
        if dest:
            write_output(render_chunks(result, fmt, sarif=sarif), dest)
    if args.summary_output:
        from auditor.report.github import render_summary

        append_output(render_summary(result), args.summary_output)
    if args.write_baseline:
        from auditor.suppress import baseline_document

        write_output(json.dumps(baseline_document(result.findings), indent=2) + "\n",
                     args.write_baseline)
    fail_on = args.fail_on or analysis.config.fail_on
    code = 0
    if fail_on != "none" and any(severity_at_least(f.severity, fail_on)
                                 for f in result.active_findings):
        code = 1
    if strict_mode(args.strict) and result.incomplete:
        code = max(code, 1)
        sys.stderr.write("auditor: the scan is incomplete (strict mode): " + "; ".join(
            i["message"] for i in result.incomplete[:5]) +
            (f"; and {len(result.incomplete) - 5} more" if len(result.incomplete) > 5 else "")
            + "\n")
    return code


def _cmd_precommit(args) -> int:
    """pre-commit's file selection, as a scan of the whole tree whose report keeps: the range
    FROM..TO (pre-commit's --from-ref/--to-ref, in PRE_COMMIT_FROM_REF/PRE_COMMIT_TO_REF); the
    staged lines when every file given is staged (a commit); else every finding in the files
    given (`pre-commit run --all-files` or `--files`)."""
    from auditor.gitsafe import git

    args.path = "."
    frm, to = os.environ.get("PRE_COMMIT_FROM_REF"), os.environ.get("PRE_COMMIT_TO_REF")
    given = sorted({Path(f).as_posix() for f in args.files})
    if args.changed_since:
        what = f"the change since {args.changed_since} (--changed-since)"
    elif frm and to:
        args.changed_since = f"{frm}..{to}"
        what = f"the change {frm}..{to}"
    else:
        out = git(Path("."), "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR",
                  "--relative")
        staged = {p.decode("utf-8", "surrogateescape") for p in (out or b"").split(b"\0") if p}
        has_head = git(Path("."), "rev-parse", "--verify", "--quiet", "HEAD^{commit}") is not None
        if given and staged and set(given) <= staged:
            # the staged lines, and the findings of routes whose chain they touch; untracked
            # files are not part of the commit (pre-commit leaves them in place)
            if has_head:
                args.changed_since = "HEAD"
                args.changed_untracked = False
            else:  # the first commit: its files are new as a whole
                args.only_files = given
            what = f"the staged lines of {len(given)} file{'' if len(given) == 1 else 's'}"
        elif given:
            args.only_files = given
            what = f"every finding in the {len(given)} file{'' if len(given) == 1 else 's'} given"
        else:
            sys.stderr.write("auditor pre-commit: no file selected, nothing to check\n")
            return 0
    sys.stderr.write(f"auditor pre-commit: {what}\n")
    return _cmd_scan(args)


def _cmd_endpoints(args) -> int:
    from auditor.report.endpoints import render_endpoints
    from auditor.scan import analyze_tree

    analysis = _keep(analyze_tree(_options(args, mode="routes")))
    write_output(render_endpoints(analysis.result, args.format), args.output)
    return 0


def _cmd_graph(args) -> int:
    from auditor.report.graph import render_graph
    from auditor.scan import analyze_tree

    # the graph loads on first use; per file only what the graph needs is done
    analysis = _keep(analyze_tree(_options(args, need_graph=False, mode="index")))
    if args.format == "json" and not args.from_name and analysis.tree_key:
        from auditor.report.graph import render_graph_data

        data = analysis.store.load_graph(analysis.tree_key)  # an unchanged tree's snapshot
        if data is not None:
            write_output(render_graph_data(data), args.output)
            return 0
    if args.from_name and analysis.graph is not None:
        from auditor.report.graph import find_node

        if find_node(analysis.graph, args.from_name) is None:
            raise AuditorError(f"--from {args.from_name}: no function of that name in the graph")
    write_output(render_graph(analysis.graph, args.format, args.from_name), args.output)
    return 0


def _cmd_merge(args) -> int:
    from auditor.report import render
    from auditor.report.merge import merge_results

    results = []
    for path in args.inputs:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise AuditorError(f"{path}: cannot read: {exc.strerror}") from None
        except json.JSONDecodeError as exc:
            raise AuditorError(f"{path}: not JSON: {exc.msg}") from None
        if not isinstance(data, dict) or "findings" not in data:
            raise AuditorError(f"{path}: not an auditor JSON result")
        results.append(data)
    merged = merge_results(results)
    write_output(render(merged, args.format), args.output)
    return 0


def _cmd_report(args) -> int:
    from auditor.report.files import write_report_folder

    analysis = _run(args)
    out = Path(args.out)
    written = write_report_folder(analysis.result, out)
    for p in written:
        sys.stderr.write(f"wrote {p}\n")
    return 0


def _cmd_checklist(args) -> int:
    from auditor.report.checklist import render_checklist

    analysis = _run(args)
    write_output(render_checklist(analysis.result, args.format), args.output)
    return 0


def _cmd_rules(args) -> int:
    from auditor.checks.registry import all_rules

    metas = [r.metadata() for r in all_rules()]
    if args.format == "json":
        text = json.dumps(metas, indent=2) + "\n"
    elif args.format == "markdown":
        from auditor.report.rules_doc import render_rules_markdown

        text = render_rules_markdown(metas)
    else:
        lines = []
        for m in metas:
            lines.append(f"{m['id']:<28} {m['category']:<22} {m['severity']:<8} "
                         f"{','.join(m['cwe']) or '-':<16} {m['short_description']}")
        text = "\n".join(lines) + "\n"
    write_output(text, args.output)
    return 0
