#!/usr/bin/python3
"""Writes packages/expected.json: the MIDDLEWARE each settings module of
the small project in packages/ builds when real Python imports it from
packages/ (the package root), with an empty environment (DEBUG off) and
with only DEBUG=1 in it (DEBUG on). The Go test reads the same modules with settingspy, DEBUG
pinned off and on and an empty environment.

    /usr/bin/python3 stack/settingspy/testdata/gen_packages.py
"""
import json
import os
import subprocess
import sys

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "packages")
MODULES = ["myproject.settings.base", "myproject.settings.local", "otherapp.settings"]
CODE = (
    "import importlib, json, sys; sys.path.insert(0, sys.argv[1]);"
    "m = importlib.import_module(sys.argv[2]);"
    "print(json.dumps(list(m.MIDDLEWARE)))"
)


def run(module, env):
    out = subprocess.run([sys.executable, "-I", "-c", CODE, HERE, module],
                         env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main():
    expected = {m: {"debug_false": run(m, {}), "debug_true": run(m, {"DEBUG": "1"})} for m in MODULES}
    with open(os.path.join(HERE, "expected.json"), "w") as fh:
        json.dump(expected, fh, indent=2)
        fh.write("\n")


if __name__ == "__main__":
    main()
