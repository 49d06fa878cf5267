"""The embedded runtime's cipher key, when none is configured: a random key in a file of
the data directory, readable by its owner only, created once and reused ever after."""

from __future__ import annotations

import base64
import os
import secrets
import time
from pathlib import Path

KEY_FILE = "cipher.key"


def load_or_create_key(data_dir: Path) -> str:
    """Base64 of 32 random bytes (AES-256), as eventsourcing's AESCipher wants it. Losing
    the file makes the events it encrypted unreadable: back it up with the database."""
    path = data_dir / KEY_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    key = base64.b64encode(secrets.token_bytes(32)).decode("ascii")
    try:
        # O_EXCL: two processes starting at once cannot both write a key; 0600 from birth.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read(path)
    with os.fdopen(fd, "w") as file:
        file.write(key + "\n")
        file.flush()
        os.fsync(file.fileno())
    return key


def _read(path: Path) -> str:
    for _ in range(50):  # the creator may not have written it yet
        key = path.read_text().strip()
        if key:
            return key
        time.sleep(0.02)
    raise RuntimeError(f"cipher key file {path} is empty: restore it from a backup")
