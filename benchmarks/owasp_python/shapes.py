"""Error analysis for the OWASP Benchmark for Python: label each test case with the shape of its
source, its propagation, its guard and its sink, and cross them with a --per-case CSV of score.py.

    python benchmarks/owasp_python/score.py --per-case /tmp/cases.csv
    python benchmarks/owasp_python/shapes.py /tmp/cases.csv --categories xss,xpathi,pathtraver
    python benchmarks/owasp_python/shapes.py /tmp/cases.csv --out /tmp/cases-shapes.csv
    python benchmarks/owasp_python/shapes.py /tmp/cases.csv --list FN --categories xss

Every test case is one generated POST handler: a SOURCE gives `param`, a PROPAGATION step turns it
into `bar`, an optional GUARD rejects some values, and a SINK uses `bar`. The labels are regexes
over the handler body (the text after `_post():`), first match wins; `tainted` says whether the
propagation step lets `param` reach `bar` (constant conditions are evaluated, as the Benchmark's
generator intends). The counts are TP FN FP TN of the per-case CSV.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

TREE = Path("/work/bench/BenchmarkPython")

SOURCES = [
    ("scr.get_safe_value (helper returns \"bar\")", r"scr\.get_safe_value"),
    ("wrapper.get_query_parameter -> request.args.get", r"\.get_query_parameter\("),
    ("wrapper.get_form_parameter -> request.form.get", r"\.get_form_parameter\("),
    ("request.cookies.get + unquote_plus", r"request\.cookies\.get\(\"Bench"),
    ("request.headers.getlist -> headers[0]", r"request\.headers\.getlist"),
    ("request.headers.get(\"Referer\")", r"request\.headers\.get\(\"Referer\"\)"),
    ("request.headers.get", r"param = request\.headers\.get\("),
    ("request.headers.keys() name", r"for name in request\.headers\.keys"),
    ("request.args.getlist -> values[0]", r"request\.args\.getlist\(\"Bench"),
    ("request.form.getlist -> values[0]", r"values = request\.form\.getlist\(\"Bench"),
    ("form field NAME (for name in request.form.keys())", r"for name in request\.form\.keys"),
    ("request.path.split('/')[1] (constant)", r"request\.path\.split"),
    ("request.query_string parsed + unquote_plus", r"request\.query_string"),
    ("request.args.get", r"request\.args\.get\(\"Bench"),
    ("request.form.get", r"request\.form\.get\(\"Bench"),
    ("request.stream / get_data", r"request\.(stream|get_data|data\b)"),
]

_NUM = re.compile(r"num = (\d+)")
_LAST_MAP = re.compile(r"bar = map\d+\['key([AB])-\d+'\]")
_LAST_CONF = re.compile(r"bar = conf\d+\.get\('section\d+', 'key([AB])-\d+'\)")


def propagation(body: str) -> tuple[str, bool | None]:
    """(shape, whether param reaches bar); None when unknown."""
    num = _NUM.search(body)
    n = int(num.group(1)) if num else 0
    if m := re.search(r'"This_should_always_happen" if 7 \* (\d+) \+ num > (\d+) else param', body):
        taint = not (7 * int(m.group(1)) + n > int(m.group(2)))
        return "ternary on constant num (7*a+num>b)", taint
    if m := re.search(r'"This should never happen" if \(7\*(\d+)\) - num > (\d+) else param', body):
        taint = not (7 * int(m.group(1)) - n > int(m.group(2)))
        return "ternary on constant num ((7*a)-num>b)", taint
    if m := re.search(r"if 7 \* (\d+) - num > (\d+):\s*\n\s*bar = '[^']*'\s*\n\s*else:\s*\n\s*bar = param", body):
        taint = not (7 * int(m.group(1)) - n > int(m.group(2)))
        return "if/else on constant num", taint
    if re.search(r"if 'should' in bar:\s*\n\s*bar = param", body):
        return "if 'should' in <const> -> bar = param", True
    if "if 'should' not in bar" in body:
        return "if 'should' not in <const> -> const", False
    if m := re.search(r"guess = possible\[(\d)\]", body):
        return f"match on constant guess (possible[{m.group(1)}])", m.group(1) in "02"
    if m := re.search(r"bar = lst\[(\d)\]", body):
        return f"list append/pop(0) -> lst[{m.group(1)}]", m.group(1) == "0"
    if ms := _LAST_MAP.findall(body):
        return f"dict: map['keyB']=param; bar = map['key{ms[-1]}']", ms[-1] == "B"
    if ms := _LAST_CONF.findall(body):
        return f"configparser set/get section keyB=param; get key{ms[-1]}", ms[-1] == "B"
    if "thing.doSomething(param)" in body:
        return "ThingFactory: configparser-chosen class .doSomething(param)", True
    if "b64decode(tmp)" in body:
        return "base64 encode/decode round trip", True
    if m := re.search(r"bar = (helpers\.utils\.escape_for_html|markupsafe\.escape|html\.escape)\(param\)", body):
        return f"HTML escape: {m.group(1).split('.')[-2] if m.group(1).count('.') > 1 else m.group(1)}", True
    if "superstring[" in body:
        return "f-string wrap + slice (superstring[len(k):len-5])", True
    if re.search(r"bar = string\d+\[4:-17\]", body):
        return "+= concat + slice (s[4:-17])", True
    if "bar = copy" in body:
        return "copy = s; copy += 'SomeOKString' (param not in copy)", False
    if "param.split(' ')[0]" in body:
        return "param.split(' ')[0]", True
    if "param + '_SafeStuff'" in body:
        return "param + '_SafeStuff'", True
    if re.search(r"\bbar = param\s*\n", body):
        return "bar = param", True
    return "(no bar: sink uses param/none)", None


GUARDS = [
    ("'../' in bar -> return", r"if '\.\./' in (bar|param)"),
    ("\"'\" in bar -> return", r"if '\\'' in (bar|param)"),
    ("eval/exec arg must be a plain string literal", r"not (bar|param)\.startswith\('\\''\)"),
    ("resolve() + startswith(testfiles) containment", r"\.resolve\(\)[\s\S]*\.startswith\("),
    ("bar.replace(\"'\", ...) escaping", r"(bar|param)\.replace\('\\''"),
]

SINKS = {
    "cmdi": [("subprocess.run(str, shell=True)", r"subprocess\.run\(argStr, shell=True"),
             ("subprocess.run(argList)", r"subprocess\.run\(argList")],
    "codeinj": [("exec(bar)", r"\bexec\("), ("eval(bar)", r"\beval\(")],
    "deserialization": [("pickle.loads", r"pickle\.loads"), ("yaml.load", r"yaml\.load\("),
                        ("yaml.safe_load", r"yaml\.safe_load")],
    "hash": [("hashlib.md5/sha1", r"hashlib\.(md5|sha1)\(|hashlib\.new\('(md5|sha1)'"),
             ("hashlib.sha384/sha512", r"hashlib\.(sha384|sha512)\(|hashlib\.new\('(sha384|sha512)'")],
    "ldapi": [("ldap3 conn.search(base, f'(uid={bar})')", r"conn\.search")],
    "pathtraver": [("codecs.open(f'{dir}/{bar}')", r"codecs\.open"),
                   ("pathlib.Path(dir) / bar; .exists/.read_text", r"pathlib\.Path"),
                   ("os.path.exists(f'{dir}/{bar}')", r"os\.path\.exists"),
                   ("open(f'{dir}/{bar}')", r"\bopen\(fileName"),
                   ("url2pathname / file: URI", r"url2pathname")],
    "redirect": [("flask.redirect(bar)", r"flask\.redirect|\bredirect\(")],
    "securecookie": [("set_cookie(secure=False)", r"secure=False"), ("set_cookie(secure=True)", r"secure=True")],
    "sqli": [("cur.execute(f-string)", r"cur\.execute\(sql\)"), ("cur.execute(sql, params)", r"cur\.execute\(sql, ")],
    "trustbound": [("flask.session[...] = bar", r"flask\.session\[")],
    "weakrand": [("random.*", r"random\.(random|randint|randbytes|normalvariate|getrandbits)\("),
                 ("secrets.* / SystemRandom", r"secrets\.|SystemRandom")],
    "xpathi": [("lxml root.xpath(f'...{bar}...')", r"root\.xpath"), ("lxml.etree.XPath", r"etree\.XPath"),
               ("elementpath.select", r"elementpath\.select")],
    "xss": [("make_response((body, {header: bar})): value in a header", r"make_response\(\(RESPONSE, \{"),
            ("'{0[bar]}'.format(dict) with dict['bar'] = bar", r"\.format\(dict\)"),
            ("'{0}'.format(bar, ...)", r"\.format\((bar|param)"),
            ("'%s' % (bar, ...)", r"' % \((bar|param)"),
            ("f-string f'...{bar}...'", r"f'.*\{(bar|param)\}"),
            ("returned string (text/html)", r"RESPONSE \+= \(")],
    "xxe": [("xml.sax parser", r"xml\.sax"), ("minidom.parseString", r"minidom\.parseString")],
}


def body_of(name: str, tree: Path) -> str:
    src = (tree / "testcode" / f"{name}.py").read_text()
    return src.split("_post():", 1)[-1] if "_post():" in src else src


def label(name: str, category: str, tree: Path) -> dict:
    body = body_of(name, tree)
    src = next((k for k, r in SOURCES if re.search(r, body)), "?")
    prop, taint = propagation(body)
    guard = next((k for k, r in GUARDS if re.search(r, body)), "")
    sink = next((k for k, r in SINKS.get(category, []) if re.search(r, body)), "?")
    return {"source": src, "propagation": prop, "tainted": taint, "guard": guard, "sink": sink}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("per_case", help="CSV written by score.py --per-case")
    ap.add_argument("--tree", default=str(TREE))
    ap.add_argument("--categories", help="comma-separated (default: all)")
    ap.add_argument("--out", help="write the per-case CSV with the shape columns added")
    ap.add_argument("--list", metavar="OUTCOME", help="list the cases with this outcome (TP/FN/FP/TN)")
    args = ap.parse_args(argv)
    tree = Path(args.tree)
    rows = list(csv.DictReader(open(args.per_case)))
    cats = args.categories.split(",") if args.categories else sorted({r["category"] for r in rows})
    rows = [dict(r, **label(r["name"], r["category"], tree)) for r in rows if r["category"] in cats]
    if args.out:
        with open(args.out, "w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    if args.list:
        for r in rows:
            if r["outcome"] == args.list:
                print(r["name"], r["category"], r["source"], "|", r["propagation"], "|", r["guard"],
                      "|", r["sink"], "|", r["rules"])
        return 0
    outs = ("TP", "FN", "FP", "TN")
    for cat in cats:
        rs = [r for r in rows if r["category"] == cat]
        print(f"\n## {cat} ({len(rs)} cases)")
        for dim in ("source", "propagation", "guard", "sink"):
            c = Counter((r[dim] if dim != "propagation" else f"{r[dim]} [{'T' if r['tainted'] else 'C' if r['tainted'] is False else '?'}]",
                         r["outcome"]) for r in rs)
            keys = sorted({k for k, _ in c}, key=lambda k: -sum(c[(k, o)] for o in outs))
            print(f"  {dim.upper():<70}  TP  FN  FP  TN")
            for k in keys:
                print(f"    {(k or '(none)')[:68]:<68}" + "".join(f"{c[(k, o)]:>4}" for o in outs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
