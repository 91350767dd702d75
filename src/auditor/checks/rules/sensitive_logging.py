"""A log call that writes a password, token, secret, card data or other sensitive value.

What it finds:
Calls of loggers (`log`, `logger`, `logging`, `slog`, `zap`, `logrus`, `console`, and Go's
`fmt.Print*` to standard output, which a server's container collects as its log) whose
arguments carry a value named as sensitive: password or password hash, secret, token, API key, private key,
card number / PAN, CVV/CVC, SSN, bank account / IBAN / routing number, Stripe customer or
payment ids, and e-mail addresses (low severity: PII). Names are read from the logged
expressions (identifiers, fields, f-string and template substitutions, structured fields such
as `zap.String("password", p)`), and format strings like `"password=%s"` point at their
argument. Literal text alone ("token expired"), identifiers such as `token_id`/`tokenType`/
`len(token)`, and values passed through a masking or hashing call are not findings.

Why it matters:
Logs are copied to many systems and kept for long, with wider access than the database;
credentials in them are credentials leaked (CWE-532), and card data in logs breaks PCI DSS 3.4.

Example:
    logger.info(f"charging card {card_number} for {customer_email}")

Fix:
Log identifiers and masked forms (`****1234`), never the secret; add a redaction filter to the
logger for the fields that must never appear.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.treeutil import file_index, literal, unwrap, words
from auditor.index.walk import walk
from auditor.model import Finding

LOGGER = re.compile(r"^(log|logger|logging|slog|zap|logrus|klog|console|_?log\w*|\w*[Ll]ogger|"
                    r"self\.(log|logger|_logger)|this\.(log|logger)|l|lg)$")
LOG_METHODS = {"Print", "Printf", "Println", "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf",
               "Info", "Infof", "Infow", "Warn", "Warnf", "Warnw", "Error", "Errorf", "Errorw",
               "Debug", "Debugf", "Debugw", "With", "WithField", "WithFields", "info", "warning",
               "warn", "error", "debug", "critical", "exception", "log", "trace", "fatal"}
# Go's fmt printing to standard output, which a server's container or unit collects as its log
_STDOUT = {"Print", "Printf", "Println"}
HIGH = {("password",), ("passwd",), ("pwd",), ("secret",), ("token",), ("api", "key"),
        ("apikey",), ("private", "key"), ("card", "number"), ("pan",), ("cvv",), ("cvc",),
        ("ssn",), ("credit", "card"), ("card",), ("iban",), ("account", "number"),
        ("routing", "number"), ("bank", "account"), ("access", "key"), ("client", "secret"),
        ("passphrase",), ("authorization",), ("cookie",), ("session", "key")}
STRIPE = {("customer", "id"), ("payment", "method"), ("payment", "intent")}
SAFE_WORDS = {"id", "ids", "type", "count", "len", "length", "expires", "expiry", "exp", "hash",
              "hashed", "prefix", "last4", "masked", "mask", "redacted", "name", "url", "status",
              "valid", "invalid", "error", "err", "kind", "scope", "scopes", "ttl", "header",
              "format", "brand", "required", "enabled", "exists", "verified", "usage", "created",
              "updated", "at", "field", "count", "policy", "strength", "reset", "endpoint"}
SAFE_CALLS = re.compile(r"(mask|redact|hash|sanitiz|len|truncate|last4|fingerprint|Sprintf)", re.I)
_BOOL_OPS = {"==", "!=", "<", ">", "<=", ">=", "&&", "||", "===", "!=="}
_QUOTE = re.compile(r"[\"'`]")
_PACKAGE_MAIN = re.compile(rb"^package\s+main\b", re.M)
# a command-line framework's command (`hashCmd := &cobra.Command{...}`): its output is the tool's
_CLI_IMPORT = re.compile(rb'"github\.com/(spf13/cobra|urfave/cli[^"]*|alecthomas/(kingpin|kong)[^"]*)"')
_VERB = re.compile(r"%[-+# 0-9.]*[a-zA-Z]|\{\}")
FMT_LABEL = re.compile(r"(?<![a-z])(password|passwd|secret|token|api[_ ]?key|card(?:[_ ]?number)?|cvv|cvc|"
                       r"ssn|iban)\s*[=:]\s*(%[-+# 0-9.]*[svqd]|\{\})", re.IGNORECASE)


def classify(name: str) -> str:
    """'high', 'stripe', 'email' or '' for an identifier."""
    ws = words(name)
    if ws and {"password", "passwd"} & set(ws) and {"hash", "hashed"} & set(ws):
        return "hash"  # a password hash in a log can be cracked offline (a token hash cannot)
    if not ws or any(w in SAFE_WORDS for w in ws):
        if ws and "email" in ws and not (set(ws) - {"email", "address", "user", "admin", "customer",
                                                     "to", "from", "recipient"}) - SAFE_WORDS:
            return ""
        return ""
    grams = {tuple(ws[i:i + n]) for n in (1, 2) for i in range(len(ws) - n + 1)}
    if grams & HIGH:
        return "high"
    if grams & STRIPE or (ws[0] in ("cus", "pm", "pi") and len(ws) > 1):
        return "stripe"
    if "email" in ws or "mail" in ws and "address" in ws:
        return "email"
    return ""


def _writes_log(call, idx, cli: bool) -> bool:
    """A logger's call, or Go's `fmt.Print*` outside a command-line tool (not `fmt.Println(hash)`,
    the value alone: a program printing its result)."""
    if call.name not in LOG_METHODS:
        return False
    if LOGGER.match(call.receiver or "-"):
        return True
    return call.receiver == "fmt" and call.name in _STDOUT and not cli and \
        not (len(call.args) == 1 and not _QUOTE.search(idx.text(call.args[0], 400)))


class SensitiveLogging(Rule):
    __doc__ = __doc__
    id = "sensitive-logging"
    name = "SensitiveLogging"
    category = "sensitive-logging"
    cwe = ("CWE-532",)
    severity = "medium"
    confidence = "medium"
    precision = "high"
    positive = [
        Example("go", 'package a\n\nfunc L(password string) {\n\tlog.Printf("login with %s", password)\n}\n'),
        Example("python", 'def f(logger, card_number):\n    logger.info(f"charging {card_number}")\n'),
        Example("typescript", 'export function f(token: string) {\n  console.log("token", token);\n}\n'),
    ]
    negative = [
        Example("go", 'package a\n\nfunc L(tokenID string) {\n\tlog.Printf("token %s expired", tokenID)\n}\n'),
        Example("python", 'def f(logger, payment_id):\n    logger.info(f"Created token for payment {payment_id}")\n'),
        Example("typescript", 'export function f(token: string) {\n  console.log("token length", token.length);\n}\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        idx = file_index(ctx)
        if idx is None:
            return
        # in a Go `package main` (a command-line tool: a bootstrap, a hash generator) standard
        # output is what the program shows its user, not a log
        cli = idx.lang == "go" and (_PACKAGE_MAIN.search(ctx.data) is not None or
                                    _CLI_IMPORT.search(ctx.data) is not None)
        for call in idx.calls:
            if not _writes_log(call, idx, cli):
                continue
            hits: dict = {}
            args = list(call.args) + list(call.kwargs.values())
            for a in args:
                self._scan(a, idx, hits)
            if args:
                fmt = literal(unwrap(args[0]), idx.data)
                if fmt:
                    m = FMT_LABEL.search(fmt)
                    # the argument the labelled verb formats ("token: %v", err names an error)
                    n = len(_VERB.findall(fmt[:m.start(2)])) if m else 0
                    arg = args[1 + n] if m and 1 + n < len(args) else None
                    own = classify(idx.text(arg, 200)) if arg is not None else ""
                    if arg is not None and literal(unwrap(arg), idx.data) is None and \
                            not set(words(idx.text(arg, 200))) & SAFE_WORDS and own != "email":
                        # (an argument named as an e-mail address is that, whatever the text
                        # before it: "No user found for forgot password: %s", email)
                        hits.setdefault(m.group(1).lower(), "high")
            if not hits:
                continue
            order = {"high": 0, "hash": 1, "stripe": 2, "email": 3}
            worst = min(hits.values(), key=order.get)
            sev = {"high": "medium", "hash": "medium", "stripe": "medium", "email": "low"}[worst]
            if worst == "high" and any(re.search(r"card|cvv|cvc|pan|ssn|iban|password|secret", k,
                                                 re.I) for k in hits):
                sev = "high"
            names = ", ".join(sorted(hits)[:4])
            yield self.finding(ctx.path, call.line, f"Log call writes sensitive value(s): {names}",
                               column=call.node.start_point[1] + 1, snippet=ctx.line_text(call.line),
                               severity="info" if ctx.is_test else sev)

    @staticmethod
    def _scan(arg, idx, hits: dict) -> None:
        skip_end = -1  # pre-order walk: skip every node that starts inside a skipped subtree
        for n in walk(arg):
            if n.start_byte < skip_end:
                continue
            t = n.type
            if t in ("comparison_operator", "boolean_operator", "not_operator") or \
                    t == "binary_expression" and idx.text(n.child_by_field_name("operator")
                                                          or n, 3) in _BOOL_OPS:
                # `user.PasswordHash != nil`: a yes/no is logged, not the value
                skip_end = max(skip_end, n.end_byte)
                continue
            if t in ("ternary_expression", "conditional_expression"):
                cond = n.child_by_field_name("condition")
                if cond is None and t == "conditional_expression" and len(n.named_children) == 3:
                    cond = n.named_children[1]
                if cond is not None:
                    skip_end = max(skip_end, cond.end_byte)
                continue
            if t in ("call_expression", "call"):
                fn = n.child_by_field_name("function")
                ftext = idx.text(fn, 200) if fn is not None else ""
                if SAFE_CALLS.search(ftext.rsplit(".", 1)[-1]) and not ftext.endswith("Sprintf"):
                    skip_end = max(skip_end, n.end_byte)
                    continue
                argn = n.child_by_field_name("arguments")
                # structured fields: zap.String("password", v), slog.String(...)
                if argn is not None and argn.named_children:
                    key = literal(unwrap(argn.named_children[0]), idx.data)
                    if key and len(argn.named_children) >= 2 and classify(key):
                        hits.setdefault(key, classify(key))
                if fn is not None:
                    skip_end = max(skip_end, fn.end_byte)  # callee names are not logged values
                continue
            if t in ("identifier", "field_identifier", "property_identifier"):
                parent = n.parent
                if parent is not None and parent.type in ("selector_expression", "attribute",
                                                          "member_expression"):
                    last = parent.child_by_field_name("field") or \
                        parent.child_by_field_name("attribute") or \
                        parent.child_by_field_name("property")
                    if last is not None and last != n:
                        continue  # only the last segment names the value
                    nxt = parent.parent
                    if nxt is not None and nxt.type in ("selector_expression", "attribute",
                                                        "member_expression"):
                        continue  # token.length, password.Len ...: judged at the outer segment
                name = idx.text(n)
                kind = classify(name)
                if kind:
                    hits.setdefault(name, kind)
            elif t in ("keyword_argument", "pair", "keyed_element"):
                continue
