// score()'s memory promise, measured: while scoring customer-sorted rows, the heap grows by
// O(customers + touchpoints), never by a copy of the events; rows in any order add one copy of the columns
// the model reads (the regrouping by customer), never more. This executable replaces the global operator new/delete with counting ones
// (live bytes and their peak, as malloc_usable_size reports them), so it is a file of its own.
#include <gtest/gtest.h>
#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <numeric>
#include <random>
#include <vector>

#include "cxscore/event_table.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/model.hpp"
#include "cxscore/score.hpp"

namespace {

std::atomic<std::int64_t> live_bytes{0};
std::atomic<std::int64_t> peak_bytes{0};

void* counted(void* p) {
  if (!p) throw std::bad_alloc();
  const auto now = live_bytes.fetch_add(static_cast<std::int64_t>(malloc_usable_size(p))) +
                   static_cast<std::int64_t>(malloc_usable_size(p));
  for (auto peak = peak_bytes.load(); now > peak && !peak_bytes.compare_exchange_weak(peak, now);) {
  }
  return p;
}

void uncounted(void* p) noexcept {
  if (!p) return;
  live_bytes.fetch_sub(static_cast<std::int64_t>(malloc_usable_size(p)));
  std::free(p);
}

void* aligned(std::size_t n, std::align_val_t a) {
  const auto align = static_cast<std::size_t>(a);
  return counted(std::aligned_alloc(align, (std::max<std::size_t>(n, 1) + align - 1) / align * align));
}

}  // namespace

void* operator new(std::size_t n) { return counted(std::malloc(std::max<std::size_t>(n, 1))); }
void* operator new[](std::size_t n) { return counted(std::malloc(std::max<std::size_t>(n, 1))); }
void* operator new(std::size_t n, std::align_val_t a) { return aligned(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return aligned(n, a); }
void operator delete(void* p) noexcept { uncounted(p); }
void operator delete[](void* p) noexcept { uncounted(p); }
void operator delete(void* p, std::size_t) noexcept { uncounted(p); }
void operator delete[](void* p, std::size_t) noexcept { uncounted(p); }
void operator delete(void* p, std::align_val_t) noexcept { uncounted(p); }
void operator delete[](void* p, std::align_val_t) noexcept { uncounted(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { uncounted(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { uncounted(p); }

namespace {

constexpr std::size_t customers = 2'000;
constexpr std::size_t events_per_customer = 500;  // 10^6 events: 24 MB of columns against ~0.3 MB of customers

cxscore::journey_map three_touchpoints() {
  cxscore::journey_map map;
  map.add_touchpoint({.name = "website", .scale = {1, 7}, .promise = 5});
  map.add_touchpoint({.name = "delivery", .scale = {0, 240}, .direction = cxscore::direction::lower, .promise = 48});
  map.add_touchpoint({.name = "support", .role = cxscore::role::service, .scale = {1, 5}, .promise = 4});
  return map;
}

struct events {
  std::vector<std::uint32_t> customer;
  std::vector<cxscore::touchpoint_code> touchpoint;
  std::vector<double> time, experience;

  explicit events(bool shuffled) {
    std::mt19937_64 rng(4);
    const double lo[] = {1, 0, 1}, hi[] = {7, 240, 5};
    for (std::uint32_t c = 0; c < customers; ++c)
      for (std::size_t k = 0; k < events_per_customer; ++k) {
        const auto t = static_cast<cxscore::touchpoint_code>(k % 3);
        customer.push_back(c);
        touchpoint.push_back(t);
        time.push_back(1.7e9 + 3600.0 * static_cast<double>(k));
        experience.push_back(std::uniform_real_distribution<double>(lo[t], hi[t])(rng));
      }
    if (shuffled) {
      std::vector<std::size_t> order(customer.size());
      std::iota(order.begin(), order.end(), std::size_t{0});
      std::shuffle(order.begin(), order.end(), rng);
      auto permute = [&](auto& column) {
        auto copy = column;
        for (std::size_t i = 0; i < order.size(); ++i) column[i] = copy[order[i]];
      };
      permute(customer), permute(touchpoint), permute(time), permute(experience);
    }
  }
  [[nodiscard]] std::size_t bytes() const {
    return customer.size() * (sizeof(std::uint32_t) + sizeof(cxscore::touchpoint_code) + 2 * sizeof(double));
  }
  [[nodiscard]] cxscore::event_view view() const {
    return {.customer = customer,
            .touchpoint = touchpoint,
            .time = time,
            .experience = experience,
            .customer_count = customers};
  }
};

// The heap's growth while score() runs (its result included), above what was live before.
std::int64_t peak_growth_while_scoring(const events& ev, const cxscore::model& m, unsigned threads) {
  const auto map = three_touchpoints();
  cxscore::score_options opt;
  opt.threads = threads;
  const auto before = live_bytes.load();
  peak_bytes.store(before);
  const auto r = cxscore::score(ev.view(), map, m, opt);
  EXPECT_EQ(r.brand.events, ev.customer.size());
  return peak_bytes.load() - before;
}

// Per customer: the result (score, journey score, index: 3 doubles; events: 4 bytes) and the default
// customer table (weight, segment: 12 bytes): 40 bytes. Per thread: an encounter block (about 33 KB)
// and block partials; 256 KB covers that and the touchpoints' tables. (Measured: 114-147 KB.)
constexpr std::int64_t per_customer_bound = 40;
constexpr std::int64_t fixed_bound = 256 << 10;

// Rows in any order: one copy of the columns read (customer, touchpoint and experience; time where the
// model has recency decay or peak-end), each rounded up to whole 2 MB pages, and per thread a sorted copy
// of one partition of them (at most 2 MB) and its counts.
std::int64_t regrouping_bound(const events& ev, const cxscore::model& m, unsigned threads) {
  const std::int64_t rows = static_cast<std::int64_t>(ev.customer.size());
  const std::int64_t row_bytes =
      sizeof(std::uint32_t) + sizeof(cxscore::touchpoint_code) + sizeof(double) + (m.reads_time() ? sizeof(double) : 0);
  constexpr std::int64_t columns = 4, page = 2 << 20;
  return rows * row_bytes + columns * page + static_cast<std::int64_t>(threads) * (2 << 20);
}

TEST(score_memory_test, sorted_rows_grow_the_heap_by_customers_and_touchpoints_never_by_the_events) {
  const events ev(false);
  for (const auto& m : {cxscore::model::servqual(), cxscore::model::prospect()}) {
    for (unsigned threads : {1u, 2u, 4u}) {
      auto with_peak_end = m;
      with_peak_end.peak_end = 0.5;
      auto with_decay_and_peak_end = with_peak_end;
      with_decay_and_peak_end.half_life_days = 30;
      for (const auto& model : {m, with_peak_end, with_decay_and_peak_end}) {
        const auto growth = peak_growth_while_scoring(ev, model, threads);
        const auto bound = per_customer_bound * static_cast<std::int64_t>(customers) + fixed_bound;
        EXPECT_LE(growth, bound) << threads << " threads, peak-end " << model.peak_end << ", decay "
                                 << model.has_decay();
        // The bound is a tenth of the events' columns: no copy of them, whole or in part, fits.
        EXPECT_LT(bound * 10, static_cast<std::int64_t>(ev.bytes()));
        EXPECT_GT(growth, 0);
      }
    }
  }
}

TEST(score_memory_test, rows_in_any_order_grow_the_heap_by_one_copy_of_the_columns_read) {
  const events ev(true);
  for (const auto& m : {cxscore::model::servqual(), cxscore::model::prospect()}) {
    for (unsigned threads : {1u, 2u, 4u}) {
      auto with_decay_and_peak_end = m;
      with_decay_and_peak_end.peak_end = 0.5;
      with_decay_and_peak_end.half_life_days = 30;
      for (const auto& model : {m, with_decay_and_peak_end}) {
        const auto growth = peak_growth_while_scoring(ev, model, threads);
        const auto copy = regrouping_bound(ev, model, threads);
        const auto bound = per_customer_bound * static_cast<std::int64_t>(customers) + fixed_bound + copy;
        EXPECT_LE(growth, bound) << threads << " threads, decay and peak-end " << model.has_decay();
        EXPECT_GT(growth, 0);
      }
    }
  }
}

}  // namespace
