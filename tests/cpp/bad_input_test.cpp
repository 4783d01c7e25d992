// One case per line of the "Bad input" list in docs/reliability.md, in the same order: each writes a small valid
// input with exactly that defect, runs the real `cxscore` command, and checks that it exits with code 2, that the
// message names the file, row, column and value the line is about, and that nothing was written: the
// scratch folder (inputs, and any output folder present before) is byte for byte as it was.
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "support/cli_fixture.hpp"

namespace {

using cxscore_test::cli_fixture;
using cxscore_test::slurp;
namespace fs = std::filesystem;

const std::string good_map = R"({"touchpoints": [{"name": "courier", "scale": [1, 7], "promise": 5},
                                  {"name": "web", "scale": [1, 7]}]})";
const std::string good_events =
    "customer,touchpoint,time,experience,expectation\n"
    "a,courier,2024-01-01T00:00:00Z,4,\n"
    "b,web,2024-01-02T00:00:00Z,3,5\n";
const std::string score_command = "score --map {d}/map.json --events {d}/events.csv --out {d}/out";

// The other commands' valid inputs, each read with the valid map and events (see bad_input_baseline).
// Customers c, d and e have no events in good_events: an outcome row without events is ignored.
const std::string good_outcomes = "customer,bought,nps\na,1,9\nb,0,3\nc,1,7\nd,0,10\ne,1,5\n";
const std::string good_paths = "path,total_conversions,total_null\nweb > shop,3,1\nweb,0,4\n";
const std::string good_table = "customer,speed,price,nps\na,1,2,9\nb,2,1,7\nc,3,3,10\nd,4,1,3\ne,2,5,6\n";
const std::string good_survey = "id,segment,nps,csat,ces\n1,gold,9,4,6\n2,silver,3,5,2\n3,gold,10,1,7\n";
// Events of all five customers, enough rows for `drivers` to build and fit its table from them.
const std::string driver_events = good_events +
                                  "c,courier,2024-01-03T00:00:00Z,6,\n"
                                  "d,web,2024-01-04T00:00:00Z,2,5\n"
                                  "e,courier,2024-01-05T00:00:00Z,3,\n";
const std::string journeys_command = "journeys --events {d}/events.csv --out {d}/out";
const std::string outcomes_command = journeys_command + " --outcomes {d}/outcomes.csv --outcome bought";
const std::string driver_outcomes_command =
    "drivers --map {d}/map.json --events {d}/events.csv --outcomes {d}/outcomes.csv --outcome nps --out {d}/out";
const std::string paths_command = "journeys --paths {d}/paths.csv --out {d}/out";
const std::string table_command = "drivers --table {d}/table.csv --outcome nps --out {d}/out";
const std::string survey_command =
    "metrics --table {d}/survey.csv --nps nps --csat csat --ces ces --by segment --out {d}/out";

struct bad_case {
  std::string name;                                        // after the docs' line
  std::vector<std::pair<std::string, std::string>> files;  // written over the valid map.json and events.csv
  std::string args;                                        // `{d}` is the scratch folder
  std::vector<std::string> message;                        // each must appear in the standard error
};

// Test names and failure messages show a case by its name.
void PrintTo(const bad_case& c, std::ostream* os) { *os << c.name; }

// A map whose touchpoints are `touchpoints` (JSON objects), as text.
std::string map_with(const std::string& touchpoints) { return R"({"touchpoints": [)" + touchpoints + "]}"; }
// The valid events with `rows` appended (row 4 on).
std::string events_plus(const std::string& rows) { return good_events + rows; }
// `file` holding `text` (over the valid one, if any), read by `args`; the file's name leads the message.
bad_case file_case(std::string name, const std::string& file, const std::string& text, std::string args,
                   std::vector<std::string> message) {
  message.insert(message.begin(), file);
  return {std::move(name), {{file, text}}, std::move(args), std::move(message)};
}
// A model file holding `json`, scored with the valid map and events.
bad_case model_case(std::string name, const std::string& json, std::vector<std::string> message) {
  return file_case(std::move(name), "model.json", json, score_command + " --model {d}/model.json", std::move(message));
}
bad_case map_case(std::string name, const std::string& json, std::vector<std::string> message) {
  return file_case(std::move(name), "map.json", json, score_command, std::move(message));
}
bad_case events_case(std::string name, const std::string& csv, std::vector<std::string> message) {
  return file_case(std::move(name), "events.csv", csv, score_command, std::move(message));
}
bad_case customers_case(std::string name, const std::string& csv, std::vector<std::string> message) {
  return file_case(std::move(name), "customers.csv", csv, score_command + " --customers {d}/customers.csv",
                   std::move(message));
}
bad_case outcomes_case(std::string name, const std::string& csv, std::vector<std::string> message,
                       const std::string& args = outcomes_command) {
  return file_case(std::move(name), "outcomes.csv", csv, args, std::move(message));
}
bad_case paths_case(std::string name, const std::string& csv, std::vector<std::string> message) {
  return file_case(std::move(name), "paths.csv", csv, paths_command, std::move(message));
}
bad_case table_case(std::string name, const std::string& csv, std::vector<std::string> message,
                    const std::string& options = "") {
  return file_case(std::move(name), "table.csv", csv, table_command + options, std::move(message));
}
bad_case survey_case(std::string name, const std::string& csv, std::vector<std::string> message,
                     const std::string& args = survey_command) {
  return file_case(std::move(name), "survey.csv", csv, args, std::move(message));
}
// An event log read by `journeys` without a map.
bad_case log_case(std::string name, const std::string& csv, std::vector<std::string> message) {
  return file_case(std::move(name), "events.csv", csv, journeys_command, std::move(message));
}
// A folder `out` prepared by `files` (path inside the scratch folder, content).
bad_case out_case(std::string name, std::vector<std::pair<std::string, std::string>> files, std::string args,
                  std::vector<std::string> message) {
  return {std::move(name), std::move(files), std::move(args), std::move(message)};
}

const std::string nested = std::string(300, '[') + std::string(300, ']');

std::vector<bad_case> cases() {
  return {
      // Events and other CSV files
      events_case("EmptyFile", "", {"the file is empty"}),
      events_case("ParquetFile", std::string("PAR1\x15\x04\x15\x00", 8), {"a Parquet file", "convert it to CSV"}),
      events_case("WorkbookFile", std::string("PK\x03\x04\x14\x00\x06\x00", 8), {"zip archive", ".xlsx"}),
      events_case("OldWorkbookFile", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", {"Excel 97-2003 workbook"}),
      events_case("Utf16File",
                  std::string("\xFF\xFE"
                              "c\0u\0s\0",
                              8),
                  {"UTF-16 text", "save it as UTF-8"}),
      events_case("BinaryFile", std::string("customer\0\x01\x02", 11), {"binary data", "offset 8"}),
      events_case("CorruptGzipFile", std::string("\x1F\x8B\x08\x00not deflate data", 20), {"not a readable gzip file"}),
      {"UnknownSeparator", {}, score_command + " --sep x", {"--sep", "value 'x'", "expected one of , ; | tab"}},
      events_case("DuplicateColumn", "customer,touchpoint,time,experience,time\na,courier,0,4,0\n",
                  {"row 1", "column 'time'", "value 'time'", "duplicate column"}),
      events_case("MissingRequiredColumn", "customer,touchpoint,time\na,courier,0\n",
                  {"row 1", "column 'experience'", "missing required column",
                   "the header has 'customer', 'touchpoint', 'time'"}),
      customers_case("MissingCustomerColumn", "id,weight\na,1\n", {"row 1", "column 'customer'", "missing"}),
      events_case("WrongFieldCount", events_plus("c,web,0\n"), {"row 4", "value '3 fields'", "expected 5 fields"}),
      events_case("UnterminatedQuote", events_plus("c,web,0,3,\"5\n"),
                  {"row 4", "column 'expectation'", "value '\"5", "unterminated quoted field"}),
      events_case("TextAfterClosingQuote", events_plus("\"c\"x,web,0,3,\n"),
                  {"row 4", "column 'customer'", "value '\"c\"x'", "after a closing quote"}),
      events_case("EmptyCustomerId", events_plus(",web,0,3,\n"),
                  {"row 4", "column 'customer'", "value ''", "customer id is empty"}),
      events_case("UnknownTouchpoint", events_plus("c,chekout,0,3,\n"),
                  {"row 4", "column 'touchpoint'", "value 'chekout'", "unknown touchpoint"}),
      events_case("EmptyExperience", events_plus("c,web,0, ,5\n"),
                  {"row 4", "column 'experience'", "experience is empty"}),
      events_case("NotANumber", events_plus("c,web,0,good,5\n"),
                  {"row 4", "column 'experience'", "value 'good'", "not a number"}),
      events_case("NanOrInfinity", events_plus("c,web,0,3,nan\n"),
                  {"row 4", "column 'expectation'", "value 'nan'", "not a finite number"}),
      events_case("OutsideTheScale", events_plus("c,courier,0,8,\n"),
                  {"row 4", "column 'experience'", "value '8'", "outside the scale [1, 7] of touchpoint 'courier'"}),
      events_case("NoExpectationAndNoPromise", events_plus("c,web,0,3,\n"),
                  {"row 4", "column 'expectation'", "value ''", "has no promise"}),
      {"NoExperienceColumnForSurveyTouchpoint",
       {{"map.json", map_with(R"({"name": "wait", "measure": "hours_since_previous", "scale": [0, 100], "promise": 24},
                                 {"name": "web", "scale": [1, 7], "promise": 5})")},
        {"events.csv", "customer,touchpoint,time\na,wait,0\na,web,3600\n"}},
       score_command,
       {"events.csv", "row 3", "column 'touchpoint'", "value 'web'", "no experience column"}},
      {"CellForSeveralMeasures",
       {{"map.json", map_with(R"({"name": "desk", "measures": [
                                    {"measure": "hours_since_previous", "promise": 24, "scale": [0, 100]},
                                    {"measure": "visits", "promise": 1, "scale": [0, 10]}]})")},
        {"events.csv", "customer,touchpoint,time,expectation\na,desk,0,\na,desk,3600,12\n"}},
       score_command,
       {"events.csv", "row 3", "column 'expectation'", "value '12'", "several signals"}},
      {"EncounterWeightsSumToZero",
       {{"map.json", map_with(R"({"name": "courier", "scale": [1, 7], "promise": 5},
                                 {"name": "web", "scale": [1, 7], "weight": 0})")}},
       score_command,
       {"events.csv", "row 3", "column 'customer'", "value 'b'", "weights sum to 0"}},
      events_case("NoEvents", "customer,touchpoint,time,experience\n", {"no events to score"}),
      customers_case("CustomerListedTwice", "customer,weight\na,1\nb,1\na,2\n",
                     {"row 4", "column 'customer'", "value 'a'", "listed twice (first on row 2)"}),
      customers_case("CustomerWeightOutOfRange", "customer,weight\na,1\nb,2e9\n",
                     {"row 3", "column 'weight'", "value '2e9'", "at most 1e9"}),
      customers_case("CustomerWeightNotANumber", "customer,weight\na,1\nb,inf\n",
                     {"row 3", "column 'weight'", "value 'inf'", "not a finite number"}),
      customers_case("CustomerWeightsSumToZero", "customer,weight\na,0\nb,0\n",
                     {"column 'weight'", "value '0'", "customer weights sum to 0"}),

      // Times
      events_case("UnparsableTime", events_plus("c,web,yesterday,3,5\n"),
                  {"row 4", "column 'time'", "value 'yesterday'", "unparsable time"}),
      events_case("TimeBeforeYear1", events_plus("c,web,-62135596801,3,5\n"),
                  {"row 4", "column 'time'", "value '-62135596801'", "before the year 1"}),
      events_case("TimeBeyondYear9999", events_plus("c,web,1700000000000,3,5\n"),
                  {"row 4", "column 'time'", "value '1700000000000'", "beyond the year 9999"}),
      {"AsOfUnparsable", {}, score_command + " --as-of soon", {"--as-of", "value 'soon'", "unparsable time"}},
      {"AsOfBeyondYear9999",
       {},
       score_command + " --as-of 253402300800",
       {"--as-of", "value '253402300800'", "beyond the year 9999"}},
      {"EventAfterAsOf",
       {},
       score_command + " --as-of 2024-01-01T12:00:00Z",
       {"events.csv", "row 3", "column 'time'", "value '2024-01-02T00:00:00Z'", "after the as-of time"}},

      // Map and model JSON
      map_case("InvalidJson", R"({"touchpoints": [)", {"invalid JSON", "line 1"}),
      map_case("NotUtf8", "{\"name\": \"caf\xE9\", \"touchpoints\": []}", {"invalid JSON", "line 1"}),
      model_case("NestedTooDeep", R"({"weights": )" + nested + "}",
                 {"nested deeper than 256 levels", "line 1, column 268"}),
      model_case("NumberBeyondDouble", R"({"lambda": 1e400})",
                 {"value '1e400'", "number beyond the range of a double", "line 1, column 12"}),
      map_case("UnknownKey", map_with(R"({"name": "web", "promis": 5})"),
               {"touchpoints[0].promis", "value '5'", "unknown key"}),
      map_case("WrongType", map_with(R"({"name": "web", "promise": "5"})"),
               {"touchpoints[0].promise", "value '\"5\"'", "expected a number"}),
      map_case("NoTouchpoints", R"({"touchpoints": []})", {"touchpoints", "non-empty array of touchpoints"}),
      map_case("TouchpointWithoutName", map_with(R"({"role": "service"})"),
               {"touchpoints[0].name", "every touchpoint needs a name"}),
      map_case("TouchpointNameWithBlanks", map_with(R"({"name": " pad "})"),
               {"touchpoints[0]", "value ' pad '", "blanks at its start or end"}),
      map_case("TouchpointNameReserved", map_with(R"({"name": "__start__"})"),
               {"touchpoints[0]", "value '__start__'", "reserved"}),
      map_case("DuplicateTouchpoint", map_with(R"({"name": "web"}, {"name": "web"})"),
               {"touchpoints[1]", "value 'web'", "duplicate touchpoint name"}),
      map_case("ScaleLoNotBelowHi", map_with(R"({"name": "web", "scale": [5, 5]})"),
               {"touchpoints[0].scale", "value '[5,5]'", "lo < hi"}),
      map_case("ScaleWidthOverflows", map_with(R"({"name": "web", "scale": [-1.7e308, 1.7e308]})"),
               {"touchpoints[0]", "value 'web'", "hi - lo finite"}),
      map_case("PromiseOutsideScale", map_with(R"({"name": "web", "scale": [1, 7], "promise": 9})"),
               {"touchpoints[0]", "value 'web'", "promise 9 is outside"}),
      map_case("TouchpointWeightOutOfRange", map_with(R"({"name": "web", "weight": -1})"),
               {"touchpoints[0]", "value 'web'", "weight -1 must be >= 0 and at most 1e9"}),
      map_case("UnknownEnumValue", map_with(R"({"name": "web", "role": "support"})"),
               {"touchpoints[0].role", "value 'support'", R"(expected "experience" or "service")"}),
      map_case("MeasuredWithoutPromise", map_with(R"({"name": "wait", "measure": "hours_since_start"})"),
               {"touchpoints[0]", "value 'wait'", "needs a promise"}),
      map_case("MeasuredHigherIsBetter",
               map_with(R"({"name": "wait", "measure": "visits", "direction": "higher", "promise": 1})"),
               {"touchpoints[0]", "value 'wait'", "lower-is-better"}),
      map_case("MeasuresWithOwnKey",
               map_with(R"({"name": "desk", "promise": 1, "measures": [{"measure": "visits", "promise": 1}]})"),
               {"touchpoints[0].promise", "value '1'", "gives each measure its own"}),
      map_case("MeasuresEmptyOrIncomplete",
               map_with(R"({"name": "desk", "measures": [{"measure": "visits", "scale": [0, 9]}]})"),
               {"touchpoints[0].measures[0].promise", "every measure needs a promise"}),
      map_case("MeasuresSurvey", map_with(R"({"name": "desk", "measures": [{"measure": "survey", "promise": 1}]})"),
               {"touchpoints[0].measures[0]", "value 'desk'", "a survey touchpoint has one measure"}),
      map_case("MeasurePromiseOutsideScale",
               map_with(R"({"name": "desk", "measures": [{"measure": "visits", "promise": 20, "scale": [0, 9]}]})"),
               {"touchpoints[0].measures[0]", "value 'desk'", "promise 20 must be a number within"}),
      map_case("MeasureDimensionTwice", map_with(R"({"name": "desk", "measures": [
                  {"measure": "visits", "promise": 1, "scale": [0, 9]},
                  {"measure": "visits", "promise": 2, "scale": [0, 9]}]})"),
               {"touchpoints[0].measures[1]", "value 'desk'", "measured twice"}),
      map_case("TransitionNotAPair", R"({"touchpoints": [{"name": "web"}], "transitions": [["web"]]})",
               {"transitions[0]", "value '[\"web\"]'", "expected [from, to]"}),
      map_case("TransitionUnknownTouchpoint", R"({"touchpoints": [{"name": "web"}], "transitions": [["web", "shop"]]})",
               {"transitions[0]", "value 'shop'", "unknown touchpoint"}),
      map_case("TransitionReservedName", R"({"touchpoints": [{"name": "web"}], "transitions": [["__end__", "web"]]})",
               {"transitions[0]", "value '__end__'", "reserved"}),
      map_case("OutcomeNotAString", R"({"touchpoints": [{"name": "web"}], "outcomes": [1]})",
               {"outcomes", "value '1'", "expected an outcome name"}),
      model_case("UnknownPreset", R"({"preset": "kano"})", {"preset", "value 'kano'", "unknown preset"}),
      model_case("AlphaOutOfRange", R"({"alpha": 1.5})", {"alpha", "value '1.5'", "in (0, 1]"}),
      model_case("LambdaOutOfRange", R"({"lambda": 1.797e308})", {"lambda", "value '1.797e+308'", "at most 1e9"}),
      model_case("RecoveryOutOfRange", R"({"recovery": -0.1})", {"recovery", "value '-0.1'", "in [0, 1]"}),
      model_case("HalfLifeNotPositive", R"({"half_life_days": 0})", {"half_life_days", "value '0'", "> 0"}),
      model_case("ModelWeightOutOfRange", R"({"dimension_weights": {"speed": 2e9}})",
                 {"dimension_weights.speed", "value '2e+09'", "at most 1e9"}),
      model_case("ModelWeightUnknownTouchpoint", R"({"weights": {"shop": 1}})",
                 {"weights", "value 'shop'", "a touchpoint the map does not have"}),

      // Outcomes, paths, driver tables, survey tables and event logs without a map
      outcomes_case("OutcomesMissingColumn", "customer,won\na,1\nb,0\n",
                    {"row 1", "column 'bought'", "missing required column"}),
      outcomes_case("OutcomesEmptyCustomerId", good_outcomes + ",1,4\n",
                    {"row 7", "column 'customer'", "value ''", "customer id is empty"}),
      outcomes_case("OutcomesCustomerListedTwice", good_outcomes + "a,0,2\n",
                    {"row 7", "column 'customer'", "value 'a'", "listed twice (first on row 2)"}),
      outcomes_case("OutcomeNotBinary", good_outcomes + "f,maybe,2\n",
                    {"row 7", "column 'bought'", "value 'maybe'", "expected 1/0, yes/no or true/false"}),
      {"OutcomeValueNotANumber",
       {{"events.csv", driver_events}, {"outcomes.csv", good_outcomes + "f,1,inf\n"}},
       driver_outcomes_command,
       {"outcomes.csv", "row 7", "column 'nps'", "value 'inf'", "expected a finite number"}},
      outcomes_case("OutcomesCustomerWithoutRow", "customer,bought,nps\na,1,9\n",
                    {"column 'customer'", "value 'b'", "has events but no outcome row"}),
      paths_case("PathsMissingColumn", "path,total_null\nweb,1\n",
                 {"row 1", "column 'total_conversions'", "missing required column"}),
      paths_case("PathsEmptyPath", good_paths + ",1,1\n", {"row 4", "column 'path'", "value ''", "the path is empty"}),
      paths_case("PathsEmptyChannel", good_paths + "web >  > shop,1,1\n",
                 {"row 4", "column 'path'", "value 'web >  > shop'", "channel name between ' > ' is empty"}),
      paths_case("PathsCountOutOfRange", good_paths + "web,1e308,1\n",
                 {"row 4", "column 'total_conversions'", "value '1e308'", "a count from 0 to 1e15"}),
      paths_case("PathsNoRows", "path,total_conversions,total_null\n", {"column 'path'", "no paths in the file"}),
      paths_case("PathsNoJourneys", "path,total_conversions,total_null\nweb > shop,0,0\nweb,0,0\n",
                 {"column 'total_conversions'", "value '0'", "no journeys"}),
      table_case("DriverTableMissingColumn", good_table, {"row 1", "column 'size'", "missing required column"},
                 " --drivers speed,size"),
      table_case("DriverTableOutcomeAsDriver", good_table,
                 {"row 1", "column 'nps'", "value 'nps'", "the outcome cannot also be a driver"},
                 " --drivers speed,nps"),
      table_case("DriverTableNoDrivers", "customer,nps\na,9\nb,7\n", {"row 1", "no driver columns"}),
      table_case("DriverTableEmptyId", good_table + ",1,1,5\n",
                 {"row 7", "column 'customer'", "value ''", "id is empty"}),
      table_case("DriverTableIdListedTwice", good_table + "a,1,1,5\n",
                 {"row 7", "column 'customer'", "value 'a'", "id listed twice (first on row 2)"}),
      table_case("DriverTableNotANumber", good_table + "f,1,nan,5\n",
                 {"row 7", "column 'price'", "value 'nan'", "not a finite number"}),
      table_case("DriverTableTooFewRows", "customer,speed,price,nps\na,1,2,9\nb,2,,7\nc,3,3,10\n",
                 {"value '2'", "more rows than drivers + 1 are needed"}),
      table_case("DriverTableConstantOutcome",
                 "customer,speed,price,nps\na,1,2,9\nb,2,1,9\nc,3,3,9\nd,4,1,9\ne,2,5,9\n",
                 {"column 'nps'", "the outcome is constant"}),
      // Row a is excluded (an empty cell), so d is the third row of the data but row 5 of the file.
      table_case("DriverTableLogisticNotBinary",
                 "customer,speed,price,nps\na,1,,1\nb,2,1,0\nc,3,3,1\nd,4,1,2\ne,2,5,0\nf,3,2,1\n",
                 {"row 5", "column 'nps'", "value '2'", "the logistic method needs a 0/1 outcome"},
                 " --method logistic"),
      survey_case("SurveyMissingColumn", good_survey, {"row 1", "column 'recommend'", "missing required column"},
                  "metrics --table {d}/survey.csv --nps recommend --out {d}/out"),
      survey_case("SurveyRatingNotANumber", good_survey + "4,gold,nan,4,6\n",
                  {"row 5", "column 'nps'", "value 'nan'", "not a finite number"}),
      survey_case("SurveyRatingOffScale", good_survey + "4,gold,11,4,6\n",
                  {"row 5", "column 'nps'", "value '11'", "whole number from 0 to 10"}),
      survey_case("SurveyNoRatings", "id,segment,nps,csat,ces\n1,gold,,4,6\n2,silver,,5,2\n",
                  {"column 'nps'", "no ratings in this column"}),
      survey_case("SurveyGroupEmpty", good_survey + "4,\" \",9,4,6\n",
                  {"row 5", "column 'segment'", "value ' '", "group is empty"}),
      survey_case("SurveyGroupAll", good_survey + "4,all,9,4,6\n",
                  {"row 5", "column 'segment'", "value 'all'", "cannot be called 'all'"}),
      log_case("LogBlankTouchpoint", events_plus("c,\" \",0,3,5\n"),
               {"row 4", "column 'touchpoint'", "value ' '", "touchpoint is empty"}),
      log_case("LogTouchpointWithBlanks", events_plus("c,\" web\",0,3,5\n"),
               {"row 4", "column 'touchpoint'", "value ' web'", "blanks at its start or end"}),
      log_case("LogTouchpointReserved", events_plus("c,__start__,0,3,5\n"),
               {"row 4", "column 'touchpoint'", "value '__start__'", "reserved"}),
      log_case("LogNoEvents", "customer,touchpoint,time\n", {"no events"}),

      // Command line
      {"UnknownOption", {}, score_command + " --fast", {"command line", "--fast"}},
      {"BadOptionValue", {}, score_command + " --threads -1", {"command line", "--threads"}},
      {"MissingRequiredOption", {}, "score --map {d}/map.json --out {d}/out", {"command line", "--events"}},
      {"ModelNeitherPresetNorFile",
       {},
       score_command + " --model {d}/nothing.json",
       {"nothing.json", "column 'model'", "neither a preset"}},
      {"InputCannotBeOpened",
       {},
       "score --map {d}/map.json --events {d}/missing.csv --out {d}/out",
       {"missing.csv", "cannot open the file"}},
      {"ColumnsNotPairs", {}, score_command + " --columns customer", {"--columns", "value 'customer'", "name=column"}},
      {"ColumnsUnknownRole",
       {},
       score_command + " --columns client=id",
       {"--columns", "value 'client'", "unknown column role"}},
      table_case("DriversOptionOfTheOtherSource", good_table, {"--lenient", "applies to events, not to a driver table"},
                 " --lenient"),
      {"DriversEmptyName",
       {{"table.csv", good_table}},
       table_command + " --drivers speed,,price",
       {"--drivers", "value 'speed,,price'", "empty driver name"}},

      // Output folder
      out_case("OutIsAFile", {{"out", "notes\n"}}, score_command, {"out", "exists and is not a folder"}),
      out_case("OutNotWrittenByCxscore", {{"out/notes.txt", "mine\n"}}, score_command,
               {"out", "was not written by cxscore"}),
      out_case("OutOfAnotherCommand",
               {{"out/.cxscore-run", "cxscore-run 1\ncommand simulate\nfile map.json\n"}, {"out/map.json", "{}\n"}},
               score_command, {"out", "holds the output of 'cxscore simulate', not of 'cxscore score'"}),
      out_case("OutHoldsAnUnlistedFile",
               {{"out/.cxscore-run", "cxscore-run 1\ncommand score\nfile summary.json\n"},
                {"out/summary.json", "{}\n"},
                {"out/notes.txt", "mine\n"}},
               score_command, {"out", "holds 'notes.txt', which cxscore did not write there"}),
      // /proc is a mount point on every Linux system; an empty one (a fresh tmpfs) is in staged_directory_test.
      out_case("OutIsAMountPoint", {}, "score --map {d}/map.json --events {d}/events.csv --out /proc",
               {"/proc", "is a mount point"}),
      out_case("OutIsTheRoot", {}, "score --map {d}/map.json --events {d}/events.csv --out /",
               {"/", "cannot be an output folder"}),
  };
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// Every file under `dir` with its content, and every folder, so that a comparison sees any change.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const std::string name = fs::relative(entry.path(), dir).string();
    if (name == "stdout.txt" || name == "stderr.txt") continue;
    out[name] = entry.is_directory() ? "<folder>" : slurp(entry.path());
  }
  return out;
}

class bad_input : public cli_fixture, public ::testing::WithParamInterface<bad_case> {};

// Every case below changes these inputs in one place, so they must be accepted as they are.
class bad_input_baseline : public cli_fixture {};
TEST_F(bad_input_baseline, the_valid_inputs_are_scored) {
  write("map.json", good_map);
  write("events.csv", good_events);
  write("customers.csv", "customer,weight\na,1\nb,2\n");
  write("model.json", R"({"lambda": 2})");
  ASSERT_EQ(
      run(replace_all(score_command, "{d}", dir().string()) + " --customers " + (dir() / "customers.csv").string() +
          " --model " + (dir() / "model.json").string() + " --as-of 2024-01-03T00:00:00Z"),
      0)
      << err();
  EXPECT_TRUE(fs::exists(dir() / "out" / "customers.csv"));
}

// The same for the other commands' inputs, each with the valid map and events.
TEST_F(bad_input_baseline, the_other_commands_valid_inputs_are_read) {
  write("map.json", good_map);
  write("events.csv", good_events);
  write("outcomes.csv", good_outcomes);
  write("paths.csv", good_paths);
  write("table.csv", good_table);
  write("survey.csv", good_survey);
  for (const std::string& command :
       {journeys_command, outcomes_command, paths_command, table_command, survey_command}) {
    fs::remove_all(dir() / "out");
    EXPECT_EQ(run(replace_all(command, "{d}", dir().string())), 0) << command << ": " << err();
  }
  write("events.csv", driver_events);
  fs::remove_all(dir() / "out");
  EXPECT_EQ(run(replace_all(driver_outcomes_command, "{d}", dir().string())), 0) << err();
}

TEST_P(bad_input, is_refused_with_exit_code_2_naming_where_and_writing_nothing) {
  const bad_case& c = GetParam();
  write("map.json", good_map);
  write("events.csv", good_events);
  for (const auto& [name, content] : c.files) {
    fs::create_directories((dir() / name).parent_path());
    write(name, content);
  }
  const auto before = snapshot(dir());
  const auto result = run(replace_all(c.args, "{d}", dir().string()));
  EXPECT_EQ(result, 2) << err();
  for (const auto& part : c.message)
    EXPECT_NE(err().find(part), std::string::npos) << "'" << part << "' not in " << err();
  EXPECT_EQ(snapshot(dir()), before) << "the command changed the scratch folder";
}

INSTANTIATE_TEST_SUITE_P(readme_list, bad_input, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<bad_case>& p) { return p.param.name; });

}  // namespace
