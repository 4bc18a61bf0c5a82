"""A SparkSession for the jobs: local mode by default, the cluster's under ``spark-submit``.

pyspark is optional: it is imported only here, lazily, and its absence is reported as
:class:`~tradeguard.errors.Unavailable` with the install line. Nothing is downloaded: only the
jars shipped in the pyspark wheel are used.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tradeguard.errors import Unavailable

__all__ = ["LOCAL_CONF", "PYSPARK_PIN", "find_java_home", "spark_session"]

PYSPARK_PIN = "pyspark==4.3.0"

#: Settings for a small local session (tests, one machine): few shuffle partitions, no UI.
LOCAL_CONF: Mapping[str, str] = {
    "spark.sql.shuffle.partitions": "2",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.memory": "2g",
    "spark.default.parallelism": "2",
}

#: Settings every session gets: UTC, Arrow transfers, partition values read as text.
BASE_CONF: Mapping[str, str] = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.sources.partitionColumnTypeInference.enabled": "false",
}


def find_java_home() -> str | None:
    """``JAVA_HOME`` if set, else the installation of the ``java`` on the PATH."""
    if os.environ.get("JAVA_HOME"):
        return os.environ["JAVA_HOME"]
    java = shutil.which("java")
    if java is None:
        return None
    return str(Path(java).resolve().parent.parent)


def spark_session(
    master: str | None = "local[2]",
    *,
    app_name: str = "tradeguard-jobs",
    conf: Mapping[str, str] | None = None,
) -> Any:
    """A SparkSession (the active one if there is one).

    ``master=None`` leaves the master to ``spark-submit`` (a cluster); a ``local[...]`` master
    adds :data:`LOCAL_CONF`. Example::

        engine = SparkEngine(spark_session("local[2]"))
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:  # pragma: no cover - depends on the environment
        raise Unavailable(f"the Spark engine needs pyspark: pip install {PYSPARK_PIN}") from None
    home = find_java_home()
    if home is None:
        raise Unavailable("the Spark engine needs Java 17 or later (java on the PATH)")
    os.environ.setdefault("JAVA_HOME", home)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    settings = dict(BASE_CONF)
    if master is not None:
        builder = builder.master(master)
        if master.startswith("local"):
            settings.update(LOCAL_CONF)
            warehouse = Path(tempfile.gettempdir()) / "tradeguard-spark-warehouse"
            settings["spark.sql.warehouse.dir"] = str(warehouse)
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    settings.update(conf or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
