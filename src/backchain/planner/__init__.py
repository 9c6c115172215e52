"""The weekly plan: profile, optimisation model, progression and explanation."""
