"""FastAPI shapes met on an unseen backend (mealie): an `APIRouter` subclass whose `__init__`
passes `dependencies=[Depends(...)]` to `super().__init__` (every instance guards its routes),
a class-based view (fastapi-utils' `@cbv(router)`, or a project's own decorator called with the
router) whose `x = Depends(...)` attributes run before each of its routes, a subclass replacing
its base's attribute, and a dependency that yields a database session (not a login)."""
from __future__ import annotations

import textwrap

from conftest import scan, write_tree

FILES = {
    "app/deps.py": """
        from fastapi import Depends, HTTPException
        from fastapi.security import OAuth2PasswordBearer

        oauth2 = OAuth2PasswordBearer(tokenUrl="/api/auth/token")

        def generate_session():
            db = SessionLocal()
            try:
                yield db
            finally:
                db.close()

        async def get_current_user(token: str = Depends(oauth2), session=Depends(generate_session)):
            user = session.get_user(token)
            if user is None:
                raise HTTPException(status_code=401)
            return user

        async def get_admin_user(user=Depends(get_current_user)):
            if not user.admin:
                raise HTTPException(status_code=403)
            return user
        """,
    "app/routers.py": """
        from fastapi import APIRouter, Depends
        from app.deps import get_admin_user, get_current_user

        class AdminAPIRouter(APIRouter):
            def __init__(self, prefix: str = "", **kwargs):
                super().__init__(prefix=prefix, dependencies=[Depends(get_admin_user)], **kwargs)

        class UserAPIRouter(APIRouter):
            def __init__(self, prefix: str = "", **kwargs):
                super().__init__(prefix=prefix, dependencies=[Depends(get_current_user)], **kwargs)
        """,
    "app/controllers.py": """
        from fastapi import Depends
        from app.deps import generate_session, get_admin_user, get_current_user

        def controller(router):
            def wrap(cls):
                return cls
            return wrap

        class BasePublicController:
            session = Depends(generate_session)

        class BaseUserController(BasePublicController):
            user = Depends(get_current_user)

        class BaseAdminController(BaseUserController):
            user = Depends(get_admin_user)
        """,
    "app/api.py": """
        from fastapi import APIRouter, FastAPI
        from app.routers import AdminAPIRouter, UserAPIRouter
        from app.controllers import BaseAdminController, BasePublicController, BaseUserController, controller

        admin = AdminAPIRouter(prefix="/admin")
        users = UserAPIRouter(prefix="/users")
        plain = APIRouter(prefix="/items")

        @admin.get("/backups")
        def backups():
            return []

        @users.get("/me")
        def me():
            return {}

        @controller(plain)
        class ItemsController(BaseUserController):
            @plain.get("")
            def list_items(self):
                return []

        explore = APIRouter(prefix="/explore")

        @controller(explore)
        class ExploreController(BasePublicController):
            @explore.get("/recipes")
            def recipes(self):
                return []

        manage = APIRouter(prefix="/manage")

        @controller(manage)
        class ManageController(BaseAdminController):
            @manage.delete("/{id}")
            def remove(self, id: int):
                return None

        app = FastAPI()
        app.include_router(admin, prefix="/api")
        app.include_router(users, prefix="/api")
        app.include_router(plain, prefix="/api")
        app.include_router(explore, prefix="/api")
        app.include_router(manage, prefix="/api")
        """,
}


def test_router_subclasses_and_class_based_views_carry_their_dependencies(tmp_path):
    root = write_tree(tmp_path / "proj", {k: textwrap.dedent(v) for k, v in FILES.items()})
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    assert eps[("GET", "/api/admin/backups")].auth == "required"
    assert eps[("GET", "/api/users/me")].auth == "required"
    assert eps[("GET", "/api/items")].auth == "required"
    assert eps[("DELETE", "/api/manage/{id}")].auth == "required"
    assert any("get_admin_user" in m for m in eps[("DELETE", "/api/manage/{id}")].middleware)
    # a class-based view whose only dependency yields a database session: public
    assert eps[("GET", "/api/explore/recipes")].auth == "none"
