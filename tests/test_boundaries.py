"""The dependency direction: transforms and schemas never pull in Prefect."""

from __future__ import annotations

import subprocess
import sys


def test_transforms_and_schemas_do_not_import_prefect():
    code = (
        "import sys, schemas, transforms.pipeline, transforms.run, transforms.validate;"
        "import transforms.parsers.text;"
        "assert 'prefect' not in sys.modules, 'prefect imported';"
        "assert 'flows' not in sys.modules, 'flows imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cli_convert_does_not_import_prefect():
    code = "import sys, flows.cli; assert 'prefect' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
