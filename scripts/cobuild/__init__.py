"""Cobuild's Python toolkit: deployment, project helpers, ranking and the money model.

One module that scripts, the scenario runner, the benchmark, the console and the tests share.
"""

from . import brownie_fixes

brownie_fixes.apply()
