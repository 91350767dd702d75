"""The call graph built ahead: each language's part is resolved in a thread as soon as the worker
pool has delivered that language's last file, while the workers parse the other languages.

The parent process otherwise waits idle for the pool and only then resolves every language in
turn with one core idle. The pool is fed one language after another (largest first, see
`order_tasks`), so that the largest language's part, usually the costliest to resolve, is
resolved while the smaller ones still parse. The parts are the ones `graph.build_graph` would
build (`graph.language_graph` on the same files in the same order); it merges them in the same
order, so the graph does not depend on whether a part was built ahead.

The thread reads only facts the pool has finished with; everything it imports is imported by
the caller before the thread starts (a worker replaced mid-run forks the parent: no import
lock may be held by a thread then).
"""
from __future__ import annotations

from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path


def order_tasks(tasks: list[tuple], language_of, size_of) -> list[tuple]:
    """Files no resolver reads first (configuration: TypeScript's part key reads its facts),
    then one language after another, the one with the most bytes first; largest file first
    within each (the last files to finish are small ones, so no worker idles long at the end)."""
    from auditor.parse import graph_language

    total: Counter = Counter()
    for task in tasks:
        total[graph_language(language_of(task))] += size_of(task)
    rank = {lang: i for i, (lang, _n) in enumerate(
        sorted(total.items(), key=lambda kv: (kv[0] is not None, -kv[1], kv[0] or "")))}
    return sorted(tasks, key=lambda task: (rank[graph_language(language_of(task))],
                                           -size_of(task)))


class GraphAhead:
    """Tracks which files of each language are still to come; submits a language's part to the
    thread once none is (and no configuration file is either)."""

    def __init__(self, paths: list[tuple[str, str]], root: Path, parts) -> None:
        import auditor.graph as graph  # noqa: F401 - imported here, not in the thread
        from auditor.graph import _resolver
        from auditor.parse import graph_language

        self.root, self.parts = root, parts
        self.order = [p for p, _lang in paths]
        self.lang_of = {p: graph_language(lang) for p, lang in paths}
        self.remaining = Counter(self.lang_of.values())
        for lang in list(self.remaining):
            if lang is not None:
                _resolver(lang)  # the resolver modules, imported before the thread runs
        self.futures: dict[str, Future] = {}
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="auditor-graph")

    def arrived(self, path: str, facts: dict[str, dict]) -> None:
        """A file's facts are in `facts` (parsed, or read from the cache)."""
        lang = self.lang_of.get(path, ())
        if lang == ():
            return
        self.remaining[lang] -= 1
        if self.remaining[None] > 0:
            return
        for lang, left in self.remaining.items():
            if lang is not None and left == 0 and lang not in self.futures:
                self._submit(lang, facts)

    def _submit(self, lang: str, facts: dict[str, dict]) -> None:
        from auditor.graph import language_files, language_graph

        files = language_files(facts, lang, self.order)
        # the facts TypeScript's part key reads (configuration files by name): a copy of those
        # of this language and the configuration, since the caller goes on adding other files
        # to `facts` while the thread reads
        config = {p: facts[p] for p in self.order
                  if p in facts and self.lang_of[p] in (None, lang)}
        if files:
            self.futures[lang] = self.pool.submit(language_graph, lang, files, config,
                                                  self.root, self.parts)

    def finish(self) -> dict:
        """{language: its part} of the parts built ahead; waits for the one being built. A part
        that failed is left out: build_graph builds it again, and its error surfaces there."""
        self.pool.shutdown(wait=True)
        out = {}
        for lang, fut in self.futures.items():
            try:
                sub = fut.result()
            except Exception:  # noqa: BLE001 - rebuilt by build_graph, which reports it
                continue
            if sub is not None:
                out[lang] = sub
        return out
