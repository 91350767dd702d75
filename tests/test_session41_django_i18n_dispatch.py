"""Django: `lang_patterns = i18n_patterns(path("", include("jobs.urls")))` then `urlpatterns =
lang_patterns + [...]` serves those patterns below the language prefix (`/<lang>/`); a class
view whose `dispatch` carries `@method_decorator(login_required(login_url=...))` is guarded on
every method, one whose `post` carries it on POST; a function view reached through
`from .views import *` keeps its decorators (`@login_required @user_is_employer`). Shapes of a
Django job portal labelled before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

TREE = {
    "manage.py": "import django\n",
    "proj/__init__.py": "",
    "proj/urls.py": (
        "from django.conf.urls.i18n import i18n_patterns\n"
        "from django.urls import include, path\n"
        "from jobs import views as jv\n\n"
        "lang_patterns = i18n_patterns(\n    path('', include('jobs.urls')),\n)\n\n"
        "urlpatterns = lang_patterns + [\n    path('health/', jv.health),\n]\n"),
    "jobs/__init__.py": "",
    "jobs/decorators.py": (
        "from django.core.exceptions import PermissionDenied\n\n"
        "def user_is_employer(function):\n"
        "    def wrap(request, *args, **kwargs):\n"
        "        if request.user.role == 'employer':\n"
        "            return function(request, *args, **kwargs)\n"
        "        raise PermissionDenied\n"
        "    return wrap\n"),
    "jobs/views/__init__.py": "from .employer import *\nfrom .home import *\n",
    "jobs/views/employer.py": (
        "from django.contrib.auth.decorators import login_required\n"
        "from django.http import HttpResponseRedirect\n"
        "from django.utils.decorators import method_decorator\n"
        "from django.views.generic import ListView, CreateView\n"
        "from jobs.decorators import user_is_employer\n"
        "from jobs.models import Job\n\n"
        "class DashboardView(ListView):\n"
        "    model = Job\n\n"
        "    @method_decorator(login_required(login_url='/login'))\n"
        "    @method_decorator(user_is_employer)\n"
        "    def dispatch(self, request, *args, **kwargs):\n"
        "        return super().dispatch(request, *args, **kwargs)\n\n"
        "class ApplyView(CreateView):\n"
        "    model = Job\n"
        "    fields = ['title']\n\n"
        "    @method_decorator(login_required)\n"
        "    def post(self, request, *args, **kwargs):\n"
        "        return super().post(request, *args, **kwargs)\n\n"
        "@login_required(login_url='/login')\n@user_is_employer\n"
        "def filled(request, job_id=None):\n"
        "    Job.objects.filter(id=job_id).update(filled=True)\n"
        "    return HttpResponseRedirect('/')\n"),
    "jobs/views/home.py": (
        "from django.http import JsonResponse\n\n"
        "def health(request):\n    return JsonResponse({'ok': True})\n"),
    "jobs/models.py": (
        "from django.db import models\n\n"
        "class Job(models.Model):\n    title = models.CharField(max_length=10)\n"),
    "jobs/urls.py": (
        "from django.urls import path\n"
        "from .views import *\n\n"
        "urlpatterns = [\n"
        "    path('dashboard/', DashboardView.as_view()),\n"
        "    path('apply/', ApplyView.as_view()),\n"
        "    path('mark-filled/<int:job_id>/', filled),\n"
        "]\n"),
}


def test_i18n_prefix_and_method_decorators(tmp_path):
    root = write_tree(tmp_path, TREE)
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    assert ("ANY", "/health/") in eps, sorted(eps)
    dash = eps.get(("GET", "/{lang}/dashboard/"))
    assert dash is not None, sorted(eps)
    assert dash.auth == "required", (dash.middleware, dash.auth_reason)
    assert eps[("POST", "/{lang}/apply/")].auth == "required"
    filled = next(e for (m, p), e in eps.items() if p.startswith("/{lang}/mark-filled/"))
    assert filled.handler["name"].endswith("filled"), filled.handler
    assert filled.auth == "required", (filled.middleware, filled.auth_reason)
