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

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from . import sources

Check = Callable[[Path, Path, sources.Kind, str, "str | None"], tuple[object | None, list]]
"""(root, path, kind, slug, municipality) → (result or None, problems): one file's check."""

_PACKAGE = Path(__file__).resolve().parent


def cache_root() -> Path:
    configured = os.environ.get("JOINTHIRE_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jointhire"


def code_fingerprint(*folders: Path) -> str:
    """A digest of jointhire's own code (plus `folders`, e.g. the templates) and the versions of
    the libraries whose output ends up in pages: any change to them invalidates cached results."""
    digest = hashlib.blake2b(digest_size=16)
    for name in ("pyyaml", "pydantic", "jinja2", "cmarkgfm", "nh3", "markupsafe"):
        try:
            digest.update(f"{name}={metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-;".encode())
    for folder in (_PACKAGE, *folders):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class FileCache:
    """Check results by file: `wrap(check)` gives a `check` that consults the cache first."""

    def __init__(self, source: Path, folder: Path | None = None) -> None:
        key = hashlib.blake2b(str(source.resolve()).encode(), digest_size=8).hexdigest()
        self.path = (folder or cache_root()) / f"files-{key}.pickle"
        self.version = code_fingerprint()
        self._old: dict[str, tuple] = self._read()
        self._new: dict[str, tuple] = {}
        self.reused = 0

    def _read(self) -> dict[str, tuple]:
        try:
            with open(self.path, "rb") as file:
                saved = pickle.load(file)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, TypeError):
            return {}
        if not isinstance(saved, dict) or saved.get("version") != self.version:
            return {}
        return saved.get("files", {})

    def wrap(self, check: Check) -> Check:
        def cached(root: Path, path: Path, kind, slug, municipality):
            rel = path.relative_to(root).as_posix()
            try:
                stat = path.lstat()
            except OSError:
                return check(root, path, kind, slug, municipality)
            stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_mode)
            old = self._old.get(rel)
            if old is not None and old[0] == stamp:
                self._new[rel] = old
                self.reused += 1
                return pickle.loads(old[2])
            digest = _digest(path) if stat.st_size <= sources.MAX_FILE_BYTES and path.is_file() else None
            if old is not None and digest is not None and old[1] == digest:
                self._new[rel] = (stamp, digest, old[2])
                self.reused += 1
                return pickle.loads(old[2])
            result = check(root, path, kind, slug, municipality)
            if digest is not None:
                self._new[rel] = (stamp, digest, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
            return result
        return cached

    @property
    def changed(self) -> bool:
        return self._new.keys() != self._old.keys() or any(
            self._old[rel][:2] != entry[:2] for rel, entry in self._new.items())

    def save(self) -> None:
        """Keep what this run saw (files that are gone drop out). Failing to save only costs speed."""
        if not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.path.parent, prefix=".files-", delete=False) as file:
                pickle.dump({"version": self.version, "files": self._new}, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(file.name, self.path)
        except OSError:
            pass


def _digest(path: Path) -> str | None:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None
