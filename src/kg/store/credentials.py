"""The credentials kg sends to a SPARQL server, and where it finds them.

Never from arguments (they would show in ``ps`` and shell histories): ``KG_ENDPOINT_TOKEN`` (sent
as ``Authorization: Bearer …``), else ``KG_ENDPOINT_USER`` and ``KG_ENDPOINT_PASSWORD`` (HTTP
basic), else the netrc entry for the URL's host (``$NETRC`` or ``~/.netrc``).
"""
from __future__ import annotations

import base64
import netrc
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from kg.store.remote_errors import RemoteError

TOKEN_ENV = "KG_ENDPOINT_TOKEN"
USER_ENV = "KG_ENDPOINT_USER"
PASSWORD_ENV = "KG_ENDPOINT_PASSWORD"
NETRC_ENV = "NETRC"


@dataclass(frozen=True)
class Credentials:
    """What is sent in the ``Authorization`` header, and where it was found."""

    scheme: str  # "basic" or "bearer"
    source: str
    user: str = ""
    password: str = field(default="", repr=False)
    token: str = field(default="", repr=False)

    def header(self) -> str:
        if self.scheme == "bearer":
            return f"Bearer {self.token}"
        pair = f"{self.user}:{self.password}".encode("utf-8")
        return "Basic " + base64.b64encode(pair).decode("ascii")


def credentials_for(url: str, environ: Mapping[str, str] | None = None) -> Credentials | None:
    """The credentials to send to ``url``: from the environment, else from netrc, else None.

    ``KG_ENDPOINT_TOKEN`` wins over ``KG_ENDPOINT_USER``/``KG_ENDPOINT_PASSWORD``; netrc is looked
    up by the URL's host name (``$NETRC``, else ``~/.netrc``; a missing file is no error)."""
    env = os.environ if environ is None else environ
    if env.get(TOKEN_ENV):
        return Credentials("bearer", TOKEN_ENV, token=env[TOKEN_ENV])
    if env.get(USER_ENV):
        if PASSWORD_ENV not in env:
            raise RemoteError(f"{USER_ENV} is set but {PASSWORD_ENV} is not: set both for HTTP basic "
                              f"authentication", kind="auth")
        return Credentials("basic", f"{USER_ENV}/{PASSWORD_ENV}", user=env[USER_ENV],
                           password=env[PASSWORD_ENV])
    host = urlsplit(url).hostname
    path = Path(env[NETRC_ENV]).expanduser() if env.get(NETRC_ENV) else Path("~/.netrc").expanduser()
    if not host or not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except (netrc.NetrcParseError, OSError) as exc:
        raise RemoteError(f"{path}: cannot read the netrc file: {exc}", kind="auth") from exc
    if entry is None:
        return None
    login, _account, password = entry
    return Credentials("basic", f"netrc ({path}, machine {host})", user=login or "", password=password or "")


def credential_hint(url: str, credentials: Credentials | None) -> str:
    """What a refused request's message says of credentials: whether any were sent, and where kg
    reads them from."""
    host = urlsplit(url).hostname or "the host"
    sent = (f"sent credentials from {credentials.source}" if credentials else "no credentials were sent")
    return (f"{sent}; kg reads them only from {TOKEN_ENV} (bearer), {USER_ENV}/{PASSWORD_ENV} "
            f"(basic) or a netrc entry for {host} (${NETRC_ENV} or ~/.netrc)")
