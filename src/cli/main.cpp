// The `cxscore` command: demo, score, simulate, journeys, drivers, metrics, service, owners, monitor, one
// file each (<name>_command.cpp); this file wires them to the command line and maps errors to exit codes.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "cxscore/error.hpp"
#include "demo_command.hpp"
#include "drivers_command.hpp"
#include "journeys_command.hpp"
#include "metrics_command.hpp"
#include "monitor_command.hpp"
#include "owners_command.hpp"
#include "score_command.hpp"
#include "service_command.hpp"
#include "simulate_command.hpp"

namespace {

constexpr int exit_bad_input = 2;

}  // namespace

int main(int argc, char** argv) {
  using namespace cxscore::cli;
  CLI::App app{"cxscore: customer-experience scoring. Experience is the gap between what the brand led the "
               "customer to expect and what the customer got."};
  app.require_subcommand(1);

  demo_args demo;
  auto* demo_command = add_demo_command(app, demo);
  score_args score;
  auto* score_command = add_score_command(app, score);
  simulate_args simulate;
  auto* simulate_command = add_simulate_command(app, simulate);
  journeys_args journeys;
  auto* journeys_command = add_journeys_command(app, journeys);
  drivers_args drivers;
  auto* drivers_command = add_drivers_command(app, drivers);
  metrics_args metrics;
  auto* metrics_command = add_metrics_command(app, metrics);
  service_args service;
  auto* service_command = add_service_command(app, service);
  owners_args owners;
  auto* owners_command = add_owners_command(app, owners);
  monitor_args monitor;
  auto* monitor_command = add_monitor_command(app, monitor);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help: the usage on standard output, exit code 0
  } catch (const CLI::ParseError& e) {
    // A bad command line is bad input like a bad file: exit code 2 (CLI11's own codes run past 100).
    std::cerr << "error: command line: " << e.what() << "\nRun with --help for more information.\n";
    return exit_bad_input;
  }
  try {
    if (*demo_command) return run_demo(demo);
    if (*score_command) return run_score(score);
    if (*simulate_command) return run_simulate(simulate);
    if (*journeys_command) return run_journeys(journeys);
    if (*drivers_command) return run_drivers(drivers);
    if (*metrics_command) return run_metrics(metrics);
    if (*service_command) return run_service(service);
    if (*owners_command) return run_owners(owners);
    if (*monitor_command) return run_monitor(monitor);
  } catch (const cxscore::input_error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
