#!/usr/bin/python3
"""Writes NAME.expected.json beside every testdata/CASE/NAME.py: the
MIDDLEWARE list that real Python builds when it runs the file.

Run once, after adding or changing a case, with Debian's Python:

    /usr/bin/python3 stack/settingspy/testdata/gen_expected.py

Each file is exec()'d twice, with DEBUG pinned to False and to True (an
assignment to DEBUG in the file is ignored, as settingspy does), with an
empty os.environ, sys.argv == ['manage.py'], and `from .x import *` served
from the files beside it. An import of another package inside a try block
(or `with suppress(...)`) succeeds, with an empty module, when the files of
the case name the package in a line that names a setting ending in APPS or
MIDDLEWARE, and fails otherwise: the project's own dependencies are taken
as installed, as settingspy does. django-environ and python-decouple are replaced
by small fakes with the libraries' behaviour for a missing variable (these
packages are not installed here). The Go tests compare against the
committed JSON and do not need Python.
"""
import ast
import builtins
import glob
import io
import tokenize
import json
import os
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
REAL_IMPORT = builtins.__import__


class Pinned(dict):
    """A namespace in which DEBUG keeps the value it was created with."""

    def __init__(self, debug):
        super().__init__()
        dict.__setitem__(self, "DEBUG", debug)

    def __setitem__(self, key, value):
        if key == "DEBUG":
            return
        dict.__setitem__(self, key, value)


class ImproperlyConfigured(Exception):
    pass


NOTSET = object()
TRUE_STRINGS = ("true", "on", "ok", "y", "yes", "1")


def fake_environ_module(environ):
    class Env:
        def __init__(self, **scheme):
            self.scheme = scheme

        @classmethod
        def read_env(cls, *args, **kwargs):
            return None

        def __call__(self, var, cast=None, default=NOTSET, parse_default=False):
            return self.get_value(var, cast, default)

        def str(self, var, default=NOTSET):
            return self.get_value(var, str, default)

        def bool(self, var, default=NOTSET):
            return self.get_value(var, bool, default)

        def int(self, var, default=NOTSET):
            return self.get_value(var, int, default)

        def list(self, var, cast=None, default=NOTSET):
            return self.get_value(var, list, default)

        def get_value(self, var, cast, default):
            info = self.scheme.get(var)
            if isinstance(info, tuple) and len(info) == 2:
                cast = cast or info[0]
                if default is NOTSET:
                    default = info[1]
            elif info is not None and cast is None:
                cast = info
            if var not in environ:
                if default is NOTSET:
                    raise ImproperlyConfigured("Set the %s environment variable" % var)
                return default
            value = environ[var]
            if cast is None and default is not NOTSET and default is not None:
                cast = type(default)
            if cast is bool:
                try:
                    return int(value) != 0
                except ValueError:
                    return value.lower().strip() in TRUE_STRINGS
            if cast is list:
                return [x for x in value.split(",") if x]
            return cast(value) if cast else value

    m = types.ModuleType("environ")
    m.Env = Env
    return m


def fake_decouple_module(environ):
    class UndefinedValueError(Exception):
        pass

    undefined = object()
    booleans = {"1": True, "yes": True, "true": True, "on": True,
                "0": False, "no": False, "false": False, "off": False, "": False}

    def config(option, default=undefined, cast=undefined):
        if option in environ:
            value = environ[option]
        elif default is not undefined:
            value = default
        else:
            raise UndefinedValueError(option)
        if cast is undefined:
            return value
        if cast is bool:
            return booleans[str(value).lower()]
        return cast(value)

    class Csv:
        def __call__(self, value):
            if value is None:
                return []
            return [p.strip() for p in value.split(",") if p.strip()]

    m = types.ModuleType("decouple")
    m.config = config
    m.Csv = Csv
    m.UndefinedValueError = UndefinedValueError
    return m


def listed_packages(folder):
    """The top-level packages named by strings in the logical lines that
    name a setting ending in APPS or containing MIDDLEWARE."""
    listed = set()
    for file in glob.glob(os.path.join(folder, "*.py")):
        with open(file) as fh:
            toks = list(tokenize.generate_tokens(io.StringIO(fh.read()).readline))
        line = []
        for tok in toks:
            if tok.type not in (tokenize.NEWLINE, tokenize.ENDMARKER):
                line.append(tok)
                continue
            if any(t.type == tokenize.NAME and (t.string.endswith("APPS") or "MIDDLEWARE" in t.string) for t in line):
                for t in line:
                    if t.type == tokenize.STRING:
                        try:
                            value = ast.literal_eval(t.string)
                        except ValueError:
                            continue  # an f-string
                        if isinstance(value, str) and value:
                            listed.add(value.split(".")[0])
            line = []
    return listed


def tested_import_lines(file):
    """Lines of imports in the body of a try block with handlers, or of a
    `with suppress(...)` block."""
    with open(file) as fh:
        tree = ast.parse(fh.read())
    lines = set()
    for node in ast.walk(tree):
        body = []
        if isinstance(node, ast.Try) and node.handlers:
            body = node.body
        elif isinstance(node, ast.With) and all(
                isinstance(i.context_expr, ast.Call) and getattr(i.context_expr.func, "id", "") == "suppress"
                for i in node.items):
            body = node.body
        for stmt in body:
            for sub in ast.walk(stmt):
                if isinstance(sub, (ast.Import, ast.ImportFrom)):
                    lines.add(sub.lineno)
    return lines


def run(path, debug):
    environ = {}
    modules = {}
    fake_os = types.ModuleType("os")
    fake_os.environ = environ
    fake_os.getenv = lambda key, default=None: environ.get(key, default)
    fake_os.path = os.path
    fake_sys = types.ModuleType("sys")
    fake_sys.argv = ["manage.py"]
    fake_sys.path = []
    fakes = {
        "os": fake_os,
        "sys": fake_sys,
        "environ": fake_environ_module(environ),
        "decouple": fake_decouple_module(environ),
    }
    folder = os.path.dirname(path)
    listed = listed_packages(folder)
    tested = {}

    def load(name):
        if name in modules:
            return modules[name]
        file = os.path.join(folder, name + ".py")
        if not os.path.exists(file):
            raise ModuleNotFoundError("No module named %r" % name)
        ns = execute(file)
        mod = types.ModuleType(name)
        mod.__dict__.update(ns)
        modules[name] = mod
        return mod

    def fake_import(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 1:
            if name:
                return load(name)
            pkg = types.ModuleType("settings_pkg")
            for n in fromlist:
                setattr(pkg, n, load(n))
            return pkg
        if name == "django.core.exceptions":
            m = types.ModuleType(name)
            m.ImproperlyConfigured = ImproperlyConfigured
            return m
        top = name.split(".")[0]
        if top in fakes:
            return fakes[top]
        caller = sys._getframe(1)
        file = caller.f_code.co_filename
        if file.startswith(folder) and file not in tested:
            tested[file] = tested_import_lines(file)
        if caller.f_lineno in tested.get(file, ()):
            try:
                return REAL_IMPORT(name, globals, locals, fromlist, level)
            except ImportError:
                if top not in listed:
                    raise
                return types.ModuleType(top)
        return REAL_IMPORT(name, globals, locals, fromlist, level)

    fake_builtins = dict(vars(builtins))
    fake_builtins["__import__"] = fake_import

    def execute(file):
        ns = Pinned(debug)
        ns["__builtins__"] = fake_builtins
        ns["__file__"] = file
        ns["__name__"] = "settings"
        with open(file) as fh:
            code = compile(fh.read(), file, "exec")
        exec(code, ns, ns)
        return ns

    ns = execute(path)
    for setting in ("MIDDLEWARE", "MIDDLEWARE_CLASSES"):
        value = ns.get(setting)
        if value is not None:
            return {"setting": setting, "middleware": list(value)}
    return {"setting": None, "middleware": None}


def main():
    for path in sorted(glob.glob(os.path.join(HERE, "*", "*.py"))):
        out = {"debug_false": run(path, False), "debug_true": run(path, True)}
        target = path[:-3] + ".expected.json"
        with open(target, "w") as fh:
            json.dump(out, fh, indent=2)
            fh.write("\n")
        print(os.path.relpath(target, HERE))


if __name__ == "__main__":
    main()
