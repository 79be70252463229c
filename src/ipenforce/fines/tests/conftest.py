"""Collect the YAML cases under ``cases/`` (openfisca-style: ``name``, ``input``, ``output``).

A case file holds one case or a list of cases. ``output`` lists result fields to compare
(numbers compared as decimals); ``errors`` instead lists the expected problems, each
``"$.path"`` or ``"$.path: words"`` (the words must be in the English or Spanish message).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from ipenforce.fines.engine import calculate_json
from ipenforce.fines.errors import CaseError

CASE_KEYS = {"name", "input", "output", "errors", "description"}


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".yaml" and file_path.parent.name == "cases":
        return YamlCaseFile.from_parent(parent, path=file_path)
    return None


class YamlCaseFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        text = self.path.read_text(encoding="utf-8")
        if "# Source:" not in text:
            raise ValueError(f"{self.path.name}: every case file needs a '# Source:' comment line")
        data = yaml.safe_load(text)
        cases = data if isinstance(data, list) else [data]
        for spec in cases:
            unknown = set(spec) - CASE_KEYS
            if unknown or "name" not in spec or "input" not in spec:
                raise ValueError(f"{self.path.name}: bad case {spec.get('name')!r} ({unknown})")
            if ("output" in spec) == ("errors" in spec):
                raise ValueError(f"{self.path.name}: {spec['name']!r} needs output or errors")
            yield YamlCase.from_parent(self, name=str(spec["name"]), spec=spec)


def _same(expected: Any, actual: Any) -> bool:
    numeric = (int, float, Decimal)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return bool(expected == actual)
    if isinstance(expected, numeric) and isinstance(actual, numeric):
        return Decimal(repr(expected)) == Decimal(repr(actual))
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(map(_same, expected, actual))
    if isinstance(expected, dict) and isinstance(actual, dict):
        return all(k in actual and _same(v, actual[k]) for k, v in expected.items())
    return bool(expected == actual)


class YamlCase(pytest.Item):
    def __init__(self, *, spec: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.spec = spec

    def runtest(self) -> None:
        if "errors" in self.spec:
            with pytest.raises(CaseError) as info:
                calculate_json(self.spec["input"])
            problems = info.value.problems
            expected = list(self.spec["errors"])
            assert [p.path for p in problems] == [e.split(": ", 1)[0] for e in expected], problems
            for problem, exp in zip(problems, expected, strict=True):
                if ": " in exp:
                    words = exp.split(": ", 1)[1]
                    assert words in problem.message or words in problem.message_es, problem
            return
        result = calculate_json(self.spec["input"])
        for key, want in self.spec["output"].items():
            assert key in result, f"missing output field {key}"
            assert _same(want, result[key]), f"{key}: expected {want!r}, got {result[key]!r}"

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"case: {self.name}"
