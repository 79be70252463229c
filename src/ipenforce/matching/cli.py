"""Batch face of the engine: ``ipenforce parties dedupe INPUT.csv --out CLUSTERS.csv``.

``dedupe_main(argv)`` takes the arguments after ``parties dedupe``; the top-level ``ipenforce``
command calls it without loading Django. Also runnable as
``python -m ipenforce.matching.cli INPUT.csv --out CLUSTERS.csv``.

Exit 0 on success, 2 with a message on standard error for a missing file, a missing required
column, duplicate record_ids, or a file that is not UTF-8 CSV. The output is written to a
temporary file beside the target and renamed into place, so a failure leaves no partial file.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import polars as pl

from ipenforce.matching.records import INPUT_COLUMNS

REQUIRED = ("record_id", "name")


class InputError(Exception):
    """A problem with the input file, reported to the user with exit status 2."""


def read_input(path: Path) -> pl.DataFrame:
    """Read and check INPUT.csv; every column is read as text."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}: line {line}: not UTF-8 text ({exc.reason})") from exc
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(f"{path}: line {line}: not a CSV file (binary data)")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{path}: empty file, expected a header row") from None
    except csv.Error as exc:
        raise InputError(f"{path}: line 1: not a valid CSV header ({exc})") from exc
    header = [h.strip() for h in header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(
            f"{path}: missing required column(s): {', '.join(missing)} "
            f"(header is: {','.join(header)})"
        )
    wanted = {c: header.index(c) for c in INPUT_COLUMNS if c in header}
    columns: dict[str, list[str | None]] = {c: [] for c in wanted}
    lines: list[int] = []
    try:
        for row in reader:
            if not row or all(not cell.strip() for cell in row):
                continue  # blank line
            if len(row) != len(header):
                raise InputError(
                    f"{path}: line {reader.line_num}: {len(row)} fields, the header has "
                    f"{len(header)}: not a well-formed CSV row"
                )
            for c, i in wanted.items():
                value = row[i].strip()
                columns[c].append(value or None)
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise InputError(f"{path}: line {reader.line_num}: not valid CSV ({exc})") from exc
    ids = columns["record_id"]
    empty = [ln for ln, rid in zip(lines, ids, strict=True) if rid is None]
    if empty:
        raise InputError(f"{path}: empty record_id on line(s) {_list(empty)}")
    seen: dict[str, list[int]] = defaultdict(list)
    for ln, rid in zip(lines, ids, strict=True):
        seen[str(rid)].append(ln)
    dups = {rid: lns for rid, lns in seen.items() if len(lns) > 1}
    if dups:
        shown = "; ".join(f"{rid!r} on lines {_list(lns)}" for rid, lns in list(dups.items())[:10])
        more = f" (and {len(dups) - 10} more)" if len(dups) > 10 else ""
        raise InputError(f"{path}: duplicate record_id: {shown}{more}")
    return pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))


def _list(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers[:10]) + (" ..." if len(numbers) > 10 else "")


def write_atomic(path: Path, df: pl.DataFrame) -> None:
    """Write CSV to a temporary file in the target directory, then rename it into place."""
    directory = path.resolve().parent
    if not directory.is_dir():
        raise InputError(f"{path}: the output directory does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            df.write_csv(f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def dedupe_main(argv: list[str]) -> int:
    """``dedupe INPUT.csv --out CLUSTERS.csv``: write record_id,cluster_id for every record."""
    ap = argparse.ArgumentParser(
        prog="ipenforce parties dedupe",
        description="Group the records of a list of firms that are the same firm.",
    )
    ap.add_argument("input", type=Path, help="CSV: record_id,name[,ruc,address,district,...]")
    ap.add_argument("--out", type=Path, required=True, help="CSV to write: record_id,cluster_id")
    args = ap.parse_args(argv)

    from ipenforce.matching.dedupe import dedupe

    bar = None
    try:
        df = read_input(args.input)
        if sys.stderr.isatty():
            from tqdm import tqdm

            phases = ["prepare", "block", "score", "cluster"]
            bar = tqdm(total=len(phases) + 1, desc="dedupe", unit="step", file=sys.stderr)

        def progress(phase: str) -> None:
            if bar is not None:
                bar.set_postfix_str(phase)
                bar.update(1)

        out = dedupe(df, progress=progress)
        write_atomic(args.out, out)
        if bar is not None:
            bar.update(1)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if bar is not None:
            bar.close()
    n_clusters = out["cluster_id"].n_unique()
    print(f"{out.height} records, {n_clusters} firms -> {args.out}", file=sys.stderr)
    return 0


def main() -> None:
    raise SystemExit(dedupe_main(sys.argv[1:]))


if __name__ == "__main__":
    main()
