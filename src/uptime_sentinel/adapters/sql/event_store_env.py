"""The eventsourcing environment (persistence module, database, cipher) for a database URL."""

from __future__ import annotations

import binascii
from base64 import b64decode

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

MYSQL_PERSISTENCE_MODULE = "uptime_sentinel.adapters.sql.mysql_event_store"
SQLITE_LOCK_TIMEOUT_SECONDS = 10
# Uses the `cryptography` package; eventsourcing.cipher:AESCipher needs pycryptodome instead.
CIPHER_TOPIC = "eventsourcing.cryptography:AESCipher"
COMPRESSOR_TOPIC = "eventsourcing.compressor:ZlibCompressor"


def event_store_env(database_url: str, cipher_key: str | None) -> dict[str, str]:
    """Env for ``Application(env=...)``: ``sqlite:///path`` or ``mysql+pymysql://...``.

    With a cipher key (base64 of 16, 24 or 32 bytes, see ``AESCipher.create_key``) event
    states are zlib-compressed then AES-GCM encrypted. Changing the key, or turning the
    cipher on or off, makes the events already stored unreadable.
    """
    try:
        url = make_url(database_url)
    except ArgumentError as e:
        raise ValueError("unparseable database URL") from e
    backend, driver = url.get_backend_name(), url.get_driver_name()
    env: dict[str, str]
    if backend == "sqlite":
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": url.database or ":memory:",
            "SQLITE_LOCK_TIMEOUT": str(SQLITE_LOCK_TIMEOUT_SECONDS),
        }
    elif backend in ("mysql", "mariadb") and (driver == "pymysql" or "+" not in url.drivername):
        # A bare mysql:// URL means mysqlclient to SQLAlchemy: we ship PyMySQL.
        url = url.set(drivername=f"{backend}+pymysql")
        env = {
            "PERSISTENCE_MODULE": MYSQL_PERSISTENCE_MODULE,
            "SQLALCHEMY_URL": url.render_as_string(hide_password=False),
        }
    else:
        raise ValueError(f"unsupported event store database: {backend}+{driver}")
    if cipher_key:
        _check_cipher_key(cipher_key)
        env |= {
            "CIPHER_TOPIC": CIPHER_TOPIC,
            "CIPHER_KEY": cipher_key,
            "COMPRESSOR_TOPIC": COMPRESSOR_TOPIC,  # compress before encrypting
        }
    return env


def _check_cipher_key(cipher_key: str) -> None:
    try:
        size = len(b64decode(cipher_key, validate=True))
    except (binascii.Error, ValueError) as e:
        raise ValueError("cipher key is not valid base64") from e
    if size not in (16, 24, 32):
        raise ValueError(f"cipher key must decode to 16, 24 or 32 bytes, not {size}")
