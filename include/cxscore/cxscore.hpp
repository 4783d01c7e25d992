#pragma once
/// Everything cxscore offers, in one include, stage by stage (docs/architecture.md). A program that
/// uses one stage compiles faster with that stage's headers alone: `score.hpp` needs neither Eigen nor
/// the journeys' graph algorithms.

// Core: the journey map, the model, events, the measurement of an encounter, scoring and its summaries.
#include "cxscore/code_column.hpp"
#include "cxscore/customer_table.hpp"
#include "cxscore/dictionary.hpp"
#include "cxscore/encounter.hpp"
#include "cxscore/error.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/group_summary.hpp"
#include "cxscore/group_tables.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/live_scorer.hpp"
#include "cxscore/model.hpp"
#include "cxscore/score.hpp"
#include "cxscore/score_summaries.hpp"
#include "cxscore/summary_bytes.hpp"
#include "cxscore/time.hpp"
#include "cxscore/touchpoint.hpp"
#include "cxscore/value_function.hpp"
#include "cxscore/version.hpp"

// Reading inputs and writing results.
#include "cxscore/io/customers_csv.hpp"
#include "cxscore/io/directly_follows_bytes.hpp"
#include "cxscore/io/event_log_csv.hpp"
#include "cxscore/io/events_csv.hpp"
#include "cxscore/io/json.hpp"
#include "cxscore/io/markov_bytes.hpp"
#include "cxscore/io/outcomes_csv.hpp"
#include "cxscore/io/path_counts_bytes.hpp"
#include "cxscore/io/paths_csv.hpp"
#include "cxscore/io/results_csv.hpp"

// Analyses: journeys, key drivers, service demand, monitoring.
#include "cxscore/drivers/bootstrap.hpp"
#include "cxscore/drivers/cx_metrics.hpp"
#include "cxscore/drivers/driver_table.hpp"
#include "cxscore/drivers/gram_summary.hpp"
#include "cxscore/drivers/key_drivers.hpp"
#include "cxscore/drivers/regression.hpp"
#include "cxscore/drivers/relative_importance.hpp"
#include "cxscore/journeys/directly_follows.hpp"
#include "cxscore/journeys/event_log.hpp"
#include "cxscore/journeys/journey_analytics.hpp"
#include "cxscore/journeys/journey_log.hpp"
#include "cxscore/journeys/journey_summaries.hpp"
#include "cxscore/journeys/markov_chain.hpp"
#include "cxscore/journeys/operational_experience.hpp"
#include "cxscore/monitor/owner_scorecard.hpp"
#include "cxscore/monitor/time_windows.hpp"
#include "cxscore/service/explained_share.hpp"
#include "cxscore/service/service_attribution.hpp"

// Presenting results, and the simulated brand.
#include "cxscore/report/journey_dot.hpp"
#include "cxscore/report/monitor_report.hpp"
#include "cxscore/report/report.hpp"
#include "cxscore/report/service_report.hpp"
#include "cxscore/sim/simulate.hpp"
