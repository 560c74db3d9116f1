from __future__ import annotations

import importlib
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from spil.core.benchmarks import BENCHMARKS


class Command(BaseCommand):
    help = "Run a benchmark and print its figures as one JSON object."

    def add_arguments(self, parser: CommandParser) -> None:
        subparsers = parser.add_subparsers(dest="benchmark", required=True)
        for name, module_path in BENCHMARKS.items():
            try:
                module = importlib.import_module(module_path)
            except ModuleNotFoundError:
                continue
            sub = subparsers.add_parser(name, help=(module.__doc__ or "").strip().split("\n")[0])
            module.add_arguments(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        name = options.pop("benchmark")
        module_path = BENCHMARKS.get(name)
        if module_path is None:
            raise CommandError(f"Unknown benchmark {name!r}")
        module = importlib.import_module(module_path)
        result = module.run(**options)
        self.stdout.write(json.dumps(result, sort_keys=False))
