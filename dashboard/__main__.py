"""Command line: `python -m dashboard` runs the app; `check` validates the atlas data;
`template` prints the CSV template for a teacher's own events, `validate FILE` checks one;
`db upgrade` brings the class sets' database (DATABASE_URL, else SETS_DB) up to date,
as the app itself does when it starts; `handouts` makes the handouts kept on disk
(HANDOUTS_DIR), so that a deploy can bake them.

Both load every geodata layer first; bad data ends the command with one line per
problem (file, feature, field) and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

from .atlas.data import Atlas, DataError, load_atlas
from .classroom.db import DatabaseError, open_database
from .classroom.teacher import check_file, template, with_teacher_events
from .server.config import Settings


def summary(atlas: Atlas) -> str:
    events = atlas.events
    lines = [
        f"OK: {len(events)} events, {len(atlas.territories)} territories, "
        f"{len(atlas.basemap)} basemap outlines",
        "",
        "Events per theater:",
    ]
    for theater, n in events["theater"].value_counts().sort_index().items():
        lines.append(f"  {theater:<16} {n:>3}")
    lines.append("Events per decade:")
    decades = Counter((y // 10) * 10 for y in events["start_year"])
    for decade in sorted(decades):
        lines.append(f"  {decade}s {decades[decade]:>6}")
    lines.append("Territories:")
    for row in atlas.territories.itertuples():
        lines.append(f"  {row.label} ({row.valid_from} to {row.valid_to})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "command",
        nargs="?",
        choices=["run", "check", "template", "validate", "db", "handouts"],
        default="run",
        help="run the app (default); check the atlas data; print the CSV template for "
        "your own events; validate FILE, a CSV or GeoJSON of your own events; make the "
        "handouts kept on disk (handouts)",
    )
    parser.add_argument(
        "file", nargs="?", type=Path, help="the file for `validate`; `upgrade` for `db`"
    )
    parser.add_argument(
        "--events", type=Path, help="a CSV or GeoJSON of your own events, shown as a layer"
    )
    parser.add_argument("--host", help="interface to listen on (default 127.0.0.1, or $HOST)")
    parser.add_argument("--port", type=int, help="port (default 8050, or $PORT)")
    parser.add_argument("--debug", action="store_true", help="Dash dev tools and reloader")
    parser.add_argument(
        "--jobs", type=int, default=1, help="handouts: how many to make at once (a process each)"
    )
    args = parser.parse_args(argv)

    if args.command == "validate":
        if args.file is None:
            parser.error("validate needs a FILE: python -m dashboard validate my-events.csv")
        checked = check_file(args.file)
        for note in checked.notes:  # how the file was read, where that was guessed
            print(f"note: {note}", file=sys.stderr)
        for problem in checked.problems:
            print(problem, file=sys.stderr)
        if checked.problems:
            return 1
        print(f"OK: {len(checked.events)} events in {args.file.name}")
        return 0

    settings = Settings.from_env()
    if args.command == "db":
        if str(args.file) != "upgrade":
            parser.error("db takes one action: python -m dashboard db upgrade")
        try:
            open_database(settings.sets_url)
        except DatabaseError as err:
            print(err, file=sys.stderr)
            return 1
        print("OK: the class sets' database is up to date")
        return 0
    if args.events is not None:
        settings = replace(settings, extra_events=args.events)
    try:
        atlas = load_atlas(settings.data_dir)
        if settings.extra_events is not None:
            atlas = with_teacher_events(atlas, settings.extra_events)
    except DataError as err:
        print(err.report(), file=sys.stderr)
        return 1
    if args.command == "check":
        print(summary(atlas))
        return 0
    if args.command == "template":
        sys.stdout.write(template())
        return 0
    if args.command == "handouts":
        from .lesson.prepared import Shelf, prepare_all

        shelf = Shelf(settings.handouts_dir, atlas)
        if not prepare_all(shelf, args.jobs):
            print(f"Some handouts could not be made in {shelf.folder}", file=sys.stderr)
            return 1
        print(f"OK: the handouts are in {shelf.folder}")
        return 0

    from .app import create_app

    try:
        app = create_app(replace(settings, extra_events=None), atlas)  # already added
    except DatabaseError as err:
        print(err, file=sys.stderr)
        return 1
    debug = args.debug or settings.debug
    app.run(host=args.host or settings.host, port=args.port or settings.port, debug=debug)
    return 0


if __name__ == "__main__":
    sys.exit(main())
