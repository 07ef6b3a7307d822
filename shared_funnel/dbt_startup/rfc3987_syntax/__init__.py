"""Put first on the PYTHONPATH of the dbt processes `make build` starts (build.run_dbt).

jsonschema imports the real rfc3987-syntax (installed for JupyterLab) only to check "iri"
strings, and dbt never asks for that check; building its grammar costs ~1 s of every dbt
start. jsonschema skips the check on an ImportError, so this stand-in raises one.
"""

raise ImportError("rfc3987_syntax is not needed by dbt (shared_funnel/dbt_startup)")
