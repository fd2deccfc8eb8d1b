"""Start Oxigraph's server fenced in: it dies with ``kg serve``, and cannot open connections.

``kg serve`` starts the ``oxigraph`` binary through this module (``python -m kg.web.fence
--parent PID [--no-connect] -- oxigraph serve …``), which sets two things that survive ``exec``
and then becomes the server:

- **It dies with its parent.** ``PR_SET_PDEATHSIG`` (Linux) sends it SIGKILL when the thread that
  started it ends, so a ``kg serve`` killed with SIGKILL leaves no Oxigraph behind holding the
  store's lock. (That thread is :class:`kg.web.oxigraph.Server`'s supervisor, which lives as long as the
  server.) If the parent is already gone when the fence runs, it exits instead.
- **It cannot connect anywhere** (``--no-connect``, used unless ``kg serve --allow-service``):
  Landlock (Linux 6.7 and later, ABI 4) denies the process every outgoing TCP connection, so a
  ``SERVICE`` clause or a ``LOAD`` that got past :mod:`kg.web.guard` still reaches nothing. It
  only listens, which stays allowed. Where the kernel has no Landlock network rules the fence says
  so on its first line of output and the guard alone stands.

Oxigraph also gets a larger stack for its threads (``RUST_MIN_STACK``, :data:`THREAD_STACK`): with
the guard's nesting limit it keeps every query the guard lets through far from a stack overflow.

The first line of output is ``kg-fence: …`` saying what was set, for ``kg serve`` to report.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys

THREAD_STACK = 256 * 1024 * 1024  # bytes of stack per Oxigraph thread (reserved, touched only when used)

_PR_SET_PDEATHSIG = 1
_PR_SET_NO_NEW_PRIVS = 38
_SYS_CREATE_RULESET, _SYS_RESTRICT_SELF = 444, 446  # the same numbers on every Linux architecture
_CREATE_RULESET_VERSION = 1
_ACCESS_NET_CONNECT_TCP = 1 << 1
_FIRST_NET_ABI = 4


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64)]


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def die_with_parent(parent: int) -> None:
    """SIGKILL when the parent thread ends; exit now if the parent is already gone."""
    if sys.platform.startswith("linux"):
        if _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # the parent died before the signal was armed
        sys.exit(1)


def landlock_abi() -> int:
    """The kernel's Landlock ABI version; 0 where there is none."""
    if not sys.platform.startswith("linux"):
        return 0
    libc = _libc()
    version = libc.syscall(_SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(_CREATE_RULESET_VERSION))
    return max(version, 0)


def deny_connections() -> str:
    """Forbid this process (and what it execs) every outgoing TCP connection. Returns what was
    done, for the fence's first line."""
    abi = landlock_abi()
    if abi < _FIRST_NET_ABI:
        return (f"outgoing connections NOT fenced: this kernel has no Landlock network rules "
                f"(ABI {abi}, needs {_FIRST_NET_ABI}); kg serve's guard alone refuses SERVICE and LOAD")
    libc = _libc()
    attr = _RulesetAttr(handled_access_fs=0, handled_access_net=_ACCESS_NET_CONNECT_TCP)
    ruleset = libc.syscall(_SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)),
                           ctypes.c_uint32(0))
    if ruleset < 0:
        return f"outgoing connections NOT fenced: Landlock refused the rules ({os.strerror(ctypes.get_errno())})"
    try:
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or \
                libc.syscall(_SYS_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            return f"outgoing connections NOT fenced: {os.strerror(ctypes.get_errno())}"
    finally:
        os.close(ruleset)
    return f"outgoing TCP connections refused (Landlock ABI {abi})"


def main(argv: list[str]) -> None:
    if "--" not in argv or "--parent" not in argv:
        sys.exit("usage: python -m kg.web.fence --parent PID [--no-connect] -- COMMAND [ARG...]")
    split = argv.index("--")
    options, command = argv[:split], argv[split + 1:]
    parent = int(options[options.index("--parent") + 1])
    die_with_parent(parent)
    said = ["dies with kg serve"]
    if "--no-connect" in options:
        said.append(deny_connections())
    else:
        said.append("outgoing connections allowed (--allow-service)")
    print("kg-fence: " + "; ".join(said), flush=True)
    env = dict(os.environ)
    env.setdefault("RUST_MIN_STACK", str(THREAD_STACK))
    os.execve(command[0], command, env)


if __name__ == "__main__":
    main(sys.argv[1:])
