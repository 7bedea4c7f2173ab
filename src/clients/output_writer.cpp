#include "clients/output_writer.hpp"

namespace cairn {

namespace {
constexpr size_t kMaxWriteSpans = 16;
}  // namespace

WriteOutcome write_pending(net::Connection& conn, resp::OutputBuffer& out) {
    WriteOutcome outcome;
    while (!out.empty()) {
        net::ConstSpan spans[kMaxWriteSpans];
        size_t n = 0;
        out.for_each_pending(
            [&](const char* d, size_t len) {
                spans[n++] = {d, len};
            },
            kMaxWriteSpans);
        outcome.last = conn.write_some(spans, n);
        if (outcome.last.status != net::IoStatus::Ok) return outcome;
        out.consume(outcome.last.bytes);
        outcome.written += outcome.last.bytes;
    }
    outcome.last = net::IoResult{};
    return outcome;
}

}  // namespace cairn
