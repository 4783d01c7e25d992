// The synthetic retail brand: a web shop that advertises, sells, ships, bills and supports.
//
// Determinism: every customer draws from its own xoshiro256** stream seeded from (seed, customer number),
// and the distributions are our own (53-bit uniform, Box-Muller), so no standard-library distribution can
// change the data. Every recorded value is discretised (integer ratings, hours to 0.1, whole seconds,
// integer NPS, a yes/no), so a last-bit difference between two libm's log/cos/pow cannot reach the output.
#include "cxscore/sim/simulate.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cxscore/io/events_csv.hpp"
#include "cxscore/io/json.hpp"
#include "cxscore/value_function.hpp"
#include "internal/csv_writer.hpp"
#include "internal/json_documents.hpp"
#include "internal/staged_directory.hpp"

namespace cxscore {
namespace {

// ---------------------------------------------------------------------------------------------------
// Random numbers

[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

[[nodiscard]] constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }

/// xoshiro256** (Blackman & Vigna) for one customer. Draws are always taken into named variables,
/// never two in one expression, because argument evaluation order differs between compilers.
class random_stream {
 public:
  random_stream(std::uint64_t seed, std::uint64_t stream) noexcept {
    std::uint64_t sm = seed;
    std::uint64_t mixed = splitmix64(sm) ^ (stream * 0xd1b54a32d192ed03ULL);
    for (auto& word : m_state) word = splitmix64(mixed);
  }

  std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
    const std::uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
  }

  /// Uniform on [0, 1) with 53 random bits.
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform(); }
  bool chance(double p) noexcept { return uniform() < p; }
  /// Whole seconds in [lo, hi).
  double seconds(double lo, double hi) noexcept { return std::floor(uniform(lo, hi)); }

  /// Standard normal by Box-Muller; the second variate of each pair is kept for the next call.
  double normal() noexcept {
    if (m_has_spare) {
      m_has_spare = false;
      return m_spare;
    }
    const double u1 = 1.0 - uniform();  // (0, 1], so the log is finite
    const double u2 = uniform();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * 3.14159265358979323846 * u2;
    m_spare = radius * std::sin(angle);
    m_has_spare = true;
    return radius * std::cos(angle);
  }

 private:
  std::array<std::uint64_t, 4> m_state{};
  double m_spare = 0;
  bool m_has_spare = false;
};

// ---------------------------------------------------------------------------------------------------
// The brand

constexpr double hour = 3600.0;
constexpr double day = 86400.0;
constexpr double first_start = 1767225600.0;  // 2026-01-01T00:00:00Z
constexpr double start_window = 181 * day;    // journeys start in January to June 2026

enum tp : touchpoint_code {
  social_ad,
  email_campaign,
  website_browse,
  product_page,
  checkout,
  order_confirmation,
  delivery,
  courier_handover,
  unboxing,
  product_use,
  returns,
  billing,
  support_chat,
  support_phone,
  touchpoint_count
};

/// A touchpoint as the brand drew it, plus what only the simulator knows: its true importance in the
/// outcome model and how its ratings fall around the promise. A rating is
/// round(promise + bias + spread * z) with z ~ N(0, 1) (customer tendency included), so it falls short
/// of the promise with probability Phi((-0.5 - bias) / spread).
struct brand_touchpoint {
  touchpoint tp;
  double true_weight;
  double bias;
  double spread;
};

[[nodiscard]] touchpoint rated(std::string name, role r, std::string owner, std::string phase, std::string channel,
                               scale sc, double promise) {
  return {.name = std::move(name),
          .role = r,
          .owner = std::move(owner),
          .phase = std::move(phase),
          .channel = std::move(channel),
          .scale = sc,
          .direction = direction::higher,
          .promise = promise};
}

[[nodiscard]] std::vector<brand_touchpoint> brand_touchpoints() {
  constexpr scale five{1, 5};
  constexpr scale seven{1, 7};
  constexpr role ex = role::experience;
  std::vector<brand_touchpoint> b;
  b.reserve(touchpoint_count);
  // Distinct true weights: delivery, product use and billing matter most, advertising least, so that
  // key-driver analysis has a ranking to recover.
  b.push_back({rated("social_ad", ex, "marketing", "awareness", "social", five, 3), 0.10, 0.1, 1.0});
  b.push_back({rated("email_campaign", ex, "marketing", "awareness", "email", five, 3), 0.20, 0.2, 0.9});
  b.push_back({rated("website_browse", ex, "ecommerce", "consideration", "web", five, 4), 0.50, -0.1, 0.8});
  b.push_back({rated("product_page", ex, "ecommerce", "consideration", "web", five, 4), 0.60, 0.0, 0.8});
  b.push_back({rated("checkout", ex, "ecommerce", "purchase", "web", five, 4), 1.60, 0.3, 0.7});
  b.push_back({rated("order_confirmation", ex, "ecommerce", "purchase", "email", five, 4), 0.30, 0.5, 0.6});
  // Hours from order to delivery; bias/spread unused (drawn log-normally, see draw_delivery_hours).
  b.push_back({{.name = "delivery",
                .role = ex,
                .owner = "logistics",
                .phase = "delivery",
                .channel = "courier",
                .scale = {0, 240},
                .direction = direction::lower,
                .promise = 48},
               3.00,
               0,
               0});
  // Measured by SERVQUAL items with the customer's own expectation; bias/spread unused.
  b.push_back({rated("courier_handover", ex, "logistics", "delivery", "home", seven, 5), 0.90, 0, 0});
  b.push_back({rated("unboxing", ex, "product", "use", "home", five, 4), 0.70, 0.2, 0.8});
  b.push_back({rated("product_use", ex, "product", "use", "home", seven, 5), 2.60, 0.1, 1.3});
  b.push_back({rated("returns", ex, "logistics", "support", "courier", five, 4), 1.40, -0.4, 1.1});
  b.push_back({rated("billing", ex, "finance", "billing", "email", five, 4), 2.20, 0.5, 0.9});
  b.push_back({rated("support_chat", role::service, "customer_service", "support", "chat", five, 4), 1.00, 0.0, 1.0});
  b.push_back(
      {rated("support_phone", role::service, "customer_service", "support", "phone", five, 4), 1.20, -0.2, 1.1});
  return b;
}

/// Upstream experiences whose unmet expectation makes customers contact service.
struct service_trigger {
  tp touchpoint;
  tp service;
  double rate_unmet;
  double rate_met;
};
constexpr std::array<service_trigger, 3> service_triggers{{
    {delivery, support_chat, 0.35, 0.03},     // "where is my parcel?"
    {product_use, support_chat, 0.30, 0.03},  // "it does not work as advertised"
    {billing, support_phone, 0.40, 0.02},     // "I was charged twice"
}};

// Triggered contacts follow their trigger by 1 to 24 hours.
constexpr double contact_delay_lo = 1 * hour;
constexpr double contact_delay_hi = 24 * hour;
// A billing contact sometimes ends in a corrected invoice, which can go wrong again: the billing-support loop.
constexpr double corrected_invoice_rate = 0.35;
constexpr int max_corrected_invoices = 2;

/// One SERVQUAL item asked about the courier handover (Parasuraman et al. 1988, 7-point scales).
/// Reliability is expected most and delivered least, as in most published SERVQUAL studies.
struct servqual_item {
  std::int32_t dimension;
  double expectation_mean;
  double perception_mean;
};
enum servqual_dimension : std::int32_t { tangibles, reliability, responsiveness, assurance, empathy };
constexpr std::array<std::string_view, 5> servqual_dimensions{"tangibles", "reliability", "responsiveness", "assurance",
                                                              "empathy"};
constexpr std::array<servqual_item, 6> servqual_items{{
    {tangibles, 5.0, 5.6},
    {reliability, 6.4, 5.4},
    {reliability, 6.2, 5.5},
    {responsiveness, 5.9, 5.3},
    {assurance, 5.8, 5.8},
    {empathy, 5.4, 5.1},
}};
constexpr double servqual_response_rate = 0.3;
// A late parcel colours how reliable the courier seemed.
constexpr double late_reliability_penalty = 1.3;

// Experiences of one customer are correlated through a latent tendency (share of the variance).
constexpr double tendency_loading = 0.45;

enum segment_code : std::uint32_t { segment_new, segment_regular, segment_loyal };
constexpr std::array<std::string_view, 3> segment_names{"new", "regular", "loyal"};

// Outcome model: latent = sum_t w_t mean v_t + N(0, outcome_noise^2).
constexpr double outcome_noise = 0.8;
constexpr double nps_intercept = 8.4;
constexpr double nps_slope = 1.1;
constexpr double retention_noise = 1.5;
constexpr double retention_threshold = -3.0;

struct pending_event {
  double time;
  touchpoint_code touchpoint;
  double experience;
  double expectation;  // NaN = the promise
  std::int32_t dimension;
};

/// Generates one customer's journey into a reusable buffer; all randomness comes from `m_rng`.
class journey_generator {
 public:
  journey_generator(const std::vector<brand_touchpoint>& brand, std::uint64_t seed, std::uint64_t customer,
                    std::vector<pending_event>& out)
      : m_brand(brand), m_rng(seed, customer), m_out(out) {}

  random_stream& rng() noexcept { return m_rng; }

  void run(segment_code segment) {
    m_out.clear();
    m_tendency = m_rng.normal() + (segment == segment_loyal ? 0.25 : segment == segment_new ? -0.1 : 0.0);
    const double start = first_start + m_rng.seconds(0, start_window);

    // Awareness: new customers are reached by ads, existing ones by the mailing list.
    const double ad_rate = segment == segment_new ? 0.75 : segment == segment_regular ? 0.5 : 0.3;
    const double email_rate = segment == segment_new ? 0.2 : segment == segment_regular ? 0.5 : 0.7;
    if (m_rng.chance(ad_rate)) {
      const double u = m_rng.uniform();
      const int impressions = u < 0.6 ? 1 : u < 0.9 ? 2 : 3;
      for (int k = 0; k < impressions; ++k) {
        const double at = start + m_rng.seconds(0, 3 * day);
        rating_event(social_ad, at);
      }
    }
    if (m_rng.chance(email_rate)) {
      const double at = start + m_rng.seconds(0, 3 * day);
      rating_event(email_campaign, at);
    }

    // Consideration: one to three visits, most of them reaching a product page.
    double cursor = start + 3 * day + m_rng.seconds(0, 2 * day);
    const double u_visits = m_rng.uniform();
    const int visits = u_visits < 0.45 ? 1 : u_visits < 0.8 ? 2 : 3;
    for (int k = 0; k < visits; ++k) {
      if (k > 0) cursor += m_rng.seconds(2 * hour, 2 * day);
      rating_event(website_browse, cursor);
      if (m_rng.chance(0.85)) {
        cursor += m_rng.seconds(60, 600);
        rating_event(product_page, cursor);
      }
    }

    // Purchase.
    const double ordered = cursor + m_rng.seconds(300, 1800);
    rating_event(checkout, ordered);
    rating_event(order_confirmation, ordered + m_rng.seconds(10, 600));

    // Delivery: the event time is the moment the parcel arrives.
    const double hours = draw_delivery_hours();
    const double delivered = ordered + std::round(hours * hour);
    const bool late = emit(delivery, delivered, hours);
    if (m_rng.chance(servqual_response_rate)) servqual_survey(delivered + 60, late);
    if (m_rng.chance(0.9)) rating_event(unboxing, delivered + m_rng.seconds(600, 6 * hour));

    // Use: one or two occasions; an unmet one makes a return more likely.
    double used = delivered + m_rng.seconds(2 * day, 10 * day);
    const double first_use = used;
    bool use_unmet = rating_event(product_use, used);
    if (m_rng.chance(0.5)) {
      used += m_rng.seconds(7 * day, 30 * day);
      use_unmet = rating_event(product_use, used) || use_unmet;
    }
    if (m_rng.chance(use_unmet ? 0.35 : 0.05)) rating_event(returns, first_use + m_rng.seconds(day, 7 * day));

    // Billing, independent of delivery: an invoice one to thirty days after the order.
    rating_event(billing, ordered + m_rng.seconds(day, 30 * day));

    sort_by_time();
  }

 private:
  /// Appends an encounter and, when it is a trigger, the service contact it may cause.
  /// Returns whether the encounter fell short of the promise.
  bool emit(tp t, double time, double experience) {
    m_out.push_back({time, t, experience, no_promise, no_dimension});
    const touchpoint& tpt = m_brand[t].tp;
    const bool unmet = encounter_gap(tpt, experience, no_promise) < 0;
    for (const service_trigger& trigger : service_triggers) {
      if (trigger.touchpoint != t) continue;
      if (!m_rng.chance(unmet ? trigger.rate_unmet : trigger.rate_met)) continue;
      const double contacted = time + m_rng.seconds(contact_delay_lo, contact_delay_hi);
      rating_event(trigger.service, contacted);
      if (trigger.service == support_phone && m_corrected_invoices < max_corrected_invoices &&
          m_rng.chance(corrected_invoice_rate)) {
        ++m_corrected_invoices;
        rating_event(billing, contacted + m_rng.seconds(day, 5 * day));
      }
    }
    return unmet;
  }

  bool rating_event(tp t, double time) {
    const brand_touchpoint& b = m_brand[t];
    const double z = correlated_normal();
    const double rating = std::clamp(std::round(b.tp.promise + b.bias + b.spread * z), b.tp.scale.lo, b.tp.scale.hi);
    return emit(t, time, rating);
  }

  /// Log-normal around a 36 h median, plus rare exceptions (lost or held parcels); 0.1 h resolution.
  double draw_delivery_hours() {
    const double z = correlated_normal();
    double h = 36.0 * std::exp(-0.45 * z);
    if (m_rng.chance(0.04)) h += m_rng.uniform(48, 168);
    const scale& sc = m_brand[delivery].tp.scale;
    return std::clamp(std::round(h * 10) / 10, sc.lo, sc.hi);
  }

  /// One row per SERVQUAL item: the customer's stated expectation and perceived performance.
  void servqual_survey(double time, bool late) {
    const scale& sc = m_brand[courier_handover].tp.scale;
    const double demanding = 0.6 * m_rng.normal();  // some customers expect more of everything
    for (const servqual_item& item : servqual_items) {
      const double e_noise = m_rng.normal();
      const double z = correlated_normal();
      const double penalty = late && item.dimension == reliability ? late_reliability_penalty : 0.0;
      const double expectation =
          std::clamp(std::round(item.expectation_mean + demanding + 0.5 * e_noise), sc.lo, sc.hi);
      const double perception = std::clamp(std::round(item.perception_mean + 0.8 * z - penalty), sc.lo, sc.hi);
      m_out.push_back({time, courier_handover, perception, expectation, item.dimension});
    }
  }

  double correlated_normal() {
    const double own = m_rng.normal();
    return tendency_loading * m_tendency + std::sqrt(1 - tendency_loading * tendency_loading) * own;
  }

  /// Stable insertion sort: journeys are short and nearly ordered, and equal times keep emission order.
  void sort_by_time() {
    for (std::size_t i = 1; i < m_out.size(); ++i) {
      const pending_event e = m_out[i];
      std::size_t j = i;
      for (; j > 0 && m_out[j - 1].time > e.time; --j) m_out[j] = m_out[j - 1];
      m_out[j] = e;
    }
  }

  const std::vector<brand_touchpoint>& m_brand;
  random_stream m_rng;
  std::vector<pending_event>& m_out;
  double m_tendency = 0;
  int m_corrected_invoices = 0;
};

/// Customer labels "C0000001", widened only past 9,999,999 customers so label order = code order.
class label_maker {
 public:
  explicit label_maker(std::size_t customers) {
    std::size_t digits = 1;
    for (std::size_t n = customers; n >= 10; n /= 10) ++digits;
    m_label.assign(1 + std::max<std::size_t>(7, digits), '0');
    m_label[0] = 'C';
  }
  const std::string& operator()(std::size_t number) {
    for (std::size_t i = m_label.size() - 1; i > 0; --i, number /= 10)
      m_label[i] = static_cast<char>('0' + number % 10);
    return m_label;
  }

 private:
  std::string m_label;
};

}  // namespace

simulated_brand simulate(const simulate_options& options) {
  const std::vector<brand_touchpoint> brand = brand_touchpoints();
  const std::size_t n = options.customers;

  simulated_brand s{.map = journey_map("retail"),
                    .model = model::prospect(),
                    .events = {},
                    .customers = {},
                    .outcomes = {},
                    .truth = {}};
  for (const servqual_item& item : servqual_items)
    s.model.dimension_weights[std::string(servqual_dimensions[static_cast<std::size_t>(item.dimension)])] =
        1.0 / static_cast<double>(servqual_items.size());
  for (const brand_touchpoint& b : brand) s.map.add_touchpoint(b.tp, "<simulate>");
  const std::array<std::pair<tp, tp>, 17> transitions{{{social_ad, website_browse},
                                                       {email_campaign, website_browse},
                                                       {website_browse, product_page},
                                                       {product_page, website_browse},
                                                       {product_page, checkout},
                                                       {checkout, order_confirmation},
                                                       {order_confirmation, delivery},
                                                       {delivery, courier_handover},
                                                       {delivery, unboxing},
                                                       {courier_handover, unboxing},
                                                       {unboxing, product_use},
                                                       {product_use, returns},
                                                       {product_use, billing},
                                                       {delivery, support_chat},
                                                       {product_use, support_chat},
                                                       {billing, support_phone},
                                                       {support_phone, billing}}};
  for (const auto& [from, to] : transitions) s.map.add_transition(from, to);
  s.map.add_outcome("nps");
  s.map.add_outcome("retained");

  s.truth.alpha = 0.88;
  s.truth.beta = 0.88;
  s.truth.lambda = 2.25;
  for (const brand_touchpoint& b : brand) s.truth.weights[b.tp.name] = b.true_weight;
  for (const service_trigger& t : service_triggers)
    s.truth.service_triggers.push_back(
        {brand[t.touchpoint].tp.name, brand[t.service].tp.name, t.rate_unmet, t.rate_met});

  // About 13.3 events per customer; the margin keeps large runs from reallocating.
  const std::size_t capacity = n * 27 / 2 + 256;
  event_table& ev = s.events;
  ev.customer.reserve(capacity);
  ev.touchpoint.reserve(capacity);
  ev.time.reserve(capacity);
  ev.experience.reserve(capacity);
  ev.expectation.reserve(capacity);
  ev.dimension.reserve(capacity);
  for (std::string_view d : servqual_dimensions) ev.dimensions.encode(d);

  customer_table& ct = s.customers;
  for (std::string_view seg : segment_names) ct.segments.encode(seg);
  ct.weight.reserve(n);
  ct.segment.reserve(n);
  s.outcomes.nps.reserve(n);
  s.outcomes.retained.reserve(n);

  ev.customers.reserve(n);
  label_maker label(n);
  std::vector<pending_event> journey;
  journey.reserve(64);
  std::array<double, touchpoint_count> value_sum{};
  std::array<int, touchpoint_count> visits{};

  for (std::size_t c = 0; c < n; ++c) {
    const auto code = ev.customers.encode(label(c + 1));
    journey_generator gen(brand, options.seed, c, journey);
    random_stream& rng = gen.rng();

    // Segments and value tiers: loyal customers are more often the valuable ones.
    const double u_segment = rng.uniform();
    const auto segment = u_segment < 0.45 ? segment_new : u_segment < 0.85 ? segment_regular : segment_loyal;
    const double u_tier = rng.uniform();
    const double high = segment == segment_loyal ? 0.15 : segment == segment_regular ? 0.03 : 0.0;
    const double mid = segment == segment_loyal ? 0.35 : segment == segment_regular ? 0.17 : 0.05;
    ct.weight.push_back(u_tier < high ? 5.0 : u_tier < high + mid ? 2.0 : 1.0);
    ct.segment.push_back(segment);

    gen.run(segment);

    value_sum.fill(0);
    visits.fill(0);
    for (const pending_event& e : journey) {
      ev.customer.push_back(code);
      ev.touchpoint.push_back(e.touchpoint);
      ev.time.push_back(e.time);
      ev.experience.push_back(e.experience);
      ev.expectation.push_back(e.expectation);
      ev.dimension.push_back(e.dimension);
      const touchpoint& tpt = brand[e.touchpoint].tp;
      const double g = encounter_gap(tpt, e.experience, e.expectation);
      value_sum[e.touchpoint] += gap_value(g, s.truth.alpha, s.truth.beta, s.truth.lambda);
      ++visits[e.touchpoint];
    }

    double latent = 0;
    for (std::size_t t = 0; t < touchpoint_count; ++t)
      if (visits[t] > 0) latent += brand[t].true_weight * value_sum[t] / visits[t];
    const double outcome_shock = rng.normal();
    latent += outcome_noise * outcome_shock;
    const double nps = std::clamp(std::round(nps_intercept + nps_slope * latent), 0.0, 10.0);
    s.outcomes.nps.push_back(static_cast<std::int32_t>(nps));
    const double retention_shock = rng.normal();
    s.outcomes.retained.push_back(latent + retention_noise * retention_shock > retention_threshold ? 1 : 0);
  }
  return s;
}

nlohmann::ordered_json detail::truth_document(const simulation_truth& t) {
  nlohmann::ordered_json truth;
  truth["weights"] = t.weights;
  truth["alpha"] = t.alpha;
  truth["beta"] = t.beta;
  truth["lambda"] = t.lambda;
  truth["service_triggers"] = nlohmann::ordered_json::array();
  std::vector<std::string> trigger_touchpoints;
  for (const auto& trigger : t.service_triggers) {
    truth["service_triggers"].push_back({{"touchpoint", trigger.touchpoint},
                                         {"service", trigger.service},
                                         {"rate_unmet", trigger.rate_unmet},
                                         {"rate_met", trigger.rate_met}});
    if (std::find(trigger_touchpoints.begin(), trigger_touchpoints.end(), trigger.touchpoint) ==
        trigger_touchpoints.end())
      trigger_touchpoints.push_back(trigger.touchpoint);
  }
  truth["service_trigger_touchpoints"] = trigger_touchpoints;
  return truth;
}

std::string truth_json(const simulation_truth& t) { return detail::truth_document(t).dump(2) + '\n'; }

void write_simulation(const simulated_brand& brand, const std::filesystem::path& dir) {
  detail::staged_directory out(dir, "simulate");
  out.write("map.json", to_json(brand.map));
  out.write("model.json", to_json(brand.model) + '\n');
  write_events_csv(brand.events, brand.map, out.stage("events.csv"));

  const dictionary& labels = brand.events.customers;
  std::string text = "customer,weight,segment\n";
  for (std::size_t c = 0; c < brand.customers.size(); ++c) {
    detail::append_csv_field(text, labels[static_cast<std::uint32_t>(c)]);
    text += ',';
    detail::append_number(text, brand.customers.weight[c]);
    text += ',';
    detail::append_csv_field(text, brand.customers.segments[brand.customers.segment[c]]);
    text += '\n';
  }
  out.write("customers.csv", text);

  text = "customer,nps,retained\n";
  for (std::size_t c = 0; c < brand.outcomes.nps.size(); ++c) {
    detail::append_csv_field(text, labels[static_cast<std::uint32_t>(c)]);
    text += ',';
    detail::append_number(text, static_cast<std::uint64_t>(brand.outcomes.nps[c]));
    text += brand.outcomes.retained[c] ? ",yes\n" : ",no\n";
  }
  out.write("outcomes.csv", text);

  out.write("truth.json", truth_json(brand.truth));
  out.commit();
}

}  // namespace cxscore
