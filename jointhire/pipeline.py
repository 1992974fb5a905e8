"""The build in stage order: load → validate → model → plan → render → write.

Everything is read and checked before anything is written; the first stage that finds an
error stops the build, so the output folder only ever receives a complete site.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import codeowners, markup, output, pages, render, schema, search, sources
from .diagnostics import Diagnostic, Location, error, has_errors, warning
from .model import Site, build_site


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    site: Site | None = None
    files_written: int = 0
    seconds: float = 0.0
    strict: bool = False
    """Warnings count as errors (`--strict`)."""

    @property
    def ok(self) -> bool:
        return not (self.diagnostics if self.strict else has_errors(self.diagnostics))

    @property
    def counts(self) -> Counter:
        """Published openings by status."""
        return Counter(o.status for o in self.site.openings) if self.site else Counter()


def check(source: Path, today: date, *, strict: bool = False) -> BuildResult:
    """Load, validate and link the content; write nothing."""
    started = time.perf_counter()
    files, problems = sources.load_tree(source)
    validated = []
    for file in files:
        front, found = schema.validate(file)
        problems += found
        problems += [warning("html-dropped", Location(file.path, file.body_line + line), tag=tag)
                     for line, tag in markup.dropped_html(file.body)]
        validated.append((file, front))
    site, found = build_site(validated, today, sources.municipality_folders(source))
    problems += found
    if site is not None:
        problems += _codeowners_drift(source, site)
    result = BuildResult(sorted(problems, key=Diagnostic.sort_key), site, strict=strict)
    result.seconds = time.perf_counter() - started
    return result


def build(source: Path, out: Path, today: date, templates: Path = render.TEMPLATES, *,
          search_index: bool = True, strict: bool = False) -> BuildResult:
    """Check, then render every page, index them for search and swap the new site into `out`."""
    started = time.perf_counter()
    output.check_destination(out, source)
    result = check(source, today, strict=strict)
    if not result.ok or result.site is None:
        return result
    specs, data_files = pages.plan(result.site)
    problems = _conflicts([*specs, *data_files])
    if problems:
        result.diagnostics += problems
        return result
    env = render.environment(templates)
    try:
        with output.staged(out, search.build_index if search_index else None) as stage:
            written, problems = render.render_into(env, specs, stage.write)
            if problems:
                raise _TemplateFailed
            for file in data_files:
                stage.write(file.url, file.data)
            stage.copy_assets(templates / "assets")
    except _TemplateFailed:  # the staging folder is gone; the old output stays
        result.diagnostics += sorted(set(problems), key=Diagnostic.sort_key)
        return result
    result.files_written = written + len(data_files)
    result.seconds = time.perf_counter() - started
    return result


class _TemplateFailed(Exception):
    """Leave the staged build without going live."""


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
