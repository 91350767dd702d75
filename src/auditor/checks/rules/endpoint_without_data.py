"""An endpoint whose trace reaches no service, repository or database at all.

What it finds:
A non-static endpoint (not health, readiness, version or docs) whose handler, followed through
the call graph, reaches no service, no repository and no database call: no call on its chain
reaches a database, cache or document store of a known library (SQLAlchemy, Django ORM, GORM,
database/sql, Prisma, TypeORM, Mongoose, Redis...), wherever it is made, the handler included. Reported as information
for the checklist ("All handlers traced to services"): a legitimately static endpoint is fine,
but a data endpoint that touches no data is a stub.

Why it matters:
It is the inventory view of "real implementation": every endpoint either serves data from its
store or is knowingly static.

Example:
    @app.get("/api/analytics/summary")
    def summary():
        return build_summary()   # a helper that reads nothing

An endpoint whose route middleware (not its auth) reads the data the handler renders
(`r.Use(accountCtx)`, `router.get("/:id", loadItem, show)`) is not reported either, nor one whose
middleware looks up what the handler renders in state the process holds and hands it over on
the request (`c.Set("program", server)` then `c.MustGet("program")` in the handler). An endpoint
whose chain keeps its state in the session (a login or logout, `session.Save()`) or
in files it saves, reads or serves (`c.SaveUploadedFile`, `os.WriteFile`, `res.sendFile`) is not
reported: its data is there; nor one that puts a message on a queue or a stream (a producer),
keeps its state in the process under a lock (`p.RLock()` around a map), or generates a captcha
(the captcha package keeps the answer in its store). Nor are endpoints whose data is
elsewhere by design: one that calls another service over HTTP (`fetch`, axios, Go's http
client, requests, httpx), a server-rendered page (`res.render`, `render_template`, an
html/template `Execute`), the redirect to an OAuth provider (`AuthCodeURL`,
`authorize_redirect`), a route behind `passport.authenticate` (the strategy finds or creates the
user), one that sets or clears a cookie. Nor is an OPTIONS route that a CORS middleware alone
answers (`app.options('*', cors())`) or whose own handler answers the CORS headers: a
preflight carries headers, no data. Nor are: an authenticated route that answers the request's
user (`request.user`, `current_user`, a param decorator handing it over) or calls its model
methods (`req.user.save()`, or `user = request.user.object; user.delete()`); a DRF generic view that saves through a ModelSerializer, DRF's
ObtainAuthToken, Django's TemplateView/RedirectView; a GET that only redirects; SDK calls whose
data lives in another service (S3 presigned URLs, mail, Stripe, Twilio/LLM `messages.create`,
Celery's `delay`); host metrics (gopsutil, psutil); an answer read from the process
environment; asset paths (`.css`, `.svg`, `.yaml`); the API root and a router fallback at the
root or an API version (`/*`, `/api/v1/{path:.*}`); a JSON Schema document of a model; a
handler every run of which raises (an error endpoint, there to test the error pages); an answer
of the binary's build stamp (`w.Write([]byte(version.Commit))`, set by the linker); the GET of a
route group's own root answering one fixed text (`/admin/`, a greeting); an image the handler
renders (an image Content-Type, Go's `png.Encode(w, ...)`); an authenticated GET answering a
status and no body (`ctx.SendStatus(204)`, a probe of the credentials); the router's own route table (`app.Stack()`); a Go
handler answering a variable of another package of the program (`util.SubnetRangesOrder`,
state the process holds); a validation answering one boolean verdict or another
(`{"validationError": true}` / `false`); a route whose last function is Express's
error-handling middleware (`(err, req, res, next)`), which the trace took for its handler; a handler switched off in production (`if
(process.env.NODE_ENV === "production") return 404`); a file the client uploads, read by
the handler (`r.FormFile`, `r.MultipartReader()`); the application's own data store read or
written on the chain (`self.datastore.data['watching']`, a JSON-file store); a file sent from a
folder (`send_from_directory`, `res.download`); a call on another service's SDK client
(`langsmith_client.create_feedback(...)`) that the call graph does not resolve into the
project.

Only a handler that merely computes its answer is reported: every call on its chain is the
request's or the response's API, formatting, logging, a hash, an encoding, a random value, a
literal's method, or a function on the chain itself. One that calls anything else (a library's
function that reads or changes state: a file, a process, a connection, another service; or a
call the call graph could not resolve, on a field or on what such a call returned) does work
the trace cannot see into, and is not reported: a stand-in does no work.

And only one whose answer is made up: a literal (records, a list, an acknowledgement, a bare
status), a value written down literally before it is answered, what a helper that only ever
returns literals gives it, random or fake values, a not-implemented refusal, or an answer that
reads nothing of the program (nothing at all, or an echo of the request). A handler whose
answer reads what the program holds (its configuration package, a registry of plugins, a
module's or package's variable, the settings, the fields of the server object it is a method
of, `this`/`self` state) answers the program's own state: data-less by design, not reported.

Fix:
Trace the endpoint to the service that owns its data; an endpoint that is static by design can
be left as it is (the finding is information) or suppressed with an
`auditor: ignore[endpoint-without-data]` comment on the line the finding names.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.access import CATCH_ALL
from auditor.checks.base import Example, Rule
from auditor.checks.impl import (LOGOUT_ROUTE, cors_preflight, impl_context, is_static_endpoint,
                                 production_path, short)
from auditor.endpoints.auth import NEST_PASSPORT
from auditor.model import Finding

_POS = '''from fastapi import FastAPI

app = FastAPI()


def build_summary():
    return {"visits": 10}


@app.get("/api/analytics/summary")
def summary():
    return build_summary()
'''
# A stand-in that computes: a signature checked and dropped, random numbers as its data.
_POS_GO_COMPUTES = '''package api

import (
	"crypto/hmac"
	"crypto/sha256"
	"math/rand"
	"net/http"

	"github.com/gin-gonic/gin"
)

func Webhook(c *gin.Context) {
	body, _ := c.GetRawData()
	mac := hmac.New(sha256.New, []byte("k"))
	mac.Write(body)
	if !hmac.Equal(mac.Sum(nil), []byte(c.GetHeader("X-Signature"))) {
		c.Status(http.StatusUnauthorized)
		return
	}
	c.Status(http.StatusNoContent)
}

func Stats(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"visits": rand.Intn(1000)})
}

func Register(r *gin.Engine) {
	r.POST("/webhooks/payments", Webhook)
	r.GET("/api/stats", Stats)
}
'''
# Handlers doing work the trace cannot see into: a process the daemon runs (a library's call
# on what it returned), the host's files.
_NEG_GO_WORK = '''package api

import (
	"net/http"
	"os/exec"
	"path/filepath"

	"github.com/gin-gonic/gin"
)

func Restart(c *gin.Context) {
	cmd := exec.Command("systemctl", "restart", c.Param("unit"))
	if err := cmd.Run(); err != nil {
		c.Status(http.StatusInternalServerError)
		return
	}
	c.Status(http.StatusNoContent)
}

func Logs(c *gin.Context) {
	matches, _ := filepath.Glob("/var/log/app/*.log")
	c.JSON(http.StatusOK, gin.H{"files": matches})
}

func Register(r *gin.Engine) {
	r.POST("/api/units/:unit/restart", Restart)
	r.GET("/api/logs", Logs)
}
'''
_NEG = '''from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/version")
def version():
    return {"version": "1.2.0"}
'''


# A logout that puts its log message on a queue, a captcha generated by a captcha package (its
# store keeps the answer), a collection held in memory under a lock.
_NEG_GO_STATE = '''package api

import (
\t"net/http"
\t"sync"

\t"github.com/gin-gonic/gin"
\t"github.com/mojocn/base64Captcha"
)

type Queue interface{ Append(msg string) error }

var queue Queue
var store = base64Captcha.DefaultMemStore

type Proxies struct {
\tsync.RWMutex
\tbyName map[string]string
}

var proxies = &Proxies{byName: map[string]string{}}

func (p *Proxies) Names() []string {
\tp.RLock()
\tdefer p.RUnlock()
\tout := []string{}
\tfor k := range p.byName {
\t\tout = append(out, k)
\t}
\treturn out
}

func logLogout(user string) {
\tmsg := "logout " + user
\tqueue.Append(msg)
}

func LogOut(c *gin.Context) {
\tlogLogout(c.GetString("user"))
\tc.JSON(http.StatusOK, gin.H{"msg": "bye"})
}

func Captcha(c *gin.Context) {
\tdriver := base64Captcha.NewDriverDigit(80, 240, 4, 0.7, 80)
\tid, b64s, _, err := base64Captcha.NewCaptcha(driver, store).Generate()
\tif err != nil {
\t\tc.JSON(500, gin.H{"error": "captcha"})
\t\treturn
\t}
\tc.JSON(http.StatusOK, gin.H{"id": id, "data": b64s})
}

func ListProxies(c *gin.Context) {
\tc.JSON(http.StatusOK, proxies.Names())
}

func Register(r *gin.Engine) {
\tr.POST("/api/v1/logout", LogOut)
\tr.GET("/api/v1/captcha", Captcha)
\tr.GET("/proxies", ListProxies)
}
'''
# An example page calling a third-party API, a login page rendered from its template, an OAuth
# callback behind passport.authenticate, a logout clearing its cookie.
_NEG_JS_PAGES = '''const express = require('express');
const passport = require('passport');

const app = express();

app.get('/api/releases', async (req, res) => {
  const r = await fetch('https://api.github.com/repos/acme/app/releases');
  res.json(await r.json());
});

app.get('/login', (req, res) => {
  res.render('account/login', { title: 'Login' });
});

app.get('/auth/github/callback', passport.authenticate('github', { failureRedirect: '/login' }), (req, res) => {
  res.redirect('/');
});

app.post('/logout', (req, res) => {
  res.clearCookie('sid');
  res.redirect('/');
});

module.exports = app;
'''
# Next.js: an Open Graph image rendered from the request's title.
_NEG_NEXT_OG = '''import { ImageResponse } from "next/og"

export async function GET(req: Request) {
  const title = new URL(req.url).searchParams.get("title") ?? "Untitled"
  return new ImageResponse(<div style={{ fontSize: 64 }}>{title}</div>, { width: 1200, height: 630 })
}
'''
# Go: a page from html/template, the redirect to an OAuth provider.
_NEG_GO_PAGES = '''package web

import (
\t"html/template"
\t"net/http"

\t"golang.org/x/oauth2"
)

var loginPageTemplate = template.Must(template.New("login").Parse("<form></form>"))
var conf = &oauth2.Config{}

func loginPage(w http.ResponseWriter, r *http.Request) {
\tloginPageTemplate.Execute(w, nil)
}

func oidcLogin(w http.ResponseWriter, r *http.Request) {
\thttp.Redirect(w, r, conf.AuthCodeURL("state"), http.StatusFound)
}

func Routes(mux *http.ServeMux) {
\tmux.HandleFunc("GET /login", loginPage)
\tmux.HandleFunc("GET /oidc/login", oidcLogin)
}
'''
_NEG_STATE = '''from django.contrib.auth import logout
from django.http import FileResponse, JsonResponse


def sign_out(request):
    logout(request)
    return JsonResponse({"ok": True})


def report(request, name):
    return FileResponse(open("/srv/reports/" + name, "rb"))
'''

# Stores that are not databases: the session (Django `logout` flushes it, a Fiber or gorilla
# session store saves it), and files the app keeps (uploads saved, served or read back).
_STATE_CALL = re.compile(
    # a file the client uploads, read by the handler (net/http's Request.FormFile and
    # MultipartReader, gin/echo/fiber c.FormFile and c.MultipartForm): the endpoint's data is
    # that file
    r"^(r|req|request|c|ctx)\.(FormFile|MultipartReader|MultipartForm)$|"
    r"(^|\.)(logout|logout_user|login|flush|SaveUploadedFile|SaveFile|sendFile|send_file|"
    r"send_from_directory|download|"
    r"FileResponse|ReadFile|WriteFile|readFile|writeFile|createReadStream|createWriteStream|"
    r"SetWithTTL)$|"
    r"(^|\.)(session|sess|store|sessions|Session|Store)\.(Save|save|Destroy|destroy|Delete|Set|"
    r"Get|flush|clear|pop|regenerate)$|"
    r"^(os|ioutil)\.(Create|Open|OpenFile|ReadFile|WriteFile|Remove|ReadDir)$")


def _keys(ic, locs, kind: str) -> set[str]:
    """The keys the functions at `locs` put on the request ("set") or take from it ("get"):
    Go's context.WithValue / ctx.Value, gorilla/context, gin and echo c.Set / c.Get, fiber
    c.Locals (the index keeps them on the call)."""
    out = set()
    for file, line in locs:
        info = ic.function_at(file, line, exact=True)
        for c in (info.rec.get("calls", []) if info is not None else ()):
            got = c.get("ctx")
            if got and got[0] == kind:
                out.add(got[1])
    return out


def _hands_on_what_it_read(ic, e) -> bool:
    """A middleware of the route that put what it read or loaded on the request for the
    handler, which takes it from there: an access check (`r.Use(accountCtx)` loading the account
    by the token's id, rejecting with 401 when it is gone, and storing it with
    context.WithValue for `get` to render), or a loader of state the process holds (a server
    object looked up by the path's id and put in gin's context). The handler renders what was
    loaded one step earlier, no literal of its own."""
    loaders = tuple(getattr(e, "access_loaders", None) or ()) + \
        tuple(getattr(e, "context_loaders", None) or ())
    if not loaders:
        return False
    taken = _keys(ic, [(c.file, c.line) for c in e.chain], "get")
    return bool(taken) and any(_keys(ic, locs, "set") & taken for _mw, locs in loaders)


# Messages put on a queue or a stream (a producer: the consumer stores them), state kept in the
# process under a lock (`collection.RLock()` around a map of proxies), and a captcha generated
# by a captcha package (base64Captcha and its wrappers keep the answer in their store, where
# the login checks it).
_PRODUCE = {"publish", "produce", "enqueue", "xadd", "lpush", "rpush", "sendmessage",
            "publishmessage", "emit"}
_LOCK = {"Lock", "RLock"}


# Data read from or sent to another service over HTTP (fetch, axios, Go's http client,
# requests, httpx): the endpoint's data lives there.
_OUTBOUND = re.compile(
    r"^(fetch|axios|got|ky|superagent|needle|undici\.request|request|urlopen|"
    r"urllib\.request\.urlopen|axios\.(get|post|put|patch|delete|request|head)|"
    r"got\.(get|post|put|patch|delete)|requests\.(get|post|put|patch|delete|head|request)|"
    r"httpx\.(get|post|put|patch|delete|request|stream)|http\.(Get|Post|Head|PostForm|"
    r"NewRequest|NewRequestWithContext)|[\w.]*[cC]lient\.(Do|Get|Post|Head|PostForm))$")
# A server-rendered page (the template is the answer; next/og's ImageResponse renders an image
# from JSX, an Open Graph card) and the redirect to an OAuth provider
# (golang.org/x/oauth2's AuthCodeURL, Authlib's authorize_redirect, openid-client's
# authorizationUrl): pages and hand-offs, not data endpoints.
_PAGE_OR_HANDOFF = re.compile(
    r"(^|\.)(render|Render|render_template|TemplateResponse|ExecuteTemplate|HTML|ImageResponse|"
    r"AuthCodeURL|authorize_redirect|authorization_url|authorizationUrl|getAuthorizationUrl|"
    r"generateAuthUrl|"
    r"createAuthorizationURL|create_authorization_url)$")
# Passport's authenticate() on the route runs the strategy, whose verify callback finds or
# creates the user, and logs the user in: the handler after it only redirects.
# passport.authorize() is authenticate() for a second account: the strategy's verify callback
# finds the account and the route links it to the logged-in user (req.account).
_AUTH_STRATEGY = re.compile(r"(^|\.)passport\.(authenticate|authorize)\b")
# Services the endpoint's data lives in, reached through their SDKs by the SDKs' documented
# calls: S3-compatible object stores (presigned URLs: the client uploads or downloads the
# object there: AWS SDK v3 getSignedUrl / createPresignedPost, v2 getSignedUrl(Promise),
# boto3 generate_presigned_url/post, minio-js presigned*Object/presignedUrl, minio-go
# Presigned*Object, aws-sdk-go-v2 PresignClient.Presign*Object), mail (nodemailer
# transporter.sendMail, Go net/smtp SendMail, gomail DialAndSend), payments and messaging
# (Stripe's `stripe.<resource>.<op>`, Twilio's and the LLM SDKs' `messages.create`,
# OpenAI's `chat.completions.create`), notifications (shoutrrr.Send), a connection to another
# server (net/tls Dial, go-imap's client.Dial*), MongoDB's own driver (`new MongoClient`) and
# Mongoose's connection (a document store the data-access tables do not list).
_SERVICE_CALL = re.compile(
    r"(^|\.)(getSignedUrl|getSignedUrlPromise|createPresignedPost|generate_presigned_url|"
    r"generate_presigned_post|presignedGetObject|presignedPutObject|presignedUrl|"
    r"presignedPostPolicy|PresignedGetObject|PresignedPutObject|PresignGetObject|"
    r"PresignPutObject|sendMail|DialAndSend)$|"
    r"^smtp\.SendMail$|^stripe\.\w+\.\w+$|(^|\.)messages\.create$|"
    r"(^|\.)chat\.completions\.create$|^shoutrrr\.(Send|CreateSender)$|"
    r"^(net|tls|client)\.Dial\w*$|^(new )?MongoClient(\.connect)?$|^mongoose\.connection\.|"
    # the host itself, read from the operating system: gopsutil's cpu/mem/disk/host/load
    # packages, Go's net.Interfaces, Python's psutil, Node's os module
    r"^(cpu|mem|disk|host|load)\.(Info|Percent|Counts|Times|VirtualMemory|SwapMemory|"
    r"Partitions|Usage|IOCounters|BootTime|Uptime|Avg|Misc)(WithContext)?$|"
    r"^net\.(Interfaces|InterfaceAddrs|InterfaceByName)$|^psutil\.\w+$|"
    r"^os\.(cpus|totalmem|freemem|networkInterfaces|loadavg|uptime)$")
# Celery's Task.delay / apply_async put the task on the broker's queue (a producer).
_CELERY_SEND = re.compile(r"^[\w.]+\.(delay|apply_async)$")
# An answer that is a redirect: Express res.redirect, net/http http.Redirect, gin/echo/fiber
# c.Redirect, Flask/Django redirect(), Starlette RedirectResponse, Next's NextResponse.redirect.
_REDIRECT = re.compile(r"(^|\.)(redirect|Redirect|RedirectResponse|HttpResponseRedirect)$")
_ANSWER = re.compile(r"(^|\.)(json|JSON|send|Send|SendString|write|Write|render|Render|"
                     r"render_template|jsonify|Response|JSONResponse|HttpResponse|"
                     r"JsonResponse|HTML|String|Blob|Stream|sendFile|end|status)$")


_COOKIE = re.compile(r"(^|\.)(SetCookie|set_cookie|delete_cookie|clearCookie|cookie|Cookie)$")


# A JSON Schema document made from a model (Pydantic v2's model_json_schema, v1's
# schema_json, zod-to-json-schema, Zod 4's z.toJSONSchema): the description of an input or an
# output, documentation like an OpenAPI document.
_SCHEMA_DOC = re.compile(r"(^|\.)(model_json_schema|schema_json|zodToJsonSchema|toJSONSchema)$")


def _other_state(callee: str, file: str = "") -> bool:
    if _SERVICE_CALL.search(callee) or _SCHEMA_DOC.search(callee):
        return True
    if file.endswith(".py") and _CELERY_SEND.match(callee):
        return True
    callee = callee[4:] if callee.startswith("new ") else callee  # `new ImageResponse(...)`
    if _OUTBOUND.match(callee) or _PAGE_OR_HANDOFF.search(callee) or _COOKIE.search(callee):
        return True  # (a cookie set or cleared: the session's state is kept by the client)
    if callee.endswith(".Execute") and "emplate" in callee:
        return True  # Go's html/template: `loginPageTemplate.Execute(w, data)`, a page
    parts = callee.split(".")
    last = parts[-1]
    if last.lower() in _PRODUCE or "Queue" in last or "queue" in parts[0].lower():
        return True
    if last in _LOCK and len(parts) > 1:
        return True
    return len(parts) > 1 and parts[0].lower() in ("captcha", "base64captcha")


# The client object of another service's SDK, by the name the SDKs' documentation gives it
# (`langsmith_client = langsmith.Client()`, `s3Client`, `self.client`): a call on it that the
# call graph does not resolve to the project's own code goes to that service.
_CLIENT_RECEIVER = re.compile(r"(?:^|[._])(?:[a-z]\w*_)?[cC]lient$|[a-z0-9]Client$")


def _sdk_client_call(callee: str, own: set[str]) -> bool:
    if "." not in callee or "(" in callee:
        return False
    receiver, method = callee.rsplit(".", 1)
    return bool(_CLIENT_RECEIVER.search(receiver)) and method not in own


# The application's own data store object, by the name it goes by (`self.datastore.data[
# 'watching']`, `datastore.sync_to_json()`, `dataStore.get(...)`): the app keeps its records
# there (a JSON-file store, a key-value store the project wraps), whatever the trace makes of it.
_DATASTORE = re.compile(r"\b(?:datastore|data_store|dataStore|DataStore)\s*[.\[]")


def _reads_datastore(ic, e) -> bool:
    for node in e.chain[:12]:
        info = ic.function_at(node.file, node.line, exact=True)
        if info is None:
            continue
        lines = _file_lines(ic, info.file)[info.rec["line"] - 1:info.rec["end_line"]]
        if any(_DATASTORE.search(ln) for ln in lines):
            return True
    return False


def _keeps_state(ic, e) -> str:
    """A call on the endpoint's chain that keeps or reads its state outside a database."""
    if _reads_datastore(ic, e):
        return "datastore"
    own = {n.name.rsplit(".", 1)[-1] for n in e.chain}
    for node in e.chain:
        info = ic.function_at(node.file, node.line, exact=True)
        for c in (info.rec.get("calls", []) if info is not None else ()):
            callee = c.get("callee") or ""
            # (a wrapper named after the SDK's method it calls, `GetOrder` calling
            # `p.Client.GetOrder`, is the project's own name for that call)
            mine = own - {node.name.rsplit(".", 1)[-1]}
            if _STATE_CALL.search(callee) or _other_state(callee, node.file) or \
                    _sdk_client_call(callee, mine):
                return c["callee"]
    return ""


# The request's authenticated user, as the frameworks hand it over: Django/DRF `request.user`
# (the authentication classes load it from the user model), Flask-Login's and
# Flask-JWT-Extended's `current_user` (the app's user loader), Flask's `g.user`, Express and
# Nest `req.user` / `request.user` (passport's strategy puts the user it found there).
_REQUEST_USER = re.compile(r"\b(?:self\.request|request|req|ctx\.request)\.user\b|"
                           r"\bcurrent_user\b|\bg\.(?:user|current_user)\b|"
                           r"\bgetRequest\(\)\.user\b")
def _member_re(value: str) -> re.Pattern:
    """A member of an object or dict literal whose value is `value` (`data: user,`)."""
    return re.compile(r"[\w$\"']\s*:\s*(?:" + value + r")\s*[,}\n]")


_USER_MEMBER = _member_re(_REQUEST_USER.pattern)
# a local set to the request's user or one attribute of it (`request.user.object`)
_USER_ALIAS = re.compile(r"(?:" + _REQUEST_USER.pattern + r")(?:\.[A-Za-z_]\w*)?")
# what a model instance does to its own row, across ORMs (Django, Mongoose, Sequelize,
# TypeORM's active records, Peewee)
_RECORD_WRITES = frozenset({"save", "delete", "adelete", "asave", "refresh_from_db",
                            "arefresh_from_db", "remove", "destroy", "reload", "update",
                            "deleteOne", "updateOne", "delete_instance"})
_WORD = re.compile(r"[A-Za-z_$][\w$]*")
_BUILT = re.compile(r"[{\[]")


def _answers_request_user(ic, e) -> bool:
    """An authenticated route whose handler answers the request's user: the record its
    authentication loaded from the user store (`return current_user`, `Response(
    user_get_login_data(user=request.user))`, Nest's `@AuthUser() user` -> `user.toDto()`).
    Its data was read one step earlier, by the auth; a literal answer is still a stub."""
    if e.auth != "required":
        return False
    h = ic.function_at(e.chain[0].file, e.chain[0].line, exact=True)
    if h is None:
        return False
    rec = h.rec
    # locals holding the user record (`user = request.user.object`, Starlette's wrapper)
    aliases = {a["target"] for a in rec.get("assigns", ())
               if a.get("target") and _USER_ALIAS.fullmatch(
                   (a.get("text") or "").partition("=")[2].strip().rstrip(";"))}
    for c in rec.get("calls", ()):
        # the handler calls the user record's own methods (`req.user.save()`, a Mongoose
        # document's; `current_user.confirm_account(token)`, a SQLAlchemy model's)
        callee = c.get("callee") or ""
        m = _REQUEST_USER.match(callee)
        if m and callee.startswith(m.group(0) + ".") and \
                not callee.endswith(("._id.toString", ".toString", ".get", ".id")):
            return True
        # or a persistence method of it through a local (`user.delete()`)
        root, _, meth = callee.partition(".")
        if root in aliases and meth in _RECORD_WRITES:
            return True
    answers = list(rec.get("returns", ())) + list(rec.get("responses", ()))
    answers = [a for a in answers if (a.get("text") or "").strip() not in ("", "return")]
    if not answers or any(a.get("literal") and a.get("data") for a in answers):
        return False
    from_user = {a["target"] for a in rec.get("assigns", ())
                 if a.get("target") and _REQUEST_USER.search(a.get("text") or "")}
    # the answer is the user (or what a function makes of it), not a literal built around it
    # (`res.json({owner: req.user.id, rows: []})` is still a stub)
    if any((_REQUEST_USER.search(a["text"]) or from_user & set(_WORD.findall(a["text"])))
           and not _BUILT.search(a["text"]) for a in answers):
        return True
    # or the record itself as a member of what it builds (`{ user: req.user, message }`), not
    # one attribute of it
    if any(_USER_MEMBER.search(a["text"]) for a in answers):
        return True
    held = sorted(n for n in from_user if _WORD.fullmatch(n))
    if held:  # (`const user = req.user; res.json({ success: true, data: user })`)
        member = _member_re("|".join(map(re.escape, held)))
        if any(member.search(a["text"]) for a in answers):
            return True
    # a helper or a parameter decorator on the chain hands the request's user over
    # (Nest's createParamDecorator(... => request.user))
    called = {(c.get("callee") or "").rsplit(".", 1)[-1] for c in rec.get("calls", ())}
    for node in e.chain[1:]:
        info = ic.function_at(node.file, node.line, exact=True)
        if info is None:
            continue
        texts = [a.get("text") or "" for a in info.rec.get("assigns", ())] + \
                [r.get("text") or "" for r in info.rec.get("returns", ())]
        owner = [p for p in node.name.split(".") if not p.startswith("<")]
        if any(_REQUEST_USER.search(t) for t in texts) and owner and owner[-1] in called:
            return True
    return False


def _answers_injected(ic, e) -> bool:
    """A Python view that answers a parameter no URL segment fills (`def get(self, project):
    return project` under `method_decorators = [need_auth]`, the decorator looking the project
    up and calling the view with `project=project`): the record was read one step earlier, by
    the decorator around it. A literal built around it is still a stub."""
    if not e.chain or not e.middleware:
        return False
    h = ic.function_at(e.chain[0].file, e.chain[0].line, exact=True)
    if h is None or not (e.chain[0].file or "").endswith(".py"):
        return False
    rec = h.rec
    segs = set(re.findall(r"[<{:]\s*(?:\w+:)?(\w+)", e.path or ""))
    params = [p if isinstance(p, dict) else {"name": p} for p in rec.get("params", ())]
    injected = {p["name"] for p in params if p.get("name") and not p.get("star")
                and not p.get("default") and p["name"] not in segs and
                p["name"].lstrip("*") == p["name"] and
                p["name"] not in ("self", "cls", "request", "req")}
    if not injected:
        return False
    answers = [a for a in rec.get("returns", ()) if (a.get("text") or "").strip()]
    return bool(answers) and all(
        (_WORD.findall(a["text"]) or [""])[0] in injected and not _BUILT.search(a["text"])
        for a in answers)


def _redirects_only(ic, e) -> bool:
    """A handler whose only answer is a redirect (after a flash message, a check of the
    target): it hands the client on and serves no representation of its own. GET only: a
    form's POST that redirects without doing anything is a stub."""
    if (e.method or "").upper() not in ("GET", "HEAD"):
        return False
    h = ic.function_at(e.chain[0].file, e.chain[0].line, exact=True)
    if h is None or len(e.chain) > 3:
        return False
    calls = [c.get("callee") or "" for c in h.rec.get("calls", ())]
    if not any(_REDIRECT.search(c) for c in calls):
        return False
    if any(_ANSWER.search(c) and not _REDIRECT.search(c) for c in calls):
        return False
    return not any(r.get("literal") and r.get("data") for r in h.rec.get("returns", ()))


# A path that names a file type of the web's assets: a stylesheet or script the server
# writes from its configuration, an image it renders (`/api/avatar/{hash}.svg`), a spec
# document (`openapi.yaml`). Not `.json`/`.xml`/`.csv`, which APIs and feeds answer data in.
_ASSET = re.compile(r"\.(css|m?js|svg|png|jpe?g|gif|ico|webp|txt|ya?ml|map|woff2?)$|"
                    # a folder of static files served under a catch-all (`/css/{path:.*}`), the
                    # profiler's pages (`/debug/pprof/...`)
                    r"^/(?!api/|v\d+/)(?:[\w-]+/)?(css|js|static|assets|fonts)/[{:*<\[]|"
                    r"(^|/)debug/pprof(/|$)", re.I)
# The process environment as the languages read it.
_ENV_READ = re.compile(r"\bprocess\.env\b|\bos\.(Getenv|LookupEnv|getenv|environ)\b|"
                       r"\bimport\.meta\.env\b|\bDeno\.env\b")


# the configuration an app object holds (`a.config`, `s.cfg.JWT`, `h.settings`): loaded at start
_CONFIG_READ = re.compile(r"\b(?:self|this|[a-z]\w{0,3})\.(?:config|cfg|conf|settings|Config|"
                          r"Settings|Cfg|Conf)\b")


def _answers_configuration(ic, e) -> bool:
    """An endpoint whose answer is the deployment's configuration: what the handler (or a
    function it calls) answers reads the process environment (`res.send(process.env.
    PAYPAL_CLIENT_ID)`, `{ DISABLE_REGISTRATION: process.env.NEXT_PUBLIC_... }`): the client's
    settings, static by design for a deployment."""
    h = ic.function_at(e.chain[0].file, e.chain[0].line, exact=True)
    if h is None:
        return False
    called = {(c.get("callee") or "").rsplit(".", 1)[-1] for c in h.rec.get("calls", ())}
    for i, node in enumerate(e.chain[:4]):
        info = h if i == 0 else ic.function_at(node.file, node.line, exact=True)
        if info is None:
            continue
        if i and (info.rec.get("name") or "").rsplit(".", 1)[-1] not in called:
            continue  # only what the handler answers itself or gets from its own callees
        texts = [r.get("text") or "" for r in info.rec.get("returns", ())] + \
                [r.get("text") or "" for r in info.rec.get("responses", ())]
        if any(_ENV_READ.search(t) or _CONFIG_READ.search(t) for t in texts):
            return True
        if i == 0 and any(_CONFIG_READ.search(a.get("text") or "")
                          for a in info.rec.get("assigns", ())):
            return True  # `config := a.config` then the answer built from it (a JWKS, settings)
    return False


_API_ROOT = re.compile(r"^(api|v\d+(\.\d+)?)$", re.I)


def _fallback(path: str) -> bool:
    """A catch-all at the root of the router or of an API version (`/*`, `/api/v1/{path:.*}`):
    whatever no other route matched. A catch-all below a resource (`/api/files/*`) is a
    resource and is judged like any route."""
    m = CATCH_ALL.search(path)
    if m is None:
        return False
    return all(_API_ROOT.match(seg) for seg in path[:m.start()].split("/") if seg)


_CORS_TEXT = re.compile(r"Access-Control-Allow-|\bcors[A-Z_]|\bCORS_|\bcors\b", re.I)


def _error_middleware(e, rec: dict) -> bool:
    """Express's error-handling middleware, last in a route's list (`app.get("/flows",
    perm, flows.get, apiUtil.errorHandler)`): a function of four arguments, the error first
    (`function (err, req, res, next)`), that runs only when a function before it fails. The
    route is served by the function before it."""
    if not e.middleware or not (e.registered_at.get("file", "").endswith((".js", ".ts", ".mjs",
                                                                           ".cjs"))):
        return False
    params = list(rec.get("params") or ())
    return params[:1] in (["err"], ["error"]) and len(params) == 1


def _handler_body(ic, e) -> str:
    """The text of the route's handler (its own lines, from the scanned file; the lines of a
    file are read once per scan). Asked only of routes the trace found no data for."""
    h = ic.function_at(e.chain[0].file, e.chain[0].line, exact=True) if e.chain else None
    if h is None:
        return ""
    return "\n".join(_file_lines(ic, h.file)[h.rec["line"] - 1:h.rec["end_line"]])


def _file_lines(ic, file: str) -> list[str]:
    """A scanned file's lines, read once per scan."""
    cache = ic.memo.setdefault("ewd.lines", {})
    lines = cache.get(file)
    if lines is None:
        from pathlib import Path

        root = getattr(ic.ctx, "root", None)
        try:
            lines = (Path(root) / file).read_text(errors="replace").splitlines() if root else []
        except OSError:
            lines = []
        cache[file] = lines
    return lines


def _handler_records(ic, e) -> list[dict]:
    """The records of the route's handler and of the functions written inside it (the
    closure a Go handler factory returns: `func X() echo.HandlerFunc { return func(c) ... }`)."""
    h = ic.function_at(e.chain[0].file, e.chain[0].line, exact=True) if e.chain else None
    if h is None:
        return []
    lo, hi = h.rec["line"], h.rec["end_line"]
    return [info.rec for info in ic.by_file.get(h.file, ()) if lo <= info.rec["line"] <= hi]


def _answers(ic, e) -> list[dict]:
    """The responses of the route's handler and of the functions written inside it."""
    return [r for rec in _handler_records(ic, e) for r in rec.get("responses", ())]


# Build information stamped into the binary: Go's convention is a package variable the linker
# sets (`go build -ldflags "-X pkg.Commit=$(git rev-parse HEAD)"`: Version, Commit, BuildDate,
# GitCommit...), read as `pkg.Commit`; `debug.ReadBuildInfo()` reads the module's own. An
# answer made of it describes the deployment.
_BUILD_STAMP = re.compile(r"\b[a-z]\w*\.(?:Version|Commit|GitCommit|CommitHash|CommitSHA|GitSHA|"
                          r"Revision|GitRevision|BuildDate|BuildTime|BuildVersion|BuildInfo)\b|"
                          r"\bdebug\.ReadBuildInfo\(")
# The calls that write an answer (net/http's w.Write and fmt.Fprint to the writer included).
_WRITE_ANSWER = re.compile(r"\b(?:Write|WriteString|JSON|String|Send\w*|Fprint\w*|json|send|"
                           r"Response|JSONResponse)\(")


# An image the handler renders: its answer's Content-Type is an image type
# (`w.Header().Set("Content-Type", "image/jpeg")`, `c.Set("Content-Type", "image/png")`,
# `res.type("image/svg+xml")`) or Go's image encoders write it (`png.Encode(w, img)`).
_IMAGE_ANSWER = re.compile(r"""Content-Type["'`]\s*,\s*["'`]image/|\.type\(\s*["'`]image/|"""
                           r"\b(?:png|jpeg|gif)\.Encode\(\s*w\b")


# The router's own table of routes (fiber's App.Stack, gin's Engine.Routes, echo's
# Echo.Routes, chi's Mux.Routes): an answer listing the app's routes describes the app.
_ROUTE_TABLE = re.compile(r"\.(?:Stack|Routes|GetRoutes)\(\)")
# A handler that answers 404/403 in production (`if (process.env.NODE_ENV === "production")
# return ... 404`): a development or test helper, not an endpoint of the deployed app.
_PRODUCTION_OFF = re.compile(r"""NODE_ENV\s*===?\s*["']production["']|"""
                             # Flask: `if not current_app.testing: abort(404)`, a test's helper
                             r"""\bif\s+not\s+(?:current_)?app\.(?:testing|debug)\s*:""")
_REFUSED = re.compile(r"\b40[34]\b|NotFound|Forbidden|notFound")


def _dev_only(ic, e) -> bool:
    body = _handler_body(ic, e)
    m = _PRODUCTION_OFF.search(body)
    return m is not None and bool(_REFUSED.search(body[m.end():m.end() + 200]))


def _answers_route_table(ic, e) -> bool:
    return any(_ROUTE_TABLE.search(r.get("text") or "") for r in _answers(ic, e))


# `c.JSON(http.StatusOK, util.SubnetRangesOrder)`: the whole answer is a variable of another
# package of the program (Go: `alias.Exported`), state the process holds (configuration read at
# start, a registry filled by other routes).
_PACKAGE_VALUE = re.compile(r",\s*&?([a-z]\w*)\.([A-Z]\w*)\s*\)$")


_GO_IMPORT = re.compile(r"""^\s*(?:import\s+)?(?:([A-Za-z_]\w*)\s+)?"([^"\s]+)"\s*$""")


def _go_module_imports(ic, file: str) -> set[str]:
    """The names a Go file's imports of modules (not the standard library, whose first path
    element has no dot) go by: the explicit alias or the path's last element."""
    return {n for n, p in _go_all_imports(ic, file).items() if "." in p.split("/", 1)[0]}


def _answers_package_state(ic, e) -> bool:
    h = ic.function_at(e.chain[0].file, e.chain[0].line, exact=True)
    if h is None or not h.file.endswith(".go"):
        return False
    aliases = _go_module_imports(ic, h.file)
    answers = [m for m in (_PACKAGE_VALUE.search(r.get("text") or "")
                           for r in _answers(ic, e) if (r.get("status") or 200) < 300) if m]
    return bool(answers) and all(m.group(1) in aliases for m in answers)


_BARE_BOOL = re.compile(r"\(\s*(?:[^,()]*,\s*)?(true|false|True|False)\s*\)\s*;?$")
_VERDICT_PAIR = re.compile(r"""^["'`]?\w+["'`]?\s*:\s*(?:true|false|True|False)$""")


def _verdict_only(ic, e) -> bool:
    """A handler that answers a verdict on what it checked: `true` and `false` themselves
    (`res.send(true)` / `res.send(false)`), or two or more different literal answers with the
    same keys, each only booleans (`{"validationError": true}` / `{"validationError": false}`
    after parsing the amount): a validation, computed from the request."""
    h = ic.function_at(e.chain[0].file, e.chain[0].line, exact=True)
    if h is None:
        return False
    rs = h.rec.get("responses", ())
    if len(rs) < 2 or not all(r.get("literal") for r in rs):
        return False
    bare = {_BARE_BOOL.search(r.get("text") or "") for r in rs}
    if None not in bare and {m.group(1).lower() for m in bare} == {"true", "false"}:
        return True  # `res.send(true)` / `res.send(false)`: the verdict itself
    bodies, keys = set(), set()
    for r in rs:
        text = r.get("text") or ""
        lo, hi = text.find("{"), text.rfind("}")
        if lo < 0 or hi <= lo:
            return False
        pairs = [x.strip() for x in text[lo + 1:hi].split(",") if x.strip()]
        if not pairs or not all(_VERDICT_PAIR.match(x) for x in pairs):
            return False
        bodies.add(" ".join(pairs))
        keys.add(tuple(sorted(x.split(":", 1)[0].strip("\"'` ") for x in pairs)))
    return len(bodies) > 1 and len(keys) == 1  # one verdict, its value told by the check


def _renders_image(ic, e) -> bool:
    return bool(_IMAGE_ANSWER.search(_handler_body(ic, e)))


# a quoted name of a template file: an answer naming one is a page the framework's (or the
# app's own) renderer fills in (gonic's `&Response{template: "login.tmpl"}`)
_TEMPLATE_FILE = re.compile(r"""["'`][\w./-]+\.(?:tmpl|tpl|gohtml|html?|jinja2?|j2|hbs|"""
                            r"""handlebars|ejs|pug|njk|mustache|liquid|twig)["'`]""")


def _names_template(ic, e) -> bool:
    """A literal answer of the handler that names a template file: a server-rendered page
    (a login form, a not-found page), not data made up."""
    return any(r.get("literal") and _TEMPLATE_FILE.search(r.get("text") or "")
               for rec in _handler_records(ic, e)
               for r in (*rec.get("returns", ()), *rec.get("responses", ())))


def _answers_build_info(ic, e) -> bool:
    """A handler that answers the build stamp of the binary (`w.Write([]byte(wtf.Commit))`,
    `c.JSON(fiber.Map{"version": bininfo.Version, "build": bininfo.BuildTime})`)."""
    if any(_BUILD_STAMP.search(r.get("text") or "") for r in _answers(ic, e)):
        return True
    body = _handler_body(ic, e)
    return any(_WRITE_ANSWER.search(ln) and _BUILD_STAMP.search(ln) for ln in body.splitlines())


# The answers that carry a status and no body: fiber's SendStatus, Express's sendStatus,
# net/http's WriteHeader, echo's NoContent, gin's AbortWithStatus / Status.
_STATUS_ONLY = frozenset(("SendStatus", "sendStatus", "WriteHeader", "NoContent",
                          "AbortWithStatus"))


def _refuses_only(ic, e) -> bool:
    """Every answer of the handler is a client error with a literal status (`c.JSON(405,
    ...)` for the methods a route does not serve, `res.status(404).json({error: "not
    available anymore"})` for a retired one): a refusal on purpose, not a stub standing in for
    data. A 501 is not-implemented's."""
    recs = _handler_records(ic, e)
    answers = [r for rec in recs for r in rec.get("responses", ())]
    if not answers:
        # net/http: `w.WriteHeader(http.StatusGone); w.Write([]byte("will not be
        # implemented"))`, the status every answer of the handler goes with
        codes = {int(m.group(2)) if m.group(2) else _STATUS_CODES.get(m.group(1), 0)
                 for m in _WRITE_HEADER.finditer(_handler_body(ic, e))}
        return len(codes) == 1 and 400 <= next(iter(codes)) < 500
    if not all(isinstance(r.get("status"), int) and 400 <= r["status"] < 500
               for r in answers):
        return False
    # and no other answer: every `return` gives back one of these refusals or nothing (a
    # `return {"ok": True}` after an early 404 is a success answered too)
    lines = {r["line"] for r in answers}
    return all(r["line"] in lines or r.get("text") == "return"
               for rec in recs for r in rec.get("returns", ()))


_WRITE_HEADER = re.compile(r"\.WriteHeader\(\s*(?:http\.Status(\w+)|(\d{3}))\s*\)")
_STATUS_CODES = {"BadRequest": 400, "Unauthorized": 401, "PaymentRequired": 402,
                 "Forbidden": 403, "NotFound": 404, "MethodNotAllowed": 405,
                 "NotAcceptable": 406, "Conflict": 409, "Gone": 410, "TooManyRequests": 429,
                 "NotImplemented": 501}


def _strategy_answers(ic, e) -> bool:
    """A NestJS handler with an empty body behind a guard built on @nestjs/passport's
    AuthGuard (`@UseGuards(AuthGuard('google')) googleAuth() {}`): the Passport strategy
    answers the request (an OAuth provider's redirect), as `passport.authenticate` does for
    Express; the handler is never meant to run to an answer."""
    if NEST_PASSPORT not in (getattr(e, "auth_reason", "") or "") and \
            NEST_PASSPORT not in (getattr(e, "login_strategy", "") or ""):
        return False
    h = ic.function_at(e.chain[0].file, e.chain[0].line, exact=True)
    if h is None:
        return False
    rec = h.rec
    return not rec.get("calls") and not rec.get("responses") and \
        all(r.get("text") == "return" for r in rec.get("returns", ()))


def _status_only(ic, e) -> bool:
    """An authenticated GET whose handler answers a status and no body (`ctx.SendStatus(204)`
    behind the admin auth: a probe the dashboard asks to learn whether its credentials are
    still accepted; the auth's verdict is the answer). Without auth, an empty answer to a GET
    is a stub."""
    if (e.method or "").upper() not in ("GET", "HEAD") or e.auth != "required":
        return False
    h = ic.function_at(e.chain[0].file, e.chain[0].line, exact=True)
    if h is None or h.rec.get("responses"):
        return False
    if any(r.get("literal") and r.get("data") for r in h.rec.get("returns", ())):
        return False
    return any((c.get("callee") or "").rsplit(".", 1)[-1] in _STATUS_ONLY
               for c in h.rec.get("calls", ()))


_STRING_ONLY = re.compile(r"""^\s*(?:\[\]byte\(\s*)?(?:"[^"\\]*"|'[^'\\]*'|`[^`]*`)\s*(?:\)\s*)?$""")
_ANSWER_ARGS = re.compile(r"\b(?:Write|WriteString|String|SendString|send|Send)\((.*)\)\s*;?\s*$")


def _group_index_text(ic, e) -> bool:
    """The GET of a route group's own root (other routes of the app extend its path: `/admin/`
    under which `/admin/accounts` is mounted) whose handler answers one fixed text
    (`w.Write([]byte("Hello Admin"))`): the group's greeting, static by design. A fixed JSON
    body there is still judged as data."""
    if (e.method or "").upper() not in ("GET", "HEAD"):
        return False
    prefixes = ic.memo.get("ewd.prefixes")
    if prefixes is None:
        prefixes = set()
        for other in ic.endpoints:
            segs = [x for x in (other.path or "").split("/") if x]
            for n in range(1, len(segs)):
                prefixes.add("/".join(segs[:n]))
        ic.memo["ewd.prefixes"] = prefixes
    if "/".join(x for x in (e.path or "").split("/") if x) not in prefixes:
        return False
    answers = [m.group(1) for m in map(_ANSWER_ARGS.search, _handler_body(ic, e).splitlines())
               if m]
    if not answers:
        return False
    # (`c.String(200, "...")`: the text is the last argument)
    return all(_STRING_ONLY.match(a.rsplit(",", 1)[-1]) for a in answers)


def _cors_answer(ic, e) -> bool:
    """An OPTIONS route whose own handler answers the CORS preflight: its body sets the
    Access-Control-Allow-* headers (`w.Header().Set("Access-Control-Allow-Methods", ...)`,
    `NextResponse.json({}, { headers: corsHeaders })`). A preflight carries headers, no data
    (Fetch standard, CORS protocol); an OPTIONS handler that answers anything else is judged
    like any other route. Reads the handler's own lines (OPTIONS routes only)."""
    if (e.method or "").upper() != "OPTIONS" or not e.chain:
        return False
    root = getattr(ic.ctx, "root", None)
    h = ic.function_at(e.chain[0].file, e.chain[0].line, exact=True)
    if root is None or h is None:
        return False
    from pathlib import Path

    try:
        lines = (Path(root) / h.file).read_text(errors="replace").splitlines()
    except OSError:
        return False
    body = "\n".join(lines[h.rec["line"] - 1:h.rec["end_line"]])
    return bool(_CORS_TEXT.search(body))


class EndpointWithoutData(Rule):
    __doc__ = __doc__
    id = "endpoint-without-data"
    name = "EndpointTouchesNoData"
    category = "layering"
    severity = "info"
    confidence = "medium"
    scope = "project"
    positive = [Example("python", _POS, "app.py"),
                Example("go", _POS_GO_COMPUTES, "internal/api/api.go")]
    negative = [Example("python", _NEG, "app.py"), Example("python", _NEG_STATE, "app.py"),
                Example("go", _NEG_GO_WORK, "internal/api/api.go"),
                Example("go", _NEG_GO_STATE, "internal/api/api.go"),
                Example("javascript", _NEG_JS_PAGES, "app.js"),
                Example("go", _NEG_GO_PAGES, "internal/web/web.go"),
                Example("tsx", _NEG_NEXT_OG, "app/api/og/route.tsx")]

    def check_project(self, ctx) -> Iterable[Finding]:
        ic = impl_context(ctx)
        for e in ic.endpoints:
            if touches_no_data(ic, e):
                reg = e.registered_at
                yield self.finding(reg.get("file", ""), reg.get("line", 1),
                                   f"{e.key}: handler {short(e.chain[0].name)} reaches no "
                                   "service, repository or database", endpoints=[e.key],
                                   critical_path=True)


# Calls that make up a stand-in's answer rather than work: random values (math/rand, Python's
# random, Math.random, faker: mock data), sleeping, and values computed in the process with no
# state behind them, by the package or global that computes them (hashes and MACs, encodings,
# text, numbers, dates, URLs, ids, the language's own value builders). The index already counts
# formatting, logging, conversions and the request's and the response's own API as benign
# (`BENIGN_CALL`).
_STAND_IN_CALL = re.compile(
    r"^(Math\.random|time\.Sleep|asyncio\.sleep|sleep|setTimeout|Date\.now|"
    r"encodeURIComponent|decodeURIComponent|encodeURI|decodeURI|isNaN|isFinite|"
    r"structuredClone|btoa|atob|frozenset|repr|format|"
    r"reversed|bytes|bytearray|hash|iter|next|type|vars|id|ord|chr|hex|oct|bin|divmod|pow|"
    r"abort|(new )?([\w.]+\.)?[A-Z]\w*Response(\.\w+)?|([\w.]+\.)?Http\w*Response\w*|"
    r"(new )?([\w.]+\.)?[A-Z]\w*(Error|Exception))$")
_PURE_ROOTS = frozenset((
    # Go's standard library packages that compute values (and the usual aliases)
    "fmt strings strconv bytes unicode utf8 utf16 math big bits cmplx sort slices maps errors "
    "time rand mrand crand hmac sha1 sha256 sha512 sha3 md5 subtle hex base32 base64 json xml "
    "csv pem asn1 binary gob regexp url path html uuid ulid xid nanoid shortuuid bcrypt "
    "argon2 scrypt pbkdf2 ed25519 ecdsa rsa elliptic "
    # Python's
    "re hashlib secrets random datetime timedelta calendar string textwrap itertools "
    "functools operator collections copy decimal fractions statistics enum dataclasses typing "
    "urllib parse quote unquote urlencode urlparse orjson ujson binascii struct zlib gzip "
    # JavaScript's globals and node's value modules
    "JSON Math Object Array String Number Boolean BigInt Date Symbol Reflect Intl RegExp "
    "Promise Buffer URL URLSearchParams TextEncoder TextDecoder crypto bcryptjs "
    "cuid cuid2 dayjs moment lodash _ zod z yup Joi joi faker fake Faker gofakeit chance "
    "Response NextResponse Headers Map Set WeakMap WeakSet Error "
    "c ctx w r req res request response reply").split())


def _root(callee: str) -> str:
    callee = callee[4:] if callee.startswith("new ") else callee
    return re.split(r"[.(\[]", callee, 1)[0].strip()


# A value a middleware put on the request or the response for the handler (Express's
# `res.locals.connection`, `req.app.locals`, Koa's `ctx.state`, Starlette's `request.state`,
# gin's `c.MustGet("db")`, fiber's `c.Locals("db")`): the application's own objects (a
# connection, a client, a loaded record), not the request's API. A call on one is work.
_MIDDLEWARE_VALUE = re.compile(r"(?:res|response|req|request|ctx|c)\s*\.\s*(?:locals\b|app\s*\.|"
                               r"state\b|MustGet\s*\(|Locals\s*\(|Value\s*\()")
_HANDED_ON = "<handed on by a middleware>"


# the assignment operator of an assignment's text (`x := y`, `x = y`; not `==`, `<=`, `=>`)
_ASSIGN_OP = re.compile(r"(?<![=!<>:])(?::=|=)(?![=>])")


def _local_origins(rec: dict) -> dict[str, str]:
    """Each local of the function -> the root of what it was last assigned ("" for a literal)."""
    out: dict[str, str] = {}
    for a in rec.get("assigns", ()):
        if a.get("field"):
            continue
        text = a.get("text") or ""
        m = _ASSIGN_OP.search(text)
        rhs = text[m.end():].strip().lstrip("&*") if m else ""
        rhs = re.sub(r"^(await|yield)\s+", "", rhs)
        origin = "" if a.get("literal") or not rhs or not re.match(r"[A-Za-z_$]", rhs) \
            else _HANDED_ON if _MIDDLEWARE_VALUE.match(rhs) else _root(rhs)
        for t in re.split(r"\s*,\s*", a.get("target") or ""):
            t = t.strip().lstrip("*")
            if re.fullmatch(r"[A-Za-z_$][\w$]*", t):
                out[t] = origin
    return out


def does_work(ic, e) -> str:
    """The first call on the endpoint's chain that does work the trace does not see into: a
    library's function that reads or changes state (a file, a process, a connection, another
    service, a framework's own state), or a call the call graph left unresolved (on a field,
    a parameter, a value such a call gave). A handler that does such work is doing something
    real, whatever it is; a stand-in only computes its answer: the request's and the response's
    API, formatting, logging, hashes, encodings, random values, the values of literals, and the
    functions on its own chain. "" when there is none."""
    own = {n.name.rsplit(".", 1)[-1] for n in e.chain}
    g = getattr(getattr(ic.ctx, "graph", None), "g", None)
    for node in e.chain[:200]:
        info = ic.function_at(node.file, node.line, exact=True)
        if info is None:
            continue
        # the lines of its calls the call graph resolved into the tree (`echo.ServeHTTP(w, r)`
        # on a handler of the tree): those functions are on the chain, read in their turn
        # (not a function written inline on the call's line, `conn.rename(a, b, function
        # (err) {...})`: that callback is in the tree, the library's call is not)
        inside = {d.get("line") for _n, m, d in g.out_edges(node.name, data=True)
                  if not g.nodes[m].get("external") and not (
                      g.nodes[m].get("file") == node.file and
                      g.nodes[m].get("line") == d.get("line") and
                      node.line < g.nodes[m].get("line", 0))
                  } if g is not None and node.name in g else ()
        locals_ = None
        for c in info.rec.get("calls", ()):
            callee = (c.get("callee") or "").strip()
            if c.get("benign") or c.get("line") in inside:
                continue
            if not callee or callee.split(".")[-1].split("(")[0] in own or \
                    _STAND_IN_CALL.match(callee):
                continue
            root = _root(callee)
            if root in _PURE_ROOTS:
                continue
            if locals_ is None:
                locals_ = _local_origins(info.rec)
            seen = set()
            while root in locals_ and root not in seen:  # (`mac := hmac.New(...)`; mac.Write)
                seen.add(root)
                root = locals_[root]
            if root == "" or root in _PURE_ROOTS:
                continue
            return callee
    return ""


# Random and fake values, what a stand-in fills its answer with: Math.random, Go's math/rand
# (`rand.Intn`), Python's random, faker and its kin (`faker.name()`, `gofakeit.Name()`).
_MADE_UP_CALL = re.compile(r"^(?:Math\.random|(?:[\w.]+\.)?(?:rand|mrand|random|faker|fake|"
                           r"Faker|gofakeit|chance)\.\w+|randint|randrange|uniform|choice)$")


def made_up_answer(ic, e) -> bool:
    """Whether what the handler answers is made up, as a stand-in's is, rather than computed
    from what the program holds. Made up: a literal (records, a list, an acknowledgement, a
    bare status), a value written down literally before it is answered, a literal a function
    on its chain returns, random or fake values, a not-implemented refusal; or an answer that
    reads nothing of the program at all (nothing, or an echo of the request). Computed from
    the program's state, and data-less by design: an answer that reads its configuration, a
    registry of plugins, a package or module variable, the settings, the fields of the server
    object the handler belongs to. Unknown (no record of the handler): made up, as before."""
    recs = _handler_records(ic, e)
    if not recs:
        return True
    for rec in recs:
        if rec.get("not_implemented"):
            return True
        if any(r.get("literal") and (r.get("status") or 200) < 400
               for r in rec.get("responses", ())):
            return True
        if any(r.get("literal") and r.get("data") for r in rec.get("returns", ())):
            return True
        if any(a.get("literal") and a.get("data") and not a.get("field")
               for a in rec.get("assigns", ())):
            return True  # (`out := []Item{{...}}`, then answered; not a key of a literal)
        if any(_MADE_UP_CALL.match((c.get("callee") or "").strip())
               for c in rec.get("calls", ())):
            return True
    for info in _called_on_chain(ic, e, recs, 20):  # a helper that only returns literals
        rets = info.rec.get("returns", ())
        if rets and all(r.get("literal") for r in rets) and any(r.get("data") for r in rets):
            return True
    return not program_state_read(ic, e, recs)


def _called_on_chain(ic, e, recs: list[dict], depth: int):
    """The functions among the first `depth` of the endpoint's chain that the handler's records
    call by name: the helpers its answer comes from."""
    called = {(c.get("callee") or "").rsplit(".", 1)[-1] for rec in recs
              for c in rec.get("calls", ())}
    for node in e.chain[1:depth]:
        info = ic.function_at(node.file, node.line, exact=True)
        if info is not None and (info.rec.get("name") or "").rsplit(".", 1)[-1] in called:
            yield info


_STRING_TEXT = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`[^`]*`')
# a name and the members read off it (`config.SMTPRelayConfig.Host`, `FLAG_CLASSES[...]`)
_NAME_READ = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)((?:\s*\??\.\s*[A-Za-z_$][\w$]*)*)")
# what a class-based view reads of its request (`self.request`, `self.kwargs`)
_REQUEST_MEMBER = re.compile(r"^\s*\.\s*(?:request|kwargs|args|req|params|query|body)\b")
# where a signature written on one line with its body ends (`) {`, `) error {`, `=>`, `):`)
_SIGNATURE_END = re.compile(r"=>|\)[^()]*\{|\)\s*(?:->[^:]*)?:")


def program_state_read(ic, e, recs: list[dict]) -> str:
    """The first read, in what the handler assigns or answers, of a value the program holds:
    a name that is none of its parameters, locals, the language's builtins and value
    libraries, nor a library's package (`config.Label` of the program's own config package,
    `FLAG_CLASSES`, `settings.SOCIAL_PROVIDERS`, `this.registry`, a Go receiver's fields).
    "" when the answer reads nothing but literals and the request."""
    got = _state_read_in(ic, e.chain[0].file, recs)
    if got:
        return got
    for info in _called_on_chain(ic, e, recs, 12):  # what the functions it calls read
        got = _state_read_in(ic, info.file, [info.rec])
        if got:
            return got
    return ""


def _state_read_in(ic, file: str, recs: list[dict]) -> str:
    """`program_state_read` of the records of one function (and those written inside it)."""
    h = recs[0]
    lines = _file_lines(ic, file)
    body_line = h.get("body_line") or h["line"]
    header = " ".join(lines[h["line"] - 1:body_line - 1]) if body_line > h["line"] else \
        _SIGNATURE_END.split(lines[h["line"] - 1] if h["line"] <= len(lines) else "", 1)[0]
    recv = re.match(r"\s*func\s*\(\s*(\w+)", header)
    receiver = recv.group(1) if recv else ""  # a Go receiver's fields: the server's state
    local = set(re.findall(r"[A-Za-z_$][\w$]*", header[recv.end():] if recv else header))
    for rec in recs:
        local.update(rec.get("params") or ())
        for a in rec.get("assigns", ()):
            if not a.get("field"):
                local.update(re.findall(r"(?<![\w$.])[A-Za-z_$][\w$]*",
                                        re.split(r"\[|\.", a.get("target") or "", 1)[0]))
    go = file.endswith(".go")
    program_pkgs = _go_program_imports(ic, file) if go else set()
    module = _module_names(ic, file)
    texts = [a.get("text") or "" for rec in recs for a in rec.get("assigns", ())
             if not a.get("literal")]
    texts += [r.get("text") or "" for rec in recs for r in rec.get("responses", ())
              if not r.get("literal")]
    texts += [r.get("text") or "" for rec in recs for r in rec.get("returns", ())
              if not r.get("literal")]
    for text in texts:
        m0 = _ASSIGN_OP.search(text)
        body = _STRING_TEXT.sub('""', text[m0.end():] if m0 and m0.start() < 80 else text)
        for m in _NAME_READ.finditer(body):
            root, rest = m.group(1), m.group(2)
            after = body[m.end():m.end() + 2].lstrip()[:1]
            if after in ("{", ":") or (after == "(" and not rest):
                continue  # a type's literal, a key, a function's call (judged by does_work)
            if root in ("this", "self"):
                if rest and not _REQUEST_MEMBER.match(rest):
                    return root + rest
                continue
            if rest and _MIDDLEWARE_VALUE.match(root + rest):
                return root + rest  # what a middleware put on the request: the app's state
            if go and rest and root == receiver:
                return root + rest
            if root in local:
                continue
            if go and root in program_pkgs and rest:
                if after == "(":
                    continue  # a function of the program: on the chain, read in its turn
                return root + rest  # a variable of the program's own package
            if root in module:
                return root + rest  # a module's or a package's variable, an import's value
    return ""


# what a JavaScript module binds by its imports (`import x, { a, b as c } from`,
# `import * as x from`, `const { a } = require(...)`, `const x = require(...)`)
_JS_IMPORT = re.compile(r"^\s*import\s+(?!type\b)([^'\"]*?)\s+from\s+['\"]|"
                        r"^\s*(?:const|let|var)\s+(\{[^}]*\}|[\w$]+)\s*=\s*require\(")


def _module_names(ic, file: str) -> set[str]:
    """The names a file's module (a Go file's package) binds at its top level: its variables,
    and for Python and JavaScript what its imports bind. Read once per file."""
    cache = ic.memo.setdefault("ewd.module_names", {})
    got = cache.get(file)
    if got is not None:
        return got
    facts = getattr(ic.ctx, "facts", None) or {}
    files = [file]
    if file.endswith(".go"):  # a package's variables are every file's of its folder
        packages = ic.memo.get("ewd.go_packages")
        if packages is None:
            packages = ic.memo["ewd.go_packages"] = {}
            for f in facts:
                if f.endswith(".go"):
                    packages.setdefault(f.rsplit("/", 1)[0] if "/" in f else "", []).append(f)
        files = packages.get(file.rsplit("/", 1)[0] if "/" in file else "", [file])
    names: set[str] = set()
    for f in files:
        fx = facts.get(f) or {}
        mod = fx.get("module") or ""
        for a in fx.get("assigns") or ():
            if (a.get("func") or "") in ("", mod):
                for t in a.get("targets") or [a.get("target")]:
                    if t and re.fullmatch(r"[A-Za-z_$][\w$]*", t):
                        names.add(t)
        for imp in fx.get("imports") or ():  # (Python's: kept for the project rules)
            name = imp.get("alias") or (imp.get("name") or "").split(".", 1)[0]
            if name:
                names.add(name)
    if file.endswith((".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs")):
        for ln in _file_lines(ic, file)[:400]:
            m = _JS_IMPORT.match(ln)
            if m:
                spec = m.group(1) or m.group(2) or ""
                for part in re.split(r"[{},]", spec):
                    part = part.strip()
                    if part.startswith("* as "):
                        part = part[5:]
                    part = part.split(" as ")[-1].split(":")[-1].strip()
                    if re.fullmatch(r"[A-Za-z_$][\w$]*", part):
                        names.add(part)
    cache[file] = names
    return names


def _go_all_imports(ic, file: str) -> dict[str, str]:
    """Every import of a Go file: the name it goes by -> its path."""
    cache = ic.memo.setdefault("ewd.go_all_imports", {})
    if file not in cache:
        out = {}
        for ln in _file_lines(ic, file):
            if ln.startswith(("func ", "type ", "var ", "const ")):
                break
            m = _GO_IMPORT.match(ln)
            if m:
                last = m.group(2).rstrip("/").rsplit("/", 1)[-1]
                if re.fullmatch(r"v\d+", last):
                    last = m.group(2).rstrip("/").rsplit("/", 2)[-2]
                out[m.group(1) or last.replace("-", "_").replace(".", "_")] = m.group(2)
        cache[file] = out
    return cache[file]


def _go_program_imports(ic, file: str) -> set[str]:
    """The names of a Go file's imports of the program's own packages: an import path that
    ends with a folder of the scanned tree holding Go files (`example.com/mail/config` and
    `config/`)."""
    dirs = ic.memo.get("ewd.go_dirs")
    if dirs is None:
        dirs = ic.memo["ewd.go_dirs"] = {f.rsplit("/", 1)[0] for f in ic.by_file
                                         if f.endswith(".go") and "/" in f}
    out = set()
    for name, path in _go_all_imports(ic, file).items():
        parts = path.split("/")
        if any("/".join(parts[i:]) in dirs for i in range(1, len(parts))):
            out.add(name)
    return out


def reaches_data(e) -> bool:
    """The endpoint's trace reaches a service, a repository or a data store of a known library
    (SQL, ORM, document store, cache): what the trace itself shows."""
    return bool(e.reaches_service or e.reaches_repository or e.reaches_sql or e.data_sites)


def touches_no_data(ic, e) -> bool:
    """Whether a production endpoint touches no data at all: nothing on its trace reaches a
    service or a store, it is not static or a CORS preflight, and its state lives nowhere else
    either (a session, files, another service over HTTP, a page, a middleware that loads it).
    The one definition the rule and the checklist's "every handler reaches a service or its
    data" share."""
    if reaches_data(e):
        return False
    if is_static_endpoint(e) or not e.chain or cors_preflight(e):
        return False  # a CORS preflight carries no data by design
    if _ASSET.search(e.path or ""):
        return False  # a stylesheet, script, image or spec document: an asset, not data
    if _answers_configuration(ic, e):
        return False
    if (e.path or "").strip("/") and all(_API_ROOT.match(seg) for seg in e.path.split("/")
                                         if seg):
        return False  # the API's root (`/api`, `/api/v1`): a greeting or an index, by design
    if _fallback(e.path or ""):
        return False  # a catch-all: the SPA's index, a not-found or "version gone" answer
    if LOGOUT_ROUTE.search(e.path or ""):
        return False  # a logout: it forgets a session or a token, no data is expected back
    if _cors_answer(ic, e):
        return False  # a preflight answered by the route's own handler: CORS headers only
    h = ic.function_at(e.chain[0].file, e.chain[0].line, exact=True)
    if h is not None and h.rec.get("raises"):
        return False  # every run of the handler raises: an error endpoint (an error-page test)
    if h is not None and _error_middleware(e, h.rec):
        return False  # the route's last function handles errors; the handler before it is not
        # the one traced: nothing can be said of the route's data
    if _answers_build_info(ic, e) or _group_index_text(ic, e) or _renders_image(ic, e) or \
            _status_only(ic, e) or _refuses_only(ic, e) or _strategy_answers(ic, e):
        return False  # the build stamp; a group's greeting; a rendered image; a probe; a refusal
    if _answers_route_table(ic, e) or _answers_package_state(ic, e) or _verdict_only(ic, e) or \
            _dev_only(ic, e):
        return False  # the app's routes; state the process holds; a validation; a dev helper
    if getattr(e, "page_view", "") or _names_template(ic, e):
        return False  # Django's TemplateView/RedirectView, a template named: a page or a redirect
    if not production_path(e.registered_at.get("file", "")):
        return False
    kept = _keeps_state(ic, e) or any(_AUTH_STRATEGY.search(m or "")
                                      for m in (e.middleware or ()))
    # its data lives in a session or on disk, or a middleware loads it
    if kept or getattr(e, "data_middleware", None) or getattr(e, "store_middleware", None) or \
            _hands_on_what_it_read(ic, e) or _answers_request_user(ic, e) or \
            _answers_injected(ic, e) or \
            _redirects_only(ic, e) or does_work(ic, e):
        return False
    return made_up_answer(ic, e)  # an answer computed from the program's state is by design
