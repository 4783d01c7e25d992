#include "cxscore/report/html_report.hpp"

#include <gtest/gtest.h>

#include "support/cli_fixture.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <unistd.h>

#include "cxscore/io/event_log_csv.hpp"
#include "cxscore/io/events_csv.hpp"
#include "cxscore/io/json.hpp"

namespace {

// Three customers on a small shop: c2 goes back and forth between browse and checkout (a loop); nobody
// visits returns, so it is on the map but not in the events.
constexpr const char* map_text = R"({"name": "shop", "scale": [1, 5], "touchpoints": [
  {"name": "browse", "owner": "ecommerce", "phase": "buy", "promise": 4},
  {"name": "checkout", "owner": "ecommerce", "phase": "buy", "promise": 4},
  {"name": "delivery", "owner": "logistics", "phase": "get", "promise": 4},
  {"name": "support", "owner": "care", "phase": "get", "role": "service", "promise": 3},
  {"name": "returns", "owner": "logistics", "phase": "get", "promise": 3}]})";
constexpr const char* events_text =
    "customer,touchpoint,time,experience\n"
    "c1,browse,0,2\nc1,checkout,10,4\nc1,delivery,20,1\nc1,support,30,3\n"
    "c2,browse,0,4\nc2,checkout,5,2\nc2,browse,8,3\nc2,checkout,9,5\n"
    "c3,browse,0,5\nc3,delivery,4,2\n";

struct shop {
  cxscore::journey_map map = cxscore::parse_map_json(map_text);
  cxscore::events_read_result events = cxscore::parse_events_csv(events_text, map, {}, "events.csv");
  cxscore::score_result result = cxscore::score(events.events.view(), map, cxscore::model::prospect());
  cxscore::event_log log = cxscore::parse_event_log_csv(events_text, &map, {}, "events.csv").log;
  cxscore::directly_follows dfg = cxscore::discover_directly_follows(log, cxscore::order_journeys(log));
  std::vector<cxscore::journey_loop> loops = cxscore::find_loops(dfg);
  cxscore::service_attribution service = cxscore::attribute_service_demand(events.events.view(), map);
  std::vector<cxscore::owner_scorecard> cards = cxscore::owner_scorecards(result, map, service, nullptr);

  [[nodiscard]] std::string page(const std::string& title = "shop report") const {
    return cxscore::render_html_report({.result = &result,
                                        .map = &map,
                                        .title = title,
                                        .journeys = &dfg,
                                        .loops = &loops,
                                        .owners = &cards,
                                        .service = &service});
  }
};

// The values of attribute `name` on the elements whose start tag contains `marker`, in page order.
std::vector<std::string> attribute_values(const std::string& page, const std::string& marker, const std::string& name) {
  std::vector<std::string> out;
  for (std::size_t at = page.find(marker); at != std::string::npos; at = page.find(marker, at + 1)) {
    const std::size_t tag = page.rfind('<', at), end = page.find('>', at);
    const std::string start = page.substr(tag, end - tag);
    const std::size_t a = start.find(" " + name + "=\"");
    if (a == std::string::npos) continue;
    const std::size_t from = a + name.size() + 3;
    out.push_back(start.substr(from, start.find('"', from) - from));
  }
  return out;
}

// The <title> texts of Graphviz's elements of class `kind` ("node" or "edge"), entities decoded.
std::multiset<std::string> graphviz_titles(const std::string& page, const std::string& kind) {
  std::multiset<std::string> out;
  const std::string marker = "class=\"" + kind + "\">\n<title>";
  for (std::size_t at = page.find(marker); at != std::string::npos; at = page.find(marker, at + 1)) {
    const std::size_t from = at + marker.size();
    std::string title = page.substr(from, page.find("</title>", from) - from);
    for (const auto& [entity, text] : std::map<std::string, std::string>{{"&#45;", "-"}, {"&gt;", ">"}})
      for (std::size_t p = title.find(entity); p != std::string::npos; p = title.find(entity))
        title.replace(p, entity.size(), text);
    out.insert(title);
  }
  return out;
}

TEST(html_report_test, page_is_self_contained_without_script_or_url) {
  const shop s;
  // A title that would be markup if it were not escaped.
  const std::string page = s.page("<script>alert(1)</script> & co");
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"), std::string::npos);
  EXPECT_EQ(page.find("<?xml"), std::string::npos);
  EXPECT_EQ(page.find("<!DOCTYPE svg"), std::string::npos);
  EXPECT_EQ(page.find("url("), std::string::npos);
  // Every URL is an XML namespace name, which nothing fetches.
  const std::regex url("https?://");
  std::size_t urls = 0;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), url); it != std::sregex_iterator(); ++it, ++urls) {
    const std::size_t at = static_cast<std::size_t>(it->position());
    const std::size_t quote = page.rfind('"', at - 1);
    const std::size_t space = page.rfind(' ', quote);
    const std::string attribute = page.substr(space + 1, quote - space - 1);
    EXPECT_TRUE(attribute == "xmlns=" || attribute == "xmlns:xlink=") << attribute << " at " << at;
  }
  EXPECT_GT(urls, 0u);  // the inline SVGs do carry their namespace
}

TEST(html_report_test, journey_map_has_a_node_per_visited_touchpoint_and_an_edge_per_dfg_edge) {
  const shop s;
  const std::string page = s.page();
  // By hand: c1 browse>checkout>delivery>support, c2 browse>checkout>browse>checkout, c3 browse>delivery.
  EXPECT_EQ(graphviz_titles(page, "node"),
            (std::multiset<std::string>{"__start__", "__end__", "browse", "checkout", "delivery", "support"}));
  EXPECT_EQ(graphviz_titles(page, "edge"),
            (std::multiset<std::string>{"__start__->browse", "browse->checkout", "checkout->delivery",
                                        "delivery->support", "checkout->browse", "browse->delivery", "support->__end__",
                                        "checkout->__end__", "delivery->__end__"}));
  EXPECT_EQ(boost::num_edges(s.dfg.graph), 5u);
  EXPECT_NE(page.find("aria-label=\"Journey map"), std::string::npos);
  // Node size is customers: browse by all three (four visits), checkout by c1 and c2 (three visits), delivery
  // by c1 and c3, support by c1; each node carries both counts.
  const auto customers = attribute_values(page, "data-customers=", "data-customers");
  const auto visits = attribute_values(page, "data-customers=", "data-visits");
  const auto ids = attribute_values(page, "data-customers=", "id");
  ASSERT_EQ(ids.size(), 4u);
  std::map<std::string, std::pair<std::string, std::string>> counts;
  for (std::size_t k = 0; k < ids.size(); ++k)
    counts[s.map[static_cast<cxscore::touchpoint_code>(std::stoul(ids[k].substr(11)))].name] = {customers[k],
                                                                                                visits[k]};
  EXPECT_EQ(counts,
            (std::map<std::string, std::pair<std::string, std::string>>{
                {"browse", {"3", "4"}}, {"checkout", {"2", "3"}}, {"delivery", {"2", "2"}}, {"support", {"1", "1"}}}));
  // The browse-checkout loop is outlined in the flag colour; delivery, in no loop, is not.
  ASSERT_EQ(s.loops.size(), 1u);
  const std::size_t browse = page.find("<title>browse</title>");
  const std::size_t delivery = page.find("<title>delivery</title>");
  EXPECT_NE(page.find("stroke=\"#d55e00\"", browse), std::string::npos);
  EXPECT_GT(page.find("stroke=\"#d55e00\"", browse), browse);
  EXPECT_LT(page.find("stroke=\"#d55e00\"", browse), page.find("</g>", page.find("</g>", browse) + 1));
  EXPECT_GT(page.find("stroke=\"#d55e00\"", delivery), page.find("</g>", page.find("</g>", delivery) + 1));
}

TEST(html_report_test, a_backslash_in_a_phase_name_is_text_to_graphviz) {
  std::string text = map_text;
  for (std::size_t at = text.find(R"("phase": "get")"); at != std::string::npos; at = text.find(R"("phase": "get")"))
    text.replace(at, 14, R"("phase": "get\\now")");  // JSON for get\now; to Graphviz \n would be a line break
  const auto map = cxscore::parse_map_json(text);
  ASSERT_EQ(map[2].phase, "get\\now");
  const auto log = cxscore::parse_event_log_csv(events_text, &map, {}, "events.csv").log;
  const auto dfg = cxscore::discover_directly_follows(log, cxscore::order_journeys(log));
  const std::string svg = cxscore::journey_map_svg(dfg, &map, cxscore::find_loops(dfg));
  EXPECT_NE(svg.find(">get\\now</text>"), std::string::npos);
}

TEST(html_report_test, bars_are_ranked_by_impact_with_the_results_numbers) {
  const shop s;
  const std::string page = s.page();
  const double psi = s.result.brand.customer_weight;
  // An independent ranking: the touchpoints with encounters by impact, largest loss first.
  std::vector<std::pair<double, std::string>> expected;
  for (std::size_t t = 0; t < s.map.size(); ++t)
    if (s.result.touchpoints[t].count > 0)
      expected.emplace_back(s.result.touchpoints[t].impact(psi), s.map[static_cast<cxscore::touchpoint_code>(t)].name);
  std::stable_sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  const auto names = attribute_values(page, "class=\"bar\"", "data-touchpoint");
  const auto impacts = attribute_values(page, "class=\"bar\"", "data-impact");
  ASSERT_EQ(names.size(), 4u);  // returns had no encounters
  ASSERT_EQ(impacts.size(), 4u);
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_EQ(names[k], expected[k].second);
    EXPECT_EQ(std::stod(impacts[k]), expected[k].first) << names[k];  // the double itself, as the CSV writes it
  }
  // By hand (prospect, scale [1, 5], promise 4): delivery's 1 and 2 are the largest shortfalls.
  EXPECT_EQ(names.front(), "delivery");
}

TEST(html_report_test, headline_and_owner_figures_are_the_results) {
  const shop s;
  const std::string page = s.page();
  const auto figures = attribute_values(page, "data-figure=", "data-value");
  const auto keys = attribute_values(page, "data-figure=", "data-figure");
  std::map<std::string, std::string> figure;
  for (std::size_t k = 0; k < keys.size(); ++k) figure[keys[k]] = figures[k];
  EXPECT_EQ(std::stod(figure.at("brand_index")), s.result.brand_index());
  EXPECT_EQ(figure.at("customers"), "3");
  EXPECT_EQ(figure.at("encounters"), "10");
  // The period covered: epoch seconds 0 to 30 are both 1970-01-01.
  EXPECT_EQ(figure.at("period"), "1970-01-01/1970-01-01");
  const auto owners = attribute_values(page, "class=\"owner\"", "data-owner");
  const auto index = attribute_values(page, "class=\"owner\"", "data-index");
  ASSERT_EQ(owners.size(), s.cards.size());
  for (std::size_t k = 0; k < owners.size(); ++k) {
    EXPECT_EQ(owners[k], s.cards[k].owner);
    EXPECT_EQ(std::stod(index[k]), s.cards[k].index);
  }
}

TEST(html_report_test, automatic_edge_filter_keeps_small_graphs_whole_and_caps_large_ones) {
  const shop s;
  EXPECT_EQ(cxscore::automatic_min_edge_count(s.dfg), 1u);
  // 200 touchpoints, every pair once, the ring i -> i+1 ten times and i -> i+2 five times: 40,000 edges,
  // of which 250 may stay: the ring's 200, but not the next 200, which tie at 5.
  cxscore::directly_follows big;
  for (std::uint32_t v = 0; v < 200; ++v) {
    const auto added = boost::add_vertex(big.graph);
    big.graph[added].name = "t" + std::to_string(v);
    big.graph[added].visits = 1;
  }
  for (std::uint32_t a = 0; a < 200; ++a)
    for (std::uint32_t b = 0; b < 200; ++b) {
      cxscore::dfg_edge e;
      e.count = b == (a + 1) % 200 ? 10 : b == (a + 2) % 200 ? 5 : 1;
      boost::add_edge(a, b, e, big.graph);
    }
  const std::uint64_t min = cxscore::automatic_min_edge_count(big);
  EXPECT_EQ(min, 6u);
  EXPECT_EQ(boost::num_edges(big.filtered(min).graph), 200u);
}

TEST(html_report_test, rare_starts_and_ends_of_a_large_map_are_hidden_like_rare_edges_and_it_is_laid_out) {
  // 200 touchpoints without phases on a ring i -> i+1 (20 times each), every journey starting and ending
  // anywhere: a start edge to each touchpoint would span the whole drawing, and 400 of them kept dot busy for
  // minutes. Starts and ends count as transitions: touchpoint i starts i % 7 + 1 journeys and ends i % 5 + 1.
  cxscore::directly_follows big;
  for (std::uint32_t v = 0; v < 200; ++v) {
    const auto added = boost::add_vertex(big.graph);
    big.graph[added].name = "t" + std::to_string(v);
    big.graph[added].visits = 20;
    big.graph[added].customers = 20;
    big.graph[added].starts = v % 7 + 1;
    big.graph[added].ends = v % 5 + 1;
  }
  for (std::uint32_t a = 0; a < 200; ++a) {
    cxscore::dfg_edge e;
    e.count = 20;
    boost::add_edge(a, (a + 1) % 200, e, big.graph);
  }
  // 200 ring edges, then 250 - 200 = 50 more: the starts of 7 (28 touchpoints: i % 7 = 6) and of 6 (29)
  // would be 57, so the threshold is 7 and exactly the 28 starts of 7 stay, every end (at most 5) goes.
  const std::uint64_t min = cxscore::automatic_min_edge_count(big);
  EXPECT_EQ(min, 7u);
  const auto shown = big.filtered(min);
  std::size_t starts = 0, ends = 0;
  for (std::size_t v = 0; v < 200; ++v) starts += shown.shown_starts(v) > 0, ends += shown.shown_ends(v) > 0;
  EXPECT_EQ(starts, 28u);
  EXPECT_EQ(ends, 0u);
  EXPECT_EQ(shown.graph[6].starts, 7u);  // the counts themselves stay whole for the analytics
  EXPECT_EQ(shown.graph[0].ends, 1u);
  const std::string svg = cxscore::journey_map_svg(shown, nullptr, cxscore::find_loops(shown));
  std::size_t drawn = 0;
  for (std::size_t at = svg.find("class=\"edge\""); at != std::string::npos; at = svg.find("class=\"edge\"", at + 1))
    ++drawn;
  EXPECT_EQ(drawn, 200u + 28u);
}

TEST(html_report_test, write_is_atomic_and_leaves_no_temporary_file) {
  const shop s;
  const auto dir = std::filesystem::temp_directory_path() / ("cxscore_html_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / "report.html";
  std::ofstream(path) << "old";
  cxscore::write_html_report(path, {.result = &s.result, .map = &s.map});
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  EXPECT_EQ(text.str(), cxscore::render_html_report({.result = &s.result, .map = &s.map}));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()), 1);
  // A folder that does not exist: an error, and nothing written.
  EXPECT_THROW(cxscore::write_html_report(dir / "missing" / "r.html", {.result = &s.result, .map = &s.map}),
               std::runtime_error);
  EXPECT_THROW((void)cxscore::render_html_report({}), std::invalid_argument);
  std::filesystem::remove_all(dir);
}

using html_report_cli_test = cxscore_test::cli_fixture;

TEST_F(html_report_cli_test, report_command_writes_the_page_or_nothing) {
  const auto map = write("map.json", map_text);
  const auto events = write("events.csv", events_text);
  const auto page = dir() / "report.html";
  const std::string inputs = "report --map " + map.string() + " --events " + events.string();
  // With outcomes: the what-if and the drivers join in.
  const auto outcomes = write("outcomes.csv", "customer,retained\nc1,1\nc2,0\nc3,1\n");
  ASSERT_EQ(run(inputs + " --outcomes " + outcomes.string() + " --bootstrap 0 --out " + page.string()), 0) << err();
  const std::string text = cxscore_test::slurp(page);
  // Three customers cannot estimate five drivers: the section says so, and the rest of the page stands.
  EXPECT_NE(text.find("Not estimated: "), std::string::npos);
  for (const char* section : {"id=\"headline\"", "id=\"fix-first\"", "id=\"journey-map\"", "id=\"owners\"",
                              "id=\"trend\"", "id=\"what-if\"", "id=\"drivers\"", "id=\"service\""})
    EXPECT_NE(text.find(section), std::string::npos) << section;

  // Bad input: exit code 2, the file, row, column and value named, and the page left as it was.
  struct bad {
    std::string args, message;
  };
  const std::vector<bad> cases{
      {"report --map " + map.string() + " --events " +
           write("bad.csv", "customer,touchpoint,time,experience\nc1,browse,0,2\nc1,checkout,10,9\n").string(),
       "row 3, column 'experience', value '9'"},
      {inputs + " --outcomes " + write("o.csv", "customer,retained\nc1,1\nc2,0\n").string(),
       "value 'c3': the customer has events but no outcome row"},
      {inputs + " --period fortnight", "value 'fortnight': unknown period"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(run(c.args + " --out " + page.string()), 2) << c.args;
    EXPECT_NE(err().find(c.message), std::string::npos) << err();
    EXPECT_EQ(cxscore_test::slurp(page), text) << c.args;
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir()))
    EXPECT_EQ(entry.path().filename().string().find(".cxscore-tmp"), std::string::npos) << entry.path();
}

}  // namespace
