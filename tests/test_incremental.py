"""Incremental rebuilds publish exactly what a build from scratch would, and touch nothing else.

HR staff edit, add and delete entries all day and rebuild into the same output folder; the
rebuild reuses the cache of parsed files and rewrites only the pages that changed. The promise
to a job seeker is that the site is never stale: after any sequence of edits, the incremental
site is byte for byte the site a cold build (`--full`, an empty cache) writes from the same
content. That is proved here by random sequences of edits, not by a timing.

A failing sequence prints its seed and every step so far; rerun one with
`python -m pytest 'tests/test_incremental.py::test_after_any_edits_the_incremental_site_is_the_cold_build[3]'`.
"""

from __future__ import annotations

import difflib
import json
import os
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from jointhire import pipeline, search
from jointhire.cli import main
from jointhire.output import MARKER
from jointhire.synthetic import write_tree

if not any(param.name == "full" for param in main.commands["build"].params):
    pytest.skip("waiting for --full (`jointhire build --full`: ignore every cache)", allow_module_level=True)

FIRST_DAY = date(2026, 12, 1)
"""The synthetic content's statuses are written relative to this day."""
MUNICIPALITIES, OPENINGS_EACH = 6, 4
STEPS = 12


# ---- building ------------------------------------------------------------------------------------


def build(content: Path, out: Path, cache: Path, today: date, *extra: str):
    """`jointhire build` in-process, with the parsed-file cache in `cache` (never ~/.cache)."""
    cache.mkdir(parents=True, exist_ok=True)
    args = ["build", "--source", str(content), "--out", str(out), "--today", today.isoformat(), "--no-search",
            *extra]
    return CliRunner().invoke(main, args, env={"JOINTHIRE_CACHE_DIR": str(cache)}, catch_exceptions=False)


def rebuild_incrementally(content: Path, out: Path, cache: Path, today: date):
    """What HR staff run after an edit: a build into the existing output folder, reusing the cache."""
    return build(content, out, cache, today)


def build_from_scratch(content: Path, out: Path, cache: Path, today: date):
    """A cold build: a new output folder, an empty cache and `--full`, so nothing earlier is reused."""
    assert not out.exists() and not cache.exists(), "a cold build starts from nothing"
    return build(content, out, cache, today, "--full")


def site_tree(folder: Path) -> dict[str, bytes | None]:
    """Every file of a built site by its relative path, with its bytes; folders as 'path/' -> None,
    so a page folder left behind by a deleted opening counts as a difference too."""
    tree: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_dir():
            tree[rel + "/"] = None
        else:
            tree[rel] = path.read_bytes()
    return tree


def file_identities(folder: Path) -> dict[str, tuple[int, int]]:
    """(mtime_ns, inode) of every file: both stay the same when a build leaves the file alone."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def files_rewritten(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    """Files added, removed, or written again (new mtime or new inode) between two snapshots."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def site_differences(incremental: dict[str, bytes | None], cold: dict[str, bytes | None]) -> str:
    """'' when both sites are identical; else the first differing paths and a diff of one of them."""
    only_incremental = sorted(incremental.keys() - cold.keys())
    only_cold = sorted(cold.keys() - incremental.keys())
    differing = sorted(p for p in incremental.keys() & cold.keys() if incremental[p] != cold[p])
    if not (only_incremental or only_cold or differing):
        return ""
    lines = [f"{len(only_incremental)} path(s) only in the incremental site, {len(only_cold)} only in the cold "
             f"build, {len(differing)} with different bytes:"]
    lines += [f"  stale (only incremental): {p}" for p in only_incremental[:8]]
    lines += [f"  missing (only cold):      {p}" for p in only_cold[:8]]
    lines += [f"  different:                {p}" for p in differing[:8]]
    if differing:
        path = differing[0]
        diff = difflib.unified_diff(cold[path].decode("utf-8", "replace").splitlines(),
                                    incremental[path].decode("utf-8", "replace").splitlines(),
                                    f"cold/{path}", f"incremental/{path}", n=1, lineterm="")
        shown = [line if len(line) <= 300 else line[:300] + " …" for line in diff]
        lines += [f"diff of {path}:", *shown[:40]]
        if len(shown) > 40:
            lines.append(f"... ({len(shown) - 40} more diff lines)")
    return "\n".join(lines)


def outcome(result) -> str:
    return f"exit {result.exit_code}:\n{result.output}"


# ---- the content tree and edits as HR staff make them ----------------------------------------------


def split_front_matter(text: str) -> tuple[list[str], str]:
    """The front-matter lines between the two `---` lines, and the Markdown body after them."""
    assert text.startswith("---\n"), text[:40]
    front, _, body = text[4:].partition("\n---\n")
    return front.split("\n"), body


def join_front_matter(front: list[str], body: str) -> str:
    return "---\n" + "\n".join(front) + "\n---\n" + body


def set_key(lines: list[str], key: str, *value_lines: str) -> list[str]:
    """Replace a top-level `key:` (with its indented block) by `value_lines`, or add them at the end;
    with no `value_lines`, remove the key."""
    out, i, found = [], 0, False
    while i < len(lines):
        if lines[i].startswith(f"{key}:"):
            found = True
            out += value_lines
            i += 1
            while i < len(lines) and lines[i].startswith(" "):
                i += 1
            continue
        out.append(lines[i])
        i += 1
    return out if found else out + list(value_lines)


def get_key(lines: list[str], key: str) -> str | None:
    """The text after `key:` on its own line (None when absent)."""
    for line in lines:
        if line.startswith(f"{key}:"):
            return line[len(key) + 1:].strip()
    return None


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a YAML double-quoted scalar


def text_of(value: str | None) -> str:
    """The text of a one-line scalar as the generator writes it: plain, or double-quoted."""
    value = value or ""
    return json.loads(value) if value.startswith('"') else value


@dataclass
class Content:
    """The content tree HR staff edit, and the day the next build is for."""

    root: Path
    today: date
    rng: random.Random
    counter: int = 0
    deck: list[Callable[[Content], str]] = field(default_factory=list)
    event_template: str = ""
    """A generated event file, to add events again after every one was deleted."""

    def next_number(self) -> int:
        self.counter += 1
        return self.counter

    def municipality_slugs(self) -> list[str]:
        return sorted(p.parent.name for p in (self.root / "municipalities").glob("*/municipality.md"))

    def openings(self) -> list[Path]:
        return sorted((self.root / "municipalities").glob("*/openings/*.md"))

    def events(self) -> list[Path]:
        return sorted((self.root / "events").glob("*.md"))

    def edit_front(self, path: Path, change: Callable[[list[str]], list[str]]) -> None:
        front, body = split_front_matter(path.read_text(encoding="utf-8"))
        path.write_text(join_front_matter(change(front), body), encoding="utf-8")

    def edit_body(self, path: Path, change: Callable[[str], str]) -> None:
        front, body = split_front_matter(path.read_text(encoding="utf-8"))
        path.write_text(join_front_matter(front, change(body)), encoding="utf-8")

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def next_edit(self) -> Callable[[Content], str]:
        """A random edit, dealt from a shuffled deck of every kind, so each sequence sees most kinds."""
        if not self.deck:
            self.deck = self.rng.sample(EDITS, len(EDITS))
        return self.deck.pop()


# Each step changes the content the way a person would and says what it did, for the failure message.


def retitle_opening(c: Content) -> str:
    path = c.rng.choice(c.openings())
    n = c.next_number()
    c.edit_front(path, lambda f: set_key(f, "title", f"title: {quoted(f'改訂{n} ' + text_of(get_key(f, 'title')))}"))
    return f"retitle {c.rel(path)}"


def move_closing_date(c: Content) -> str:
    """A new closing (and opening) day: the opening becomes closed, open or upcoming, and moves in the lists."""
    path = c.rng.choice(c.openings())
    kind = c.rng.choice(("closed", "open", "open today", "upcoming"))
    if kind == "closed":
        closes = c.today - timedelta(days=c.rng.randint(1, 60))
        opens = closes - timedelta(days=c.rng.randint(7, 30))
    elif kind == "upcoming":
        opens = c.today + timedelta(days=c.rng.randint(1, 40))
        closes = opens + timedelta(days=c.rng.randint(7, 60))
    else:
        opens = c.today - timedelta(days=c.rng.randint(0, 30))
        closes = c.today if kind == "open today" else c.today + timedelta(days=c.rng.randint(1, 90))
    c.edit_front(path, lambda f: set_key(set_key(f, "opens", f"opens: {opens}"), "closes", f"closes: {closes}"))
    return f"{kind}: {c.rel(path)} opens {opens}, closes {closes}"


def change_salary(c: Content) -> str:
    path = c.rng.choice(c.openings())
    low = c.rng.randint(180, 420) * 1000
    high = low + c.rng.randint(0, 20) * 10_000
    c.edit_front(path, lambda f: set_key(f, "salary", "salary:", f"  min: {low}", f"  max: {high}", "  unit: month"))
    return f"salary {low}-{high}/month: {c.rel(path)}"


def change_remote_work(c: Content) -> str:
    path = c.rng.choice(c.openings())
    remote = c.rng.choice(("none", "partial", "full", None))
    c.edit_front(path, lambda f: set_key(f, "remote_work", *([f"remote_work: {remote}"] if remote else [])))
    return f"remote_work {remote}: {c.rel(path)}"


def set_outcome(c: Content) -> str:
    """After the closing day: 選考中, 採用者決定 or 募集中止 (or none again)."""
    path = c.rng.choice(c.openings())
    status = c.rng.choice(("reviewing", "filled", "cancelled", None))
    c.edit_front(path, lambda f: set_key(f, "status", *([f"status: {status}"] if status else [])))
    return f"outcome {status}: {c.rel(path)}"


def toggle_draft(c: Content) -> str:
    """`draft: true` takes an opening off the site; removing it brings the opening back."""
    path = c.rng.choice(c.openings())
    is_draft = get_key(split_front_matter(path.read_text(encoding="utf-8"))[0], "draft") == "true"
    c.edit_front(path, lambda f: set_key(f, "draft") if is_draft else set_key(f, "draft", "draft: true"))
    return f"{'publish' if is_draft else 'draft'} {c.rel(path)}"


def add_joint_partner(c: Content) -> str:
    """A joint appointment: the opening appears on a partner municipality's page too."""
    path = c.rng.choice(c.openings())
    home = path.parent.parent.name
    partner = c.rng.choice([s for s in c.municipality_slugs() if s != home])

    def change(front: list[str]) -> list[str]:
        listed = [line.strip()[2:] for line in front[front.index("joint_with:") + 1:]
                  if line.startswith("  - ")] if "joint_with:" in front else []
        partners = sorted({*listed, partner})
        return set_key(front, "joint_with", "joint_with:", *(f"  - {p}" for p in partners))

    c.edit_front(path, change)
    return f"joint_with {partner}: {c.rel(path)}"


def delete_opening(c: Content) -> str:
    path = c.rng.choice(c.openings())
    path.unlink()
    return f"delete {c.rel(path)}"


def add_opening(c: Content) -> str:
    """A copy of an existing opening under a new file name, in its own municipality's folder."""
    original = c.rng.choice(c.openings())
    new = original.with_name(f"added-{c.next_number()}.md")
    new.write_bytes(original.read_bytes())
    return f"add {c.rel(new)} (copy of {original.name})"


def rename_opening(c: Content) -> str:
    """The same bytes under a new file name: a new URL, and every list that links to it changes."""
    original = c.rng.choice(c.openings())
    new = original.with_name(f"renamed-{c.next_number()}.md")
    original.rename(new)
    return f"rename {c.rel(original)} to {new.name}"


def edit_opening_body(c: Content) -> str:
    path = c.rng.choice(c.openings())
    n = c.next_number()
    c.edit_body(path, lambda body: body + f"\n## 追記 {n}\n\n説明会の日程を追加しました（第{n}版）。\n")
    return f"body only: {c.rel(path)}"


def edit_municipality(c: Content) -> str:
    slug = c.rng.choice(c.municipality_slugs())
    path = c.root / "municipalities" / slug / "municipality.md"
    n = c.next_number()
    what = c.rng.choice(("name", "tagline", "body"))
    if what == "name":
        c.edit_front(path, lambda f: set_key(f, "name", f"name: {quoted(text_of(get_key(f, 'name')) + f'・{n}')}"))
    elif what == "tagline":
        c.edit_front(path, lambda f: set_key(f, "tagline", f"tagline: {quoted(f'新しい働き方を一緒に（{n}）')}"))
    else:
        c.edit_body(path, lambda body: f"お知らせ {n}: 職場見学を受け付けています。\n\n" + body)
    return f"municipality {what}: {c.rel(path)}"


def edit_event(c: Content) -> str:
    """Retitle an event or move it to another day (past or upcoming)."""
    events = c.events()
    if not events:
        return add_or_remove_event(c)
    path = c.rng.choice(events)
    n = c.next_number()
    if c.rng.random() < 0.5:
        c.edit_front(path, lambda f: set_key(f, "title", f"title: {quoted(f'合同説明会 第{n}回')}"))
        return f"event title: {c.rel(path)}"
    day = c.today + timedelta(days=c.rng.randint(-30, 60))
    c.edit_front(path, lambda f: set_key(set_key(f, "starts", f"starts: {day}T13:00"),
                                         "ends", f"ends: {day}T15:00"))
    return f"event date {day}: {c.rel(path)}"


def add_or_remove_event(c: Content) -> str:
    """Delete an event, or add one for a few municipalities."""
    events = c.events()
    if events and c.rng.random() < 0.4:
        path = c.rng.choice(events)
        path.unlink()
        return f"delete {c.rel(path)}"
    members = sorted(c.rng.sample(c.municipality_slugs(), c.rng.randint(1, 3)))
    front, body = split_front_matter(c.event_template)
    front = set_key(front, "municipalities", "municipalities:", *(f"  - {m}" for m in members))
    path = c.root / "events" / f"added-event-{c.next_number()}.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(join_front_matter(front, body), encoding="utf-8")
    return f"add {c.rel(path)} for {', '.join(members)}"


def retitle_site(c: Content) -> str:
    path = c.root / "site.yaml"
    title = f"title: {quoted(f'合同採用サイト 第{c.next_number()}版')}"
    lines = set_key(path.read_text(encoding="utf-8").split("\n"), "title", title)
    path.write_text("\n".join(lines), encoding="utf-8")
    return "retitle site.yaml"


def touch_without_change(c: Content) -> str:
    """Save a file without changing it: same bytes, a later mtime."""
    path = c.rng.choice([c.root / "site.yaml", *c.openings(), *c.events(),
                         *(c.root / "municipalities").glob("*/municipality.md")])
    data = path.read_bytes()
    path.write_bytes(data)
    later = path.stat().st_mtime_ns + 2_000_000_000
    os.utime(path, ns=(later, later))
    return f"touch {c.rel(path)}"


def a_new_day(c: Content) -> str:
    """Build on another day: statuses (open → closed, upcoming → open) change with no file edited."""
    c.today = FIRST_DAY + timedelta(days=c.rng.randint(-30, 60))
    return f"build on {c.today}"


EDITS = [retitle_opening, change_remote_work, set_outcome, move_closing_date, move_closing_date, change_salary,
         toggle_draft, add_joint_partner, delete_opening, add_opening, add_opening, rename_opening, edit_opening_body,
         edit_municipality, edit_event, add_or_remove_event, retitle_site, touch_without_change, a_new_day]
TEXT_EDITS = [retitle_opening, change_salary, edit_opening_body, change_remote_work, set_outcome]
"""Edits that leave the site's shape as it was: `serve` puts them into its model in place."""


def break_content(c: Content) -> tuple[str, Callable[[], None]]:
    """A mistake that stops the build, and the function that puts the file back as it was."""
    kind = c.rng.choice(("impossible date", "unknown partner", "broken YAML"))
    path = c.rng.choice(c.openings())
    original = path.read_bytes()
    if kind == "impossible date":
        c.edit_front(path, lambda f: set_key(set_key(f, "opens"), "closes", "closes: 2026-02-30"))
    elif kind == "unknown partner":
        c.edit_front(path, lambda f: set_key(f, "joint_with", "joint_with:", "  - no-such-town"))
    else:
        c.edit_front(path, lambda f: set_key(f, "title", 'title: "閉じていない引用符'))
    return f"{kind} in {c.rel(path)}", lambda: path.write_bytes(original)


class Preview:
    """`serve`'s builds (`pipeline.Session`), told which files changed as its file watcher would be."""

    def __init__(self, root: Path, out: Path) -> None:
        self.root = root
        self.session = pipeline.Session(root, out)
        self.seen = self.files()
        self.in_place = 0

    def files(self) -> dict[Path, tuple[int, bytes]]:
        return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(self.root.rglob("*")) if p.is_file()}

    def rebuild(self, today: date) -> Built:
        now = self.files()
        changed = [p for p in self.seen.keys() | now.keys() if self.seen.get(p) != now.get(p)]
        self.seen = now
        checks = pipeline.check
        full_builds = []
        pipeline.check = lambda *a, **k: full_builds.append(1) or checks(*a, **k)  # a whole build checks every file
        try:
            result = self.session.build(today, changed)
        finally:
            pipeline.check = checks
        self.in_place += not full_builds
        return Built(0 if result.ok else 1, "\n".join(map(str, result.diagnostics)))


@dataclass
class Built:
    """What a test reads of a build: like click's result."""

    exit_code: int
    output: str


# ---- the tests -----------------------------------------------------------------------------------------


@dataclass
class Sequence:
    """One random editing session: the content, the incremental site `inc/`, and what happened so far."""

    tmp: Path
    content: Content
    history: list[str] = field(default_factory=list)

    @property
    def inc(self) -> Path:
        return self.tmp / "inc"

    preview: Preview | None = None
    """When set, rebuilds are `serve`'s, told by a watcher which files changed."""

    def rebuild(self):
        if self.preview is not None:
            return self.preview.rebuild(self.content.today)
        return rebuild_incrementally(self.content.root, self.inc, self.tmp / "inc-cache", self.content.today)

    def assert_incremental_matches_cold_build(self, step: int) -> None:
        result = self.rebuild()
        story = "\n".join(f"  {i}. {h}" for i, h in enumerate(self.history))
        assert result.exit_code == 0, f"incremental build failed after:\n{story}\n{outcome(result)}"
        cold = self.tmp / f"cold-{step}"
        cold_result = build_from_scratch(self.content.root, cold, self.tmp / f"cold-cache-{step}", self.content.today)
        assert cold_result.exit_code == 0, (
            f"the cold build failed (a bug in this test's edits?):\n{story}\n{outcome(cold_result)}")
        differences = site_differences(site_tree(self.inc), site_tree(cold))
        assert not differences, f"the incremental site is not the cold build's after:\n{story}\n{differences}"
        shutil.rmtree(cold)
        shutil.rmtree(self.tmp / f"cold-cache-{step}")

    def assert_a_mistake_leaves_the_site_alone(self) -> Callable[[], None]:
        """Break a file: the rebuild stops with exit 1 and `inc/` stays byte for byte as it was.
        Returns what puts the file back."""
        mistake, fix = break_content(self.content)
        self.history.append(f"mistake: {mistake}")
        before = site_tree(self.inc)
        result = self.rebuild()
        assert result.exit_code == 1, f"{mistake}: the build should stop with exit 1\n{outcome(result)}"
        differences = site_differences(site_tree(self.inc), before)
        assert not differences, f"a failed build changed the published site ({mistake}):\n{differences}"
        return fix


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_after_any_edits_the_incremental_site_is_the_cold_build(tmp_path, seed):
    """Whatever HR staff edit, add or delete, in any order, and whatever day it is, the site they
    publish with a quick rebuild is byte for byte the site a full build writes; a build stopped by
    a mistake leaves the published site exactly as it was."""
    edit_randomly(Sequence(tmp_path, new_content(tmp_path, seed), [f"write_tree(seed={seed}), build on {FIRST_DAY}"]))


@pytest.mark.parametrize("seed", [5, 6])
def test_after_any_edits_the_preview_is_the_cold_build(tmp_path, seed):
    """The same for `serve`'s preview, which puts an edit of an opening's text into the site it
    keeps in memory instead of building it again: every page it shows is still byte for byte
    the cold build's, and edits of text alone (most of a day's saves) did take that path."""
    content = new_content(tmp_path, seed)
    content.deck = [edit for _ in range(3) for edit in content.rng.sample(TEXT_EDITS, len(TEXT_EDITS))]
    sequence = Sequence(tmp_path, content, [f"write_tree(seed={seed}), serve on {FIRST_DAY}"])
    sequence.preview = Preview(content.root, sequence.inc)
    edit_randomly(sequence)
    assert sequence.preview.in_place >= STEPS // 3, (  # the rest: a draft edited, a build after a mistake
        f"only {sequence.preview.in_place} of {STEPS} edits were put in place:\n" + "\n".join(sequence.history))


def new_content(tmp_path: Path, seed: int) -> Content:
    root = tmp_path / "content"
    write_tree(root, MUNICIPALITIES, OPENINGS_EACH, seed=seed, today=FIRST_DAY)
    content = Content(root, FIRST_DAY, random.Random(seed))
    content.event_template = content.events()[0].read_text(encoding="utf-8")
    return content


def edit_randomly(session: Sequence) -> None:
    """STEPS random edits (and now and then a mistake, then its correction), each followed by a
    rebuild compared with a cold build."""
    content = session.content
    session.assert_incremental_matches_cold_build(0)
    fix: Callable[[], None] | None = None
    for step in range(1, STEPS + 1):
        if fix is not None:  # the step after a mistake starts by correcting it
            fix()
            fix = None
            session.history.append("put the broken file back")
        elif step < STEPS and content.rng.random() < 0.15:
            fix = session.assert_a_mistake_leaves_the_site_alone()
            continue
        session.history.append(content.next_edit()(content))
        session.assert_incremental_matches_cold_build(step)


@pytest.fixture
def built_site(tmp_path):
    """Synthetic content built once into `inc/` with its own cache: (content root, output, cache)."""
    root = tmp_path / "content"
    write_tree(root, MUNICIPALITIES, OPENINGS_EACH, seed=11, today=FIRST_DAY)
    out, cache = tmp_path / "inc", tmp_path / "cache"
    result = rebuild_incrementally(root, out, cache, FIRST_DAY)
    assert result.exit_code == 0, outcome(result)
    return root, out, cache


def test_a_rebuild_with_nothing_changed_writes_no_file(built_site):
    """Rebuilding without an edit leaves every published file as it was: same inode, same mtime,
    so a deploy that syncs by mtime uploads nothing."""
    root, out, cache = built_site
    before = file_identities(out)
    result = rebuild_incrementally(root, out, cache, FIRST_DAY)
    assert result.exit_code == 0, outcome(result)
    rewritten = files_rewritten(before, file_identities(out))
    assert rewritten == [], f"{len(rewritten)} of {len(before)} files were written again: {rewritten[:10]}"


def opening_far_from_a_municipality(root: Path, out: Path) -> tuple[Path, str]:
    """An opening and a municipality whose built pages never link to it (not its home, not a joint
    partner, not listing it among similar openings)."""
    for opening in sorted((root / "municipalities").glob("*/openings/*.md")):
        home = opening.parent.parent.name
        link = f"{home}/openings/{opening.stem}/"
        if not (out / "municipalities" / home / "openings" / opening.stem / "index.html").is_file():
            continue  # a draft: no page
        for other in sorted(p.name for p in (out / "municipalities").iterdir() if p.is_dir()):
            pages = [p for p in (out / "municipalities" / other).rglob("*") if p.is_file()]
            if other != home and not any(link.encode() in p.read_bytes() for p in pages):
                return opening, other
    raise AssertionError("every municipality links to every opening: use another seed")


def test_retitling_one_opening_rewrites_only_the_pages_that_show_it(built_site):
    """After one opening's title changes, its page is rewritten, and the pages of a municipality
    that never shows that opening keep their inode and mtime; most of the site is left alone."""
    root, out, cache = built_site
    opening, unrelated = opening_far_from_a_municipality(root, out)
    home = opening.parent.parent.name
    before = file_identities(out)
    front, body = split_front_matter(opening.read_text(encoding="utf-8"))
    opening.write_text(join_front_matter(set_key(front, "title", 'title: "改題した求人"'), body), encoding="utf-8")
    result = rebuild_incrementally(root, out, cache, FIRST_DAY)
    assert result.exit_code == 0, outcome(result)
    rewritten = files_rewritten(before, file_identities(out))
    page = f"municipalities/{home}/openings/{opening.stem}/index.html"
    assert page in rewritten, f"{page} still shows the old title; rewritten: {rewritten}"
    touched = [p for p in rewritten if p.startswith(f"municipalities/{unrelated}/")]
    assert touched == [], f"pages of {unrelated}, which never shows {page}, were rewritten: {touched}"
    assert len(rewritten) < len(before) / 2, f"{len(rewritten)} of {len(before)} files rewritten: {rewritten}"


def test_the_build_says_how_many_files_it_changed(built_site):
    """The closing line counts what was really rewritten: 0 with no edit, and after an edit the
    number of files whose inode or time changed, out of every file of the site."""
    root, out, cache = built_site
    total = len(file_identities(out)) - 1  # the folder's marker (output.MARKER) is not a file of the site
    result = rebuild_incrementally(root, out, cache, FIRST_DAY)
    assert f"(built: 0 of {total} files changed)" in result.output, outcome(result)
    before = file_identities(out)
    opening = sorted((root / "municipalities").glob("*/openings/*.md"))[0]
    front, body = split_front_matter(opening.read_text(encoding="utf-8"))
    opening.write_text(join_front_matter(set_key(front, "title", 'title: "数える求人"'), body), encoding="utf-8")
    result = rebuild_incrementally(root, out, cache, FIRST_DAY)
    rewritten = [p for p in files_rewritten(before, file_identities(out)) if p != MARKER]
    assert rewritten, outcome(result)
    assert f"(built: {len(rewritten)} of {total} files changed)" in result.output, outcome(result)


def test_an_edit_indexes_again_only_the_search_shard_that_holds_the_opening(tmp_path, monkeypatch):
    """Pagefind cannot update an index, so a national site's index comes in shards: after an edit to
    an open opening, only its shard's files are written again, and the site (index included) is
    still byte for byte what a cold build writes."""
    monkeypatch.setattr(search, "OPENINGS_PER_SHARD", 4)
    root = tmp_path / "content"
    write_tree(root, MUNICIPALITIES, OPENINGS_EACH, seed=11, today=FIRST_DAY)
    out = tmp_path / "inc"
    assert pipeline.build(root, out, FIRST_DAY).ok
    site = pipeline.check(root, FIRST_DAY).site
    shards = search.shards(site.openings)
    assert len(shards) >= 3, shards
    target = next(o for o in site.openings if o.status == "open")
    bundle = next(b for b, slugs in shards.items() if target.municipality.slug in slugs)
    before = file_identities(out)
    path = root / target.source
    path.write_text(path.read_text(encoding="utf-8") + "\n書き足した業務内容\n", encoding="utf-8")
    assert pipeline.build(root, out, FIRST_DAY).ok
    reindexed = [p for p in files_rewritten(before, file_identities(out)) if p.startswith(search.FOLDER)]
    assert reindexed and all(p.startswith(bundle) for p in reindexed), reindexed
    cold = tmp_path / "cold"
    assert pipeline.build(root, cold, FIRST_DAY, full=True).ok
    assert site_differences(site_tree(out), site_tree(cold)) == ""


@pytest.mark.parametrize("save", ["in place", "by renaming a new file over it"])
def test_after_retitles_a_new_build_takes_the_saved_plan_without_checking_the_whole_site(built_site, monkeypatch,
                                                                                         save):
    """A build made for edits that keep every opening in its place (a title, a text) keeps its plan
    beside the output; the next such edit goes into that plan, as `serve` does in memory, and
    nothing else is checked again, however the editor saves the file. The site is still the cold
    build's."""
    root, out, cache = built_site
    opening = sorted((root / "municipalities").glob("*/openings/*.md"))[0]
    front, body = split_front_matter(opening.read_text(encoding="utf-8"))

    def retitle(title: str) -> None:
        text = join_front_matter(set_key(front, "title", f'title: "{title}"'), body)
        if save == "in place":
            opening.write_text(text, encoding="utf-8")
        else:
            new = opening.with_name(".new-" + opening.name)
            new.write_text(text, encoding="utf-8")
            os.replace(new, opening)

    def whole_check(*args, **kwargs):
        raise AssertionError("the whole site was checked again")

    retitle("一度目の改題")
    assert rebuild_incrementally(root, out, cache, FIRST_DAY).exit_code == 0  # checks the site, keeps its plan
    retitle("続きから作る求人")
    monkeypatch.setattr(pipeline, "check", whole_check)
    result = rebuild_incrementally(root, out, cache, FIRST_DAY)
    assert result.exit_code == 0, outcome(result)
    monkeypatch.undo()
    page = out / "municipalities" / opening.parent.parent.name / "openings" / opening.stem / "index.html"
    assert "続きから作る求人" in page.read_text(encoding="utf-8")
    cold, cold_cache = out.parent / "cold", out.parent / "cold-cache"
    assert build_from_scratch(root, cold, cold_cache, FIRST_DAY).exit_code == 0
    assert site_differences(site_tree(out), site_tree(cold)) == ""


def test_after_a_new_closing_date_the_next_build_checks_the_whole_site(built_site, monkeypatch):
    """An edit that moves an opening in the site (its closing date orders the lists) is not taken
    into a saved plan: the whole site is checked and planned again."""
    root, out, cache = built_site
    opening = sorted((root / "municipalities").glob("*/openings/*.md"))[0]
    front, body = split_front_matter(opening.read_text(encoding="utf-8"))
    opening.write_text(join_front_matter(set_key(front, "title", 'title: "改題"'), body), encoding="utf-8")
    assert rebuild_incrementally(root, out, cache, FIRST_DAY).exit_code == 0  # keeps its plan
    closes = FIRST_DAY + timedelta(days=200)
    opening.write_text(join_front_matter(set_key(front, "closes", f"closes: {closes}"), body), encoding="utf-8")
    checked = []
    real_check = pipeline.check
    monkeypatch.setattr(pipeline, "check", lambda *a, **k: checked.append(1) or real_check(*a, **k))
    result = rebuild_incrementally(root, out, cache, FIRST_DAY)
    assert result.exit_code == 0, outcome(result)
    assert checked, "a new closing date was put into the saved plan"
    cold, cold_cache = out.parent / "cold", out.parent / "cold-cache"
    assert build_from_scratch(root, cold, cold_cache, FIRST_DAY).exit_code == 0
    assert site_differences(site_tree(out), site_tree(cold)) == ""
