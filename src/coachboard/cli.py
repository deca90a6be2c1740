"""The `coachboard` command."""

from typing import Annotated

import typer
import uvicorn

from coachboard.core import migrations
from coachboard.core.database import get_engine
from coachboard.core.settings import get_settings

app = typer.Typer(no_args_is_help=True, help="coachboard: goals into weekly action.")
db_app = typer.Typer(no_args_is_help=True, help="Database schema migrations.")
app.add_typer(db_app, name="db")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web app and the API (the schema must be at head: `coachboard db upgrade`)."""
    uvicorn.run("coachboard.main:create_app", factory=True, host=host, port=port)


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Alembic revision.")] = "head") -> None:
    """Upgrade the schema to REVISION (default: head)."""
    migrations.upgrade(get_settings().database_url, revision)


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
