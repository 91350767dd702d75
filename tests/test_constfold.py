"""Conditions that fold to constants: the dead branch carries nothing to a sink, an unknown
condition keeps both (Python, JavaScript, Go)."""
from __future__ import annotations

import pytest

from auditor.checks.treeutil import FileIndex, Flow
from auditor.parse import ts_parse

LANG = {"python": "python", "js": "javascript", "go": "go"}

CASES = [
    # (language, code, names the sink argument carries)
    ("python", 'def f(param):\n    num = 106\n    bar = "safe" if 7 * 18 + num > 200 else param\n    sink(bar)\n', []),
    ("python", 'def f(param):\n    num = 6\n    bar = "safe" if 7 * 18 + num > 200 else param\n    sink(bar)\n', ["param"]),
    ("python", 'def f(param, num):\n    bar = "safe" if 7 * 18 + num > 200 else param\n    sink(bar)\n', ["param"]),
    ("python", 'def f(param):\n    num = 86\n    if 7 * 42 - num > 200:\n        bar = "always"\n    else:\n        bar = param\n    sink(bar)\n', []),
    ("python", 'def f(param):\n    num = 196\n    if 7 * 42 - num > 200:\n        bar = "always"\n    else:\n        bar = param\n    sink(bar)\n', ["param"]),
    ("python", 'def f(param):\n    bar = "This should never happen"\n    if "should" not in bar:\n        bar = param\n    sink(bar)\n', []),
    ("python", 'def f(param):\n    bar = param\n    bar = "safe"\n    sink(bar)\n', []),
    ("python", 'def f(param):\n    bar = param\n    bar = bar.strip()\n    sink(bar)\n', ["param"]),
    ("go", 'package a\n\nfunc f(filter string) {\n\twhere, args := build(filter)\n\twhere = alias(where, "a")\n\tsink("SELECT 1" + where, args)\n}\n', ["filter"]),
    ("python", 'def f(param):\n    s = "help"\n    s += param\n    s += "tail"\n    bar = s[4:-4]\n    sink(bar)\n', ["param"]),
    ("python", 'def f(param, items):\n    bar = "safe"\n    for i in items:\n        sink(bar)\n        bar = param\n', ["param"]),
    ("python", 'def f(param):\n    possible = "ABC"\n    guess = possible[1]\n    match guess:\n        case "A":\n            bar = param\n        case "B":\n            bar = "bob"\n        case _:\n            bar = param\n    sink(bar)\n', []),
    ("python", 'def f(param):\n    possible = "ABC"\n    guess = possible[0]\n    match guess:\n        case "A":\n            bar = param\n        case "B":\n            bar = "bob"\n        case _:\n            bar = "x"\n    sink(bar)\n', ["param"]),
    ("python", 'def f(param, guess):\n    match guess:\n        case "A":\n            bar = param\n        case _:\n            bar = "x"\n    sink(bar)\n', ["param"]),
    # containers: element-wise where it is cheap
    ("python", 'def f(param):\n    m = {}\n    m["keyA"] = "a"\n    m["keyB"] = param\n    bar = m["keyB"]\n    sink(bar)\n', ["param"]),
    ("python", 'def f(param):\n    m = {}\n    m["keyA"] = "a"\n    m["keyB"] = param\n    bar = m["keyA"]\n    sink(bar)\n', []),
    ("python", 'def f(param):\n    m = {}\n    m["keyB"] = param\n    m["keyB"] = "safe"\n    bar = m.get("keyB")\n    sink(bar)\n', []),
    ("python", 'def f(param, k):\n    m = {"keyA": "a"}\n    m[k] = param\n    bar = m["keyA"]\n    sink(bar)\n', ["param"]),
    ("python", 'def f(param):\n    conf = configparser.ConfigParser()\n    conf.add_section("s")\n    conf.set("s", "keyA", "a_Value")\n    conf.set("s", "keyB", param)\n    bar = conf.get("s", "keyB")\n    sink(bar)\n', ["param"]),
    ("python", 'def f(param):\n    conf = configparser.ConfigParser()\n    conf.add_section("s")\n    conf.set("s", "keyA", "a_Value")\n    conf.set("s", "keyB", param)\n    bar = conf.get("s", "keyA")\n    sink(bar)\n', []),
    ("python", 'def f(param):\n    lst = []\n    lst.append("safe")\n    lst.append(param)\n    lst.append("moresafe")\n    lst.pop(0)\n    bar = lst[0]\n    sink(bar)\n', ["param"]),
    ("python", 'def f(param):\n    lst = []\n    lst.append("safe")\n    lst.append(param)\n    lst.append("moresafe")\n    lst.pop(0)\n    bar = lst[1]\n    sink(bar)\n', []),
    ("python", 'def f(param, flag):\n    lst = []\n    if flag:\n        lst.append(param)\n    lst.append("x")\n    bar = lst[0]\n    sink(bar)\n', ["param"]),
    ("python", 'def f(param):\n    lst = ["a"]\n    lst.append(param)\n    sink(" ".join(lst))\n', ["param"]),
    ("python", 'def f(param):\n    s = ""\n    copy = s\n    s += param\n    copy += "ok"\n    sink(copy)\n', []),
    ("go", 'package a\n\nfunc f(param string) {\n\tm := map[string]string{}\n\tm["a"] = "x"\n\tm["b"] = param\n\tsink(m["a"])\n}\n', []),
    ("go", 'package a\n\nfunc f(param string) {\n\tm := map[string]string{}\n\tm["a"] = "x"\n\tm["b"] = param\n\tsink(m["b"])\n}\n', ["param"]),
    ("js", 'function f(param) {\n  const m = new Map();\n  m.set("a", "x");\n  m.set("b", param);\n  sink(m.get("a"));\n}\n', []),
    ("js", 'function f(param) {\n  const arr = [];\n  arr.push(param);\n  sink(arr.join(","));\n}\n', ["param"]),
    ("js", 'function f(req) {\n  sink(`SELECT * FROM u WHERE e = \'${req.body.email || ""}\'`);\n}\n', ["req"]),
    ("js", 'function f(param) {\n  const num = 106;\n  const bar = 7 * 18 + num > 200 ? "safe" : param;\n  sink(bar);\n}\n', []),
    ("js", 'function f(param) {\n  let bar = param;\n  if (1 > 2) {\n    bar = param + "x";\n  }\n  sink(bar);\n}\n', ["param"]),
    ("go", 'package a\n\nfunc f(param string) {\n\tnum := 106\n\tbar := "safe"\n\tif 7*18+num < 200 {\n\t\tbar = param\n\t}\n\tsink(bar)\n}\n', []),
]


@pytest.mark.parametrize("lang,code,want", CASES)
def test_dead_branches_carry_nothing(lang, code, want):
    data = code.encode()
    idx = FileIndex(LANG[lang] if lang != "js" else "javascript", data, ts_parse(LANG[lang], data).root_node)
    sink = next(c for c in idx.calls if c.name == "sink")
    got = sorted({t.split(".")[0] for t, _ in Flow(idx).culprits(sink.args[0], sink.func)})
    assert got == sorted(want), code
