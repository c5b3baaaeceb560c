"""The desk's store: a database (SQLite by default, any SQLAlchemy URL) and a folder of originals.

Contract
--------
``Store(root, url=None)`` opens (creating) ``root/`` with ``desk.sqlite`` (or the database at
``url``; brought to the newest schema by the Alembic migrations in ``desk/migrations/``),
``root/originals/`` (uploads, content-addressed: ``originals/ab/<sha256>``, written once,
read-only, never modified) and ``root/work/`` (case folders written for the stages).

Tables: ``cases`` (the case.yaml facts as JSON), ``uploads`` (one per original of a case: the
file name shown and exported, SHA-256, size, time, source ``phone``/``import``/``desk``),
``links`` (phone upload links: only the SHA-256 of the token is kept, with its case and
expiry), ``jobs`` (background work: ``read`` of an upload or ``audit`` of a case, with state
``queued``/``running``/``done``/``failed``, its JSON result or its one-line error),
``corrections`` (values corrected by hand: upload, page, row, insurance, field, month, old
and new value as JSON, who, when; migration 0002, which also adds ``uploads.link_id``, the
phone link an upload came through, and ``links.one_document``: that link's photos, in order,
are the pages of one document; migration 0003 adds ``record`` - pay-slip and annual rows -
and ``column``/``table_no`` - a column's role corrected, ``field`` ``column``).

:meth:`Store.put_original` stores bytes by hash and returns the path; :meth:`Store.blob`
is the only way a stored original is found (by hash, never by a name a user gave).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from pathlib import Path

from sqlalchemy import ForeignKey, Integer, String, Text, create_engine, event, true
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class CaseRow(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    facts: Mapped[str] = mapped_column(Text, default="{}")  # case.yaml facts as JSON
    created: Mapped[dt.datetime] = mapped_column(default=now)


class UploadRow(Base):
    __tablename__ = "uploads"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))  # unique within the case
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20))  # phone | import | desk
    received: Mapped[dt.datetime] = mapped_column(default=now)
    link_id: Mapped[int | None] = mapped_column(Integer, default=None)  # the phone link used


class LinkRow(Base):
    __tablename__ = "links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    expires: Mapped[dt.datetime]
    closed: Mapped[bool] = mapped_column(default=False)
    # the photos uploaded through this link, in order, are the pages of one document
    one_document: Mapped[bool] = mapped_column(default=True, server_default=true())


class JobRow(Base):
    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id"), default=None)
    kind: Mapped[str] = mapped_column(String(10))  # read | audit
    state: Mapped[str] = mapped_column(String(10), default="queued")
    result: Mapped[str | None] = mapped_column(Text, default=None)  # JSON
    error: Mapped[str | None] = mapped_column(Text, default=None)
    created: Mapped[dt.datetime] = mapped_column(default=now)
    finished: Mapped[dt.datetime | None] = mapped_column(default=None)


class CorrectionRow(Base):
    """A value read from an upload, corrected by hand: where (page of the upload, printed row,
    insurance, field), the month it was read for, the value read and the new one (JSON), who
    and when. Exported as ``case.yaml`` ``corrections:``."""

    __tablename__ = "corrections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    upload_id: Mapped[int] = mapped_column(ForeignKey("uploads.id"))
    page: Mapped[int] = mapped_column(Integer)
    row: Mapped[int] = mapped_column(Integer)
    insurance: Mapped[str | None] = mapped_column(String(20), default=None)
    field: Mapped[str] = mapped_column(String(20))
    month: Mapped[str | None] = mapped_column(String(7), default=None)
    old: Mapped[str] = mapped_column(Text)  # JSON
    new: Mapped[str] = mapped_column(Text)  # JSON
    by: Mapped[str] = mapped_column(String(100))
    at: Mapped[dt.datetime] = mapped_column(default=now)
    # migration 0003: which rows (contribution | annual | payslip; None = contribution), and
    # a column's role corrected (``field`` "column", ``row`` 0, ``column``/``table_no``
    # 1-based, ``old``/``new`` the roles as JSON text)
    record: Mapped[str | None] = mapped_column(String(12), default=None)
    column: Mapped[int | None] = mapped_column(Integer, default=None)
    table_no: Mapped[int | None] = mapped_column(Integer, default=None)


MIGRATIONS = Path(__file__).with_name("migrations")


def migrate(engine) -> None:
    """Bring the database to the newest schema (Alembic, ``desk/migrations/versions``)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class Store:
    def __init__(self, root: Path, url: str | None = None) -> None:
        self.root = Path(root)
        self.originals = self.root / "originals"
        self.work = self.root / "work"
        for folder in (self.root, self.originals, self.work):
            folder.mkdir(parents=True, exist_ok=True)
        url = url or f"sqlite:///{self.root / 'desk.sqlite'}"
        self.engine = create_engine(url, connect_args={"check_same_thread": False}
                                    if url.startswith("sqlite") else {})
        if url.startswith("sqlite"):
            @event.listens_for(self.engine, "connect")
            def _pragmas(conn, _record) -> None:  # readers do not wait for the writer
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA foreign_keys=ON")
        try:
            migrate(self.engine)
        except DatabaseError as exc:
            if not url.startswith("sqlite:///"):
                raise
            from .datafiles import damaged

            path = Path(url.removeprefix("sqlite:///"))
            detail = " ".join(str(getattr(exc, "orig", exc)).split())[:120]
            raise damaged(path, f"SQLite 数据库无法打开（{detail}）", detail,
                          "请检查文件权限，或从备份恢复；不要删除，里面是所有案件") from exc
        self.session = sessionmaker(self.engine, expire_on_commit=False)

    def __call__(self) -> Session:
        return self.session()

    def blob(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError("not a SHA-256")
        return self.originals / sha256[:2] / sha256

    def put_original(self, data: bytes) -> str:
        """Store bytes under their SHA-256 (once; an existing copy is left as it is)."""
        digest = hashlib.sha256(data).hexdigest()
        path = self.blob(digest)
        if not path.exists():
            path.parent.mkdir(exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.part")
            tmp.write_bytes(data)
            tmp.chmod(stat.S_IRUSR | stat.S_IRGRP)
            tmp.replace(path)
        return digest
