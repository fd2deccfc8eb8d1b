"""Inflating gzip data in bounded steps, never whole: a gzip bomb meets a limit, not the memory.

``Inflater`` takes compressed bytes as they are read and gives back at most ``step`` bytes of
output at a time; it counts what went in and what came out and raises ``Expansion`` when the
output passes ``kg.limits``' ``max_decompressed_bytes`` (counted from the last ``restart``: one
file, or one web-archive record) or, past 16 MiB, expands more than ``max_expansion_ratio``
times the compressed bytes read. Members follow one another as in ``gzip -c a b``; a stream cut
off inside a member is told by ``in_member`` at the end of the input.
"""
from __future__ import annotations

import zlib

from kg import limits
from kg.errors import InputError

STEP = 1 << 20  # output bytes per inflate call


class Expansion(Exception):
    """The data expands beyond a limit: ``message`` says which (for an InputError)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Corrupt(Exception):
    """The gzip data is not valid (a bad header, a bad checksum, deflate garbage)."""


class Inflater:
    def __init__(self, what: str = "the gzip data"):
        self.what = what
        lim = limits.current()
        self.cap = lim.max_decompressed_bytes
        self.ratio = lim.max_expansion_ratio
        self.zobj = None
        self.pending = b""  # compressed bytes not inflated yet
        self.in_member = False
        self.full = False  # the last inflate call filled its output
        self.compressed = 0  # bytes fed in
        self.total_out = 0  # bytes given out, all told
        self.out = 0  # bytes given out since the last restart

    def restart(self) -> None:
        """Count ``max_decompressed_bytes`` afresh (a new record)."""
        self.out = 0

    def feed(self, data: bytes) -> None:
        self.compressed += len(data)
        self.pending = self.pending + data if self.pending else data

    @property
    def hungry(self) -> bool:
        """Nothing left to inflate until more compressed data is fed."""
        return not self.pending

    def step(self, size: int = STEP) -> bytes:
        """Up to ``size`` bytes of output from what was fed (b"" when it needs more input)."""
        while True:
            if self.pending:
                if not self.in_member:
                    if not self.pending.strip(b"\x00"):  # zero padding after the last member
                        self.pending = b""
                        return b""
                    self.zobj = zlib.decompressobj(wbits=31)
                    self.in_member = True
                data = self.pending
            elif self.in_member and self.full:
                data = b""  # the last call filled its output: zlib may owe more from input it took
            else:
                return b""
            try:
                out = self.zobj.decompress(data, size)
            except zlib.error as exc:
                raise Corrupt(str(exc)) from exc
            self.full = len(out) >= size
            if self.zobj.eof:
                self.pending = self.zobj.unused_data
                self.in_member = False
            else:
                self.pending = self.zobj.unconsumed_tail
            if out:
                self._count(len(out))
                return out
            if not data:
                return b""

    def _count(self, n: int) -> None:
        self.out += n
        self.total_out += n
        consumed = max(self.compressed - len(self.pending), 1)
        if self.total_out > limits.RATIO_FLOOR and self.total_out > self.ratio * consumed:
            raise Expansion(limits.exceeded(
                "max_expansion_ratio", f"{self.what} expands more than {self.ratio:,} times ({consumed:,} "
                f"compressed bytes gave {self.total_out:,}): a decompression bomb?", self.ratio, "x"))
        if self.out > self.cap:
            raise Expansion(limits.exceeded("max_decompressed_bytes",
                                            f"{self.what} expands past the size limit", self.cap))


def gunzip(data: bytes, where: str) -> bytes:
    """The content of gzip ``data`` (one file already read), inflated in bounded steps;
    InputError naming ``where`` for a truncated or corrupt file or one that expands past a limit."""
    inflater = Inflater("the gzip data")
    if data[:2] != b"\x1f\x8b":
        raise InputError(where, "is not a readable gzip file (it does not start with the gzip magic bytes)")
    inflater.feed(data)
    parts: list[bytes] = []
    try:
        while True:
            out = inflater.step()
            if not out:
                break
            parts.append(out)
    except Expansion as exc:
        raise InputError(where, exc.message) from None
    except Corrupt as exc:
        raise InputError(where, f"is not a readable gzip file (its data is corrupt: {exc})") from None
    if inflater.in_member:
        raise InputError(where, "the gzip file is truncated (it ends before its end-of-stream marker)")
    return b"".join(parts)
