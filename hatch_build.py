"""
The wheel build hook: compile `iepmodel._speedups`, the fast writer's encoder, in C.

The encoder is optional. When there is no C compiler, or it fails, or the environment
variable ``IEPMODEL_NO_SPEEDUPS=1`` is set, the wheel is built without it (pure Python)
and `iepmodel` writes JSON with msgspec, orjson or the reference converter instead, the
same bytes more slowly. It needs nothing but CPython's own headers.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = Path("src", "iepmodel", "_speedups.c")


class SpeedupsBuildHook(BuildHookInterface):
    """Compiles ``src/iepmodel/_speedups.c`` into the wheel (or next to it, when editable)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile the encoder; on any failure, say why and build a pure-Python wheel."""
        self._scratch: str | None = None
        if os.environ.get("IEPMODEL_NO_SPEEDUPS", "").strip() not in {"", "0"}:
            self.app.display_info("iepmodel: IEPMODEL_NO_SPEEDUPS is set: no C encoder")
            return
        compiler = sysconfig.get_config_var("CC")
        suffix = sysconfig.get_config_var("EXT_SUFFIX")
        if not compiler or not suffix or sys.platform == "win32":
            self.app.display_info("iepmodel: no C compiler known: no C encoder")
            return
        source = Path(self.root, SOURCE)
        name = f"_speedups{suffix}"
        if version == "editable":
            target = source.with_name(name)  # found through the editable install's path
        else:
            self._scratch = tempfile.mkdtemp(prefix="iepmodel-build-")
            target = Path(self._scratch, name)
        paths = sysconfig.get_paths()
        command = [
            *shlex.split(compiler),
            "-O2",
            "-fPIC",
            "-fno-strict-aliasing",
            f"-I{paths['include']}",
            f"-I{paths['platinclude']}",
            str(source),
            "-o",
            str(target),
        ]
        if sys.platform == "darwin":
            command += ["-bundle", "-undefined", "dynamic_lookup"]
        else:
            command += ["-shared"]
        try:
            # The compiler the interpreter was built with, on the package's own source.
            subprocess.run(command, check=True, capture_output=True, text=True, timeout=300)  # noqa: S603
        except (OSError, subprocess.SubprocessError) as error:
            detail = getattr(error, "stderr", None) or str(error)
            self.app.display_warning(
                f"iepmodel: the C encoder did not compile; pure Python instead:\n{detail}"
            )
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if version != "editable":
            build_data["force_include"][str(target)] = f"iepmodel/{name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """Remove the scratch directory of the compiled file."""
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
