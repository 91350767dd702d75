"""Implementation signals: per-function facts that tell a real implementation from a stub.

One iterative walk of the tree-sitter tree (Go, Python, TypeScript/JavaScript alike) records,
for every function: its returns and HTTP responses and whether they are built only from literals,
the calls it makes, its parameters and which it uses, comments that admit a shortcut ("for MVP",
"assume", "placeholder") next to the literal they excuse, 501 answers, and timestamps fabricated
from the clock. Module level: mock/fake/dummy data definitions, faker imports and mock-mode
branches. The "real implementation" rules join these with the endpoint traces.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from auditor.index.packed import pack, unpack
from auditor.index.walk import text
from auditor.parse import kinds as _kinds

ADMISSION = re.compile(
    r"\b(for (the )?mvp|mvp\b|for now|assum(e|es|ed|ing)|placeholder|simulat(e|ed|es|ion)|"
    r"stub(bed|s)?|not (yet )?implemented|hard-?coded|dummy|fake|mock(ed)?|temporarily|"
    # "temporary" admits a shortcut when it qualifies the code or stands alone ("temporary fix",
    # "this is temporary"); before a thing of the domain it describes that thing (a temporary
    # password the user must change, temporary files)
    r"temporary(?=\s*($|[.,;:!)(\-]|until\b|for\b|(hack|fix|workaround|solution|stub|value|"
    r"values|default|placeholder|measure|shortcut|implementation|code|approach|logic|data|"
    r"response|result|answer|check|bypass|mock)\b))|"
    r"baseline (score|value)|would (need|check|query)|in production,? (this )?would|"
    r"pretend|fabricat|sample data|canned)\b", re.I)
NEGATED_ADMISSION = re.compile(r"\b(no|not a|without|never|instead of|replaced?|removed?)\s+"
                               r"(mock|fake|dummy|stub|placeholder|hard-?coded|simulat)", re.I)
# Test annotations (`// expect: rule-id`, `# ok: rule-id`) name rules, not shortcuts; nor do a
# linter's suppression directives and the reason given with them (`//nolint:gosec // commands
# are hardcoded`, `# nosec B603`, `# noqa: S105`, `// eslint-disable-next-line`, `# pylint:
# disable=...`, `# type: ignore`, `// @ts-expect-error`, `# nosemgrep`): they justify a warning.
ANNOTATION = re.compile(r"^\W*(expect|ok|ruleid|todoruleid)\s*:|"
                        r"^\W*(nolint\b|nosec\b|noqa\b|nosemgrep\b|eslint-disable|pylint:\s*disable|"
                        r"type:\s*ignore|@ts-(ignore|expect-error|nocheck)|istanbul ignore|"
                        r"lint:ignore|staticcheck:ignore)", re.I)
MOCK_NAME = re.compile(r"^_*(mock|fake|dummy|stub)s?([A-Z_]|$)|^_*(MOCK|FAKE|DUMMY|STUB|SAMPLE)S?(_|$)|"
                       r"[a-z0-9](Mock|Fake|Dummy|Stub)s?([A-Z_]|$)|_(mock|fake|dummy|stub|sample)s?(_|$)|"
                       r"(?i:^(sample|demo)_?(data|users|items|records|orders|responses?)$)")
# Names of vocabularies, not data: `MOCK_HINTS = ("mock", "fake")` lists words to look for.
VOCABULARY = re.compile(r"(?i)(hints?|keywords?|patterns?|words?|prefix(es)?|suffix(es)?|markers?|"
                        r"regexe?s?|re|types?|kinds?|names?|tokens?|terms?)$")
# A dummy credential (`dummyHash`, checked when a user lookup fails so that timing does not tell
# which users exist) is a security measure, not data.
_CREDENTIAL = re.compile(r"(?i)(hash|salt|password|passwd|secret|key)$")
# (Go refuses by returning an error: `return errors.New("read-only in demo mode")`.)
_REFUSES = re.compile(r"status\(\s*4\d\d|\b(throw|raise)\b|\b40[013]\b|Forbidden|BadRequest|"
                      r"Unauthorized|MethodNotAllowed|abort\(|"
                      r"\breturn\s+(errors\.New|fmt\.Errorf|errors\.Errorf|errors\.Wrap\w*)\(")
# A branch that answers: returns a value (`return []string{"demo order"}`, `return MOCK_ROWS`;
# not `return null`, a component rendering nothing in demo mode)
# or writes a response (`res.json(...)`, `c.JSON(...)`, `w.Write(...)`, `jsonify(...)`). A bare
# `return` after an error helper (`httpError(w, "disabled for demonstration"); return`) answers
# nothing of its own.
_ANSWERS = re.compile(r"\breturn[ \t]+(?!(null|undefined|None|nil|false|False)\b)[^\s;}]|\.(json|send|write|render|JSON|Write|String|Render|"
                      r"IndentedJSON|SendString|Blob)\(|\b(jsonify|Response|JSONResponse|"
                      r"NextResponse\.json)\(|\byield\b")
MOCK_FLAG = re.compile(r"(mock|fake|stub|demo)_?(mode|data|enabled|responses?)|use_?(mock|fake)|"
                       r"is_?(mock|fake)|(MOCK|FAKE|DEMO)_(MODE|DATA)", re.I)
FAKER_IMPORT = re.compile(r"^(faker|@faker-js/faker|faker-js|github\.com/(brianvoe/gofakeit|"
                          r"go-faker/faker|bxcodec/faker|jaswdr/faker)\S*|mimesis|factory_boy|"
                          r"factory)$")
NOW_CALL = re.compile(r"^(time\.Now|datetime\.(datetime\.)?(now|utcnow)|timezone\.now|"
                      r"new Date|Date\.now|moment|dayjs)$")
RECORDED_KEY = re.compile(r"(?i)^[\"']?(last_?\w*|\w*_at|\w*At|\w*_on|\w*On|timestamp|\w*_?date|"
                          r"\w*Date|recorded\w*|seen\w*|\w*_?time|\w*Time)[\"']?$")
RESPONSE_NAME = re.compile(r"^(JSON|JSONP|IndentedJSON|PureJSON|json|send|Send|SendString|"
                           r"String|XML|jsonify|JSONResponse|ORJSONResponse|UJSONResponse|"
                           r"PlainTextResponse|HTMLResponse|Response|make_response|render)$")
RESPONSE_RECEIVER = re.compile(r"^(c|ctx|context|w|res|resp|response|reply|h|NextResponse|"
                               r"c\.Status\(.*\)|ctx\.Status\(.*\)|res\.status\(.*\)|"
                               r"reply\.code\(.*\)|reply\.status\(.*\))$")
BENIGN_CALL = re.compile(
    r"^(fmt\.\w+|log(ger|ging)?\.\w+|slog\.\w+|zap\.\w+|print|len|str|int|float|bool|dict|list|"
    r"tuple|set|sorted|make|append|cap|new|copy|delete|panic|errors\.(New|Is|As|Wrap\w*)|"
    r"strconv\.\w+|strings\.\w+|time\.\w+|datetime\.\w+|timedelta|console\.\w+|JSON\.\w+|"
    r"Object\.\w+|Array\.(from|isArray)|Number|String|Boolean|parseInt|parseFloat|math\.\w+|"
    r"Math\.\w+|jsonify|JSONResponse|ORJSONResponse|HTTPException|Response|NextResponse\.\w+|"
    r"make_response|http\.Error|json\.\w+|uuid\.\w+|super|isinstance|getattr|hasattr|"
    r"range|enumerate|zip|min|max|sum|abs|round|any|all|map|filter|"
    r"[\w.]*\.(Debug|Info|Warn|Warning|Error|Errorf|Infof|Debugf|Warnf|Fatal|Fatalf|Print|"
    r"Printf|Println|debug|info|warn|warning|error|exception|log)|"
    r"(c|ctx|w|res|req|r|reply|request|response)\.\w+|"
    r"[\w.()\"']*\.(JSON|json|Status|status|SendStatus|send|Send|SendString|Set|Header|"
    r"WriteHeader|Write|Params|Param|Query|Locals|Get|Body|BodyParser|Bind|ShouldBind\w*|"
    r"code|type|header|Render|render|String|Redirect|redirect|end|Next|next))$")
NOT_IMPLEMENTED = re.compile(r"StatusNotImplemented|\b501\b|NotImplementedError|"
                             r"not[ _-]?implemented", re.I)

SECURITY_HEADERS = {h.lower(): h for h in (
    "X-Content-Type-Options", "X-Frame-Options", "X-XSS-Protection", "Strict-Transport-Security",
    "Content-Security-Policy", "Referrer-Policy", "Permissions-Policy")}
APP_CREATE = re.compile(r"^(fiber\.New|gin\.(New|Default)|echo\.New|chi\.NewRouter|mux\.NewRouter|"
                        r"http\.NewServeMux|express|FastAPI|Flask|Starlette|Koa|new Koa|fastify|"
                        r"Fastify|NestFactory\.create)$")
SECURE_MIDDLEWARE = re.compile(r"(^|\.)(helmet|Helmet)(\.New)?$|^(middleware\.)?Secure(WithConfig)?$|"
                               r"^secure\.(New|Secure)$|SecureHeaders|secure_headers|"
                               r"SecurityHeadersMiddleware|TalismanWrapper|^Talisman$")
_IDENT_TYPES = frozenset(("identifier", "shorthand_property_identifier"))
_MOCK_WORD = re.compile(r"mock|fake|dummy|stub|sample|demo", re.I)  # in a name, any case
_MOCK_BYTES = re.compile(rb"mock|fake|dummy|stub|sample|demo")  # on lower-cased bytes
# letters Unicode case folding maps to ASCII ones of the words (the long s, the Kelvin sign):
# a file holding one is searched as text
_FOLDS_TO_ASCII = ("\u017f".encode(), "\u212a".encode())
_FUNC_TYPES = {
    "go": {"function_declaration", "method_declaration", "func_literal"},
    "python": {"function_definition", "lambda"},
    "ts": {"function_declaration", "method_definition", "arrow_function", "function_expression",
           "function", "generator_function_declaration", "generator_function"},
}
_ALL_FUNC_TYPES = set().union(*_FUNC_TYPES.values())
_STRING_TYPES = {"interpreted_string_literal", "raw_string_literal", "string", "template_string",
                 "concatenated_string", "rune_literal"}
_NUMBER_TYPES = {"int_literal", "float_literal", "imaginary_literal", "integer", "float", "number"}
_TRIVIAL_TYPES = {"nil", "none", "null", "undefined", "false", "False", "None"}
_TRUE_TYPES = {"true", "True"}
_CONTAINER_TYPES = {"composite_literal", "literal_value", "literal_element", "keyed_element",
                    "expression_list", "list", "tuple", "dictionary", "set", "pair", "array",
                    "object", "parenthesized_expression", "unary_expression", "unary_operator",
                    "as_expression", "satisfies_expression", "non_null_expression"}
_TYPE_TYPES = {"slice_type", "map_type", "array_type", "qualified_type", "type_identifier",
               "pointer_type", "generic_type", "struct_type", "interface_type", "type_arguments",
               "type_annotation", "predefined_type", "package_identifier", "implicit_length_array_type"}
_PUNCT = {"{", "}", "[", "]", "(", ")", ",", ":", "-", "+", "&", "*", "\"", "'", "`", "as",
          "satisfies", "const", "!", ";"}
_STRING_PARTS = {"interpreted_string_literal_content", "escape_sequence", "string_content",
                 "string_start", "string_end", "raw_string_literal_content", "string_fragment"}


def _lang_key(language: str) -> str:
    return "ts" if language in ("typescript", "tsx", "javascript") else language


_CLASSIFY_BUDGET = 2000  # nodes: bounds the work on huge literals and on nested ones


def classify_literal(node, data: bytes) -> tuple[bool, bool]:
    """(only literals, carries data): data is a non-zero number, true, a non-empty string or a
    non-empty container. Keys of keyed elements and pairs, and type names, are allowed."""
    is_data = False
    stack = [(node, False)]
    budget = _CLASSIFY_BUDGET
    while stack:
        budget -= 1
        if budget < 0:
            return False, False  # too large to be a hand-written constant: not a stand-in
        n, is_key = stack.pop()
        t = n.type
        if t == "comment":
            continue
        if is_key:
            if t in ("identifier", "field_identifier", "property_identifier") or t in _STRING_TYPES \
                    or t in _NUMBER_TYPES or t == "literal_element":
                continue
        if t in _STRING_TYPES:
            if any(c.type in ("interpolation", "template_substitution") for c in n.children):
                return False, False
            if n.end_byte - n.start_byte > 2 and t != "concatenated_string":
                is_data = True
            elif t == "concatenated_string":
                is_data = True
            continue
        if t in _NUMBER_TYPES:
            val = text(n, data, 40).strip().lower().rstrip("lfj")
            try:
                if float(val.replace("_", "")) != 0:
                    is_data = True
            except ValueError:
                is_data = True
            continue
        if t in _TRUE_TYPES:
            is_data = True
            continue
        if t in _TRIVIAL_TYPES or t in _PUNCT or t in _STRING_PARTS:
            continue
        if t in _TYPE_TYPES:
            continue
        if t in _CONTAINER_TYPES:
            named = [c for c in n.children if c.is_named and c.type != "comment"]
            if t in ("literal_value", "list", "tuple", "dictionary", "set", "array", "object") and named:
                is_data = True
            if t in ("keyed_element", "pair") and named:
                stack.append((named[0], True))
                for c in named[1:]:
                    stack.append((c, False))
                continue
            if t == "unary_expression" and text(n, data, 2)[:1] not in ("-", "+", "&"):
                return False, False
            for c in n.children:
                stack.append((c, False))
            continue
        return False, False
    return True, is_data


class _Fn:
    __slots__ = ("rec", "start", "end", "body_start")

    def __init__(self, rec: dict, start: int, end: int, body_start: int) -> None:
        self.rec = rec
        self.start = start
        self.end = end
        self.body_start = body_start


def extract_signals(parsed_lang: str, tree, data: bytes) -> dict:
    lang = _lang_key(parsed_lang)
    func_types = _FUNC_TYPES.get(lang, set())
    functions: list[dict] = []
    module: dict = {"mock_defs": [], "mock_imports": [], "mock_branches": [], "comments": [],
                    "headers": [], "apps": [], "secure_middleware": []}
    stack: list[_Fn] = []
    spans: list[_Fn] = []  # every function, for the parameters its body reads
    comments: list[tuple[int, str]] = []
    pending: list[tuple] = []  # (kind, rec, first line, last line, extra): comments decide
    trailing: set[int] = set()  # lines whose comment follows code
    for node in _interesting_nodes(parsed_lang, tree.root_node):
        start = node.start_byte
        while stack and start >= stack[-1].end:
            stack.pop()
        t = node.type
        cur = stack[-1].rec if stack else None
        if t in func_types:
            rec = _function_record(node, data, lang, len(functions))
            functions.append(rec)
            body = node.child_by_field_name("body")
            fn = _Fn(rec, start, node.end_byte,
                     body.start_byte if body is not None else node.end_byte)
            stack.append(fn)
            spans.append(fn)
            if body is not None and rec["params"]:
                _guarded(_noop_candidate, node, body, data, lang, rec, pending)
            if body is not None:
                _guarded(_always_raises, body, data, lang, rec)
            continue
        if t == "comment":
            comments.append((node.start_point[0] + 1, text(node, data, 500)))
            nl = data.rfind(b"\n", 0, start)
            if data[nl + 1:start].strip():
                trailing.add(node.start_point[0] + 1)  # after code on its line
            continue
        if t in ("interpreted_string_literal", "raw_string_literal", "string") \
                and node.end_byte - node.start_byte < 60:
            if cur is not None:
                raw = data[start:node.end_byte]
                if b"attachment" in raw or b"text/csv" in raw or b"application/" in raw:
                    _guarded(_download_marker, node, data, cur)
            lit = text(node, data, 60).strip("\"'`").lower()
            if lit in SECURITY_HEADERS:
                module["headers"].append({"header": SECURITY_HEADERS[lit],
                                          "line": node.start_point[0] + 1,
                                          "fn": cur["name"] if cur else None,
                                          "fn_line": cur["line"] if cur else None,
                                          "holder": None if cur else _top_level_name(node, data)})
            continue
        if t == "return_statement" and cur is not None:
            _return(node, data, cur)
        elif t in ("call_expression", "call", "new_expression"):
            _call(node, data, lang, cur, module)
        elif t in ("assignment_statement", "short_var_declaration", "assignment",
                   "assignment_expression", "variable_declarator", "var_spec", "const_spec",
                   "augmented_assignment"):
            _assignment(node, data, lang, cur, module, top=not stack)
        elif t in ("keyed_element", "pair", "keyword_argument"):
            if cur is not None:
                _keyed(node, data, cur)
        elif t in ("if_statement", "if_expression"):
            cond = node.child_by_field_name("condition")
            cond_text = text(cond, data, 300) if cond is not None else ""
            then = node.child_by_field_name("consequence")
            # (a demo-mode guard that refuses the request is not fake data: a read-only demo
            # instance answering 400 to writes; nor is a branch that answers nothing, only
            # tightens a limit or logs: `if DemoMode { MaxMessages = 1000 }`)
            then_text = text(then, data, 400) if then is not None else ""
            if cond is not None and MOCK_FLAG.search(cond_text) and \
                    not (then is not None and (_REFUSES.search(then_text)
                                               or not _ANSWERS.search(then_text))):
                module["mock_branches"].append({"line": node.start_point[0] + 1,
                                                "text": text(cond, data, 120),
                                                "fn": cur["id"] if cur else None})
            if cur is not None:
                _guarded(_branch, node, cond_text, data, lang, cur, pending)
        elif t in _SWITCH_TYPES:
            if cur is not None:
                _guarded(_switch, node, data, lang, cur)
        elif t in ("except_clause", "catch_clause"):
            if cur is not None:
                _guarded(_fail_open, node, _block_of(node), data, lang, cur)
        elif t in ("import_spec", "import_statement", "import_from_statement", "import_declaration"):
            _imports(node, data, module)
        elif t in ("raise_statement", "throw_statement") and cur is not None:
            s = text(node, data, 300)
            if NOT_IMPLEMENTED.search(s) and not _switched_off(node, data) and \
                    not _unknown_case(node, s):
                cur["not_implemented"].append({"line": node.start_point[0] + 1, "text": s[:120]})
    root = tree.root_node
    for fn in spans:
        params = [p for p in fn.rec["params"] if not p.startswith("_")]
        if params:  # read anywhere in the body, nested functions' bodies included
            params = [p for p in params if not _reads(root, data, p, fn.body_start, fn.end)]
        fn.rec["unused_params"] = params
    mock_refs = _mock_refs(root, data, spans)
    _attach_comments(functions, comments, trailing)
    _guarded(_attach_stand_ins, functions, comments, pending, data, trailing)
    for rec in functions:
        rec.pop("_fields", None)
    top_defs = {d["name"]: d["line"] for d in module["mock_defs"] if d["top"]}
    seen_uses = set()
    for name, line, default in mock_refs:
        if name in top_defs and line != top_defs[name] and (name, line) not in seen_uses:
            seen_uses.add((name, line))
            use = {"name": name, "line": line}
            if default:
                use["default"] = True
            module.setdefault("mock_uses", []).append(use)
    methods = []
    for rec in functions:
        rec.pop("id", None)
        if rec.pop("method", None):
            # kept as the file's list of method lines, not one more key on every function's
            # record (on a million-line tree that key alone cost 68 MB at the peak)
            methods.append(rec["line"])
    return {"functions": functions, **{k: v for k, v in module.items() if k != "comments"},
            "method_lines": methods}


# The lists of a function's and a file's signals: most are empty (a million-line tree has eight
# hundred thousand empty ones), so they travel left out and come back as one shared empty tuple.
FUNCTION_LISTS = ("params", "returns", "responses", "calls", "assigns", "admissions",
                  "not_implemented", "now_fields", "mock_uses", "unused_params",
                  # added with the stand-in signals (auditor.index.signals, bottom)
                  "stand_ins", "default_success", "fail_open", "noop", "repeated_counts",
                  "shifted_now", "downloads")
MODULE_LISTS = ("functions", "mock_defs", "mock_imports", "mock_branches", "headers", "apps",
                "secure_middleware", "mock_uses", "method_lines")


def pack_signals(sig: dict) -> bytes:
    """The signals as packed JSON (auditor.index.packed), without their empty lists."""
    for rec in sig.get("functions", ()):
        for k in FUNCTION_LISTS:
            if k in rec and not rec[k]:
                del rec[k]
    return pack({k: v for k, v in sig.items() if v or k not in MODULE_LISTS})


def unpack_signals(value) -> dict | None:
    """The signals of `pack_signals` (or as the facts cache gave them back), every list there."""
    sig = unpack(value)
    if not isinstance(sig, dict):
        return None
    for k in MODULE_LISTS:
        sig.setdefault(k, ())
    for rec in sig["functions"]:
        for k in FUNCTION_LISTS:
            rec.setdefault(k, ())
    return sig


# Identifiers are most of a tree's nodes, and only two signals read them: the parameters a body
# reads and the names that mention mock data. Both are found from the text instead (a name's
# occurrences, the mock words) and each candidate is confirmed by the node at its bytes: the same
# answer as visiting every identifier, for a fraction of the nodes.
def _node_name(node, data: bytes) -> str | None:
    """The name of an identifier node (its first 100 bytes), None for any other node."""
    if node is None or node.type not in _IDENT_TYPES:
        return None
    start = node.start_byte
    return data[start:min(node.end_byte, start + 100)].decode("utf-8", "replace")


_WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$")


def _reads(root, data: bytes, name: str, lo: int, hi: int) -> bool:
    """Whether an identifier `name` starts in data[lo:hi]: its occurrences found by bytes.find
    (a pattern per name cost a compile for each new name), each between two non-word bytes
    (ASCII word characters only: a candidate next to any other byte is checked, not skipped)
    and confirmed by the node at its bytes."""
    nb = name.encode("utf-8", "surrogateescape")
    if not nb:
        return False
    size = len(nb)
    i = data.find(nb, lo, hi)
    while i >= 0:
        j = i + size
        if (i == 0 or data[i - 1] not in _WORD_BYTES) and (j >= hi or data[j] not in _WORD_BYTES):
            node = root.descendant_for_byte_range(i, j)
            if node is not None and node.start_byte == i and _node_name(node, data) == name:
                return True
        i = data.find(nb, i + 1, hi)
    return False


def _mock_refs(root, data: bytes, spans: list) -> list[tuple[str, int, bool]]:
    """(name, line, default) of each identifier inside a function whose name has a mock word;
    `default` when the identifier is the default value of a parameter or of a destructured
    property (`function Weather({ weather = SAMPLE })`, `def f(rows=SAMPLE_ROWS)`): the value
    stands in only when the caller passes none, the fallback of absent data, not an answer (or
    a TS type query, `typeof SAMPLE`, which reads no value)."""
    if not spans:
        return []
    if not any(c in data for c in _FOLDS_TO_ASCII):
        # the words in any ASCII case, found in C on the lower-cased bytes (same offsets)
        return _mock_refs_at(root, data, spans,
                             [(m.start(), m.end()) for m in _MOCK_BYTES.finditer(data.lower())])
    text_u = data.decode("utf-8", "surrogateescape")
    matches = list(_MOCK_WORD.finditer(text_u))
    if not matches:
        return []
    ascii_text = data.isascii()
    last_char = last_byte = 0
    at = []
    for m in matches:
        if ascii_text:
            b0, b1 = m.start(), m.end()
        else:  # character offsets to byte offsets, incrementally (matches come in order)
            last_byte += len(text_u[last_char:m.start()].encode("utf-8", "surrogateescape"))
            last_char = m.start()
            b0 = last_byte
            b1 = b0 + len(m.group(0).encode("utf-8", "surrogateescape"))
        at.append((b0, b1))
    return _mock_refs_at(root, data, spans, at)


# Where a default value sits, by node type and field: a parameter's default (TS/JS
# `required_parameter`/`optional_parameter` value, JS `assignment_pattern`, Python
# `default_parameter`/`typed_default_parameter`) or a destructured property's
# (`{ weather = SAMPLE }`, `object_assignment_pattern`), in a parameter list or a declaration.
_DEFAULT_SLOTS = {"object_assignment_pattern": "right", "assignment_pattern": "right",
                  "required_parameter": "value", "optional_parameter": "value",
                  "default_parameter": "value", "typed_default_parameter": "value"}


def _default_value(node) -> bool:
    """Whether `node` is the default value of a parameter or of a destructured property, or a
    type query (TS `weather?: typeof SAMPLE`: the literal's shape, no value)."""
    parent = node.parent
    if parent is not None and parent.type == "type_query":
        return True
    slot = _DEFAULT_SLOTS.get(parent.type) if parent is not None else None
    if slot is None:
        return False
    value = parent.child_by_field_name(slot)
    return value is not None and value.start_byte == node.start_byte and \
        value.end_byte == node.end_byte


def _mock_refs_at(root, data: bytes, spans: list, at: list) -> list[tuple[str, int, bool]]:
    """`_mock_refs` for the byte spans `at` of the mock words."""
    if not at:
        return []
    outer: list[tuple[int, int]] = []  # outermost function spans, in order
    for fn in sorted(spans, key=lambda f: (f.start, -f.end)):
        if not outer or fn.start >= outer[-1][1]:
            outer.append((fn.start, fn.end))
    starts = [s for s, _ in outer]
    seen: set[int] = set()
    out: list[tuple[str, int]] = []
    for b0, b1 in at:
        node = root.descendant_for_byte_range(b0, b1)
        name = _node_name(node, data)
        if name is None or node.start_byte in seen:
            continue
        seen.add(node.start_byte)
        i = bisect_right(starts, node.start_byte) - 1
        if i >= 0 and node.start_byte < outer[i][1] and _mock_word(name):
            out.append((name, node.start_point[0] + 1, _default_value(node)))
    return out


def _top_level_name(node, data: bytes) -> str | None:
    """The name a module-level statement assigns (`SECURITY_HEADERS = {...}`), if any."""
    n = node
    for _ in range(200):
        p = n.parent
        if p is None:
            return None
        if p.parent is None or p.parent.type in ("module", "source_file", "program"):
            target = p
            if target.type in ("expression_statement",) and target.named_children:
                target = target.named_children[0]
            if target.type in ("lexical_declaration", "variable_declaration", "var_declaration",
                               "const_declaration") and target.named_children:
                target = target.named_children[0]
            left = target.child_by_field_name("left") or target.child_by_field_name("name")
            if left is None and target.named_children:
                left = target.named_children[0]
            return text(left, data, 80).split(",")[0].strip() if left is not None else None
        n = p
    return None


_INTERESTING = (
    "function_declaration", "method_declaration", "func_literal", "function_definition", "lambda",
    "method_definition", "arrow_function", "function_expression", "function",
    "generator_function_declaration", "generator_function", "comment", "return_statement",
    "call_expression", "call", "new_expression", "assignment_statement", "short_var_declaration",
    "assignment", "assignment_expression", "variable_declarator", "var_spec", "const_spec",
    "augmented_assignment", "keyed_element", "pair", "keyword_argument", "if_statement",
    "if_expression", "import_spec", "import_statement", "import_from_statement",
    "import_declaration", "raise_statement", "throw_statement", "interpreted_string_literal",
    "raw_string_literal", "string", "expression_switch_statement", "switch_statement",
    "match_statement", "except_clause", "catch_clause")


_kinds.register(_INTERESTING)


def _interesting_nodes(language: str, root):
    """The nodes of interest in document order, outer before inner, from the file's one query
    (auditor.parse.kinds): Python never visits the punctuation and the other nodes no signal
    reads."""
    from auditor.parse import ts_language

    found = _kinds.by_type(root, ts_language(language), _INTERESTING)
    return _kinds.ordered(found, _INTERESTING, ties=False)


def _function_record(node, data: bytes, lang: str, idx: int) -> dict:
    name_node = node.child_by_field_name("name")
    name = text(name_node, data, 200) if name_node is not None else ""
    if not name and node.parent is not None and node.parent.type in ("variable_declarator", "pair",
                                                                     "assignment_expression"):
        target = node.parent.child_by_field_name("name") or node.parent.child_by_field_name("key") \
            or node.parent.child_by_field_name("left")
        name = text(target, data, 200) if target is not None else ""
    params = []
    pnode = node.child_by_field_name("parameters")
    if pnode is not None:
        params = _param_names(pnode, data, lang)
    body = node.child_by_field_name("body")
    rec = {"id": idx, "name": name, "line": node.start_point[0] + 1,
           "end_line": node.end_point[0] + 1,
           "body_line": (body.start_point[0] + 1) if body is not None else node.start_point[0] + 1,
           "params": params, "returns": [], "responses": [], "calls": [], "assigns": [],
           "admissions": [], "not_implemented": [], "now_fields": [], "mock_uses": []}
    up = node.parent.parent if node.parent is not None and \
        node.parent.type == "decorated_definition" else node.parent
    if node.type in ("method_declaration", "method_definition") or (
            up is not None and up.type == "block" and up.parent is not None and
            up.parent.type == "class_definition"):
        rec["method"] = True  # (a method shares its signature with its overrides)
    if node.parent is not None and node.parent.type in ("argument_list", "arguments"):
        # a function written as a call's argument (`m.Range(func(k, v any) bool {...})`,
        # `items.filter(x => true)`): what it returns goes to the function it is handed to
        rec["callback"] = True
    elif node.parent is not None and node.parent.type in ("literal_element", "keyed_element",
                                                          "pair") and \
            node.type in ("func_literal", "arrow_function", "function_expression", "lambda"):
        # a function written as an entry of a table (`{name: "Config", hasPermission:
        # func(p *Permissions) bool { return true }}`): what it returns goes to whoever looks
        # the entry up, a constant answer is the entry's policy
        rec["callback"] = True
    return rec


_SKIP_PARAMS = {"self", "cls", "ctx", "c", "w", "r", "req", "request", "res", "response", "next",
                "reply", "context", "args", "kwargs", "props", "_", "db", "session", "tx"}


def _param_names(pnode, data: bytes, lang: str) -> list[str]:
    names = []
    for child in pnode.children:
        t = child.type
        if lang == "go" and t == "parameter_declaration":
            typ = child.child_by_field_name("type")
            if typ is not None and text(typ, data, 80).lstrip("*").split(".")[-1] in (
                    "Context", "Ctx", "ResponseWriter", "Request"):
                continue
            for c in child.children:
                if c.type == "identifier":
                    names.append(text(c, data, 80))
        elif lang == "python":
            if t == "identifier":
                names.append(text(child, data, 80))
            elif t in ("typed_parameter", "default_parameter", "typed_default_parameter"):
                first = child.child_by_field_name("name") or (child.children[0] if child.children else None)
                if first is not None and first.type == "identifier":
                    names.append(text(first, data, 80))
        elif lang == "ts" and t in ("required_parameter", "optional_parameter"):
            pat = child.child_by_field_name("pattern")
            if pat is not None and pat.type == "identifier":
                names.append(text(pat, data, 80))
        elif lang == "ts" and t == "identifier":
            names.append(text(child, data, 80))
    return [n for n in names if n not in _SKIP_PARAMS]


def _return(node, data: bytes, cur: dict) -> None:
    named = [c for c in node.children if c.is_named and c.type != "comment"]
    line = node.start_point[0] + 1
    if not named:
        cur["returns"].append({"line": line, "literal": True, "data": False, "text": "return"})
        return
    expr = named[0]
    lit, is_data = classify_literal(expr, data)
    cur["returns"].append({"line": line, "literal": lit, "data": is_data,
                           "text": " ".join(text(expr, data, 160).split())})
    if expr.type not in ("call_expression", "call"):  # response calls are handled in _call
        _now_fields(expr, data, cur, line)


def _call_parts(node, data: bytes) -> tuple[str, str, list]:
    fn = node.child_by_field_name("function") or node.child_by_field_name("constructor")
    callee = " ".join(text(fn, data, 200).split()) if fn is not None else ""
    if node.type == "new_expression":
        callee = "new " + callee
    args_node = node.child_by_field_name("arguments")
    args = [a for a in args_node.children if a.is_named and a.type != "comment"] if args_node is not None else []
    return callee, (fn.type if fn is not None else ""), args


def _call(node, data: bytes, lang: str, cur: dict | None, module: dict) -> None:
    callee, _fn_type, args = _call_parts(node, data)
    if APP_CREATE.match(callee):
        module["apps"].append({"line": node.start_point[0] + 1, "callee": callee})
    if _maybe_secure(callee) and SECURE_MIDDLEWARE.search(callee):
        module["secure_middleware"].append({"line": node.start_point[0] + 1, "callee": callee,
                                            "text": " ".join(text(node, data, 600).split())})
    if cur is None:
        return
    line = node.start_point[0] + 1
    short = callee.rsplit(".", 1)[-1]
    receiver = callee.rsplit(".", 1)[0] if "." in callee else ""
    if RESPONSE_NAME.match(short) and (not receiver or RESPONSE_RECEIVER.match(receiver.replace(" ", ""))
                                       or short in ("jsonify", "JSONResponse", "ORJSONResponse",
                                                    "make_response")):
        status = _status_of(callee, args, data)
        payload = _payload(args, data)
        lit, is_data = classify_literal(payload, data) if payload is not None else \
            _keyword_payload(args, data)
        cur["responses"].append({"line": line, "callee": callee, "status": status, "literal": lit,
                                 "data": is_data, "text": " ".join(text(node, data, 160).split())})
        if payload is not None and payload.type in _STRING_TYPES:
            cur["responses"][-1]["string"] = True  # a bare string answer (a body, not a map)
        if payload is not None:
            _now_fields(payload, data, cur, line)
        if status == 501 and not _switched_off(node, data):
            cur["not_implemented"].append({"line": line, "text": " ".join(text(node, data, 120).split())})
    elif _not_implemented(callee) or (short in ("Status", "status", "SendStatus", "WriteHeader",
                                                "abort", "HTTPException")
                                      and any(NOT_IMPLEMENTED.search(text(a, data, 80)) for a in args)):
        up = node.parent.parent if node.parent is not None and \
            node.parent.type == "new_expression" else node.parent
        if not _switched_off(node, data) and not _MODE_REFUSAL.search(text(node, data, 200)) \
                and not (up is not None and up.type in ("raise_statement", "throw_statement") and
                         _unknown_case(up, text(up, data, 300))):
            cur["not_implemented"].append({"line": line,
                                           "text": " ".join(text(node, data, 120).split())})
    rec = {"line": line, "callee": callee, "benign": _benign(callee)}
    if short in _CTX_CALLS and args:
        key = _ctx_key(short, args, data)
        if key is not None:
            rec["ctx"] = key
    cur["calls"].append(rec)


# The condition of a branch that answers 501 because the deployment switched a feature off:
# `if !h.config.Mail.Enabled`, `if not settings.SMTP_ENABLED`, `if (!config.features.export)`.
# So does a branch on a capability constant the selected implementation declares
# (`if not self.email_provider.DOMAIN_AUTHENTICATION: raise ...NotImplementedError()`: an
# upper-case attribute is a constant, PEP 8), where the variant in use lacks the feature.
_FEATURE_OFF = re.compile(r"(?i)\b(config|cfg|conf|settings|options|opts|env|features?)\b|"
                          r"(enabled|disabled)\b|"
                          r"(?-i:\.[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]\b)")


# the message of a refusal that names the deployment mode it depends on ("not permitted in
# standalone mode", "disabled in demo mode"): implemented, and refused in that mode
_MODE_REFUSAL = re.compile(r"(?i)\b(?:not\s+(?:permitted|allowed|available|supported|enabled)|"
                           r"disabled|unavailable)\s+(?:in|for|when|while)\s+[\w -]{0,30}\bmode\b")
_UNKNOWN = re.compile(r"(?i)\b(unknown|unsupported|not supported|invalid|unexpected|unrecogni[sz]ed|"
                      r"unhandled)\b")


# what a raise says when the work is planned, not refused: "xlsx export is coming", "not yet"
_PLANNED = re.compile(r"(?i)\b(yet|coming|soon|later|todo|fixme|wip|planned|future|someday)\b")


def _unknown_case(node, said: str) -> bool:
    """A raise that rejects a value none of the cases before it handles: the last `else` of an
    `if`/`elif` chain of two or more cases, or a switch's `default` / a match's `case _`
    (`else: raise NotImplementedError("Unknown IMAP security")`, a bare `raise
    NotImplementedError`, `raise Exception("Provider not implemented")` after the providers the
    code knows). The cases are implemented; the default guards against a value the code does
    not know. Unless it says the work is planned ("not yet", "coming"): then it is a stub."""
    if _PLANNED.search(said) and not _UNKNOWN.search(said):
        return False
    if _after_capability(node) or _after_returned_cases(node) or _refuses_input(node, said):
        return True
    p = node.parent
    if p is not None and p.type in ("block", "statement_block"):
        p = p.parent
    if p is None:
        return False
    if p.type in ("switch_default", "default_case", "expression_switch_statement"):
        return True
    if p.type == "case_clause":  # Python `match`: `case _:`
        pat = p.named_children[0] if p.named_children else None
        return pat is not None and pat.type == "case_pattern" and pat.text.strip() == b"_"
    if p.type != "else_clause" or p.parent is None:
        return False
    chain = p.parent
    if any(c.type == "elif_clause" for c in chain.children):
        return True
    # JavaScript / Go: `else` of an `if` that is itself another `if`'s `else`
    up = chain.parent
    return (up is not None and up.type == "else_clause") or _default_handled(chain)


def _after_returned_cases(node) -> bool:
    """A raise after two or more `if`s that each return (`if v == 1: return a(r)` / `if v == 2:
    return b(r)` / `raise NotImplementedError(f"Unknown version {v}")`): an `if`/`elif` chain
    written with early returns, the raise its last `else`."""
    n, prev = 0, node.prev_named_sibling
    while prev is not None and prev.type in ("comment", "if_statement"):
        if prev.type == "if_statement":
            last = _last_statement(prev.child_by_field_name("consequence"))
            if prev.child_by_field_name("alternative") is not None or last is None or \
                    last.type != "return_statement":
                break
            n += 1
        prev = prev.prev_named_sibling
    return n >= 2


def _last_statement(body):
    """The last statement of a block (the statement itself when the branch is one)."""
    if body is not None and body.type in ("block", "statement_block") and body.named_children:
        return body.named_children[-1]
    return body


_PROBE = re.compile(rb"\b(?:callable|hasattr)\s*\(|\btypeof\b[^=]*===?\s*[\"']function[\"']")


def _after_capability(node) -> bool:
    """A raise right after an `if` that probes a capability and hands the work to it (`inc =
    getattr(self.cache, "inc", None)` / `if inc is not None and callable(inc): return inc(...)`
    / `raise NotImplementedError`, CTFd's cache): the operation is implemented wherever the
    backend has it; the raise refuses a backend without it."""
    prev = node.prev_named_sibling
    while prev is not None and prev.type == "comment":
        prev = prev.prev_named_sibling
    if prev is None or prev.type != "if_statement" or prev.child_by_field_name("alternative"):
        return False
    cond = prev.child_by_field_name("condition")
    body = prev.child_by_field_name("consequence")
    if cond is None or body is None:
        return False
    last = _last_statement(body)
    member = _MEMBER.fullmatch(cond.text.strip(b"() \n"))
    if member and last.type == "return_statement" and \
            member.group(2) + b"[" + member.group(1) + b"]" in last.text.replace(b" ", b""):
        # `if provider in integrations: return integrations[provider](crud)` then the raise:
        # a table of implementations; the raise refuses a key the table does not have
        return True
    if not _PROBE.search(cond.text):
        return False
    return last.type == "return_statement" and last.named_child_count == 1 and \
        last.named_children[0].type in ("call", "call_expression", "await")


_MEMBER = re.compile(rb"^([\w.]+)\s+in\s+([\w.]+)$")  # (anchored: linear on any text)


def _refuses_input(node, said: str) -> bool:
    """A raise that says it refuses the input (`raise NotImplementedError("IPv6 is
    unsupported.")`) as the whole of an `if` branch the function continues past: a guard on
    one kind of input, the rest of the function does the work."""
    if not _UNKNOWN.search(said):
        return False
    blk = node.parent
    if blk is None or blk.type not in ("block", "statement_block") or blk.named_child_count != 1:
        return False
    cond_if = blk.parent
    while cond_if is not None and cond_if.type in ("elif_clause", "else_clause"):
        cond_if = cond_if.parent
    if cond_if is None or cond_if.type != "if_statement":
        return False
    nxt = cond_if.next_named_sibling
    while nxt is not None and nxt.type == "comment":
        nxt = nxt.next_named_sibling
    return nxt is not None


def _default_handled(if_node) -> bool:
    """`if algo == "sha1": ... else: raise NotImplementedError` in `def hash_file(fp,
    algo="sha1")`: the one case the `if` handles is the parameter's own default, so what every
    caller that leaves it out gets is implemented; the `else` refuses other values."""
    cond = if_node.child_by_field_name("condition")
    while cond is not None and cond.type == "parenthesized_expression" and cond.named_children:
        cond = cond.named_children[0]
    if cond is None or cond.type not in ("comparison_operator", "binary_expression") or \
            len(cond.named_children) != 2:
        return False
    op = cond.child_by_field_name("operator") or (cond.children[1] if len(cond.children) > 2
                                                   else None)
    if op is None or op.type not in ("==", "==="):
        return False
    left, right = cond.named_children
    if left.type != "identifier":
        left, right = right, left
    if left.type != "identifier" or right.type not in ("string", "integer", "number"):
        return False
    fn = if_node.parent
    while fn is not None and fn.type not in ("function_definition", "function_declaration",
                                             "method_definition", "arrow_function",
                                             "function_expression"):
        fn = fn.parent
    params = fn.child_by_field_name("parameters") if fn is not None else None
    if params is None:
        return False
    name = left.text
    for prm in params.named_children:
        if prm.type in ("default_parameter", "typed_default_parameter"):  # Python
            pname, value = prm.child_by_field_name("name"), prm.child_by_field_name("value")
        elif prm.type in ("required_parameter", "optional_parameter", "assignment_pattern"):
            pname = prm.child_by_field_name("pattern") or prm.child_by_field_name("left")
            value = prm.child_by_field_name("value") or prm.child_by_field_name("right")
        else:
            continue
        if pname is not None and value is not None and pname.text == name:
            return value.text.strip(b"'\"`") == right.text.strip(b"'\"`")
    return False


def _switched_off(node, data: bytes) -> bool:
    """A 501 answered inside an `if` whose condition reads the configuration: the feature is
    implemented and disabled on this server, not missing."""
    p, depth = node.parent, 0
    while p is not None and depth < 6:
        if p.type in ("if_statement", "if_clause"):
            cond = p.child_by_field_name("condition")
            return cond is not None and bool(_FEATURE_OFF.search(text(cond, data, 200)))
        if p.type in ("function_declaration", "method_declaration", "function_definition",
                      "func_literal", "arrow_function", "function_expression"):
            return False
        p, depth = p.parent, depth + 1
    return False


# A value put on the request for later handlers, or taken from it, by each framework's API:
# context.WithValue(ctx, key, v) / ctx.Value(key) (Go's context), gorilla/context Set(r, key, v) /
# Get(r, key), gin and echo c.Set(key, v) / c.Get(key) / c.MustGet(key), fiber c.Locals(key, v) /
# c.Locals(key).
_CTX_CALLS = frozenset(("WithValue", "Value", "Set", "Get", "MustGet", "Locals"))


def _ctx_key(short: str, args: list, data: bytes) -> tuple[str, str] | None:
    """("set" | "get", key text) of a request-context call, None when the arguments are not
    those of one."""
    n = len(args)
    if short == "WithValue":
        pos, kind = (1, "set") if n == 3 else (None, "")
    elif short == "Value":
        pos, kind = (0, "get") if n == 1 else (None, "")
    elif short == "Set":
        pos, kind = (1, "set") if n == 3 else (0, "set") if n == 2 else (None, "")
    elif short == "Get":
        pos, kind = (1, "get") if n == 2 else (0, "get") if n == 1 else (None, "")
    elif short == "MustGet":
        pos, kind = (0, "get") if n == 1 else (None, "")
    else:  # Locals
        pos, kind = (0, "set") if n == 2 else (0, "get") if n == 1 else (None, "")
    if pos is None:
        return None
    key = text(args[pos], data, 80).strip().strip("\"'`")
    return (kind, key) if key else None


_CLOCK_WORDS = (b"now", b"Now", b"Date", b"moment", b"dayjs")  # NOW_CALL's words


@lru_cache(maxsize=65536)
def _mock_word(name: str) -> bool:
    return _MOCK_WORD.search(name) is not None  # names repeat: one search per distinct name


def _maybe_secure(callee: str) -> bool:
    """Whether SECURE_MIDDLEWARE can match: each of its alternatives holds one of these."""
    return "ecur" in callee or "elmet" in callee or "alisman" in callee


@lru_cache(maxsize=65536)
def _not_implemented(callee: str) -> bool:
    return NOT_IMPLEMENTED.search(callee) is not None


@lru_cache(maxsize=65536)
def _benign(callee: str) -> bool:
    # callee texts repeat across a tree (`c.JSON`, `fmt.Sprintf`): one match per distinct text
    return BENIGN_CALL.match(callee) is not None


def _status_of(callee: str, args: list, data: bytes) -> int | None:
    m = re.search(r"\.(?:Status|status|code)\((\d{3})\)", callee)
    if m:
        return int(m.group(1))
    m = re.search(r"Status([A-Z][A-Za-z]{1,40})\b", callee)
    if m and m.group(1) in _STATUS_NAMES:
        return _STATUS_NAMES[m.group(1)]
    for a in args:
        s = text(a, data, 80)
        if re.fullmatch(r"\d{3}", s):
            return int(s)
        m = re.search(r"Status([A-Z][A-Za-z]{1,40})\b", s)
        if m and m.group(1) in _STATUS_NAMES:
            return _STATUS_NAMES[m.group(1)]
        m = re.search(r"status_code\s*=\s*(\d{3})", s)
        if m:
            return int(m.group(1))
    for a in args[1:]:
        # the Fetch API's ResponseInit: `NextResponse.json(body, { status: 400 })`,
        # `new Response(body, { status: 404, headers })`
        if a.type == "object":
            m = re.search(r"(?:^|[{,\s])status\s*:\s*(\d{3})\b", text(a, data, 200))
            if m:
                return int(m.group(1))
    return None


# Go's net/http status constants (`http.StatusMethodNotAllowed`, `fiber.StatusBadGateway`).
_STATUS_NAMES = {
    "Continue": 100, "SwitchingProtocols": 101, "OK": 200, "Created": 201, "Accepted": 202,
    "NonAuthoritativeInfo": 203, "NoContent": 204, "ResetContent": 205, "PartialContent": 206,
    "MultipleChoices": 300, "MovedPermanently": 301, "Found": 302, "SeeOther": 303,
    "NotModified": 304, "TemporaryRedirect": 307, "PermanentRedirect": 308, "BadRequest": 400,
    "Unauthorized": 401, "PaymentRequired": 402, "Forbidden": 403, "NotFound": 404,
    "MethodNotAllowed": 405, "NotAcceptable": 406, "RequestTimeout": 408, "Conflict": 409,
    "Gone": 410, "LengthRequired": 411, "PreconditionFailed": 412,
    "RequestEntityTooLarge": 413, "UnsupportedMediaType": 415, "UnprocessableEntity": 422,
    "Locked": 423, "FailedDependency": 424, "PreconditionRequired": 428,
    "TooManyRequests": 429, "InternalServerError": 500, "NotImplemented": 501,
    "BadGateway": 502, "ServiceUnavailable": 503, "GatewayTimeout": 504}


def _payload(args: list, data: bytes):
    cands = [a for a in args if not re.fullmatch(r"\d{3}|(http|fiber|fasthttp)\.Status\w+|status\.\w+",
                                                 text(a, data, 60))]
    for a in cands:
        if a.type == "keyword_argument":
            key = a.child_by_field_name("name")
            if key is not None and text(key, data, 20) in ("content", "body"):
                return a.child_by_field_name("value")
            continue
        return a
    return None


def _keyword_payload(args: list, data: bytes) -> tuple[bool, bool]:
    """(only literals, carries data) of an answer given as keyword arguments only
    (`jsonify(success=True, data=response)`: Flask's jsonify makes its body of them): literal
    only when every one of them is. No arguments at all: a bare status, literal."""
    lit, is_data = True, False
    for a in args:
        if a.type != "keyword_argument":
            continue
        value = a.child_by_field_name("value")
        if value is None:
            continue
        one, one_data = classify_literal(value, data)
        if not one:
            return False, False
        is_data = is_data or one_data
    return lit, is_data


def _now_fields(payload, data: bytes, cur: dict, line: int) -> None:
    """Clock values in the fields of an answer: the answer's own literal and the literals
    directly inside it, never the bodies of nested functions (whose returns are their own)."""
    start, end = payload.start_byte, payload.end_byte  # (searched in place: no copy per return)
    if not any(data.find(w, start, end) >= 0 for w in _CLOCK_WORDS):
        return  # no NOW_CALL can be inside: every one of them names one of these words
    stack = [(payload, 0)]
    visited = 0
    while stack and visited < 500:
        n, depth = stack.pop()
        visited += 1
        if n.type in _ALL_FUNC_TYPES or depth > 3:
            continue
        stack.extend((c, depth + 1) for c in n.named_children)
        if n.type in ("keyed_element", "pair"):
            named = [c for c in n.children if c.is_named and c.type != "comment"]
            if len(named) < 2:
                continue
            key, val = named[0], named[-1]
            inner = val.named_children[0] if val.type == "literal_element" and val.named_children else val
            if inner.type in ("call_expression", "call", "new_expression"):
                callee, _t, _a = _call_parts(inner, data)
                if NOW_CALL.match(callee) and RECORDED_KEY.match(text(key, data, 60)):
                    cur["now_fields"].append({"line": n.start_point[0] + 1,
                                              "key": text(key, data, 60).strip("\"'"),
                                              "call": callee})


def _assignment(node, data: bytes, lang: str, cur: dict | None, module: dict, top: bool) -> None:
    left = node.child_by_field_name("left") or node.child_by_field_name("name")
    right = node.child_by_field_name("right") or node.child_by_field_name("value")
    if left is None or right is None:
        return
    name = " ".join(text(left, data, 120).split())
    lit, is_data = classify_literal(right, data)
    line = node.start_point[0] + 1
    if cur is not None:
        cur["assigns"].append({"line": line, "target": name, "literal": lit, "data": is_data,
                               "text": " ".join(text(node, data, 160).split())})
    base = name.split(",")[0].strip().split(".")[-1].split("[")[0]
    if MOCK_NAME.search(base) and not VOCABULARY.search(base) and not _CREDENTIAL.search(base) \
            and lit and is_data and right.type in (
            "composite_literal", "expression_list", "list", "dictionary", "array", "object", "tuple") \
            and not (right.type == "expression_list" and all(
                c.type in _STRING_TYPES or c.type in _NUMBER_TYPES for c in right.named_children)):
        # (a Go constant `DUMMY PaymentSystem = "dummy"` names a value of an enumeration: no data)
        module["mock_defs"].append({"name": base, "line": line, "top": top,
                                    "fn": cur["id"] if cur else None})


def _keyed(node, data: bytes, cur: dict) -> None:
    named = [c for c in node.children if c.is_named and c.type != "comment"]
    if len(named) < 2:
        return
    val = named[-1]
    if val.type == "literal_element" and val.named_children:
        val = val.named_children[0]
    _guarded(_keyed_value, node, named[0], val, data, cur)
    if val.named_child_count and val.type not in _STRING_TYPES:
        return  # only scalar fields: a nested literal's own fields are recorded on their own
    lit, is_data = classify_literal(val, data)
    if lit and is_data:
        cur["assigns"].append({"line": node.start_point[0] + 1,
                               "target": text(named[0], data, 80).strip("\"'"), "literal": True,
                               "data": True, "text": " ".join(text(node, data, 160).split()),
                               "field": True})


def _imports(node, data: bytes, module: dict) -> None:
    s = text(node, data, 400)
    for m in re.finditer(r"[\"']([^\"']+)[\"']|(?:from|import)\s+([\w.]+)", s):
        target = m.group(1) or m.group(2) or ""
        if FAKER_IMPORT.match(target.split(".")[0] if not target.startswith(("@", "github.com")) else target):
            module["mock_imports"].append({"line": node.start_point[0] + 1, "text": target})
            return


def _attach_comments(functions: list[dict], comments: list[tuple[int, str]],
                     trailing: set[int] = frozenset()) -> None:
    """An admitting comment excuses the literal entry on its line or, alone on its line, within
    the next two (a comment after code speaks of that code: `return False  # ... for now` says
    nothing of the `return True` below it)."""
    if not comments or not functions:
        return
    for line, ctext in comments:
        if not ADMISSION.search(ctext) or NEGATED_ADMISSION.search(ctext) or ANNOTATION.search(ctext):
            continue
        owner = None
        for rec in functions:
            if rec["line"] <= line <= rec["end_line"] and (owner is None or rec["line"] >= owner["line"]):
                owner = rec
        if owner is None:
            continue
        entries = [("return", r) for r in owner["returns"] if r["literal"] and r["data"]]
        entries += [("assign", a) for a in owner["assigns"] if a["literal"] and a["data"]]
        entries += [("response", r) for r in owner["responses"] if r["literal"] and r["data"]]
        best = None
        reach = 0 if line in trailing else 2
        for kind, e in entries:
            if line <= e["line"] <= line + reach and (best is None or e["line"] < best[1]["line"]):
                best = (kind, e)
        owner["admissions"].append({"line": line, "text": ctext.strip()[:200],
                                    "target_line": best[1]["line"] if best else None,
                                    "target_kind": best[0] if best else None,
                                    "target_text": best[1]["text"] if best else None})


# --- Stand-ins that are not literal answers ---------------------------------------------------
# What a reviewer calls a stub is not always a literal `return 0.95`: a metric field set to a
# literal next to a TODO, a value that a trailing comment calls a placeholder, an empty list
# returned "for now", a branch on an input that only holds a comment, a function that returns
# nil and says it should do more, a `default:` that passes whatever it was not told about, an
# error that answers a perfect score, a count copied into a field that claims a subset, and the
# clock moved back a month and presented as a recorded date. Each is recorded here, per function,
# as plain data; the rules decide which of them are findings on a request path.

STAND_IN = re.compile(r"\b(todo|fixme|xxx|hack|estimat(e|ed|es|ion)|approximat\w*|simplif\w*|"
                      r"rough(ly)?|guess\w*|not yet)\b", re.I)
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
# A trailing comment that calls the value on its line a stand-in, whatever the value is. Words
# that describe test doubles (mock, fake, stub) are left out: `Clock: clk, // fake clock in dev`.
PLACEHOLDER_NOTE = re.compile(r"\b(placeholder|hard-?coded|for now|for (the )?mvp|temporarily|"
                              r"temporary (hack|fix|workaround|solution|stub|value|default|"
                              r"placeholder|measure|shortcut)|"
                              r"simplif\w*|hack|estimat(e|ed|es|ion)|approximat\w*|canned|"
                              r"pretend|fabricat\w*|until \w+ (is|are) (implemented|available))\b",
                              re.I)
# Of those, the words that call the value itself a stand-in (not only the way it was reached):
# a call's result next to "dirty hack" or "simplified" is computed, a literal there is not.
VALUE_NOTE = re.compile(r"\b(placeholder|hard-?coded|for now|for (the )?mvp|temporarily|canned|"
                        r"pretend|fabricat\w*|until \w+ (is|are) (implemented|available))\b", re.I)
_BARE_MARK = re.compile(r"^(?:#|//|/\*|--)?[ \t]*(?:todo|fixme|xxx)[ \t]*:?[ \t]*(?:\*/)?$", re.I)
METRIC_WORDS = frozenset((
    "count", "counts", "total", "totals", "num", "number", "incident", "incidents", "alert",
    "alerts", "error", "errors", "failure", "failures", "violation", "violations", "threat",
    "threats", "users", "requests", "calls", "hits", "visits", "views", "revenue", "amount",
    "balance", "volume", "uptime", "latency", "duration", "ms", "elapsed", "percent",
    "percentage", "rate", "ratio", "score", "usage", "bytes", "processed", "sessions",
    "logins", "events", "signups", "downloads", "orders", "sales"))
# Names of a decision: a stand-in next to one is a security or compliance shortcut.
DECISION_WORDS = frozenset((
    "allowed", "allow", "authorized", "authorised", "permitted", "verified", "valid", "passed",
    "pass", "approved", "granted", "compliant", "ok", "success", "successful", "healthy",
    "eligible", "trusted", "result", "status", "check", "checked", "decision"))
DECISION_STRICT = frozenset((
    "allowed", "allow", "authorized", "authorised", "permitted", "verified", "valid", "passed",
    "approved", "granted", "compliant", "eligible", "trusted", "authorized", "ok"))
# Names of functions whose answer is a verdict: `evaluateCheck`, `isAllowed`, `verify_policy`.
VERDICT_FN_WORDS = frozenset((
    "check", "checks", "evaluate", "eval", "verify", "validate", "allow", "allowed", "allows",
    "authorize", "authorized", "authorise", "permit", "permitted", "comply", "compliant",
    "compliance", "pass", "passes", "approve", "approved", "policy", "audit", "verified", "valid"))
SUCCESS_WORDS = frozenset((
    "pass", "passed", "ok", "success", "succeeded", "successful", "approved", "allowed", "valid",
    "compliant", "granted", "verified", "healthy", "green", "completed", "complete", "accepted"))
SCORE_WORDS = frozenset((
    "score", "rate", "uptime", "availability", "health", "healthy", "percent", "percentage",
    "ratio", "compliance", "confidence", "trust", "security", "reliability", "success",
    "quality", "accuracy"))
_GENERIC_COUNT_WORDS = frozenset(("total", "count", "counts", "num", "number", "of", "all", "n",
                                  "nb", "cnt", "the", "sum"))
COUNT_EXPR = re.compile(r"^(len\([\w.\[\]\"'()]{1,80}\)|[\w.]{1,80}\.length|"
                        r"[\w.]{1,80}\.(count|size|len)\(\)|[\w.]{1,80}\.size|count\([\w.]{1,80}\))$")
_EMPTY_RETURN = re.compile(r"^(\[\][\w.*\[\]]*\{\s*\}|map\[[^\]]+\][\w.*\[\]{}]*\{\s*\}|\{\s*\}|"
                           r"\[\s*\]|dict\(\)|list\(\)|set\(\)|tuple\(\)|\(\s*\)|"
                           r"new (Array|Map|Set)(<[^>]*>)?\(\))\s*(,\s*(nil|None|null|undefined))?$")
_ERR_COND = re.compile(r"\berr\w*\s*!=\s*nil\b|\b(err|error|e|ex|exc)\b\s*(\)|$|&&|\|\|)")
_NOW_TOKEN = re.compile(r"time\.Now\(\)|datetime\.(?:datetime\.)?(?:now|utcnow)\([^)]*\)|"
                        r"timezone\.now\(\)|Date\.now\(\)|new Date\(\)|\bmoment\(\)|\bdayjs\(\)")
_SHIFT = re.compile(r"\.AddDate\(|\.Add\(|[-+]\s*(datetime\.)?(timedelta|relativedelta)\(|"
                    r"\.(subtract|add|plus|minus|shift)\(|Date\.now\(\)\s*[-+]")
_SHIFT_PAST = re.compile(r"\.AddDate\(\s*(-|0\s*,\s*-|0\s*,\s*0\s*,\s*-)|\.Add\(\s*-|"
                         r"-\s*(datetime\.)?(timedelta|relativedelta)\(|\.(subtract|minus)\(|"
                         r"Date\.now\(\)\s*-")
# A shift by a literal amount (`AddDate(0, 0, 30)`, `timedelta(days=30)`, `30 * 864e5`): no
# configured interval, no variable.
_SHIFT_ARGS = re.compile(r"(?:\.AddDate|\.Add|timedelta|relativedelta|\.subtract|\.add|\.plus|"
                         r"\.minus|\.shift)\(([^()]*(?:\([^()]*\)[^()]*)*)\)|Date\.now\(\)\s*[-+]"
                         # (the whole rest of the value: `Date.now() - startTime` is no literal)
                         r"\s*([\d\s.*e()+-]+)(?=\s*(?:[,;)}\]]|$))")
_TIME_UNITS = re.compile(r"time\.(Hour|Minute|Second|Millisecond|Microsecond|Nanosecond)|"
                         r"\b(days|hours|weeks|minutes|seconds|months|years|milliseconds)\s*[=:]|"
                         r"[\"'](days?|hours?|weeks?|minutes?|seconds?|months?|years?|[dhwmyM])[\"']")
_WINDOW_KEY = re.compile(r"(?i)(expir|valid|until|deadline|ttl|timeout|cutoff|since|start|begin|"
                         # a length of time, not a moment: `duration: Date.now() - startTime`
                         r"duration|elapsed|latency|took|uptime|"
                         r"end|from|window|range|period|before|after|threshold|min|max|retry|"
                         r"lookback|filter|query|not_?before|not_?after)")
_FUTURE_KEY_WORDS = frozenset(("next", "scheduled", "schedule", "due", "upcoming", "planned"))
_DOWNLOAD = re.compile(rb"attachment\s*;|\btext/csv\b|application/(pdf|octet-stream|zip|"
                       rb"vnd\.openxmlformats[\w.-]*|vnd\.ms-excel)", re.I)
_SWITCH_TYPES = frozenset(("expression_switch_statement", "switch_statement", "match_statement"))
_BLOCK_TYPES = frozenset(("block", "statement_block", "statement_list"))


def _guarded(fn, *args) -> None:
    """The stand-in signals are extra evidence: a defect in one of them (an unforeseen tree
    shape) loses that signal for the node, never the file's other signals and facts."""
    try:
        fn(*args)
    except Exception:  # noqa: BLE001
        if _STRICT:
            raise


_STRICT = False  # tests set it to see the defect instead of a missing signal


@lru_cache(maxsize=65536)
def _words(name: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(name))


_MARK = re.compile(ADMISSION.pattern + "|" + STAND_IN.pattern, re.I)


def _stand_in_comment(ctext: str) -> bool:
    return bool(_MARK.search(ctext) and not NEGATED_ADMISSION.search(ctext)
                and not ANNOTATION.search(ctext))


def _download_marker(node, data: bytes, cur: dict) -> None:
    if _DOWNLOAD.search(data[node.start_byte:node.end_byte]):
        cur.setdefault("downloads", []).append(node.start_point[0] + 1)


def _block_of(node):
    body = node.child_by_field_name("body") or node.child_by_field_name("consequence")
    if body is not None:
        return body
    for c in node.named_children:
        if c.type in _BLOCK_TYPES:
            return c
    return None


def _statements(block) -> list:
    """The statements of a block (Go's statement_list flattened), comments left out."""
    if block is None:
        return []
    out = []
    for c in block.named_children:
        if c.type == "comment":
            continue
        if c.type == "statement_list":
            out.extend(x for x in c.named_children if x.type != "comment")
        else:
            out.append(c)
    return out


def _unwrap(stmt):
    """An expression statement's expression (`x = 1;` in TypeScript and Python)."""
    if stmt.type == "expression_statement" and stmt.named_children:
        return stmt.named_children[0]
    return stmt


def _assign_parts(stmt, data: bytes):
    """(target text, value node) of a plain assignment statement, else None."""
    stmt = _unwrap(stmt)
    if stmt.type not in ("assignment_statement", "assignment", "assignment_expression",
                         "short_var_declaration"):
        return None
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    if left is None or right is None:
        return None
    if right.type == "expression_list":
        if right.named_child_count != 1:
            return None
        right = right.named_children[0]
    return " ".join(text(left, data, 80).split()), right


def _return_value(stmt):
    """The first returned expression of a return statement (None for a bare return)."""
    if stmt.type != "return_statement":
        return None
    named = [c for c in stmt.named_children if c.type != "comment"]
    if not named:
        return None
    v = named[0]
    if v.type == "expression_list" and v.named_children:
        v = v.named_children[0]
    return v


def _is_success_literal(node, data: bytes) -> bool:
    if node.type in _TRUE_TYPES:
        return True
    if node.type in _STRING_TYPES and node.end_byte - node.start_byte < 40:
        return text(node, data, 40).strip("\"'`").strip().lower() in SUCCESS_WORDS
    return False


def _is_perfect_literal(node, data: bytes) -> bool:
    if node.type not in _NUMBER_TYPES:
        return False
    raw = text(node, data, 20).strip()
    try:
        val = float(raw)
    except ValueError:
        return False
    return val == 100 or (val == 1 and "." in raw)


def _literal_value(node, data: bytes) -> bool:
    lit, _d = classify_literal(node, data)
    return lit


def _case_bodies(node, data: bytes, lang: str):
    """(is default, statements) of each branch of a switch or match statement."""
    if lang == "ts":
        body = node.child_by_field_name("body")
        cases = body.named_children if body is not None else []
        for c in cases:
            if c.type == "switch_default":
                yield True, [x for x in c.named_children if x.type != "comment"]
            elif c.type == "switch_case":
                value = c.child_by_field_name("value")
                yield False, [x for x in c.named_children if x.type != "comment" and x != value]
        return
    if lang == "python":
        block = _block_of(node)
        for c in (block.named_children if block is not None else []):
            if c.type != "case_clause":
                continue
            pats = [x for x in c.named_children if x.type == "case_pattern"]
            default = len(pats) == 1 and pats[0].end_byte - pats[0].start_byte == 1 and \
                data[pats[0].start_byte:pats[0].end_byte] == b"_"
            yield default, _statements(_block_of(c))
        return
    for c in node.named_children:
        if c.type == "default_case":
            yield True, _statements(c)
        elif c.type in ("expression_case", "type_case"):
            yield False, _statements(c)


def _switch(node, data: bytes, lang: str, cur: dict) -> None:
    """A default branch that answers success for what no case named, in a switch whose other
    branches compute the answer: `default: checkPassed = true` under cases that check data."""
    if lang not in ("go", "ts", "python"):
        return
    branches = list(_case_bodies(node, data, lang))
    default = [stmts for is_default, stmts in branches if is_default]
    others = [stmts for is_default, stmts in branches if not is_default]
    if len(default) != 1 or len(others) < 2:
        return
    verdict = None
    for st in default[0]:
        parts = _assign_parts(st, data)
        if parts is not None:
            target, value = parts
            if _is_success_literal(value, data) and \
                    set(_words(target.rsplit(".", 1)[-1])) & DECISION_WORDS:
                verdict = ("assign", target, st)
                break
            continue
        value = _return_value(st)
        if value is not None:
            if _is_success_literal(value, data) and \
                    set(_words(cur.get("name", "").rsplit(".", 1)[-1])) & VERDICT_FN_WORDS:
                verdict = ("return", None, st)
            break
    if verdict is None:
        return
    kind, target, st = verdict
    computed = False
    for stmts in others:
        for x in stmts:
            if kind == "assign":
                parts = _assign_parts(x, data)
                if parts is not None and parts[0] == target and not _literal_value(parts[1], data):
                    computed = True
            else:
                value = _return_value(x)
                if value is not None and not _literal_value(value, data):
                    computed = True
        if computed:
            break
    if computed:
        cur.setdefault("default_success", []).append({
            "line": st.start_point[0] + 1, "switch_line": node.start_point[0] + 1,
            "kind": kind, "target": target, "text": " ".join(text(st, data, 120).split())})


def _fail_open(node, block, data: bytes, lang: str, cur: dict) -> None:
    """An error branch that answers a perfect score: `if err != nil { return 1.0 }`,
    `except Exception: uptime = 100.0`."""
    fn_words = set(_words(cur.get("name", "").rsplit(".", 1)[-1]))
    for st in _statements(block):
        parts = _assign_parts(st, data)
        if parts is not None:
            target, value = parts
            if _is_perfect_literal(value, data) and \
                    set(_words(target.rsplit(".", 1)[-1])) & SCORE_WORDS:
                cur.setdefault("fail_open", []).append({
                    "line": st.start_point[0] + 1, "branch_line": node.start_point[0] + 1,
                    "target": target, "text": " ".join(text(st, data, 120).split())})
                return
            continue
        value = _return_value(st)
        if value is not None:
            if _is_perfect_literal(value, data) and fn_words & SCORE_WORDS:
                cur.setdefault("fail_open", []).append({
                    "line": st.start_point[0] + 1, "branch_line": node.start_point[0] + 1,
                    "target": None, "text": " ".join(text(st, data, 120).split())})
            return


def _branch(node, cond_text: str, data: bytes, lang: str, cur: dict, pending: list) -> None:
    """An `if` on an error that answers a perfect score, and an `if` whose branch holds nothing
    but comments (an input the code was meant to handle): the comments decide, after the walk."""
    block = node.child_by_field_name("consequence")
    if block is None:
        block = _block_of(node)
    if block is None:
        return
    error_check = bool(_ERR_COND.search(cond_text))
    if error_check and lang == "go":
        _fail_open(node, block, data, lang, cur)
    stmts = _statements(block)
    if not stmts or (lang == "python" and all(s.type == "pass_statement" for s in stmts)):
        if not error_check:
            pending.append(("branch", cur, node.start_point[0] + 1, block.end_point[0] + 1,
                            " ".join(cond_text.split())[:120]))


def _noop_candidate(node, body, data: bytes, lang: str, rec: dict, pending: list) -> None:
    """A function with parameters whose body only returns nothing (`return nil`, `pass`, an
    empty block): a comment in it decides, after the walk, whether it admits the missing work."""
    stmts = _statements(body)
    ret_line = None
    for st in stmts:
        if st.type == "pass_statement":
            continue
        if st.type == "expression_statement" and st.named_children and \
                st.named_children[0].type == "string" and lang == "python":
            continue  # a docstring
        if st.type != "return_statement":
            return
        value = _return_value(st)
        if value is not None and value.type not in _TRIVIAL_TYPES:
            return
        ret_line = st.start_point[0] + 1
    if lang == "python" and not stmts:
        return
    if lang == "python" and stmts and all(s.type == "expression_statement" for s in stmts):
        return  # only a docstring (a protocol or abstract method)
    pending.append(("noop", rec, node.start_point[0] + 1, node.end_point[0] + 1,
                    ret_line or body.start_point[0] + 1))


_RAISE_TYPES = frozenset(("raise_statement", "throw_statement"))


def _raise_line(stmts, data: bytes, lang: str, depth: int) -> int | None:
    """The line of the statement of `stmts` (in order) after which control never goes on
    normally: a raise or throw, Go's `panic(...)`, or a try whose body and every handler
    raise (and no `finally`, which could answer). Statements before it run first."""
    for st in stmts:
        t = st.type
        if t in _RAISE_TYPES:
            return st.start_point[0] + 1
        if t == "return_statement":
            return None  # it answers before any raise
        if lang == "go" and t == "expression_statement" and st.named_children:
            call = st.named_children[0]
            fn = call.child_by_field_name("function") if call.type == "call_expression" else None
            if fn is not None and fn.type == "identifier" and text(fn, data, 8) == "panic":
                return st.start_point[0] + 1
            continue
        if t == "try_statement" and depth < 3:
            parts = [c for c in st.named_children]
            if any(c.type in ("finally_clause",) for c in parts) or \
                    st.child_by_field_name("finalizer") is not None:
                continue
            line = _raise_line(_statements(st.child_by_field_name("body") or _block_of(st)),
                               data, lang, depth + 1)
            handlers = [c for c in parts if c.type in ("except_clause", "catch_clause",
                                                       "except_group_clause")]
            if line is not None and all(
                    _raise_line(_statements(_block_of(h)), data, lang, depth + 1) is not None
                    for h in handlers):
                return line
    return None


def _always_raises(body, data: bytes, lang: str, rec: dict) -> None:
    """A function whose every run ends in an exception (`raise Exception("Oops")` in a try
    whose handler logs and re-raises, `panic("boom")`): the line of that raise, kept as
    `raises`. (Only the body's own statements are read: a raise under a branch does not
    count.)"""
    line = _raise_line(_statements(body), data, lang, 0)
    if line is not None:
        rec["raises"] = line


def _keyed_value(node, key_node, val, data: bytes, cur: dict) -> None:
    """Per field of a map, struct or call: copied counts, shifted clocks, and the candidates a
    comment on the line can call stand-ins (their text is read only if such a comment exists)."""
    vt = val.type
    vlen = val.end_byte - val.start_byte
    if vt in _NUMBER_TYPES or (vt == "unary_expression" and vlen < 24 and
                               val.named_child_count == 1 and
                               val.named_children[0].type in _NUMBER_TYPES):
        cur.setdefault("_fields", []).append((node.start_point[0] + 1, key_node, val, "literal"))
        return
    if vt in _TRIVIAL_TYPES or vt in _TRUE_TYPES:
        return
    if vt in _NESTED_VALUE_TYPES or vlen >= 200:
        return
    line = node.start_point[0] + 1
    cur.setdefault("_fields", []).append((line, key_node, val, "value"))
    raw = data[val.start_byte:val.end_byte]
    if vlen <= 90 and (b"len" in raw or b"count" in raw or b"size" in raw):
        vtext = " ".join(text(val, data, 90).split())
        if COUNT_EXPR.match(vtext):
            _repeated_count(node, text(key_node, data, 80).strip("\"'`"), vtext, data, cur)
    if b"ow" in raw or b"Date" in raw or b"moment" in raw or b"dayjs" in raw:
        key = text(key_node, data, 80).strip("\"'`")
        if RECORDED_KEY.match(key) and not _in_parameter_default(node):
            _shifted_now(line, key, " ".join(text(val, data, 200).split()), cur)


_PARAMETER_TYPES = frozenset(("formal_parameters", "parameters", "default_parameter",
                              "typed_default_parameter", "required_parameter",
                              "optional_parameter", "assignment_pattern"))


def _in_parameter_default(node) -> bool:
    """A field of a parameter's default (`options = { addedAt: Date.now() - 3600e3 }`): what
    the caller may pass, a filter's window, not a value the function answers."""
    p = node.parent
    for _ in range(4):
        if p is None:
            return False
        if p.type in _PARAMETER_TYPES:
            return True
        p = p.parent
    return False


_NESTED_VALUE_TYPES = frozenset(("composite_literal", "dictionary", "object", "array", "list",
                                 "literal_value", "func_literal", "arrow_function", "lambda",
                                 "function_expression", "dictionary_comprehension",
                                 "list_comprehension"))


def _count_subject(key: str) -> frozenset:
    words = []
    for w in _words(key):
        if w in _GENERIC_COUNT_WORDS:
            continue
        words.append(w[:-1] if len(w) > 3 and w.endswith("s") else w)
    return frozenset(words)


def _repeated_count(node, key: str, vtext: str, data: bytes, cur: dict) -> None:
    parent = node.parent
    if parent is None:
        return
    mine = _count_subject(key)
    for sib in parent.named_children:
        if sib.start_byte >= node.start_byte:
            break
        if sib.type != node.type:
            continue
        named = [c for c in sib.named_children if c.type != "comment"]
        if len(named) < 2:
            continue
        sval = named[-1]
        if sval.type == "literal_element" and sval.named_children:
            sval = sval.named_children[0]
        if sval.end_byte - sval.start_byte > 90 or \
                " ".join(text(sval, data, 90).split()) != vtext:
            continue
        skey = text(named[0], data, 80).strip("\"'`")
        theirs = _count_subject(skey)
        if not (mine & theirs) or mine == theirs:
            continue
        if mine - theirs:
            qualified, other, qline, oline = key, skey, node.start_point[0] + 1, sib.start_point[0] + 1
        else:
            qualified, other, qline, oline = skey, key, sib.start_point[0] + 1, node.start_point[0] + 1
        if any(r["line"] == qline for r in cur.get("repeated_counts", ())):
            return  # already reported against another copy
        cur.setdefault("repeated_counts", []).append({"line": qline, "key": qualified,
                                                      "other": other, "other_line": oline,
                                                      "expr": vtext})
        return


def _shifted_now(line: int, key: str, vtext: str, cur: dict) -> None:
    """A recorded-moment field whose value is the clock moved by a fixed amount:
    `"last_review_date": time.Now().AddDate(0, 0, -30)`."""
    head = vtext.lstrip("(")
    m = _NOW_TOKEN.search(head[:60])
    if m is None:
        alias = re.match(r"[A-Za-z_]\w*", head)
        if alias is None or alias.group(0) not in _now_aliases(cur):
            return
    elif m.start() > 12:
        return  # the clock is an argument of something else, not the value's base
    if not _SHIFT.search(vtext) or _WINDOW_KEY.search(key):
        return
    past = bool(_SHIFT_PAST.search(vtext))
    if not past and not (set(_words(key)) & _FUTURE_KEY_WORDS):
        return
    args = _SHIFT_ARGS.search(vtext)
    if args is None:
        return
    amount = _TIME_UNITS.sub("", args.group(1) or args.group(2) or "")
    amount = re.sub(r"\d(\.\d+)?e[+-]?\d", "0", amount)  # 864e5: a number, not a name
    if re.search(r"[A-Za-z_]", amount):
        return  # shifted by a variable or a setting: a computed moment, not a made-up one
    cur.setdefault("shifted_now", []).append({"line": line, "key": key, "call": vtext[:100],
                                              "direction": "past" if past else "future"})


def _now_aliases(cur: dict) -> set:
    return {a["target"] for a in cur.get("assigns", ())
            if _IDENT_RE.fullmatch(a["target"] or "") and _NOW_TOKEN.search(a["text"].split("=", 1)[-1][:40])}


_IDENT_RE = re.compile(r"[A-Za-z_]\w*")
_NUMBER = re.compile(r"(?:[-+]\s*)?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?[lLfFjJ]?")


def _attach_stand_ins(functions: list[dict], comments: list[tuple[int, str]],
                      pending: list[tuple], data: bytes, trailing: set[int]) -> None:
    """Comments that admit a stand-in, attached to what they excuse: a metric field set to a
    literal, a value a trailing comment calls a placeholder, a decision set under a comment that
    calls it simplified, an empty collection returned, an empty branch, a body that returns
    nothing. A comment counts for the line it ends (trailing) or, alone on its line, for the
    line below."""
    marks = {line: ctext for line, ctext in comments if _stand_in_comment(ctext)}
    if not marks:
        for rec in functions:
            rec.pop("_fields", None)
        return
    lines = sorted(marks)
    alone = {line for line, _t in comments if line not in trailing}
    starts: list[int] = []

    def above(line: int) -> str | None:
        """The admitting comment of the block of comments alone on the lines just above."""
        up = line - 1
        while up in alone and line - up <= 4:
            if up in marks:
                return marks[up]
            up -= 1
        return None

    def mutated_after(name: str, line: int, end_line: int) -> bool:
        if not starts:
            starts.append(0)
            starts.extend(m.end() for m in re.finditer(rb"\n", data))
        lo = starts[line] if line < len(starts) else len(data)
        hi = starts[end_line] if end_line < len(starts) else len(data)
        pat = rb"(?<![\w.])" + re.escape(name.encode("utf-8", "replace")) + \
            rb"\s*(\+\+|--|[-+*/|&]?=(?!=))"
        return re.search(pat, data[lo:hi]) is not None

    def below(line: int) -> str | None:
        """The admitting comment of the block of comments alone on the lines just below (a
        fresh id only: "TODO: write the audit entry" under the id it should have been for)."""
        down = line + 1
        while down in alone and down - line <= 4:
            if down in marks and not _BARE_MARK.fullmatch(marks[down].strip()):
                return marks[down]
            down += 1
        return None

    def only_returned(name: str, line: int, rec: dict) -> bool:
        """`name` is read after `line` only by the function's returns (comments aside)."""
        if not starts:
            starts.append(0)
            starts.extend(m.end() for m in re.finditer(rb"\n", data))
        rets = {r["line"] for r in rec["returns"]}
        lo = starts[line] if line < len(starts) else len(data)
        hi = starts[rec["end_line"]] if rec["end_line"] < len(starts) else len(data)
        pat = rb"(?<![\w.])" + re.escape(name.encode("utf-8", "replace")) + rb"(?![\w])"
        # (1-based lines of the reads: starts[i] opens line i + 1)
        used = {bisect_right(starts, lo + m.start()) for m in re.finditer(pat, data[lo:hi])}
        return bool(used & rets) and all(u in rets or u in alone for u in used)

    for rec in functions:
        fields = rec.pop("_fields", ())
        lo, hi = rec["line"], rec["end_line"]
        i = bisect_right(lines, lo - 1)
        if i >= len(lines) or lines[i] > hi:
            continue  # no admitting comment inside this function
        out = []
        done: set[int] = set()
        for line, key_node, val, kind in fields:
            same = marks.get(line)
            up = above(line)
            if not (same or up):
                continue
            key = text(key_node, data, 80).strip("\"'`")
            words = set(_words(key.rsplit(".", 1)[-1]))
            if kind == "literal" and words & METRIC_WORDS:
                out.append(_stand_in("metric", line, same or up, key, text(val, data, 40)))
            elif same and PLACEHOLDER_NOTE.search(same) and (kind == "literal" or
                                                             VALUE_NOTE.search(same)):
                out.append(_stand_in("placeholder", line, same, key,
                                     " ".join(text(val, data, 120).split())))
            else:
                continue
            done.add(line)
        assigns = rec["assigns"]
        for a in assigns:
            line = a["line"]
            if line in done or a.get("field"):
                continue
            same = marks.get(line)
            up = above(line)
            target = a["target"] or ""
            value = a["text"].split("=", 1)[-1].strip() if "=" in a["text"] else a["text"]
            fresh = _fresh_id(target, value, rec)
            if not (same or up or fresh):
                continue
            if not _IDENT_RE.fullmatch(target.split(".")[-1] or "_"):
                continue
            words = set(_words(target.rsplit(".", 1)[-1]))
            if fresh and (same or up or below(line)) and only_returned(target, line, rec):
                kind, note = "fresh-id", same or up or below(line)
                out.append(_stand_in(kind, line, note, target, value))
                done.add(line)
                continue
            if not (same or up):
                continue
            if a["literal"] and words & METRIC_WORDS and _NUMBER.fullmatch(value):
                kind, note = "metric", same or up
            elif same and PLACEHOLDER_NOTE.search(same) and (a["literal"] or
                                                             VALUE_NOTE.search(same)):
                kind, note = "placeholder", same
            elif up and PLACEHOLDER_NOTE.search(up) and words & DECISION_STRICT:
                kind, note = "decision", up
            else:
                continue
            if any(b["target"] == target and b["line"] > line for b in assigns) or \
                    mutated_after(target, line, rec["end_line"]):
                continue  # an initial value the function goes on to change
            out.append(_stand_in(kind, line, note, target, value))
            done.add(line)
        for r in rec["returns"]:
            line = r["line"]
            if line in done or not _EMPTY_RETURN.match(r["text"]):
                continue
            note = marks.get(line) or above(line)
            if note and not _BARE_MARK.fullmatch(note.strip()):
                # (a bare "// TODO" beside `return []T{}` on a failed sort says the error
                # handling is unfinished, not that the empty answer stands in for data)
                out.append(_stand_in("empty", line, note, "", r["text"]))
                done.add(line)
        if out:
            rec.setdefault("stand_ins", []).extend(out)
    for kind, rec, first, last, extra in pending:
        i = bisect_right(lines, first - 1)
        if i >= len(lines) or lines[i] > last:
            continue
        note = marks[lines[i]]
        if kind == "branch":
            rec.setdefault("stand_ins", []).append(_stand_in("branch", first, note, "", extra))
        elif kind == "noop":
            rec.setdefault("noop", []).append({"line": extra, "comment": note.strip()[:200]})


# A fresh identifier made up where a record should have been written: `auditID = uuid.New()`
# above "TODO: Implement proper audit logging", handed back as the id of an audit entry that
# does not exist. The generators of the usual id libraries: google/uuid and gofrs/satori uuid
# (New, NewString, NewRandom, NewV4), Python's uuid.uuid4, Web Crypto's randomUUID, the npm
# uuid package's v4, nanoid, cuid/@paralleldrive/cuid2 (createId), oklog/ulid, rs/xid,
# MongoDB's ObjectID.
_FRESH_ID = re.compile(r"^(?:str\(|String\()?(?:uuid\.(?:New|NewString|NewRandom|NewV4|uuid4|v4)|"
                       r"uuid4|uuidv4|v4|(?:crypto\.)?randomUUID|nanoid|cuid2?|createId|"
                       r"ulid\.(?:Make|New|MustNew)|xid\.New|primitive\.NewObjectID|"
                       r"(?:new )?ObjectId)\(")
# A function whose job is to make an id (`NewRequestID`, `generate_token_id`) answers a fresh
# one by design.
_ID_MAKER_WORDS = frozenset(("new", "generate", "gen", "make", "random", "id", "ids", "uuid",
                             "ulid", "nanoid", "token"))


def _fresh_id(target: str, value: str, rec: dict) -> bool:
    """An assignment of a freshly generated id to a variable named an id (`auditID`,
    `record_id`), in a function that is not itself an id generator."""
    if not _IDENT_RE.fullmatch(target or "_") or not _FRESH_ID.match(value):
        return False
    if not ({"id", "uuid"} & set(_words(target))):
        return False
    return not (set(_words((rec.get("name") or "").rsplit(".", 1)[-1])) & _ID_MAKER_WORDS)


def _stand_in(kind: str, line: int, comment: str, target: str, value: str) -> dict:
    return {"line": line, "kind": kind, "target": target, "text": value[:120],
            "comment": comment.strip()[:200]}
