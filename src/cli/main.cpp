// The `cxscore` command: demo, score, simulate, journeys, drivers, metrics, service, owners, monitor, one
// file each (<name>_command.cpp); this file wires them to the command line and maps errors to exit codes.
#include <CLI/CLI.hpp>

#include <exception>
#include <functional>
#include <iostream>
#include <memory>
#include <vector>

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

using namespace cxscore::cli;

constexpr int exit_bad_input = 2;

/// A subcommand, and what runs it with the arguments the command line gave it.
struct command {
  CLI::App* subcommand;
  std::function<int()> run;
};

template <class Args>
command add(CLI::App& app, CLI::App* (*add_command)(CLI::App&, Args&), int (*run_command)(const Args&)) {
  auto args = std::make_shared<Args>();
  return {add_command(app, *args), [args, run_command] { return run_command(*args); }};
}

int run(int argc, char** argv) {
  CLI::App app{
      "cxscore: customer-experience scoring. Experience is the gap between what the brand led the "
      "customer to expect and what the customer got."};
  app.require_subcommand(1);
  const std::vector<command> commands = {
      add(app, add_demo_command, run_demo),         add(app, add_score_command, run_score),
      add(app, add_simulate_command, run_simulate), add(app, add_journeys_command, run_journeys),
      add(app, add_drivers_command, run_drivers),   add(app, add_metrics_command, run_metrics),
      add(app, add_service_command, run_service),   add(app, add_owners_command, run_owners),
      add(app, add_monitor_command, run_monitor)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help: the usage on standard output, exit code 0
  } catch (const CLI::ParseError& e) {
    // A bad command line is bad input like a bad file: exit code 2 (CLI11's own codes run past 100).
    std::cerr << "error: command line: " << e.what() << "\nRun with --help for more information.\n";
    return exit_bad_input;
  }
  for (const command& c : commands)
    if (*c.subcommand) return c.run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const cxscore::input_error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  } catch (...) {
    std::cerr << "error: an exception that is not a std::exception\n";
    return 1;
  }
}
