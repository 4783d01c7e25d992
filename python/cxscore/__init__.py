"""cxscore: customer-experience scoring. Experience is the gap between what the brand led the customer
to expect and what the customer got; cxscore measures it per encounter, customer, touchpoint, owner,
phase, channel and segment, with a C++ core.

>>> import cxscore
>>> sim = cxscore.simulate(customers=500, seed=1)
>>> result = cxscore.score(sim.events, sim.journey_map, sim.model, sim.customers)
>>> 0 <= result.brand_index <= 100
True
"""

from ._core import JourneyMap, Model, __version__
from ._drivers import KeyDriverRegressor, driver_table, drivers, fix_first, importance_weights
from ._errors import InputError
from ._journeys import JourneysResult, journeys, markov_from_paths
from ._live import LiveScorer
from ._memory import release_memory
from ._metrics import metrics
from ._monitor import MonitorResult, monitor
from ._plot import plot_drivers
from ._read import read_events, read_map
from ._report import report
from ._score import ScoreResult, score
from ._service import OwnersResult, owners, service
from ._simulate import Simulation, simulate

__all__ = ["InputError", "JourneyMap", "JourneysResult", "KeyDriverRegressor", "LiveScorer", "Model", "MonitorResult",
           "OwnersResult", "ScoreResult", "Simulation", "__version__", "driver_table", "drivers", "fix_first",
           "importance_weights", "journeys", "markov_from_paths", "metrics", "monitor", "owners", "plot_drivers",
           "read_events", "read_map", "release_memory", "report", "score", "service", "simulate"]
