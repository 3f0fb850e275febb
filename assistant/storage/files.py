"""Durable file writes and locks, for the index folder and the corpus alike.

Everything that must survive a crash or a power cut goes through here:
`write_durable` (write, flush, fsync), `create_exclusive` (a temporary file
hard-linked to its final name, never replacing one), `fsync_dir` after a
rename, and `exclusive_lock` (flock) so that two writers take turns.
An `OSError` from a full disk or a read-only folder becomes `StorageError`
with a Swedish message (`storage_error`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from ..errors import StorageError

# the file system has no room: full disk, quota, or a file size limit
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
# the folder cannot be written at all
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def storage_error(err: OSError, folder: Path, what: str, flag: str = "--index") -> StorageError:
    """The Swedish one-line explanation of a failed write of `what` in `folder`;
    `flag` names the option that chooses another folder."""
    if err.errno in _FULL:
        return StorageError(f"Disken är full: {what} kunde inte skrivas i {folder}. "
                            "Frigör utrymme och försök igen.")
    if err.errno in _READ_ONLY:
        return StorageError(f"Mappen {folder} är skrivskyddad: {what} kunde inte skrivas. "
                            f"Ge skrivrätt till mappen eller ange en annan med {flag}.")
    return StorageError(f"{what} kunde inte skrivas i {folder} ({err.strerror or err}).")


def is_storage_failure(err: OSError) -> bool:
    """A full disk or a read-only folder (not a bug or a missing file)."""
    return err.errno in _FULL | _READ_ONLY


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_durable(path: Path, data: bytes, exclusive: bool = False) -> None:
    """Write `data` to `path` and fsync it. `exclusive`: fail if it exists."""
    with path.open("xb" if exclusive else "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


@contextlib.contextmanager
def durable_open(path: Path) -> Iterator:
    """A binary file for writing that is fsynced when the block ends."""
    with path.open("wb") as fh:
        yield fh
        fh.flush()
        os.fsync(fh.fileno())


def fsync_file(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def fsync_dir(path: Path) -> None:
    """Make renames and new names in `path` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_durable(path: Path, data: bytes) -> None:
    """Replace `path` atomically with `data`: readers see the old or the new bytes."""
    tmp = path.parent / f".{path.name}.tmp"
    try:
        write_durable(tmp, data)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):  # the write's own error is the one to report
            tmp.unlink(missing_ok=True)
    fsync_dir(path.parent)


def create_exclusive(target: Path, data: bytes) -> None:
    """Create `target` with `data`, atomically, never replacing an existing file.

    A reader sees no file or the whole file; raises FileExistsError if the
    name is taken.
    """
    # this process and thread alone use the name: one left by a dead process is overwritten
    tmp = target.parent / f".{target.name}.{os.getpid()}-{threading.get_ident()}.tmp"
    try:  # every way out removes the temporary file: a full disk leaves none behind
        write_durable(tmp, data)
        try:
            os.link(tmp, target)  # fails with FileExistsError instead of overwriting
        except FileExistsError:
            raise
        except OSError as err:
            if is_storage_failure(err):
                raise
            # file systems without hard links
            if target.exists():
                raise FileExistsError(target) from None
            os.replace(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    fsync_dir(target.parent)


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive flock on `path` (a folder, or a lock file created if
    missing) while the block runs; another process waits for its turn. The
    lock is released when the process dies, so a killed writer blocks no one.
    Raises OSError if a lock file cannot be created (read-only folder)."""
    if path.is_dir():
        fd = os.open(path, os.O_RDONLY)  # a folder's lock touches no file in it
    else:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextlib.contextmanager
def lock_if_free(folder: Path) -> Iterator[bool]:
    """`exclusive_lock` on a folder without waiting: yields True holding the
    lock, or False at once when another writer holds it."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def check_writable(folder: Path, what: str, flag: str = "--index") -> None:
    """Raise StorageError unless files can be created in `folder` (made if
    missing). Creates no file: a writer killed right after leaves nothing."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK):  # also false on a read-only mount, even for root
            raise PermissionError(errno.EACCES, "not writable", str(folder))
    except OSError as err:
        raise storage_error(err, folder, what, flag) from None
