"""Model: the site as visitors see it, built from validated files, with the rules that span files.

`Municipality.meta` / `Opening.meta` / `Event.meta` keep what the author wrote (the schema
models); the other attributes are what the site derives: status on the build date, the
remote-work default, links between municipalities. The cascade is one level deep and written
once, in `_remote_work`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from markupsafe import Markup

from . import dates, localgov, markup, pay, urls
from .diagnostics import Diagnostic, error, warning
from .schema import Contact, EventFront, LazyOpeningFront, MunicipalityFront, OpeningFront, SiteConfig
from .sources import Kind, SourceFile

CROSS_FILE_KEYS = frozenset({"closes", "joint_with", "municipalities", "code", "name"})
"""The front-matter keys whose positions the rules below report: all a file must keep after validation."""


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    today: date
    municipalities: tuple[Municipality, ...]
    """In 団体コード order, the order official lists use."""
    openings: tuple[Opening, ...]
    """Published openings (drafts left out), soonest closing first."""
    events: tuple[Event, ...]
    """Soonest first."""

    @property
    def listed_openings(self) -> tuple[Opening, ...]:
        """What the shared list shows: open ones, then upcoming ones."""
        return tuple(o for o in self.openings if o.status == "open") + tuple(
            o for o in self.openings if o.status == "upcoming")


@dataclass(eq=False)
class Municipality:
    slug: str
    source: str
    meta: MunicipalityFront
    appeal: str
    """The Markdown body, as written."""
    prefecture: str
    openings: list[Opening] = field(default_factory=list)
    """Its own openings and the joint ones it takes part in, in the site's order."""
    events: list[Event] = field(default_factory=list)
    digest: str = ""
    """Of its file's bytes (see `pages.input_keys`)."""

    @property
    def fingerprint(self) -> str:
        return f"{self.slug}/{self.digest}"

    @property
    def name(self) -> str:
        return self.meta.name

    @property
    def url(self) -> str:
        return urls.municipality_url(self.slug)

    @property
    def open_openings(self) -> list[Opening]:
        return [o for o in self.openings if o.status == "open"]

    @cached_property
    def appeal_html(self) -> Markup:
        """Rendered only when a page needs it: `check` never pays for Markdown."""
        return markup.to_html(self.appeal)


@dataclass(eq=False)
class Opening:
    slug: str
    source: str
    meta: OpeningFront
    municipality: Municipality
    """The one whose folder holds the file: the opening's canonical home."""
    partners: tuple[Municipality, ...]
    """Other municipalities of a joint appointment (共同任用)."""
    body: str
    remote_work: str | None
    status: str
    digest: str = ""
    key: str = field(init=False)
    """Unique across the site: opening slugs repeat between municipalities."""
    fingerprint: str = field(init=False)
    """Everything its pages show, as digests: where it is, its file, its status today, and the
    municipalities it names (their names, contacts and workplace defaults show on them)."""

    def __post_init__(self) -> None:  # set once here: the planner reads these 200,000 times
        self.key = f"{self.municipality.slug}/{self.slug}"
        self.fingerprint = ":".join((self.key, self.digest, self.status, *(m.fingerprint for m in self.members)))

    @cached_property
    def body_html(self) -> Markup:
        return markup.to_html(self.body)

    @property
    def url(self) -> str:
        return urls.opening_url(self.municipality.slug, self.slug)

    @property
    def is_joint(self) -> bool:
        return bool(self.partners)

    @property
    def members(self) -> tuple[Municipality, ...]:
        """Every municipality that hires through this opening, its home first."""
        return (self.municipality, *self.partners)

    @property
    def annual_pay(self) -> tuple[int, int] | None:
        return pay.annual(self.meta.salary)

    @property
    def contact(self) -> Contact | None:
        """Whom to ask: the opening's own contact, else its municipality's."""
        return self.meta.contact or self.municipality.meta.contact

    @property
    def direct_apply(self) -> bool:
        """Whether apply_url completes an application (Google's directApply)."""
        if self.meta.direct_apply is not None:
            return self.meta.direct_apply and self.meta.apply_url is not None
        return self.meta.apply_url is not None

    @property
    def side_jobs(self) -> bool | None:
        """Whether the home municipality allows its staff side jobs."""
        workplace = self.municipality.meta.workplace
        return workplace.side_jobs if workplace else None

    @property
    def last_modified(self) -> date | None:
        """When the entry last changed, as far as its author says: `updated`, else `opens`."""
        return self.meta.updated or self.meta.opens


@dataclass(eq=False)
class Event:
    slug: str
    source: str
    meta: EventFront
    municipalities: tuple[Municipality, ...]
    body: str
    is_past: bool
    digest: str = ""

    @cached_property
    def fingerprint(self) -> str:
        return ":".join((self.slug, self.digest, str(self.is_past), *(m.fingerprint for m in self.municipalities)))

    @cached_property
    def body_html(self) -> Markup:
        return markup.to_html(self.body)

    @property
    def url(self) -> str:
        return urls.event_url(self.slug)


def build_site(validated: Iterable[tuple[SourceFile, object | None]], today: date,
               folders: Iterable[str] = ()) -> tuple[Site | None, list[Diagnostic]]:
    """Link the validated files into a `Site`; report every rule that spans files.

    Files that failed validation come with `None`: they are left out, but their slugs still
    count as existing, so one broken municipality.md does not cascade into errors elsewhere.
    """
    by_kind: dict[Kind, list[tuple[SourceFile, object]]] = {kind: [] for kind in Kind}
    existing: set[str] = set(folders)  # a folder whose municipality.md is missing or broken still exists
    for source, front in validated:
        if source.kind is Kind.MUNICIPALITY:
            existing.add(source.slug)
        if front is not None:
            by_kind[source.kind].append((source, front))
    problems: list[Diagnostic] = []
    if not by_kind[Kind.SITE]:
        return None, problems
    config = by_kind[Kind.SITE][0][1]

    municipalities: dict[str, Municipality] = {}
    for source, meta in by_kind[Kind.MUNICIPALITY]:
        municipalities[source.slug] = Municipality(
            slug=source.slug, source=source.path, meta=meta,
            appeal=source.body,
            prefecture=meta.prefecture or localgov.prefecture_of(meta.code), digest=source.digest)
    problems += _unique(by_kind[Kind.MUNICIPALITY], "code", "団体コード", "code")
    problems += _unique(by_kind[Kind.MUNICIPALITY], "name", "自治体名", "name")

    openings: list[Opening] = []
    for source, meta in by_kind[Kind.OPENING]:
        opening, found = _opening(source, meta, municipalities, existing, today)
        problems += found
        if opening is not None:
            openings.append(opening)
    openings.sort(key=lambda o: (o.meta.closes, o.municipality.meta.code, o.slug))

    events: list[Event] = []
    for source, meta in by_kind[Kind.EVENT]:
        members, found = _resolve(source, meta.municipalities, ("municipalities",), municipalities, existing)
        problems += found
        end = meta.ends or meta.starts
        events.append(Event(slug=source.slug, source=source.path, meta=meta, municipalities=members,
                            body=source.body,
                            is_past=end.astimezone(dates.JST).date() < today, digest=source.digest))
    events.sort(key=lambda e: (e.meta.starts, e.slug))

    for opening in openings:
        for member in (opening.municipality, *opening.partners):
            member.openings.append(opening)
    for event in events:
        for member in event.municipalities:
            member.events.append(event)

    ordered = tuple(sorted(municipalities.values(), key=lambda m: (m.meta.code, m.slug)))
    return Site(config, today, ordered, tuple(openings), tuple(events)), problems


def _opening(source: SourceFile, meta: OpeningFront, municipalities: dict[str, Municipality], existing: set[str],
             today: date) -> tuple[Opening | None, list[Diagnostic]]:
    """The published opening of one file (None for a draft, or when its municipality.md is
    broken: already reported there), and the problems that involve other files."""
    home = municipalities.get(source.municipality)
    if home is None or meta.draft:
        return None, []
    partners, problems = _partners(source, meta, municipalities, existing)
    opening = Opening(slug=source.slug, source=source.path, meta=meta, municipality=home, partners=partners,
                      body=source.body, remote_work=_remote_work(meta, home),
                      status=dates.status(meta.opens, meta.closes, today), digest=source.digest)
    if opening.status == "closed" and meta.status is None:
        problems.append(warning("closed-without-outcome", source.location(("closes",)),
                                closes=dates.format_ja(meta.closes)))
    return opening, problems


def load_front_matter(site: Site) -> None:
    """Put each opening's whole front matter in place of the part a cached or checked opening
    carries (`schema.LazyOpeningFront`): before pages that show most openings are rendered.
    Loaded once, before the rendering processes fork, it is one copy they share (not one load
    in each), and a field is then read directly, not through the stand-in (40 reads a page)."""
    for o in site.openings:
        if isinstance(o.meta, LazyOpeningFront):
            o.meta = o.meta.whole


def unload_front_matter(site: Site) -> None:
    """The reverse of `load_front_matter`, before the model is pickled: each opening's front matter
    beyond the site's shape stays pickled until it is read."""
    for o in site.openings:
        if type(o.meta) is OpeningFront:
            o.meta = LazyOpeningFront(o.meta)


def reopen(site: Site, opening: Opening, source: SourceFile, meta: OpeningFront
           ) -> list[Diagnostic] | None:
    """Put an edited file's new contents into `opening`, in place, when the edit leaves the site's
    shape as it was (see `shape`): its title, text, pay and the like. Every page and list that
    holds the opening then shows the new contents. Returns the problems that involve other
    files, or None, changing nothing, when the edit reshapes the site (build it again)."""
    municipalities = {m.slug: m for m in site.municipalities}
    # Every slug the site knows is a municipality here: with a broken one the build had failed.
    edited, problems = _opening(source, meta, municipalities, set(municipalities), site.today)
    if edited is None or shape(edited) != shape(opening):
        return None
    vars(opening).clear()  # forgets what was worked out from the old contents (body_html) as well
    vars(opening).update(vars(edited))
    return problems


def shape(o: Opening) -> tuple:
    """What of an opening decides the site's shape, as `pages.plan` lays it out: which pages and
    lists hold it, in what order and under what status, and the dates the sitemap shows. The
    planner may read nothing else of an opening, outside the template data it makes for a page
    being rendered (`PageSpec.make`) and the opening's own `OpeningTexts`."""
    m = o.meta
    return (o.key, o.status, o.partners, m.opens, m.closes, m.updated, m.employment_type)


def front_shape(meta: OpeningFront) -> tuple:
    """What of an opening's front matter its `shape` comes from: while it stays the same (and the
    date, its municipalities and its file's name do), so does the shape."""
    return (meta.draft, meta.joint_with, meta.opens, meta.closes, meta.updated, meta.status, meta.employment_type)


def _remote_work(meta: OpeningFront, home: Municipality) -> str | None:
    """An opening's remote work, else its municipality's (site defaults < municipality < opening)."""
    if meta.remote_work is not None:
        return meta.remote_work
    return home.meta.workplace.remote_work if home.meta.workplace else None


def _partners(source: SourceFile, meta: OpeningFront, municipalities: dict[str, Municipality],
              existing: set[str]) -> tuple[tuple[Municipality, ...], list[Diagnostic]]:
    problems = [error("joint-with-self", source.location(("joint_with", i)), value=slug)
                for i, slug in enumerate(meta.joint_with) if slug == source.municipality]
    others = [s if s != source.municipality else None for s in meta.joint_with]
    partners, found = _resolve(source, others, ("joint_with",), municipalities, existing)
    return partners, problems + found


def _resolve(source: SourceFile, slugs, where: tuple, municipalities: dict[str, Municipality],
             existing: set[str]) -> tuple[tuple[Municipality, ...], list[Diagnostic]]:
    """The municipalities named by `slugs` (None entries skipped), and an error for each unknown one.

    A slug in `existing` but not in `municipalities` is a municipality whose own file has errors:
    already reported there, so it is skipped here.
    """
    found, problems, seen = [], [], set()
    for i, slug in enumerate(slugs):
        if slug is None or slug in seen:
            continue
        seen.add(slug)
        if slug in municipalities:
            found.append(municipalities[slug])
        elif slug not in existing:
            others = sorted(existing - {source.municipality})  # never suggest an opening's own home
            near = difflib.get_close_matches(slug, others, n=1, cutoff=0.6)
            problems.append(error("unknown-municipality", source.location((*where, i)), value=slug,
                                  suggestion=near[0] if near else ""))
    return tuple(found), problems


def _unique(files: list[tuple[SourceFile, MunicipalityFront]], key: str, what: str, what_en: str
            ) -> list[Diagnostic]:
    """An error on each later file that repeats an earlier file's value, naming the earlier file."""
    first: dict[str, SourceFile] = {}
    problems = []
    for source, meta in files:
        value = getattr(meta, key)
        if value in first:
            problems.append(error("duplicate-value", source.location((key,)), what=what, what_en=what_en, value=value,
                                  other=first[value].path))
        else:
            first[value] = source
    return problems
