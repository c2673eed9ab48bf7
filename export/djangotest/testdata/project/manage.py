#!/usr/bin/env python3
"""The conformance harness's demo site as a project `manage.py test` runs:
the export's test runs the exported tests.py as myapp/tests.py here."""
import os
import sys

if __name__ == '__main__':
    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'demosite.settings')
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
