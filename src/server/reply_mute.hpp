// CLIENT REPLY OFF / SKIP: while a muted command runs, its replies go to a buffer that is
// thrown away. Inside EXEC (nested) only OFF applies: SKIP counts whole commands as the client
// sent them.
#pragma once

#include <cstdint>

#include "clients/client.hpp"
#include "resp/output_buffer.hpp"

namespace cairn {

class ReplyMute {
public:
    explicit ReplyMute(Client& c, bool nested = false) : client_(c), nested_(nested) {
        uint32_t mute_flags = nested ? kReplyOff : (kReplyOff | kReplySkip);
        if (c.flags & mute_flags) {
            muted_ = true;
            c.reply().redirect(discarded());
        }
    }
    ~ReplyMute() {
        if (muted_) {
            client_.reply().redirect(client_.output());
            discarded().clear();
        }
        if (nested_) return;
        // Redis's commandProcessed: SKIP covers one command; SKIP given now covers the next.
        client_.flags &= ~static_cast<uint32_t>(kReplySkip);
        if (client_.flags & kReplySkipNext) {
            client_.flags |= kReplySkip;
            client_.flags &= ~static_cast<uint32_t>(kReplySkipNext);
        }
    }
    ReplyMute(const ReplyMute&) = delete;
    ReplyMute& operator=(const ReplyMute&) = delete;

private:
    static resp::OutputBuffer& discarded() {
        thread_local resp::OutputBuffer sink;
        return sink;
    }
    Client& client_;
    bool nested_;
    bool muted_ = false;
};

}  // namespace cairn
