// placeholder until the simulator lands
print("capzflow-sim: not built yet")
