"""h53: handler-bypasses-service on FastAPI dependency injection (issue 18).

A dependency that hands the handler a repository (`Depends(get_store_repository)`, FastAPI's
callable-instance `Depends(get_repository(X))`) is wiring; what the handler then does with the
repository decides. Calling the repository's own methods from the handler is direct access, even
when a method is named like a provider (`StoreRepository.get_store(id)` reads a shop's row); a
dependency that returns a service, a repository handed to a service, and a container's or
factory's `get_store()` stay quiet. A dependency that builds a service (`get_user_manager`
returning `UserManager(...)`) is the handler's way through the service, whatever it reads to
build it. The resolver of the request's context (`get_current_tenant`, like `get_current_user`)
is not the handler's data.
"""
from __future__ import annotations

from auditor.checks.rules.handler_bypasses_service import _constructor
from auditor.scan import ScanOptions, run_scan

MAIN_PY = 'from fastapi import Depends, FastAPI\n\napp = FastAPI()\n\n\nclass StoreRepository:\n    def __init__(self, session=None):\n        self.session = session\n\n    def get_store(self, store_id):\n        return self.session.execute("SELECT * FROM stores WHERE id = %s", (store_id,)).fetchone()\n\n    def all(self):\n        return self.session.execute("SELECT * FROM stores").fetchall()\n\n\nclass StoreService:\n    def __init__(self, repo):\n        self.repo = repo\n\n    def list(self):\n        return self.repo.all()\n\n    def get(self, store_id):\n        return self.repo.get_store(store_id)\n\n\nclass Container:\n    def get_store(self):\n        return StoreRepository()\n\n\ncontainer = Container()\n\n\ndef get_store_repository():\n    return StoreRepository()\n\n\ndef get_store_service(repo: StoreRepository = Depends(get_store_repository)):\n    return StoreService(repo)\n\n\n@app.get("/stores")\ndef stores(repo: StoreRepository = Depends(get_store_repository)):\n    return StoreService(repo).list()\n\n\n@app.get("/stores/count")\ndef count(service: StoreService = Depends(get_store_service)):\n    return len(service.list())\n\n\n@app.get("/stores/first")\ndef first():\n    return StoreService(container.get_store()).get(1)\n\n\n@app.get("/stores/{store_id}")\ndef store(store_id: int, repo: StoreRepository = Depends(get_store_repository)):\n    return repo.get_store(store_id)\n'

SERVICE_PROVIDER_PY = 'from fastapi import Depends, FastAPI\n\napp = FastAPI()\n\n\nclass FieldRepository:\n    def __init__(self, session=None):\n        self.session = session\n\n    def all(self):\n        return self.session.execute("SELECT * FROM fields").fetchall()\n\n\nclass UserRepository:\n    def __init__(self, session=None):\n        self.session = session\n\n    def get(self, user_id):\n        return self.session.execute("SELECT * FROM users WHERE id = %s", (user_id,)).fetchone()\n\n    def update(self, user_id, email):\n        return self.session.execute("UPDATE users SET email = %s WHERE id = %s", (email, user_id))\n\n\nclass UserManager:\n    def __init__(self, repo, fields):\n        self.repo = repo\n        self.fields = fields\n\n    def change_email(self, user_id, email):\n        return self.repo.update(user_id, email)\n\n    def get(self, user_id):\n        return self.repo.get(user_id)\n\n\ndef get_user_fields(repo: FieldRepository = Depends(FieldRepository)):\n    return repo.all()\n\n\ndef get_user_manager(repo: UserRepository = Depends(UserRepository), fields=Depends(get_user_fields)):\n    return UserManager(repo, fields)\n\n\ndef get_user_or_404(user_id: int, repo: UserRepository = Depends(UserRepository)):\n    return repo.get(user_id)\n\n\n@app.get("/users/{user_id}/profile")\ndef profile(user_id: int, manager: UserManager = Depends(get_user_manager)):\n    return manager.get(user_id)\n\n\n@app.post("/users/{user_id}/email")\ndef change_email(user_id: int, email: str, manager: UserManager = Depends(get_user_manager)):\n    return manager.change_email(user_id, email)\n\n\n@app.get("/users/{user_id}")\ndef user(user=Depends(get_user_or_404)):\n    return user\n'

REQUEST_CONTEXT_PY = 'from fastapi import Depends, FastAPI, Request\n\napp = FastAPI()\n\n\nclass TenantRepository:\n    def __init__(self, session=None):\n        self.session = session\n\n    def get_by_slug(self, slug):\n        return self.session.execute("SELECT * FROM tenants WHERE slug = %s", (slug,)).fetchone()\n\n    def get_by_id(self, tenant_id):\n        return self.session.execute("SELECT * FROM tenants WHERE id = %s", (tenant_id,)).fetchone()\n\n    def all(self):\n        return self.session.execute("SELECT * FROM tenants").fetchall()\n\n\nclass TenantService:\n    def __init__(self):\n        self.repo = TenantRepository()\n\n    def all(self):\n        return self.repo.all()\n\n    def rename(self, tenant, name):\n        return self.repo.all()\n\n\nservice = TenantService()\n\n\ndef get_current_tenant(request: Request, repo: TenantRepository = Depends(TenantRepository)):\n    return repo.get_by_slug(request.path_params.get("tenant_slug"))\n\n\ndef get_tenant_by_id(tenant_id: int, repo: TenantRepository = Depends(TenantRepository)):\n    return repo.get_by_id(tenant_id)\n\n\n@app.get("/tenants")\ndef tenants():\n    return service.all()\n\n\n@app.post("/{tenant_slug}/rename")\ndef rename(name: str, tenant=Depends(get_current_tenant)):\n    return service.rename(tenant, name)\n\n\n@app.get("/tenants/{tenant_id}")\ndef tenant(tenant=Depends(get_tenant_by_id)):\n    return tenant\n'


def _findings(root, rules):
    res = run_scan(ScanOptions(path=str(root), engines=["native"], use_cache=False)).result
    return sorted((f.rule_id, f.file, f.line) for f in res.findings if f.rule_id in rules)


def test_injected_repository_read_is_direct_access(tmp_path):
    pkg = tmp_path / "app"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "main.py").write_text(MAIN_PY)
    got = _findings(tmp_path, {"handler-bypasses-service"})
    # only GET /stores/{store_id}, which calls repo.get_store itself
    assert got == [("handler-bypasses-service", "app/main.py", 61)], got


def test_provider_names_are_wiring_only_outside_the_repository():
    # providers: functions, a callable instance's class, a container's method
    assert _constructor("app.deps.get_store_repository", "function")
    assert _constructor("app.deps.get_repository.__call__", "method")
    assert _constructor("app.deps.get_session", "function")
    assert _constructor("app.Container.get_store", "method")
    assert _constructor("app.StoreRepository.__init__", "method")
    # the repository's own reads named like providers
    assert not _constructor("app.StoreRepository.get_store", "method")
    assert not _constructor("app.SessionRepository.get_session", "method")
    assert not _constructor("app.UserDAO.get_user_dao", "method")


def test_a_dependency_returning_a_service_is_not_a_bypass(tmp_path):
    """`Depends(get_user_manager)` builds the service (`UserManager(repo, fields)`) and reads what
    it needs to (the user fields): the handler goes through the service it is handed. A dependency
    that loads the resource itself (`get_user_or_404` -> `repo.get`) is still the handler's direct
    way to its data."""
    pkg = tmp_path / "app"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "main.py").write_text(SERVICE_PROVIDER_PY)
    got = _findings(tmp_path, {"handler-bypasses-service"})
    assert got == [("handler-bypasses-service", "app/main.py", 59)], got


def test_the_request_context_resolver_is_not_the_handlers_data(tmp_path):
    """`Depends(get_current_tenant)` resolves whom the request addresses (the `{tenant_slug}` path
    parameter), like `get_current_user`: the frame of the request, not the handler's resource, and
    the handler's own work goes through the service. A dependency loading the resource by its id
    (`get_tenant_by_id`) is still direct access."""
    pkg = tmp_path / "app"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "main.py").write_text(REQUEST_CONTEXT_PY)
    got = _findings(tmp_path, {"handler-bypasses-service"})
    assert got == [("handler-bypasses-service", "app/main.py", 52)], got


def test_a_file_named_for_its_kind_gives_the_layer():
    """NestJS writes `users.service.ts` for `nest g service users`: its class is the service layer
    even when misspelt (`UserSevice`), so a controller calling it goes through a service; a class
    in `users.controller.ts` is a handler, in `users.repository.ts` a repository. A file named
    for something else (`service-worker.ts`, `user.services-list.ts`) tells nothing."""
    from auditor.endpoints.trace import layer_of

    assert layer_of("user.service.UserSevice.update", "backend/src/user/user.service.ts") == "service"
    assert layer_of("user.controller.UserCtl.list", "src/user/user.controller.ts") == "handler"
    assert layer_of("user.repository.Users.find", "src/user/user.repository.ts") == "repository"
    assert layer_of("sw.register", "src/service-worker.ts") == "other"
    assert layer_of("x.Thing.run", "src/user/user.services-list.ts") == "other"


def test_a_service_constructor_is_a_service_class_or_a_new_service_function():
    """`NewUserService(...)` builds a service; `services.NewContext(ctx)` in a Go handler's body
    (homebox) builds the request's auth context and makes the handler no provider of a service."""
    from auditor.checks.rules.handler_bypasses_service import _NEW_SERVICE

    assert _NEW_SERVICE.match("NewUserService") and _NEW_SERVICE.match("NewItemUsecase")
    assert not _NEW_SERVICE.match("NewContext") and not _NEW_SERVICE.match("NewRouter")
