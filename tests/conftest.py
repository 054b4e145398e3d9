"""Felles oppsett for testene.

Hurtigbufferen for innlesingen slås av for alle tester (også underprosesser, som arver
miljøet), så testene ikke fyller brukerens ~/.cache; test_cache.py slår den på med en egen
mappe.
"""

import os

os.environ["TB_CACHE"] = "0"
