"""Mixes garbage with valid protocol lines, then succeeds."""
print('{"event": "start", "total_steps": 3}')
print("this is not json")
print('{"step": 1, "metrics": {"train/loss": 2.0}}')
print('{"step": "two", "metrics": {}}')
print("\x00\x01 binary junk \xff")
print('{"step": 2, "metrics": {"train/loss": 1.5}}')
print('{"event": "teleport"}')
print('{"step": 3, "metrics": {"train/loss": 1.25}}')
