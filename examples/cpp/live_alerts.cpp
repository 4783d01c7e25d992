// Live scoring embedded in an application's event loop: events arrive one at a time (here from a queue
// filled by the simulated brand, in time order across customers), each customer's score is updated in
// O(1), and an alert fires when a customer (with at least 3 events) falls below index 30.
//   live_alerts [customers]
#include <cxscore/live_scorer.hpp>
#include <cxscore/score.hpp>
#include <cxscore/sim/simulate.hpp>
#include <cxscore/time.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <queue>

int main(int argc, char** argv) {
  const std::size_t customers = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 2000;
  const cxscore::simulated_brand brand = cxscore::simulate({.customers = customers, .seed = 1});
  const cxscore::event_table& ev = brand.events;

  // The application's inbox: every event, in arrival (time) order.
  std::vector<std::size_t> arrival(ev.size());
  std::iota(arrival.begin(), arrival.end(), std::size_t{0});
  std::stable_sort(arrival.begin(), arrival.end(), [&](auto a, auto b) { return ev.time[a] < ev.time[b]; });
  std::queue<cxscore::live_event> inbox;
  for (const std::size_t i : arrival)
    inbox.push({.customer = ev.customer[i],
                .touchpoint = ev.touchpoint[i],
                .time = ev.time[i],
                .experience = ev.experience[i],
                .expectation = ev.expectation[i],
                .dimension = ev.dimension[i]});

  cxscore::live_scorer live(brand.map, brand.model, ev.customers.size(), ev.dimensions.labels());
  std::size_t alerts = 0;
  live.on_threshold(
      30.0,
      [&](const cxscore::live_alert& a) {
    if (++alerts <= 5)
      std::printf("alert: customer %s just fell below index %.0f (now %.1f) after %s %s at %s\n",
                  ev.customers[a.customer].c_str(), a.threshold, a.index, a.gap < 0 ? "an unmet" : "a met",
                  std::string(a.touchpoint_name).c_str(), cxscore::format_time(a.time).c_str());
      },
      /*min_events*/ 3);  // one rating alone is too little to call a customer lost

  // The event loop.
  while (!inbox.empty()) {
    try {
      live.update(inbox.front());
    } catch (const cxscore::input_error& e) {  // a bad event is refused; the loop goes on
      std::fprintf(stderr, "refused: %s\n", e.what());
    }
    inbox.pop();
  }

  // The live scores are the batch scores of the same events.
  const cxscore::score_result batch =
      cxscore::score(ev.view(), brand.map, brand.model, {.customers = &brand.customers});
  double worst = 0;
  for (std::uint32_t c = 0; c < ev.customers.size(); ++c)
    worst = std::max(worst, std::abs(live.score(c) - batch.customer_score[c]));
  std::printf("%zu events, %zu customers, %zu alerts; largest |live - batch| score difference %.1e\n", ev.size(),
              ev.customers.size(), alerts, worst);
  return worst <= 1e-12 ? 0 : 1;
}
