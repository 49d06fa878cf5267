"""event_store_env: the eventsourcing env for a database URL (no services needed)."""

from __future__ import annotations

from base64 import b64encode
from pathlib import Path
from uuid import UUID

import pytest
from eventsourcing.application import Application
from eventsourcing.cryptography import AESCipher
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import InfrastructureFactory

from uptime_sentinel.adapters.sql.event_store_env import event_store_env
from uptime_sentinel.adapters.sql.mysql_event_store import MySQLFactory


class Notes(Application[UUID]):
    pass


class Note(Aggregate):
    @event("Written")
    def __init__(self, text: str) -> None:
        self.text = text


def test_sqlite_url_maps_to_eventsourcing_sqlite() -> None:
    assert event_store_env("sqlite:///data/events.db", None) == {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": "data/events.db",
        "SQLITE_LOCK_TIMEOUT": "10",
    }
    assert event_store_env("sqlite:////var/lib/s.db", None)["SQLITE_DBNAME"] == "/var/lib/s.db"
    assert event_store_env("sqlite://", None)["SQLITE_DBNAME"] == ":memory:"


def test_sqlite_env_persists_across_application_instances(tmp_path: Path) -> None:
    env = event_store_env(f"sqlite:///{tmp_path / 'events.db'}", None)
    app = Notes(env=env)
    note = Note("hello")
    app.save(note)
    app.close()

    reopened = Notes(env=env)
    assert reopened.repository.get(note.id).text == "hello"
    assert [n.id for n in reopened.recorder.select_notifications(start=1, limit=10)] == [1]
    reopened.close()


def test_cipher_key_encrypts_and_compresses_with_the_cryptography_package(tmp_path: Path) -> None:
    key = AESCipher.create_key(32)
    db = tmp_path / "secret.db"
    env = event_store_env(f"sqlite:///{db}", key)
    assert env["CIPHER_TOPIC"] == "eventsourcing.cryptography:AESCipher"
    assert env["CIPHER_KEY"] == key
    assert env["COMPRESSOR_TOPIC"] == "eventsourcing.compressor:ZlibCompressor"

    app = Notes(env=env)
    note = Note("smtp-password-" * 20)
    app.save(note)
    assert app.repository.get(note.id).text == note.text
    app.close()
    assert b"smtp-password" not in db.read_bytes()

    wrong_key = Notes(env=event_store_env(f"sqlite:///{db}", AESCipher.create_key(32)))
    with pytest.raises(ValueError):
        wrong_key.repository.get(note.id)
    wrong_key.close()


@pytest.mark.parametrize(
    "bad_key", ["not base64!", b64encode(b"short").decode(), b64encode(bytes(33)).decode()]
)
def test_a_malformed_cipher_key_is_refused_without_echoing_it(bad_key: str) -> None:
    with pytest.raises(ValueError) as error:
        event_store_env("sqlite://", bad_key)
    assert bad_key not in str(error.value)


def test_mysql_urls_map_to_the_serialising_factory_with_pymysql() -> None:
    env = event_store_env("mysql://app:s3cret@db.internal:3306/sentinel", None)
    assert env == {
        "PERSISTENCE_MODULE": "uptime_sentinel.adapters.sql.mysql_event_store",
        "SQLALCHEMY_URL": "mysql+pymysql://app:s3cret@db.internal:3306/sentinel",
    }
    mariadb = event_store_env("mariadb+pymysql://root@localhost/test", None)
    assert mariadb["SQLALCHEMY_URL"] == "mariadb+pymysql://root@localhost/test"


@pytest.mark.parametrize("url", ["postgresql://localhost/db", "mysql+mysqldb://h/db", "nonsense"])
def test_unsupported_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError):
        event_store_env(url, None)


@pytest.mark.parametrize("key", ["PERSISTENCE_MODULE", "FACTORY_TOPIC"])
def test_the_mysql_module_resolves_to_one_factory(key: str) -> None:
    env = event_store_env("mysql+pymysql://root@127.0.0.1/test", None)
    env[key] = env.pop("PERSISTENCE_MODULE")
    factory = InfrastructureFactory.construct(env)  # builds an engine, does not connect
    assert type(factory) is MySQLFactory
    factory.close()
