"""Render: PageSpecs to bytes with Jinja2 (autoescape, StrictUndefined), plus display filters.

Content is never a template: bodies arrive as sanitised HTML strings and fields as plain
values, so `{{ 7*7 }}` written by an author is shown as written.
"""

from __future__ import annotations

import functools
import gc
import os
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import jinja2
from markupsafe import escape

from . import cache, dates, display, urls
from .diagnostics import Diagnostic, Location, error
from .pages import PageSpec
from .schema import EMPLOYMENT_TYPES, OUTCOMES

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@functools.lru_cache(maxsize=4)
def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    """One per templates folder and process: compiled templates are kept (and recompiled when a
    template file changes, Jinja's auto_reload), which saves a rebuild in `serve` 0.2 s."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        bytecode_cache=_compiled_templates(),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        date_ja=dates.format_ja,
        datetime_ja=dates.format_datetime_ja,
        yen=display.yen,
        salary=display.salary_text,
        annual=display.annual_text,
        employment_type=EMPLOYMENT_TYPES.__getitem__,
        outcome=OUTCOMES.__getitem__,
        remote_work=display.remote_work_text,
        number=lambda value: f"{value:g}",
        as_text=lambda html: escape(str(html)),  # HTML shown as text, e.g. an Atom type="html" body
        link=link,  # a filter, not a function: Jinja calls filters directly (a tenth of a page's time)
    )
    env.globals.update(absolute=absolute, end_of_day=dates.end_of_day,
                       start_of_day=dates.start_of_day, period=display.period_text)
    return env


def _compiled_templates() -> jinja2.BytecodeCache | None:
    """Templates compiled by an earlier run, kept by their text's hash beside the file cache:
    compiling them is 0.17 s of a rebuild after one edit. None where that folder cannot be made."""
    folder = cache.cache_root() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


@jinja2.pass_context
def link(context, target: str) -> str:
    """A link from the page being rendered to `target` (a site URL such as `events/`):
    `{{ m.url|link }}`."""
    site, page = context["site"], context.get("page")
    if page is None or page["url"] is None:
        return urls.root_path(site.config.base_url, target)
    return urls.relative_url(page["url"], target)


@jinja2.pass_context
def absolute(context, target: str) -> str:
    return urls.absolute_url(context["site"].config.base_url, target)


PARALLEL_FROM = 400
"""Below this many pages, starting worker processes costs more than it saves."""

_job: tuple | None = None  # (env, shares, write): set before the worker processes fork, read by them


def render_into(env: jinja2.Environment, specs: list[PageSpec], write: Callable[[str, bytes], str],
                workers: int | None = None, meanwhile: Callable[[], None] = lambda: None
                ) -> tuple[dict[str, str], list[Diagnostic]]:
    """Render every page and hand it to `write` as soon as it is ready; return what `write`
    returned for each page (the digest of its bytes) and the problems. `meanwhile` is other work
    for this process while the workers render.

    Large sites render on every core: worker processes are forked with the model already in
    memory, so nothing but page numbers and diagnostics crosses between processes, and each
    worker writes its own pages (Markdown bodies are rendered there too, on first use).
    """
    global _job
    import multiprocessing  # here, not above: a build that forks no worker skips importing it (10 ms)

    workers = workers or min(os.cpu_count() or 1, 4)
    with _templates_read_once(env):
        if workers < 2 or len(specs) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
            meanwhile()
            return _render_part(env, specs, write)
        _job = (env, _shares(specs, workers), write)
        gc.freeze()  # the workers' collectors leave the model alone (and its memory pages shared)
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                rendering = pool.map_async(_render_share, range(workers))
                meanwhile()
                parts = rendering.get()
        finally:
            _job = None
    return {url: hashed for done, _ in parts for url, hashed in done.items()}, [d for _, found in parts for d in found]


@contextmanager
def _templates_read_once(env: jinja2.Environment):
    """Look at the template files once per build, not once per page: with auto_reload, Jinja
    looks at the file of every template a page extends or imports each time (57,000 file stats
    in a national build)."""
    if not all(template.is_up_to_date for template in env.cache.values()):
        env.cache.clear()
    env.auto_reload = False
    try:
        yield
    finally:
        env.auto_reload = True


def _shares(specs: list[PageSpec], count: int) -> list[list[PageSpec]]:
    """The pages split between `count` workers, those in one folder together (a municipality's
    page, its openings' pages and its feed): they show the same openings, whose bodies a worker
    then renders once, not once in each worker. The folders are dealt out in turn, so each
    worker gets about as much of every kind of page."""
    shares: list[list[PageSpec]] = [[] for _ in range(count)]
    worker_of: dict[str, int] = {}
    for spec in specs:
        folder = spec.url.split("/", 2)[:2]
        shares[worker_of.setdefault("/".join(folder), len(worker_of) % count)].append(spec)
    return shares


def _render_share(index: int) -> tuple[dict[str, str], list[Diagnostic]]:
    """In a worker: its share of the pages."""
    env, shares, write = _job
    gc.enable()  # the parent may have paused it; rendering makes garbage cycles
    return _render_part(env, shares[index], write)


def _render_part(env, specs, write) -> tuple[dict[str, str], list[Diagnostic]]:
    done, problems = {}, []
    for spec in specs:
        try:
            text = env.get_template(spec.template).render(spec.context)  # a lookup: see _templates_read_once
        except jinja2.TemplateError as exc:
            problems.append(_template_problem(spec, exc, Path(env.loader.searchpath[0])))
            continue
        done[spec.url] = write(spec.url, text.encode("utf-8"))
    return done, problems


def _template_problem(spec: PageSpec, exc: jinja2.TemplateError, templates: Path) -> Diagnostic:
    """Name the template line where rendering failed (and the content file being rendered)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(str(templates))]
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        where = Location(f"templates/{exc.name}", exc.lineno)
    elif frames:
        where = Location("templates/" + Path(frames[-1].filename).relative_to(templates).as_posix(),
                         frames[-1].lineno)
    else:
        where = Location(f"templates/{spec.template}")
    detail = f"{type(exc).__name__}: {exc}" + (f"; rendering {spec.source}" if spec.source else "")
    return error("template-error", where, detail=detail)

