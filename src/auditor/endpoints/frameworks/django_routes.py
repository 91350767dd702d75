"""Django and DRF routes expanded from the view class behind them, once every module's classes
are known: a class-based view becomes one route per method it serves, a router's ViewSet its
list and detail routes and `@action` routes (see `django_views`)."""
from __future__ import annotations

from dataclasses import replace

from auditor.endpoints.frameworks.django_views import (ACTIONS, extra_actions, served_methods,
                                                       viewset_actions)


def expand(route, replay) -> list:
    cls = route.extra.get("view_class") or route.handler
    classes = replay.classes
    if route.method != "VIEWSET":
        methods = served_methods(cls, classes)
        if not methods:
            return [route]  # a view we cannot see into: every method, as written
        own = set(((classes.get(cls.rsplit(".", 1)[-1]) or [(None, {})])[0][1]).get("methods", ()))
        # the method's own handler where the class defines it, else the class (a generic base)
        return [replace(route, method=m, handler=f"{route.handler}.{m.lower()}"
                        if m.lower() in own else route.handler) for m in methods]
    base = (route.path or "").strip("/")
    info = (classes.get(cls.rsplit(".", 1)[-1]) or [(None, {})])[0][1]
    lookup = "{" + (info.get("lookup_field") or "pk") + "}"
    actions = viewset_actions(cls, classes)
    if actions is None:  # the ViewSet is not in the scan: what a ModelViewSet serves
        actions = list(ACTIONS)
    out = []
    for action in actions:
        method, detail = ACTIONS[action]
        path = f"{base}/{lookup}/" if detail else (f"{base}/" if base else "")
        out.append(replace(route, method=method, path=path, handler=f"{cls}.{action}"))
    for act in extra_actions(cls, classes):
        sub = act["url_path"].strip("/")
        path = f"{base}/{lookup}/{sub}/" if act["detail"] else f"{base}/{sub}/"
        for m in act["methods"]:
            out.append(replace(route, method=m, path=path, handler=f"{cls}.{act['name']}"))
    return out
