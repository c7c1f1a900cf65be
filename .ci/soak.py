"""Reads the JSON lines of `simulate --json` on standard input and fails
unless every turn was played and every term of the world and of every
polity stayed a number in [0, 1] (population and counts aside)."""
import json
import math
import sys

turns = int(sys.argv[1])
level = sys.argv[2]
last = None
for number, line in enumerate(sys.stdin):
    state = json.loads(line)
    terms = [("world", state["world"])] + [
        (p.get("name", "polity"), p) for p in state["polities"]
    ]
    for who, values in terms:
        for key in ("score", "domination", "equality", "voluntariness", "legacy"):
            value = values.get(key)
            if value is None:
                continue
            if not (isinstance(value, (int, float)) and math.isfinite(value) and 0 <= value <= 1):
                sys.exit(f"{level}: turn {state['turn']}: {who} {key} = {value}")
    last = state
if last is None or last["turn"] != turns:
    sys.exit(f"{level}: stopped at turn {last and last['turn']}, not {turns}")
print(f"{level}: {turns} turns, world score {last['world']['score']:.3f}")
