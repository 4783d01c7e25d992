// score() for any CPU of the architecture: the build's own flags (x86-64: SSE2; with CXSCORE_NATIVE, this
// machine's), no target region.
#include "score_target.hpp"

#define CXSCORE_KERNEL_NAMESPACE baseline
#include "score_body.hpp"
