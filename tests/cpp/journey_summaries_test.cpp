// The journeys' summaries that travel (directly-follows, path and Markov counts): a round trip through bytes
// gives the same bits, the little-endian layout is as documented, pieces of whole journeys summarised apart
// (each numbering its touchpoints in its own order), decoded from bytes, recoded and merged give the one-pass
// findings, and every malformed buffer is refused with an input_error naming the field.
#include "cxscore/journeys/journey_summaries.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "cxscore/io/directly_follows_bytes.hpp"
#include "cxscore/io/markov_bytes.hpp"
#include "cxscore/io/path_counts_bytes.hpp"
#include "support/journey_logs.hpp"

namespace {

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

void expect_close(double got, double want) {
  if (std::isnan(want)) {
    EXPECT_TRUE(std::isnan(got));
    return;
  }
  EXPECT_NEAR(got, want, 1e-12 * std::max(1.0, std::abs(want)));
}

const std::vector<std::string> touchpoint_names{"web", "shop", "call", "billing", "support", "app"};

/// A log of `customers` random journeys (1 to 6 events, touchpoints of touchpoint_names, some gaps not
/// measured), its rows shuffled between customers but each customer's in time order.
cxscore::event_log random_log(std::size_t customers, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::uint32_t> length(1, 6),
      touchpoint(0, static_cast<std::uint32_t>(touchpoint_names.size() - 1));
  std::uniform_real_distribution<double> gap(-1.0, 1.0), step(1.0, 5000.0);
  cxscore::event_log log;
  for (const auto& name : touchpoint_names) log.touchpoints.encode(name);
  for (std::size_t c = 0; c < customers; ++c) {
    log.customers.encode("c" + std::to_string(c));
    double time = 1.7e9 + step(rng);
    for (std::uint32_t k = length(rng); k > 0; --k) {
      log.customer.push_back(static_cast<std::uint32_t>(c));
      log.touchpoint.push_back(touchpoint(rng));
      log.time.push_back(time += step(rng));
      log.gap.push_back(rng() % 4 == 0 ? std::nan("") : gap(rng));
    }
  }
  return log;
}

std::vector<std::int8_t> random_outcomes(std::size_t customers, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::int8_t> out(customers);
  for (auto& o : out) o = static_cast<std::int8_t>(rng() % 3 == 0);
  return out;
}

double value(double g) { return g < 0 ? 2.25 * g : g; }

const std::vector<double> weights{1.0, 2.0, 0.5, 1.0, 3.0, 1.5};

cxscore::journey_summaries summaries_of(const cxscore::event_log& log, const std::vector<std::int8_t>& outcomes) {
  return cxscore::summarise_journeys(log, cxscore::order_journeys(log), value, {}, outcomes);
}

/// The customers of `log` for which `keep(c)`, as a log of their own: customers and touchpoints numbered in
/// order of first appearance, as a partition discovers them.
cxscore::event_log part_of(const cxscore::event_log& log, const std::vector<std::int8_t>& outcomes,
                           std::vector<std::int8_t>& part_outcomes, std::size_t part, std::size_t parts) {
  cxscore::event_log out;
  std::vector<std::uint32_t> customer_code(log.customers.size(), UINT32_MAX);
  for (std::size_t i = 0; i < log.size(); ++i) {
    const std::uint32_t c = log.customer[i];
    if (c % parts != part) continue;
    if (customer_code[c] == UINT32_MAX) {
      customer_code[c] = out.customers.encode(log.customers[c]);
      part_outcomes.push_back(outcomes[c]);
    }
    out.customer.push_back(customer_code[c]);
    out.touchpoint.push_back(out.touchpoints.encode(log.touchpoints[log.touchpoint[i]]));
    out.time.push_back(log.time[i]);
    out.gap.push_back(log.gap[i]);
  }
  return out;
}

void expect_same_bits(const cxscore::directly_follows& a, const cxscore::directly_follows& b) {
  EXPECT_EQ(a.customers, b.customers);
  EXPECT_EQ(a.events, b.events);
  ASSERT_EQ(boost::num_vertices(a.graph), boost::num_vertices(b.graph));
  for (std::size_t v = 0; v < boost::num_vertices(a.graph); ++v) {
    const auto &x = a.graph[v], &y = b.graph[v];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(std::tie(x.visits, x.customers, x.starts, x.ends, x.gap.count, x.start_gap.count),
              std::tie(y.visits, y.customers, y.starts, y.ends, y.gap.count, y.start_gap.count));
    EXPECT_EQ(bits(x.gap.sum), bits(y.gap.sum));
    EXPECT_EQ(bits(x.start_gap.sum), bits(y.start_gap.sum));
  }
  ASSERT_EQ(boost::num_edges(a.graph), boost::num_edges(b.graph));
  auto [i, i_end] = boost::edges(a.graph);
  auto [j, j_end] = boost::edges(b.graph);
  for (; i != i_end; ++i, ++j) {
    EXPECT_EQ(boost::source(*i, a.graph), boost::source(*j, b.graph));
    EXPECT_EQ(boost::target(*i, a.graph), boost::target(*j, b.graph));
    const auto &x = a.graph[*i], &y = b.graph[*j];
    EXPECT_EQ(std::tie(x.count, x.gap.count, x.duration.count), std::tie(y.count, y.gap.count, y.duration.count));
    EXPECT_EQ(bits(x.gap.sum), bits(y.gap.sum));
    EXPECT_EQ(bits(x.duration.sum), bits(y.duration.sum));
  }
}

TEST(journey_summaries_test, round_trips_give_the_same_bits) {
  const auto log = random_log(200, 1);
  const auto order = cxscore::order_journeys(log);
  const auto s = cxscore::summarise_journeys(log, order, value, weights, random_outcomes(200, 2));
  const std::string dfg_bytes = cxscore::to_bytes(s.dfg);
  expect_same_bits(cxscore::directly_follows_from_bytes(dfg_bytes), s.dfg);
  EXPECT_EQ(cxscore::to_bytes(cxscore::directly_follows_from_bytes(dfg_bytes)), dfg_bytes);

  const std::string path_bytes = cxscore::to_bytes(s.paths);
  const auto paths = cxscore::path_counts_from_bytes(path_bytes);
  EXPECT_EQ(paths.touchpoints, s.paths.touchpoints);
  ASSERT_EQ(paths.paths.size(), s.paths.paths.size());
  for (auto a = paths.paths.begin(), b = s.paths.paths.begin(); a != paths.paths.end(); ++a, ++b) {
    EXPECT_EQ(a->first, b->first);
    EXPECT_EQ(a->second.customers, b->second.customers);
    EXPECT_EQ(a->second.score.count, b->second.score.count);
    EXPECT_EQ(bits(a->second.score.sum), bits(b->second.score.sum));
  }
  EXPECT_EQ(cxscore::to_bytes(paths), path_bytes);

  const std::string markov_bytes = cxscore::to_bytes(*s.markov);
  const auto markov = cxscore::markov_counts_from_bytes(markov_bytes);
  EXPECT_EQ(markov.touchpoints(), s.markov->touchpoints());
  EXPECT_EQ(bits(markov.journeys()), bits(s.markov->journeys()));
  EXPECT_EQ(bits(markov.successes()), bits(s.markov->successes()));
  const auto got = markov.transitions(), want = s.markov->transitions();
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t k = 0; k < got.size(); ++k) {
    EXPECT_EQ(std::tie(got[k].from, got[k].to), std::tie(want[k].from, want[k].to));
    EXPECT_EQ(bits(got[k].count), bits(want[k].count));
  }
  EXPECT_EQ(cxscore::to_bytes(markov), markov_bytes);
  // The chain solved from the decoded counts is the chain solved from the counts, to the bit.
  const auto a = cxscore::solve_markov(markov), b = cxscore::solve_markov(*s.markov);
  EXPECT_EQ(bits(a.success_probability), bits(b.success_probability));
  for (std::size_t t = 0; t < a.effects.size(); ++t)
    EXPECT_EQ(bits(a.effects[t].removal_effect), bits(b.effects[t].removal_effect));
}

TEST(journey_summaries_test, the_layout_is_little_endian_and_as_documented) {
  // One journey web -> shop, gaps 0.5 and not measured, 60 s apart; it converted.
  cxscore::event_log log;
  log.touchpoints.encode("web");
  log.touchpoints.encode("shop");
  log.customers.encode("a");
  log.customer = {0, 0};
  log.touchpoint = {0, 1};
  log.time = {0.0, 60.0};
  log.gap = {0.5, std::nan("")};
  const std::vector<std::int8_t> won{1};
  const auto s = summaries_of(log, won);
  const std::string dfg = cxscore::to_bytes(s.dfg);
  // header, 3 counts, 2 vertices (name length + 3 or 4 bytes + 8 fields), the edge count, 1 edge of 7 fields
  EXPECT_EQ(dfg.size(), 16u + 24 + (8 + 3 + 64) + (8 + 4 + 64) + 8 + 56);
  EXPECT_EQ(dfg.substr(0, 4), "CXSB");
  EXPECT_EQ(dfg[6], 2);  // kind directly_follows, low byte first
  EXPECT_EQ(dfg[7], 0);
  EXPECT_EQ(dfg[16], 1);  // customers
  EXPECT_EQ(dfg[24], 2);  // events
  EXPECT_EQ(dfg.substr(48, 3), "web");
  const std::string edge = dfg.substr(dfg.size() - 56);
  EXPECT_EQ(edge[0], 0);                                                              // web
  EXPECT_EQ(edge[8], 1);                                                              // shop
  EXPECT_EQ(edge[16], 1);                                                             // once
  EXPECT_EQ(edge.substr(40, 8), std::string("\x00\x00\x00\x00\x00\x00\x4e\x40", 8));  // 60 s: 0x404E000000000000

  const std::string paths = cxscore::to_bytes(s.paths);
  EXPECT_EQ(paths[6], 4);
  // header, 2 counts, one path: its length, 2 codes, customers, the score's sum and count
  EXPECT_EQ(paths.size(), 16u + 16 + 8 + 16 + 24);
  EXPECT_EQ(paths[32], 2);  // the path's length
  EXPECT_EQ(paths[48], 1);  // its second touchpoint: shop

  const std::string markov = cxscore::to_bytes(*s.markov);
  EXPECT_EQ(markov[6], 3);
  // header, touchpoints, journeys, successes, the count, 3 transitions (start -> web, web -> shop, shop -> success)
  EXPECT_EQ(markov.size(), 16u + 32 + 3 * 24);
  EXPECT_EQ(markov.substr(24, 8), std::string("\x00\x00\x00\x00\x00\x00\xf0\x3f", 8));  // 1 journey
}

TEST(journey_summaries_test, pieces_decoded_recoded_and_merged_find_what_one_pass_finds) {
  const auto log = random_log(300, 3);
  const auto outcomes = random_outcomes(300, 4);
  const auto one = cxscore::find_journeys(summaries_of(log, outcomes), 2, 2, 0.02);
  cxscore::journey_summaries merged;
  bool first = true;
  for (std::size_t part = 0; part < 3; ++part) {
    std::vector<std::int8_t> part_outcomes;
    const auto piece_log = part_of(log, outcomes, part_outcomes, part, 3);
    const auto piece = summaries_of(piece_log, part_outcomes);
    const auto back =
        cxscore::journey_summaries{.dfg = cxscore::directly_follows_from_bytes(cxscore::to_bytes(piece.dfg)),
                                   .paths = cxscore::path_counts_from_bytes(cxscore::to_bytes(piece.paths)),
                                   .markov = cxscore::markov_counts_from_bytes(cxscore::to_bytes(*piece.markov))};
    std::vector<std::uint32_t> codes;
    for (std::size_t t = 0; t < piece_log.touchpoints.size(); ++t)
      codes.push_back(*log.touchpoints.find(piece_log.touchpoints[static_cast<std::uint32_t>(t)]));
    const auto recoded = back.recoded(codes, touchpoint_names);
    if (first)
      merged = recoded, first = false;
    else
      merged.merge(recoded);
  }
  const auto got = cxscore::find_journeys(merged, 2, 2, 0.02);
  // The graph: counts exactly, means to the rounding.
  ASSERT_EQ(boost::num_edges(got.dfg.graph), boost::num_edges(one.dfg.graph));
  EXPECT_EQ(got.dfg.customers, 300u);
  EXPECT_EQ(got.dfg.events, log.size());
  for (std::size_t v = 0; v < touchpoint_names.size(); ++v) {
    const auto &x = got.dfg.graph[v], &y = one.dfg.graph[v];
    EXPECT_EQ(std::tie(x.name, x.visits, x.customers, x.starts, x.ends),
              std::tie(y.name, y.visits, y.customers, y.starts, y.ends));
    expect_close(x.gap.mean(), y.gap.mean());
    expect_close(x.start_gap.mean(), y.start_gap.mean());
  }
  for (auto [i, end] = boost::edges(one.dfg.graph); i != end; ++i) {
    const auto [e, found] =
        boost::edge(boost::source(*i, one.dfg.graph), boost::target(*i, one.dfg.graph), got.dfg.graph);
    ASSERT_TRUE(found);
    EXPECT_EQ(got.dfg.graph[e].count, one.dfg.graph[*i].count);
    expect_close(got.dfg.graph[e].gap.mean(), one.dfg.graph[*i].gap.mean());
    expect_close(got.dfg.graph[e].duration.mean(), one.dfg.graph[*i].duration.mean());
  }
  ASSERT_EQ(got.variants.size(), one.variants.size());
  for (std::size_t k = 0; k < got.variants.size(); ++k) {
    EXPECT_EQ(got.variants[k].touchpoints, one.variants[k].touchpoints);
    EXPECT_EQ(got.variants[k].customers, one.variants[k].customers);
    expect_close(got.variants[k].score.mean(), one.variants[k].score.mean());
  }
  ASSERT_EQ(got.loops.size(), one.loops.size());
  for (std::size_t k = 0; k < got.loops.size(); ++k) {
    EXPECT_EQ(got.loops[k].touchpoints, one.loops[k].touchpoints);
    EXPECT_EQ(got.loops[k].traffic, one.loops[k].traffic);
  }
  EXPECT_EQ(got.unavoidable, one.unavoidable);
  EXPECT_EQ(got.likely.touchpoints, one.likely.touchpoints);
  EXPECT_EQ(bits(got.likely.probability), bits(one.likely.probability));
  EXPECT_EQ(got.worst.touchpoints, one.worst.touchpoints);
  expect_close(got.worst.mean_score, one.worst.mean_score);
  // The chain: the same counts, solved once: the same bits.
  ASSERT_TRUE(got.markov && one.markov);
  EXPECT_EQ(bits(got.markov->success_probability), bits(one.markov->success_probability));
  EXPECT_EQ(got.markov->journeys, 300.0);
  for (std::size_t t = 0; t < touchpoint_names.size(); ++t) {
    EXPECT_EQ(bits(got.markov->effects[t].removal_effect), bits(one.markov->effects[t].removal_effect));
    EXPECT_EQ(bits(got.markov->effects[t].fix_uplift), bits(one.markov->effects[t].fix_uplift));
    EXPECT_EQ(got.markov->effects[t].note(), one.markov->effects[t].note());
  }
}

TEST(journey_summaries_test, summaries_of_other_touchpoints_or_outcomes_do_not_merge) {
  const auto log = random_log(20, 5);
  auto a = summaries_of(log, random_outcomes(20, 6));
  const auto without = summaries_of(log, {});
  EXPECT_THROW(a.merge(without), std::invalid_argument);
  const std::vector<std::uint32_t> swapped{1, 0, 2, 3, 4, 5};
  EXPECT_THROW((void)a.recoded(swapped, touchpoint_names), std::invalid_argument);  // web is not shop
  const std::vector<std::uint32_t> twice{0, 0, 2, 3, 4, 5};
  EXPECT_THROW((void)a.paths.recoded(twice, 6), std::invalid_argument);
  auto filtered = a.dfg.filtered(2);
  EXPECT_THROW(cxscore::merge_directly_follows(filtered, a.dfg), std::invalid_argument);
  EXPECT_THROW((void)cxscore::to_bytes(filtered), std::invalid_argument);
}

/// `bytes` with the u64 at `at` replaced by `x`.
std::string with_u64(std::string bytes, std::size_t at, std::uint64_t x) {
  for (int k = 0; k < 8; ++k) bytes[at + static_cast<std::size_t>(k)] = static_cast<char>((x >> (8 * k)) & 0xFF);
  return bytes;
}

template <class Decode>
void expect_refused(Decode decode, const std::string& bytes, const std::string& column) {
  const auto e = cxscore_test::input_error_of([&] { (void)decode(bytes); });
  EXPECT_EQ(e.where().file, "<summary bytes>");
  EXPECT_EQ(e.where().column, column) << e.what();
}

TEST(journey_summaries_test, every_malformed_buffer_is_refused) {
  const auto log = random_log(30, 7);
  const auto s = summaries_of(log, random_outcomes(30, 8));
  const auto dfg = [](const std::string& b) { return cxscore::directly_follows_from_bytes(b); };
  const auto paths = [](const std::string& b) { return cxscore::path_counts_from_bytes(b); };
  const auto markov = [](const std::string& b) { return cxscore::markov_counts_from_bytes(b); };
  const std::string d = cxscore::to_bytes(s.dfg), p = cxscore::to_bytes(s.paths), m = cxscore::to_bytes(*s.markov);
  using decoder = std::function<void(const std::string&)>;
  for (const auto& [bytes, decode] :
       {std::pair{d, decoder(dfg)}, std::pair{p, decoder(paths)}, std::pair{m, decoder(markov)}}) {
    std::string bad_magic = bytes, bad_version = bytes;
    bad_magic[0] = 'X';
    bad_version[4] = 9;
    expect_refused(decode, bad_magic, "magic");
    expect_refused(decode, bad_version, "version");
    expect_refused(decode, bytes.substr(0, 10), "header");
    expect_refused(decode, bytes + "x", "size");  // the header announces fewer bytes
  }
  expect_refused(dfg, p, "kind");
  expect_refused(paths, m, "kind");
  expect_refused(markov, d, "kind");
  // Truncated payloads (the header's size mended so that only the counts disagree with the bytes).
  const auto cut = [](const std::string& b, std::size_t drop) {
    return with_u64(b.substr(0, b.size() - drop), 8, b.size() - drop - 16);
  };
  expect_refused(dfg, cut(d, 8), "size");
  expect_refused(paths, cut(p, 8), "size");
  expect_refused(markov, cut(m, 8), "size");
  // Forged counts, refused before anything is allocated: 2^60 touchpoints, paths or transitions.
  expect_refused(dfg, with_u64(d, 32, std::uint64_t{1} << 60), "size");
  expect_refused(paths, with_u64(p, 24, std::uint64_t{1} << 60), "size");
  expect_refused(paths, with_u64(p, 32, std::uint64_t{1} << 60), "size");  // the first path's length
  expect_refused(markov, with_u64(m, 40, std::uint64_t{1} << 60), "size");
  expect_refused(markov, with_u64(m, 16, std::uint64_t{1} << 40), "touchpoints");
  // Counts that no log makes.
  expect_refused(paths, with_u64(p, 32, 0), "path");            // an empty path
  expect_refused(paths, with_u64(p, 40, 99), "path");           // a code out of range
  expect_refused(markov, with_u64(m, 48, 1000), "transition");  // a state out of range
  expect_refused(markov, with_u64(m, 24, std::bit_cast<std::uint64_t>(-1.0)), "journeys");
  const std::size_t first_vertex_visits = 16 + 24 + 8 + touchpoint_names[0].size();
  expect_refused(dfg, with_u64(d, first_vertex_visits + 8, 1u << 30), "touchpoint");  // more customers than visits
}

TEST(journey_summaries_test, the_one_pass_tables_are_the_discovered_ones) {
  // find_journeys on one pass's summaries is what discover_variants and the graph algorithms give.
  const auto log = random_log(100, 9);
  const auto order = cxscore::order_journeys(log);
  const auto f = cxscore::find_journeys(cxscore::summarise_journeys(log, order, value, weights, {}), 0, 3, 0.01);
  const auto variants = cxscore::discover_variants(log, order, value, weights, 3);
  ASSERT_EQ(f.variants.size(), variants.size());
  for (std::size_t k = 0; k < variants.size(); ++k) {
    EXPECT_EQ(f.variants[k].touchpoints, variants[k].touchpoints);
    EXPECT_EQ(f.variants[k].customers, variants[k].customers);
    EXPECT_EQ(bits(f.variants[k].score.mean()), bits(variants[k].score.mean()));
  }
  EXPECT_FALSE(f.markov.has_value());
  std::uint64_t customers = 0;
  for (const auto& v : f.variants) customers += v.customers;
  EXPECT_LE(customers, 100u);
}

}  // namespace
