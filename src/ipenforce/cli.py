"""The `ipenforce` command.

Short verbs over Django's management commands, plus pure commands (`fine`, `parties dedupe`)
that never load Django so that they start fast. Bad input exits with status 2.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

USAGE = """\
uso / usage: ipenforce COMANDO [opciones]

Comandos / commands:
  run [--port N] [--no-worker]   sirve la plataforma (y un worker) / serve the platform
  worker [opciones db_worker]    ejecuta trabajos en segundo plano / run background jobs
  migrate                        prepara o actualiza la base de datos / migrate the database
  demo                           carga los datos de demostración / load demo data (once)
  fine calculate FILE|- [--format json|text]
  fine bodies                    multas DS 032-2021-PCM / fines
  parties dedupe IN.csv --out OUT.csv
  parties import-sunat FILE      padrón reducido RUC de SUNAT
  campaign load DIR | campaign report NAME [--json]
  documents orphans [--delete] [--older-than MINUTES]
                                 PDF sin documento emitido / unreferenced PDFs
  manage ARGS...                 cualquier comando de Django / any Django management command

DATABASE_URL selecciona la base de datos (sqlite:///ruta o postgres://...).
"""


def _django_setup() -> None:
    src = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if src not in sys.path:
        sys.path.insert(0, src)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipenforce.settings")
    import django

    django.setup()


def _manage(args: Sequence[str]) -> int:
    _django_setup()
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["ipenforce", *args])
    except SystemExit as exc:
        return int(exc.code or 0) if isinstance(exc.code, int) else (2 if exc.code else 0)
    return 0


def _call(name: str, *args: str) -> int:
    """Run a management command; CommandError becomes a message on stderr and its returncode.

    Option errors (an unknown option, a missing value: Django raises them as CommandError
    "Error: …" with returncode 1 under call_command) exit 2, like argparse on the command line.
    """
    _django_setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command(name, *args)
    except CommandError as exc:
        print(f"ipenforce: {exc}", file=sys.stderr)
        if str(exc).startswith("Error: "):
            return 2
        return int(getattr(exc, "returncode", 2) or 2)
    return 0


def _run(args: list[str]) -> int:
    import subprocess

    port = "8000"
    host = "127.0.0.1"
    with_worker = True
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--port" and rest:
            port = rest.pop(0)
        elif arg == "--host" and rest:
            host = rest.pop(0)
        elif arg == "--no-worker":
            with_worker = False
        else:
            print(f"ipenforce run: opción desconocida / unknown option: {arg}", file=sys.stderr)
            return 2
    worker = None
    if with_worker:
        worker = subprocess.Popen([sys.executable, "-m", "ipenforce.cli", "worker"])
    try:
        return _manage(["runserver", f"{host}:{port}", "--noreload"])
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)


def _fine(args: list[str]) -> int:
    from ipenforce.fines.cli import main as fines_main

    return fines_main(args)


def _parties(args: list[str]) -> int:
    if args[:1] == ["dedupe"]:
        from ipenforce.matching.cli import dedupe_main

        return dedupe_main(args[1:])
    if not args:
        print("uso: ipenforce parties dedupe|import-sunat ...", file=sys.stderr)
        return 2
    return _call(f"parties_{args[0].replace('-', '_')}", *args[1:])


def _campaign(args: list[str]) -> int:
    if not args or args[0] not in {"load", "report"}:
        print("uso: ipenforce campaign load DIR | campaign report NAME [--json]", file=sys.stderr)
        return 2
    return _call(f"campaign_{args[0]}", *args[1:])


def _documents(args: list[str]) -> int:
    if args[:1] != ["orphans"]:
        print("uso: ipenforce documents orphans [--delete] [--older-than MINUTES]", file=sys.stderr)
        return 2
    return _call("documents_orphans", *args[1:])


COMMANDS: dict[str, Callable[[list[str]], int]] = {
    "run": _run,
    "worker": lambda a: _manage(["db_worker", *a]),
    "migrate": lambda a: _manage(["migrate", *a]),
    "demo": lambda a: _call("load_demo", *a),
    "manage": _manage,
    "fine": _fine,
    "parties": _parties,
    "campaign": _campaign,
    "documents": _documents,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0 if args else 2
    command = COMMANDS.get(args[0])
    if command is None:
        print(f"ipenforce: comando desconocido / unknown command: {args[0]}\n", file=sys.stderr)
        print(USAGE, file=sys.stderr)
        return 2
    return command(args[1:])


if __name__ == "__main__":
    sys.exit(main())
