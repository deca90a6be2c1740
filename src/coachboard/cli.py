"""The `coachboard` command."""

import os
import sys
import time
import uuid
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, NoReturn

import typer
import uvicorn
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from coachboard.accounts import events
from coachboard.accounts import service as accounts
from coachboard.accounts.schemas import UserCreate
from coachboard.accounts.time_zones import is_time_zone, machine_time_zone, similar_time_zones
from coachboard.core import migrations
from coachboard.core.database import get_engine, unit_of_work
from coachboard.core.errors import Conflict, InvalidInput, NotFound
from coachboard.core.settings import get_settings, trusted_proxies, worker_count
from coachboard.listeners import install_listeners
from coachboard.mail import outbox as mail_outbox
from coachboard.mail import worker as mail_worker
from coachboard.mail.smtp import build
from coachboard.models.accounts import User
from coachboard.models.mail import OutboxMessage
from coachboard.transfer import backup as transfer_backup
from coachboard.transfer import export as transfer_export
from coachboard.transfer.import_ import import_client, pointer, read_document
from coachboard.transfer.schemas import DocumentInvalid

app = typer.Typer(no_args_is_help=True, help="coachboard: goals into weekly action.")
db_app = typer.Typer(no_args_is_help=True, help="Database schema migrations.")
users_app = typer.Typer(no_args_is_help=True, help="Coach accounts.")
tokens_app = typer.Typer(no_args_is_help=True, help="Personal API tokens.")
mail_app = typer.Typer(no_args_is_help=True, help="The outbox: every email, sent or waiting.")
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")
app.add_typer(mail_app, name="mail")


# Runs before any command (no docstring: it would replace the command's help text).
@app.callback()
def composition_root() -> None:
    install_listeners()


def unit_of_work_here() -> AbstractContextManager[Session]:
    """One transaction on the configured database, as a request has."""
    return unit_of_work(get_engine(get_settings().database_url))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        str,
        typer.Option(
            help="Worker processes: a number, or auto (one per CPU core on PostgreSQL; 1 on "
            "SQLite, where one writer at a time holds the file)."
        ),
    ] = "1",
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            help="Reverse proxies whose X-Forwarded-For/-Proto to believe: comma-separated IP "
            'addresses or networks, or "*". Default: COACHBOARD_FORWARDED_ALLOW_IPS, else none.',
        ),
    ] = None,
    worker: Annotated[
        bool,
        typer.Option(
            help="Run the email worker in the server's process (--no-worker when workers run "
            "apart, as `coachboard worker`).",
        ),
    ] = True,
) -> None:
    """Serve the web app and the API (the schema must be at head: `coachboard db upgrade`)."""
    # Read by create_app in this process and in every uvicorn worker process it starts.
    os.environ["COACHBOARD_RUN_WORKER"] = "true" if worker else "false"
    get_settings.cache_clear()
    try:
        proxies = trusted_proxies(
            get_settings().forwarded_allow_ips
            if forwarded_allow_ips is None
            else forwarded_allow_ips
        )
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--forwarded-allow-ips") from error
    try:
        processes = worker_count(workers, get_settings().database_url)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--workers") from error
    uvicorn.run(
        "coachboard.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=processes,
        # uvicorn believes X-Forwarded-* from 127.0.0.1 unless told otherwise: any local process
        # could then pose as any address (and as HTTPS). With no proxy named, ignore the headers.
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
        server_header=False,  # no "Server: uvicorn" to tell a scanner what to try
        access_log=False,  # a line per request costs more than a small request itself
        # A new worker imports the whole app before it answers its first health check; on a
        # busy two-core machine that takes longer than uvicorn's 5 s default.
        timeout_worker_healthcheck=60,
    )


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Alembic revision.")] = "head") -> None:
    """Upgrade the schema to REVISION (default: head), and make the secret key if none is set."""
    settings = get_settings()
    migrations.upgrade(settings.database_url, revision)
    # Made here, once, rather than by several workers starting at once.
    settings.resolved_secret_key()


@db_app.command("downgrade")
def db_downgrade(revision: Annotated[str, typer.Argument(help="Alembic revision.")]) -> None:
    """Downgrade the schema to REVISION (e.g. f06135d685df-1)."""
    try:
        migrations.downgrade(get_settings().database_url, revision)
    except RuntimeError as refusal:
        typer.echo(str(refusal), err=True)
        raise typer.Exit(1) from refusal


@db_app.command("current")
def db_current() -> None:
    """Print the revision the database is at."""
    typer.echo(migrations.current_revision(get_engine(get_settings().database_url)) or "(empty)")


def known_time_zone(name: str) -> str:
    """--time-zone, refused (naming the option, exit 2) unless the server knows the zone; with
    the known names closest to it."""
    if is_time_zone(name):
        return name
    close = similar_time_zones(name)
    hint = f"did you mean {', '.join(close)}?" if close else 'use a name such as "Europe/Berlin".'
    raise typer.BadParameter(f"{name!r} is not a time zone this server knows: {hint}")


@users_app.command("create")
def users_create(
    email: Annotated[str, typer.Option(help="Sign-in email.")],
    name: Annotated[str, typer.Option(help="Name shown to the coach.")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
    time_zone: Annotated[
        str,
        typer.Option(
            help='IANA time zone, e.g. "Europe/Berlin"; the coach can change it. Default: this '
            "machine's zone where TZ or /etc/localtime names one, else UTC.",
            default_factory=machine_time_zone,
            callback=known_time_zone,
            show_default=False,
        ),
    ],
) -> None:
    """Create a coach account (prompts for the password when it is not given)."""
    try:
        fields = UserCreate(email=email, name=name, password=password, time_zone=time_zone)
    except ValidationError as error:
        for problem in error.errors():
            typer.echo(f"{problem['loc'][0]}: {problem['msg']}", err=True)
        raise typer.Exit(2) from error
    with unit_of_work_here() as session:
        try:
            user = accounts.create(session, **fields.model_dump())
        except InvalidInput as error:
            refuse(error, code=2)
        except Conflict as error:
            refuse(error)
    # The zone may be this machine's, not typed: say which, so a wrong guess is seen at once.
    typer.echo(f"created coach {user.email} ({user.id}), time zone {user.time_zone}")


def refuse(error: Exception, *, code: int = 1) -> NoReturn:
    """Say why on stderr and stop, with nothing written."""
    typer.echo(str(error), err=True)
    raise typer.Exit(code) from error


def read_new_password() -> str:
    """A new password from a hidden prompt (typed twice) on a terminal, else one line of stdin:
    never from the command line, where `ps` and the shell's history would keep it."""
    if sys.stdin.isatty():
        return typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@users_app.command("set-password")
def users_set_password(
    email: Annotated[str, typer.Option(help="The coach whose password to set.")],
) -> None:
    """Set a coach's password (read from a prompt or stdin); every session and token ends."""
    password = read_new_password()
    with unit_of_work_here() as session:
        try:
            user = accounts.set_password(session, email=email, password=password)
        except InvalidInput as error:
            refuse(error, code=2)
        except NotFound as error:
            refuse(error)
    typer.echo(f"password set for {user.email}; every session and API token has ended")


@users_app.command("reset-link")
def users_reset_link(
    email: Annotated[str, typer.Option(help="The coach who may set a new password.")],
    base_url: Annotated[
        str, typer.Option(help="Where the coach reaches coachboard.")
    ] = "http://127.0.0.1:8000",
) -> None:
    """Print a one-time link to set a new password, valid for an hour, and nothing else."""
    minutes = get_settings().reset_link_minutes
    with unit_of_work_here() as session:
        user = accounts.get_by_email(session, email=email)
        if user is None:
            refuse(NotFound("coach"))
        token = accounts.create_reset_link(session, user=user, lifetime=timedelta(minutes=minutes))
    typer.echo(f"{base_url.rstrip('/')}/reset-password/{token}")  # once committed


@tokens_app.command("create")
def tokens_create(
    email: Annotated[str, typer.Option(help="The coach the token acts for.")],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "personal token",
) -> None:
    """Print a new long-lived personal API token, and nothing else."""
    with unit_of_work_here() as session:
        user = accounts.get_by_email(session, email=email)
        if user is None:
            typer.echo(f"no coach with email {email}", err=True)
            raise typer.Exit(1)
        token = accounts.create_token(session, user=user, name=name)
        events.record(
            session, kind=events.EventKind.TOKEN_ISSUED, user_id=user.id, client=events.OPERATOR
        )
    typer.echo(token)  # once committed: a printed token always works


@tokens_app.command("revoke")
def tokens_revoke(token: Annotated[str, typer.Argument(help="The token to revoke.")]) -> None:
    """Revoke a token, so that no request can use it again."""
    with unit_of_work_here() as session:
        if not accounts.revoke_token(session, token=token):
            typer.echo("no live token with that value", err=True)
            raise typer.Exit(1)
    typer.echo("revoked")


@app.command("worker")
def worker_command(
    once: Annotated[bool, typer.Option(help="Make one pass and stop.")] = False,
    now: Annotated[
        str | None,
        typer.Option(
            help="With --once: the moment the pass takes as now, ISO 8601 (UTC unless it has "
            "an offset), e.g. 2026-03-30T07:00+02:00: to catch up or to rehearse a day.",
        ),
    ] = None,
) -> None:
    """Plan the reminders and digests that are due and send what waits in the outbox."""
    if now is not None and not once:
        raise typer.BadParameter("--now goes with --once", param_hint="--now")
    settings = get_settings()
    engine = get_engine(settings.database_url)
    if once:
        moment = None if now is None else parse_moment(now)
        report = mail_worker.run_pass(engine, settings, now=moment)
        typer.echo(f"sent {report.sent}, retrying {report.retried}, failed {report.failed}")
        for error in report.errors:
            typer.echo(error, err=True)
        return
    typer.echo(f"worker: a pass every {settings.worker_poll_seconds:g} s; Ctrl-C stops it")
    try:
        while True:
            mail_worker.run_pass(engine, settings)
            time.sleep(settings.worker_poll_seconds)
    except KeyboardInterrupt:
        typer.echo("worker stopped")


def parse_moment(value: str) -> datetime:
    """An ISO 8601 moment as every timestamp is stored: UTC, without a zone (none means UTC)."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise typer.BadParameter("not an ISO 8601 moment", param_hint="--now") from error
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


@mail_app.command("list")
def mail_list(
    state: Annotated[
        str | None,
        typer.Option(help="Only messages in this state: queued, sent, failed, cancelled."),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many, newest first.")] = 50,
) -> None:
    """List the outbox, newest first: id, due moment (UTC), state, kind, recipient, subject."""
    with unit_of_work_here() as session:
        rows = mail_outbox.newest(session, state=state, limit=limit)
    for row in rows:
        due = row.due_at.strftime("%Y-%m-%d %H:%M")
        typer.echo(
            f"{row.id}  {due}  {row.state:<9}  {row.kind:<19}  {row.recipient}  {row.subject}"
        )


@mail_app.command("show")
def mail_show(message_id: Annotated[uuid.UUID, typer.Argument(help="The message's id.")]) -> None:
    """Print one message as it is (or would be) sent, with its delivery state."""
    settings = get_settings()
    with unit_of_work_here() as session:
        row = session.get(OutboxMessage, message_id)
    if row is None:
        refuse(NotFound("message"))
    typer.echo(
        f"State: {row.state} (attempts {row.attempts}){'; ' + row.last_error if row.last_error else ''}"
    )
    typer.echo(build(row, sender=settings.mail_from, now=row.sent_at or row.due_at).as_string())


def coach_by_email(session: Session, email: str) -> User:
    user = accounts.get_by_email(session, email=email)
    if user is None or user.is_client:
        refuse(NotFound(f"coach {email}"))
    return user


@app.command("export")
def export_command(
    email: Annotated[str, typer.Option(help="The coach whose records to export.")],
    client: Annotated[
        uuid.UUID | None, typer.Option(help="One client's id: that client's document only.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="The file to write (default: standard output).")
    ] = None,
) -> None:
    """Export a coach's account (every client), or one client, as a JSON document."""
    with unit_of_work(get_engine(get_settings().database_url), read_only=True) as session:
        coach = coach_by_email(session, email)
        try:
            if client is None:
                document: BaseModel = transfer_export.account_document(session, coach=coach)
            else:
                document = transfer_export.client_document(session, coach=coach, client_id=client)
        except NotFound as error:
            refuse(error)
    text = document.model_dump_json(indent=2) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out}", err=True)


@app.command("import")
def import_command(
    email: Annotated[str, typer.Option(help="The coach who gets the new client.")],
    file: Annotated[Path, typer.Argument(help="A client document, as `export --client` writes.")],
) -> None:
    """Import a client document as a new client of the coach (fresh ids, links kept)."""
    try:
        document = read_document(file.read_bytes())
    except OSError as error:
        refuse(error, code=2)
    except InvalidInput as error:
        for found in error.problems:
            typer.echo(f"{found.field or file}: {found.message}", err=True)
        raise typer.Exit(2) from error
    except DocumentInvalid as error:
        for problem in error.errors()[:20]:
            typer.echo(f"{pointer(problem['loc'])}: {problem['msg']}", err=True)
        raise typer.Exit(2) from error
    with unit_of_work_here() as session:
        coach = coach_by_email(session, email)
        try:
            client = import_client(session, coach=coach, document=document)
        except InvalidInput as error:
            for problem in error.problems:
                typer.echo(f"{problem.field}: {problem.message}", err=True)
            raise typer.Exit(2) from error
    typer.echo(f"imported client {client.name} ({client.id})")


@app.command("backup")
def backup_command(
    file: Annotated[Path, typer.Argument(help="Where to write the backup.")],
) -> None:
    """Back up the database while the server runs: SQLite through its online backup API;
    PostgreSQL through pg_dump (custom format), or the command to run when it is not found."""
    try:
        typer.echo(transfer_backup.backup(get_settings().database_url, file))
    except transfer_backup.BackupFailed as error:
        refuse(error)
