"""Import contracts: generate them from units and layers, check them, keep their baselines."""
