"""Load: find the content files, split front matter from body and parse the YAML.

Only syntax is checked here; `schema.py` checks meaning. YAML is composed into nodes (libyaml
when available) and every scalar is kept as a string, so `code: 011002` keeps its zero and
`no` stays text; the schema gives each value its type. Positions of keys and values are kept
so that later stages can name the line of a problem.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import yaml

from .diagnostics import Diagnostic, Location, error, warning

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX = 64
MAX_FILE_BYTES = 1024 * 1024
"""A Markdown or YAML file larger than this is refused: no real entry needs more, and a huge one slows every build."""

class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml where available, with no implicit typing: every scalar stays text (and resolving
    each scalar against YAML 1.1's patterns, only to ignore the result, was a fifth of loading)."""

    yaml_implicit_resolvers: dict = {}

    def resolve(self, kind, value, implicit):  # what the inherited one returns without resolvers, in one step
        return _DEFAULT_TAGS[kind]


_DEFAULT_TAGS = {yaml.ScalarNode: _Loader.DEFAULT_SCALAR_TAG, yaml.SequenceNode: _Loader.DEFAULT_SEQUENCE_TAG,
                 yaml.MappingNode: _Loader.DEFAULT_MAPPING_TAG}


_NULLS = {"", "~", "null", "Null", "NULL"}
_FENCE = re.compile(r"---[ \t]*")

Path_ = tuple[str | int, ...]
"""Where a value sits in a document: keys and list indexes, as in pydantic's error `loc`."""


class Kind(StrEnum):
    SITE = "site"
    MUNICIPALITY = "municipality"
    OPENING = "opening"
    EVENT = "event"


@dataclass
class SourceFile:
    """One content file, parsed: what the author wrote and where each value stands."""

    kind: Kind
    path: str
    """Relative to the content root, with forward slashes: the path messages name."""
    slug: str
    municipality: str | None
    """The municipality folder an opening lives in (its own slug for a municipality)."""
    data: dict
    """Front matter: nested dicts and lists of strings (or None for an empty value)."""
    body: str = ""
    body_line: int = 1
    """Line of the body's first line in the file, for messages about the body."""
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    digest: str = ""
    """A hash of the file's bytes: what the build compares to know whether a page must change."""

    def location(self, where: Path_ = (), *, key: bool = False) -> Location:
        """The best known place of the value (or key) at `where`, falling back to its parents."""
        marks = self.key_marks if key else self.value_marks
        while where:
            if where in marks:
                return Location(self.path, *marks[where])
            if where in self.key_marks:
                return Location(self.path, *self.key_marks[where])
            where = where[:-1]
        return Location(self.path, 1, 1)


Job = tuple["Path | str", "Kind", str, "str | None"]
"""One file to load: `load_file`'s arguments after the root (path, kind, slug, municipality)."""


@dataclass
class Tree:
    """What `scan` found under a content root: the files to load, in a stable order, and the
    problems of the folder layout."""

    jobs: list[Job] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    """Slugs of the municipality folders, whether or not their municipality.md can be read."""
    stats: dict[str, os.stat_result | None] = field(default_factory=dict)
    """Every entry seen, by path, with its `lstat`: taken once, for `stamps` and for the file cache."""

    def stamps(self, root: Path, extra: tuple[str, ...] = ()) -> dict[str, tuple | None]:
        """Every entry (plus the files named in `extra`) → its size, modification time, inode and
        mode: while they stay the same, so does the content."""
        return {path: (st.st_size, st.st_mtime_ns, st.st_ino, st.st_mode) if st else None
                for path, st in [*self.stats.items(), *((str(root / name), _lstat(root / name)) for name in extra)]}


def changed_files(before: dict[str, tuple | None], now: dict[str, tuple | None]) -> list[str] | None:
    """The files whose `Tree.stamps` differ between `before` and `now`, or None when an entry came
    or went. A folder whose entries stay the same may change its time (an editor saving by
    renaming a new file over the old one): that is no change of its own."""
    if before.keys() != now.keys():
        return None
    return [path for path, st in now.items() if st != before[path] and not (st and stat.S_ISDIR(st[3]))]


def scan(root: Path) -> Tree:
    """Find every content file under `root`, and what is wrong with the folders' layout."""
    tree = Tree()
    problems = tree.problems

    def take(kind: Kind, path: Path | str, slug: str, municipality: str | None) -> None:
        tree.jobs.append((path, kind, slug, municipality))

    site = root / "site.yaml"
    tree.stats[str(site)] = _lstat(site)
    if site.is_file():
        take(Kind.SITE, site, "", None)
    else:
        problems.append(error("site-missing", Location("site.yaml")))

    for folder in _entries(root / "municipalities", tree.stats):
        rel = _rel(root, folder)
        if folder.is_symlink():
            problems.append(error("symlink", Location(rel)))
            continue
        if not folder.is_dir():
            problems.append(warning("stray-file", Location(rel), expected="municipalities/<slug>/"))
            continue
        if not _is_slug(folder.name):
            problems.append(error("bad-slug", Location(rel), name=folder.name, what="フォルダ名"))
            continue
        tree.folders.append(folder.name)
        inside = {entry.name: entry for entry in _entries(folder, tree.stats)}
        profile = inside.get("municipality.md")
        if profile is None or not profile.is_file():
            problems.append(error("municipality-missing", Location(rel + "/municipality.md")))
        else:
            take(Kind.MUNICIPALITY, Path(profile.path), folder.name, folder.name)
        for name, entry in inside.items():
            if name not in ("municipality.md", "openings", "images"):
                problems.append(warning("stray-file", Location(_rel(root, entry)),
                                        expected="municipality.md, openings/"))
        openings = inside.get("openings")
        for entry in _entries(openings, tree.stats) if openings is not None and openings.is_dir() else ():
            _take_markdown(root, entry, Kind.OPENING, folder.name, take, problems)

    for entry in _entries(root / "events", tree.stats):
        _take_markdown(root, entry, Kind.EVENT, None, take, problems)
    return tree


def load_tree(root: Path, load_all: Callable | None = None, tree: Tree | None = None) -> tuple[list, list[Diagnostic]]:
    """Load every content file of `tree` (by default what `scan` finds now) with `load_all`
    (root, jobs) → [(result or None, problems)]: by default `load_file` on each, one by one;
    the pipeline's also validates them, on every core, reusing cached results."""
    tree = tree or scan(root)
    files, problems = [], list(tree.problems)
    for result, found in (load_all or _load_each)(root, tree.jobs):
        problems.extend(found)
        if result is not None:
            files.append(result)
    return files, problems


def _load_each(root: Path, jobs: list[Job]) -> list:
    return [load_file(root, *job) for job in jobs]


def digest(data: bytes) -> str:
    """The hash the build compares bytes by: of content files, pages and their inputs."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_text_if_present(path: Path) -> str | None:
    """A generated file's text (e.g. .github/CODEOWNERS), or None when there is none."""
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None


def _take_markdown(root: Path, entry: os.DirEntry, kind, municipality, take, problems) -> None:
    stem = entry.name[:-3]
    if not entry.name.endswith(".md") or not entry.is_file():
        problems.append(warning("stray-file", Location(_rel(root, entry)), expected="<slug>.md"))
    elif not _is_slug(stem):
        problems.append(error("bad-slug", Location(_rel(root, entry)), name=stem, what="ファイル名"))
    else:
        take(kind, entry.path, stem, municipality)  # a str: 19,000 Path objects cost 0.3 s


def _entries(folder: Path | os.DirEntry, stats: dict[str, os.stat_result | None]) -> list[os.DirEntry]:
    """The folder's entries in name order, skipping hidden files such as .DS_Store, each one's
    `lstat` put into `stats`. (Whether an entry is a file or a folder is known without it.)"""
    if os.path.islink(folder):
        return []
    try:
        with os.scandir(folder) as found:
            entries = sorted((e for e in found if not e.name.startswith(".")), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    for entry in entries:
        try:
            stats[entry.path] = entry.stat(follow_symlinks=False)
        except OSError:
            stats[entry.path] = None
    return entries


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


def _is_slug(name: str) -> bool:
    return len(name) <= SLUG_MAX and SLUG.fullmatch(name) is not None


def _rel(root: Path, path: Path | os.DirEntry) -> str:
    """`path` (which `load_tree` made as `root / ...`) relative to `root`, with forward slashes."""
    return relative(root, path)


def relative(root: Path, path: Path | os.DirEntry) -> str:
    root_text, path_text = str(root), os.fspath(path)
    if path_text.startswith(root_text + os.sep):  # the usual case, without pathlib's parsing
        return path_text[len(root_text) + 1:].replace(os.sep, "/")
    return Path(path_text).relative_to(root).as_posix()


def load_file(root: Path, path: Path | str, kind: Kind, slug: str, municipality: str | None
              ) -> tuple[SourceFile | None, list[Diagnostic]]:
    rel = _rel(root, path)
    try:
        # Not through a symbolic link: it could point outside the content, or at another municipality's file.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, [error("symlink", Location(rel))]
        return None, [error("unreadable", Location(rel), reason=exc.strerror or str(exc))]
    try:
        raw = _read_at_most(fd, MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            size = os.fstat(fd).st_size
            return None, [error("file-too-large", Location(rel), size=f"{size / 1048576:.1f} MiB", limit="1 MiB")]
    except OSError as exc:
        return None, [error("unreadable", Location(rel), reason=exc.strerror or str(exc))]
    finally:
        os.close(fd)
    return parse_text(raw, rel, kind, slug, municipality)


def _read_at_most(fd: int, limit: int) -> bytes:
    """Up to `limit` bytes. With the `os.open` before and the close after, four system calls for a
    content file, where `is_symlink`, `stat` and `Path.read_bytes` made eight (19,000 files in a
    national check)."""
    chunks, left = [], limit
    while left > 0:
        chunk = os.read(fd, left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def parse_text(raw: bytes, rel: str, kind: Kind, slug: str, municipality: str | None
               ) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Decode, split and parse one file's bytes (pure: no file system)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [error("not-utf8", Location(rel, line))]
    text = text.replace("\r\n", "\n").replace("\r", "\n")

    if kind is Kind.SITE:
        yaml_text, offset, body, body_line = text, 0, "", 1
    else:
        lines = text.split("\n")
        if not lines or not _FENCE.fullmatch(lines[0]):
            return None, [error("no-front-matter", Location(rel, 1, 1))]
        end = next((i for i in range(1, len(lines)) if _FENCE.fullmatch(lines[i])), None)
        if end is None:
            return None, [error("unclosed-front-matter", Location(rel, 1, 1))]
        yaml_text = "\n".join(lines[1:end]) + "\n"
        offset, body, body_line = 1, "\n".join(lines[end + 1:]), end + 2

    source = SourceFile(kind, rel, slug, municipality, {}, body, body_line, digest=digest(raw))
    typing_slips = _typing_slips(yaml_text, rel, offset)
    if typing_slips:  # YAML's own message for these would only confuse
        return None, typing_slips
    try:
        node = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        code, mark = _yaml_mistake(exc)
        line, col = (mark.line + 1 + offset, mark.column + 1) if mark else (1 + offset, 1)
        if code in ("yaml-indent", "yaml-syntax", "yaml-colon-in-value") and mark is not None:
            opened = _unclosed_quote(yaml_text, mark.line)  # the usual cause a few lines up
            if opened is not None:
                code, line, col = "yaml-unclosed-quote", opened[0] + 1 + offset, opened[1] + 1
        return None, [error(code, Location(rel, line, col), problem=exc.problem or exc.context or "?")]
    except yaml.YAMLError as exc:  # e.g. a control character libyaml refuses
        return None, [error("yaml-syntax", Location(rel, 1 + offset), problem=str(exc).splitlines()[0])]

    problems: list[Diagnostic] = []
    if node is None:
        data = {}
    elif not isinstance(node, yaml.MappingNode):
        mark = node.start_mark
        return None, [error("not-a-mapping", Location(rel, mark.line + 1 + offset, mark.column + 1))]
    else:
        try:
            data = _plain(node, (), source, offset, problems, _Budget())
        except _TooComplex:
            return None, [error("yaml-too-complex", Location(rel, 1 + offset))]
    source.data = data
    return source, problems


def _yaml_mistake(exc: yaml.MarkedYAMLError) -> tuple[str, yaml.Mark | None]:
    """The message for a YAML syntax error, and where its cause is: for an unclosed quote or
    bracket that is where it opened, not where the parser gave up."""
    problem, context = exc.problem or "", exc.context or ""
    if "quoted scalar" in context:
        return "yaml-unclosed-quote", exc.context_mark
    if "flow sequence" in context or "flow mapping" in context:
        return "yaml-unclosed-bracket", exc.context_mark
    if "mapping values are not allowed" in problem:
        return "yaml-colon-in-value", exc.problem_mark
    if "cannot start any token" in problem:
        return "yaml-bad-start", exc.problem_mark
    if "expected key" in problem or "'-' indicator" in problem or "expected ':'" in problem:
        return "yaml-indent", exc.problem_mark
    return "yaml-syntax", exc.problem_mark or exc.context_mark


def _unclosed_quote(text: str, last_line: int) -> tuple[int, int] | None:
    """(line, column), 0-based, of a double quote opened but not closed on its own line, before `last_line`."""
    for number, line in enumerate(text.split("\n")[: last_line + 1]):
        if line.lstrip().startswith("#"):
            continue
        value = line.split(": ", 1)[1] if ": " in line else line.lstrip("- ")
        if value.lstrip().startswith('"') and line.count('"') % 2 == 1:
            return number, line.index('"')
    return None


_INDENT = re.compile(r"[ \t\u3000]*")
_KEY_SLIP = re.compile(r"[ \t\u3000]*(?:- )?([A-Za-z_][A-Za-z0-9_]*)[ \t]*(：|:\u3000)")


def _typing_slips(text: str, rel: str, offset: int) -> list[Diagnostic]:
    """Slips of a Japanese keyboard that break YAML: tabs or full-width spaces in the indentation,
    a full-width colon after a key, a full-width space after the colon."""
    problems = []
    if "\t" not in text and "\u3000" not in text and "：" not in text:
        return problems
    for number, line in enumerate(text.split("\n"), start=1 + offset):
        indent = _INDENT.match(line).group()
        for col, char in enumerate(indent, start=1):
            if char in "\t\u3000":
                code = "tab-indent" if char == "\t" else "fullwidth-indent"
                problems.append(error(code, Location(rel, number, col)))
                break
        if m := _KEY_SLIP.match(line):
            code = "fullwidth-colon" if m[2] == "：" else "fullwidth-space-after-colon"
            problems.append(error(code, Location(rel, number, m.start(2) + 1), key=m[1]))
    return problems


class _TooComplex(Exception):
    """An alias that contains itself, or aliases that multiply a small file into a huge one."""


class _Budget:
    """How many values a front matter may expand to: far above any real entry, far below a
    'billion laughs' of nested aliases."""

    def __init__(self, limit: int = 20_000) -> None:
        self.left, self.open = limit, set()


def _plain(node: yaml.Node, where: Path_, source: SourceFile, offset: int, problems: list[Diagnostic],
           budget: _Budget):
    """A node as dicts, lists and strings, recording each value's line and column."""
    budget.left -= 1
    if budget.left < 0 or len(where) > 50:
        raise _TooComplex
    mark = node.start_mark
    source.value_marks[where] = (mark.line + 1 + offset, mark.column + 1)
    kind = type(node)
    if kind is yaml.ScalarNode:  # most values: tested first
        return None if not node.style and node.value in _NULLS else node.value  # plain `~`, `null`, nothing
    if id(node) in budget.open:
        raise _TooComplex
    budget.open.add(id(node))
    if kind is yaml.MappingNode:
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            key_mark = key_node.start_mark
            here = (key_mark.line + 1 + offset, key_mark.column + 1)
            if type(key_node) is not yaml.ScalarNode:
                problems.append(error("bad-key", Location(source.path, *here)))
                continue
            key = key_node.value
            if key in result:
                problems.append(error("duplicate-key", Location(source.path, *here), key=key,
                                      first=source.key_marks[(*where, key)][0]))
                continue
            source.key_marks[(*where, key)] = here
            result[key] = _plain(value_node, (*where, key), source, offset, problems, budget)
    else:
        result = [_plain(item, (*where, i), source, offset, problems, budget) for i, item in enumerate(node.value)]
    budget.open.discard(id(node))
    return result
