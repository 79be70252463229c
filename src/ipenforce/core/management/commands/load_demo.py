from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ipenforce.core.demo import load_all


class Command(BaseCommand):
    help = "Carga los datos de demostración (idempotente) / load demo data (idempotent)"

    def handle(self, *args: Any, **options: Any) -> None:
        lines = load_all()
        self.stdout.write("Cuentas de demostración / demo accounts (usuario, contraseña, rol):")
        for line in lines:
            self.stdout.write(line)
