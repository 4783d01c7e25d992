"""Both journey peer comparisons in one run, as ratios: DFG vs pm4py, removal effects vs ChannelAttribution.
    python3 bench/peers/journeys_peers.py [--repeat 7] [--json journeys_peers.json]
"""
import dfg_vs_pm4py
import markov_vs_channelattribution
from _common import main

if __name__ == "__main__":
    main(__doc__, lambda repeat: {"dfg_vs_pm4py": dfg_vs_pm4py.run(repeat),
                                  "markov_vs_channelattribution": markov_vs_channelattribution.run(repeat)})
