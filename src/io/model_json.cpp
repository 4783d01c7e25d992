#include "cxscore/io/json.hpp"

#include <nlohmann/json.hpp>

#include "internal/cell_text.hpp"
#include "internal/json_documents.hpp"
#include "json_fields.hpp"
#include "json_text.hpp"

namespace cxscore {
namespace {

std::map<std::string, double> read_weights(const detail::json_object& top, const char* key) {
  std::map<std::string, double> out;
  if (!top.has(key)) return out;
  const auto& obj = top.at(key);
  if (!obj.is_object()) detail::fail({top.source(), 0, key, detail::json_excerpt(obj)}, "expected {name: weight, ...}");
  for (const auto& [name, w] : obj.items()) out[name] = top.number_value(w, top.key_path(key) + "." + name);
  return out;
}

}  // namespace

model parse_model_json(std::string_view text, const std::string& source) {
  const nlohmann::json root = detail::parse_json(text, source);
  const detail::json_object top(root, source, "");
  top.only(
      {"preset", "alpha", "beta", "lambda", "recovery", "half_life_days", "peak_end", "weights", "dimension_weights"});
  model m = model::from_preset(top.string("preset", "prospect"), source);
  m.alpha = top.number("alpha", m.alpha);
  m.beta = top.number("beta", m.beta);
  m.lambda = top.number("lambda", m.lambda);
  m.recovery = top.number("recovery", m.recovery);
  m.half_life_days = top.number("half_life_days", m.half_life_days);
  m.peak_end = top.number("peak_end", m.peak_end);
  m.weights = read_weights(top, "weights");
  m.dimension_weights = read_weights(top, "dimension_weights");
  m.validate(source);
  return m;
}

model read_model_json(const std::filesystem::path& path) {
  return parse_model_json(detail::read_file(path.string()), path.string());
}

model load_model(const std::string& preset_or_path) {
  if (preset_or_path == "prospect" || preset_or_path == "servqual") return model::from_preset(preset_or_path);
  if (!std::filesystem::exists(preset_or_path))
    detail::fail({preset_or_path, 0, "model", preset_or_path},
                 "neither a preset ('prospect', 'servqual') nor an existing model file");
  return read_model_json(preset_or_path);
}

nlohmann::ordered_json detail::model_document(const model& m) {
  nlohmann::ordered_json j;
  j["preset"] = m.preset;
  j["alpha"] = m.alpha;
  j["beta"] = m.beta;
  j["lambda"] = m.lambda;
  j["recovery"] = m.recovery;
  j["half_life_days"] = m.has_decay() ? nlohmann::ordered_json(m.half_life_days) : nlohmann::ordered_json();
  j["peak_end"] = m.peak_end;
  j["weights"] = m.weights;
  j["dimension_weights"] = m.dimension_weights;
  return j;
}

std::string to_json(const model& m) { return detail::model_document(m).dump(2); }

}  // namespace cxscore
