"""Prefect flows, settings and the command line around the ``transforms`` library.

Importing this package switches off the telemetry of every dependency before any of them
is imported (docmill must run offline and quietly).
"""

from flows.settings import quiet_environment

quiet_environment()
