#include "cxscore/io/json.hpp"

#include <nlohmann/json.hpp>

#include "internal/cell_text.hpp"
#include "internal/json_documents.hpp"
#include "json_fields.hpp"
#include "json_text.hpp"

namespace cxscore {
namespace {

using detail::fail;
using detail::json_excerpt;
using detail::json_object;

scale read_scale(const json_object& obj, const char* key, scale fallback) {
  if (!obj.has(key)) return fallback;
  const auto& v = obj.at(key);
  const std::string path = obj.key_path(key);
  if (!v.is_array() || v.size() != 2) fail({obj.source(), 0, path, json_excerpt(v)}, "expected [lo, hi]");
  const scale s{obj.number_value(v[0], path), obj.number_value(v[1], path)};
  if (!(s.lo < s.hi)) fail({obj.source(), 0, path, json_excerpt(v)}, "scale needs lo < hi");
  return s;
}

template <class Enum>
Enum read_enum(const json_object& obj, const char* key, Enum fallback, std::string_view first, Enum first_value,
               std::string_view second, Enum second_value) {
  if (!obj.has(key)) return fallback;
  const std::string text = obj.string(key, "");
  if (text == first) return first_value;
  if (text == second) return second_value;
  fail({obj.source(), 0, obj.key_path(key), text},
       "expected \"" + std::string(first) + "\" or \"" + std::string(second) + "\"");
}

measure read_measure(const json_object& obj) {
  const std::string m = obj.string("measure", "");
  for (auto candidate : {measure::survey, measure::hours_since_previous, measure::hours_since_start, measure::visits})
    if (m == to_string(candidate)) return candidate;
  fail({obj.source(), 0, obj.key_path("measure"), m},
       "expected \"survey\", \"hours_since_previous\", \"hours_since_start\" or \"visits\"");
}

}  // namespace

journey_map parse_map_json(std::string_view text, const std::string& source) {
  const nlohmann::json root = detail::parse_json(text, source);
  const json_object top(root, source, "");
  top.only({"name", "scale", "touchpoints", "transitions", "outcomes"});
  journey_map map(top.string("name", "journey"), read_scale(top, "scale", scale{}));

  if (!top.has("touchpoints") || !top.at("touchpoints").is_array() || top.at("touchpoints").empty())
    fail({source, 0, "touchpoints", top.has("touchpoints") ? json_excerpt(top.at("touchpoints")) : ""},
         "a map needs a non-empty array of touchpoints");
  const auto& tps = top.at("touchpoints");
  for (std::size_t k = 0; k < tps.size(); ++k) {
    const json_object tp(tps[k], source, "touchpoints[" + std::to_string(k) + "]");
    tp.only({"name", "role", "owner", "phase", "channel", "scale", "direction", "promise", "weight", "measure",
             "measures"});
    if (!tp.has("name")) fail({source, 0, tp.key_path("name"), ""}, "every touchpoint needs a name");
    touchpoint t;
    t.name = tp.string("name", "");
    t.role = read_enum(tp, "role", role::experience, "experience", role::experience, "service", role::service);
    t.owner = tp.string("owner", t.owner);
    t.phase = tp.string("phase", t.phase);
    t.channel = tp.string("channel", t.channel);
    t.scale = read_scale(tp, "scale", map.default_scale());
    t.direction = read_enum(tp, "direction", direction::higher, "higher", direction::higher, "lower", direction::lower);
    if (tp.has("measure")) {
      t.measure = read_measure(tp);
      // Measured waits and visits are lower-is-better; that is the default when a measure is named.
      if (t.measure != measure::survey && !tp.has("direction")) t.direction = direction::lower;
    }
    if (tp.has("measures")) {
      // Several signals: each carries its own promise and scale, so the touchpoint's own keys would clash.
      for (const char* key : {"measure", "promise", "scale", "direction"})
        if (tp.has(key))
          fail({source, 0, tp.key_path(key), json_excerpt(tp.at(key))},
               "a touchpoint with \"measures\" gives each measure its own; remove this key");
      const auto& list = tp.at("measures");
      if (!list.is_array() || list.empty())
        fail({source, 0, tp.key_path("measures"), json_excerpt(list)}, "expected a non-empty array of measures");
      for (std::size_t j = 0; j < list.size(); ++j) {
        const json_object m(list[j], source, tp.key_path("measures") + "[" + std::to_string(j) + "]");
        m.only({"measure", "promise", "scale", "dimension"});
        for (const char* key : {"measure", "promise"})
          if (!m.has(key)) fail({source, 0, m.key_path(key), ""}, std::string("every measure needs a ") + key);
        t.measures.push_back({.measure = read_measure(m),
                              .promise = m.number("promise", no_promise),
                              .scale = read_scale(m, "scale", map.default_scale()),
                              .dimension = m.string("dimension", "")});
      }
    }
    t.promise = tp.number("promise", no_promise);
    t.weight = tp.number("weight", 1.0);
    map.add_touchpoint(std::move(t), source);
  }

  if (top.has("transitions")) {
    const auto& edges = top.at("transitions");
    if (!edges.is_array()) fail({source, 0, "transitions", json_excerpt(edges)}, "expected [[from, to], ...]");
    for (std::size_t k = 0; k < edges.size(); ++k) {
      const auto& e = edges[k];
      const std::string path = "transitions[" + std::to_string(k) + "]";
      if (!e.is_array() || e.size() != 2 || !e[0].is_string() || !e[1].is_string())
        fail({source, 0, path, json_excerpt(e)}, "expected [from, to] with two touchpoint names");
      for (const auto& name : e)
        if (const auto problem = journey_map::name_problem(name.get_ref<const std::string&>()))
          fail({source, 0, path, name.get<std::string>()}, "transition names no touchpoint: " + *problem);
      const auto from = map.find(e[0].get<std::string>());
      const auto to = map.find(e[1].get<std::string>());
      if (!from || !to)
        fail({source, 0, path, (from ? e[1] : e[0]).get<std::string>()}, "transition names an unknown touchpoint");
      map.add_transition(*from, *to);
    }
  }
  if (top.has("outcomes")) {
    const auto& outcomes = top.at("outcomes");
    if (!outcomes.is_array()) fail({source, 0, "outcomes", json_excerpt(outcomes)}, "expected an array of names");
    for (const auto& o : outcomes) {
      if (!o.is_string()) fail({source, 0, "outcomes", json_excerpt(o)}, "expected an outcome name");
      map.add_outcome(o.get<std::string>());
    }
  }
  return map;
}

journey_map read_map_json(const std::filesystem::path& path) {
  return parse_map_json(detail::read_file(path.string()), path.string());
}

nlohmann::ordered_json detail::map_document(const journey_map& map) {
  nlohmann::ordered_json j;
  j["name"] = map.name();
  j["scale"] = {map.default_scale().lo, map.default_scale().hi};
  auto& tps = j["touchpoints"] = nlohmann::ordered_json::array();
  for (std::size_t t = 0; t < map.size(); ++t) {
    const touchpoint& tp = map[static_cast<touchpoint_code>(t)];
    nlohmann::ordered_json o;
    o["name"] = tp.name;
    o["role"] = to_string(tp.role);
    o["owner"] = tp.owner;
    o["phase"] = tp.phase;
    o["channel"] = tp.channel;
    if (tp.measures.empty()) {
      o["scale"] = {tp.scale.lo, tp.scale.hi};
      o["direction"] = to_string(tp.direction);
      if (tp.has_promise()) o["promise"] = tp.promise;
    }
    o["weight"] = tp.weight;
    if (tp.measures.empty() && tp.measure != measure::survey) o["measure"] = to_string(tp.measure);
    for (const measurement& m : tp.measures)
      o["measures"].push_back({{"measure", to_string(m.measure)},
                               {"promise", m.promise},
                               {"scale", {m.scale.lo, m.scale.hi}},
                               {"dimension", m.dimension}});
    tps.push_back(std::move(o));
  }
  auto& edges = j["transitions"] = nlohmann::ordered_json::array();
  for (const transition& t : map.transitions()) edges.push_back({map[t.from].name, map[t.to].name});
  j["outcomes"] = map.outcomes();
  return j;
}

std::string to_json(const journey_map& map) { return detail::map_document(map).dump(2) + "\n"; }

}  // namespace cxscore
