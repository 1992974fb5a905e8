"""The build in stage order: load → validate → model → plan → render → write.

Everything is read and checked before anything is written; the first stage that finds an
error stops the build, so the output folder only ever receives a complete site.

Each stage skips what the last run already did: unchanged files keep their checked result
(`cache`), unchanged pages are not rendered again (`pages.input_keys`), unchanged files are not
written again (`output`), and when nothing at all changed the build stops after one look at the
files' stats. When only openings changed, each keeping its place in the site (a title, a text),
the edits go into the model and plan of an earlier build instead (`Session` in memory for
`serve`, `_resume` from beside the output for `build`): nothing else is checked or planned.
"""

from __future__ import annotations

import functools
import gc
import os
import pickle
import time
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import cache, codeowners, markup, model, output, pages, render, schema, search, sources
from .diagnostics import Diagnostic, Location, error, has_errors, warning
from .model import CROSS_FILE_KEYS, Opening, Site, build_site


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    site: Site | None = None
    site_files: int = 0
    """Files the site has."""
    files_changed: int = 0
    """Files that differ from the previous build's (added, changed or removed)."""
    seconds: float = 0.0
    strict: bool = False
    """Warnings count as errors (`--strict`)."""
    status_counts: Counter | None = None

    @property
    def ok(self) -> bool:
        return not (self.diagnostics if self.strict else has_errors(self.diagnostics))

    @property
    def counts(self) -> Counter:
        """Published openings by status."""
        if self.status_counts is None:
            self.status_counts = Counter(o.status for o in self.site.openings) if self.site else Counter()
        return self.status_counts


def check(source: Path, today: date, *, strict: bool = False, use_cache: bool = True,
          files_cache: cache.FileCache | None = None, tree: sources.Tree | None = None) -> BuildResult:
    """Load, validate and link the content; write nothing. With `use_cache`, files whose bytes
    are unchanged since the last run reuse that run's results (see `cache`); `files_cache` is
    one to use (and keep using) instead of the one on disk; `tree` what `sources.scan` just found."""
    started = time.perf_counter()
    with _long_lived_objects():
        own_cache = files_cache is None and use_cache
        if own_cache:
            files_cache = cache.FileCache(source)
        tree = tree or sources.scan(source)
        validated, problems = sources.load_tree(
            source, functools.partial(_check_files, files_cache=files_cache, stats=tree.stats), tree)
        site, found = build_site(validated, today, tree.folders)
        problems += found
        if site is not None:
            problems += _codeowners_drift(source, site)
        if files_cache is not None:
            files_cache.end_run()
            if own_cache:  # a cache the caller keeps is the caller's to save
                files_cache.save()
    result = BuildResult(sorted(problems, key=Diagnostic.sort_key), site, strict=strict)
    result.seconds = time.perf_counter() - started
    return result


def check_file(root: Path, path: Path | str, kind: sources.Kind, slug: str, municipality: str | None
               ) -> tuple[tuple[sources.SourceFile, object | None] | None, list[Diagnostic]]:
    """One file's part of `check`: parse, validate, and warn about raw HTML that will be dropped."""
    file, problems = sources.load_file(root, path, kind, slug, municipality)
    if file is None:
        return None, problems
    front, found = schema.validate(file)
    problems += found
    if file.kind is sources.Kind.OPENING and front is not None:
        front = schema.LazyOpeningFront(front)
    problems += [warning("html-dropped", Location(file.path, file.body_line + line), tag=tag)
                 for line, tag in markup.dropped_html(file.body)]
    # Validated: from here on only the positions that rules spanning files report are needed.
    file.data = {}
    file.value_marks = {k: v for k, v in file.value_marks.items() if k and k[0] in CROSS_FILE_KEYS}
    file.key_marks = {k: v for k, v in file.key_marks.items() if k and k[0] in CROSS_FILE_KEYS}
    return (file, front), problems


PARALLEL_FROM = 500
"""Files to check before it pays to fork workers (and to send their results back pickled)."""
BATCH = 250

_jobs: tuple | None = None  # (root, jobs): set before the worker processes fork, read by them


def _check_files(root: Path, jobs: list[sources.Job], files_cache: cache.FileCache | None,
                 stats: dict | None = None) -> list:
    """`check_file` on each job, in order: from the cache where the file is unchanged (by its
    stat in `stats`, when known), the rest on every core (a cold national check parses 19,000 files)."""
    global _jobs
    results: list = [None] * len(jobs)
    todo = []
    stats = stats or {}
    for i, (path, *_) in enumerate(jobs):
        found, result = files_cache.lookup(root, path, stats.get(str(path))) if files_cache else (False, None)
        if found:
            results[i] = result
        else:
            todo.append(i)
    import multiprocessing  # here, not above: a build that forks no worker skips importing it (10 ms)

    workers = min(os.cpu_count() or 1, 4)
    if len(todo) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        pickled = [(i, None) for i in todo]
        for i in todo:
            results[i] = check_file(root, *jobs[i])
    else:
        _jobs = (root, [jobs[i] for i in todo])
        pickled = []
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                # Small batches, taken in as they are done: this process unpickles while the workers parse.
                batches = [range(start, min(start + BATCH, len(todo))) for start in range(0, len(todo), BATCH)]
                for batch in pool.imap_unordered(_check_batch, batches):
                    for k, blob in batch:
                        results[todo[k]] = pickle.loads(blob)
                        pickled.append((todo[k], blob))
        finally:
            _jobs = None
    if files_cache is not None:
        for i, blob in pickled:
            checked = results[i][0]  # (SourceFile, front), or None when the file could not be parsed
            files_cache.store(root, jobs[i][0], results[i], blob, checked[0].digest if checked else None)
    return results


def _check_batch(batch: range) -> list[tuple[int, bytes]]:
    """In a worker: some of the files, each result pickled for the parent."""
    root, jobs = _jobs
    return [(k, pickle.dumps(check_file(root, *jobs[k]), protocol=pickle.HIGHEST_PROTOCOL)) for k in batch]


@contextmanager
def _long_lived_objects():
    """A build makes about a million objects that live until it ends, and little cyclic garbage:
    Python's cyclic collector would scan them over and over (a third of `check`'s time, and
    random pauses of up to 0.5 s in planning). Pause it, then freeze what was made so later
    collections skip it. The rendering workers collect as usual (`render`); a long-running
    `serve` collects the previous build's objects when idle."""
    if not gc.isenabled():  # already paused by an enclosing build
        yield
        return
    gc.unfreeze()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def build(source: Path, out: Path, today: date, templates: Path = render.TEMPLATES, *,
          search_index: bool = True, strict: bool = False, full: bool = False) -> BuildResult:
    """Check, then bring `out` up to date: render the pages whose inputs changed since the live
    build (every page when there is none, or with `full`), index them for search and swap the
    new site in. When only openings' files changed, each keeping its opening in its place, the
    plan an earlier build saved takes the edits instead of a whole check (`_resume`). `full`
    also ignores the file cache and any saved plan: a cold build."""
    with _long_lived_objects():
        return _build(source, out, today, templates, search_index=search_index, strict=strict, full=full,
                      keep=True)[0]


@dataclass
class _Plan:
    """What a build planned, kept for the next build: in memory by a `Session`, or pickled beside
    the output (`_keep`)."""

    site: Site
    specs: list[pages.PageSpec]
    assets: list[pages.DataFile]
    templates: Path
    texts: dict[str, pages.OpeningTexts]
    code: str
    diagnostics: list[Diagnostic]
    inputs: dict[str, str] = field(default_factory=dict)
    """The page keys it went live with (`pages.input_keys`)."""

    @functools.cached_property
    def openings_by_file(self) -> dict[str, Opening]:
        return {o.source: o for o in self.site.openings}

    @functools.cached_property
    def pages_showing(self) -> dict[str, list[int]]:
        return pages.pages_showing(self.specs)


@dataclass
class _Saved:
    """What a build left beside the output for the next `build` (`_resume`): the content's files
    as they were, and, when the build was made for edits that kept every opening in its place,
    its plan, so that a new process takes the next such edit the way `serve` does, without
    checking and planning the whole site again."""

    made_with: tuple
    """The code, date and search option it was built with."""
    stamps: dict[str, tuple | None]
    """The content's files as they were (`sources.Tree.stamps`)."""
    shapes: dict[str, tuple]
    """Each opening's file → its `model.front_shape`."""
    plan: str | None = None
    """The name of the saved plan (`PLAN`, with this name beside it), or None: no plan."""


SAVED, PLAN = "saved", "plan"
RESAVE_AFTER = 50
"""Files changed since the saved plan: past this many, a build saves its plan again (0.7 s at
national scale) rather than check them all again at every build."""


class Session:
    """One content folder built into one output folder again and again (`serve`). Checked files,
    the model and the plan stay in memory from one build to the next, and when the file
    watcher says which files changed, an edit that leaves the site's shape as it was (a title,
    a text, pay: see `model.shape`) goes into the model in place; the rest of the site is
    neither checked nor planned again. Any other change makes a whole build, from the cache."""

    def __init__(self, source: Path, out: Path, templates: Path = render.TEMPLATES) -> None:
        self.source, self.out, self.templates = source, out, templates
        self.files = cache.FileCache(source)
        self._last: _Plan | None = None

    def build(self, today: date, changed: Iterable[Path] = ()) -> BuildResult:
        """Bring `out` up to date; `changed` is what the watcher saw (empty: not known, look at all)."""
        with _long_lived_objects():
            last, self._last = self._last, None  # until this build succeeds
            if changed and last is not None and last.site.today == today:
                result = _edit(self.source, self.out, last, [Path(p) for p in changed], files_cache=self.files)
                if result is not None:
                    self._last = last
                    return result
            result, self._last = _build(self.source, self.out, today, self.templates, search_index=False,
                                        strict=False, full=False, files_cache=self.files, changed=True)
            return result

    def prepare(self) -> None:
        """Work out ahead, while nothing is being saved, which pages show each opening (a few
        tenths of a second at national scale, otherwise spent on the next edit)."""
        if self._last is not None:
            self._last.pages_showing  # noqa: B018  (a cached property: computed here, kept)


def _edit(source: Path, out: Path, last: _Plan, changed: list[Path], *, files_cache: cache.FileCache | None = None,
          made_from: str = "", search_index: bool = False) -> BuildResult | None:
    """The build after openings' files were edited without reshaping the site, or None for any
    other change (a new or deleted file, another kind of file, an error, a new date). The edits
    go into `last` in place."""
    started = time.perf_counter()
    edited = [_opening_at(source, last, path) for path in set(changed)]
    if not edited or None in edited:
        return None
    jobs = [(source / o.source, sources.Kind.OPENING, o.slug, o.municipality.slug) for o in edited]
    diagnostics = [d for d in last.diagnostics if d.location.path not in {o.source for o in edited}]
    for opening, (checked, problems) in zip(edited, _check_files(source, jobs, files_cache), strict=True):
        if checked is None or has_errors(problems):
            return None
        found = model.reopen(last.site, opening, *checked)
        if found is None:
            return None  # the openings put in place so far are rebuilt with the rest of the site
        diagnostics += problems + found
    result = BuildResult(sorted(diagnostics, key=Diagnostic.sort_key), last.site)
    showing = sorted({i for o in edited for i in last.pages_showing.get(o.key, ())})
    inputs = last.inputs | pages.input_keys([last.specs[i] for i in showing], last.site, last.code)
    failed = _publish(result, out, last, made_from=made_from, search_index=search_index, trust_previous=True,
                      inputs=inputs)
    if failed:  # a template error: the whole build that follows reports it
        return None
    last.diagnostics = result.diagnostics
    result.seconds = time.perf_counter() - started
    return result


def _opening_at(source: Path, last: _Plan, path: Path) -> Opening | None:
    try:
        return last.openings_by_file.get(Path(path).resolve().relative_to(source.resolve()).as_posix())
    except ValueError:  # not in the content folder (a template)
        return None


def _resume(source: Path, out: Path, saved: _Saved, made_with: tuple, stamps: dict[str, tuple | None],
            made_from: str, *, search_index: bool) -> BuildResult | None:
    """The build after openings' files were edited without reshaping the site, from the plan an
    earlier build saved (`_keep`), or None. The plan is not saved again after each edit: the next
    build takes every file changed since it, this one's too."""
    changed = _edits_in_place(source, saved, made_with, stamps) if saved.plan else None
    plan = output.load_memo(out, PLAN) if changed else None
    if not (isinstance(plan, tuple) and plan[0] == saved.plan):
        return None
    result = _edit(source, out, plan[1], [Path(p) for p in changed], made_from=made_from, search_index=search_index)
    if result is not None and len(changed) > RESAVE_AFTER:
        _keep(out, plan[1], made_with, stamps, with_plan=True)
    return result


def _edits_in_place(source: Path, saved: _Saved | None, made_with: tuple, stamps: dict[str, tuple | None]
                    ) -> list[str] | None:
    """The files changed since `saved` when every one is an opening's and keeps the opening in its
    place in the site (`model.front_shape`), else None."""
    if saved is None or saved.made_with != made_with:
        return None
    changed = sources.changed_files(saved.stamps, stamps)
    if not changed:
        return None
    for path in changed:
        rel = sources.relative(source, path)
        if rel not in saved.shapes:
            return None
        file, _ = sources.load_file(source, path, sources.Kind.OPENING, Path(rel).stem, rel.split("/")[1])
        front = schema.validate(file)[0] if file else None
        if front is None or model.front_shape(front) != saved.shapes[rel]:
            return None
    return changed


def _keep(out: Path, plan: _Plan, made_with: tuple, stamps: dict[str, tuple | None], *, with_plan: bool) -> None:
    """Save what the next build starts from (`_Saved`), with `plan` or without it."""
    name = None
    if with_plan:
        plan.pages_showing, plan.openings_by_file  # noqa: B018  (cached properties: worked out now, saved)
        model.unload_front_matter(plan.site)  # the next build reads few openings' whole front matter
        name = os.urandom(8).hex()
        output.save_memo(out, PLAN, (name, plan))  # first: a crash here leaves the old one unnamed
    else:
        output.drop_memo(out, PLAN)
    shapes = {o.source: model.front_shape(o.meta) for o in plan.site.openings}
    output.save_memo(out, SAVED, _Saved(made_with, stamps, shapes, name))


def _build(source: Path, out: Path, today: date, templates: Path, *, search_index: bool, strict: bool,
           full: bool, files_cache: cache.FileCache | None = None, changed: bool = False, keep: bool = False
           ) -> tuple[BuildResult, _Plan | None]:
    """The build, and its plan when it went live. `files_cache` is one the caller keeps (else the
    one on disk is used); `changed` says the caller knows something changed: no quick look first.
    `keep`: keep beside the output what the next build starts from (`_Saved`, `jointhire build`),
    and, unless `full`, start from what an earlier build kept."""
    started = time.perf_counter()
    output.check_destination(out, source)
    code = cache.code_fingerprint(templates)
    tree = sources.scan(source)
    stamps = tree.stamps(source, (codeowners.PATH,))
    made_from = "" if changed else "|".join(
        (pages.digest_of(f"{path}:{st}" for path, st in stamps.items()), code, str(today), str(search_index),
         str(strict)))
    previous = None if full or changed else output.live_record(out)
    if previous is not None and previous.made_from == made_from:  # nothing changed: say what it said
        diagnostics, counts = previous.report
        return BuildResult(list(diagnostics), None, len(previous.files), strict=strict, status_counts=counts,
                           seconds=time.perf_counter() - started), None
    made_with = (code, today, search_index)
    saved = output.load_memo(out, SAVED) if keep else None
    saved = saved if isinstance(saved, _Saved) else None
    if saved and not full and not strict:  # strict: warnings fail the build, which only the whole check counts
        result = _resume(source, out, saved, made_with, stamps, made_from, search_index=search_index)
        if result is not None:
            result.seconds = time.perf_counter() - started
            return result, None
    result = check(source, today, strict=strict, use_cache=not full, files_cache=None if full else files_cache,
                   tree=tree)
    if not result.ok or result.site is None:
        return result, None
    common = pages.common_key(result.site, code)
    known = None if full else output.load_memo(out, "texts")
    texts = known[1] if isinstance(known, tuple) and known[0] == common else {}
    made = len(texts)
    plan = _Plan(result.site, pages.plan(result.site), _assets(templates / "assets"), templates, texts, code,
                 result.diagnostics)
    problems = _publish(result, out, plan, made_from, search_index=search_index, trust_previous=not full)
    if problems:
        result.diagnostics += problems
        return result, None
    new, stale_texts = len(texts) - made, len(texts) - len(result.site.openings)
    if new > 100 or stale_texts > 100:
        # Saved when many changed: after a few edits, remaking their texts costs less than saving 17,000.
        output.save_memo(out, "texts", (common, {o.fingerprint: texts[o.fingerprint] for o in result.site.openings}))
    if keep:  # a plan pays when the next build is an edit like this one's; saving it costs 0.7 s
        _keep(out, plan, made_with, stamps, with_plan=_edits_in_place(source, saved, made_with, stamps) is not None)
    result.seconds = time.perf_counter() - started
    return result, plan


def _publish(result: BuildResult, out: Path, plan: _Plan, made_from: str, *, search_index: bool,
             trust_previous: bool, inputs: dict[str, str] | None = None) -> list[Diagnostic]:
    """Render the pages whose inputs changed since the live build, write the data files and swap
    the new site in; fills in `result`'s file counts and `plan.inputs`. `inputs` are the pages'
    keys when the caller knows them: then `plan` went live before, its files' names checked, and
    only its contents have changed. Returns the problems that stopped it (two pages for one file,
    a template error): then the live site stays as it was."""
    site, specs = result.site, plan.specs
    checked = inputs is not None
    problems = [] if checked else _conflicts([*specs, *plan.assets])
    if problems:
        return problems
    if inputs is None:
        inputs = pages.input_keys(specs, site, plan.code)
    try:
        with output.updating(out, trust_previous=trust_previous) as update:
            before = update.previous
            unchanged = {s.url for s in specs if s.url in before.files and before.inputs.get(s.url) == inputs[s.url]}
            for url in unchanged:
                update.keep(url)
            stale = [s for s in specs if s.url not in unchanged]
            if len(stale) >= render.PARALLEL_FROM:  # 0.25 s here against 1-2 s of the workers' time
                model.load_front_matter(site)
            rendered, problems = render.render_into(render.environment(plan.templates), stale, update.write,
                                                    meanwhile=functools.partial(pages.make_texts, site, plan.texts))
            data_files = pages.data_files(site, plan.texts) + plan.assets
            if not checked:  # none by design (fixed names), but never go live with one
                problems += _conflicts([*specs, *data_files])
            if problems:
                raise _TemplateFailed
            update.record.files.update(rendered)
            update.record.inputs = inputs
            update.record.made_from = made_from
            update.record.report = (result.diagnostics, result.counts)
            for file in data_files:
                update.record.files[file.url] = update.write(file.url, file.data)
            if search_index:
                _index_for_search(update, site, inputs)
            result.files_changed = sum(before.files.get(url) != hashed for url, hashed in update.record.files.items())
            result.files_changed += len(before.files.keys() - update.record.files.keys())
    except _TemplateFailed:  # the live site stays as it was
        return sorted(set(problems), key=Diagnostic.sort_key)
    result.site_files = len(update.record.files)
    plan.inputs = inputs
    return []


def _index_for_search(update: output.Update, site: Site, inputs: dict[str, str]) -> None:
    """Pagefind cannot update an index, so each shard (`search.shards`) is indexed again only when
    an opening page it reads has changed; the others are kept as they are."""
    shards = search.shards(site.openings)
    read: dict[str, list[str]] = {}  # municipality → its opening pages with their keys
    for o in site.openings:
        read.setdefault(o.municipality.slug, []).append(f"{o.url} {inputs[o.url]}")
    keys = {bundle: pages.digest_of([" ".join(slugs), *(page for m in slugs for page in read[m])])
            for bundle, slugs in shards.items()}
    update.record.search = keys
    before = update.previous.search if isinstance(update.previous.search, dict) else {}
    stale = [bundle for bundle, key in keys.items() if before.get(bundle) != key]
    for url in update.previous.files:
        bundle = _bundle_of(url)
        if bundle in keys and bundle not in stale:
            update.keep(url)
    if not stale:
        return
    update.remove_stale()  # the indexer must not see pages the new site no longer has
    for bundle in stale:
        update.discard(bundle)
        search.build_index(update.root, bundle, shards[bundle])
        for path in sorted((update.root / bundle).rglob("*")):
            if path.is_file():
                update.adopt(path.relative_to(update.root).as_posix())


def _bundle_of(url: str) -> str | None:
    """`pagefind/3/` for a file of that bundle, else None."""
    if not url.startswith(search.FOLDER):
        return None
    return "/".join(url.split("/", 2)[:2]) + "/"


def _assets(folder: Path) -> list[pages.DataFile]:
    """The templates' static files (style sheet, scripts, icon), copied as they are."""
    if not folder.is_dir():
        return []
    return [pages.DataFile("assets/" + p.relative_to(folder).as_posix(), p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()]


class _TemplateFailed(Exception):
    """Leave the half-updated spare without going live."""


def _codeowners_drift(source: Path, site: Site) -> list[Diagnostic]:
    """An error when .github/CODEOWNERS exists but no longer matches the maintainers."""
    written = sources.read_text_if_present(source / codeowners.PATH)
    if written is None or written.replace("\r\n", "\n") == codeowners.render(site):
        return []
    return [error("codeowners-stale", Location(codeowners.PATH))]


def _conflicts(files: list) -> list[Diagnostic]:
    """Two pages that would write the same file: an error naming both sources."""
    owners: dict[str, list[str]] = {}
    for file in files:
        owners.setdefault(file.url, []).append(getattr(file, "source", "") or file.url)
    return [error("output-conflict", Location(names[0]), url=url, sources=", ".join(names))
            for url, names in owners.items() if len(names) > 1]
