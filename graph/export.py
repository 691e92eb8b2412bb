"""Writing an output file so that a failure never leaves half of it behind, and only where
plankg may write (the RDF syntaxes themselves are listed in ``graph/formats.py``)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from plankg.errors import PlankgError

OUTPUT_RECORD = "outputs.json"  # in a store folder: the files its commands wrote, as they left them


def check_output_path(
    path: Path, store_root: Path | None = None, inputs: Sequence[Path] = (), force: bool = False
) -> None:
    """Refuse an output that is not (or would not be) a regular file of its own: a folder, a
    device, a FIFO, a symbolic link, anything inside the store, one of the command's ``inputs``
    (other outputs included), or an existing file that plankg did not write for this store
    (unless ``force``). Called before any work."""
    for given in inputs:
        if path.exists() and given.exists() and os.path.samefile(path, given) or path.resolve() == given.resolve():
            raise PlankgError(
                f"{path}: is also {given}, an input or another output of this command; write the output elsewhere"
            )
    if path.is_symlink():
        raise PlankgError(f"{path}: is a symbolic link; give the path of a regular file to write")
    if path.exists() and not path.is_file():
        kind = "a folder" if path.is_dir() else "not a regular file (a device, FIFO or socket)"
        raise PlankgError(f"{path}: is {kind}; give the path of a regular file to write")
    if store_root is not None:
        resolved, root = path.resolve(), store_root.resolve()
        if resolved == root or root in resolved.parents:
            raise PlankgError(f"{path}: is inside the store {store_root}; write the output elsewhere")
    if path.is_file() and not force and not written_by(store_root, path):
        raise PlankgError(f"{path}: exists and was not written by plankg for this store; --force replaces it")
    parent = path.parent if str(path.parent) else Path(".")
    for folder in [parent, *parent.parents]:
        if folder.exists():
            if not folder.is_dir():
                raise PlankgError(f"{path}: {folder} is not a folder")
            if not os.access(folder, os.W_OK):
                raise PlankgError(f"{path}: cannot write in {folder} (permission denied)")
            break


def _record(store_root: Path) -> dict[str, list[int]]:
    try:
        record = json.loads((store_root / OUTPUT_RECORD).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def written_by(store_root: Path | None, path: Path) -> bool:
    """Whether a command on the store in ``store_root`` wrote ``path``, unchanged since."""
    if store_root is None:
        return False
    seen = _record(store_root).get(str(path.resolve()))
    info = path.stat()
    return seen == [info.st_size, info.st_mtime_ns]


def record_output(store_root: Path | None, path: Path) -> None:
    """Remember that a command on this store wrote ``path`` as it now is (its size and time)."""
    from plankg.graph.store import write_json_atomically

    if store_root is None or not (store_root / "plankg-store.json").is_file():
        return
    record = {name: seen for name, seen in _record(store_root).items() if os.path.exists(name)}
    info = path.stat()
    record[str(path.resolve())] = [info.st_size, info.st_mtime_ns]
    try:
        write_json_atomically(store_root / OUTPUT_RECORD, record)
    except OSError:  # a read-only store: the output stands, a later command asks for --force
        pass


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; it replaces ``path`` only if the block succeeds."""
    temp = temporary_beside(path)
    try:
        yield temp
        put_in_place(temp, path)
    finally:
        if temp.exists():
            temp.unlink()


def put_in_place(temp: Path, path: Path) -> None:
    """Replace ``path`` with the finished ``temp``: by one atomic rename, the replaced file's
    mode (and owner, where allowed) kept. A file with other hard links is rewritten in place
    instead, so that every name of it sees the new content (not atomic: the one way to keep them)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        os.replace(temp, path)
        return
    if info.st_nlink > 1:
        with open(temp, "rb") as source, open(path, "r+b") as target:
            target.truncate(0)
            shutil.copyfileobj(source, target, 1 << 20)
            target.flush()
            os.fsync(target.fileno())
        temp.unlink()
        return
    os.chmod(temp, stat.S_IMODE(info.st_mode))
    with contextlib.suppress(OSError):
        os.chown(temp, info.st_uid, info.st_gid)
    os.replace(temp, path)


def temporary_beside(path: Path) -> Path:
    """An empty file in ``path``'s folder (so that a rename onto ``path`` is atomic), with the
    permissions a new file gets."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temp, 0o666 & ~umask)
    return Path(temp)
