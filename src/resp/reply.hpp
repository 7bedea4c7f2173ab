// Reply writer: encodes replies in RESP2 or RESP3 into an OutputBuffer.
// In RESP2 the RESP3-only types degrade exactly as Redis 7.0 does (maps become flat arrays,
// doubles become bulk strings, booleans become integers, nulls become $-1 / *-1).
#pragma once

#include <cstddef>
#include <string_view>

#include "resp/output_buffer.hpp"

namespace cairn::resp {

class Reply {
public:
    explicit Reply(OutputBuffer& out, int protocol = 2) : out_(&out), protocol_(protocol) {}

    int protocol() const { return protocol_; }
    void set_protocol(int p) { protocol_ = p; }
    OutputBuffer& buffer() { return *out_; }
    // Writes go to `out` from now on (CLIENT REPLY OFF/SKIP point it at a discarded buffer).
    void redirect(OutputBuffer& out) { out_ = &out; }

    // True once error() was called since the last reset_error_flag(): the dispatcher uses it
    // to count failed calls.
    bool error_written() const { return error_written_; }
    void reset_error_flag() { error_written_ = false; }
    void set_error_flag() { error_written_ = true; }
    // Code of the last error written ("ERR", "WRONGTYPE", ...), for INFO errorstats.
    // Kept per thread, not per client: only the command that just ran is ever asked.
    std::string_view last_error_code() const;

    void simple(std::string_view s);  // +s
    void ok() { simple("OK"); }
    // msg is the full error text including its code, e.g. "ERR syntax error" or
    // "WRONGTYPE ...": written as "-" + msg (as is if msg already starts with '-').
    // '\r' and '\n' in msg become spaces so the reply stays one line.
    void error(std::string_view msg);
    void integer(long long v);      // :v
    void bulk(std::string_view s);  // $len s
    void null();                    // RESP2 $-1, RESP3 _
    void null_array();              // RESP2 *-1, RESP3 _
    void array(size_t n);           // *n
    void map(size_t pairs);         // RESP3 %n, RESP2 *2n
    void set(size_t n);             // RESP3 ~n, RESP2 *n
    void push(size_t n);            // RESP3 >n, RESP2 *n
    void attribute(size_t pairs);   // RESP3 |n; the caller writes none of it under RESP2
    void dbl(double d);             // RESP3 ,d, RESP2 bulk; "%.17g", inf/-inf as Redis 7.0
    void boolean(bool b);           // RESP3 #t/#f, RESP2 :1/:0
    void verbatim(std::string_view s, std::string_view format = "txt");  // RESP3 =, RESP2 bulk
    void big_number(std::string_view digits);                            // RESP3 (, RESP2 bulk
    void raw(std::string_view bytes) { out_->append(bytes); }            // already-encoded RESP

private:
    void header(char type, long long n);       // type n CRLF
    void line(char type, std::string_view s);  // type s CRLF

    OutputBuffer* out_;
    int protocol_;
    bool error_written_ = false;
};

}  // namespace cairn::resp
