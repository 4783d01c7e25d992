#pragma once
/// Service-attribution counts as bytes (kind `service`, summary_bytes.hpp describes the header), so that the
/// workers of a cluster can count the customers they hold and the driver merge the counts and fit the brand
/// figure once (service_attribution::merge, explain_brand_share).
///
/// Payload, fixed-width little-endian: window_days, z, first_time, last_time (f64); service_contacts, the
/// touchpoint count T and the cover count K (u64); then T touchpoints, each unmet_visits, met_visits,
/// contacts_after_unmet, contacts_after_met, visitors, unmet_customers, contacts_by_service (u64); then K
/// covers in ascending key order, each its number of pairs P, P (category, visits) pairs and its contacts
/// (u64). The brand figure is not part of it: it is fitted from the counts.
///
/// Decoding refuses (input_error, file "<summary bytes>") a wrong header, a buffer shorter or longer than its
/// counts say (checked before anything is allocated), and counts no counting gives: a window or z that is
/// not > 0, service contacts that are not the sum of the touchpoints', covers out of order or holding more
/// contacts than there are, a category beyond the touchpoints, a pair out of order or of no visits.
///
/// ```cpp
/// std::string bytes = cxscore::to_bytes(cxscore::count_service_demand(part.view(), map));
/// cxscore::service_attribution all = cxscore::service_attribution_from_bytes(bytes);
/// all.merge(other_part);
/// all = cxscore::explain_brand_share(std::move(all));
/// ```
#include <string>
#include <string_view>

#include "cxscore/service/service_attribution.hpp"

namespace cxscore {

/// The byte form of `a`'s counts (its brand figure left out).
[[nodiscard]] std::string to_bytes(const service_attribution& a);

/// Reads to_bytes()'s form back, bit for bit (the brand figure empty); throws input_error for anything else.
[[nodiscard]] service_attribution service_attribution_from_bytes(std::string_view bytes);

}  // namespace cxscore
