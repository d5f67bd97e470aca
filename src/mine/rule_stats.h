// File: rule_stats.h
// -----------------------------------------------------------------------------
// The one place that turns a rule's counts into confidence and lift, so that
// the miner, the evaluator and the tests agree bit for bit with Borgelt's
// apriori/eclat and scipy (which compute the same ratios of exact integers):
//   confidence = s / a              lift = (s * N) / (a * b)
// where s = support(A,B), a = support(A), b = support(B), N = orders (all
// counts). Each is ONE correctly rounded division of two exact integers,
// not a chain of rounded divisions like (s / a) / (b / N), which can land
// one ulp away.
//
// Example:
//   double c = RuleConfidence(736, 1903);               // 0.38675775...
//   double l = RuleLift(736, 9835, 1903, 2513);          // 1.51362...
#ifndef OFFERGRAPH_MINE_RULE_STATS_H_
#define OFFERGRAPH_MINE_RULE_STATS_H_

#include <cstdint>

namespace offergraph::mine {

// numerator / denominator, correctly rounded to the nearest double (ties to
// even), for any numerator and denominator below 2^64 (denominator > 0).
//
// Why it is exact: when both integers are below 2^53 they are exact doubles,
// and IEEE 754 division of two exact doubles returns the correctly rounded
// quotient, so the fast path is one plain division. Above 2^53 converting an
// integer to double would round it first, and the quotient of two rounded
// operands can be one ulp off; there the quotient is computed in integers
// instead (56 significant bits plus a sticky bit, rounded once by the
// conversion to double).
double ExactRatio(uint64_t numerator, uint64_t denominator);

// support(A,B) / support(A). support_a > 0.
double RuleConfidence(int64_t support_ab, int64_t support_a);

// (support(A,B) * N) / (support(A) * support(B)), the products taken in
// 128-bit integers. Counts are below 2^32 in practice (the miner's item ids
// and offsets are 32-bit), so the products fit in 64 bits and ExactRatio
// rounds once (beyond 64 bits it may be one ulp off). support_a,
// support_b > 0.
double RuleLift(int64_t support_ab, int64_t orders, int64_t support_a,
                int64_t support_b);

// numerator / denominator for 128-bit integers, correctly rounded to the
// nearest double (denominator > 0). Below 2^64 this is ExactRatio; above, the
// quotient's integer part and enough fraction bits (binary long division,
// no intermediate wider than 128 bits) plus a sticky bit are rounded once.
double ExactRatio128(unsigned __int128 numerator,
                     unsigned __int128 denominator);

// The k-way lift of an itemset S = {i_1..i_k}:
//   support(S) * N^(k-1) / (support(i_1) * ... * support(i_k))
// i.e. P(S) / (P(i_1) * ... * P(i_k)); for k = 2 it is RuleLift. Numerator
// and denominator are exact 128-bit products divided once (ExactRatio128)
// while both fit in 127 bits (k <= 5 with N below 2^25, any realistic order
// count); beyond that, a long double product and quotient (a few ulps at
// most). Every support > 0, k >= 1.
double ItemsetLift(int64_t support, int64_t orders,
                   const int64_t* item_supports, int k);

}  // namespace offergraph::mine

#endif  // OFFERGRAPH_MINE_RULE_STATS_H_
