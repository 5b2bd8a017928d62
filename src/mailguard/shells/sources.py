"""Where a run's messages come from: files, directories, mbox files, Maildir folders, and the
dry-run transcript of awdeorio's mailmerge (``--dry-run --output-format raw``).

Listing yields small descriptors; the bytes are read only when a message is checked (in the
worker process), so a run of 100,000 messages never holds them all. Every read is capped at
``limits.max_input_bytes`` per message (``limit + 1`` bytes, then stop: an mbox entry or a
transcript slice by its known length, files and Maildir entries as regular files only), and
a transcript is scanned line by line, never read whole.
"""

from __future__ import annotations

import itertools
import mailbox
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from mailguard.errors import InputError
from mailguard.files import cannot_read, missing_file, not_regular, open_regular, too_large
from mailguard.findings import Reason, reason
from mailguard.readers import read_file

TRANSCRIPT_START = b">>> message "
_TRANSCRIPT_MARK = re.compile(rb"^>>> message (\d+)(?: sent)?\r?$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Source:
    """One message to read: a file, an mbox/Maildir key, or a slice of a transcript."""

    kind: str  # file, stdin, mbox, maildir, transcript, or skipped (why: why it was not read)
    path: str
    key: str = ""
    start: int = 0
    end: int = 0
    why: Reason | None = None

    @property
    def name(self) -> str:
        if self.kind in ("file", "stdin", "skipped"):
            return self.path
        if self.kind == "mbox":
            return f"{self.path}#{int(self.key) + 1}"
        return f"{self.path}#{self.key}"


def _is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def _mbox_keys(path: Path) -> Iterator[Source]:
    for key, (start, stop) in enumerate(mbox_spans(path)):
        yield Source("mbox", str(path), str(key), start, stop)


def mbox_spans(path: Path) -> Iterator[tuple[int, int]]:
    """(start, stop) of each message of an mbox file, as :class:`mailbox.mbox` finds them (a
    ``From `` line starts one; the blank line before the next is not part of it), read line by
    line in bounded pieces: ``mailbox`` reads whole lines, so one 400 MB line would cost
    400 MB before any limit could say no."""
    start: int | None = None
    position = 0
    at_line_start = True
    last_was_empty = False
    with open_regular(path, "mbox") as handle:
        while piece := handle.readline(_MARK_PIECE):
            here, position = position, position + len(piece)
            if at_line_start and piece.startswith(b"From "):
                if start is not None:
                    yield start, here - 1 if last_was_empty else here
                start, last_was_empty = here, False
            elif at_line_start:
                last_was_empty = piece == b"\n"
            at_line_start = piece.endswith(b"\n")
    if start is not None:
        yield start, position - 1 if last_was_empty else position


# A mark is a short line: reading a transcript in pieces of this size finds every one.
_MARK_PIECE = 4096
_MARK_LINE = re.compile(rb">>> message (\d+)( sent)?\r?")


def transcript_file_spans(path: Path) -> Iterator[tuple[str, int, int]]:
    """:func:`transcript_spans` of a file, read line by line in bounded pieces (a transcript
    of a whole run may be far larger than one message, and is never held whole)."""
    opening: tuple[str, int] | None = None  # (number, where its message starts)
    position = 0
    at_line_start = True
    with open_regular(path, "transcript") as handle:
        while piece := handle.readline(_MARK_PIECE):
            start, position = position, position + len(piece)
            whole = piece.endswith(b"\n")
            mark = (
                _MARK_LINE.fullmatch(piece.rstrip(b"\n"))
                if at_line_start and (whole or len(piece) < _MARK_PIECE)
                else None
            )
            at_line_start = whole
            if mark is None:
                continue
            if mark.group(2) and opening is not None:
                yield opening[0], opening[1], start
                opening = None
            elif not mark.group(2):
                opening = (mark.group(1).decode(), position)


def transcript_spans(data: bytes) -> list[tuple[str, int, int]]:
    """(number, start, end) of each message in mailmerge's dry-run transcript, which prints
    ``>>> message N``, the raw message, then ``>>> message N sent``."""
    marks = list(_TRANSCRIPT_MARK.finditer(data))
    return [
        (opening.group(1).decode(), opening.end() + 1, closing.start())
        for opening, closing in itertools.pairwise(marks)
        if closing.group(0).rstrip().endswith(b"sent") and not opening.group(0).rstrip().endswith(b"sent")
    ]


# Files that desktops leave in folders (Windows Explorer, macOS Finder): never messages.
JUNK_FILES = frozenset({"desktop.ini", "thumbs.db", ".ds_store"})


@dataclass(frozen=True)
class Skip:
    """Files a listing passes over: the run's own outputs (its manifest), found by path."""

    paths: frozenset[str] = frozenset()

    @classmethod
    def of(cls, *paths: str | os.PathLike[str] | None) -> Skip:
        return cls(frozenset(os.path.realpath(p) for p in paths if p))

    def __contains__(self, path: str) -> bool:
        # Cheap first: a name comparison, the real path only when a name matches.
        name = os.path.basename(path)
        if name.lower() in JUNK_FILES:
            return True
        return any(os.path.basename(p) == name for p in self.paths) and os.path.realpath(path) in self.paths


def _walk(root: str, skip: Skip = Skip()) -> Iterator[Source]:
    """Files below ``root`` in sorted order, one directory's names in memory at a time.

    Only the names are kept (a run of 100,000 files in one directory would otherwise hold as
    many ``DirEntry`` objects, a third of the run's memory); each is tested when its turn
    comes. Inside a directory every regular file is one message (read by its magic bytes like
    any other); mbox files and mailmerge transcripts are recognised when named on the command
    line. Hidden names and links to directories are passed over by design (as ``os.walk``: a
    link back up the tree must not loop); every other entry that is not read (a FIFO, device,
    socket, a link to nothing, a directory that cannot be listed) is a ``skipped`` source,
    which the run reports as an error: never a shorter run that looks complete.
    """
    try:
        names = sorted(name for name in os.listdir(root) if not name.startswith("."))
    except OSError as exc:
        yield Source("skipped", root, why=reason("error.source.cannot_list", detail=exc.strerror or type(exc).__name__))
        return
    for name in names:
        path = os.path.join(root, name)
        try:
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                mode = os.stat(path).st_mode
                if stat.S_ISDIR(mode):
                    continue
        except FileNotFoundError:
            yield Source("skipped", path, why=reason("error.file.dangling_link"))
            continue
        except OSError as exc:
            yield Source("skipped", path, why=cannot_read(exc))
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path, skip)
        elif stat.S_ISREG(mode):
            if path in skip:
                continue
            yield Source("file", path)
        else:
            yield Source("skipped", path, why=not_regular(mode))


def _maildir(path: Path) -> Iterator[Source]:
    """A Maildir's messages; an entry in new/ or cur/ that is not a regular file is skipped
    and reported (a FIFO there would otherwise hang the run)."""
    box = mailbox.Maildir(str(path), factory=None, create=False)
    locate = getattr(box, "_lookup", None)
    for key in sorted(box.iterkeys()):
        mode = stat.S_IFREG
        if locate is not None:
            try:
                mode = os.lstat(os.path.join(str(path), locate(key))).st_mode
            except OSError:
                mode = 0
        if stat.S_ISREG(mode):
            yield Source("maildir", str(path), key)
        else:
            yield Source("skipped", f"{path}#{key}", why=not_regular(mode))


def list_sources(paths: list[str], skip: Skip = Skip()) -> Iterator[Source]:
    """Expand the command line into messages, in a stable order (sorted within directories).

    ``skip`` holds the run's own outputs (its manifest); desktop junk files (desktop.ini,
    Thumbs.db, .DS_Store) and dot files inside directories are never messages either."""
    for given in paths:
        path = Path(given)
        if given != "-" and given in skip:
            continue
        if given == "-":
            yield Source("stdin", "-")
        elif path.is_dir():
            if _is_maildir(path):
                yield from _maildir(path)
            else:
                yield from _walk(str(path), skip)
        elif path.is_file():
            try:
                with path.open("rb") as handle:
                    head = handle.read(64)
            except OSError:
                head = b""  # reading it reports why
            if head.startswith(b"From "):
                yield from _mbox_keys(path)
            elif head.startswith(TRANSCRIPT_START):
                for number, start, end in transcript_file_spans(path):
                    yield Source("transcript", str(path), number, start, end)
            else:
                yield Source("file", str(path))
        else:
            yield Source("file", str(path))  # reading it reports "no such file"


@lru_cache(maxsize=8)
def _open_maildir(path: str) -> mailbox.Maildir:
    return mailbox.Maildir(path, factory=None, create=False)


def read_source(source: Source, limit: int) -> bytes:
    """The bytes of one message, at most ``limit``; InputError when they cannot be read."""
    if source.kind == "skipped":
        raise InputError(source.name, source.why or source.key)
    try:
        if source.kind == "mbox":
            return _mbox_message(source, limit)
        if source.kind == "maildir":
            box: Any = _open_maildir(source.path)
            return read_file(os.path.join(source.path, box._lookup(source.key)), limit)
        if source.kind == "transcript":
            if source.end - source.start > limit:  # its length is known: refused before reading
                raise InputError(source.name, too_large(limit))
            with open_regular(source.path, "transcript") as handle:
                handle.seek(source.start)
                return handle.read(source.end - source.start)
        return read_file(source.path, limit)
    except FileNotFoundError as exc:
        raise InputError(source.name, missing_file()) from exc
    except (OSError, KeyError) as exc:
        raise InputError(source.name, reason("error.source.unreadable", detail=type(exc).__name__)) from exc


def _mbox_message(source: Source, limit: int) -> bytes:
    """One mbox entry without its ``From `` line (as ``mailbox.mbox.get_bytes`` gives it),
    refused by its length before it is read."""
    if source.end - source.start > limit:
        raise InputError(source.name, too_large(limit))
    with open_regular(source.path, "mbox") as handle:
        handle.seek(source.start)
        handle.readline(limit + 1)  # the From line, within the span
        return handle.read(max(0, source.end - handle.tell()))


def split_transcript(data: bytes, name: str) -> list[tuple[str, bytes]]:
    """Messages of a transcript given on stdin."""
    return [(f"{name}#{number}", data[start:end]) for number, start, end in transcript_spans(data)]
