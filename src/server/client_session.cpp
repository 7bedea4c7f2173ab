#include "server/client_session.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include "clients/output_writer.hpp"
#include "clients/query_buffer.hpp"
#include "db/database.hpp"
#include "resp/pipeline_scan.hpp"
#include "server/log.hpp"
#include "server/runtime.hpp"  // post
#include "server/server.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {
// Upper bound of bytes read for one client per readiness event, so that one fast sender
// cannot starve the others (Redis reads 16 KiB per event; we allow a few reads).
constexpr size_t kMaxReadPerEvent = 4 * QueryBuffer::kReadSize;
}  // namespace

ClientSession::ClientSession(Server& server, std::unique_ptr<net::Connection> conn)
    : server_(server), client_(server.next_client_id(), std::move(conn), server.now_ms()) {
    // Like Redis: authenticated from the start only while the default user has no password.
    client_.authenticated = server.config().requirepass.empty();
    client_.waker = this;  // Pub/Sub: PUBLISH wakes this session's writer
    // A reply that grows past the client's hard limit stops there (Redis checks the limits on
    // every append to the reply list, not only after the command).
    client_.output().set_growth_hook(
        [](void* session) {
            auto* self = static_cast<ClientSession*>(session);
            self->server_.check_output_limits(self->client_);
        },
        this);
}

void ClientSession::arm_read() {
    if (!hot_read_) {
        client_.connection()->start_read(shared_from_this());
        return;
    }
    QueryBuffer& q = client_.query();
    char* dst = q.prepare(std::max(QueryBuffer::kReadSize, client_.parser().bytes_wanted()));
    q.set_pinned(true);  // the read writes into q until on_read runs
    client_.connection()->start_read(shared_from_this(), dst, q.writable());
}

void ClientSession::release_idle_read_buffer() {
    if (!hot_read_ || cooling_ || !client_.connection()) return;
    cooling_ = true;
    client_.connection()->cancel();
}

void ClientSession::on_read(const net::IoResult& r, const char* data) {
    client_.query().set_pinned(false);
    if (client_.closed) return;
    if (!r.cancelled) server_.stats().total_reads_processed++;
    if (r.cancelled && cooling_) {
        // The cron took this idle client out of hot mode: give the buffer back, wait small.
        cooling_ = false;
        hot_read_ = false;
        if (client_.query().empty()) client_.query().release();
        arm_read();
        return;
    }
    // A read that completed before its cancellation could (io_uring): the client is not idle
    // after all, and a later cron may try again.
    cooling_ = false;
    if (r.status == net::IoStatus::Eof) {
        server_.free_client(client_, "Client closed connection");
        return;
    }
    if (r.status != net::IoStatus::Ok) {
        std::string why = "Error reading from client: " + r.error;
        server_.free_client(client_, why.c_str());
        return;
    }
    QueryBuffer& q = client_.query();
    bool filled;
    if (hot_read_) {
        filled = r.bytes == q.writable();
        q.commit(r.bytes);  // read in place
    } else {
        std::memcpy(q.prepare(r.bytes), data, r.bytes);
        q.commit(r.bytes);
        filled = r.bytes == net::Connection::kPeekSize;
        hot_read_ = filled;  // more than a peek's worth: read in place from now on
    }
    server_.stats().net_input_bytes += r.bytes;
    // A filled buffer means more may be waiting: read on without another readiness round trip.
    if (filled && !read_more()) return;
    server_.update_time();
    client_.last_interaction_ms = server_.now_ms();
    server_.clients().touch(client_);
    server_.track_buffer_peaks(q.capacity(), 0);

    if (!process_input()) return;
    if (!flush()) return;
    if (!(client_.flags & kCloseAfterReply)) arm_read();
}

void ClientSession::resume() {
    client_.flags &= ~static_cast<uint32_t>(kPostponed);
    if (client_.closed || (client_.flags & kBlocked)) return;
    server_.update_time();
    if (!process_input()) return;
    flush();
}

bool ClientSession::read_more() {
    QueryBuffer& q = client_.query();
    size_t budget = kMaxReadPerEvent;
    while (budget > 0) {
        size_t want = std::max(QueryBuffer::kReadSize, client_.parser().bytes_wanted());
        char* dst = q.prepare(std::min(want, budget));
        size_t room = std::min(q.writable(), budget);
        net::IoResult r = client_.connection()->read_some(dst, room);
        if (r.status == net::IoStatus::WouldBlock) return true;
        if (r.status == net::IoStatus::Eof) {
            server_.free_client(client_, "Client closed connection");
            return false;
        }
        if (r.status != net::IoStatus::Ok) {
            std::string why = "Error reading from client: " + r.error;
            server_.free_client(client_, why.c_str());
            return false;
        }
        q.commit(r.bytes);
        server_.stats().net_input_bytes += r.bytes;
        budget -= r.bytes;
        if (r.bytes < room) return true;  // short read: the socket is drained
    }
    return true;
}

bool ClientSession::process_input() {
    QueryBuffer& q = client_.query();
    resp::RequestParser& parser = client_.parser();
    std::vector<std::string_view>& argv = client_.argv();
    resp::ParserLimits limits;
    limits.proto_max_bulk_len = server_.config().proto_max_bulk_len;
    size_t until_prefetch = 0;
    while (!q.empty() && !client_.closed &&
           !(client_.flags & (kCloseAfterReply | kCloseAsap | kPostponed | kBlocked))) {
        if (until_prefetch == 0) {
            prefetch_pipeline_keys();
            until_prefetch = db::Database::kPrefetchBatch;
        }
        until_prefetch--;
        limits.authenticated = client_.authenticated;  // AUTH may come mid-pipeline
        size_t consumed = 0;
        resp::ParseStatus st = parser.parse(q.data(), q.size(), consumed, argv, limits);
        if (st == resp::ParseStatus::Incomplete) {
            if (q.size() > static_cast<size_t>(server_.config().client_query_buffer_limit)) {
                close_for_query_limit();
                return false;
            }
            break;
        }
        if (st == resp::ParseStatus::Error) {
            // Redis replies the protocol error, then closes the connection after the reply.
            client_.reply().error("ERR " + parser.error());
            server_.stats().record_error("ERR");
            log(LogLevel::Verbose, "Protocol error (%s) from client: id=%llu addr=%s",
                parser.error().c_str(), static_cast<unsigned long long>(client_.id()),
                client_.connection()->peer_address().c_str());
            client_.flags |= kCloseAfterReply;
            parser.reset();
            q.release();
            break;
        }
        if (!argv.empty() && !server_.execute(client_, argv)) {
            // CLIENT PAUSE: keep the command where it is and run it when the pause ends.
            argv.clear();
            parser.reset();
            server_.postpone(shared_from_this());
            break;
        }
        argv.clear();
        q.consume(consumed);
    }
    if (q.empty()) {
        // Nothing left to parse: the client may now stay idle, so it keeps no parse memory
        // beyond room for a few arguments (as the parser: see release_memory).
        if (argv.capacity() > resp::RequestParser::kKeptArgs) {
            std::vector<std::string_view>().swap(argv);
        }
        parser.release_memory();
    }
    if (client_.closed) return false;
    if (client_.flags & kCloseAsap) {
        server_.free_client(client_, "Closing client over its output buffer limit");
        return false;
    }
    return true;
}

// The keys of the next commands in the buffer: their hash buckets come into the cache
// together, before the first of those commands runs (one command alone gains nothing).
void ClientSession::prefetch_pipeline_keys() {
    const QueryBuffer& q = client_.query();
    std::array<std::string_view, db::Database::kPrefetchBatch> keys;
    size_t n = resp::scan_pipeline_keys(q.data(), q.size(), keys.data(), keys.size());
    if (n >= 2) server_.db(client_.db_index).prefetch_keys(keys.data(), n);
}

void ClientSession::close_for_query_limit() {
    QueryBuffer& q = client_.query();
    std::string head = util::repr(std::string_view(q.data(), std::min<size_t>(q.size(), 64)));
    log(LogLevel::Warning,
        "Closing client that reached max query buffer length: id=%llu addr=%s (qbuf initial "
        "bytes: %s)",
        static_cast<unsigned long long>(client_.id()), client_.connection()->peer_address().c_str(),
        head.c_str());
    server_.stats().client_query_buffer_limit_disconnections++;
    server_.free_client(client_, "Query buffer limit");
}

bool ClientSession::flush() {
    if (client_.flags & kCloseAsap) {
        server_.free_client(client_, "Closing client over its output buffer limit");
        return false;
    }
    server_.before_reply_write();
    server_.clients().touch(client_);  // output to write: the cron watches its limits again
    resp::OutputBuffer& out = client_.output();
    net::Connection* conn = client_.connection();
    if (!out.empty()) server_.stats().total_writes_processed++;
    WriteOutcome w = write_pending(*conn, out);
    server_.stats().net_output_bytes += w.written;
    // A reply written counts as interaction (writeToClient): a client served after a long
    // blocking wait is not idle.
    if (w.written > 0) client_.last_interaction_ms = server_.now_ms();
    if (w.last.status == net::IoStatus::WouldBlock) {
        server_.track_buffer_peaks(0, out.list_memory());
        if (!waiting_writable_) {
            waiting_writable_ = true;
            conn->wait_writable(shared_from_this());
        }
        return true;
    }
    if (w.last.status != net::IoStatus::Ok) {
        std::string why = "Error writing to client: " + w.last.error;
        server_.free_client(client_, why.c_str());
        return false;
    }
    if (client_.flags & kCloseAfterReply) {
        server_.free_client(client_, "Client closed after reply");
        return false;
    }
    return true;
}

// Pub/Sub: runs flush() after the current command (as Redis writes in beforeSleep), once for
// any number of requests. A session already waiting for writability flushes when the socket
// takes more, unless the client must now be closed (over its output-buffer limit).
void ClientSession::request_resume() {
    if (client_.closed) return;
    server_.runtime().post([self = shared_from_this()] { self->resume(); });
}

void ClientSession::request_flush() {
    if (flush_posted_ || client_.closed) return;
    if (waiting_writable_ && !(client_.flags & kCloseAsap)) return;
    flush_posted_ = true;
    server_.runtime().post([self = shared_from_this()] {
        self->flush_posted_ = false;
        if (!self->client_.closed) self->flush();
    });
}

void ClientSession::on_writable(bool ok) {
    waiting_writable_ = false;
    if (client_.closed) return;
    if (!ok) {
        server_.free_client(client_, "Error writing to client");
        return;
    }
    flush();
}

}  // namespace cairn
