// Drives one connected client: read -> parse -> execute -> write, on the command thread.
#pragma once

#include <memory>

#include "clients/client.hpp"
#include "net/connection.hpp"

namespace cairn {

class Server;

class ClientSession final : public net::ConnectionHandler,
                            public OutputWaker,  // Pub/Sub: request_flush()
                            public std::enable_shared_from_this<ClientSession> {
public:
    ClientSession(Server& server, std::unique_ptr<net::Connection> conn);

    Client& client() { return client_; }
    // A shared_ptr to the Client that keeps the whole session alive (aliasing constructor).
    std::shared_ptr<Client> client_ptr() { return {shared_from_this(), &client_}; }

    void start() { arm_read(); }
    // CLIENT PAUSE ended: run the commands that were waiting.
    void resume();

    void on_read(const net::IoResult& r, const char* data) override;
    void on_writable(bool ok) override;

    // Writes what the socket takes now; waits for writability for the rest.
    // Returns false if the client was freed.
    bool flush();
    // Pub/Sub: another client's command appended output; flush it once that command is done.
    void request_flush() override;
    void request_resume() override;
    void release_idle_read_buffer() override;

private:
    void arm_read();
    bool read_more();
    // Parses and runs what the query buffer holds; false once the client was freed.
    bool process_input();
    void prefetch_pipeline_keys();
    void close_for_query_limit();

    Server& server_;
    Client client_;
    // Read mode. A client whose input overflows the connection's small peek buffer reads
    // straight into its query buffer ("hot", no copy, one read per batch). Once it has been
    // idle for a while the cron cancels that read (`cooling`) and the buffer goes back to the
    // pool, so an idle client holds none.
    bool hot_read_ = false;
    bool cooling_ = false;
    bool waiting_writable_ = false;
    bool flush_posted_ = false;  // a request_flush() is queued
};

}  // namespace cairn
