"""Cache: each content file's check result, kept between runs and reused while its bytes stay the same.

Parsing YAML and validating it is most of `check` (about 6 of 7 s for the 19,000 files of a
national site). A file whose size, modification time and inode are unchanged is not even read
again; one whose stat changed is read and hashed, and parsed only if its bytes differ.

The cache lives outside the content and the output, under `$JOINTHIRE_CACHE_DIR` (default
`~/.cache/jointhire`), one file per content folder. It is only a shortcut: deleting it, or a
different version of jointhire, just means one full check. Every cached result also depends on
the code that made it, so the code's fingerprint is part of the key.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import tempfile
from importlib import metadata
from pathlib import Path

from . import sources

_PACKAGE = Path(__file__).resolve().parent


def cache_root() -> Path:
    configured = os.environ.get("JOINTHIRE_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jointhire"


def code_fingerprint(*folders: Path) -> str:
    """A digest of jointhire's own code (plus `folders`, e.g. the templates, read each time) and
    the versions of the libraries whose output ends up in pages: any change to them invalidates
    cached results."""
    digest = hashlib.blake2b(_running_code().encode(), digest_size=16)
    for folder in folders:
        _add_files(digest, folder)
    return digest.hexdigest()


@functools.cache
def _running_code() -> str:
    """Once per process: the code that runs cannot change under it (`serve` builds for hours)."""
    digest = hashlib.blake2b(digest_size=16)
    for name in ("pyyaml", "pydantic", "jinja2", "cmarkgfm", "nh3", "markupsafe"):
        try:
            digest.update(f"{name}={metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-;".encode())
    _add_files(digest, _PACKAGE)
    return digest.hexdigest()


def _add_files(digest, folder: Path) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def write_pickle(path: Path, value: object) -> None:
    """Replace `path` with `value` pickled, in one step: a reader sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.stem}-", delete=False) as file:
        try:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            os.unlink(file.name)
            raise
    os.replace(file.name, path)


class FileCache:
    """Check results by file: `lookup` before checking a file, `store` after.
    One object can serve many runs (`serve` keeps one): results stay unpickled between them."""

    def __init__(self, source: Path, folder: Path | None = None) -> None:
        key = hashlib.blake2b(str(source.resolve()).encode(), digest_size=8).hexdigest()
        self.path = (folder or cache_root()) / f"files-{key}.pickle"
        self.version = code_fingerprint()
        self._entries: dict[str, tuple] = self._read()
        """rel → (stat stamp, digest of the bytes, pickled result)."""
        self._loaded: dict[str, tuple] = {}
        """rel → (stat stamp, result), unpickled."""
        self._seen: set[str] = set()
        self._pending: dict[str, tuple | None] = {}
        """rel → stat stamp of files `lookup` did not find, for `store` (None: not to be kept)."""
        self._changed = False

    def _read(self) -> dict[str, tuple]:
        try:
            with open(self.path, "rb") as file:
                saved = pickle.load(file)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, TypeError):
            return {}
        if not isinstance(saved, dict) or saved.get("version") != self.version:
            return {}
        return saved.get("files", {})

    def lookup(self, root: Path, path: Path | str, stat: os.stat_result | None = None) -> tuple[bool, object]:
        """(True, result) when the file is unchanged since its result was stored; otherwise
        (False, None), and `store` is to be called with the new result. `stat`: the file's
        `os.lstat`, if the caller just took it."""
        rel = sources.relative(root, path)
        self._seen.add(rel)
        try:
            stat = stat or os.lstat(path)
        except OSError:
            self._pending[rel] = None
            return False, None
        stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_mode)
        entry = self._entries.get(rel)
        if entry is not None and entry[0] == stamp:
            return True, self._result(rel, entry)
        self._changed = True
        cacheable = stat.st_size <= sources.MAX_FILE_BYTES and os.path.isfile(path)
        if entry is not None and cacheable:  # touched but perhaps unchanged (a git checkout, a save without edits)
            digest = _digest(path)
            if digest == entry[1]:
                self._entries[rel] = entry = (stamp, digest, entry[2])
                return True, self._result(rel, entry)
        self._pending[rel] = stamp if cacheable else None
        return False, None

    def store(self, root: Path, path: Path | str, result: object, pickled: bytes | None = None,
              digest: str | None = None) -> None:
        """Keep `result` (given pickled too when it came from another process) for `lookup`;
        `digest` is the hash of the file's bytes if the caller has it (else the file is read again)."""
        rel = sources.relative(root, path)
        stamp = self._pending.pop(rel, None)
        digest = digest or (_digest(path) if stamp is not None else None)
        if stamp is None or digest is None:  # unreadable, a folder, too large: nothing to keep
            self._entries.pop(rel, None)
            return
        self._entries[rel] = (stamp, digest, pickled or pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        self._loaded[rel] = (stamp, result)

    def _result(self, rel: str, entry: tuple):
        loaded = self._loaded.get(rel)
        if loaded is None or loaded[0] != entry[0]:
            loaded = self._loaded[rel] = (entry[0], pickle.loads(entry[2]))
        return loaded[1]

    def end_run(self) -> None:
        """Forget the files this run did not see (they are gone)."""
        gone = self._entries.keys() - self._seen
        for rel in gone:
            del self._entries[rel]
            self._loaded.pop(rel, None)
        self._changed, self._seen = self._changed or bool(gone), set()

    def save(self) -> None:
        """Write the cache to disk if it changed. Failing to save only costs speed."""
        if not self._changed:
            return
        self._changed = False
        with contextlib.suppress(OSError):
            write_pickle(self.path, {"version": self.version, "files": self._entries})


def _digest(path: Path | str) -> str | None:
    try:
        with open(path, "rb") as file:
            return sources.digest(file.read())
    except OSError:
        return None
