"""The `caspian` command: lists in and out, names matched, order books screened."""

from __future__ import annotations

import io
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import NoReturn, TypeVar

import click
import orjson
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from caspian import crash_log, examples, freshness, provenance
from caspian.compare_contract import comparing_function
from caspian.diff import diff_entities
from caspian.io.jsonl_runner import count_lines, run_file
from caspian.io.order_book import BookRun, Outputs, open_book, screen_book
from caspian.io.order_tables import TableError
from caspian.io.output_files import OutputError, check_outputs, require_suffix
from caspian.io.worker_pool import WorkerPool, WorkerRecipe, default_workers, plan_workers
from caspian.jsonl_contract import matching_function
from caspian.lists import download, word_store
from caspian.lists.active import ScreeningData, changed_since, store_words
from caspian.lists.active import load as load_screening_data
from caspian.lists.base import ListData, ListFormatError
from caspian.lists.bundled import ensure_bundled
from caspian.lists.completeness import IncompleteFile
from caspian.lists.detect import owned_key, read_paths
from caspian.lists.ftm import write_entities
from caspian.lists.guards import DEFAULT_GUARDS, UpdateGuards, parse_seconds, parse_share, percent
from caspian.lists.sources import DEFAULT_MAX_BYTES, SourceConfig, human_size, parse_size
from caspian.lists.store import (
    BUNDLED_SOURCE,
    SCHEMA_VERSION,
    STORE_FILE,
    LoadOutcome,
    Store,
    StoreError,
)
from caspian.lists.store_errors import from_sqlite
from caspian.lists.store_file import STORE_LIMITS
from caspian.match import Matcher, Query, QueryError
from caspian.match.compare import Comparer, name_pair
from caspian.match.config import default_config
from caspian.model import Entity
from caspian.rules import RuleError, default_policy, load_policy
from caspian.screen import screening_function
from caspian.typed_config import ConfigError

EXIT_OK, EXIT_ATTENTION, EXIT_ERROR = 0, 1, 2
FC = TypeVar("FC", bound=Callable[..., object])
T = TypeVar("T")
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
EXISTING = click.Path(exists=True, path_type=Path)
EXISTING_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)

# Reports piped to a file or a scheduler's log are not squeezed into 80 columns.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 120)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "caspian"


class Settings:
    def __init__(
        self, data_dir: Path, max_age_days: int,
        lock_wait: float = STORE_LIMITS.writer_wait_seconds,
    ) -> None:  # fmt: skip
        self.data_dir = data_dir
        self.max_age_days = max_age_days
        self.allow_truncated = False  # --dataset files that end early are refused
        self.limits = replace(STORE_LIMITS, writer_wait_seconds=lock_wait)

    @contextmanager
    def store(self, *, write: bool) -> Iterator[Store]:
        """The store for one command: read-only unless it writes (see Store).

        Every store failure inside ends the command with one line and exit 2.
        """
        try:
            store = Store(self.data_dir, read_only=not write, limits=self.limits,
                          on_wait=lambda text: err.print(f"[yellow]{escape(text)}[/]"))  # fmt: skip
        except StoreError as exc:
            fail(str(exc))
        with store:
            if store.migrated_from is not None:
                err.print(f"note: the store {escape(str(store.path))} was migrated from schema "
                          f"version {store.migrated_from} to {SCHEMA_VERSION}")  # fmt: skip
            try:
                if write:
                    ensure_bundled(store)
                yield store
            except StoreError as exc:
                fail(str(exc))
            except sqlite3.Error as exc:
                error = from_sqlite(exc, store.path, waited=store.wait_seconds)
                if error is None:
                    raise
                fail(str(error))


def fail(message: str) -> NoReturn:
    """One line (or a few, for a long message) to stderr, then exit 2."""
    err.print(f"[bold red]error:[/] {escape(message)}", markup=True)
    sys.exit(EXIT_ERROR)


# Errors Caspian raises on purpose: each names its file, line or field; no traceback.
EXPECTED_ERRORS = (StoreError, ListFormatError, TableError, OutputError, RuleError, ConfigError,
                   QueryError, download.DownloadError)  # fmt: skip


def _one_line(exc: BaseException, limit: int = 300) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _crashed(ctx: click.Context, exc: Exception) -> NoReturn:
    """An error nobody foresaw: one line and exit 2; the traceback to a log file."""
    settings = ctx.find_object(Settings)
    data_dir = settings.data_dir if settings else default_data_dir()
    log = crash_log.write(data_dir, exc)
    what = f"unexpected {type(exc).__name__}: {_one_line(exc)}"
    if log is not None:
        err.print(f"[bold red]error:[/] {escape(what)} (the traceback is in {escape(str(log))}; "
                  "please report it)", markup=True)  # fmt: skip
    else:
        err.print(f"[bold red]error:[/] {escape(what)} ({escape(str(data_dir))} cannot be "
                  "written, so the traceback follows)", markup=True)  # fmt: skip
        err.print(escape(crash_log.report(exc, sys.argv)), markup=False)
    sys.exit(EXIT_ERROR)


def _silence_stdout() -> None:
    """Point stdout at the null device, so that flushing it at exit cannot fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file (a test runner's): nothing will be flushed to a closed pipe


class CaspianGroup(click.Group):
    """The command group, with the one place every failure becomes an exit code.

    0 and 1 are the commands' own answers (1: orders to review or block); any error is
    2, whatever raised it, and Ctrl-C is 130, so a scheduler never reads a crash as a
    normal day with alerts.
    """

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except click.ClickException as exc:
            exc.show()  # click's generic code, 1, would read as alerts
            sys.exit(EXIT_ERROR if exc.exit_code == EXIT_ATTENTION else exc.exit_code)
        except KeyboardInterrupt:
            err.print("[bold red]interrupted[/]", markup=True)
            sys.exit(EXIT_INTERRUPTED)
        except EXPECTED_ERRORS as exc:
            fail(str(exc))
        except BrokenPipeError:
            # The reader of our output went away (`caspian export | head`): not all of it
            # was written, which is an error, but not a bug worth a log.
            _silence_stdout()
            err.print("[bold red]error:[/] the output was closed before all of it was written",
                      markup=True)  # fmt: skip
            sys.exit(EXIT_ERROR)
        except sqlite3.Error as exc:
            settings = ctx.find_object(Settings)
            where = (settings.data_dir if settings else default_data_dir()) / STORE_FILE
            error = from_sqlite(exc, where)
            if error is None:
                _crashed(ctx, exc)
            fail(str(error))
        except Exception as exc:
            _crashed(ctx, exc)


@click.group(cls=CaspianGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="CASPIAN_DATA_DIR",
    default=default_data_dir,
    show_default="$XDG_DATA_HOME/caspian",
    help="Where the list store lives (env CASPIAN_DATA_DIR).",
)
@click.option(
    "--max-age-days",
    type=click.IntRange(min=0),
    envvar="CASPIAN_MAX_AGE_DAYS",
    default=freshness.DEFAULT_MAX_AGE_DAYS,
    show_default=True,
    help="Warn when a list is older than this (env CASPIAN_MAX_AGE_DAYS).",
)
@click.option(
    "--lock-wait",
    type=click.FloatRange(min=0),
    envvar="CASPIAN_LOCK_WAIT",
    default=STORE_LIMITS.writer_wait_seconds,
    show_default=True,
    metavar="SECONDS",
    help="How long a command that writes the store waits for another writer "
    "(env CASPIAN_LOCK_WAIT); readers never wait.",
)
@click.version_option(package_name="caspian")
@click.pass_context
def main(ctx: click.Context, data_dir: Path, max_age_days: int, lock_wait: float) -> None:
    """Caspian: export-control and sanctions screening against official lists.

    Exit codes: 0 done (all clear), 1 orders to review or block, or a list not updated,
    2 error (the traceback of an unexpected one is logged under DATA_DIR/logs), 130
    interrupted.
    """
    ctx.obj = Settings(data_dir, max_age_days, lock_wait)


# -- lists ------------------------------------------------------------------------


@main.group()
def lists() -> None:
    """Load, inspect, compare and update the official lists."""


def _status_rows(store: Store, settings: Settings, today: date) -> list[dict[str, object]]:
    active = {v.snapshot_id for v in store.active()}
    rows = []
    for v in store.all_active():
        age = v.age_days(today)
        if v.bundled and v.snapshot_id not in active:
            state = "standby (official lists active)"
        elif v.bundled:
            state = "active (bundled snapshot)"
        elif age is not None and age < 0:
            state = "active, DATED IN THE FUTURE"
        elif age is not None and age > settings.max_age_days:
            state = "active, STALE"
        else:
            state = "active"
        rows.append({**v.as_dict(), "age_days": age, "state": state, "date": v.describe_date()})
    return rows


@lists.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def lists_status(settings: Settings, as_json: bool) -> None:
    """Show each list's active version, its age and freshness warnings."""
    today = freshness.today_utc()
    with settings.store(write=False) as store:
        rows = _status_rows(store, settings, today)
        warnings = freshness.warnings(
            store.active(), today=today, max_age_days=settings.max_age_days
        )
        # Failed or held loads and updates that no later good one of the same list settled.
        failures = store.unresolved_failures()
        note, exists = store.describe(), store.exists
    warnings += [note] if note else []
    if as_json:
        payload = {
            "store": str(settings.data_dir), "store_exists": exists, "lists": rows,
            "warnings": warnings,
            "not_in_force": [{"at": at, "source": source, "action": action, "message": message}
                             for at, source, action, message in failures],
        }  # fmt: skip
        click.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode())
        return
    table = Table(title=f"Caspian lists in {settings.data_dir}", title_justify="left")
    for column in ("list", "version", "date", "age", "entities", "state"):
        table.add_column(column, justify="right" if column in {"age", "entities"} else "left")
    for row in rows:
        age = row["age_days"]
        table.add_row(
            escape(str(row["source"])),
            f"#{row['snapshot']} {str(row['content_hash'])[7:19]}",
            escape(str(row["date"])),
            "?" if age is None else f"{age} d",
            f"{row['entity_count']:,}",
            escape(str(row["state"])),
        )
    out.print(table)
    for warning in warnings:
        out.print(f"[yellow]warning:[/] {escape(warning)}")
    for at, source, action, message in failures:
        out.print(f"[red]not in force:[/] {escape(source)}, {action} at {at}: {escape(message)}")


def _parsed(parse: Callable[[str], T]) -> Callable[[click.Context, click.Parameter, str], T]:
    """An option callback reading its text with `parse`; a ValueError names the option."""

    def callback(ctx: click.Context, param: click.Parameter, value: str) -> T:
        try:
            return parse(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc), ctx, param) from None

    return callback


def _max_shrink_option(more: str = "") -> Callable[[FC], FC]:
    return click.option(
        "--max-shrink", default=percent(DEFAULT_GUARDS.max_shrink), show_default=True,
        envvar="CASPIAN_MAX_SHRINK", callback=_parsed(parse_share), metavar="SHARE",
        help="A new snapshot that loses more than this share of the active list's entities "
             f"is stored, not activated (e.g. 10% or 0.1; env CASPIAN_MAX_SHRINK{more}).",
    )  # fmt: skip


def _force_option(more: str = "") -> Callable[[FC], FC]:
    return click.option(
        "--force", is_flag=True,
        help=f"Activate a snapshot even if it loses more than --max-shrink of the active "
             f"list{more}.",
    )  # fmt: skip


def _check_key(data: ListData, key: str) -> None:
    """`--source KEY` may not pass one list off as another: a key a reader gives holds
    only that list; the bundled snapshot's key holds nothing loaded."""
    if key == BUNDLED_SOURCE:
        fail(f"--source {key}: the key of Caspian's bundled snapshot; choose another key\n"
             "nothing was loaded; the active lists are unchanged")  # fmt: skip
    if owned_key(key) and data.source != key:
        fail(f"--source {key}: {data.files[0]} holds {data.title} (list {data.source}), not "
             f"the {key} list; store a copy under a key of your own (e.g. {data.source}-copy)"
             "\nnothing was loaded; the active lists are unchanged")  # fmt: skip


def _check_date(data: ListData, today: date) -> None:
    """A date more than a day ahead is refused, whatever gave it."""
    what = {
        "file": "the file says it was published",
        "user": "--published is",
        "mtime": "the list carries no date and its file time is",
    }.get(data.published_from, "its date is")
    problem = freshness.future_problem(data.published, today, what)
    if problem:
        hint = "; give --published YYYY-MM-DD" if data.published_from == "mtime" else ""
        fail(f"{data.files[0]}: refused: {problem}{hint}\n"
             "nothing was loaded; the active lists are unchanged")  # fmt: skip


@lists.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--published", help="Publication date (YYYY-MM-DD) for lists that carry none.")
@click.option(
    "--source", "source_key",
    help="Store under this list key instead of the detected one (a key a reader gives, "
         "such as un-sc, only for that list).",
)  # fmt: skip
@_max_shrink_option()
@_force_option()
@click.option("--allow-truncated", is_flag=True,
              help="Load a file that ends before its format does (a known-cut test sample): "
                   "what it holds is read, the snapshot warns. Never used by updates.")  # fmt: skip
@click.pass_obj
def lists_load(
    settings: Settings, paths: tuple[Path, ...], published: str | None, source_key: str | None,
    max_shrink: float, force: bool, allow_truncated: bool,
) -> None:  # fmt: skip
    """Load list files or folders; the format is detected from each file's content.

    Exit code 0 when every list is in force (loaded, unchanged, or older than the active
    one), 2 when a list was refused or stored without being activated.
    """
    today = freshness.today_utc()
    if published:
        try:
            date.fromisoformat(published)
        except ValueError:
            fail(f"--published {published!r} is not a date; expected YYYY-MM-DD")
        problem = freshness.future_problem(published, today, "--published is")
        if problem:
            fail(f"refused: {problem}\nnothing was loaded; the active lists are unchanged")
    try:
        result = read_paths(list(paths), allow_truncated=allow_truncated)
    except IncompleteFile as exc:
        fail(f"{exc}\nnothing was loaded; the active lists are unchanged (a sample known "
             "to be cut loads with --allow-truncated)")  # fmt: skip
    except ListFormatError as exc:
        fail(f"{exc}\nnothing was loaded; the active lists are unchanged")
    if not result.lists:
        fail("no list found in " + ", ".join(map(str, paths)))
    for data in result.lists:
        if source_key:
            _check_key(data, source_key)
            data.source = source_key
        if published and data.published_from != "file":
            data.published, data.published_from = published, "user"
        _check_date(data, today)
    held: list[LoadOutcome] = []
    with settings.store(write=True) as store:
        for note in result.skipped:
            out.print(f"[dim]skipped:[/] {escape(note)}")
        for data in result.lists:
            origin = " ".join(str(p) for p in data.files)
            try:
                outcome = store.add(data, origin=origin, max_shrink=max_shrink, force=force)
            except StoreError as exc:
                fail(str(exc))
            v = outcome.version
            label = "[red]held[/] " if outcome.status == "held" else ""
            out.print(
                f"{label}[bold]{escape(v.source)}[/] #{v.snapshot_id}: {v.entity_count:,} "
                f"entities, {escape(v.describe_date())}, {escape(outcome.message)}"
            )
            if outcome.status == "held":
                held.append(outcome)
            for warning in data.warnings:
                out.print(f"  [yellow]warning:[/] {escape(warning)}")
        _refresh_words(store)
    if held:
        err.print(f"[bold red]error:[/] {len(held)} list(s) stored but not activated; "
                  "the active snapshots stay (see above)", markup=True)  # fmt: skip
        sys.exit(EXIT_ERROR)


def _refresh_words(store: Store) -> None:
    """Word rarity follows the active lists: counted again when they changed."""
    words = word_store.refresh(store)
    out.print(f"[dim]word table: {words.names:,} names over {len(words.built_from)} "
              f"active lists[/]")  # fmt: skip


@lists.command("prune")
@click.option("--keep", required=True, type=click.IntRange(min=0),
              help="Snapshots to keep per list, newest first (0: only the active).")  # fmt: skip
@click.option("--dry-run", is_flag=True, help="Say what would be removed; remove nothing.")
@click.option("--vacuum", is_flag=True,
              help="Then shrink the file (VACUUM: rewrites it).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def lists_prune(settings: Settings, keep: int, dry_run: bool, vacuum: bool, as_json: bool) -> None:
    """Remove old snapshots of each list; active and bundled snapshots always stay.

    The removal is one transaction. Without --vacuum the file keeps its size and the
    next load reuses the freed space; --vacuum rewrites the file to shrink it, which
    needs as much free disk again while it runs.
    """
    with settings.store(write=True) as store:
        removed = store.prune(keep, dry_run=dry_run)
        sizes = store.vacuum() if vacuum and not dry_run else None
    entities = sum(v.entity_count for v in removed)
    if as_json:
        payload = {
            "store": str(settings.data_dir), "keep": keep, "dry_run": dry_run,
            "removed": [v.as_dict() for v in removed], "entities_removed": entities,
            "vacuum": {"bytes_before": sizes[0], "bytes_after": sizes[1]} if sizes else None,
        }  # fmt: skip
        click.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode())
        return
    verb = "would remove" if dry_run else "removed"
    for v in removed:
        out.print(escape(f"{verb} {v.source} #{v.snapshot_id}: {v.entity_count:,} entities, "
                         f"{v.describe_date()}"))  # fmt: skip
    kept = f"the {keep} newest of each list and" if keep else "only"
    out.print(f"{verb} {len(removed)} snapshots ({entities:,} entities); "
              f"kept {kept} the active and bundled snapshots")  # fmt: skip
    if sizes:
        out.print(f"vacuum: {sizes[0]:,} -> {sizes[1]:,} bytes")


def _entities_for(store: Store, ref: str) -> tuple[str, list[Entity]]:
    path = Path(ref)
    if path.exists():
        lists_read = read_paths([path]).lists
        return str(path), [e for data in lists_read for e in data.entities]
    version = store.resolve(ref)
    assert version.snapshot_id is not None
    label = f"{version.source} #{version.snapshot_id} ({version.describe_date()})"
    return label, list(store.iter_entities(version.snapshot_id))


@lists.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--json", "as_json", is_flag=True, help="Print the whole diff as JSON.")
@click.option("--limit", default=20, show_default=True, help="Entities shown per section.")
@click.pass_obj
def lists_diff(settings: Settings, old: str, new: str, as_json: bool, limit: int) -> None:
    """Entities added, removed and changed (by field) between two versions.

    OLD and NEW are snapshots (`12`, `ofac-sdn`, `ofac-sdn@2024-05-03`) or list files.
    """
    try:
        with settings.store(write=False) as store:
            old_label, before = _entities_for(store, old)
            new_label, after = _entities_for(store, new)
    except (ListFormatError, StoreError) as exc:
        fail(str(exc))
    result = diff_entities(before, after)
    if as_json:
        payload = {"old": old_label, "new": new_label, **result.as_dict()}
        click.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode())
        return
    out.print(f"[bold]{escape(old_label)}[/] -> [bold]{escape(new_label)}[/]: {result.summary()}")
    for title, entities in (("added", result.added), ("removed", result.removed)):
        for entity in entities[:limit]:
            sign = "+" if title == "added" else "-"
            out.print(escape(f"  {sign} {entity.id} {entity.schema} {entity.caption}"))
        if len(entities) > limit:
            out.print(f"  ... {len(entities) - limit} more {title}")
    for change in result.changed[:limit]:
        out.print(escape(f"  ~ {change.id} {change.caption}"))
        for f in change.fields:
            for value in f.removed:
                out.print(escape(f"      - {f.prop}: {value}"))
            for value in f.added:
                out.print(escape(f"      + {f.prop}: {value}"))
    if len(result.changed) > limit:
        out.print(f"  ... {len(result.changed) - limit} more changed")


SOURCES_OPTION = click.option(
    "--sources",
    "sources_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Sources file (TOML) with the official URLs; default: packaged.",
)


def _load_sources(settings: Settings, sources_file: Path | None) -> tuple[Path, list[SourceConfig]]:
    path = download.sources_path(settings.data_dir, sources_file)
    try:
        return path, download.load_sources(path)
    except ListFormatError as exc:
        fail(str(exc))


@lists.command("update")
@SOURCES_OPTION
@click.option("--only", multiple=True, help="Update only these list keys.")
@click.option("--timeout", default=60.0, show_default=True,
              help="Seconds to connect, and to wait for each read.")  # fmt: skip
@click.option("--deadline", default=f"{DEFAULT_GUARDS.deadline:g}", show_default=True,
              callback=_parsed(parse_seconds), metavar="SECONDS",
              help="Seconds one file may take in all, redirects and body (e.g. 600, 10m); "
                   "a source's deadline wins.")  # fmt: skip
@_max_shrink_option("; a source's max_shrink wins")
@_force_option(" (with --only, for the lists meant)")
@click.option("--max-bytes", default=human_size(DEFAULT_MAX_BYTES), show_default=True,
              callback=_parsed(parse_size), metavar="SIZE",
              help="Cap per downloaded file (e.g. 200M) where a source sets none.")  # fmt: skip
@click.option("--allow-http-redirects", is_flag=True,
              help="Follow redirects from http to http (local test servers); "
                   "https to http is always refused.")  # fmt: skip
@click.pass_obj
def lists_update(
    settings: Settings, sources_file: Path | None, only: tuple[str, ...], timeout: float,
    deadline: float, max_shrink: float, force: bool, max_bytes: int,
    allow_http_redirects: bool,
) -> None:  # fmt: skip
    """Download each configured official list; a failure keeps the previous snapshot.

    Exit code 0 when every list is in force, 2 when any failed or was stored without
    being activated (its previous snapshot stays active; the message says why).
    """
    path, sources = _load_sources(settings, sources_file)
    if only:
        unknown = set(only) - {s.key for s in sources}
        if unknown:
            fail(f"unknown list(s) {', '.join(sorted(unknown))} in {path}")
        sources = [s for s in sources if s.key in only]

    def report(result: download.UpdateResult) -> None:
        if result.ok and result.outcome:
            v = result.outcome.version
            out.print(
                f"[green]ok[/] {result.source}: {v.entity_count:,} entities, "
                f"{v.describe_date()}, {escape(result.message)}"
            )
        elif result.held:
            out.print(f"[red]held[/] {result.source}: {escape(result.message)}")
        else:
            out.print(f"[red]failed[/] {result.source}: {escape(result.message)}")

    guards = UpdateGuards(max_shrink=max_shrink, deadline=deadline)
    with settings.store(write=True) as store:
        results = download.update(store, sources, timeout=timeout, on_result=report,
                                  max_bytes=max_bytes, guards=guards, force=force,
                                  allow_http_redirects=allow_http_redirects)  # fmt: skip
        _refresh_words(store)
    failed = [r.source for r in results if not r.ok]
    if failed:
        err.print(f"[bold red]error:[/] not updated: {escape(', '.join(failed))}; their "
                  "previous snapshots stay active", markup=True)  # fmt: skip
        sys.exit(EXIT_ERROR)


@lists.command("sources")
@SOURCES_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def lists_sources(settings: Settings, sources_file: Path | None, as_json: bool) -> None:
    """Show the configured official sources: key, title, format and URLs."""
    path, sources = _load_sources(settings, sources_file)
    if as_json:
        payload = {"file": str(path), "sources": [s.as_dict() for s in sources]}
        click.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode())
        return
    table = Table(title=f"Sources in {path}", title_justify="left", show_lines=True)
    table.add_column("key", no_wrap=True)
    table.add_column("title", max_width=30)
    table.add_column("format", no_wrap=True)
    table.add_column("files and URLs", overflow="fold")
    for s in sources:
        urls = "\n".join(f"{name}: {url}" for name, url in s.files.items())
        if s.max_bytes:
            urls += f"\nmax {human_size(s.max_bytes)} per file"
        if s.max_shrink is not None:
            urls += f"\nmay lose at most {percent(s.max_shrink)} of its entities"
        if s.deadline:
            urls += f"\nat most {s.deadline:g} s per file"
        table.add_row(*(Text(t) for t in (s.key, s.title, s.format or "(detected)", urls)))
    out.print(table)


# -- match ------------------------------------------------------------------------


def _allow_truncated(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.find_object(Settings).allow_truncated = True  # type: ignore[union-attr]


# On match and screen: kept out of their signatures, it only tells how --dataset reads.
DATASET_TRUNCATED_OPTION = click.option(
    "--allow-truncated", is_flag=True, expose_value=False, callback=_allow_truncated,
    help="Read a --dataset file that ends before its format does (a known-cut test "
         "sample) as it is, instead of refusing it.",
)  # fmt: skip


def _screening_data(settings: Settings, datasets: tuple[Path, ...]) -> ScreeningData:
    try:
        data = load_screening_data(settings.data_dir, datasets,
                                   allow_truncated=settings.allow_truncated)  # fmt: skip
    except IncompleteFile as exc:
        fail(f"{exc}\na sample known to be cut reads with --allow-truncated")
    except (ListFormatError, StoreError) as exc:
        fail(str(exc))
    if not data.entities:
        fail("no entities to screen against")
    return data


def _freshness_warnings(settings: Settings, data: ScreeningData) -> list[str]:
    warnings = freshness.warnings(
        data.versions, today=freshness.today_utc(), max_age_days=settings.max_age_days
    )
    return warnings + ([data.store_note] if data.store_note else [])


@main.command("match")
@click.argument("name", required=False)
@click.option(
    "--dataset",
    "datasets",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="List file or folder to match against (repeatable); default: the store.",
)
@click.option(
    "--input",
    "input_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Queries, one JSON object per line (yente /match shape).",
)
@click.option(
    "--output",
    "output_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write one result line per query.",
)
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 100))
@click.option("--threshold", type=click.FloatRange(0, 1), help="Score that marks a match.")
@click.option("--schema", default="Thing", show_default=True, help="Schema of NAME.")
@click.option("--country", help="Country of NAME (ISO code or name).")
@click.option("--workers", type=click.IntRange(1, 64), help="Processes for --input.")
@DATASET_TRUNCATED_OPTION
@click.pass_obj
def match_command(
    settings: Settings, name: str | None, datasets: tuple[Path, ...], input_path: Path | None,
    output_path: Path | None, limit: int, threshold: float | None, schema: str,
    country: str | None, workers: int | None,
) -> None:  # fmt: skip
    """Find listed entities behind names: one NAME as a table, or a file of queries.

    Exit code with --input: 0 no match, 1 a query matched or a line could not be used
    (each has its error line in the output), 2 error.
    """
    if (input_path is None) == (name is None):
        fail("give either NAME or --input QUERIES.jsonl (with --output RESULTS.jsonl)")
    if input_path is not None and output_path is None:
        fail("--input needs --output RESULTS.jsonl")
    if input_path is not None and output_path is not None:
        _check_outputs([output_path], [input_path, *datasets], jsonl=output_path)
    data = _screening_data(settings, datasets)
    warnings = _freshness_warnings(settings, data)
    for warning in warnings:
        err.print(f"[yellow]warning:[/] {escape(warning)}")
    if name is not None:
        matcher = Matcher(data.entities, threshold=threshold, words=data.words)
        props = {"name": [name]}
        if country:
            props["country"] = [country]
        try:
            query = Query.from_json({"id": "cli", "schema": schema, "properties": props})
        except QueryError as exc:
            fail(str(exc))
        _print_matches(matcher, query, limit, threshold)
        return
    assert input_path is not None and output_path is not None
    labels = [f"{v.source}@{v.version}" for v in data.versions]
    recipe = WorkerRecipe(matching_function, {"entities": data.entities, "limit": limit,
                                              "threshold": threshold, "lists": labels,
                                              "words": data.words})  # fmt: skip
    total = count_lines(input_path)
    started = time.perf_counter()
    # Workers start before the progress bar's thread: forking is safe only then.
    with (
        _interruptible(),
        WorkerPool(recipe, workers=plan_workers(workers or default_workers(), total)) as pool,
    ):
        _describe_pool(pool, len(data.entities), time.perf_counter() - started)
        started = time.perf_counter()
        with Progress(*Progress.get_default_columns(), console=err, transient=True) as progress:
            task = progress.add_task("matching", total=total)
            stats = run_file(pool, input_path, output_path,
                             on_progress=lambda n: progress.update(task, completed=n))  # fmt: skip
    took = time.perf_counter() - started
    rate = stats.lines / took if took else 0.0
    err.print(escape(f"matched {stats.lines:,} queries in {took:.1f} s ({rate:,.0f}/s) -> "
                     f"{output_path}; {stats.matched:,} with a match, {stats.errors:,} with "
                     f"errors"))  # fmt: skip
    for example in stats.error_examples:
        err.print(f"  [red]error:[/] {escape(example)}")
    if stats.matched or stats.errors:
        sys.exit(EXIT_ATTENTION)


def _check_outputs(outputs: list[Path], inputs: list[Path], *, jsonl: Path | None) -> None:
    """Exit 2, before anything is written, on an output that would destroy an input."""
    try:
        if jsonl is not None:
            require_suffix(jsonl, ".jsonl", option="--output")
        check_outputs(outputs, inputs)
    except OutputError as exc:
        fail(f"{exc}\nnothing was written")


@contextmanager
def _interruptible() -> Iterator[None]:
    """Ctrl-C or a failing write ends the run with a message; the partial outputs are
    already removed by then."""
    try:
        yield
    except KeyboardInterrupt:
        err.print("[bold red]interrupted:[/] no output was written", markup=True)
        sys.exit(EXIT_INTERRUPTED)
    except OSError as exc:
        fail(f"{exc}\nno output was written")


def _describe_pool(pool: WorkerPool, entities: int, seconds: float) -> None:
    where = f"{pool.workers} worker processes ({pool.method})" if pool.method else "1 process"
    if pool.built_here:
        err.print(f"index: {entities:,} entities, built in {seconds:.1f} s; {where}")
    else:
        err.print(f"index: {entities:,} entities, built in each of {where}")


def _print_matches(matcher: Matcher, query: Query, limit: int, threshold: float | None) -> None:
    """The candidates as a table; every text in it as written (a name may hold `[`)."""
    results = matcher.match(query, limit=limit, threshold=threshold)
    if not results:
        out.print(Text(f"no candidates for {query.names[0]!r}"))
        return
    table = Table(title=Text(f"{query.names[0]} ({query.schema})"), title_justify="left")
    for column in ("#", "score", "match", "id", "listed name", "lists"):
        table.add_column(column, justify="right" if column in {"#", "score"} else "left")
    for rank, r in enumerate(results, start=1):
        lists_of = ", ".join(r.entity.datasets or [r.entity.source])
        verdict = "MATCH" if r.match else ""
        table.add_row(str(rank), f"{r.score:.2f}", verdict,
                      *(Text(t) for t in (r.entity.id, r.entity.caption, lists_of)))  # fmt: skip
    out.print(table)
    for rank, r in enumerate(results, start=1):
        out.print(Text(f"{rank}. {r.explanation}"))


# -- compare ----------------------------------------------------------------------


@main.command("compare")
@click.argument("query_name", metavar="NAME", required=False)
@click.argument("candidate_name", metavar="LISTED_NAME", required=False)
@click.option("--schema", default="Thing", show_default=True, help="Schema of both names.")
@click.option("--input", "input_path", type=EXISTING_FILE,
              help='Pairs, one JSON object per line: {"id", "query": {"schema", "properties"}, '
                   '"candidate": {"schema", "properties"}}.')  # fmt: skip
@click.option("--output", "output_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write one result line per pair.")  # fmt: skip
@click.option("--threshold", type=click.FloatRange(0, 1), help="Score that marks a match.")
@click.option("--workers", type=click.IntRange(1, 64), help="Processes for --input.")
@click.pass_obj
def compare_command(
    settings: Settings, query_name: str | None, candidate_name: str | None, schema: str,
    input_path: Path | None, output_path: Path | None, threshold: float | None,
    workers: int | None,
) -> None:  # fmt: skip
    """Score a name (or a query) against one listed party: NAME LISTED_NAME, or a file
    of pairs. Words are weighed by the store's lists, as `caspian match` weighs them, so
    both give a pair the same score.

    Exit code with --input: 0 no pair matched, 1 a pair matched or a line could not be
    used (each has its error line in the output), 2 error.
    """
    if input_path is None and (query_name is None or candidate_name is None):
        fail("give NAME and LISTED_NAME, or --input PAIRS.jsonl (with --output RESULTS.jsonl)")
    if input_path is not None and (query_name is not None or output_path is None):
        fail("--input takes no names and needs --output RESULTS.jsonl")
    if input_path is not None and output_path is not None:
        _check_outputs([output_path], [input_path], jsonl=output_path)
    try:
        words = store_words(settings.data_dir)
    except StoreError as exc:
        fail(str(exc))
    if input_path is None:
        assert query_name is not None and candidate_name is not None
        try:
            query, candidate = name_pair(query_name, candidate_name, schema)
        except QueryError as exc:
            fail(str(exc))
        result = Comparer(words, threshold=threshold).compare(query, candidate)
        verdict = "MATCH" if result.match else "no match"
        out.print(Text(f"{result.score:.3f} {verdict}"))
        out.print(Text(result.explanation))
        return
    assert output_path is not None
    recipe = WorkerRecipe(comparing_function, {"threshold": threshold, "words": words})
    total = count_lines(input_path)
    started = time.perf_counter()
    # Workers start before the progress bar's thread: forking is safe only then.
    with (
        _interruptible(),
        WorkerPool(recipe, workers=plan_workers(workers or default_workers(), total)) as pool,
        Progress(*Progress.get_default_columns(), console=err, transient=True) as progress,
    ):
        task = progress.add_task("comparing", total=total)
        stats = run_file(pool, input_path, output_path, tally="match",
                         on_progress=lambda n: progress.update(task, completed=n))  # fmt: skip
    took = time.perf_counter() - started
    matched = stats.tally.get("True", 0)
    err.print(escape(f"compared {stats.lines:,} pairs in {took:.1f} s -> {output_path}; "
                     f"{matched:,} matched, {stats.errors:,} with errors"))  # fmt: skip
    for example in stats.error_examples:
        err.print(f"  [red]error:[/] {escape(example)}")
    if matched or stats.errors:
        sys.exit(EXIT_ATTENTION)


# -- screen -----------------------------------------------------------------------


@main.command("screen")
@click.argument(
    "input_path", metavar="INPUT", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--output", "output_path", type=click.Path(dir_okay=False, path_type=Path),
              help="JSON-lines results (default: OUT_DIR/<input>.results.jsonl); the CSV and "
                   "HTML report are written beside it.")  # fmt: skip
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("caspian-out"), show_default=True,
              help="Folder for the outputs when --output is not given.")  # fmt: skip
@click.option("--dataset", "datasets", multiple=True, type=EXISTING,
              help="List file or folder to screen parties against (repeatable); "
                   "default: the store.")  # fmt: skip
@click.option("--policy", "policy_path", type=EXISTING_FILE,
              help="Policy file (TOML) replacing the default policy.")  # fmt: skip
@click.option("--mapping", type=EXISTING_FILE,
              help="Column mapping (TOML) for headers not recognised.")  # fmt: skip
@click.option("--sheet", help="Excel sheet to read (default: the first with order columns).")
@click.option("--since-lists", "since", multiple=True, metavar="OLD_VERSION",
              help="Screen parties only against entities added or changed since this snapshot "
                   "(e.g. ofac-sdn@2024-05-03 or 12; repeatable).")  # fmt: skip
@click.option("--workers", type=click.IntRange(1, 64), help="Processes to use.")
@DATASET_TRUNCATED_OPTION
@click.pass_obj
def screen_command(
    settings: Settings, input_path: Path, output_path: Path | None, out_dir: Path,
    datasets: tuple[Path, ...], policy_path: Path | None, mapping: Path | None,
    sheet: str | None, since: tuple[str, ...], workers: int | None,
) -> None:  # fmt: skip
    """Screen an order book (CSV, Excel or JSON lines): parties, items, route, red flags,
    one explained decision per order; results as JSON lines, CSV and an HTML report.

    Exit code: 0 all clear, 1 something to review or block, 2 error.
    """
    outputs = Outputs.beside(output_path or out_dir / f"{input_path.stem}.results.jsonl")
    inputs = [input_path, *datasets, *(p for p in (policy_path, mapping) if p)]
    _check_outputs([outputs.jsonl, outputs.csv, outputs.report], inputs, jsonl=output_path)
    try:
        policy = load_policy(policy_path) if policy_path else default_policy()
    except RuleError as exc:
        fail(str(exc))
    notes: list[str] = []
    if since:
        try:
            data, notes = changed_since(settings.data_dir, since)
        except StoreError as exc:
            fail(str(exc))
        policy = replace(policy, rules=tuple(r for r in policy.rules if r.kind == "party"),
                         scope="party rules only (--since-lists)")  # fmt: skip
    else:
        data = _screening_data(settings, datasets)
    try:
        run, records = open_book(input_path, mapping=mapping, sheet=sheet)
    except TableError as exc:
        fail(str(exc))
    _describe_input(run)
    for warning in _freshness_warnings(settings, data):
        err.print(f"[yellow]warning:[/] {escape(warning)}")
    for note in notes:
        err.print(f"[cyan]note:[/] {escape(note)}")
    today = freshness.today_utc()
    lists_used = [
        {**v.as_dict(),
         "warnings": freshness.warnings([v], today=today, max_age_days=settings.max_age_days)
                     + ([data.store_note] if data.store_note and v.bundled else [])}
        for v in data.versions
    ]  # fmt: skip
    recipe = WorkerRecipe(screening_function, {"entities": data.entities, "policy": policy,
                                               "lists": lists_used,
                                               "words": data.words})  # fmt: skip
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("rows"), RateColumn(), TimeRemainingColumn(),
               TimeElapsedColumn()]  # fmt: skip
    # Workers start before the progress bar's thread: forking is safe only then.
    with (
        _interruptible(),
        WorkerPool(
            recipe, workers=plan_workers(workers or default_workers(), run.total_rows)
        ) as pool,
        Progress(*columns, console=err, transient=True) as progress,
    ):
        task = progress.add_task("screening", total=run.total_rows)
        try:
            screen_book(run, records, pool, outputs, lists=lists_used,
                        title=f"Caspian screening of {input_path.name}", notes=notes,
                        provenance=provenance.for_screening(policy, default_config()),
                        on_progress=lambda n: progress.update(task, completed=n))  # fmt: skip
        except TableError as exc:
            fail(f"{exc}\nno output was written")
    _summary(run, outputs)
    stats = run.stats
    if stats.tally.get("BLOCK") or stats.tally.get("REVIEW") or stats.errors:
        sys.exit(EXIT_ATTENTION)


class RateColumn(ProgressColumn):
    """Rows per second, for a scheduler's log and an impatient reader."""

    def render(self, task: Task) -> Text:
        speed = task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "", style="progress.data.speed")


MAX_SHOWN = 20  # columns named in the column report; more are counted


def _some(texts: list[str], what: str) -> str:
    """ "'A', 'B'" or, for a long list, "16,384 columns; the first 20: 'A', ...". """
    if len(texts) <= MAX_SHOWN:
        return ", ".join(texts)
    return f"{len(texts):,} {what}; the first {MAX_SHOWN}: {', '.join(texts[:MAX_SHOWN])}"


def _describe_input(run: BookRun) -> None:
    """The column report: what was understood of the input before any order is read.
    Every text from the file (names, headers, notes) is printed as written."""
    info = run.info
    what = f"{info.path.name}: {info.format}"
    if info.encoding:
        what += f", {info.encoding}"
    if info.delimiter:
        what += f", delimiter {info.delimiter!r}"
    if info.sheet:
        what += f", sheet {info.sheet!r}"
    err.print(f"[bold]{escape(what)}[/]")
    if info.columns:
        understood = [f"{header!r} -> {field}" for header, field in info.columns.items()]
        err.print(escape(f"  columns understood: {_some(understood, 'columns')}"))
    if info.ignored:
        ignored = [repr(h) for h in info.ignored]
        err.print(escape(f"  columns ignored: {_some(ignored, 'columns')}"))
    for note in info.notes:
        err.print(escape(f"  note: {note}"))
    run.notes_shown = list(info.notes)


def _summary(run: BookRun, outputs: Outputs) -> None:
    stats = run.stats
    rate = stats.lines / run.seconds if run.seconds else 0.0
    table = Table(title=f"Screened {stats.lines:,} orders in {run.seconds:.1f} s ({rate:,.0f}/s)",
                  title_justify="left")  # fmt: skip
    table.add_column("decision")
    table.add_column("orders", justify="right")
    for decision in ("BLOCK", "REVIEW", "CLEAR"):
        table.add_row(decision, f"{stats.tally.get(decision, 0):,}")
    table.add_row("errors", f"{stats.errors:,}")
    if run.skipped_rows:
        table.add_row("rows skipped", f"{run.skipped_rows:,}")
    err.print(table)
    shown = set(run.notes_shown)
    for note in run.info.notes:  # found while the orders were read
        if note not in shown:
            err.print(escape(f"  note: {note}"))
    for example in stats.error_examples:
        err.print(f"  [red]error:[/] {escape(example)}")
    err.print(escape(f"report: {outputs.report}\nresults: {outputs.jsonl}\ntable: {outputs.csv}"))


# -- export and demo -------------------------------------------------------------


@main.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["ftm", "csv"]), default="ftm", show_default=True
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout."
)
@click.pass_obj
def export(settings: Settings, fmt: str, output: Path | None) -> None:
    """Write the active entities out as FollowTheMoney JSON lines or CSV."""
    from caspian.io.tables import write_entities_csv

    with settings.store(write=False) as store:
        entities = store.active_entities()
    if fmt == "ftm":
        if output:
            with output.open("wb") as fh:
                count = write_entities(entities, fh)
        else:
            count = write_entities(entities, sys.stdout.buffer)
    elif output:
        with output.open("w", encoding="utf-8", newline="") as fh:
            count = write_entities_csv(entities, fh)
    else:
        count = write_entities_csv(entities, sys.stdout)
    if output:
        err.print(f"wrote {count:,} entities to {output}")


@main.command("demo")
@click.option("--book", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Order book to screen (default: the example book in the package).")  # fmt: skip
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("caspian-out"), show_default=True)  # fmt: skip
@click.pass_context
def demo(ctx: click.Context, book: Path | None, out_dir: Path) -> None:
    """The main job on the embedded data: screen the example order book, write the report.

    With no official list loaded, this runs offline against the bundled snapshot.
    """
    book = book or examples.path(examples.ORDER_BOOK)
    if not book.is_file():
        fail(f"order book not found at {book}; pass --book FILE")
    ctx.invoke(lists_status, as_json=False)
    try:
        ctx.invoke(screen_command, input_path=book, output_path=None, out_dir=out_dir,
                   datasets=(), policy_path=None, mapping=None, sheet=None, since=(),
                   workers=None)  # fmt: skip
    except SystemExit as exc:
        if exc.code not in (None, EXIT_OK, EXIT_ATTENTION):
            raise
    out.print(escape(f"Open {out_dir / (book.stem + '.report.html')} in a browser to read the "
                     f"report."))  # fmt: skip


if __name__ == "__main__":
    main()
