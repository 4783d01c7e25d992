"""Both journey peer comparisons in one run, as ratios: DFG vs pm4py, removal effects vs ChannelAttribution.
    python3 bench/peers/journeys_peers.py [--repeat 7] [--json journeys_peers.json]
"""
import argparse
import json

import dfg_vs_pm4py
import markov_vs_channelattribution

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json")
    args = parser.parse_args()
    result = {"dfg_vs_pm4py": dfg_vs_pm4py.run(args.repeat),
              "markov_vs_channelattribution": markov_vs_channelattribution.run(args.repeat)}
    print(json.dumps(result, indent=2))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
