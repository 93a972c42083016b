"""Benchmarks of the bot at the report's size (1×) and at 100× (``make bench``, not ``make test``).

``python -m bench.run`` builds the databases in a temporary folder, drives the real Application
through the loopback Bot API emulator, and writes ``docs/performance.md``.
"""
