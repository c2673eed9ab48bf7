#!/usr/bin/python3
"""Prints, as JSON, the MIDDLEWARE (or MIDDLEWARE_CLASSES) a settings module
of a real project builds when real Python imports it: from the package root
ROOT, with an empty environment, and with a stub for every package that is
not installed (Django included), except that an import inside a try block
(or `with suppress(...)`) fails when the project does not name the package
in a line that sets something ending in APPS or MIDDLEWARE: the rules
settingspy applies. To check the reader against a project's settings:

    /usr/bin/python3 python_run.py ROOT dotted.settings.module
    go run ./cmd/playground lint --json --root ROOT ROOT/dotted/settings/module.py

and compare the lists (DEBUG as the file computes it from the empty
environment, so lint without --debug). Files that need more than the
environment (a secret key, a file next to them) fail here and not there.
"""
import ast
import importlib
import importlib.abc
import importlib.machinery
import io
import json
import os
import sys
import tokenize
import types

root, module = sys.argv[1], sys.argv[2]
os.environ.clear()
sys.path.insert(0, root)
sys.argv = ["manage.py"]

class Stub:
    def __init__(self, *a, **k): pass
    def __getattr__(self, n):
        if n.startswith("__"): raise AttributeError(n)
        return Stub()
    def __call__(self, *a, **k): return Stub()
    def __iter__(self): return iter(())
    def __add__(self, o): return Stub()
    __radd__ = __or__ = __ror__ = __add__
    def __getitem__(self, k): return Stub()
    def __str__(self): return "stub"
    def __fspath__(self): return "/stub"
    def __truediv__(self, o): return Stub()

class StubModule(types.ModuleType):
    __path__ = []
    def __getattr__(self, n):
        if n.startswith("__"): raise AttributeError(n)
        return Stub()

listed = set()
def scan(path):
    try:
        toks = list(tokenize.generate_tokens(io.StringIO(open(path).read()).readline))
    except Exception:
        return
    line = []
    for t in toks:
        if t.type not in (tokenize.NEWLINE, tokenize.ENDMARKER):
            line.append(t); continue
        if any(x.type == tokenize.NAME and (x.string.endswith("APPS") or "MIDDLEWARE" in x.string) for x in line):
            for x in line:
                if x.type == tokenize.STRING:
                    try: v = ast.literal_eval(x.string)
                    except Exception: continue
                    if isinstance(v, str) and v: listed.add(v.split(".")[0])
        line = []

tested = {}
def tested_lines(file):
    if file not in tested:
        lines = set()
        try: tree = ast.parse(open(file).read())
        except Exception: tree = ast.Module(body=[], type_ignores=[])
        for node in ast.walk(tree):
            body = []
            if isinstance(node, ast.Try) and node.handlers: body = node.body
            elif isinstance(node, ast.With) and all(isinstance(i.context_expr, ast.Call) and getattr(i.context_expr.func, "id", getattr(i.context_expr.func, "attr", "")) == "suppress" for i in node.items): body = node.body
            for st in body:
                for sub in ast.walk(st):
                    if isinstance(sub, (ast.Import, ast.ImportFrom)): lines.add(sub.lineno)
        tested[file] = lines
    return tested[file]

class Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        top = name.split(".")[0]
        f = sys._getframe(1)
        while f and (f.f_code.co_filename.startswith("<") or "importlib" in f.f_code.co_filename):
            f = f.f_back
        if f and f.f_code.co_filename.startswith(os.path.abspath(root)) and f.f_lineno in tested_lines(f.f_code.co_filename) and top not in listed:
            return None
        return importlib.machinery.ModuleSpec(name, self, is_package=True)
    def create_module(self, spec): return StubModule(spec.name)
    def exec_module(self, m): pass
sys.meta_path.append(Finder())

class Scanner(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        base = os.path.join(os.path.abspath(root), *name.split("."))
        for p in (base + ".py", os.path.join(base, "__init__.py")):
            if os.path.exists(p): scan(p)
        return None
sys.meta_path.insert(0, Scanner())

m = importlib.import_module(module)
v = getattr(m, "MIDDLEWARE", None)
if v is None: v = getattr(m, "MIDDLEWARE_CLASSES", None)
print(json.dumps([str(x) for x in v] if v is not None else None))
