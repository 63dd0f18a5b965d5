using ChatHub.Adapters.Abstractions.Egress;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>Delivery state by reply id (<see cref="TelegramReplyState"/>), expiring after <see cref="TelegramOptions.ReplyStateTtl"/>.</summary>
internal sealed class TelegramReplyTracker(IOptions<TelegramOptions> options, TimeProvider time)
    : ReplyTracker<TelegramReplyState>(options.Value.ReplyStateTtl, time);
