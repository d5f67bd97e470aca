// File: synthetic_baskets.h
// -----------------------------------------------------------------------------
// Generated orders with planted complements, for offergraph-sim's tests and
// for runs without ../shared/data: items come in groups of `group_size`; an
// order picks a group, takes two to six of its items, and now and then one
// item of another group (noise). Deterministic for a seed.
#ifndef OFFERGRAPH_SIM_SYNTHETIC_BASKETS_H_
#define OFFERGRAPH_SIM_SYNTHETIC_BASKETS_H_

#include <cstdint>

#include "mine/baskets.h"

namespace offergraph::sim {

struct SyntheticOptions {
  int64_t orders = 20000;
  int64_t items = 1500;
  int64_t group_size = 15;
  double noise = 0.3;  // chance of one item from another group
  uint64_t seed = 1;
};

mine::Baskets SyntheticBaskets(const SyntheticOptions& options);

}  // namespace offergraph::sim

#endif  // OFFERGRAPH_SIM_SYNTHETIC_BASKETS_H_
