"""A walkthrough for data scientists: simulate a brand, score it, find what to fix first.

Run it from anywhere after `pip install .`:  python examples/python/walkthrough.py
"""

import pandas as pd

import cxscore

pd.set_option("display.width", 120)
pd.set_option("display.precision", 3)

# 1. Data. A deterministic synthetic retail brand: a journey map of 14 touchpoints owned by six
#    departments, ~13 encounters per customer (ratings, measured delivery hours against a 48-hour
#    promise, a SERVQUAL survey at the courier handover), customer weights and segments, and the
#    outcomes (NPS, retention). Your own data would be a DataFrame with the same columns.
sim = cxscore.simulate(customers=20_000, seed=42)
print(sim.journey_map)
print(sim.events.head(8), "\n")

# 2. Score. Every encounter is the gap between what the customer expected (the survey's expectation,
#    or the touchpoint's promise) and what they got, valued asymmetrically: losses weigh 2.25 times
#    gains (the prospect preset). The simulated brand ships its model: SERVQUAL items weigh 1/6 each.
result = cxscore.score(sim.events, sim.journey_map, sim.model, sim.customers)
print(result, "\n")

# 3. What to fix first: touchpoints by impact, the loss each causes the average customer (also in index
#    points: impact_points; unmet_share is the share of encounters with the expectation unmet).
worst = result.touchpoints.sort_values("impact")
print("Touchpoints, worst first:")
print(worst[["count", "mean_gap", "unmet_share", "impact", "impact_points"]].head(5), "\n")

# 4. Who owns it: the same roll-up by department. Customer experience is everyone's job.
print("Owners' scorecard:")
print(result.owners.sort_values("impact")[["count", "unmet_share", "contribution_points", "impact_points"]], "\n")

# 5. Service is the cost of poor experience: how much of the loss happens at service touchpoints?
share = result.summary["loss_share"]
print(f"Loss at experience touchpoints: {share['experience']:.0%}, at service touchpoints: {share['service']:.0%}\n")

# 6. Customers: the least happy ones, by segment, ready to join your CRM data by customer id.
customers = result.customers
print("Mean index by segment:")
print(customers.groupby("segment", observed=True)["index"].agg(["count", "mean"]), "\n")
print("Five customers with the lowest index:")
print(customers.nsmallest(5, "index")[["index", "events", "segment"]], "\n")

# 7. Does the score mean something? Customers with a higher index recommend the brand more (NPS).
joined = customers.join(sim.outcomes.set_index("customer"))
joined["band"] = pd.qcut(joined["index"], 4, labels=["lowest", "low", "high", "highest"])
print("Mean NPS rating by index quartile:")
print(joined.groupby("band", observed=True)["nps"].mean().round(2), "\n")

# 8. The classic linear gap score (the servqual preset) weighs gains and losses alike; compare the
#    rankings it gives with the loss-averse prospect preset's.
servqual = cxscore.score(sim.events, sim.journey_map, "servqual", sim.customers)
print("Impact rank, prospect vs servqual:")
print(pd.DataFrame({"prospect": result.touchpoints["impact"].rank(),
                    "servqual": servqual.touchpoints["impact"].rank()}).sort_values("prospect").head(5))
