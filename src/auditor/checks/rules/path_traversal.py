"""A file path taken from the request opens, serves or deletes a file.

What it finds:
File system calls (Go `os.Open`/`ReadFile`/`Create`/`WriteFile`/`Remove`, `http.ServeFile`,
Fiber/Gin/Echo `SendFile`/`File`/`Download`; Python `open`, `send_file`, `FileResponse`,
`os.remove`, `shutil` copies; Node `fs.*` however imported, `res.sendFile`, `res.download`)
whose path contains a value from the HTTP request (query, path parameters, body, headers,
FastAPI route parameters), followed through local variables. `filepath.Base`,
`os.path.basename`, `secure_filename`, `safe_join`, removing every `/` (`strings.ReplaceAll(name,
"/", "")`), and a containment check in the same function (`strings.HasPrefix`, `startswith`,
`is_relative_to`, `filepath.Rel`, `path.relative`) are treated as sanitizers; a Go upload's
`Filename` is a base name (mime/multipart, Go >= 1.17).

Why it matters:
`../` sequences or an absolute path walk out of the intended folder, reading configuration
and keys or overwriting files (CWE-22).

Example:
    return c.SendFile(filepath.Join("uploads", c.Params("name")))

Fix:
Reduce the name to its base (`filepath.Base`), join it to a fixed root, resolve the result and
check that it still lies inside the root.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.rejects import PATH, TRIVIAL_PREFIX
from auditor.checks.treeutil import import_map, last_names, mentions, sink_finding, tainted_calls
from auditor.model import Finding
from auditor.taint.propagate import AcrossFunctions

GO = {"os.Open", "os.OpenFile", "os.ReadFile", "os.Create", "os.WriteFile", "os.Remove",
      "os.RemoveAll", "ioutil.ReadFile", "ioutil.WriteFile", "http.ServeFile", "os.ReadDir",
      "ioutil.ReadDir", "os.Mkdir", "os.MkdirAll", "os.Rename", "os.Truncate", "os.Chmod",
      "zip.OpenReader"}
GO_CTX = {"SendFile", "File", "Download", "FileAttachment", "Attachment"}
PY = {"open", "send_file", "send_from_directory", "FileResponse", "os.remove", "os.unlink",
      "os.replace", "shutil.copy2", "shutil.copy", "shutil.copyfile", "shutil.rmtree", "shutil.move", "io.open", "aiofiles.open",
      "Path", "pathlib.Path", "os.listdir", "codecs.open", "os.open", "io.FileIO", "os.stat",
      "os.path.exists", "os.path.isfile", "os.path.isdir", "os.path.getsize", "os.rename",
      "os.makedirs", "os.mkdir", "os.rmdir", "tarfile.open", "zipfile.ZipFile"}
# calls given two paths, both touched (the source moved or copied, the destination written)
_TWO_PATHS = frozenset({"os.rename", "os.replace", "shutil.copy", "shutil.copy2",
                        "shutil.copyfile", "shutil.move", "os.Rename"})
# Node's fs calls taking a source and a destination path (`fs.renameSync(old, new)`)
_TS_TWO_PATHS = frozenset({"rename", "renameSync", "copyFile", "copyFileSync", "cp", "cpSync"})
# a module binding the name `file` itself (then `file(...)` is not Python 2's builtin)
_PY_OWN_FILE = re.compile(rb"(?m)^[ \t]*(?:def[ \t]+file\b|file[ \t]*=|(?:from[ \t]+\S+[ \t]+)?"
                          rb"import[ \t][^\n]*\bfile\b|for[ \t]+file\b|with[ \t][^\n]*\bas[ \t]+file\b)")
# pathlib: `(base / name).read_text()`: the path is built by `/`, the file is touched here
PY_PATH_METHODS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "unlink",
                   "exists", "is_file", "is_dir", "iterdir", "mkdir", "rmdir", "touch", "stat",
                   "rename", "replace", "glob", "rglob"}
TS_FS = {"readFile", "readFileSync", "writeFile", "writeFileSync", "createReadStream",
         "createWriteStream", "unlink", "unlinkSync", "readdir", "rm", "rmSync", "appendFile",
         # the rest of Node's fs calls whose first argument is a path (as Python's os.listdir,
         # os.rename, os.makedirs, os.rmdir above)
         "readdirSync", "opendir", "opendirSync", "appendFileSync", "rename", "renameSync",
         "copyFile", "copyFileSync", "cp", "cpSync", "open", "openSync", "rmdir", "rmdirSync",
         "mkdir", "mkdirSync", "truncate", "truncateSync"}
TS_SEND = {"sendFile", "download"}
# what a receiver bound by `require`/`import` is when it is Node's file system module
NODE_FS = {"fs", "fs.promises", "fs/promises", "fs-extra", "graceful-fs", "fs-extra.promises"}
WORDS = {"go": last_names(GO, GO_CTX), "python": last_names(PY, PY_PATH_METHODS, ("save",)),
         "js": last_names(TS_FS, TS_SEND)}
# `safe_join` (werkzeug.utils / werkzeug.security, flask's before 2.0, Django's
# django.utils._os): joins under a base and answers None (Django: raises) for a path that leaves
# it; pathvalidate's `sanitize_filename` removes the separators (a name, never a path)
# (a prefix test against "/", "." or a URL scheme confines nothing: rejects.TRIVIAL_PREFIX)
GUARD = (rf"HasPrefix\((?![^,()\n]*,{TRIVIAL_PREFIX})|startswith\((?!{TRIVIAL_PREFIX})|"
         rf"startsWith\((?!{TRIVIAL_PREFIX})|is_relative_to\(|filepath\.Rel\(|"
         # pathlib: `p.resolve().relative_to(base)` raises ValueError for a path outside base
         # (on a path not resolved first, `..` segments pass its lexical test)
         r"resolve\(\)\s*\.relative_to\(|"
         r"path\.relative\(|commonpath\(|IsLocal\(|EvalSymlinks|safe_join\(|sanitize_filename\(|"
         # Go `strings.ReplaceAll(name, "/", "")`: no separator left, a name and never a path
         r"\bReplace(?:All)?\(\s*[\w.]+\s*,\s*[\"`]/[\"`]")


_GO_UPLOAD = re.compile(r"\bFormFile\(|\bMultipartForm\b|\.File\[")


def _upload_name_only(ctx, call) -> bool:
    """The handler reads the upload's `Filename` and opens no archive from it (an archive's
    entry names, `zip.Reader.File[i].Name`, keep their directories: zip slip)."""
    from auditor.checks.treeutil import file_index, guarded

    idx = file_index(ctx)
    return idx is not None and guarded(idx, call.func, r"\.Filename\b") and \
        not guarded(idx, call.func, r"\b(?:zip|tar|gzip)\.(?:New)?Reader|OpenReader")


def _rooted(call, idx) -> bool:
    """Express `res.sendFile(name, { root })`: the `send` module resolves the name under the
    root and answers 403 to a path that leaves it (`..` segments), so the name cannot escape."""
    if call.name != "sendFile" or len(call.args) < 2:
        return False
    opts = call.args[1]
    return opts.type == "object" and any(
        (p.type == "pair" and idx.text(p.child_by_field_name("key")) == "root")
        or (p.type == "shorthand_property_identifier" and idx.text(p) == "root")
        for p in opts.named_children)


# pathlib attributes that only read the path's text: `Path(url).suffix` touches no file, and
# `Path(name).name` is the base name (what `os.path.basename` gives)
PURE_PATH_ATTRS = frozenset({"suffix", "suffixes", "stem", "name", "parts", "drive", "root",
                             "anchor", "is_absolute", "is_reserved", "match"})


def _pure_path(call) -> bool:
    """`pathlib.Path(x).suffix`: the path made only to read a part of its text."""
    if call.name != "Path":
        return False
    parent = call.node.parent
    if parent is None or parent.type != "attribute":
        return False
    attr = parent.child_by_field_name("attribute")
    return attr is not None and attr.text.decode("utf-8", "replace") in PURE_PATH_ATTRS


def _path_join(call, idx):
    """The segment joined by `/` into a pathlib path whose file this call touches:
    `p = base / name; p.read_text()` or `(base / name).open()` -> `name`."""
    from auditor.checks.treeutil import unwrap

    if call.name not in PY_PATH_METHODS or not call.receiver:
        return None
    fn = call.node.child_by_field_name("function")
    recv = unwrap(fn.named_children[0]) if fn is not None and fn.named_children else None
    values = [recv]
    if recv is not None and recv.type == "identifier":
        values = [unwrap(v) for v, op, _ in idx.assigns_in(call.func).get(idx.text(recv), [])
                  if op == "="]
    for v in values:
        if v is not None and v.type == "call":  # (base / name).resolve()
            f = v.child_by_field_name("function")
            v = unwrap(f.named_children[0]) if f is not None and f.named_children else None
        if v is not None and v.type == "binary_operator":
            op = v.child_by_field_name("operator")
            if op is not None and op.type == "/":
                return v.child_by_field_name("right")
    return None


class PathTraversal(AcrossFunctions, Rule):
    __doc__ = __doc__
    id = "path-traversal"
    name = "PathTraversal"
    category = "path-traversal"
    cwe = ("CWE-22",)
    severity = "high"
    confidence = "medium"
    precision = "high"
    positive = [
        Example("go", 'package h\n\nfunc H(c *fiber.Ctx) error {\n\treturn c.SendFile("uploads/" + c.Params("name"))\n}\n'),
        Example("python", 'import pathlib\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n'
                          '@app.get("/read")\ndef read():\n'
                          '    return pathlib.Path(request.args["f"]).read_text()\n'),
        Example("typescript", 'import fs from "fs";\nexport function h(req, res) {\n'
                              '  res.send(fs.readFileSync("files/" + req.query.name));\n}\n'),
    ]
    negative = [
        Example("go", 'package h\n\nfunc H(c *fiber.Ctx) error {\n'
                      '\treturn c.SendFile("uploads/" + filepath.Base(c.Params("name")))\n}\n'),
        Example("python", 'import pathlib\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n'
                          '@app.post("/import")\ndef imp():\n'
                          '    kind = pathlib.Path(request.json["image"]).suffix\n'
                          '    name = pathlib.Path(request.json["image"]).name\n'
                          '    return {"kind": kind, "name": name}\n'),
        Example("typescript", 'import fs from "fs";\nexport function h(req, res) {\n'
                              '  res.send(fs.readFileSync("files/index.html"));\n}\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        if not mentions(ctx, WORDS.get(ctx.language, WORDS["js"])):
            return

        imports = import_map(ctx) if ctx.language not in ("go", "python") else {}

        def select(call, idx):
            joined = _path_join(call, idx) if idx.lang == "python" else None
            if joined is not None:
                return joined, True
            if not self._sink(call, idx, imports) or not call.args:
                return None
            served = call.callee == "http.ServeFile" and len(call.args) > 2
            if (call.callee in _TWO_PATHS and len(call.args) == 2) or (
                    idx.lang not in ("go", "python") and call.name in _TS_TWO_PATHS and
                    len(call.args) >= 2):
                # (`os.rename(old, new)`: either path names a file it touches)
                return (call.args[0], call.args[1]), True
            return (call.args[2] if served else call.args[0]), True

        for call, culprits, names in tainted_calls(ctx, select, guard=GUARD, rule=self, rejects=PATH):
            if ctx.language == "go" and all(_GO_UPLOAD.search(t) for t, _ in culprits) and \
                    _upload_name_only(ctx, call):
                # an uploaded file's name (`file.Filename` of c.FormFile): mime/multipart hands it
                # through filepath.Base since Go 1.17 (RFC 7578 4.2), a name without directories;
                # the file's content names no path
                continue
            if call.callee == "http.ServeFile" and all(
                    re.match(r"^\w+\.URL\.Path\b", t) for t, _ in culprits) and \
                    not _unescaped(ctx, call):
                # net/http's ServeFile refuses a request whose URL path holds a ".." element
                # (fs.go containsDotDot): a name made from that path cannot climb out (unless
                # it is decoded once more: `url.PathUnescape` turns `..%2f` into `../`)
                continue
            yield sink_finding(self, ctx, call, culprits, f"File path from the request ({names}) "
                               f"reaches {call.callee}()")

    @staticmethod
    def _sink(call, idx, imports=None) -> bool:
        if idx.lang == "go":
            return call.callee in GO or (call.name in GO_CTX and re.match(r"^(c|ctx)$", call.receiver or ""))
        if idx.lang == "python":
            return call.callee in PY and not _pure_path(call) or (
                # Python 2's builtin `file(path)` opens it as open() does (unless the module
                # defines a `file` of its own)
                call.callee == "file" and bool(call.args) and
                _PY_OWN_FILE.search(idx.data) is None) or (
                call.name == "save" and bool(call.args) and
                (_UPLOAD_RECV.search(call.receiver or "") is not None or
                 _from_request_files(idx, call)))
        bare = (imports or {}).get(call.name, "") if not call.receiver else ""
        return (call.name in TS_FS and (re.search(r"(^|\.)(fs|fsp|promises|fs/promises)$", call.receiver or "")
                                        or (imports or {}).get(call.receiver or "") in NODE_FS
                                        # `import { unlinkSync } from "fs"; unlinkSync(p)`
                                        or bare.rsplit(".", 1)[0] in NODE_FS)) \
            or (call.name in TS_SEND and re.match(r"^(res|response|reply)$", call.receiver or "")
                and not _rooted(call, idx))


def _unescaped(ctx, call) -> bool:
    """The handler decodes a value once more (`url.PathUnescape(p)`, `QueryUnescape`): a
    `..%2f` that passed ServeFile's test of the decoded URL path becomes `../` there."""
    from auditor.checks.treeutil import file_index, guarded

    idx = file_index(ctx)
    return idx is not None and guarded(idx, call.func, r"\b(?:Path|Query)?Unescape\(")


def _from_request_files(idx, call) -> bool:
    """`imagine = request.files.get("avatar")` (or a loop over `request.files.getlist(...)`)
    in the function: the receiver of `.save(dst)` is an upload, whatever it is called."""
    from auditor.checks.treeutil import guarded

    recv = call.receiver or ""
    return re.fullmatch(r"[A-Za-z_]\w*", recv) is not None and guarded(
        idx, call.func, rf"(?:\b{recv}\s*=\s*|\bfor\s+{recv}\s+in\s+)(?:flask\.)?request\.files\b")


# Werkzeug's FileStorage (`request.files["f"]`, Flask's upload): `file.save(dst)` writes the
# upload at `dst` (an upload's own name in it is the requester's choice)
_UPLOAD_RECV = re.compile(r"(?i)(?:^|[._])(?:file|upload|uploaded_?file|f|image|img|photo|"
                          r"picture|attachment|avatar|document|doc)s?$|file$")
