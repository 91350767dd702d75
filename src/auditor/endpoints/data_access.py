"""Data access: which calls on an endpoint's chain really reach a database, a cache or a
document store, recognised by the library the receiver belongs to.

Why by library and not by name: a call reaches a store because of what its receiver *is* (a
SQLAlchemy session, a Django manager, a Prisma client, a `*gorm.DB`, a Redis client), never
because of what the variable is called. `db.get(k)` is a Redis read after `db = redis.Redis()`
and a dict lookup after `db = {}`; `User.find()` is a MongoDB query on a Mongoose model and an
array search on a list; `Article.objects.filter()` is a query only where `Article` is a Django
model. So each library below is a table row:

- `modules`: the import paths that bring it into a file (`sqlalchemy`, `gorm.io/gorm`, `mongoose`);
- `entries`: how a value of the library is obtained, as the members of those modules that yield
  one: constructors and factories (`PrismaClient`, `sessionmaker`, `drizzle`, `sql.Open`),
  the types that code is handed (`Session`, `Repository`, `*gorm.DB`, `*redis.Client`), and
  the model base classes (`models.Model`, `db.Model`, `mongoose.model(...)`, Tortoise `Model`);
- `ops`: the members that reach the store from such a value (a query set's `filter`, a
  session's `execute`, a collection's `find_one`, a client's model delegate op); `None` when
  every member does (a Redis client, a `*gorm.DB` chain, an aiosql query object);
- `skip`: members that never do (connection lifecycle, configuration, health pings);
- `direct`: entries whose call is itself the access (`get_object_or_404`, `authenticate`);
- `result_ops`: what still reaches the store when called on a call's result (a Mongoose
  document's `save()`, but not its `toJSON()`; not a `*sql.Rows`'s `Scan()`).

A call counts when its receiver, followed back through parameter annotations, assignments,
imports, re-exports, class bases, `self`/`this` attributes and function results, starts at one
of those entries and the rest of its chain holds a store operation. Three sources of evidence:

1. the receiver's origin, resolved here from the facts (the indexer's imports, annotations,
   assignments, class fields and bases);
2. the call graph's name for an external callee (`sqlmodel.Session.add`,
   `gorm.io/gorm.DB.Where`, `@prisma/client.PrismaClient.user.findMany`): the language
   resolver's typed answer, read off the graph's edges;
3. for what neither can type (an unannotated parameter, an interface wrapping `database/sql`),
   a shape gate: the file imports the library *and* the call has a shape only that library has
   (`X.objects.<query set op>` in a file that imports Django, `QueryRowContext` in a file that
   imports a Go SQL driver, `<client>.<model>.findMany({ where })`, a Prisma delegate call).

Framework semantics that put data access outside the handler's own calls are recognised here
too: a DRF or Django generic view's `queryset = ...`/`model = ...` class attribute (the data the
routed action reads), the views a framework ships (`django.contrib.auth`'s LoginView on POST),
the implied calls of a DRF serializer (`is_valid()` runs `validate*`, `save()` runs
`create`/`update`), NestJS CQRS (`commandBus.execute(new C())` runs `@CommandHandler(C)`),
NextAuth's config callbacks behind its route handlers and `signIn`, Flask-Login's
`current_user` (what the registered user loader returns), Django's `request.user` (a user model
instance) and the methods an in-tree model base adds (`SQLAlchemy(model_class=CRUDMixin)`).
The trace also follows in-tree functions this resolution finds where the call graph has no
edge (CommonJS re-exports, `module.exports.X = require(...)`).
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache

KINDS = ("sql", "orm", "document", "cache")
# `current_user.courses` (Flask-Login's user, a model instance); `relationship("User", ...,
# backref="group")` / `backref=db.backref("group", ...)`
_CURRENT_USER_ATTR = re.compile(r"(?<![\w.])current_user\.(\w+)")
_BACKREF = re.compile(r"""\bbackref\s*=\s*(?:[\w.]*backref\(\s*)?['"](\w+)['"]""")
_REL_TARGET = re.compile(r"""['"]?(\w+)""")
# Flask's template rendering, which runs the context processors (implied_callees)
_FLASK_RENDER = frozenset({"render_template", "render_template_string", "stream_template",
                           "stream_template_string"})
_CONTEXT_PROCESSOR = frozenset({"context_processor", "app_context_processor"})
MEMO_LIMIT = 100_000  # memoized names kept between two functions (DataAccess.trim)
MAX_DEPTH = 40  # expression steps followed for one value (names are memoized, cycles cut)


@dataclass(frozen=True)
class Lib:
    name: str
    lang: str  # python | go | typescript
    kind: str  # default kind of its sites
    modules: tuple[str, ...]
    entries: frozenset[str]  # "" = the module value itself is a handle (knex, aiosql queries)
    ops: frozenset[str] | None = None  # None: every member except `skip`
    skip: frozenset[str] = frozenset()
    kinds: dict = field(default_factory=dict)  # entry or op -> kind overriding `kind`
    direct: frozenset[str] = frozenset()  # entries whose call itself reaches the store
    # members that reach the store when called on a call's result (a document's `save()`);
    # None: any member that would count on the handle
    result_ops: frozenset[str] | None = None
    # entries that are a fetched record, not a handle (a Mongoose `Document` a parameter is
    # typed with): only `result_ops` reach the store through them
    instances: frozenset[str] = frozenset()


def _fs(s: str) -> frozenset[str]:
    return frozenset(s.split())


# jackc/pgxutil's functions, each given a pgxutil.DB (a *pgx.Conn, a *pgxpool.Pool, a pgx.Tx)
# and running its statement on it
_PGXUTIL_FUNCS = _fs("Select SelectRow SelectColumn SelectValue Insert InsertReturning "
                     "InsertRow InsertRowReturning Update UpdateReturning UpdateRow "
                     "UpdateRowReturning ExecRow")


# what an import of the project's own ent package stands for when its generated code is not
# in the tree (a module path ending in `/ent`, with entgo.io/ent required by go.mod)
_ENT_GENERATED = "entgo.io/ent/generated-client"
# what an import of a package sqlc generates stands for when its code is not in the tree
_SQLC_GENERATED = "github.com/sqlc-dev/sqlc/generated-queries"
# the functions of ent's generated package that execute a query or a mutation (since ent
# v0.11: a query's All/Only/Count run withInterceptors, a Select's or GroupBy's Scan runs
# scanWithInterceptors, a mutation's Save/Exec withHooks)
_ENT_RUNNERS = frozenset(("withInterceptors", "scanWithInterceptors", "withHooks"))


# -- Python ----------------------------------------------------------------------------------
_SA_SESSION_OPS = _fs(
    "execute scalars scalar exec query get get_one add add_all delete merge flush refresh commit "
    "stream stream_scalars bulk_save_objects bulk_insert_mappings bulk_update_mappings "
    "run_sync exec_driver_sql get_or_404 first_or_404 one_or_404 paginate")
_DJANGO_QS_OPS = _fs(
    "objects all filter exclude get create get_or_create update_or_create bulk_create "
    "bulk_update count exists first last latest earliest update delete order_by values "
    "values_list aggregate annotate select_related prefetch_related in_bulk iterator distinct "
    "only defer raw add remove clear set using save refresh_from_db create_user "
    "create_superuser get_by_natural_key aget acreate afirst acount aexists adelete aupdate "
    "asave")
_TORTOISE_OPS = _fs(
    "filter get get_or_none all create get_or_create update_or_create bulk_create bulk_update "
    "exclude first annotate exists count raw select_for_update in_bulk save delete "
    "fetch_related refresh_from_db update_from_dict values values_list")
_PEEWEE_OPS = _fs(
    "select get get_or_none get_by_id create insert insert_many insert_from update delete "
    "delete_by_id get_or_create raw bulk_create bulk_update save delete_instance execute_sql")
_CURSOR_OPS = _fs(
    "execute executemany executescript fetchone fetchall fetchmany callproc copy_expert "
    "copy_from copy_to fetch fetchrow fetchval copy_records_to_table copy_from_table "
    "copy_to_table copy_from_query fetch_all fetch_one fetch_val execute_many iterate "
    "cursor prepare")
_MONGO_OPS = _fs(
    "find find_one insert_one insert_many update_one update_many replace_one delete_one "
    "delete_many aggregate count_documents estimated_document_count find_one_and_update "
    "find_one_and_delete find_one_and_replace bulk_write distinct watch create_index "
    "list_collection_names get find_all insert save delete fetch_link count")
# members only a MongoDB collection or cursor has (pymongo, motor): the shape gate's evidence
_MONGO_DISTINCT = _fs(
    "find_one insert_one insert_many update_one update_many replace_one delete_one delete_many "
    "count_documents estimated_document_count find_one_and_update find_one_and_delete "
    "find_one_and_replace bulk_write to_list create_index")
# What a method of a generic view calls to read the view's objects (DRF GenericAPIView and
# its mixins: get_object and list go through get_queryset; an inherited action or super()'s)
_READS_VIEW_QUERYSET = re.compile(
    r"^(self|super\(.*\))\.(get_object|get_queryset|filter_queryset|paginate_queryset|queryset|"
    r"list|retrieve|create|update|partial_update|destroy|perform_\w+|get_object_or_404)\b|"
    r"^super\(.*\)\.\w+$")
_FASTCRUD_OPS = _fs(
    "get get_multi create update delete db_delete exists count get_joined get_multi_joined "
    "get_multi_by_cursor upsert upsert_multi select")
_ASYNC_REDIS_SKIP = _fs("close aclose ping connection_pool from_url from_pool Redis "
                        "StrictRedis ConnectionPool pubsub subscribe psubscribe publish")

PY_LIBS = (
    Lib("sqlalchemy", "python", "orm",
        # (Alchemical: `db = Alchemical(url)` (or its Flask and asyncio flavours), a
        # SQLAlchemy 2.0 wrapper whose `db.session` is a Session)
        ("sqlalchemy", "sqlmodel", "flask_sqlalchemy", "sqlalchemy.orm", "sqlalchemy.ext.asyncio",
         "alchemical", "alchemical.flask", "alchemical.aio"),
        _fs("Session AsyncSession scoped_session async_scoped_session sessionmaker "
            "async_sessionmaker session Connection AsyncConnection Engine AsyncEngine "
            "create_engine create_async_engine engine connect begin query SQLAlchemy "
            "Alchemical"),
        # a Query's terminal methods run it (`Model.query.count()`, `.update({...})`)
        _SA_SESSION_OPS | _fs("filter_by filter all first one one_or_none count update"),
        kinds={"Connection": "sql", "AsyncConnection": "sql", "Engine": "sql",
               "AsyncEngine": "sql", "create_engine": "sql", "create_async_engine": "sql",
               "engine": "sql", "connect": "sql"}),
    Lib("django", "python", "orm",
        ("django.db", "django.contrib.auth", "django.contrib.auth.models", "django.shortcuts",
         "django.contrib.contenttypes.models", "django.contrib.sessions.models"),
        _fs("Model Manager QuerySet ForeignKey ManyToManyField OneToOneField "
            "AbstractUser AbstractBaseUser User Group Permission ContentType BaseUserManager "
            "UserManager get_user_model get_object_or_404 get_list_or_404 authenticate"),
        _DJANGO_QS_OPS,
        direct=_fs("get_object_or_404 get_list_or_404 aget_object_or_404 aget_list_or_404 "
                   "authenticate aauthenticate")),
    Lib("django-sql", "python", "sql", ("django.db",), _fs("connection connections"),
        _CURSOR_OPS),
    Lib("django-cache", "python", "cache", ("django.core.cache",), _fs("cache caches"),
        _fs("get set add delete get_many set_many delete_many get_or_set incr decr touch "
            "clear has_key aget aset adelete")),
    Lib("drf", "python", "orm",
        ("rest_framework.generics", "rest_framework.viewsets", "rest_framework.mixins",
         "rest_framework.serializers"),
        _fs("GenericAPIView ListAPIView CreateAPIView RetrieveAPIView DestroyAPIView "
            "UpdateAPIView ListCreateAPIView RetrieveUpdateAPIView RetrieveDestroyAPIView "
            "RetrieveUpdateDestroyAPIView GenericViewSet ModelViewSet ReadOnlyModelViewSet "
            "ListModelMixin CreateModelMixin RetrieveModelMixin UpdateModelMixin "
            "DestroyModelMixin ModelSerializer HyperlinkedModelSerializer"),
        _fs("get_object get_queryset filter_queryset perform_create perform_update "
            "perform_destroy save")),
    # JWT "obtain token" views authenticate the posted credentials against the user model
    Lib("drf-jwt", "python", "orm", ("rest_framework_jwt", "rest_framework_simplejwt"),
        _fs("ObtainJSONWebTokenView ObtainJSONWebToken TokenObtainPairView "
            "TokenObtainSlidingView TokenObtainView"), _fs("post")),
    # Django's generic class-based views: their object and form methods read and write the
    # view's model (`super().form_valid(form)` saves, `super().delete()` deletes)
    Lib("django-generic", "python", "orm",
        ("django.views.generic", "django.views.generic.edit", "django.views.generic.list",
         "django.views.generic.detail", "django.views.generic.dates"),
        _fs("ListView DetailView UpdateView DeleteView CreateView SingleObjectMixin "
            "MultipleObjectMixin ModelFormMixin DeletionMixin BaseListView BaseDetailView "
            "BaseUpdateView BaseDeleteView BaseCreateView ArchiveIndexView YearArchiveView "
            "MonthArchiveView DayArchiveView DateDetailView"),
        _fs("get_object get_queryset form_valid delete paginate_queryset")),
    Lib("tortoise", "python", "orm", ("tortoise", "tortoise.models"), _fs("Model"),
        _TORTOISE_OPS),
    Lib("peewee", "python", "orm", ("peewee", "playhouse"),
        _fs("Model Database SqliteDatabase PostgresqlDatabase MySQLDatabase "
            "PooledPostgresqlDatabase PooledMySQLDatabase"), _PEEWEE_OPS),
    Lib("aiosql", "python", "sql", ("aiosql",), _fs("from_path from_str"), None,
        _fs("add_queries add_child_queries available_queries")),
    Lib("sql-driver", "python", "sql",
        ("asyncpg", "psycopg", "psycopg2", "psycopg_pool", "sqlite3", "aiosqlite", "pymysql",
         "MySQLdb", "mysql.connector", "aiomysql", "aiopg", "pyodbc", "cx_Oracle", "oracledb",
         "duckdb", "databases", "pymssql"),
        _fs("connect create_pool Connection Pool Cursor AsyncConnection AsyncCursor "
            "ConnectionPool AsyncConnectionPool SimpleConnectionPool ThreadedConnectionPool "
            "Database pool connection cursor"), _CURSOR_OPS),
    Lib("mongo", "python", "document",
        ("pymongo", "motor", "motor.motor_asyncio", "mongoengine", "beanie", "odmantic", "bson",
         "pymodm"),
        # (pymodm: `class Dive(MongoModel)`, `Dive.objects.raw({...})`, `dive.save()`)
        _fs("MongoClient AsyncIOMotorClient AsyncMongoClient AsyncIOMotorDatabase "
            "AsyncIOMotorCollection Database Collection Document DynamicDocument AIOEngine "
            "Engine MongoModel"),
        _MONGO_OPS | _fs("objects raw refresh_from_db bulk_create")),
    Lib("redis", "python", "cache", ("redis", "redis.asyncio", "aioredis", "coredis"),
        _fs("Redis StrictRedis from_url RedisCluster Sentinel pipeline"), None,
        _ASYNC_REDIS_SKIP, result_ops=frozenset()),
    Lib("fastcrud", "python", "orm", ("fastcrud",), _fs("FastCRUD"), _FASTCRUD_OPS),
    # Elasticsearch / OpenSearch clients: each of these members is a request to the cluster
    # (`es.index(...)`, `es.search(index=..., body=...)`, `es.indices.create(...)`)
    Lib("elasticsearch", "python", "document",
        ("elasticsearch", "elasticsearch.helpers", "opensearchpy", "opensearchpy.helpers"),
        _fs("Elasticsearch AsyncElasticsearch OpenSearch AsyncOpenSearch"),
        _fs("index search get delete update bulk count exists msearch mget create "
            "delete_by_query update_by_query scroll search_template get_source")),
    # TinyDB, a JSON document store: a database forwards the default table's operations
    # (`db.insert`, `db.search(Query().name == x)`); `db.table("notes")` is a table handle
    Lib("tinydb", "python", "document", ("tinydb",), _fs("TinyDB Table"),
        _fs("insert insert_multiple all search get contains count update update_multiple "
            "upsert remove truncate drop_table drop_tables")),
    Lib("arq", "python", "cache", ("arq", "arq.connections", "arq.jobs"),
        _fs("create_pool ArqRedis Job"),
        _fs("enqueue_job info status result result_info abort all_job_results queued_jobs")),
    # RQ (Redis Queue): a job is fetched from, enqueued on, cancelled in Redis
    Lib("rq", "python", "cache", ("rq", "rq.job", "rq.queue"), _fs("Job Queue"),
        _fs("fetch fetch_many enqueue enqueue_call enqueue_at enqueue_in cancel delete "
            "get_status refresh exists get_job_ids count empty")),
    Lib("flask-caching", "python", "cache", ("flask_caching",), _fs("Cache"),
        _fs("get set add delete get_many set_many delete_many clear has inc dec")),
)

# -- Go --------------------------------------------------------------------------------------
_GO_SQL_OPS = _fs(
    "Query QueryContext QueryRow QueryRowContext Exec ExecContext Prepare PrepareContext "
    "Begin BeginTx Queryx QueryRowx QueryxContext QueryRowxContext Select SelectContext Get "
    "GetContext NamedExec NamedExecContext NamedQuery NamedQueryContext MustExec "
    "MustExecContext Preparex PreparexContext PrepareNamed PrepareNamedContext SendBatch "
    "CopyFrom QueryFunc Beginx BeginTxx")
_GO_MONGO_OPS = _fs(
    "Find FindOne InsertOne InsertMany UpdateOne UpdateMany UpdateByID DeleteOne DeleteMany "
    "Aggregate CountDocuments EstimatedDocumentCount FindOneAndUpdate FindOneAndDelete "
    "FindOneAndReplace ReplaceOne BulkWrite Distinct Watch")
# gorm's chain: a builder (`WithContext`, `Model`, `Where`...) then an operation that runs the
# query; both together are gorm's signature where the receiver's type is not in the tree.
_GORM_BUILDERS = _fs("WithContext Model Table Where Or Not Preload Joins Order Limit Offset Select "
                     "Omit Unscoped Session Debug Scopes Distinct Group Having Clauses")
_GORM_OPS = _fs("Create CreateInBatches Find FindInBatches First Last Take Save Delete Update "
                "Updates UpdateColumn UpdateColumns Count Scan Pluck FirstOrCreate FirstOrInit Row "
                "Rows")
# (Redis pub/sub is messaging: a subscription or a published message stores nothing)
_GO_REDIS_SKIP = _fs("Close Options PoolStats Context WithContext AddHook Conn Ping "
                     "Subscribe PSubscribe SSubscribe Publish SPublish")
GO_LIBS = (
    Lib("gorm", "go", "orm", ("gorm.io/gorm", "github.com/jinzhu/gorm"),
        _fs("DB Open Association"), None,
        _fs("AutoMigrate Migrator DB Debug Error Set Get InstanceSet InstanceGet Callback "
            "Use SetupJoinTable Statement Session WithContext Scopes Model Table Where")),
    # gobuffalo/pop: a *pop.Connection (often embedded in the project's own connection type)
    # or a *pop.Query; builders chain (`tx.Eager().Q().Where(q, id).First(&u)`), the last call
    # runs the query
    Lib("pop", "go", "orm", ("github.com/gobuffalo/pop", "github.com/gobuffalo/pop/v5",
                             "github.com/gobuffalo/pop/v6"),
        _fs("Connection Query Connect NewConnection"), None,
        _fs("Eager Q Where Order Paginate PaginateFromParams Limit Select Join LeftJoin "
            "RightJoin InnerJoin GroupBy Having Scope RawQuery BelongsTo BelongsToAs "
            "BelongsToThrough Clone WithContext Context Close Dialect String URL MigrationURL "
            "TruncateAll Open Connection TX ID")),
    # xorm: an *xorm.Engine or *xorm.Session; builders chain, Get/Find/Insert/... run the query
    Lib("xorm", "go", "orm", ("xorm.io/xorm", "github.com/go-xorm/xorm"),
        _fs("Engine Session EngineGroup NewEngine NewEngineGroup"), None,
        _fs("Where And Or In NotIn Cols AllCols MustCols Omit Limit OrderBy Desc Asc Table Alias "
            "Join GroupBy Having Select Distinct Unscoped NoAutoCondition NoAutoTime ID SQL "
            "Context Close NewSession ShowSQL SetMapper SetTableMapper SetColumnMapper Sync "
            "Sync2 SetMaxOpenConns SetMaxIdleConns SetLogger Prepare NoCache UseBool Incr Decr "
            "SetExpr Nullable")),
    Lib("database/sql", "go", "sql", ("database/sql",), _fs("DB Tx Conn Stmt Open OpenDB"),
        _GO_SQL_OPS),
    Lib("sqlx", "go", "sql", ("github.com/jmoiron/sqlx",),
        _fs("DB Tx Conn Stmt NamedStmt Open Connect MustConnect MustOpen NewDb"), _GO_SQL_OPS),
    Lib("pgx", "go", "sql",
        ("github.com/jackc/pgx", "github.com/jackc/pgx/v4", "github.com/jackc/pgx/v5",
         "github.com/jackc/pgx/v4/pgxpool", "github.com/jackc/pgx/v5/pgxpool",
         "github.com/jackc/pgxutil"),
        _fs("Conn Pool Tx Connect ConnectConfig New NewWithConfig DB") | _PGXUTIL_FUNCS,
        _GO_SQL_OPS, direct=_PGXUTIL_FUNCS),
    Lib("go-pg", "go", "orm", ("github.com/go-pg/pg", "github.com/go-pg/pg/v9",
                               "github.com/go-pg/pg/v10", "github.com/go-pg/pg/orm"),
        _fs("DB Tx Connect"),
        _fs("Model Select Insert Update Delete Query QueryOne Exec ExecOne QueryContext "
            "ExecContext RunInTransaction Begin")),
    # Masterminds/squirrel: a statement builder runs its SQL on the runner `RunWith(db)`
    # gave it, when the statement is executed (Query, QueryRow, Exec, Scan)
    Lib("squirrel", "go", "sql", ("github.com/Masterminds/squirrel",),
        _fs("StatementBuilder StatementBuilderType Select Insert Update Delete Replace Case "
            "SelectBuilder InsertBuilder UpdateBuilder DeleteBuilder"),
        _fs("Query QueryRow Exec QueryContext QueryRowContext ExecContext Scan ScanContext")),
    # stephenafamo/bob: the generated models' tables and views (`var Users =
    # mysql.NewTablex[...](...)`) run their queries when a query is executed
    # (`models.Users.Query().All(ctx, exec)`, `.Insert(setter).One(ctx, exec)`), as does
    # `bob.Exec(ctx, exec, q)` on a built query
    Lib("bob", "go", "orm", ("github.com/stephenafamo/bob",
                             "github.com/stephenafamo/bob/dialect/mysql",
                             "github.com/stephenafamo/bob/dialect/psql",
                             "github.com/stephenafamo/bob/dialect/sqlite"),
        _fs("NewTable NewTablex NewView NewViewx DB Tx Executor NewDB Open OpenDB Exec All "
            "One Cursor"),
        _fs("Query Insert Update Delete UpdateAll DeleteAll Exec All One Count Exists Cursor "
            "Reload InsertMany"), direct=_fs("Exec All One Cursor")),
    Lib("bun", "go", "orm", ("github.com/uptrace/bun",), _fs("DB IDB Tx Conn NewDB"),
        _fs("NewSelect NewInsert NewUpdate NewDelete NewRaw NewMerge Exec ExecContext "
            "QueryContext QueryRowContext RunInTx BeginTx")),
    Lib("ent", "go", "orm", ("entgo.io/ent/dialect/sql/sqlgraph",), frozenset({""}),
        _fs("QueryNodes QueryEdges CreateNode BatchCreate UpdateNode UpdateNodes DeleteNodes "
            "CountNodes")),
    # ent's generated client where the generated package is not in the tree (only its schema
    # and `go:generate` are committed): `client.User.Query().Where(...).Only(ctx)`,
    # `client.User.Create().SetName(n).Save(ctx)` (`EntData.match` maps the module)
    Lib("ent-client", "go", "orm", (_ENT_GENERATED,), _fs("Client Tx"), None,
        _fs("Close Debug Intercept Use Tx BeginTx Commit Rollback OnCommit OnRollback")),
    # sqlc's generated package where its code is not committed (sqlc.yaml's `out` holds no Go
    # file): every method of its `Queries` runs one of the project's named queries
    # (`queries.GetUserByEmail(ctx, email)`); `New(db)` makes one, `WithTx` rebinds it
    Lib("sqlc-queries", "go", "sql", (_SQLC_GENERATED,), _fs("Queries New"), None,
        _fs("WithTx")),
    # the driver ent's generated builders run their SQL on (`gb.build.driver.Query(ctx, query,
    # args, rows)` in a GroupBy's or Select's sqlScan; `tx.Exec` of a raw statement)
    Lib("ent-dialect", "go", "sql", ("entgo.io/ent/dialect",),
        _fs("Driver ExecQuerier Tx"), _fs("Exec Query Tx BeginTx")),
    Lib("mongo", "go", "document",
        ("go.mongodb.org/mongo-driver/mongo", "go.mongodb.org/mongo-driver/v2/mongo"),
        _fs("Collection Database Client Connect NewClient"), _GO_MONGO_OPS),
    # mgo, the MongoDB driver before the official one (gopkg.in/mgo.v2 and its community
    # fork): `session.DB("app").C("teams").Find(bson.M{...}).One(&t)`
    Lib("mgo", "go", "document", ("gopkg.in/mgo.v2", "github.com/globalsign/mgo"),
        _fs("Session Database Collection Query Iter Bulk Dial DialWithInfo DialWithTimeout"),
        _fs("C DB Find FindId Insert Update UpdateId UpdateAll Upsert UpsertId Remove RemoveId "
            "RemoveAll Count Pipe Bulk One All Apply EnsureIndex EnsureIndexKey Distinct Run "
            "Iter Next Close")),
    # Mattermost plugins' key-value store, kept by the server in its database: pluginapi's
    # `client.KV` (a KVService) and the raw plugin API's `KV*` methods
    Lib("mattermost-kv", "go", "document",
        ("github.com/mattermost/mattermost/server/public/pluginapi",
         "github.com/mattermost/mattermost-plugin-api",
         "github.com/mattermost/mattermost/server/public/plugin",
         "github.com/mattermost/mattermost-server/v6/plugin",
         "github.com/mattermost/mattermost-server/v5/plugin"),
        _fs("Client KVService API"),
        _fs("KV Get Set Delete DeleteAll ListKeys SetAtomicWithRetries SetWithExpiry "
            "CompareAndSet CompareAndDelete KVGet KVSet KVSetWithOptions KVDelete KVDeleteAll "
            "KVList KVCompareAndSet KVCompareAndDelete KVSetWithExpiry")),
    Lib("go-redis", "go", "cache",
        ("github.com/redis/go-redis/v9", "github.com/go-redis/redis/v8",
         "github.com/go-redis/redis/v9", "github.com/go-redis/redis", "github.com/redis/rueidis"),
        _fs("Client ClusterClient UniversalClient Ring Cmdable Pipeliner Tx NewClient "
            "NewClusterClient NewUniversalClient NewFailoverClient Pipeline TxPipeline"), None,
        _GO_REDIS_SKIP, result_ops=frozenset()),
    Lib("redigo", "go", "cache", ("github.com/gomodule/redigo/redis",), _fs("Conn Pool Dial"),
        _fs("Do Send DoContext")),
    # hibiken/asynq, a task queue kept in Redis: its Inspector reads and changes the queues'
    # keys (Queues, GetQueueInfo, ListPendingTasks, DeleteTask, PauseQueue...), its Client
    # writes the tasks it enqueues
    Lib("asynq", "go", "cache", ("github.com/hibiken/asynq",),
        _fs("Inspector Client NewInspector NewInspectorFromRedisClient NewClient "
            "NewClientFromRedisClient"), None, _fs("Close")),
    Lib("kv-store", "go", "document",
        ("go.etcd.io/bbolt", "github.com/boltdb/bolt", "github.com/asdine/storm",
         "github.com/asdine/storm/v3", "github.com/tidwall/buntdb", "github.com/dgraph-io/badger",
         "github.com/dgraph-io/badger/v2", "github.com/dgraph-io/badger/v3",
         "github.com/dgraph-io/badger/v4"),
        _fs("DB Tx Node Bucket Open"),
        _fs("View Update Batch Begin Bucket One Find All Save DeleteStruct Select Get Set "
            "Delete Put AllByIndex Range Prefix Drop Init ReIndex UpdateField Count "
            "CreateBucketIfNotExists")),
    # InfluxDB's client (influxdb-client-go v2): a time-series store, written through a
    # WriteAPI (`WritePoint`, `WriteRecord`) and read through a QueryAPI (`Query`, `QueryRaw`)
    Lib("influxdb", "go", "document",
        ("github.com/influxdata/influxdb-client-go/v2", "github.com/influxdata/influxdb-client-go",
         "github.com/influxdata/influxdb-client-go/v2/api"),
        _fs("Client NewClient NewClientWithOptions QueryAPI WriteAPI WriteAPIBlocking"),
        _fs("Query QueryRaw QueryWithParams WritePoint WriteRecord Flush")),
    # VictoriaMetrics' storage engine embedded as a library (lib/storage): a time-series store
    # read through a `Search` over the `*Storage` (`search.Init(qt, s, tfss, tr, max, deadline)`)
    # and written with `AddRows`
    Lib("victoriametrics", "go", "document",
        ("github.com/VictoriaMetrics/VictoriaMetrics/lib/storage",),
        _fs("Storage Search MustOpenStorage"),
        _fs("Init AddRows RegisterMetricNames SearchMetricNames SearchLabelNames "
            "SearchLabelValues SearchTagKeys SearchTagValues DeleteSeries GetSeriesCount "
            "ForceMergePartitions GetTSDBStatus")),
)

# -- TypeScript / JavaScript -----------------------------------------------------------------
_PRISMA_OPS = _fs(
    "findMany findUnique findUniqueOrThrow findFirst findFirstOrThrow create createMany "
    "createManyAndReturn update updateMany updateManyAndReturn upsert delete deleteMany count "
    "aggregate groupBy $queryRaw $executeRaw $queryRawUnsafe $executeRawUnsafe $transaction")
_TYPEORM_OPS = _fs(
    "find findOne findOneBy findBy findAndCount findAndCountBy findOneOrFail findOneByOrFail "
    "findByIds save insert update delete remove softDelete softRemove restore recover count "
    "countBy exist exists existsBy increment decrement upsert query createQueryBuilder getMany "
    "getOne getRawMany getRawOne getCount getManyAndCount getOneOrFail execute preload clear "
    "sum average minimum maximum transaction stream")
_MONGOOSE_SKIP = _fs("schema modelName base db collection hydrate on once emit discriminator "
                     "model init listenerCount translateAliases castObject")
_SEQUELIZE_OPS = _fs(  # (findById, findAndCount: Sequelize 4's names of findByPk, findAndCountAll)
    "findAll findOne findByPk findById findAndCount findAndCountAll findOrCreate findCreateFind "
    "create bulkCreate "
    "update destroy count max min sum upsert increment decrement query save reload restore "
    "truncate aggregate transaction")
_DRIZZLE_OPS = _fs("select selectDistinct selectDistinctOn insert update delete execute "
                   "transaction with $count batch run all get values findMany findFirst")
# Members of a JavaScript Array (ECMAScript Array.prototype) that no query builder defines.
_JS_ARRAY_MEMBERS = _fs("map filter reduce reduceRight forEach flatMap flat some every slice "
                        "concat includes indexOf lastIndexOf findIndex findLast findLastIndex at "
                        "entries keys length push pop shift unshift splice reverse toSorted "
                        "toReversed fill copyWithin tap")
_SQLTS_OPS = _fs("query execute prepare exec run all get each transaction")
_TS_MONGO_OPS = _fs(
    "find findOne insertOne insertMany updateOne updateMany replaceOne deleteOne deleteMany "
    "aggregate countDocuments estimatedDocumentCount findOneAndUpdate findOneAndDelete "
    "findOneAndReplace bulkWrite distinct watch")
_TS_REDIS_SKIP = _fs("connect quit disconnect on once duplicate off emit ping subscribe "
                     "psubscribe ssubscribe unsubscribe publish")
_AUTHJS_ADAPTERS = _fs("PrismaAdapter DrizzleAdapter MongoDBAdapter TypeORMAdapter "
                 "TypeORMLegacyAdapter SequelizeAdapter KyselyAdapter SupabaseAdapter "
                 "FirestoreAdapter UpstashRedisAdapter PostgresAdapter MikroOrmAdapter "
                 "Neo4jAdapter DynamoDBAdapter FaunaAdapter XataAdapter UnstorageAdapter "
                 "D1Adapter PouchDBAdapter DgraphAdapter EdgeDBAdapter HasuraAdapter")


def _strip_quotes(s: str) -> str:
    return s.strip().strip("'\"`")


# DRF's generic actions (rest_framework/mixins.py, generics.py) and the hooks of the view they
# call: the lookup (`get_queryset`, `get_object`) and the write (`perform_*`)
_GENERIC_ACTIONS = frozenset("list retrieve create update partial_update destroy get post put "
                             "patch delete".split())
_GENERIC_HOOKS = frozenset("get_queryset get_object perform_create perform_update "
                           "perform_destroy".split())
_BETTER_AUTH_ADAPTERS = _fs("drizzleAdapter prismaAdapter mongodbAdapter kyselyAdapter")
_POSTGREST_OPS = _fs("select insert update upsert delete rpc upload download remove list move "
                     "copy createSignedUrl")
_POSTGREST_CHAIN = re.compile(r"\.from\(\s*['\"`][\w./-]+['\"`]\s*\)\s*\.\s*(?:select|insert|"
                              r"update|upsert|delete|upload|download|remove|list|move|copy|"
                              r"createSignedUrl)\b")
TS_LIBS = (
    Lib("prisma", "typescript", "orm", ("@prisma/client",),
        _fs("PrismaClient PrismaService"), _PRISMA_OPS,
        kinds={"$queryRaw": "sql", "$executeRaw": "sql", "$queryRawUnsafe": "sql",
               "$executeRawUnsafe": "sql"}),
    Lib("typeorm", "typescript", "orm", ("typeorm", "@nestjs/typeorm"),
        _fs("Repository EntityManager DataSource Connection getRepository getManager "
            "getConnection getCustomRepository getMongoRepository getTreeRepository "
            "MongoRepository TreeRepository SelectQueryBuilder QueryRunner BaseEntity "
            "InjectRepository InjectEntityManager InjectDataSource createQueryBuilder "
            "AppDataSource"), _TYPEORM_OPS, kinds={"query": "sql"}),
    # (`mongoose.models.User`: the registry of compiled models, `models.User || model(...)`)
    Lib("mongoose", "typescript", "document", ("mongoose",),
        _fs("model Model Document HydratedDocument models"), None, _MONGOOSE_SKIP,
        result_ops=_fs("save remove deleteOne updateOne replaceOne populate exec increment"),
        instances=_fs("Document HydratedDocument")),
    Lib("sequelize", "typescript", "orm", ("sequelize", "sequelize-typescript"),
        _fs("Sequelize Model define"), _SEQUELIZE_OPS, kinds={"query": "sql"}),
    # knex returns native promises since 0.18 (bluebird removed, knex/knex#3286, #3845): a
    # query's awaited rows are an Array, and `rows.map(...)` / `.filter` / `.length` are the
    # array's, not builder methods (the builder has no `map`, `reduce` or `tap` any more)
    Lib("knex", "typescript", "sql", ("knex",), frozenset({"", "knex", "Knex", "default"}), None,
        _fs("destroy schema migrate seed fn client raw ref") | _JS_ARRAY_MEMBERS),
    Lib("drizzle", "typescript", "orm",
        ("drizzle-orm", "drizzle-orm/node-postgres", "drizzle-orm/postgres-js",
         "drizzle-orm/mysql2", "drizzle-orm/better-sqlite3", "drizzle-orm/libsql",
         "drizzle-orm/neon-http", "drizzle-orm/neon-serverless", "drizzle-orm/vercel-postgres",
         "drizzle-orm/d1", "drizzle-orm/bun-sqlite", "drizzle-orm/planetscale-serverless",
         "drizzle-orm/pg-core", "drizzle-orm/mysql-core", "drizzle-orm/sqlite-core"),
        _fs("drizzle PgDatabase MySqlDatabase BaseSQLiteDatabase NodePgDatabase "
            "PostgresJsDatabase LibSQLDatabase"), _DRIZZLE_OPS),
    # redbean-node (uptime-kuma): the `R` facade's beans (find, load, store, trash) and raw
    # SQL (exec, getAll, getRow, getCol, getCell)
    Lib("redbean-node", "typescript", "orm", ("redbean-node",), _fs("R RedBeanNode"),
        _fs("find findOne findAll count exec getAll getRow getCol getCell getAssoc load store "
            "storeAll dispense trash trashAll begin transaction knex"),
        kinds={k: "sql" for k in ("exec", "getAll", "getRow", "getCol", "getCell", "getAssoc")}),
    Lib("kysely", "typescript", "sql", ("kysely",), _fs("Kysely Transaction"),
        _fs("selectFrom insertInto updateTable deleteFrom replaceInto mergeInto with "
            "transaction executeQuery")),
    Lib("sql-driver", "typescript", "sql",
        ("pg", "pg-pool", "mysql", "mysql2", "mysql2/promise", "better-sqlite3", "sqlite3",
         "sqlite", "@vercel/postgres", "@neondatabase/serverless", "postgres", "mssql",
         "oracledb", "@libsql/client", "@planetscale/database", "tedious"),
        _fs("Pool Client Connection Database createPool createConnection createPoolCluster "
            "open createClient connect sql db neon postgres default ConnectionPool"),
        _SQLTS_OPS),
    Lib("mikro-orm", "typescript", "orm",
        ("@mikro-orm/core", "@mikro-orm/postgresql", "@mikro-orm/mysql", "@mikro-orm/sqlite",
         "@mikro-orm/mongodb", "@mikro-orm/nestjs"),
        _fs("MikroORM EntityManager EntityRepository SqlEntityManager SqlEntityRepository "
            "InjectRepository InjectEntityManager em"),
        _fs("find findOne findOneOrFail findAll findAndCount findByCursor count persist "
            "persistAndFlush flush remove removeAndFlush nativeInsert nativeUpdate nativeDelete "
            "upsert upsertMany insert insertMany aggregate execute createQueryBuilder populate "
            "refresh lock transactional")),
    # Auth.js / NextAuth database adapters (`adapter: PrismaAdapter(db)`): the library reads
    # and writes users, accounts, sessions and verification tokens through them
    Lib("authjs-adapter", "typescript", "orm",
        tuple(f"{scope}/{name}-adapter" for scope in ("@auth", "@next-auth")
              for name in ("prisma", "drizzle", "mongodb", "typeorm", "typeorm-legacy",
                           "sequelize", "kysely", "supabase", "firebase", "upstash-redis",
                           "pg", "mikro-orm", "neo4j", "dynamodb", "fauna", "xata",
                           "unstorage", "d1", "pouchdb", "dgraph", "edgedb", "hasura")),
        _AUTHJS_ADAPTERS, frozenset(), direct=_AUTHJS_ADAPTERS),
    # better-auth's database adapters (`database: drizzleAdapter(db, {...})`): its handler
    # reads and writes users, sessions, accounts and verifications through them
    Lib("better-auth-adapter", "typescript", "orm",
        tuple(f"better-auth/adapters/{name}" for name in ("drizzle", "prisma", "mongodb",
                                                          "kysely", "memory")) +
        ("better-auth/adapters",),
        _BETTER_AUTH_ADAPTERS, frozenset(), direct=_BETTER_AUTH_ADAPTERS),
    # Supabase's client: `supabase.from("t").select()...` runs through PostgREST, `.rpc()` a
    # function, `.auth`/`.storage` the user and object stores; realtime channels are not reads
    Lib("supabase", "typescript", "orm", ("@supabase/supabase-js", "@supabase/ssr"),
        _fs("createClient createBrowserClient createServerClient SupabaseClient"), None,
        _fs("channel removeChannel removeAllChannels getChannels realtime")),
    # Firestore: the admin SDK's `db.collection("x").doc(id).get()` and the modular SDK's
    # `getDoc(doc(db, "x", id))`, whose functions each call the store
    Lib("firestore", "typescript", "document",
        ("firebase-admin", "firebase-admin/firestore", "@google-cloud/firestore",
         "firebase/firestore"),
        _fs("getFirestore Firestore firestore initializeFirestore"), None,
        _fs("settings terminate clearPersistence enableNetwork disableNetwork"),
        direct=_fs("getDoc getDocs setDoc addDoc updateDoc deleteDoc runTransaction "
                   "getCountFromServer getAggregateFromServer")),
    Lib("mongodb", "typescript", "document", ("mongodb",),
        _fs("MongoClient Db Collection connect"), _TS_MONGO_OPS),
    # Meilisearch, a search engine keeping the indexed documents: `client.index("books")
    # .search(q)`, `.addDocuments(docs)`
    Lib("meilisearch", "typescript", "document", ("meilisearch",),
        _fs("MeiliSearch Meilisearch Index"),
        _fs("index search multiSearch addDocuments addDocumentsInBatches updateDocuments "
            "deleteDocument deleteDocuments deleteAllDocuments getDocument getDocuments "
            "getIndex getIndexes createIndex deleteIndex updateSettings getStats")),
    Lib("redis", "typescript", "cache",
        ("ioredis", "redis", "@redis/client", "@upstash/redis", "@vercel/kv", "cache-manager",
         "@nestjs/cache-manager", "keyv"),
        _fs("Redis Cluster createClient createCluster kv Cache CACHE_MANAGER Keyv default "
            "pipeline multi"), None, _TS_REDIS_SKIP, result_ops=frozenset()),
    # object stores: each of Vercel Blob's functions calls the Blob API (put uploads, del
    # deletes, list and head read the store); an AWS SDK v3 S3 client runs its commands
    # through send()
    Lib("object-store", "typescript", "document", ("@vercel/blob", "@aws-sdk/client-s3"),
        _fs("S3Client S3"),
        _fs("send putObject getObject deleteObject deleteObjects listObjectsV2 headObject "
            "copyObject"),
        direct=_fs("put del list head copy")),
)

LIBS = {"python": PY_LIBS, "go": GO_LIBS, "typescript": TS_LIBS}
# Views a framework ships and routes itself (no handler code in the tree), with the methods
# on which they read or write the user store.
LIBRARY_VIEWS = {
    # DRF's destroy (rest_framework/mixins.py DestroyModelMixin): `perform_destroy` deletes the
    # object `get_object` looked up, whatever the view's own `get_object` returns (a model
    # instance: `self.request.user` too); retrieve and update read and save it the same way
    "rest_framework.generics.DestroyAPIView": _fs("DELETE"),
    "rest_framework.mixins.DestroyModelMixin": _fs("DELETE"),
    "rest_framework.generics.RetrieveDestroyAPIView": _fs("GET DELETE"),
    "rest_framework.generics.RetrieveUpdateDestroyAPIView": _fs("GET PUT PATCH DELETE"),
    "django.contrib.auth.views.LoginView": _fs("POST PUT"),
    "django.contrib.auth.views.PasswordChangeView": _fs("POST PUT"),
    "django.contrib.auth.views.PasswordResetView": _fs("POST PUT"),
    "django.contrib.auth.views.PasswordResetConfirmView": _fs("GET POST PUT"),
    # dj-rest-auth (dj_rest_auth/views.py, registration/views.py): the login views authenticate
    # and write the token or the session, the registration views create the user, the social
    # views find or create it through allauth; UserDetailsView reads and updates it
    "dj_rest_auth.views.LoginView": _fs("POST"),
    # djangorestframework-simplejwt (rest_framework_simplejwt/views.py, serializers.py): the
    # obtain views' serializer calls authenticate() (the user store) and update_last_login
    "rest_framework_simplejwt.views.TokenObtainPairView": _fs("POST"),
    "rest_framework_simplejwt.views.TokenObtainSlidingView": _fs("POST"),
    # (TokenBlacklistView's serializer calls RefreshToken.blacklist(): get_or_create of the
    # token_blacklist app's OutstandingToken and BlacklistedToken rows)
    "rest_framework_simplejwt.views.TokenBlacklistView": _fs("POST"),
    # (refreshing checks the user still exists and is active, and with the token_blacklist app
    # installed reads and writes its rows)
    "rest_framework_simplejwt.views.TokenRefreshView": _fs("POST"),
    "rest_framework_simplejwt.views.TokenRefreshSlidingView": _fs("POST"),
    # django-rest-framework-jwt and its drf-jwt fork (rest_framework_jwt/views.py): obtaining
    # authenticates against the user store, refreshing and verifying look the token's user up
    # (`_check_user`); the module's functions are the views' `as_view()`
    **{f"rest_framework_jwt.views.{v}": _fs("POST") for v in (
        "ObtainJSONWebTokenView", "RefreshJSONWebTokenView", "VerifyJSONWebTokenView",
        "ObtainJSONWebToken", "RefreshJSONWebToken", "VerifyJSONWebToken",
        "obtain_jwt_token", "refresh_jwt_token", "verify_jwt_token")},
    # djoser (djoser/views.py): UserViewSet is a ModelViewSet on the user model whose actions
    # read or save the user (me, activation, set_password, the reset flows look it up by
    # email or uid); the authtoken views create and delete the token row; the social view
    # runs social_django's pipeline (find or create the user) and keeps its state in the session
    "djoser.views.UserViewSet": _fs("GET POST PUT PATCH DELETE"),
    "djoser.views.TokenCreateView": _fs("POST"),
    "djoser.views.TokenDestroyView": _fs("POST"),
    "djoser.social.views.ProviderAuthView": _fs("GET POST"),
    "dj_rest_auth.views.LogoutView": _fs("POST"),
    "dj_rest_auth.views.PasswordChangeView": _fs("POST"),
    "dj_rest_auth.views.PasswordResetView": _fs("POST"),
    "dj_rest_auth.views.PasswordResetConfirmView": _fs("POST"),
    "dj_rest_auth.views.UserDetailsView": _fs("GET PUT PATCH"),
    "dj_rest_auth.registration.views.RegisterView": _fs("POST"),
    "dj_rest_auth.registration.views.VerifyEmailView": _fs("POST"),
    "dj_rest_auth.registration.views.SocialLoginView": _fs("POST"),
    "dj_rest_auth.registration.views.SocialConnectView": _fs("POST"),
    # django-allauth (allauth/account/views.py, allauth/socialaccount/views.py): the forms'
    # POST (and PUT, Django's ProcessFormView) authenticate, create or update the user and its
    # EmailAddress rows; the email page lists the user's addresses; confirming reads the
    # EmailConfirmation by key; the connections page lists the SocialAccount rows
    "allauth.account.views.SignupView": _fs("POST PUT"),
    "allauth.account.views.LoginView": _fs("POST PUT"),
    "allauth.account.views.PasswordChangeView": _fs("POST PUT"),
    "allauth.account.views.PasswordSetView": _fs("POST PUT"),
    "allauth.account.views.EmailView": _fs("GET POST PUT"),
    "allauth.account.views.ConfirmEmailView": _fs("GET POST"),
    "allauth.account.views.PasswordResetView": _fs("POST PUT"),
    "allauth.account.views.PasswordResetFromKeyView": _fs("GET POST PUT"),
    "allauth.socialaccount.views.SignupView": _fs("POST PUT"),
    "allauth.socialaccount.views.ConnectionsView": _fs("GET POST PUT"),
}
# django-rest-auth, dj-rest-auth's predecessor (the package `rest_auth`, same views)
LIBRARY_VIEWS.update({"rest_auth." + k[len("dj_rest_auth."):]: v for k, v in LIBRARY_VIEWS.items()
                      if k.startswith("dj_rest_auth.")})
_DRF_MODEL_SERIALIZERS = {"rest_framework.serializers": _fs("ModelSerializer "
                                                             "HyperlinkedModelSerializer")}
_DJANGO_PAGE_VIEWS = {m: _fs("TemplateView RedirectView") for m in (
    "django.views.generic", "django.views.generic.base", "django.views")}
_DRF_TOKEN_VIEWS = {"rest_framework.authtoken.views": _fs("ObtainAuthToken")}
# Django's editing views, whose valid POST saves the form (ModelFormMixin.form_valid), and the
# model forms they save: django.forms.ModelForm and the auth app's user forms
_DJANGO_EDIT_VIEWS = {m: _fs("CreateView UpdateView") for m in (
    "django.views.generic", "django.views.generic.edit", "django.views")}
_DJANGO_MODEL_FORMS = {"django.forms": _fs("ModelForm"), "django.forms.models": _fs("ModelForm"),
                       "django.contrib.auth.forms": _fs("UserCreationForm BaseUserCreationForm "
                                                        "UserChangeForm")}
# Libraries whose values are never data stores: a path in them stops the search, so that
# `requests.Session().get(...)` or an HTTP client's `client.get` is never read as a query.
NON_DATA = {
    "python": ("requests", "httpx", "aiohttp", "urllib", "urllib3", "http.client", "boto3",
               "json", "os", "re", "collections", "typing", "builtins"),
    "typescript": ("axios", "node-fetch", "got", "undici", "express", "fs", "path", "http",
                   "https"),
    "go": ("net/http", "github.com/go-resty/resty", "encoding/json", "os", "fmt", "strings"),
}

# Shapes that only one library has, gated on the file importing it (evidence 3).
_PY_SESSIONISH = re.compile(r"^(session|db|db_session|dbsession|sess|async_session|"
                            r"session_db|_session|_db|db_sess)$", re.IGNORECASE)
_PY_CURSORISH = re.compile(r"^(cursor|cur|conn|connection|con|_conn|_connection|pool|db)$",
                           re.IGNORECASE)
_PRISMA_DISTINCT = _fs("findMany findUnique findUniqueOrThrow findFirst findFirstOrThrow "
                       "createMany upsert deleteMany updateMany groupBy aggregate")
_MULTER_MW = re.compile(r"^([A-Za-z_$][\w$]*)\.(single|array|fields|any)$")
_MULTER_DEST = re.compile(r"[{,]\s*dest\s*:")
_MULTER_STORAGE = re.compile(r"[{,]\s*storage\s*(?::\s*([\w$.]+(?:\(\))?))?\s*[,}\n]")
# Members of a Sequelize model class (lib/model.js) no other JavaScript data library's model
# has; and the ones it shares (Mongoose, TypeORM) that count on a model-like receiver
_SEQUELIZE_DISTINCT = _fs("findAll findByPk findAndCountAll findAndCount findOrCreate "
                          "findCreateFind bulkCreate")
_SEQUELIZE_SHARED = _fs("findOne findById count destroy update upsert create increment "
                        "decrement max min sum")
# JavaScript's global objects (ECMAScript, Node): `Object.create`, `Math.max` are no model's
_JS_GLOBALS = _fs("Object Math Array Number String JSON Reflect Promise Date Symbol BigInt "
                  "Atomics Intl Buffer Map Set WeakMap Error Proxy URL")
_MONGOOSE_DISTINCT = _fs(
    "findById findByIdAndUpdate findByIdAndDelete findByIdAndRemove findOneAndUpdate "
    "findOneAndDelete findOneAndRemove findOneAndReplace countDocuments "
    "estimatedDocumentCount insertMany deleteMany updateMany")
_GO_SQL_DISTINCT = _fs(
    "QueryContext QueryRowContext ExecContext PrepareContext Queryx QueryRowx QueryxContext "
    "QueryRowxContext NamedExec NamedExecContext NamedQuery NamedQueryContext SelectContext "
    "GetContext SendBatch CopyFrom MustExec MustExecContext")
_GO_SQL_PLAIN = _fs("Query QueryRow Exec Prepare Select Get")

_USER_PROXIES = ("flask_login", "flask_jwt_extended")
_NEXTAUTH_EXPORTS = _fs("GET POST handlers default")
_USER_LOADERS = _fs("user_loader user_lookup_loader user_loader_callback_loader request_loader")
_PY_TYPEVAR_BOUND = re.compile(
    r"^(?:typing\.|typing_extensions\.)?TypeVar\(.*\bbound\s*=\s*['\"]?([A-Za-z_][\w.]*)")
_PY_WRAPPERS = _fs("Optional Union List list Sequence Iterable Iterator Generator "
                   "AsyncGenerator AsyncIterator Annotated Type type Awaitable Coroutine "
                   "None")


# ------------------------------------------------------------------------------------------
# Expression text -> segments
def split_chain(text: str) -> list[tuple[str, bool]] | None:
    """`a.b(x).c[0].d` -> [(a, False), (b, True), (c, False), (d, False)]: each top-level
    member with whether it is called. None for text that is no member chain."""
    out = _split_chain(text or "")
    return list(out) if out is not None else None


@lru_cache(maxsize=65536)
def _split_chain(text: str) -> tuple | None:
    text = _strip_prefixes(text)
    if not text:
        return None
    if "\n" in text or ". " in text or " ." in text:  # chains split over lines
        text = re.sub(r"\s*\\\n\s*", "", text)
        text = re.sub(r"\s*\n\s*", " ", text)
        text = re.sub(r"\s*(\??\.)\s*(?=[A-Za-z_$(])", r"\1", text)
    out: list[tuple[str, bool]] = []
    cur: list[str] = []
    called = False
    depth = 0
    quote = ""
    i, n = 0, len(text)
    root_group = ""
    while i < n:
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = ""
            i += 1
            continue
        if ch in "\"'`":
            quote = ch
            i += 1
            continue
        if ch in "([{":
            if depth == 0:
                if ch == "(" and not cur and not out:  # `(expr).x`: a parenthesised root
                    j = _match(text, i)
                    if j < 0:
                        return None
                    root_group = text[i + 1:j]
                    i = j + 1
                    continue
                if ch == "(":
                    called = True
            depth += 1
            i += 1
            continue
        if ch in ")]}":
            depth -= 1
            if depth < 0:
                return None
            i += 1
            continue
        if depth == 0:
            if ch == "." and i + 1 < n and text[i + 1] == "(" and (cur or out or root_group):
                # Go's type assertion `x.(T)`: a member that names the value's type
                seg = "".join(cur).strip().rstrip("!?")
                if seg:
                    out.append((seg, called))
                elif root_group and not out:
                    out.append(("(" + root_group + ")", False))
                j = _match(text, i + 1)
                if j < 0:
                    return None
                out.append(("." + text[i + 1:j + 1], False))
                cur, called = [], False
                i = j + 1
                continue
            if ch == "." or (ch == "?" and i + 1 < n and text[i + 1] == "."):
                seg = "".join(cur).strip().rstrip("!?")
                if root_group and not out and not seg:
                    out.append(("(" + root_group + ")", False))
                elif seg:
                    out.append((seg, called))
                elif out or root_group:
                    pass
                else:
                    return None
                cur, called = [], False
                i += 2 if ch == "?" else 1
                continue
            if ch in " \t\n" and "".join(cur).strip():
                rest = text[i:].strip()
                if rest and rest[0] not in ".?([":
                    return None  # `a + b`, `x as Y`...
            cur.append(ch)
        i += 1
    seg = "".join(cur).strip().rstrip("!?")
    if seg:
        out.append((seg, called))
    elif root_group and not out:
        out.append(("(" + root_group + ")", False))
    return tuple(out) or None


def _match(text: str, i: int) -> int:
    depth, quote = 0, ""
    for j in range(i, len(text)):
        ch = text[j]
        if quote:
            if ch == quote and text[j - 1] != "\\":
                quote = ""
            continue
        if ch in "\"'`":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return j
    return -1


_PREFIX = re.compile(r"^\s*(?:await|new|yield(?:\s+from)?|async|typeof|\*|&|<-)\s*")


def _strip_prefixes(text: str) -> str:
    text = (text or "").strip()
    for _ in range(4):
        m = _PREFIX.match(text)
        if not m or not m.group(0):
            break
        text = text[m.end():]
    # TS casts and non-null assertions: `db as any`, `x!`
    text = re.sub(r"\s+as\s+[\w.<>\[\], |]+$", "", text).strip()
    while text.startswith("(") and _match(text, 0) == len(text) - 1:
        text = text[1:-1].strip()
    return text


def _alternatives(text: str) -> list[str]:
    """`global.prisma || new PrismaClient()` -> both sides; `a ?? b`, `a or b` likewise; a
    conditional's two arms (`mongoose.models.Category ? mongoose.models.Category :
    mongoose.model('Category', schema)`, the model registered once per process)."""
    arms = _ternary_arms(text or "")
    if arms:
        return [a for arm in arms for a in _alternatives(arm)]
    parts = re.split(r"\s(?:\|\||\?\?|or)\s", text or "")
    return [p for p in parts if p.strip()] if len(parts) > 1 else [text]


def _ternary_arms(text: str) -> list[str] | None:
    """The two arms of a JavaScript conditional `c ? a : b` written at the top level of
    `text` (not inside brackets or strings; `?.` and `??` are no conditional)."""
    if "?" not in text or ":" not in text or len(text) > 2000:
        return None
    from auditor.endpoints.frameworks import top_terms

    masked = text.replace("?.", "\0\0").replace("??", "\0\0")  # (same length)
    head = top_terms(masked, "?")
    if len(head) < 2:
        return None
    at = len(head[0]) + 1
    arms = top_terms(masked[at:], ":")
    if len(arms) < 2:
        return None
    cut = at + len(arms[0])
    return [text[at:cut].strip(), text[cut + 1:].strip()]


_GENERIC = re.compile(r"<.*>$")


def type_head(t: str) -> str:
    """`*gorm.DB` -> `gorm.DB`; `Repository<User>` -> `Repository`; `Optional[Session]` is
    handled by the Python indexer's `types`."""
    t = (t or "").strip()
    t = t.lstrip("*&").strip()
    while t.startswith("[]"):
        t = t[2:].lstrip("*")
    if t.startswith("map[") or t.startswith("chan ") or t.startswith("func"):
        return ""
    t = _GENERIC.sub("", t).strip()
    t = t.split("|")[0].strip()
    if t.startswith("typeof "):
        t = t[7:]
    return t if _DOTTED_NAME.match(t) else ""


# ------------------------------------------------------------------------------------------
# Values: what a name, an expression or a member denotes.
#   ("ext", lang, module, segs)  a member path of an external library
#   ("class", file, qname)       an in-tree class (Python, TypeScript) or type (Go)
#   ("inst", file, qname)        an instance of it
#   ("func", file, qname)        an in-tree function
#   ("mod", file)                an in-tree module
# precompiled: these run for every call on a traced chain, and the `re` module's own cache is
# shared with every dynamic pattern of the run
_DOTTED_NAME = re.compile(r"^[A-Za-z_$][\w$.]*$")
_NAME_HEAD = re.compile(r"^[A-Za-z_$][\w$]*")
_NAME = re.compile(r"^[A-Za-z_$][\w$]*$")
Value = tuple


class DataAccess:
    """Recognises the data calls of the functions on a chain; one per scan."""

    def __init__(self, facts: dict[str, dict], graph=None) -> None:
        self.facts = facts
        self.graph = graph
        self.cache: dict[tuple, tuple | None] = {}
        self.memo: dict[tuple, list | None] = {}
        self.visits: dict[str, tuple] = {}  # function -> what a trace finds in it (trace._visit)
        self._idx_done = False

    # -- indexes -----------------------------------------------------------------------------
    def trim(self) -> None:
        """Forget the memoized names once there are many: between two functions of a trace no
        resolution is in flight, and a million-line tree's names would otherwise hold ~0.2 GB
        to the end of the stage for little reuse (a name is memoized per scope)."""
        if len(self.memo) > MEMO_LIMIT:
            self.memo.clear()

    def _index(self) -> None:
        if self._idx_done:
            return
        self._idx_done = True
        self._build_index()

    def _build_index(self) -> None:
        self.lang_of = {p: _lang(fx.get("language", "")) for p, fx in self.facts.items()}
        self.py_mods: dict[str, str] = {}
        self.py_suffix: dict[str, list[str]] = {}
        self.ts_mods: dict[str, str] = {}
        self.go_dirs: dict[str, list[str]] = {}
        self.funcs: dict[tuple[str, str], dict] = {}
        self.classes: dict[tuple[str, str], dict] = {}
        self.assigns: dict[tuple[str, str], dict[str, list[dict]]] = {}
        self.scopes_by_file: dict[str, list] = {}
        self.file_libs: dict[str, set[str]] = {}
        self.imports: dict[str, dict[str, list[dict]]] = {}
        self.go_gorm = any(
            m in ((fx.get("extra") or {}).get("go_requires") or {})
            for p, fx in self.facts.items() if p.rsplit("/", 1)[-1] == "go.mod"
            for m in ("gorm.io/gorm", "github.com/jinzhu/gorm"))
        # ent required, its generated client absent (`ent/client.go` is what it writes)
        self.go_ent_absent = any(
            "entgo.io/ent" in ((fx.get("extra") or {}).get("go_requires") or {})
            for p, fx in self.facts.items() if p.rsplit("/", 1)[-1] == "go.mod") and not any(
            p == "ent/client.go" or p.endswith("/ent/client.go") for p in self.facts)
        for p, fx in self.facts.items():
            lang = self.lang_of[p]
            if lang == "python" and fx.get("module"):
                self.py_mods[fx["module"]] = p
                parts = fx["module"].split(".")
                for i in range(1, len(parts)):  # (`app/user/x.py` imported as `user.x`)
                    self.py_suffix.setdefault(".".join(parts[i:]), []).append(fx["module"])
            elif lang == "typescript":
                self.ts_mods[_strip_ext(p)] = p
            elif lang == "go":
                self.go_dirs.setdefault(posixpath.dirname(p), []).append(p)
            for f in fx.get("functions", []):
                self.funcs[(p, f.get("qname", ""))] = f
                if f.get("local") and f.get("local") != f.get("qname"):
                    self.funcs.setdefault((p, f["local"]), f)
            for c in fx.get("classes", []):
                self.classes[(p, c.get("qname", ""))] = c
            by: dict[str, dict[str, list[dict]]] = {}
            for a in fx.get("assigns", []):
                for t in a.get("targets") or [a.get("target")]:
                    if t:
                        by.setdefault(a.get("func") or "", {}).setdefault(t, []).append(a)
            for scope, names in by.items():
                self.assigns[(p, scope)] = names
            self.scopes_by_file[p] = list(by.items())
            imps: dict[str, list[dict]] = {}
            libs = set()
            for imp in fx.get("imports", []):
                imps.setdefault(imp.get("alias") or "", []).append(imp)
                lib = self._lib_of_module(lang, imp.get("target") or "", imp.get("name"))
                if lib:
                    libs.add(lib.name)
            self.imports[p] = imps
            self.file_libs[p] = libs
        # the data libraries some file of the tree imports
        self.tree_libs: set[str] = set().union(*self.file_libs.values())
        # the folders sqlc writes Go code into that hold none in the tree (its output not
        # committed): suffixes of the import paths of the generated package
        self.sqlc_absent: set = set()
        for p, fx in self.facts.items():
            for out in (fx.get("extra") or {}).get("sqlc_out") or ():
                d = posixpath.normpath(posixpath.join(posixpath.dirname(p), out))
                if d not in self.go_dirs and not d.startswith(".."):
                    self.sqlc_absent.add(d)
        self.go_types: dict[tuple[str, str], tuple[str, dict]] = {}
        for d, files in self.go_dirs.items():
            for p in files:
                for c in self.facts[p].get("classes", []):
                    self.go_types[(d, c.get("name", ""))] = (p, c)
        self.go_funcs: dict[tuple[str, str], tuple[str, dict]] = {}
        self.go_globals: dict[tuple[str, str], tuple[str, dict]] = {}
        # (package dir, "Type.method") -> the first file of the package declaring it: a member
        # lookup would otherwise try every file of a large package
        self.go_members: dict[tuple[str, str], str] = {}
        for d, files in self.go_dirs.items():
            for p in files:
                for f in self.facts[p].get("functions", []):
                    self.go_members.setdefault((d, f.get("qname", "")), p)
                    if f.get("local"):
                        self.go_members.setdefault((d, f["local"]), p)
                    if not f.get("cls") and f.get("kind") == "function":
                        self.go_funcs[(d, f.get("name", ""))] = (p, f)
                for a in self.facts[p].get("assigns", []):
                    if not a.get("func"):
                        for t in a.get("targets") or [a.get("target")]:
                            self.go_globals[(d, t)] = (p, a)

    def _lib_of_module(self, lang: str, target: str, name=None) -> Lib | None:
        return _lib_of_module(lang, target, name)

    def imports_any(self, file: str) -> bool:
        self._index()
        return bool(self.file_libs.get(file))

    # -- the public question ---------------------------------------------------------------
    def classify(self, call: dict, file: str, ext_names: dict | None = None) -> tuple | None:
        """(kind, library) when `call` (a facts call record of `file`) reaches a store."""
        self._index()
        key = (file, call.get("line"), call.get("column"), call.get("callee"))
        if key in self.cache:
            return self.cache[key]
        out = None
        try:
            out = self._classify(call, file, ext_names or {})
        except RecursionError:
            out = None
        if out is not None:  # most calls reach no store: keeping those answers costs memory
            self.cache[key] = out  # and a few repeat visits of a function recompute them
        return out

    def ent_runner(self, call: dict, file: str) -> bool:
        """Whether `call` is where ent's generated client runs a query or a mutation: every
        query method (All, Only, Count...) calls withInterceptors, every mutation (Save, Exec)
        withHooks, in the generated package beside sqlgraph; the SQL itself is reached only
        through generic type parameters (querierAll[V, Q]), which the call graph does not
        instantiate."""
        self._index()
        return (call.get("callee") or "") in _ENT_RUNNERS and \
            self.lang_of.get(file, "") == "go" and "ent" in self.file_libs.get(file, ())

    def values_of(self, call: dict, file: str) -> list[Value]:
        """What the callee of `call` denotes, as far as the facts tell."""
        self._index()
        # what a callee chain denotes depends on its text and the scope it is read in only
        key = ("callee", file, call.get("caller") or "", call.get("callee"))
        if key in self.memo:
            return self.memo[key] or []
        self.memo[key] = None
        lang = self.lang_of.get(file, "")
        chain = split_chain(call.get("callee") or "") if lang in LIBS else None
        out = []
        if chain:
            try:
                out = self._chain_values(lang, file, call.get("caller") or "", chain, 0)
            except RecursionError:
                out = []
        self.memo[key] = out
        return out

    def known_other(self, call: dict, file: str) -> bool:
        """The receiver of `call` resolves, and to no data library: an in-tree class, a
        literal, an HTTP client..."""
        self._index()
        ch = split_chain(call.get("callee") or "")
        if not ch or len(ch) < 2:
            return False
        lang = self.lang_of.get(file, "")
        try:
            vals = self._chain_values(lang, file, call.get("caller") or "", ch[:-1], 0)
        except RecursionError:
            return False
        return bool(vals) and not any(v[0] == "ext" and self._lib_of_module(lang, v[2])
                                      for v in vals)

    def callees(self, call: dict, file: str) -> list[str]:
        """In-tree functions `call` reaches by this module's resolution (imports through
        CommonJS re-exports, `this` fields, model mixins...), for the trace to follow where the
        call graph has no edge."""
        return [v[2] for v in self.values_of(call, file) if v[0] == "func"]

    def _classify(self, call: dict, file: str, ext_names: dict) -> tuple | None:
        lang = self.lang_of.get(file, "")
        if lang not in LIBS:
            return None
        callee = call.get("callee") or ""
        chain = split_chain(callee)
        if not chain:
            return None
        vals = self.values_of(call, file)
        resolved_non_data = False
        for v in vals:
            if v[0] == "ext":
                hit = self.match(lang, v[2], v[3])
                if hit:
                    return hit
                if _non_data(lang, v[2]):
                    resolved_non_data = True
        # the call graph's typed name of this external callee
        for name in ext_names.get((call.get("line"), call.get("name")), ()):
            mod, segs = split_ext_name(lang, name)
            hit = self.match(lang, mod, segs)
            if hit:
                return hit
            if _non_data(lang, mod):
                resolved_non_data = True
        if resolved_non_data:
            return None
        if lang == "go" and self.ent_runner(call, file):
            return "orm", "ent"
        if any(v[0] in ("class", "inst", "func", "mod") for v in vals):
            return None  # an in-tree value: its own functions are traced, not guessed
        if any(v[0] == "ext" and self._lib_of_module(lang, v[2]) for v in vals):
            return None  # a value of a data library, but no store operation (a builder)
        return self._shape(lang, file, call, chain)

    def match(self, lang: str, module: str, segs) -> tuple | None:
        """(kind, library) when member path `module`.`segs` is a store operation."""
        if lang == "go" and module.endswith("/ent") and segs:
            self._index()
            if self.go_ent_absent:
                module = _ENT_GENERATED
        if lang == "go" and segs and "/" in module:
            self._index()
            if self.sqlc_absent and any(module == d or module.endswith("/" + d)
                                        for d in self.sqlc_absent):
                module = _SQLC_GENERATED
        return _match_path(lang, module, tuple(segs))


    # -- shapes gated on imports (evidence 3) ----------------------------------------------------
    def _shape(self, lang: str, file: str, call: dict, chain) -> tuple | None:
        libs = self.file_libs.get(file, set())
        name = call.get("name") or chain[-1][0]
        names = [s for s, _ in chain]
        if lang == "python":
            if "django" in libs or "drf" in libs:
                if "objects" in names[:-1] and (name in _DJANGO_QS_OPS or len(names) > 2):
                    return "orm", "django"
                if name in ("save", "delete") and len(names) >= 2 and \
                        not _positional(call) and not _commit_false(call):
                    return "orm", "django"  # a model, ModelForm or serializer save
            recv = names[-2] if len(names) >= 2 else ""
            if "sqlalchemy" in libs and recv and _PY_SESSIONISH.match(recv) and \
                    name in _SA_SESSION_OPS:
                return "orm", "sqlalchemy"
            mongoish = name in _MONGO_DISTINCT or name == "distinct" and call.get("args")
            if "mongo" in libs and mongoish and recv and names[0] not in ("self", "cls"):
                # `collection.insert_one(doc)`, `cursor.to_list(length=None)` on a collection a
                # helper hands over (`client[db][name]` from a pooled client): names only a
                # MongoDB collection or cursor has, in a file that imports pymongo, motor or
                # pymongo's `bson`
                return "document", "mongo"
            if ("sql-driver" in libs or "django-sql" in libs) and recv and \
                    _PY_CURSORISH.match(recv) and name in _CURSOR_OPS and name not in (
                        "cursor", "prepare"):
                return "sql", "sql-driver"
            return None
        if lang == "typescript":
            if name in _POSTGREST_OPS and _POSTGREST_CHAIN.search(call.get("callee") or ""):
                # `supabase.from('projects').select()` on a client handed over as a callback's
                # parameter: PostgREST's query builder (supabase-js, postgrest-js), a table
                # named by a literal and a query verb; `storage.from('bucket').upload()` the
                # object store
                return ("document", "supabase") if ".storage" in (call.get("callee") or "") \
                    else ("orm", "supabase")
            if len(names) >= 3 and name in _PRISMA_DISTINCT and \
                    self._imports_lib_near(file, "prisma"):
                return "orm", "prisma"
            if len(names) >= 3 and name in _PRISMA_OPS and _orm_arg_keys(call, name):
                # `<client>.<model>.findMany({ where, select })` from a client the tree does not
                # hold (a workspace package re-exporting PrismaClient): the delegate API's shape
                return "orm", "prisma"
            if len(names) == 2 and name in _MONGOOSE_DISTINCT and names[0][:1].isupper() and \
                    self._imports_lib_near(file, "mongoose"):
                return "document", "mongoose"
            if len(names) >= 2 and "sequelize" in self.tree_libs and (
                    name in _SEQUELIZE_DISTINCT or
                    name in _SEQUELIZE_SHARED and (names[-2][:1].isupper() or len(names) >= 3
                                                   and (self._folder_registry(file, names[0]) or
                                                        names[-2] in self._sequelize_models()))) \
                    and names[0] not in _JS_GLOBALS:
                # `PostModel.findOne(q)`, `db.User.findAll()`: a model of the registry
                # sequelize-cli's `models/index.js` builds by reading its folder (`db[name] =
                # require(file)(sequelize, DataTypes)`), which no import of the caller names
                return "orm", "sequelize"
            return None
        if lang == "go":
            if self.go_gorm and len(names) >= 3 and name in _GORM_OPS and \
                    any(n in _GORM_BUILDERS for n in names[1:-1]):
                # `db.WithContext(c).Create(obj)` on a `db` a dependency hands over (go-admin-core's
                # `pkg.GetOrm(c)`): gorm's own chain, in a module that requires gorm
                return "orm", "gorm"
            sqlish = libs & {"database/sql", "sqlx", "pgx"}
            if not sqlish or len(names) < 2:
                return None
            nargs = len(call.get("args") or [])
            if name in _GO_SQL_DISTINCT or (name in _GO_SQL_PLAIN and nargs >= 2 and
                                            _first_arg_sqlish(call)):
                return "sql", sorted(sqlish)[0]
        return None

    def _sequelize_models(self) -> frozenset:
        """The model names the tree defines with `sequelize.define("users", {...})`: the key a
        registry of models holds each under (`db[model.name] = model`), so `req.db.users.
        findOne(...)` is that model's query."""
        got = self.__dict__.get("_seq_models")
        if got is None:
            names = set()
            # (every JavaScript file: a model file receives `sequelize` as a parameter and
            # imports nothing)
            for fx in self.facts.values():
                if fx.get("language") not in ("javascript", "typescript", "tsx"):
                    continue
                for c in fx.get("calls") or ():
                    args = c.get("args") or ()
                    if c.get("name") == "define" and \
                            (c.get("receiver") or "").lower().endswith("sequelize") and args and \
                            args[0].get("kind") == "str" and args[0].get("value"):
                        names.add(args[0]["value"])
            got = self.__dict__["_seq_models"] = frozenset(names)
        return got

    def _folder_registry(self, file: str, name: str) -> bool:
        """`name` is imported from a folder's index that loads every file beside it and imports
        Sequelize (sequelize-cli's `models/index.js`: `db[model.name] = model` for each file it
        reads), so `db.category.findOne(...)` is a model's query whatever the model is called."""
        for imp in self.imports.get(file, {}).get(name, ())[:1]:
            t = self._ts_module(file, imp.get("target") or "")
            if t and t.rsplit("/", 1)[-1].startswith("index.") and \
                    "sequelize" in self.file_libs.get(t, ()) and any(
                        c.get("name") == "readdirSync"
                        for c in (self.facts.get(t) or {}).get("calls") or ()):
                return True
        return False

    def _imports_lib_near(self, file: str, lib: str) -> bool:
        """The file imports `lib`, or imports an in-tree module that does."""
        if lib in self.file_libs.get(file, ()):
            return True
        for imps in self.imports.get(file, {}).values():
            for imp in imps:
                t = self._ts_module(file, imp.get("target") or "")
                if t and lib in self.file_libs.get(t, ()):
                    return True
        return False

    # -- values -----------------------------------------------------------------------------
    def _chain_values(self, lang, file, scope, chain, depth) -> list[Value]:
        if self._too_deep(depth):
            return []
        root, root_called = chain[0]
        vals = self._root_values(lang, file, scope, root, depth)
        if lang == "python" and len(chain) > 1 and not root_called and \
                not chain[1][0].startswith(".(") and \
                any(v[:4] == ("ext", "python", "flask", ("g",)) for v in vals):
            # Flask's `g`, the application context's namespace: `g.db` holds what the code
            # stored there (`g.db = TinyDB(...)` in a `get_db()` helper), wherever it did
            got = self._flask_g_attr(chain[1][0], depth)
            if got:
                return self._chain_values_from(lang, file, scope, got, chain[1][1], chain[2:],
                                               depth)
        return self._chain_values_from(lang, file, scope, vals, root_called, chain[1:], depth)

    def _chain_values_from(self, lang, file, scope, vals, called, rest, depth) -> list[Value]:
        """The rest of a chain (`rest`) from the values its head has (`called`: the head is
        called)."""
        if called:
            vals = [w for v in vals for w in self._call_result(lang, v, depth)]
        for seg, seg_called in rest:
            if seg.startswith(".("):  # Go `x.(T)`
                vals = [self._as_inst(w) for w in self._type_values(lang, file, scope,
                                                                    seg[2:-1], depth + 1)]
                continue
            nxt: list[Value] = []
            for v in vals:
                for w in self._member(lang, v, seg, depth):
                    nxt.extend(self._call_result(lang, w, depth) if seg_called else [w])
            vals = _dedupe(nxt)[:8]
            if not vals:
                break
        return vals

    def _flask_g_attr(self, attr: str, depth: int) -> list[Value]:
        """The library handles the tree assigns to `g.<attr>` (any module that imports Flask's
        `g`)."""
        out: list[Value] = []
        for (f, sc), names in self.assigns.items():
            for a in names.get(f"g.{attr}", ())[:2]:
                if any(imp.get("target") == "flask" and imp.get("name") == "g"
                       for imp in self.imports.get(f, {}).get("g", ())):
                    out.extend(self._expr_values("python", f, sc, a.get("value"), depth + 1))
        # (a library's handle, `TinyDB(...)`, `psycopg2.connect(...)`; a record of the tree's
        # models loaded there is typed too loosely to pick one class's method by)
        return [w for w in _dedupe(out) if w[0] == "ext" and len(w[3]) == 1][:8]

    def _root_values(self, lang, file, scope, root, depth) -> list[Value]:
        if root.startswith("("):
            inner = root[1:-1]
            out = []
            for alt in _alternatives(inner):
                ch = split_chain(alt)
                if ch:
                    out.extend(self._chain_values(lang, file, scope, ch, depth + 1))
            return out
        m = _NAME_HEAD.match(root)
        if not m:
            return []
        name = m.group(0)
        if lang == "python":
            return self._py_name(file, scope, name, depth)
        if lang == "typescript":
            return self._ts_name(file, scope, name, depth)
        if lang == "go":
            return self._go_name(file, scope, name, depth)
        return []

    def _expr_values(self, lang, file, scope, e: dict | None, depth) -> list[Value]:
        if not e or self._too_deep(depth):
            return []
        kind = e.get("kind")
        if kind == "annotated" and e.get("types"):
            return self._type_values(lang, file, scope, e["types"][0], depth + 1)
        if kind in ("str", "num", "bool", "null", "dict", "list", "fstring", "template",
                    "object", "array", "lambda", "tuple", "set"):
            if kind == "list" and e.get("parts") and e.get("via") == "for":
                return []
            return [("lit", kind)]
        if kind == "composite" and lang == "go":
            t = type_head((e.get("type") or e.get("text", "").split("{", 1)[0]))
            return [self._as_inst(v) for v in self._type_values(lang, file, scope, t, depth + 1)]
        text = e.get("text") or ""
        if lang == "python" and kind == "call" and (m := _PY_TYPEVAR_BOUND.match(text)):
            # `ModelType = TypeVar("ModelType", bound=Model)`: a generic CRUD base's
            # `model: Type[ModelType]` is a class of that bound (Tortoise's, SQLAlchemy's...)
            return self._type_values(lang, file, scope, m.group(1), depth + 1)
        out: list[Value] = []
        for alt in _alternatives(text):
            ch = split_chain(alt)
            if ch:
                out.extend(self._chain_values(lang, file, scope, ch, depth + 1))
        if not out and kind == "unary" and e.get("parts"):
            return self._expr_values(lang, file, scope, e["parts"][0], depth + 1)
        return _dedupe(out)

    @staticmethod
    def _as_inst(v: Value) -> Value:
        return ("inst", v[1], v[2]) if v[0] == "class" else v

    def _call_result(self, lang, v: Value, depth) -> list[Value]:
        kind = v[0]
        if kind == "ext":  # mark the called member: what follows acts on its result
            segs = v[3]
            if segs and not segs[-1].endswith("()"):
                segs = segs[:-1] + (segs[-1] + "()",)
            return [("ext", v[1], v[2], segs)]
        if kind == "class":
            return [("inst", v[1], v[2])]
        if kind == "func":
            return self._func_result(lang, v[1], v[2], depth)
        return []

    def _func_result(self, lang, file, qname, depth) -> list[Value]:
        f = self.funcs.get((file, qname))
        if f is None or self._too_deep(depth):
            return []
        out: list[Value] = []
        types = f.get("ret_types") or f.get("returns") or []
        scope = f.get("scope") or f.get("parent") or ""
        for t in types[:1]:
            for w in self._type_values(lang, file, scope, t, depth + 1):
                out.append(self._as_inst(w))
        if out:
            return out
        for r in self.facts.get(file, {}).get("returns", []):
            if r.get("func") in (qname, f.get("local")):
                v = (r.get("values") or [r.get("value")])[0]
                out.extend(self._expr_values(lang, file, qname, v, depth + 1))
                if len(out) > 4:
                    break
        return [w for w in _dedupe(out) if w[0] != "lit"]

    def _member(self, lang, v: Value, seg: str, depth) -> list[Value]:
        kind = v[0]
        if kind == "ext":
            if lang == "python" and seg == "user" and v[3] and \
                    v[3][-1] in ("request", "HttpRequest", "Request") and \
                    (v[2].startswith("django") or v[2].startswith("rest_framework")):
                # Django's `request.user`: an instance of the project's user model
                return [("ext", "python", "django.contrib.auth.models", ("User",))]
            return [("ext", v[1], v[2], v[3] + (seg,))]
        if kind == "mod":
            if lang == "python":
                return self._py_module_name(v[1], seg, depth)
            if lang == "typescript":
                return self._ts_export(v[1], seg, depth)
            if lang == "go":
                return self._go_pkg_member(v[1], seg, depth)
            return []
        if kind in ("class", "inst"):
            if lang == "go":
                return self._go_member(v, seg, depth)
            return self._class_member(lang, v, seg, depth)
        return []

    def _too_deep(self, depth: int) -> bool:
        """Past the depth limit; remembered, so that an answer cut short by it is not
        memoised (`_class_member`)."""
        if depth > MAX_DEPTH:
            self._cut = True
            return True
        return False

    def _class_member(self, lang, v: Value, seg: str, depth, seen=None) -> list[Value]:
        """What member `seg` of a class or instance of the tree is. Memoised per (value,
        member), the entry set to [] while it is computed: classes whose attributes are
        assigned from each other's (`this.a = this.b.a || this.c.a`, for every attribute)
        otherwise re-evaluate the same members along every path to the depth limit,
        exponentially."""
        if seen:  # a walk up the bases: its own answer
            return self._class_member_of(lang, v, seg, depth, seen)
        cache = self.__dict__.setdefault("_member_cache", {})
        ck = (lang, v, seg)
        if ck in cache:
            return cache[ck]
        cache[ck] = []
        outer_cut, self._cut = getattr(self, "_cut", False), False
        got = self._class_member_of(lang, v, seg, depth, seen)
        if self._cut:
            del cache[ck]  # cut short by the depth limit: a shallower question may get more
        else:
            cache[ck] = got
        self._cut = self._cut or outer_cut
        return got

    def _class_member_of(self, lang, v: Value, seg: str, depth, seen=None) -> list[Value]:
        file, q = v[1], v[2]
        seen = seen or set()
        if (file, q) in seen or self._too_deep(depth):
            return []
        seen.add((file, q))
        c = self.classes.get((file, q))
        if c is None:
            return []
        if seg in (c.get("methods") or []):
            if lang == "typescript" and (self.funcs.get((file, f"{q}.{seg}")) or {}).get(
                    "accessor"):
                # `static get knex() { return this.#knex; }`: reading the getter is reading
                # the field it hands out (the private or underscored field of that name)
                for field in ("#" + seg, "_" + seg):
                    for (_p, scope), names in self._scopes_of(file, q):
                        for a in names.get(f"this.{field}", []):
                            got = self._expr_values(lang, file, scope, a.get("value"),
                                                    depth + 1)
                            if got:
                                return got
                    ftype = (c.get("fields") or {}).get(field)
                    if ftype:
                        return self._typed_field(lang, file, q, ftype, depth)
            return [("func", file, f"{q}.{seg}")]
        attrs = self.assigns.get((file, q), {}).get(seg)
        if attrs:
            return [w for a in attrs[:2]
                    for w in self._expr_values(lang, file, q, a.get("value"), depth + 1)]
        if v[0] == "inst" or lang == "typescript":
            # self.x = ... in a method, or a typed field / constructor property
            # (every assignment: `this.client = null` in the constructor, `this.client =
            # knex({...})` when it connects; the empty one says nothing of what it holds)
            found: list[Value] = []
            for (p, scope), names in self._scopes_of(file, q):
                for a in names.get(f"self.{seg}", []) + names.get(f"this.{seg}", []):
                    found.extend(self._expr_values(lang, file, scope, a.get("value"), depth + 1))
                    if len(found) >= 8:
                        break
            if found:
                return _dedupe(found)[:8]
            ftype = (c.get("fields") or {}).get(seg)
            if ftype and (lang == "typescript" or lang == "python" and not _looks_call(ftype)):
                return self._typed_field(lang, file, q, ftype, depth)
        # the member comes from one of the bases, in MRO order; a library base cannot say
        # which members it lacks (`class User(UserMixin, db.Model)`: `User.query` is
        # Flask-SQLAlchemy's, not Flask-Login's), so every library base is a candidate
        ext: list[Value] = []
        for base in (c.get("bases") or []):
            for bv in self._type_values(lang, file, c.get("scope") or _parent(q), base,
                                        depth + 1):
                if bv[0] == "ext":
                    ext.append(("ext", bv[1], bv[2], bv[3] + (seg,)))
                elif bv[0] == "class":
                    out = self._class_member(lang, (v[0], bv[1], bv[2]), seg, depth + 1, seen)
                    if out and not ext:
                        return out
                    ext.extend(out)
        return _dedupe(ext)

    def _typed_field(self, lang, file, q, ftype: str, depth) -> list[Value]:
        """Instances of the type a field of class `q` is declared with."""
        return [self._as_inst(w) for w in self._type_values(lang, file, q, ftype, depth + 1)]

    def _scopes_of(self, file, cls_q):
        pre = cls_q + "."
        for scope, names in self.scopes_by_file.get(file, ()):
            if scope.startswith(pre):
                yield (file, scope), names

    def _memo_name(self, resolve, file, scope, name, depth) -> list[Value]:
        """`resolve(file, scope, name, depth)` memoized per name; a name being resolved reads
        as nothing (a cycle ends there)."""
        key = (resolve.__name__, file, scope, name)
        memo = self.memo
        if key in memo:
            return memo[key] or []
        if self._too_deep(depth):
            return []
        memo[key] = None
        out = resolve(file, scope, name, depth)
        memo[key] = out or None  # (nothing reads as None: no empty list kept per name)
        return out

    # -- Python names ---------------------------------------------------------------------------
    def _py_name(self, file, scope, name, depth) -> list[Value]:
        return self._memo_name(self._py_name_, file, scope, name, depth)

    def _py_name_(self, file, scope, name, depth) -> list[Value]:
        cur = scope
        for _ in range(12):
            f = self.funcs.get((file, cur))
            if f is not None and f.get("kind") in ("function", "method", "closure"):
                if name in ("self", "cls") and f.get("cls"):
                    return [("inst" if name == "self" else "class", file, f["cls"])]
                if name == "super" and f.get("cls"):  # `super().post(...)`: the bases
                    c = self.classes.get((file, f["cls"]))
                    return [w for b in (c or {}).get("bases") or []
                            for w in self._type_values("python", file,
                                                       (c or {}).get("scope") or
                                                       _parent(f["cls"]), b, depth + 1)]
                for prm in f.get("params", []):
                    if prm.get("name") == name:
                        return self._py_param(file, cur, prm, depth)
            local = self.assigns.get((file, cur), {}).get(name)
            if local:
                out = []
                for a in local[-3:]:
                    out.extend(self._py_assign_value(file, cur, a, depth))
                out = _dedupe(out)
                if out:
                    return out
            if f is not None and f.get("kind") == "module":
                break
            nxt = (f or {}).get("scope") if f is not None else None
            if not nxt or nxt == cur:
                nxt = _parent(cur)
            if not nxt:
                break
            cur = nxt
        mod = self.facts.get(file, {}).get("module", "")
        if (file, f"{mod}.{name}") in self.classes:
            return [("class", file, f"{mod}.{name}")]
        if (file, f"{mod}.{name}") in self.funcs:
            return [("func", file, f"{mod}.{name}")]
        got = self._py_import(file, name, depth)
        if got or name.startswith("_"):
            return got
        return self._star_imported(file, name, depth)

    def _star_imported(self, file, name, depth) -> list[Value]:
        """`from .user import *` (a models package's __init__.py, `from app.models import *`
        in views): every public name of the star-imported module is one of this module's."""
        for imp in self.imports.get(file, {}).get("*", []):
            # (`from appserviceshop.models import *` with the project one folder down: the
            # module the import names, read as the call graph reads it)
            target = self.py_mods.get(imp.get("target") or "") or (
                self.py_mods.get(self._py_mod(imp.get("target") or "", file))
                if imp.get("level", 0) == 0 else None)
            if target and target != file:
                got = self._py_module_name(target, name, depth + 1)
                if got:
                    return got
        return []

    def _py_param(self, file, scope, prm, depth) -> list[Value]:
        out: list[Value] = []
        if prm.get("name") == "request" and not prm.get("type") and self._imports_django(file):
            return [("ext", "python", "django.http", ("HttpRequest",))]  # a Django view's
        for t in (prm.get("types") or ([prm["type"]] if prm.get("type") else []))[:2]:
            out.extend(self._as_inst(w) for w in self._type_values("python", file, scope, t,
                                                                     depth + 1))
        d = prm.get("default")
        if not out and d and d.get("kind") == "call" and \
                (d.get("callee") or "").rsplit(".", 1)[-1] == "Depends":
            arg = re.match(r"^[\w.]*Depends\(\s*([\w.]+)", d.get("text", ""))
            if arg:
                for fv in self._py_chain_text(file, scope, arg.group(1), depth + 1):
                    if fv[0] == "func":
                        out.extend(self._func_result("python", fv[1], fv[2], depth + 1))
        return [w for w in out if w[0] != "lit"]

    def _imports_django(self, file) -> bool:
        return any((imp.get("target") or "").startswith(("django", "rest_framework"))
                   for imps in self.imports.get(file, {}).values() for imp in imps)

    def _py_assign_value(self, file, scope, a, depth) -> list[Value]:
        v = a.get("value")
        if v is None:
            return []
        if a.get("via") == "for":
            return []
        return self._expr_values("python", file, scope, v, depth + 1)

    def _py_chain_text(self, file, scope, text, depth) -> list[Value]:
        ch = split_chain(text)
        return self._chain_values("python", file, scope, ch, depth) if ch else []

    def _py_mod(self, target: str, file: str) -> str:
        """The dotted name of the tree's module `target` names, also when the tree's root sits
        above the import root (`app/user/serializers.py` imported as `user.serializers`, with
        `app/` on the path): the candidate sharing the longest prefix with the importer, as
        the call graph resolves it."""
        if not target or target in self.py_mods:
            return target
        cands = self.py_suffix.get(target)
        if not cands and "." in target and "__init__" in self.py_mods:
            # the scanned folder is itself a package importing itself by its own name
            # (`from backend.core.db import x` with `backend/` scanned)
            rest = target.split(".", 1)[1]
            if rest in self.py_mods or any(m.startswith(rest + ".") for m in self.py_mods):
                return rest
        if not cands:
            return target
        if len(cands) == 1:
            return cands[0]
        importer = (self.facts.get(file) or {}).get("module", "").split(".")

        def shared(c: str) -> int:
            n = 0
            for a, b in zip(c.split("."), importer):
                if a != b:
                    break
                n += 1
            return n
        return max(sorted(cands), key=shared)

    def _py_import(self, file, name, depth) -> list[Value]:
        for imp in self.imports.get(file, {}).get(name, [])[:1]:
            target, iname = imp.get("target") or "", imp.get("name")
            if imp.get("level", 0) == 0 and target and target not in self.py_mods and \
                    not (iname and f"{target}.{iname}" in self.py_mods):
                target = self._py_mod(target, file)
            if not iname:  # `import x`, `import x as y`, `import x.y` (binds x)
                mod = name if imp.get("bind") == "root" else target
                if mod in self.py_mods:
                    return [("mod", self.py_mods[mod])]
                return [("ext", "python", mod, ())]
            if iname == "*":
                return []
            full = f"{target}.{iname}"
            if full in self.py_mods:
                return [("mod", self.py_mods[full])]
            if target in self.py_mods:
                return self._py_module_name(self.py_mods[target], iname, depth + 1)
            if iname == "current_user" and target in _USER_PROXIES:
                loaded = self._loaded_user(depth)
                if loaded:
                    return loaded
            return [("ext", "python", target, (iname,))]
        return []

    def _loaded_user(self, depth) -> list[Value]:
        """Flask-Login's and Flask-JWT-Extended's `current_user` is what the app's registered
        user loader returns (`@login.user_loader`, `jwt.user_lookup_loader(fn)`)."""
        key = ("loaded_user",)
        if key in self.memo:
            return self.memo[key] or []
        self.memo[key] = None
        out: list[Value] = []
        for p, fx in self.facts.items():
            if self.lang_of.get(p) != "python":
                continue
            for f in fx.get("functions", []):
                if any(d.split("(")[0].rsplit(".", 1)[-1] in _USER_LOADERS
                       for d in f.get("decorators") or []):
                    out.extend(self._loader_result(p, f["qname"], depth))
            for c in fx.get("calls", []):
                if c.get("name") in _USER_LOADERS and c.get("args"):
                    a = c["args"][0]
                    if a.get("kind") in ("name", "attr"):
                        for fv in self._py_chain_text(p, c.get("caller") or "", a["text"],
                                                      depth + 1):
                            if fv[0] == "func":
                                out.extend(self._loader_result(fv[1], fv[2], depth))
        out = [self._as_inst(w) for w in _dedupe(out) if w[0] in ("ext", "class", "inst")]
        self.memo[key] = out
        return out

    def _loader_result(self, file, qname, depth) -> list[Value]:
        """What a user loader returns; when its result cannot be typed (`User.get_by_id(i)`
        through a mixin's classmethod), the model class it asks: a loader returns a user."""
        out = self._func_result("python", file, qname, depth + 1)
        if out:
            return out
        for r in self.facts.get(file, {}).get("returns", []):
            if r.get("func") == qname:
                ch = split_chain(((r.get("values") or [r.get("value")])[0] or {}).get("text", ""))
                if ch:
                    for v in self._root_values("python", file, qname, ch[0][0], depth + 1):
                        if v[0] == "class":
                            out.append(("inst", v[1], v[2]))
        return out

    def _py_module_name(self, file, name, depth) -> list[Value]:
        if self._too_deep(depth):
            return []
        mod = self.facts.get(file, {}).get("module", "")
        q = f"{mod}.{name}"
        if (file, q) in self.classes:
            return [("class", file, q)]
        if (file, q) in self.funcs:
            return [("func", file, q)]
        if f"{mod}.{name}" in self.py_mods:
            return [("mod", self.py_mods[f"{mod}.{name}"])]
        local = self.assigns.get((file, mod), {}).get(name)
        if local:
            out = []
            for a in local[-2:]:
                out.extend(self._py_assign_value(file, mod, a, depth))
            return _dedupe(out)
        got = self._py_import(file, name, depth + 1)
        if got or name.startswith("_"):
            return got
        return self._star_imported(file, name, depth)

    def _type_values(self, lang, file, scope, t, depth) -> list[Value]:
        if self._too_deep(depth) or not t:
            return []
        if lang == "python":
            t = t.strip().strip("'\"")
            if "[" in t:
                head = t.split("[", 1)[0].rsplit(".", 1)[-1]
                if head in _PY_WRAPPERS:
                    inner = t.split("[", 1)[1].rsplit("]", 1)[0]
                    for piece in _split_top(inner):
                        piece = piece.strip()
                        if piece and piece != "None":
                            return self._type_values(lang, file, scope, piece, depth + 1)
                    return []
                t = t.split("[", 1)[0]
            if t.rsplit(".", 1)[-1] in _PY_WRAPPERS:
                return []
            return self._py_chain_text(file, scope, t, depth + 1)
        if lang == "typescript":
            h = type_head(t)
            if not h:
                return []
            ch = split_chain(h)
            return self._chain_values(lang, file, scope, ch, depth + 1) if ch else []
        if lang == "go":
            return self._go_type(file, t, depth)
        return []

    # -- TypeScript names -------------------------------------------------------------------
    def _ts_name(self, file, scope, name, depth) -> list[Value]:
        return self._memo_name(self._ts_name_, file, scope, name, depth)

    def _ts_name_(self, file, scope, name, depth) -> list[Value]:
        cur = scope
        for _ in range(15):
            f = self.funcs.get((file, cur))
            if f is not None:
                if name == "this" and f.get("cls"):
                    return [("inst", file, f["cls"])]
                for i, prm in enumerate(f.get("params", [])):
                    if prm.get("name") == name:
                        if prm.get("type"):
                            typed = [self._as_inst(w) for w in
                                     self._type_values("typescript", file, cur, prm["type"],
                                                       depth + 1)]
                            if not f.get("cls") or not all(
                                    w[0] == "inst" and (self.classes.get((w[1], w[2])) or {})
                                    .get("kind") == "interface" for w in typed):
                                return typed
                            # an interface of the tree's own (`repository:
                            # IPaginationRepository` with findMany/count): what the method's
                            # callers hand it (`this.paginationService.offset(this.
                            # databaseService.apiKey, ...)`, a Prisma delegate)
                            return self._ts_method_bound_arg(file, f, i, depth) or typed
                        return self._ts_bound_arg(file, f, i, depth)
            local = self.assigns.get((file, cur), {}).get(name)
            if local:
                out = []
                for a in local[-3:]:
                    if a.get("type"):
                        out.extend(self._as_inst(w) for w in self._type_values(
                            "typescript", file, cur, a["type"], depth + 1))
                    out.extend(self._expr_values("typescript", file, cur, a.get("value"),
                                                 depth + 1))
                out = [w for w in _dedupe(out) if w[0] != "lit" or len(out) == 1]
                if out:
                    return out
            if f is None or f.get("kind") == "module":
                break
            nxt = f.get("parent") or _parent(cur)
            if not nxt or nxt == cur:
                break
            cur = nxt
        mkey = _strip_ext(file)
        q = f"{mkey}.{name}"
        if (file, q) in self.classes:
            return [("class", file, q)]
        if (file, q) in self.funcs:
            return [("func", file, q)]
        if cur != mkey:
            local = self.assigns.get((file, mkey), {}).get(name)
            if local:
                return self._ts_module_local(file, name, depth)
        return self._ts_import(file, name, depth)

    def _ts_bound_arg(self, file: str, f: dict, i: int, depth: int) -> list[Value]:
        """An untyped parameter: what every call of the function by its name hands it
        (`advancedResults(Bootcamp, 'courses')` into `(model, populate) => async (req, res,
        next) => { model.find(...) }`), for a function named at module level and called, in
        this file or in one importing it, with a named value there (at most 8 call sites)."""
        name = f.get("name") or ""
        if not name or f.get("kind") == "module" or "." in (f.get("qname") or "")[
                len(_strip_ext(file)) + 1:]:
            return []
        # `advancedResults(Bootcamp)`, and `factory.getAll(Tour)` through a module object
        # (`const factory = require("./handlerFactory")`)
        sites = self._ts_calls_by("_ts_calls_by_name", lambda c: not c.get("receiver") or bool(
            _NAME.match(c.get("receiver") or ""))).get(name, [])
        if not sites or len(sites) > 8:
            return []
        out: list[Value] = []
        for cfile, c in sites:
            recv = c.get("receiver") or ""
            if recv:
                imp = next(iter(self.imports.get(cfile, {}).get(recv, [])), None)
                if imp is None or imp.get("name") not in (None, "", "*", "default") or \
                        self._ts_module(cfile, imp.get("target") or "") != file:
                    continue  # a method of some object, or another module's function
            elif cfile != file and self._ts_module(cfile, next(
                    (imp.get("target") or "" for imp in self.imports.get(cfile, {}).get(
                        name, [])), "")) != file:
                continue  # another function of that name
            args = c.get("args") or []
            if i < len(args) and args[i].get("kind") == "name":
                out.extend(self._expr_values("typescript", cfile, c.get("caller") or "",
                                             args[i], depth + 1))
        return _dedupe(out)

    def _ts_calls_by(self, attr: str, keep) -> dict:
        """The TypeScript calls with arguments that `keep` accepts, by called name: built once
        per scan under `attr`."""
        got = self.__dict__.get(attr)
        if got is None:
            got = self.__dict__[attr] = {}
            for p, fx in self.facts.items():
                if self.lang_of.get(p) != "typescript":
                    continue
                for c in fx.get("calls", ()) or ():
                    if c.get("args") and keep(c):
                        got.setdefault(c.get("name") or "", []).append((p, c))
        return got

    def _ts_method_bound_arg(self, file: str, f: dict, i: int, depth: int) -> list[Value]:
        """A method's parameter typed by nothing that resolves (an interface): the values the
        calls of that method name hand it, where the call's receiver is an instance of the
        method's class (at most 64 call sites are read)."""
        name, cls = f.get("name") or "", f.get("cls") or ""
        if not name or not cls:
            return []
        sites = self._ts_calls_by("_ts_method_calls",
                                  lambda c: bool(c.get("receiver"))).get(name, [])
        if not sites or len(sites) > 64:
            return []
        out: list[Value] = []
        for cfile, c in sites:
            args = c.get("args") or []
            if i >= len(args) or args[i].get("kind") not in ("name", "attr"):
                continue
            ch = split_chain(c.get("receiver") or "")
            recv = self._chain_values("typescript", cfile, c.get("caller") or "", ch,
                                      depth + 1) if ch else []
            if not any(v[0] == "inst" and v[1] == file and v[2] == cls for v in recv):
                continue
            out.extend(self._expr_values("typescript", cfile, c.get("caller") or "", args[i],
                                         depth + 1))
        return _dedupe(out)

    def _ts_module_local(self, file, name, depth) -> list[Value]:
        mkey = _strip_ext(file)
        q = f"{mkey}.{name}"
        if (file, q) in self.classes:
            return [("class", file, q)]
        if (file, q) in self.funcs:
            return [("func", file, q)]
        out = []
        for a in self.assigns.get((file, mkey), {}).get(name, [])[-3:]:
            if a.get("type"):
                out.extend(self._as_inst(w) for w in self._type_values(
                    "typescript", file, mkey, a["type"], depth + 1))
            out.extend(self._expr_values("typescript", file, mkey, a.get("value"), depth + 1))
        out = [w for w in _dedupe(out) if w[0] != "lit"]
        if out:
            return out
        return self._ts_import(file, name, depth)

    def _ts_import(self, file, name, depth) -> list[Value]:
        for imp in self.imports.get(file, {}).get(name, [])[:1]:
            spec = imp.get("target") or ""
            iname = imp.get("name")
            target = self._ts_module(file, spec)
            if target is None:  # a package: its default export is a member like any other
                if iname in (None, "*") or imp.get("kind") == "namespace":
                    return [("ext", "typescript", spec, ())]
                return [("ext", "typescript", spec, (iname or "default",))]
            if iname == "*" or imp.get("kind") == "namespace":
                return [("mod", target)]
            if imp.get("kind") == "require" and iname in (None, "default"):
                vals = self._ts_export(target, "default", depth + 1)
                return vals or [("mod", target)]
            return self._ts_export(target, iname or "default", depth + 1)
        return []

    def _ts_export(self, file, name, depth) -> list[Value]:
        if self._too_deep(depth):
            return []
        fx = self.facts.get(file, {})
        exports = (fx.get("extra") or {}).get("exports", [])
        for e in exports:
            if e.get("name") != name or e.get("all"):
                continue
            if e.get("source"):
                t = self._ts_module(file, e["source"])
                if t is None:
                    imported = e.get("imported", name)
                    return [("ext", "typescript", e["source"],
                             () if imported in ("*", "default") else (imported,))]
                if e.get("imported") == "*":
                    return [("mod", t)]
                return self._ts_export(t, e.get("imported", name), depth + 1)
            local = e.get("local") or name
            if _NAME.match(local):
                vals = self._ts_module_local(file, local, depth + 1)
                if not vals:  # `module.exports.User = require('./user.model')`
                    vals = self._ts_required_at(file, e.get("line"), depth)
                return vals
            ch = split_chain(local)
            return self._chain_values("typescript", file, _strip_ext(file), ch,
                                      depth + 1) if ch else []
        for e in exports:
            if e.get("all") and e.get("source") and name != "default":
                t = self._ts_module(file, e["source"])
                if t:
                    vals = self._ts_export(t, name, depth + 1)
                    if vals:
                        return vals
        if name == "default":
            # CommonJS `module.exports = X`
            for a in fx.get("assigns", []):
                if a.get("target") in ("module.exports", "exports.default"):
                    return self._expr_values("typescript", file, _strip_ext(file),
                                             a.get("value"), depth + 1)
        else:
            for a in fx.get("assigns", []):
                if a.get("target") in (f"module.exports.{name}", f"exports.{name}"):
                    return self._expr_values("typescript", file, _strip_ext(file),
                                             a.get("value"), depth + 1)
        if not exports:
            return self._ts_module_local(file, name, depth + 1) if name != "default" else []
        return []

    def _ts_required_at(self, file, line, depth) -> list[Value]:
        for c in self.facts.get(file, {}).get("calls", []):
            if c.get("line") == line and c.get("callee") == "require" and c.get("args"):
                spec = c["args"][0].get("value") or ""
                t = self._ts_module(file, spec)
                if t is None:
                    return [("ext", "typescript", spec, ())] if spec else []
                vals = [v for v in self._ts_export(t, "default", depth + 1) if v[0] != "lit"]
                return vals or [("mod", t)]
        return []

    def _ts_module(self, file: str, spec: str) -> str | None:
        """The in-tree file a module specifier names: relative paths, and non-relative ones
        that end like a file of the tree (tsconfig path aliases such as `@/lib/db`)."""
        if not spec:
            return None
        self._index()
        key = (posixpath.dirname(file), spec)
        cache = self.__dict__.setdefault("_tsmod", {})
        if key in cache:
            return cache[key]
        out = None
        if spec.startswith("."):
            base = posixpath.normpath(posixpath.join(posixpath.dirname(file), spec))
            out = self._ts_find(base)
        elif (aliased := self._ts_alias(file, spec)) is not None:
            out = aliased  # tsconfig/jsconfig `paths` (`@models/*`), as the compiler reads them
        elif "/" in spec or spec.startswith(("@", "~", "#")):
            rest = re.sub(r"^(@|~|#)[^/]*?/", "", spec) if re.match(r"^(@|~|#)/", spec) \
                else spec
            rest = rest.lstrip("/")
            cands = [k for k in self.ts_mods
                     if k == rest or k.endswith("/" + rest) or k == rest + "/index"
                     or k.endswith("/" + rest + "/index")]
            if spec.startswith("@") and not spec.startswith("@/") and not cands:
                out = None
            elif cands:
                d = posixpath.dirname(file)
                cands.sort(key=lambda k: (-len(posixpath.commonprefix([k, d])), len(k)))
                out = self.ts_mods[cands[0]]
        cache[key] = out
        return out

    def _ts_alias(self, file: str, spec: str) -> str | None:
        """The in-tree file the call graph's TypeScript module resolver (tsconfig/jsconfig
        `paths` and `baseUrl`) gives `spec`, or None."""
        from auditor.graph.typescript import alias_candidates

        table = self.graph.g.graph.get("ts_aliases") if self.graph is not None else None
        for cand in alias_candidates(table or {}, file, spec):
            got = self._ts_find(cand)
            if got is not None:
                return got
        return None

    def _ts_find(self, base: str) -> str | None:
        base = base.lstrip("./") if base.startswith("./") else base
        cands = (base, _strip_ext(base), base + "/index", _strip_ext(base) + "/index")
        for cand in cands:
            if cand in self.ts_mods:
                return self.ts_mods[cand]
        from auditor.graph.typescript import case_blind

        hit = case_blind(self.__dict__, self.ts_mods, cands)
        return self.ts_mods[hit] if hit is not None else None

    # -- Go names ----------------------------------------------------------------------------
    def _go_name(self, file, scope, name, depth) -> list[Value]:
        return self._memo_name(self._go_name_, file, scope, name, depth)

    def _go_name_(self, file, scope, name, depth) -> list[Value]:
        f = self.funcs.get((file, scope))
        cur = scope
        seen = 0
        while f is not None and seen < 6:
            seen += 1
            if f.get("recv") == name and f.get("cls"):
                return self._go_type(file, f["cls"], depth)
            for prm in f.get("params", []):
                if prm.get("name") == name:
                    return [self._as_inst(w) for w in self._go_type(file, prm.get("type", ""),
                                                                      depth + 1)]
            local = self.assigns.get((file, cur), {}).get(name)
            if local:
                out = []
                for a in local[-3:]:
                    out.extend(self._go_assign(file, cur, a, name, depth))
                out = [w for w in _dedupe(out) if w[0] != "lit"]
                if out:
                    return out
            parent = cur.rsplit(".func", 1)[0] if ".func" in cur else None
            if not parent or parent == cur:
                break
            cur = parent
            f = self.funcs.get((file, cur))
        d = posixpath.dirname(file)
        g = self.go_globals.get((d, name))
        if g is not None:
            return self._go_assign(g[0], "", g[1], name, depth)
        if (d, name) in self.go_funcs:
            p, fr = self.go_funcs[(d, name)]
            return [("func", p, fr.get("qname", name))]
        if (d, name) in self.go_types:
            p, c = self.go_types[(d, name)]
            return [("class", p, c.get("qname", name))]
        for imp in self.imports.get(file, {}).get(name, [])[:1]:
            return [self._go_pkg(imp.get("target") or "")]
        # an import's default alias is its last path element
        for imps in self.imports.get(file, {}).values():
            for imp in imps:
                t = imp.get("target") or ""
                if not imp.get("explicit") and _go_pkg_name(t) == name:
                    return [self._go_pkg(t)]
        return []

    def _go_dir_of(self, target: str) -> str | None:
        """The directory of the tree that is the package imported as `target`."""
        cache = self.__dict__.setdefault("_go_dir_cache", {})
        if target not in cache:
            cache[target] = next((d for d in self.go_dirs
                                  if d and (target == d or target.endswith("/" + d))), None)
        return cache[target]

    def _go_pkg(self, target: str) -> Value:
        """An imported package: a directory of the tree when one is that package."""
        d = self._go_dir_of(target)
        return ("mod", d) if d is not None else ("ext", "go", target, ())

    def _go_pkg_member(self, d: str, seg: str, depth) -> list[Value]:
        if (d, seg) in self.go_funcs:
            p, fr = self.go_funcs[(d, seg)]
            return [("func", p, fr.get("qname", seg))]
        if (d, seg) in self.go_types:
            p, c = self.go_types[(d, seg)]
            return [("class", p, c.get("qname", seg))]
        g = self.go_globals.get((d, seg))
        if g is not None:
            return self._go_assign(g[0], "", g[1], seg, depth + 1)
        return []

    def _go_assign(self, file, scope, a, name, depth) -> list[Value]:
        if a.get("type"):
            return [self._as_inst(w) for w in self._go_type(file, a["type"], depth + 1)]
        v = a.get("value")
        if v is None:
            return []
        targets = a.get("targets") or [a.get("target")]
        idx = targets.index(name) if name in targets else 0
        if v.get("kind") == "call" and idx > 0:
            return []  # `rows, err := ...`: only the first result is the value we follow
        if a.get("op") == "range":
            return []
        return [self._as_inst(w) for w in self._expr_values("go", file, scope, v, depth + 1)]

    def _go_type(self, file, t, depth) -> list[Value]:
        key = ("gotype", posixpath.dirname(file), file, t)
        if key in self.memo:
            return self.memo[key] or []
        self.memo[key] = None
        out = self.memo[key] = self._go_type_(file, t, depth)
        return out

    def _go_type_(self, file, t, depth) -> list[Value]:
        h = type_head(t)
        if not h or self._too_deep(depth):
            return []
        d = posixpath.dirname(file)
        if "." in h:
            alias, tname = h.split(".", 1)
            for imp in self.imports.get(file, {}).get(alias, [])[:1]:
                target = imp.get("target") or ""
                return self._go_pkg_type(target, tname)
            for imps in self.imports.get(file, {}).values():
                for imp in imps:
                    target = imp.get("target") or ""
                    if not imp.get("explicit") and _go_pkg_name(target) == alias:
                        return self._go_pkg_type(target, tname)
            return []
        if (d, h) in self.go_types:
            p, c = self.go_types[(d, h)]
            return [("class", p, c.get("qname", h))]
        return []

    def _go_pkg_type(self, target: str, tname: str) -> list[Value]:
        """A type of an imported package: in-tree when a directory of the tree is that package."""
        d = self._go_dir_of(target)
        if d is not None and (d, tname) in self.go_types:
            p, c = self.go_types[(d, tname)]
            return [("class", p, c.get("qname", tname))]
        return [("ext", "go", target, (tname,))]

    def _go_member(self, v: Value, seg: str, depth, seen=None) -> list[Value]:
        file, q = v[1], v[2]
        seen = seen or set()
        if (file, q) in seen or self._too_deep(depth):
            return []
        seen.add((file, q))
        c = self.classes.get((file, q))
        if c is None:
            return []
        q = f"{c.get('name')}.{seg}"
        p = self.go_members.get((posixpath.dirname(file), q))
        if p is not None:
            return [("func", p, q)]
        ftype = (c.get("fields") or {}).get(seg)
        if ftype:
            return [self._as_inst(w) for w in self._go_type(file, ftype, depth + 1)]
        if c.get("kind") == "interface" and seg in (c.get("methods") or []):
            # an interface declared over a driver's types (sqlc's `DBTX`: ExecContext returning
            # sql.Result): its methods are the driver's, whatever implements it
            for lib in GO_LIBS:
                if lib.name in self.file_libs.get(file, ()) and lib.ops and seg in lib.ops:
                    entry = sorted(lib.entries - {""})[0]
                    return [("ext", "go", lib.modules[0], (entry, seg))]
        for emb in c.get("embedded") or []:
            for ev in self._go_type(file, emb, depth + 1):
                if ev[0] == "ext":
                    if type_head(emb).rsplit(".", 1)[-1] == seg:
                        return [ev]
                    return [("ext", ev[1], ev[2], ev[3] + (seg,))]
                if ev[0] == "class":
                    if type_head(emb).rsplit(".", 1)[-1] == seg:
                        # `handler.HandlerConns` with `*HandlerConns` embedded: the embedded
                        # struct itself, named by its type
                        return [self._as_inst(ev)]
                    out = self._go_member(("inst", ev[1], ev[2]), seg, depth + 1, seen)
                    if out:
                        return out
        return []

    # -- framework semantics --------------------------------------------------------------------
    def names_model(self, file: str, expr: str) -> bool:
        """Whether `expr`, written in `file` (`SubscriptionPlan`, `Plan.objects.all()`), is a
        model class of the tree or one's manager."""
        self._index()
        if self.lang_of.get(file) != "python":
            return False
        ch = split_chain(expr)
        mod = _strip_ext(file).replace("/", ".")
        scope = (self.facts.get(file) or {}).get("module") or mod
        return bool(ch) and any(self._is_model_class(w) for w in self._chain_values(
            "python", file, scope, ch[:1], 0))

    def generic_hooks(self, node_name: str, file: str, line: int) -> list[str]:
        """The hooks a DRF (or Django) generic view's own code defines that the framework's
        actions call (`get_queryset`, `get_object`, `perform_destroy`...), when the handler is
        the view or one of its actions (`destroy` calling `super().destroy(...)`): the
        action's lookup and write run there."""
        cls = self._py_class_at(file, node_name, line)
        if cls is None:
            return []
        action = node_name[len(cls["qname"]):].lstrip(".")
        if action and action not in _GENERIC_ACTIONS:
            return []
        out = []
        for cfile, c in self._lineage(file, cls):
            if not self._drf_generic(cfile, c):
                continue
            out.extend(f"{c['qname']}.{m}" for m in c.get("methods") or () if m in _GENERIC_HOOKS)
        return out

    def base_class_nodes(self, node_name: str, file: str, line: int) -> list[str]:
        """The in-tree base classes of the Python class a handler is (`class AtomFeed(RssFeed)`
        routed as `AtomFeed()`): the framework calls the methods it inherits (a syndication
        Feed's `items`), written in those classes."""
        cls = self._py_class_at(file, node_name, line)
        if cls is None or cls.get("qname") != node_name:
            return []
        return [c["qname"] for _f, c in list(self._lineage(file, cls))[1:] if c.get("qname")]

    def class_data_sites(self, node_name: str, file: str, line: int,
                         callees: list[str] | None = None) -> list[dict]:
        """A DRF or Django generic view's `queryset = Model.objects...` or `model = Model`:
        the data a routed action reads when the handler is one of its methods (or the class
        itself, for actions the generic base implements)."""
        cls = self._py_class_at(file, node_name, line)
        if cls is None:
            return []
        if callees is not None and node_name != cls.get("qname") and \
                not any(_READS_VIEW_QUERYSET.match(c) for c in callees):
            return []  # an action of its own (`@action def off_update`) that never asks the
            # view for its objects: the class's queryset is not what it reads
        return self._class_sites(file, cls)

    def user_relationship_reads(self, chain) -> list[dict]:
        """Flask-Login's `current_user` is the model instance the user loader returned: reading
        one of its relationship attributes (`current_user.courses`, a `relationship()` of the
        user model or a `backref` another model gives it) makes SQLAlchemy load the related
        rows (a lazy SELECT, unless that relationship says otherwise): the handler's data."""
        rels = self._user_relationships()
        if not rels:
            return []
        out, seen = [], set()
        for c in chain:
            fx = self.facts.get(c.file) or {}
            if self.lang_of.get(c.file) != "python":
                continue
            texts = [((a.get("value") or {}).get("text") or "", a.get("line", 0))
                     for a in fx.get("assigns", ()) or () if a.get("func") == c.name]
            texts += [(v.get("text") or "", r.get("line", 0))
                      for r in fx.get("returns", ()) or () if r.get("func") == c.name
                      for v in (r.get("values") or [r.get("value") or {}]) if v]
            texts += [(x.get("text") or "", k.get("line", 0))
                      for k in fx.get("calls", ()) or () if k.get("caller") == c.name
                      for x in [{"text": k.get("receiver") or ""}, *(k.get("args") or [])]
                      if x]
            for t, line in texts:
                for m in _CURRENT_USER_ATTR.finditer(t):
                    if m.group(1) in rels and (c.file, line) not in seen:
                        seen.add((c.file, line))
                        out.append({"file": c.file, "line": line, "kind": "orm"})
        return out

    def _loader_classes(self) -> list[tuple[str, str]]:
        """(file, class qname) of the model a user loader asks (`return User.query.get(id)`,
        `User.get_by_id(id)`): the class of the instance it returns, where the call's own
        result is typed only as the library's."""
        out = []
        for p, fx in self.facts.items():
            if self.lang_of.get(p) != "python":
                continue
            loaders = {f["qname"] for f in fx.get("functions", []) if any(
                d.split("(")[0].rsplit(".", 1)[-1] in _USER_LOADERS
                for d in f.get("decorators") or [])}
            for r in fx.get("returns", []) or ():
                if r.get("func") not in loaders:
                    continue
                ch = split_chain(((r.get("values") or [r.get("value")])[0] or {}).get("text", ""))
                if ch:
                    for v in self._root_values("python", p, r["func"], ch[0][0], 1):
                        if v[0] == "class":
                            out.append((v[1], v[2]))
        return out

    def _user_relationships(self) -> set[str]:
        key = ("user_relationships",)
        if key in self.memo:
            return self.memo[key]
        self.memo[key] = set()
        users = [(v[1], v[2]) for v in self._loaded_user(0) if v[0] == "inst"] + \
            self._loader_classes()
        names: set[str] = set()
        short = {q.rsplit(".", 1)[-1] for _f, q in users}
        for p, fx in self.facts.items():
            if self.lang_of.get(p) != "python":
                continue
            for a in fx.get("assigns", ()) or ():
                v = a.get("value") or {}
                if v.get("kind") != "call" or not str(v.get("callee") or "").endswith(
                        "relationship"):
                    continue
                if (p, a.get("func")) in users:
                    names.add(str(a.get("target") or ""))  # the user model's own relationship
                m = _BACKREF.search(v.get("text") or "")
                first = _REL_TARGET.match((v.get("text") or "").split("(", 1)[-1].lstrip())
                if m and first and first.group(1) in short:
                    names.add(m.group(1))  # another model's backref onto the user model
        names.discard("")
        self.memo[key] = names
        return names

    def class_sites_at(self, file: str, line: int) -> list[dict]:
        """`class_data_sites` of the Python class defined at `line` of `file`."""
        self._index()
        if self.lang_of.get(file) != "python":
            return []
        cls = next((c for c in self.facts.get(file, {}).get("classes", [])
                    if c.get("line") == line), None)
        return self._class_sites(file, cls) if cls is not None else []

    def _class_sites(self, file: str, cls: dict) -> list[dict]:
        out = []
        for cfile, c in self._lineage(file, cls):
            if not self._drf_generic(cfile, c):
                continue
            names = self.assigns.get((cfile, c["qname"]), {})
            for a in names.get("queryset", []):
                v = a.get("value") or {}
                ch = split_chain(v.get("text", ""))
                vals = self._chain_values("python", cfile, c["qname"], ch, 0) if ch else []
                for w in vals:
                    if w[0] == "ext":
                        hit = self.match("python", w[2], w[3])
                        if hit is None and "objects" in w[3][:-1]:
                            # a model of an installed Django app (`taggit.models.Tag`): a DRF
                            # view's `queryset` is a QuerySet by the framework's contract, and
                            # `<Model>.objects` is the model's manager
                            hit = ("orm", "django")
                        if hit:
                            out.append({"file": cfile, "line": a.get("line", c["line"]),
                                        "kind": hit[0], "call": v.get("text", "")})
                            break
                else:
                    # a model of the tree's own (`queryset = Property.objects`, Tandoor): the
                    # manager of a class whose lineage reaches Django's Model
                    # (`models.Booking.history.all()`: a module-qualified model, any manager
                    # of it: django-simple-history's `history`, a custom one)
                    if ch and len(ch) > 1 and any(
                            self._is_model_class(w) for k in (1, 2) if len(ch) > k
                            for w in self._chain_values("python", cfile, c["qname"], ch[:k], 0)):
                        out.append({"file": cfile, "line": a.get("line", c["line"]),
                                    "kind": "orm", "call": v.get("text", "")})
            # Django's generic views: `model = Quiz`; DRF's generic actions save through the
            # view's serializer (`perform_create`/`perform_update` call `serializer.save()`): a
            # ModelSerializer's `create`/`update` write its Meta.model (its own overrides, when
            # the tree has them, are traced from `save()`)
            out += self._attr_sites(cfile, c, "model", self._is_model_class)
            out += self._attr_sites(cfile, c, "serializer_class", self._model_serializer)
            if not out and self._lineage_reaches(file, cls, _DJANGO_EDIT_VIEWS):
                # `form_class = UserCreationForm` on a CreateView: its valid POST saves the form
                out += self._attr_sites(cfile, c, "form_class", self._model_form)
            if out:
                break
        if not out:
            # a class view of another library built on Django's generic views (django-
            # autocomplete-light's Select2QuerySetView, `model = SubscriptionPlan`): the view's
            # `model` is what its queryset reads
            for cfile, c in self._lineage(file, cls):
                out = self._attr_sites(cfile, c, "model", self._is_model_class)
                if out:
                    break
        if not out and self._lineage_reaches(file, cls, _DRF_TOKEN_VIEWS):
            # DRF's ObtainAuthToken.post: `Token.objects.get_or_create(user=user)` after its
            # serializer authenticated the posted credentials against the user model
            out.append({"file": file, "line": cls["line"], "kind": "orm",
                        "call": "ObtainAuthToken.post"})
        return out

    def _attr_sites(self, file: str, c: dict, attr: str, test) -> list[dict]:
        """Data sites of a class's `attr = X` assignments whose value `test` accepts (`model =
        Quiz` a model class, `serializer_class = S` a ModelSerializer)."""
        out = []
        for a in self.assigns.get((file, c["qname"]), {}).get(attr, []):
            v = a.get("value") or {}
            ch = split_chain(v.get("text", ""))
            vals = self._chain_values("python", file, c["qname"], ch, 0) if ch else []
            if any(test(w) for w in vals):
                out.append({"file": file, "line": a.get("line", c["line"]), "kind": "orm",
                            "call": v.get("text", "")})
        return out

    def page_view(self, node_name: str, file: str, line: int) -> str:
        """A class view whose lineage reaches Django's TemplateView or RedirectView: its GET
        renders `template_name` or redirects (django.views.generic.base), a page, not data.
        The base's name, or ''."""
        self._index()
        if self.lang_of.get(file) != "python":
            return ""
        cls = self._class_at(file, node_name, line)
        if cls is None or not self._lineage_reaches(file, cls, _DJANGO_PAGE_VIEWS):
            return ""
        return "TemplateView/RedirectView"

    def library_view_base(self, node_name: str, file: str, line: int, method: str) -> str | None:
        """`library_view` for a class view of the tree whose lineage reaches a view the
        framework ships, through the imports the bases are written with (relative ones too:
        `from .okta import OktaLogin`, `class OktaLogin(SocialLoginView)`)."""
        self._index()
        if self.lang_of.get(file) != "python":
            return None
        cls = self._class_at(file, node_name, line)
        if cls is None:
            return None
        for full in LIBRARY_VIEWS:
            mod, _, name = full.rpartition(".")
            if self._lineage_reaches(file, cls, {mod: frozenset((name,))}):
                return self.library_view(full, method)
        return None

    def _model_form(self, v: Value) -> bool:
        """A Django ModelForm (the auth app's user forms included), or an in-tree subclass."""
        if v[0] == "ext":
            return bool(v[3]) and v[3][-1] in _DJANGO_MODEL_FORMS.get(v[2], ())
        if v[0] != "class":
            return False
        c = self.classes.get((v[1], v[2]))
        return c is not None and self._lineage_reaches(v[1], c, _DJANGO_MODEL_FORMS)

    def _model_serializer(self, v: Value) -> bool:
        """An in-tree serializer class whose lineage reaches DRF's ModelSerializer."""
        if v[0] == "ext":
            return v[2].startswith("rest_framework") and v[3][-1:] in (
                ("ModelSerializer",), ("HyperlinkedModelSerializer",))
        if v[0] != "class":
            return False
        c = self.classes.get((v[1], v[2]))
        return c is not None and self._lineage_reaches(v[1], c, _DRF_MODEL_SERIALIZERS)

    def _lineage_reaches(self, file, c, wanted: dict, depth: int = 0) -> bool:
        """Whether a class's bases reach one of `wanted` ({module: {class names}}), through
        in-tree subclasses."""
        if self._too_deep(depth):
            return False
        for base in c.get("bases") or []:
            for bv in self._type_values("python", file, c.get("scope") or _parent(c["qname"]),
                                        base, 1):
                if bv[0] == "ext" and bv[3] and bv[3][-1] in wanted.get(bv[2], ()):
                    return True
                if bv[0] == "ext" and len(bv[3]) > 1 and bv[3][-1] in wanted.get(
                        ".".join((bv[2], *bv[3][:-1])), ()):
                    return True  # `serializers.ModelSerializer` of `from rest_framework import serializers`
                if bv[0] == "class":
                    bc = self.classes.get((bv[1], bv[2]))
                    if bc is not None and self._lineage_reaches(bv[1], bc, wanted, depth + 1):
                        return True
        return False

    def _is_model_class(self, v: Value) -> bool:
        """An in-tree class whose lineage reaches a model base of a Python data library."""
        if v[0] != "class":
            return False
        c = self.classes.get((v[1], v[2]))
        if c is None:
            return False
        for cfile, cc in self._lineage(v[1], c):
            for base in cc.get("bases") or []:
                for bv in self._type_values("python", cfile,
                                            cc.get("scope") or _parent(cc["qname"]), base, 1):
                    if bv[0] == "ext" and bv[3] and \
                            self.match("python", bv[2], bv[3] + ("objects", "all")):
                        return True
                    if bv[0] == "ext" and bv[3] and bv[3][-1].endswith("Model") and \
                            ".".join((bv[2], *bv[3][:-1])).endswith(".models"):
                        # an installed Django app's abstract model (django-model-utils'
                        # `model_utils.models.TimeStampedModel`): Django apps keep them in
                        # their `models` module
                        return True
        return False

    def library_view(self, handler: str, method: str) -> str | None:
        """The kind of store a view the framework itself ships reaches for `method`
        (`include("django.contrib.auth.urls")`'s LoginView on POST...), "page" when it is
        such a view and `method` only renders its form; None for any other handler. A route
        of every method (ANY) serves the ones that write."""
        methods = LIBRARY_VIEWS.get(handler)
        if not methods:
            return None
        m = method.upper()
        return "orm" if m in methods or m in ("ANY", "*", "") else "page"

    def upload_store(self, file: str, name: str) -> str | None:
        """The storage a library upload middleware on a route writes the request's files to,
        by the library's own semantics; None when it keeps them in memory or is no such
        middleware. multer: `upload.single("f")` (also `array`, `fields`, `any`; `none` takes
        no file) of `upload = multer(opts)` writes to disk when `opts` has `dest`, or to its
        `storage` engine (`multer.diskStorage(...)`, an S3 or GridFS engine) unless that is
        `multer.memoryStorage()`; without either, multer keeps the files in memory."""
        m = _MULTER_MW.match(name.split("(", 1)[0].strip())
        if m is None or self.lang_of_file(file) != "typescript":
            return None
        a = self._module_assign(file, m.group(1))
        v = (a or {}).get("value") or {}
        if v.get("kind") != "call" or not self._is_multer(file, v.get("callee") or ""):
            return None
        opts = v.get("text") or ""
        if _MULTER_DEST.search(opts):
            return "multer dest"
        st = _MULTER_STORAGE.search(opts)
        if st is None:
            return None  # memory storage, multer's default
        expr = st.group(1) or "storage"  # `{ storage }`: the variable of that name
        if "(" not in expr and "." not in expr:
            sa = self._module_assign(file, expr)
            expr = (((sa or {}).get("value") or {}).get("callee") or expr)
        return None if expr.rsplit(".", 1)[-1].startswith("memoryStorage") else "multer storage"

    def lang_of_file(self, file: str) -> str:
        self._index()
        return self.lang_of.get(file, "")

    def _module_assign(self, file: str, name: str) -> dict | None:
        """The last assignment of `name` at the top level of `file` (else in any scope)."""
        self._index()
        module = (self.facts.get(file) or {}).get("module") or ""
        got = self.assigns.get((file, module), {}).get(name)
        if not got:
            for _scope, names in self.scopes_by_file.get(file, ()):
                if names.get(name):
                    got = names[name]
                    break
        return got[-1] if got else None

    def _is_multer(self, file: str, callee: str) -> bool:
        """`callee` is the function the `multer` package exports, as this file imports it."""
        head = callee.split(".", 1)[0]
        for imp in self.imports.get(file, {}).get(head, ()):
            if (imp.get("target") or "") == "multer":
                return "." not in callee or callee.endswith(".default")
        return False

    def _py_class_at(self, file: str, node_name: str, line: int) -> dict | None:
        """`_class_at` for a Python file (None for any other language)."""
        self._index()
        if self.lang_of.get(file) != "python":
            return None
        return self._class_at(file, node_name, line)

    def _class_at(self, file, node_name, line):
        fx = self.facts.get(file, {})
        for c in fx.get("classes", []):
            if c.get("qname") == node_name or node_name.startswith(c.get("qname", "") + "."):
                if c.get("line", 0) <= line <= c.get("end_line", 0):
                    return c
        return None

    def _lineage(self, file, c, depth=0):
        yield file, c
        if self._too_deep(depth):
            return
        for base in c.get("bases") or []:
            for bv in self._type_values("python", file, c.get("scope") or _parent(c["qname"]),
                                        base, depth + 1):
                if bv[0] == "class":
                    bc = self.classes.get((bv[1], bv[2]))
                    if bc is not None:
                        yield from self._lineage(bv[1], bc, depth + 1)

    def _drf_generic(self, file, c) -> bool:
        for base in c.get("bases") or []:
            for bv in self._type_values("python", file, c.get("scope") or _parent(c["qname"]),
                                        base, 1):
                # (`generic.DetailView` of `from django.views import generic`: the module is
                # django.views, the path goes on in the members)
                full = ".".join((bv[2], *bv[3][:-1])) if bv[0] == "ext" else ""
                if bv[0] == "ext" and (full.startswith("rest_framework") or
                                       full.startswith("django.views.generic")):
                    return True
                if bv[0] == "class":
                    bc = self.classes.get((bv[1], bv[2]))
                    if bc is not None and self._drf_generic(bv[1], bc):
                        return True
        return False

    def implied_callees(self, call: dict, file: str) -> list[tuple[str, str]]:
        """(file, qname) of the in-tree functions a framework runs for `call`: a DRF
        serializer's `is_valid()` runs its `validate*` methods, its `save()` runs `create` or
        `update`."""
        self._index()
        name = call.get("name")
        if self.lang_of.get(file) == "typescript":
            if name == "authenticate" and call.get("args") and \
                    (call.get("callee") or "").rsplit(".", 1)[0].endswith("passport"):
                # `passport.authenticate("local", cb)(req, res, next)`: the strategy's verify
                # function runs (a login looks its user up)
                a = call["args"][0]
                return self.passport_verifiers(_strip_quotes(a.get("text") or "")) \
                    if a.get("kind") in ("str", "string") else []
            if name not in ("execute", "publish") or not call.get("args"):
                return []  # (only a bus's execute or publish runs a CQRS handler)
            key = ("cqrs", file, call.get("line"), call.get("column"), call.get("callee"))
            if key not in self.memo:
                self.memo[key] = self._cqrs_handlers(call, file)
            return self.memo[key]
        if self.lang_of.get(file) != "python":
            return []
        if name in _FLASK_RENDER and call.get("callee") in (name, "flask." + name) and any(
                imp.get("target") == "flask" for imp in self.imports.get(file, {}).get(
                    "flask" if "." in call.get("callee", "") else name, ())):
            return self._context_processors()
        ch = split_chain(call.get("callee") or "")
        if not ch or len(ch) < 2:
            return []
        key = ("implied", file, call.get("line"), call.get("column"), call.get("callee"))
        if key in self.memo:
            return self.memo[key] or []
        self.memo[key] = None
        vals = self._chain_values("python", file, call.get("caller") or "", ch[:-1], 0)
        members = [w for v in vals for w in self._member("python", v, name, 0)]
        out = self._mixin_methods(members, name)
        if name in ("is_valid", "save"):
            out += self._serializer_methods(vals, name)
        elif name in ("validate_on_submit", "validate"):
            out += self._wtform_validators(vals)
        self.memo[key] = out
        return out

    def extra_calls(self, node: str, kind: str, file: str, span: list[dict]) -> list[tuple]:
        """(file, call) pairs a framework runs on behalf of function `node` although no call
        of its own names them: the calls inside a `NextAuth(config)` call (providers'
        `authorize`, callbacks, adapter) when the route module re-exports NextAuth's handlers
        (`export { GET, POST } from "@/auth"`) or the handler calls its `signIn`."""
        self._index()
        if self.lang_of.get(file) != "typescript":
            return []
        out: list[tuple] = []
        sources = set()
        if kind == "module":
            if any(c.get("name") == "NextAuth" for c in span):
                sources.add(file)  # `export default NextAuth(authOptions)` (pages router)
            for e in (self.facts.get(file, {}).get("extra") or {}).get("exports", []):
                if e.get("source") and e.get("name") in _NEXTAUTH_EXPORTS:
                    t = self._ts_module(file, e["source"])
                    if t:
                        sources.add(t)
        for c in span:
            if c.get("name") == "signIn" and not c.get("receiver"):
                for imp in self.imports.get(file, {}).get("signIn", [])[:1]:
                    t = self._ts_module(file, imp.get("target") or "")
                    if t:
                        sources.add(t)
        for t in sorted(sources):
            out.extend(self._nextauth_config(t))
        return out

    def passport_verifiers(self, strategy: str) -> list[tuple[str, str]]:
        """(file, qname) of the verify functions of the Passport strategies registered under
        `strategy`: `passport.use([name,] new Strategy([options,] verify))`, the strategy
        written there or in a module-level value of the tree; a strategy registered without a
        name is known by its package's (`passport-local` -> "local", `passport-google-oauth20`
        -> "google")."""
        self._index()
        if "_passport" not in self.memo:
            self.memo["_passport"] = self._passport_index()
        return [(f, q) for name, mod, f, q in self.memo["_passport"]
                if strategy and (name == strategy or (not name and strategy in mod))]

    def _passport_index(self) -> list[tuple[str, str, str, str]]:
        out = []
        for file, fx in self.facts.items():
            if self.lang_of.get(file) != "typescript":
                continue
            for c in fx.get("calls", ()):
                if c.get("name") != "use" or not (c.get("receiver") or "").endswith("passport"):
                    continue
                args = c.get("args") or []
                if not args:
                    continue
                name = _strip_quotes(args[0].get("text") or "") \
                    if len(args) > 1 and args[0].get("kind") in ("str", "string") else ""
                got = self._strategy_made(file, args[-1], 0,
                                          (c.get("line", 0), c.get("end_line") or c.get("line", 0)))
                if got:
                    mod, f2, q = got
                    out.append((name, mod.rsplit("/", 1)[-1], f2, q))
        return out

    def _strategy_made(self, file: str, arg: dict, depth: int, span: tuple) -> tuple | None:
        """(package, file, verify qname) of `new LocalStrategy(opts, verify)`, written inline
        (`span`: the lines of the expression) or as a module-level value (`const local = new
        LocalStrategy(...)`, imported)."""
        if depth > 2 or not arg:
            return None
        text_ = arg.get("text") or ""
        m = re.match(r"^\s*new\s+([A-Za-z_$][\w$.]*)\s*\(", text_)
        if m:
            cls = m.group(1).split(".", 1)[0]
            mod = next((imp.get("target") or "" for imp in self.imports.get(file, {}).get(cls, [])
                        [:1]), "")
            if not mod.startswith("passport"):
                return None
            inner = [p for p in arg.get("parts") or () if p.get("kind") in ("lambda", "name")]
            last = inner[-1] if inner else None
            if last is None:
                return None
            if last.get("qname"):
                return mod, file, last["qname"]
            if last.get("kind") == "lambda":
                q = self._last_fn_within(file, *span)
                return (mod, file, q) if q else None
            q = self._module_fn(file, last.get("text") or "")
            return (mod, q[0], q[1]) if q else None
        if _NAME.match(text_):
            for a in self.assigns.get((file, _strip_ext(file)), {}).get(text_, [])[-1:]:
                return self._strategy_made(file, a.get("value") or {}, depth + 1,
                                           (a.get("line", 0), a.get("end_line") or
                                            a.get("line", 0)))
            for imp in self.imports.get(file, {}).get(text_, [])[:1]:
                t = self._ts_module(file, imp.get("target") or "")
                if t:
                    want = imp.get("name") if imp.get("name") not in (None, "default", "*") \
                        else text_
                    for a in self.assigns.get((t, _strip_ext(t)), {}).get(want, [])[-1:]:
                        return self._strategy_made(t, a.get("value") or {}, depth + 1,
                                                   (a.get("line", 0), a.get("end_line") or
                                                    a.get("line", 0)))
        return None

    def _last_fn_within(self, file: str, lo: int, hi: int) -> str | None:
        """The qname of the last outermost function written within lines lo..hi of `file`
        (the verify callback, a strategy constructor's last argument)."""
        fns = sorted(((f.get("line", 0), f.get("end_line") or f.get("line", 0), q)
                      for (p, q), f in self.funcs.items()
                      if p == file and lo <= f.get("line", 0) <= hi and q == f.get("qname")),
                     key=lambda x: (x[0], -x[1]))
        outer: list = []
        for start, end, q in fns:
            if outer and start <= outer[-1][1]:
                continue  # inside the previous outermost one
            outer.append((start, end, q))
        return outer[-1][2] if outer else None

    def _module_fn(self, file: str, name: str) -> tuple[str, str] | None:
        """(file, qname) of the module-level function `name` of `file` (a declaration or a
        const bound to an arrow function), or one it imports."""
        if not _NAME.match(name):
            return None
        q = f"{_strip_ext(file)}.{name}"
        if (file, q) in self.funcs:
            return file, q
        for imp in self.imports.get(file, {}).get(name, [])[:1]:
            t = self._ts_module(file, imp.get("target") or "")
            want = imp.get("name") if imp.get("name") not in (None, "default", "*") else name
            if t and (t, f"{_strip_ext(t)}.{want}") in self.funcs:
                return t, f"{_strip_ext(t)}.{want}"
        return None

    def library_handler_sites(self, file: str, line: int) -> list[dict]:
        """Data sites of a route served by an auth library's handler made at `line` (no
        function of the tree: `export const { GET, POST } = toNextJsHandler(auth)`): the store
        calls of the configuration it is handed."""
        self._index()
        out = []
        for c in self.facts.get(file, {}).get("calls", []):
            if c.get("line") != line or c.get("name") != "toNextJsHandler":
                continue
            for f2, x in self._better_auth_config(file, c):
                r = self.classify(x, f2)
                if r:
                    out.append({"file": f2, "line": x.get("line", 0), "kind": r[0],
                                "call": x.get("callee", "")})
        return out

    def _better_auth_config(self, file: str, call: dict) -> list[tuple[str, dict]]:
        """`export const { GET, POST } = toNextJsHandler(auth)` (better-auth/next-js): the
        library's handler serves its routes with the `betterAuth({...})` configuration `auth`
        names (its `database` adapter, hooks), here or in the module it is imported from."""
        if not any(v[0] == "ext" and v[2].startswith("better-auth")
                   for v in self.values_of(call, file)):
            return []
        arg = ((call.get("args") or [{}])[0] or {}).get("text") or ""
        name = arg.split(".", 1)[0]  # `toNextJsHandler(auth.handler)`
        if not _NAME.match(name):
            return []
        target, want = file, name
        if not self.assigns.get((file, _strip_ext(file)), {}).get(name):
            for imp in self.imports.get(file, {}).get(name, [])[:1]:
                target = self._ts_module(file, imp.get("target") or "") or ""
                want = imp.get("name") or name
        for _ in range(3):  # `export { auth } from "./auth-instance"`: a module re-exporting it
            if not target or self.assigns.get((target, _strip_ext(target)), {}).get(want):
                break
            hop = next((e for e in (self.facts.get(target, {}).get("extra") or {}).get(
                "exports", []) if e.get("source") and e.get("name") == want), None)
            if hop is None:
                break
            target = self._ts_module(target, hop["source"]) or ""
            want = hop.get("imported") if hop.get("imported") not in (None, "*") else want
        if not target:
            return []
        key = ("better-auth", target, want)
        if key not in self.memo:
            calls = self.facts.get(target, {}).get("calls", [])
            found: list = []
            for a in self.assigns.get((target, _strip_ext(target)), {}).get(want, [])[-1:]:
                lo, hi = a.get("line", 0), a.get("end_line", 0) or a.get("line", 0)
                made = [c for c in calls if c.get("name") == "betterAuth" and
                        lo <= c.get("line", 0) <= hi]
                if made and any(v[0] == "ext" and v[2] == "better-auth"
                                for v in self.values_of(made[0], target)):
                    found = [(target, x) for x in calls
                             if lo <= x.get("line", 0) <= hi and x is not made[0]]
                    # `betterAuth({...options, plugins})`: the options object written apart
                    for nm in ((made[0].get("args") or [{}])[0] or {}).get("names") or ():
                        found.extend(self._object_calls(target, nm))
            self.memo[key] = found
        return self.memo[key]

    def _nextauth_config(self, file: str) -> list[tuple[str, dict]]:
        key = ("nextauth", file)
        if key in self.memo:
            return self.memo[key] or []
        self.memo[key] = None
        calls = self.facts.get(file, {}).get("calls", [])
        out: list[dict] = []
        for c in calls:
            if c.get("name") != "NextAuth" and not (c.get("callee") or "").endswith("NextAuth"):
                continue
            if not any(v[0] == "ext" and v[2].startswith("next-auth") or
                       v[0] == "ext" and v[2].startswith("@auth/")
                       for v in self.values_of(c, file)):
                continue
            lo, hi = c.get("line", 0), c.get("end_line", 0) or c.get("line", 0)
            out.extend((file, x) for x in calls if lo <= x.get("line", 0) <= hi and x is not c)
            arg = ((c.get("args") or [{}])[0] or {}).get("text") or ""
            if _NAME.match(arg):
                # `NextAuth(authOptions)`: the options object, here or in the module it is
                # imported from (`export const authOptions: NextAuthOptions = {...}`)
                out.extend(self._object_calls(file, arg))
        self.memo[key] = out
        return out

    def _object_calls(self, file: str, name: str, depth: int = 0) -> list[tuple[str, dict]]:
        """(file, call) of the calls written inside the module-level object literal `name`
        denotes (a configuration), following one import."""
        for a in self.assigns.get((file, _strip_ext(file)), {}).get(name, [])[-1:]:
            lo, hi = a.get("line", 0), a.get("end_line", 0)
            if hi > lo:
                return [(file, x) for x in self.facts.get(file, {}).get("calls", [])
                        if lo <= x.get("line", 0) <= hi]
        if depth:
            return []
        for imp in self.imports.get(file, {}).get(name, [])[:1]:
            t = self._ts_module(file, imp.get("target") or "")
            if t:
                return self._object_calls(t, imp.get("name") or name, depth + 1)
        return []

    def _cqrs_handlers(self, call: dict, file: str) -> list[tuple[str, str]]:
        """NestJS CQRS: `commandBus.execute(new CreatePostCommand(...))` runs the `execute` of
        the class decorated `@CommandHandler(CreatePostCommand)` (queries and events alike)."""
        if call.get("name") not in ("execute", "publish") or not call.get("args"):
            return []
        ch = split_chain(call.get("callee") or "")
        if not ch or len(ch) < 2:
            return []
        recv = self._chain_values("typescript", file, call.get("caller") or "", ch[:-1], 0)
        if not any(v[0] == "ext" and v[2] == "@nestjs/cqrs" for v in recv):
            return []
        arg = call["args"][0]
        m = re.match(r"^\s*new\s+([A-Za-z_$][\w$]*)", arg.get("text") or "")
        if not m:
            return []
        want = m.group(1)
        out = []
        for (p, q), c in self.classes.items():
            if self.lang_of.get(p) != "typescript":
                continue
            for d in c.get("decorators") or []:
                dm = re.match(r"^(CommandHandler|QueryHandler|EventsHandler)\(\s*([\w$.]+)", d)
                if dm and dm.group(2).rsplit(".", 1)[-1] == want:
                    for meth in ("execute", "handle"):
                        if meth in (c.get("methods") or []):
                            out.append((p, f"{q}.{meth}"))
        return out

    def _mixin_methods(self, vals, name) -> list[tuple[str, str]]:
        """A method a model instance of library L does not have from L: the in-tree model
        base or mixin that extends L and defines it (`SQLAlchemy(model_class=CRUDMixin)`,
        an abstract Django model with `save_model()`)."""
        out = []
        for v in vals:
            if v[0] != "ext":
                continue
            lib = self._lib_of_module("python", v[2])
            if lib is None or self.match("python", v[2], v[3]):
                continue
            for cfile, cq in self._lib_subclasses(lib.name):
                if name in (self.classes[(cfile, cq)].get("methods") or []):
                    out.append((cfile, f"{cq}.{name}"))
        return out[:4]

    def _lib_subclasses(self, lib_name: str) -> list[tuple[str, str]]:
        subs = self.__dict__.setdefault("_subs", None)
        if subs is None:
            subs = self._subs = {}
            for (p, q), c in self.classes.items():
                if self.lang_of.get(p) != "python":
                    continue
                for base in c.get("bases") or []:
                    for bv in self._type_values("python", p, c.get("scope") or _parent(q), base,
                                                1):
                        if bv[0] == "ext":
                            lib = self._lib_of_module("python", bv[2])
                            if lib is not None:
                                subs.setdefault(lib.name, []).append((p, q))
        return subs.get(lib_name, [])

    def _context_processors(self) -> list[tuple[str, str]]:
        """Flask's template context processors (`@app.context_processor`,
        `@bp.app_context_processor`, `@bp.context_processor`): `render_template` runs them to
        fill the template's context (flask/templating.py `_default_template_ctx_processor` and
        `app.update_template_context`), so their queries are the page's."""
        got = self.__dict__.get("_ctxproc")
        if got is None:
            got = self._ctxproc = sorted({
                (p, f.get("qname", "")) for (p, _q), f in self.funcs.items()
                if self.lang_of.get(p) == "python" and any(
                    d.split("(", 1)[0].rsplit(".", 1)[-1] in _CONTEXT_PROCESSOR
                    for d in f.get("decorators") or ())})
        return got

    def _serializer_methods(self, vals, name) -> list[tuple[str, str]]:
        out = []
        for v in vals:
            if v[0] not in ("inst", "class"):
                continue
            c = self.classes.get((v[1], v[2]))
            if c is None or not self._is_serializer(v[1], c):
                continue
            for cfile, cc in self._lineage(v[1], c):
                for m in cc.get("methods") or []:
                    want = (m == "validate" or m.startswith("validate_")) if name == "is_valid" \
                        else m in ("create", "update")
                    if want:
                        out.append((cfile, f"{cc['qname']}.{m}"))
        return out

    def _is_serializer(self, file, c) -> bool:
        return self._has_lib_base(file, c, ("rest_framework",))

    def _has_lib_base(self, file, c, modules: tuple[str, ...]) -> bool:
        for cfile, cc in self._lineage(file, c):
            for base in cc.get("bases") or []:
                for bv in self._type_values("python", cfile,
                                            cc.get("scope") or _parent(cc["qname"]), base, 1):
                    if bv[0] == "ext" and bv[2].startswith(modules):
                        return True
        return False

    def _wtform_validators(self, vals) -> list[tuple[str, str]]:
        """WTForms: `form.validate()` (and Flask-WTF's `validate_on_submit()`) runs the
        form's inline validators, its methods named `validate_<field>`."""
        out = []
        for v in vals:
            if v[0] not in ("inst", "class"):
                continue
            c = self.classes.get((v[1], v[2]))
            if c is None or not self._has_lib_base(v[1], c, ("flask_wtf", "wtforms")):
                continue
            for cfile, cc in self._lineage(v[1], c):
                for m in cc.get("methods") or []:
                    if m.startswith("validate_"):
                        out.append((cfile, f"{cc['qname']}.{m}"))
        return out


# ------------------------------------------------------------------------------------------
@lru_cache(maxsize=65536)
def _lib_of_module(lang: str, target: str, name=None) -> Lib | None:
    for lib in LIBS.get(lang, ()):
        for m in lib.modules:
            if target == m or target.startswith(m + ("." if lang == "python" else "/")):
                return lib
            if lang == "python" and name and f"{target}.{name}".startswith(m + "."):
                return lib
    return None


@lru_cache(maxsize=65536)
def _match_path(lang: str, module: str, segs: tuple) -> tuple | None:
    if lang == "typescript" and segs and segs[0] == "PrismaClient" and \
            "prisma" in module.lower() and not module.startswith("@prisma/"):
        # the client Prisma generates at the schema's `output` path (`../generated/prisma`,
        # an alias such as `@generated/prisma-client`; Prisma 7's `prisma-client` generator
        # always writes one): the same PrismaClient as `@prisma/client`'s
        module = "@prisma/client"
    if lang == "typescript" and segs and "mongoose" in module.lower() and \
            re.fullmatch(r"\w*Model", segs[0].rstrip("()")):
        # a mongoose plugin's model type (soft-delete-plugin-mongoose's SoftDeleteModel,
        # mongoose-paginate-v2's PaginateModel): a mongoose Model with the plugin's statics
        module, segs = "mongoose", ("Model",) + tuple(segs[1:])
    for lib in LIBS.get(lang, ()):
        if not any(module == m or module.startswith(m + ("." if lang == "python" else "/"))
                   for m in lib.modules):
            continue
        segs2 = list(segs)
        if lang == "python":  # `django.db.models` + Model... : re-split on the longest module
            for m in sorted(lib.modules, key=len, reverse=True):
                if module == m or module.startswith(m + "."):
                    extra = module[len(m) + 1:].split(".") if module != m else []
                    segs2 = [x for x in extra if x] + segs2
                    break
        hit = _lib_match(lib, segs2)
        if hit:
            return hit, lib.name
    return None


def _lib_match(lib: Lib, segs) -> str | None:
    """The kind of the call that ends member path `segs` (after the module), or None.

    The handle is the last entry before the called member (`db.session` in
    `db.session.query`, `Article.query` in `Article.query.filter_by(...).first`); the called
    member must be one of the library's `ops` (or, for libraries whose every member reaches the
    store, not one of its `skip`). Segments marked `()` were called: a member called on a
    call's result (`rows.Scan()` after `db.Query()`, `doc.toJSON()` after `Model.findById()`)
    counts only when the library lists it in `result_ops`."""
    names = [s[:-2] if s.endswith("()") else s for s in segs if s]
    marks = [s.endswith("()") for s in segs if s]
    if not names:
        return None
    last = names[-1]
    start = None
    for i in range(len(names) - 2, -1, -1):
        if names[i] in lib.entries:
            start = i
            break
    if start is None:
        if last in lib.direct and (len(names) == 1 or "" in lib.entries):
            return lib.kind
        if "" not in lib.entries:
            return None
        start = -1
    entry = names[start] if start >= 0 else ""
    rest = names[start + 1:]
    called_before = any(marks[start + 1:-1])
    if (called_before or entry in lib.instances) and lib.result_ops is not None and \
            last not in lib.result_ops:
        return None
    if lib.ops is None:  # every member reaches the store but `skip`
        if last in lib.skip or (last in lib.entries and len(rest) == 1) or (
                entry == "models" and len(rest) == 1):
            return None  # (`models.User` is a model of Mongoose's registry, not a query)
        return lib.kinds.get(entry, lib.kind)
    if last in lib.ops and last not in lib.skip:
        return lib.kinds.get(last) or lib.kinds.get(entry) or lib.kind
    return None


@lru_cache(maxsize=65536)  # external callee names repeat across the call sites of a tree
def split_ext_name(lang: str, name: str) -> tuple[str, tuple]:
    """A graph node name of an external callee -> (module, member segments)."""
    if lang == "python":
        parts = name.split(".")
        best = None
        for lib in PY_LIBS:
            for m in lib.modules:
                if name == m or name.startswith(m + "."):
                    if best is None or len(m) > len(best):
                        best = m
        if best:
            return best, tuple(x for x in name[len(best) + 1:].split(".") if x)
        return parts[0], tuple(parts[1:])
    slash = name.rfind("/")
    head, tail = (name[:slash + 1], name[slash + 1:]) if slash >= 0 else ("", name)
    if lang == "go" or head:
        mod, _, rest = tail.partition(".")
        return head + mod, tuple(x for x in rest.split(".") if x)
    mod, _, rest = tail.partition(".")
    return mod, tuple(x for x in rest.split(".") if x)


@lru_cache(maxsize=65536)
def _non_data(lang: str, module: str) -> bool:
    for m in NON_DATA.get(lang, ()):
        if module == m or module.startswith(m + ("." if lang == "python" else "/")):
            return True
    return False


def _lang(lang: str) -> str:
    return "typescript" if lang in ("typescript", "tsx", "javascript") else lang


def _strip_ext(p: str) -> str:
    for ext in (".d.ts", ".tsx", ".ts", ".jsx", ".js", ".mjs", ".cjs", ".mts", ".cts"):
        if p.endswith(ext):
            return p[:-len(ext)]
    return p


def _parent(q: str) -> str:
    return q.rsplit(".", 1)[0] if "." in q else ""


def _go_pkg_name(target: str) -> str:
    last = target.rstrip("/").rsplit("/", 1)[-1]
    if re.match(r"^v\d+$", last) and "/" in target:
        last = target.rstrip("/").rsplit("/", 2)[-2]
    return last.replace("go-", "").replace("-", "") if last.startswith("go-") else last


def _dedupe(vals: list) -> list:
    seen, out = set(), []
    for v in vals:
        if v not in seen:
            seen.add(v)
            out.append(v)
    return out


def _split_top(s: str) -> list[str]:
    out, depth, cur = [], 0, []
    for ch in s:
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        if ch == "," and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


def _looks_call(t: str) -> bool:
    return "(" in t or t in ("list", "dict", "str", "int", "bool", "float", "tuple", "set")


def _positional(call: dict) -> bool:
    return any(not a.get("arg") for a in call.get("args") or [])


_ORM_ARG_KEYS = _fs("where data select include orderBy take skip cursor distinct by omit "
                    "_count _sum _avg _min _max")


def _orm_arg_keys(call: dict, name: str) -> bool:
    """The call's first argument is an object literal with the keys of an ORM model
    delegate (`{ where: ..., include: ... }`); for the common verbs (`create`, `update`,
    `delete`, `count`) Prisma's own `where`/`data` must be there."""
    args = call.get("args") or []
    if not args or args[0].get("kind") not in ("dict", "object"):
        return False
    keys = set(args[0].get("keys") or [])
    if name in _PRISMA_DISTINCT:
        return bool(keys & _ORM_ARG_KEYS)
    return bool(keys & {"where", "data"})


def _commit_false(call: dict) -> bool:
    """`form.save(commit=False)`: an unsaved instance, nothing written."""
    return any(a.get("arg") == "commit" and a.get("text") == "False"
               for a in call.get("args") or [])


def _first_arg_sqlish(call: dict) -> bool:
    args = call.get("args") or []
    for a in args[:2]:
        if a.get("kind") == "str" and re.match(r"^\s*(select|insert|update|delete|with|create|"
                                               r"alter|drop|replace|upsert|merge)\b",
                                               a.get("value", "") or "", re.IGNORECASE):
            return True
    return False
