"""`make lab`: JupyterLab on notebooks/explore.ipynb, read-only on the warehouse.

PORT (default 8888) and LAB_ARGS (extra JupyterLab arguments, split like a shell would)
come from the environment, so nothing a user types reaches a shell. As root (the usual
container) JupyterLab needs --allow-root; no browser is opened on a headless machine.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from shared_funnel.build import PROJECT_DIR


def command(environ: dict[str, str] | None = None) -> list[str]:
    environ = dict(os.environ if environ is None else environ)
    port = environ.get("PORT") or "8888"
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise SystemExit(f"PORT={port!r} is not a port number (1-65535), e.g. make lab PORT=8890")
    args = [str(Path(sys.executable).with_name("jupyter")), "lab",
            str(PROJECT_DIR / "notebooks" / "explore.ipynb"), f"--port={port}", "--no-browser"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    try:
        args += shlex.split(environ.get("LAB_ARGS") or "")
    except ValueError as exc:
        raise SystemExit(f"LAB_ARGS could not be split into arguments ({exc}): "
                         f"{environ.get('LAB_ARGS')!r}") from None
    return args


def main() -> None:
    args = command()
    print(f"==> JupyterLab on port {args[3].split('=')[1]} (Ctrl-C to stop)", flush=True)
    os.execv(args[0], args)


if __name__ == "__main__":
    main()
